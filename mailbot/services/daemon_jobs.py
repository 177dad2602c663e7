"""The daemon's periodic jobs: one `JobSpec` each in `PERIODIC`, and their bodies.

A job body gets the daemon and `now`; the daemon guards it (an error is one log line,
an `error` event and a longer wait). Adding a periodic job is adding a line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config
from mailbot.domain.daemon_timing import lease_renewal
from mailbot.services.verification import check_due
from mailbot.store.service import prune_events

if TYPE_CHECKING:
    from mailbot.services.daemon import Daemon

log = structlog.get_logger("mailbot.daemon")
EVENTS_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class JobSpec:
    """One periodic job: how often (from the config in force), what, and whether on."""

    name: str
    every: Callable[[Config], timedelta]
    run: Callable[[Daemon, datetime], None]
    enabled: Callable[[Config], bool] = lambda config: True
    needs_lease: bool = True  # jobs that write to the store run only in the active daemon


def cycle_all(daemon: Daemon, now: datetime) -> None:
    for mailbox in daemon.mailboxes():
        daemon.run_cycle(mailbox.name)


def reverify(daemon: Daemon, now: datetime) -> None:
    with daemon.sessions.begin() as session:
        run = check_due(session, daemon.config, now)
    if run.verdicts:
        log.info("leads_checked", checked=len(run.verdicts), counts=dict(run.counts))


def prune(daemon: Daemon, now: datetime) -> None:
    with daemon.sessions.begin() as session:
        pruned = prune_events(session, now - EVENTS_KEPT)
    log.info("events_pruned", pruned=pruned)


# The periodic jobs. One more is one more line here, e.g. the daily digest:
#   JobSpec("digest", lambda c: timedelta(minutes=15),
#           lambda d, now: send_digest(d.config, d.sessions, now)
#           if digest_due(d.config, d.sessions, now) else None)
PERIODIC: list[JobSpec] = [
    JobSpec("cycle", lambda c: timedelta(minutes=c.daemon.cycle_minutes), cycle_all),
    JobSpec(
        "reverify",
        lambda c: timedelta(hours=c.daemon.reverify_hours),
        reverify,
        enabled=lambda c: c.verification.auto,
    ),
    JobSpec("prune", lambda c: timedelta(days=1), prune),
    JobSpec(
        "lease",
        lambda c: lease_renewal(timedelta(seconds=c.daemon.lease_seconds)),
        lambda d, now: d.renew_lease(now),
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


def status_server(config: Config, sessions: sessionmaker[Session]) -> Any | None:
    """The HTTP /healthz + /metrics server when `[http]` is configured (its own module
    builds it; it has start() and stop()). None until that lands."""
    return None
