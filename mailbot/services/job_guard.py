"""The daemon's guard around each job: an error is one log line and an `error` event,
and the job waits longer after each failure in a row (a lost connection: one poll).

A job that keeps failing the same way is recorded again at most once an hour, with
how many tries since when; a `recovered` event says when it works again. The timing
rules are pure, in domain/daemon_timing.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import structlog

from mailbot.domain.daemon_timing import Outage, failure_worth_recording, retry_delay
from mailbot.errors import MailbotError, TemporaryMailboxError

log = structlog.get_logger("mailbot.daemon")
Record = Callable[..., None]  # (now, kind, detail, level=, mailbox=)


@dataclass
class JobGuard:
    clock: Callable[[], datetime]
    record: Record
    stopping: Callable[[], bool]
    retry_cap: Callable[[], timedelta]
    failures: dict[str, int] = field(default_factory=dict)  # in a row, per job key
    not_before: dict[str, datetime] = field(default_factory=dict)
    outages: dict[str, Outage] = field(default_factory=dict)

    def run(
        self, key: str, interval: timedelta, job: Callable[[datetime], None],
        mailbox: str | None = None, force: bool = False, lost: timedelta | None = None,
    ) -> None:  # fmt: skip
        """Run `job(now)`; an error is logged, recorded, and delays the next try: by
        `lost` for a lost connection when given, else by a growing backoff."""
        now = self.clock()
        if self.stopping() or (not force and now < self.not_before.get(key, now)):
            return
        try:
            with structlog.contextvars.bound_contextvars(job=key, mailbox=mailbox):
                job(now)
        except Exception as exc:  # a job's failure never stops the daemon
            failures = self.failures[key] = self.failures.get(key, 0) + 1
            wait = retry_delay(failures, interval, self.retry_cap())
            if lost is not None and isinstance(exc, TemporaryMailboxError):
                wait = lost
            self.not_before[key] = now + wait - interval / 2  # the tick after the wait
            self._failed(now, key, exc, mailbox, wait)
        else:
            self.failures.pop(key, None)
            self.not_before.pop(key, None)
            if (outage := self.outages.pop(key, None)) is not None:
                self.record(now, "recovered", f"{key}{_where(mailbox)} works again after "
                            f"{_tries(outage)}", mailbox=mailbox)  # fmt: skip

    def backoff(self, key: str, interval: timedelta) -> timedelta:
        """How long job `key` waits before its next try (its interval when it did not fail)."""
        return retry_delay(self.failures.get(key, 0), interval, self.retry_cap())

    def _failed(
        self, now: datetime, key: str, exc: Exception, mailbox: str | None, wait: timedelta
    ) -> None:
        what = str(exc) if isinstance(exc, MailbotError) else f"{type(exc).__name__}: {exc}"
        detail = f"{key}{_where(mailbox)} failed: {what}".replace("\n", "; ")
        log.error("job_failed", job=key, mailbox=mailbox, error=what,
                  retry_in_seconds=round(wait.total_seconds()))  # fmt: skip
        if not isinstance(exc, MailbotError):
            log.debug("job_traceback", exc_info=exc)
        before = self.outages.get(key)
        outage = Outage(now, 1, detail, now) if before is None else before.again()
        if failure_worth_recording(before, detail, now):
            outage = replace(outage, recorded=detail, recorded_at=now)
            again = f" ({_tries(outage)})" if outage.tries > 1 else ""
            self.record(now, "error", detail + again, level="error", mailbox=mailbox)
        self.outages[key] = outage


def _where(mailbox: str | None) -> str:
    return f" for mailbox {mailbox}" if mailbox else ""


def _tries(outage: Outage) -> str:
    return f"{outage.tries} failed tries since {outage.since:%Y-%m-%d %H:%M} UTC"
