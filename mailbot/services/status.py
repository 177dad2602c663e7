"""How the installation is doing, from the store alone: `mailbot status`, /healthz, /metrics.

`read_status` gathers the facts (last sync per folder, the outbox by status, sends
against the cap, unknown outcomes, recent errors, the "sender" lease, which replica
owns which mailbox, and the last cycle); `health` judges them. Both take `now`:
nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.renumbering import remap_sentence
from mailbot.services.calendars import Calendars
from mailbot.services.outbox import (
    APPROVAL,
    CANCELLED,
    FAILED,
    PLANNED,
    REJECTED,
    SENDING,
    SENT,
    UNKNOWN,
)
from mailbot.services.renumbering import breaker_open
from mailbot.store.models import Folder, OutboxMail, ServiceEvent, as_utc
from mailbot.store.service import MAILBOX, REPLICA, SENDER, events_since, last_event, lease, leases

STATUSES = (PLANNED, APPROVAL, SENDING, UNKNOWN, FAILED, SENT, REJECTED, CANCELLED)
SHOWN_ERRORS = 5  # the newest few; the count says how many there were
SHOWN_UNKNOWN = 10


@dataclass(frozen=True)
class FolderSync:
    mailbox: str
    folder: str
    role: str
    synced_at: datetime | None
    age_seconds: float | None  # None: never synced
    held: str | None = None  # the mailbox's sync breaker is open, or this folder is re-mapped


@dataclass(frozen=True)
class Sends:
    mailbox: str
    today: int  # since midnight in the seller's time zone
    last_24h: int
    cap: int  # [sending].daily_cap, per mailbox per 24 hours


@dataclass(frozen=True)
class Unknown:
    id: int
    mailbox: str
    recipient: str
    subject: str
    since: datetime


@dataclass(frozen=True)
class Error:
    at: datetime
    mailbox: str | None
    detail: str


@dataclass(frozen=True)
class Owner:
    mailbox: str
    holder: str | None  # None: no replica has ever taken it, or it was handed back
    since: datetime | None
    expires_at: datetime | None
    live: bool  # False: its owner stopped renewing; a replica takes it over soon


@dataclass(frozen=True)
class Daemon:
    running: bool  # a "sender" lease that has not expired
    holder: str | None
    since: datetime | None
    renewed_at: datetime | None
    expires_at: datetime | None
    last_cycle_at: datetime | None
    last_cycle: dict[str, Any]  # the cycle's figures: proposed, sent, skipped…


@dataclass(frozen=True)
class Status:
    now: datetime
    folders: list[FolderSync]
    outbox: dict[str, int]
    sends: list[Sends]
    unknown: list[Unknown]
    unknown_count: int
    errors: list[Error]  # newest first, at most SHOWN_ERRORS
    errors_24h: int
    daemon: Daemon
    owners: list[Owner]  # one per configured mailbox
    replicas: list[str]  # the holders of live heartbeats

    def to_json(self) -> dict[str, Any]:
        return _plain(asdict(self))


def read_status(session: Session, config: Config, now: datetime) -> Status:
    now = now.astimezone(UTC)
    errors = events_since(session, now - timedelta(days=1), levels=("error",))
    unknown = _unknown(session)
    return Status(
        now=now,
        folders=_folders(session, config, now),
        outbox=_outbox(session),
        sends=_sends(session, config, now),
        unknown=unknown[:SHOWN_UNKNOWN],
        unknown_count=len(unknown),
        errors=[Error(as_utc(e.at), e.mailbox, e.detail) for e in reversed(errors)][:SHOWN_ERRORS],
        errors_24h=len(errors),
        daemon=_daemon(session, now),
        owners=_owners(session, config, now),
        replicas=[x.holder for x in leases(session, REPLICA) if x.expires_at > now],
    )


def health(status: Status, stale_after: timedelta, holder: str | None = None) -> str | None:
    """None when the daemon is healthy; else why not, in one sentence."""
    d = status.daemon
    if not d.running:
        return "the daemon is not running (no live sender lease)"
    owns = any(o.holder == holder and o.live for o in status.owners)
    if holder is not None and d.holder != holder and not owns:
        return f"the sender lease is held by {d.holder}, not by {holder}, which owns no mailbox"
    if d.last_cycle_at is None:
        return "no cycle has run yet"
    if status.now - d.last_cycle_at > stale_after:
        return f"the last cycle ran at {d.last_cycle_at:%Y-%m-%d %H:%M} UTC"
    return None


def _folders(session: Session, config: Config, now: datetime) -> list[FolderSync]:
    rows = {(f.mailbox, f.name): f for f in session.scalars(select(Folder))}
    out = [
        FolderSync(f.mailbox, f.name, f.role, at, (now - at).total_seconds() if at else None,
                   _folder_hold(session, config, f))
        for f in rows.values()
        for at in [as_utc(f.synced_at) if f.synced_at else None]
    ]  # fmt: skip
    # a configured mailbox that never synced is shown too: that is news
    out += [FolderSync(m.name, "INBOX", "inbox", None, None) for m in config.mailboxes
            if not any(f.mailbox == m.name for f in out)]  # fmt: skip
    return sorted(out, key=lambda f: (f.mailbox, f.role != "inbox", f.folder))


def _folder_hold(session: Session, config: Config, folder: Folder) -> str | None:
    if folder.breaker_tripped_at is not None:
        return breaker_open(session, config, folder.mailbox)
    if folder.remap_started_at is not None:
        return remap_sentence(folder.name, folder.remap_started_at)
    return None


def _outbox(session: Session) -> dict[str, int]:
    query = select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
    counts = {status: 0 for status in STATUSES}
    counts.update({status: n for status, n in session.execute(query)})
    return counts


def _sends(session: Session, config: Config, now: datetime) -> list[Sends]:
    zone = Calendars(config).seller().zone
    midnight = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    day_start, window_start = midnight.astimezone(UTC), now - timedelta(days=1)
    query = select(OutboxMail.mailbox, OutboxMail.sent_at).where(
        OutboxMail.status == SENT, OutboxMail.sent_at > min(day_start, window_start)
    )
    sent = [(box, as_utc(at)) for box, at in session.execute(query) if at is not None]
    names = sorted({m.name for m in config.mailboxes} | {box for box, _ in sent})
    cap = config.sending.daily_cap
    return [
        Sends(name,
              sum(1 for box, at in sent if box == name and day_start <= at <= now),
              sum(1 for box, at in sent if box == name and window_start < at <= now), cap)
        for name in names
    ]  # fmt: skip


def _unknown(session: Session) -> list[Unknown]:
    query = select(OutboxMail).where(OutboxMail.status == UNKNOWN).order_by(OutboxMail.id)
    return [Unknown(r.id, r.mailbox, r.recipient, r.subject, as_utc(r.updated_at))
            for r in session.scalars(query)]  # fmt: skip


def _daemon(session: Session, now: datetime) -> Daemon:
    held = lease(session, SENDER)
    cycle: ServiceEvent | None = last_event(session, "cycle")
    return Daemon(
        running=held is not None and held.expires_at > now,
        holder=held.holder if held else None,
        since=held.acquired_at if held else None,
        renewed_at=held.renewed_at if held else None,
        expires_at=held.expires_at if held else None,
        last_cycle_at=as_utc(cycle.at) if cycle else None,
        last_cycle=dict(cycle.figures or {}) if cycle else {},
    )


def _owners(session: Session, config: Config, now: datetime) -> list[Owner]:
    held = {x.name.removeprefix(MAILBOX): x for x in leases(session, MAILBOX)}
    return [
        Owner(m.name, x.holder, x.acquired_at, x.expires_at, x.expires_at > now) if x else
        Owner(m.name, None, None, None, False)
        for m in config.mailboxes
        for x in [held.get(m.name)]
    ]  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
