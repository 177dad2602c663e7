"""Which mailboxes this replica owns: one lease per mailbox (`mailbox:<name>`).

Every renewal (a third of the lease ttl) the replica
1. beats its heart (lease `replica:<holder>`), so the others count it as alive;
2. renews the mailboxes it owns; one it could not renew is lost (`mailbox_lost`);
3. hands back what it owns beyond its fair share — a mailbox only while its cycle is
   not running (`busy(name)`), so no send of its own is in flight
   (`mailbox_handed_back`);
4. takes unowned mailboxes up to its share (`mailbox_taken`; `on_taken(name)` runs
   that mailbox's cycle at once: what the previous owner left);
5. says once per owner who owns the mailboxes it waits for (`mailbox_wait`).
A dead replica's mailboxes are taken within its lease ttl plus one renewal.
Only the owner syncs, watches and sends a mailbox; `renew_one` renews right before
each send. Thread-safe: the renewal job and the send loop both renew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session, sessionmaker

from mailbot.domain.shares import moves
from mailbot.store.service import (
    MAILBOX,
    REPLICA,
    drop_expired,
    leases,
    record,
    release_lease,
    take_lease,
)

log = structlog.get_logger("mailbot.daemon")


class Ownership:
    def __init__(
        self, sessions: sessionmaker[Session], holder: str, names: Callable[[], list[str]]
    ) -> None:
        self.sessions, self.holder, self.names = sessions, holder, names
        self.owned: set[str] = set()
        self._reported: dict[str, str] = {}  # mailbox → the owner we last said we wait for
        self._lock = threading.Lock()
        self._busy: dict[str, threading.Lock] = {}

    def busy(self, name: str) -> threading.Lock:
        """Held by the mailbox's cycle: it is not handed back meanwhile."""
        with self._lock:
            return self._busy.setdefault(name, threading.Lock())

    def owns(self, name: str) -> bool:
        return name in self.owned

    def renew(self, now: datetime, ttl: timedelta, on_taken: Callable[[str], None]) -> None:
        with self._lock:
            take_lease(self.sessions, REPLICA + self.holder, self.holder, now, ttl)
            for name in sorted(self.owned):
                if not take_lease(self.sessions, MAILBOX + name, self.holder, now, ttl):
                    self._lost(now, name)
            with self.sessions() as session:
                alive = [x for x in leases(session, REPLICA) if x.expires_at > now]
                owners = {x.name.removeprefix(MAILBOX): x.holder
                          for x in leases(session, MAILBOX) if x.expires_at > now}  # fmt: skip
            names = self.names()
            plan = moves(names, owners, self.holder, len(alive))
            gone = sorted(self.owned - set(names))  # removed from the config
            for name in plan.hand_back + gone:
                self._hand_back(now, name, f"beyond its share of {plan.share}"
                                if name in names else "no longer configured")  # fmt: skip
            taken = [name for name in plan.take if self._take(now, name, ttl, len(alive))]
            for name in taken:
                owners[name] = self.holder
            self._report_waits(now, names, owners)
        drop_expired(self.sessions, REPLICA, now - ttl)  # dead replicas, long enough ago
        for name in taken:
            on_taken(name)

    def renew_one(self, name: str, now: datetime, ttl: timedelta) -> bool:
        """Right before a send: still the owner, for another ttl?"""
        with self._lock:
            if name not in self.owned:
                return False
            got = take_lease(self.sessions, MAILBOX + name, self.holder, now, ttl)
            if not got:
                self._lost(now, name)
            return got

    def release_all(self) -> None:
        with self._lock:
            for name in sorted(self.owned):
                release_lease(self.sessions, MAILBOX + name, self.holder)
            self.owned.clear()
            release_lease(self.sessions, REPLICA + self.holder, self.holder)

    def _take(self, now: datetime, name: str, ttl: timedelta, replicas: int) -> bool:
        if not take_lease(self.sessions, MAILBOX + name, self.holder, now, ttl):
            return False  # another replica was quicker
        self.owned.add(name)
        self._reported.pop(name, None)
        detail = f"{self.holder} owns mailbox {name} ({replicas} live replica(s))"
        self._say(now, "mailbox_taken", detail, name)
        return True

    def _lost(self, now: datetime, name: str) -> None:
        self.owned.discard(name)
        detail = f"{self.holder} lost mailbox {name}: its lease was not renewed in time"
        self._say(now, "mailbox_lost", detail, name, level="warning")

    def _hand_back(self, now: datetime, name: str, why: str) -> None:
        busy = self._busy.setdefault(name, threading.Lock())
        if not busy.acquire(blocking=False):
            return  # its cycle runs: at a later renewal
        try:
            release_lease(self.sessions, MAILBOX + name, self.holder)
            self.owned.discard(name)
        finally:
            busy.release()
        self._say(now, "mailbox_handed_back", f"{self.holder} handed back mailbox {name}: {why}",
                  name)  # fmt: skip

    def _report_waits(self, now: datetime, names: list[str], owners: dict[str, str]) -> None:
        for name in names:
            owner = owners.get(name)
            if owner is None or owner == self.holder or self._reported.get(name) == owner:
                continue  # said once per owner, not at every renewal
            self._reported[name] = owner
            self._say(now, "mailbox_wait", f"mailbox {name} is owned by {owner}; waiting, and "
                      "taking it over if its lease expires", name)  # fmt: skip

    def _say(self, now: datetime, kind: str, detail: str, name: str, level: str = "info") -> None:
        getattr(log, level)(kind, mailbox=name, detail=detail)
        with self.sessions.begin() as session:
            record(session, now, kind, detail, level=level, mailbox=name, holder=self.holder)
