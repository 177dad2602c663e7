"""The lead check beside the profile inference, after a sync, an import or a cycle's sync.

Both steps are CPU-bound and independent: the check reads addresses, their mail and
lead checks; the inference writes customers' fields and profile facts. So when enough
addresses are due, their check runs in a second interpreter (leadproc.py) on the other
core while this process infers, and this process saves its verdicts afterwards.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Self

import structlog
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config
from mailbot.services.leadproc import LeadCheckApart
from mailbot.services.verification import CheckRun, check_addresses, log_run, save_verdicts
from mailbot.store.leads import due_addresses

log = structlog.get_logger("mailbot.aftersync")
# Due addresses from which the check gets its own process: their check costs ~0.2 ms of
# CPU each (5,000: ~1 s), the child's start-up ~0.8 s (interpreter, imports, passing the
# verdicts). Below, it saves less than that on a quiet host and costs it on a busy one.
APART_FROM = 5000


class LeadsBeside:
    """The lead check due at `now`: started in a second process when enough addresses
    are due (else run in `finish`, as `check_due` would), saved by `finish`, which the
    caller calls after its own step. Used as a context manager around that step: if
    the step fails, the second process is stopped and nothing is saved."""

    def __init__(
        self, sessions: sessionmaker[Session], config: Config, now: datetime,
        apart_from: int | None = None,
    ) -> None:  # fmt: skip
        self.sessions, self.config, self.now = sessions, config, now
        self.apart: LeadCheckApart | None = None
        with sessions() as session:  # the inference writes neither addresses nor checks
            self.due = due_addresses(session, now)
        engine: Engine = sessions.kw["bind"]
        wanted = APART_FROM if apart_from is None else apart_from
        if self.due and len(self.due) >= wanted and _shared(engine):
            url = engine.url.render_as_string(hide_password=False)
            try:
                self.apart = LeadCheckApart(url, config, self.due)
            except OSError as exc:  # no second process (memory, limits): checked in finish
                log.warning("lead_check_not_apart", error=f"{type(exc).__name__}: {exc}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, failed: type[BaseException] | None, *_rest: object) -> None:
        if failed is not None:
            self.stop()

    def stop(self) -> None:
        if self.apart is not None:
            self.apart.stop()

    def finish(self) -> CheckRun:
        """Save the child's verdicts (all or, if it failed, none), or check now."""
        if self.apart is None:  # as check_due does, with the addresses already read
            if not self.due:
                return CheckRun()
            with self.sessions.begin() as session:
                return check_addresses(session, self.config, self.due, self.now, keep=False)
        run = CheckRun()
        with self.sessions.begin() as session:
            for chunk in self.apart.verdicts():
                save_verdicts(session, self.config, chunk, self.now, run)
        run.queries = self.apart.queries
        run.seconds = time.perf_counter() - self.apart.started
        log_run(run)
        return run


def _shared(engine: Engine) -> bool:
    """Can a second process open this database? (Not an in-memory SQLite.)"""
    return engine.dialect.name != "sqlite" or engine.url.database not in (None, "", ":memory:")
