"""The daemon's hold on the "sender" lease (store/service.py): one sender per store.

`renew` takes or renews it; the first renewal after a wait is a takeover, and a
daemon that does not hold it says once per holder who does, since when, and that it
waits (log line and `lease_wait` event). Thread-safe: the renewal job and the send
loop (`may_send`) both renew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session, sessionmaker

from mailbot.domain.daemon_timing import lease_wait_line
from mailbot.store.service import SENDER, lease, new_holder, record, release_lease, take_lease

log = structlog.get_logger("mailbot.daemon")


class SenderLease:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.holder = new_holder()
        self.holding = False
        self._reported: str | None = None  # the holder we last said we wait for
        self._lock = threading.Lock()

    def renew(self, now: datetime, ttl: timedelta, on_takeover: Callable[[], None]) -> bool:
        """Take or renew it until now + ttl; `on_takeover()` when newly taken."""
        with self._lock:
            got = take_lease(self.sessions, SENDER, self.holder, now, ttl)
            taken = got and not self.holding
            if taken:
                self._reported = None
                log.info("lease_taken", holder=self.holder)
            elif not got and self.holding:
                log.warning("lease_lost", holder=self.holder)
            self.holding = got
            if not got:
                self._report_wait(now)
        if taken:
            on_takeover()
        return got

    def release(self) -> None:
        with self._lock:
            if self.holding:
                release_lease(self.sessions, SENDER, self.holder)
                self.holding = False

    def _report_wait(self, now: datetime) -> None:
        with self.sessions() as session:
            info = lease(session, SENDER)
        if info is None or info.holder == self._reported:
            return  # said once per holder, not at every renewal
        self._reported = info.holder
        line = lease_wait_line(info.holder, info.acquired_at, info.expires_at, now)
        log.warning("lease_wait", detail=line)
        with self.sessions.begin() as session:
            record(session, now, "lease_wait", line, level="warning", holder=self.holder)
