"""The daemon's own records: leases (one owner per mailbox, one sender of store-wide
jobs, a heartbeat per replica) and service events.

A lease is taken with one conditional UPDATE (or an INSERT when the row is new), so
two processes on one store — SQLite or PostgreSQL — can never both hold it: the
database serialises the writes and only one sees its row change. The holder renews
it well inside `ttl`; a holder that died loses it when it expires. `now` is an
argument, as everywhere below the daemon.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import case, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.store.models import Lease, ServiceEvent, as_utc

SENDER = "sender"  # store-wide jobs (digest, lead re-checks, pruning); `run --once`
MAILBOX = "mailbox:"  # + a mailbox's name: the replica that syncs, watches and sends it
REPLICA = "replica:"  # + a holder: that replica's heartbeat (who is alive, for fair shares)


def new_holder() -> str:
    """This process, recognisably: host, pid, and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeaseInfo(NamedTuple):
    name: str
    holder: str
    acquired_at: datetime
    renewed_at: datetime
    expires_at: datetime


def take_lease(
    sessions: sessionmaker[Session], name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Take or renew `name` for `holder` until now + ttl. False: someone else holds it."""
    until = now + ttl
    with sessions.begin() as session:
        changed = session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
            .values(
                # a renewal keeps its start; a takeover (the holder died) starts anew
                acquired_at=case((Lease.holder == holder, Lease.acquired_at), else_=now),
                holder=holder, renewed_at=now, expires_at=until,
            )
            .execution_options(synchronize_session=False)
        ).rowcount  # fmt: skip
        if changed:
            return True
    try:
        with sessions.begin() as session:
            session.execute(insert(Lease).values(name=name, holder=holder, acquired_at=now,
                                                 renewed_at=now, expires_at=until))  # fmt: skip
        return True
    except IntegrityError:  # another process inserted it first
        return False


def release_lease(sessions: sessionmaker[Session], name: str, holder: str) -> None:
    with sessions.begin() as session:
        session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))


def lease(session: Session, name: str) -> LeaseInfo | None:
    row = session.get(Lease, name)
    return None if row is None else _info(row)


def leases(session: Session, prefix: str) -> list[LeaseInfo]:
    """Every lease whose name starts with `prefix` (live or expired), by name."""
    query = select(Lease).where(Lease.name.startswith(prefix, autoescape=True))
    return [_info(row) for row in session.scalars(query.order_by(Lease.name))]


def drop_expired(sessions: sessionmaker[Session], prefix: str, before: datetime) -> None:
    """Forget leases under `prefix` that expired before `before` (dead replicas)."""
    with sessions.begin() as session:
        session.execute(delete(Lease).where(Lease.name.startswith(prefix, autoescape=True),
                                            Lease.expires_at < before))  # fmt: skip


def _info(row: Lease) -> LeaseInfo:
    times = [as_utc(t) for t in (row.acquired_at, row.renewed_at, row.expires_at)]
    return LeaseInfo(row.name, row.holder, *times)  # type: ignore[arg-type]


def record(
    session: Session,
    now: datetime,
    kind: str,
    detail: str = "",
    *,
    level: str = "info",
    mailbox: str | None = None,
    holder: str | None = None,
    figures: dict[str, Any] | None = None,
) -> None:
    session.add(ServiceEvent(at=now, kind=kind, level=level, mailbox=mailbox, holder=holder,
                             detail=detail, figures=figures or {}))  # fmt: skip


def events_since(
    session: Session, since: datetime, kinds: tuple[str, ...] = (), levels: tuple[str, ...] = ()
) -> list[ServiceEvent]:
    query = select(ServiceEvent).where(ServiceEvent.at >= since)
    if kinds:
        query = query.where(ServiceEvent.kind.in_(kinds))
    if levels:
        query = query.where(ServiceEvent.level.in_(levels))
    return list(session.scalars(query.order_by(ServiceEvent.at, ServiceEvent.id)))


def last_event(session: Session, kind: str) -> ServiceEvent | None:
    query = select(ServiceEvent).where(ServiceEvent.kind == kind)
    return session.scalars(query.order_by(ServiceEvent.at.desc(), ServiceEvent.id.desc())).first()


def prune_events(session: Session, before: datetime) -> int:
    return session.execute(delete(ServiceEvent).where(ServiceEvent.at < before)).rowcount
