"""The daemon's periodic jobs: one `JobSpec` each in `PERIODIC`, and their bodies.

A job body gets the daemon and `now`; the daemon guards it (an error is one log line,
an `error` event and a longer wait). Adding a periodic job is adding a line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import structlog
from sqlalchemy.orm import Session, sessionmaker

from mailbot.adapters.httpstatus import StatusServer
from mailbot.config import Config
from mailbot.domain.daemon_timing import lease_renewal
from mailbot.services.digest import digest_due, send_digest
from mailbot.services.verification import check_due
from mailbot.store.service import prune_events

if TYPE_CHECKING:
    from mailbot.services.daemon import Daemon

log = structlog.get_logger("mailbot.daemon")
EVENTS_KEPT = timedelta(days=30)
DIGEST_CHECK = timedelta(minutes=5)  # how soon after its hour the digest goes out


@dataclass(frozen=True)
class JobSpec:
    """One periodic job: how often (from the config in force), what, and whether on."""

    name: str
    every: Callable[[Config], timedelta]
    run: Callable[[Daemon, datetime], None]
    enabled: Callable[[Config], bool] = lambda config: True
    needs_lease: bool = True  # store-wide jobs run only in the replica with the sender lease


def cycle_all(daemon: Daemon, now: datetime) -> None:
    for mailbox in daemon.mailboxes():
        daemon.run_cycle(mailbox.name)


def reverify(daemon: Daemon, now: datetime) -> None:
    with daemon.sessions.begin() as session:
        check_due(session, daemon.config, now)  # logs its own `leads_checked` line


def prune(daemon: Daemon, now: datetime) -> None:
    with daemon.sessions.begin() as session:
        pruned = prune_events(session, now - EVENTS_KEPT)
    log.info("events_pruned", pruned=pruned)


def digest(daemon: Daemon, now: datetime) -> None:
    """The team's digest once its hour has come (send_digest keeps it once a day)."""
    if digest_due(daemon.config, daemon.sessions, now) is None:
        return
    result = send_digest(daemon.config, daemon.sessions, now)
    log.info("digest", day=str(result.day), sent=result.sent, delivered=len(result.delivered),
             failed=list(result.failed), note=result.note)  # fmt: skip


# The periodic jobs. One more is one more line here.
PERIODIC: list[JobSpec] = [
    # each mailbox's cycle runs only in the replica that owns it (see Daemon._cycle)
    JobSpec(
        "cycle", lambda c: timedelta(minutes=c.daemon.cycle_minutes), cycle_all, needs_lease=False
    ),
    JobSpec(
        "reverify",
        lambda c: timedelta(hours=c.daemon.reverify_hours),
        reverify,
        enabled=lambda c: c.verification.auto,
    ),
    JobSpec("prune", lambda c: timedelta(days=1), prune),
    JobSpec("digest", lambda c: DIGEST_CHECK, digest, enabled=lambda c: c.digest.enabled),
    JobSpec(
        "lease",
        lambda c: lease_renewal(timedelta(seconds=c.daemon.lease_seconds)),
        lambda d, now: d.renew_lease(now),  # the sender lease and the mailboxes owned
        needs_lease=False,
    ),
    JobSpec(
        "files",
        lambda c: timedelta(seconds=c.daemon.watch_seconds),
        lambda d, now: d.check_files(),
        enabled=lambda c: c.daemon.watch_files,
        needs_lease=False,
    ),
]


def status_server(
    config: Config, sessions: sessionmaker[Session], clock: Callable[[], datetime], holder: str
) -> StatusServer | None:
    """The HTTP /healthz + /metrics server when `[http] listen` is set; healthy while this
    process holds the sender lease or owns a mailbox, and cycles run."""
    if not config.http.listen:
        return None
    return StatusServer(config, sessions, clock, holder=holder)
