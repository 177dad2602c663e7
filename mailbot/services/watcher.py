"""One mailbox's INBOX watcher: IMAP IDLE, or polling when IDLE is missing or broken.

`watch` runs until `stopping()` says so and calls `on_mail()` whenever the server
announces new mail; the daemon debounces those calls into a cycle. An IMAP error
escapes as a `MailboxError`: the daemon logs it and calls `watch` again later — after
one poll interval when the connection was lost (`lost`), which costs no more than
polling. Mail that arrived while the watch was down announced itself to nobody, so
the first watch after a failure calls `on_catch_up()` at once: the daemon catches up.
A mailbox polling because IDLE broke twice tries IDLE again after an hour of polling.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import structlog

from mailbot.adapters.imap import ImapMailbox
from mailbot.config import ImapAccount
from mailbot.domain.daemon_timing import (
    IDLE_FAILURES_BEFORE_POLLING,
    reissue_idle,
    try_idle_again,
    watch_mode,
)
from mailbot.errors import MailboxError, TemporaryMailboxError

log = structlog.get_logger("mailbot.watcher")
TICK = 1.0  # seconds between looks at `stopping()` while in IDLE


@dataclass
class Watcher:
    account: ImapAccount
    on_mail: Callable[[], None]
    stopping: Callable[[], bool]
    wait: Callable[[float], bool]  # sleep up to n seconds; True when stopping
    idle_seconds: float
    poll_seconds: float
    idle_failures: int = 0  # IDLE broke this often in a row (kept across calls)
    idle_retry_seconds: float = 3600.0  # polling because IDLE broke: try IDLE again after
    # called once listening (IDLE started, or the first poll mark read): mail that came
    # before is not announced, so the caller may want a cycle for it
    on_ready: Callable[[], None] = lambda: None
    # called for the catch-up after a failed watch (nothing may have come): defaults to
    # on_mail; the daemon logs it apart from mail the server announced
    on_catch_up: Callable[[], None] | None = None
    # the next watch catches up first: the last one failed, or polling handed over to IDLE
    catch_up: bool = False
    lost: bool = False  # the last watch ended in a lost or refused connection

    def watch(self) -> None:
        try:
            self._watch()
        except Exception as exc:
            self.catch_up, self.lost = True, isinstance(exc, TemporaryMailboxError)
            raise

    def _watch(self) -> None:
        with ImapMailbox(self.account) as imap:
            mode = watch_mode(imap.supports_idle(), self.idle_failures)
            log.info("watching", mode=mode)
            if self.catch_up:
                self.catch_up = self.lost = False
                (self.on_catch_up or self.on_mail)()
            if mode == "poll":
                self._poll(imap, imap.supports_idle())
                return
            try:
                self._idle(imap)
            except MailboxError:
                self.idle_failures += 1
                raise

    def _idle(self, imap: ImapMailbox) -> None:
        imap.select("INBOX")
        imap.idle_start()
        self.on_ready()
        started = time.monotonic()
        while True:
            if imap.idle_wait(TICK):
                imap.idle_end()
                self.idle_failures = 0
                self.on_mail()
                imap.idle_start()
                started = time.monotonic()
            elif self.stopping():
                imap.idle_end()
                return
            elif reissue_idle(started, time.monotonic(), self.idle_seconds):
                if imap.idle_end():
                    self.on_mail()
                imap.idle_start()
                started = time.monotonic()
                self.idle_failures = 0

    def _poll(self, imap: ImapMailbox, has_idle: bool) -> None:
        mark = imap.inbox_mark()
        self.on_ready()
        started = time.monotonic()
        while not self.wait(self.poll_seconds):
            now = imap.inbox_mark()
            if now != mark:
                mark = now
                self.on_mail()
            polled = time.monotonic() - started
            if try_idle_again(has_idle, self.idle_failures, polled, self.idle_retry_seconds):
                # the caller watches again at once, in IDLE, catching up on the gap
                self.idle_failures = IDLE_FAILURES_BEFORE_POLLING - 1
                self.catch_up = True
                return
