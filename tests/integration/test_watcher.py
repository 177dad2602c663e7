"""The INBOX watcher (mailbot/services/watcher.py) on the rig's Dovecot: IDLE and polling."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

import pytest

from mailbot.config import ImapAccount
from mailbot.errors import MailboxError, TemporaryMailboxError
from mailbot.services.watcher import Watcher
from tests.mailgen import mail
from tests.rig.proxy import TcpProxy

pytestmark = pytest.mark.integration


def watch(user, **kw) -> tuple[Watcher, list[float], threading.Event, threading.Thread]:
    os.environ["MAILBOT_TEST_WATCH_PW"] = user.password
    account = ImapAccount(host=user.host, port=user.port, username=user.user,
                          security="none", password_env="MAILBOT_TEST_WATCH_PW")  # fmt: skip
    seen: list[float] = []
    stop = threading.Event()
    watcher = Watcher(account, lambda: seen.append(time.monotonic()), stop.is_set,
                      lambda s: stop.wait(s), **kw)  # fmt: skip
    thread = threading.Thread(target=watcher.watch, daemon=True)
    thread.start()
    return watcher, seen, stop, thread


def arrive(user, n: int) -> float:
    when = datetime.now(UTC)
    user.append("INBOX", [(mail(n, "hans@acme-lighting.de", "sales@gmuv-lighting.cn",
                                f"Inquiry {n}", when), when)])  # fmt: skip
    return time.monotonic()


def wait_for(seen: list[float], count: int, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while len(seen) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(seen) >= count, f"{len(seen)} of {count} arrivals noticed"


@pytest.mark.parametrize("idle_failures", [0, 2], ids=["idle", "poll-after-idle-broke"])
def test_new_mail_is_noticed_and_the_watch_survives_idle_renewal(mailbox, idle_failures):
    """IDLE re-issued every 1.5 s still hears mail; after two broken IDLEs it polls."""
    watcher, seen, stop, thread = watch(mailbox, idle_seconds=1.5, poll_seconds=0.3,
                                        idle_failures=idle_failures)  # fmt: skip
    time.sleep(0.5)  # logged in and watching
    first = arrive(mailbox, 1)
    wait_for(seen, 1)
    time.sleep(2.0)  # past a renewal of IDLE
    arrive(mailbox, 2)
    wait_for(seen, 2)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
    assert seen[0] - first < 1.5
    assert len(seen) == 2  # once per arrival, nothing for the renewals


def test_polling_after_idle_broke_gives_idle_another_try(mailbox):
    """After `idle_retry_seconds` of polling the watch ends by itself, ready for one more
    IDLE (one more break would send it back); the next watch catches up, then uses IDLE,
    which hears new mail and, once renewed, counts as working again."""
    watcher, seen, stop, thread = watch(mailbox, idle_seconds=0.6, poll_seconds=0.2,
                                        idle_failures=2, idle_retry_seconds=0.5)  # fmt: skip
    thread.join(5)
    assert not thread.is_alive() and not stop.is_set()  # ended on its own
    assert watcher.idle_failures == 1 and watcher.catch_up and seen == []
    again = threading.Thread(target=watcher.watch, daemon=True)
    again.start()
    wait_for(seen, 1)  # the catch-up
    deadline = time.monotonic() + 5
    while watcher.idle_failures and time.monotonic() < deadline:
        time.sleep(0.05)  # in IDLE until a renewal (checked once a TICK)
    assert watcher.idle_failures == 0
    arrive(mailbox, 1)
    wait_for(seen, 2)
    stop.set()
    again.join(5)
    assert not again.is_alive() and len(seen) == 2


def test_after_a_lost_connection_the_next_watch_catches_up_at_once(mailbox):
    """Mail that arrived while the connection was down announced itself to nobody: the
    first watch after the loss calls on_mail straight away (then watches as usual)."""
    os.environ["MAILBOT_TEST_WATCH_PW"] = mailbox.password
    with TcpProxy(mailbox.port) as wire:
        account = ImapAccount(host=wire.host, port=wire.port, username=mailbox.user,
                              security="none", password_env="MAILBOT_TEST_WATCH_PW")  # fmt: skip
        seen: list[float] = []
        stop, failed = threading.Event(), []
        watcher = Watcher(account, lambda: seen.append(time.monotonic()), stop.is_set,
                          stop.wait, idle_seconds=60, poll_seconds=0.3)  # fmt: skip

        def watch() -> None:
            try:
                watcher.watch()
            except MailboxError as exc:
                failed.append(exc)

        first = threading.Thread(target=watch, daemon=True)
        first.start()
        time.sleep(0.5)  # in IDLE
        assert wire.cut_all() == 1
        first.join(5)
        assert [type(e) for e in failed] == [TemporaryMailboxError] and watcher.lost
        arrive(mailbox, 1)  # nobody is watching
        again = threading.Thread(target=watch, daemon=True)
        again.start()
        wait_for(seen, 1)
        stop.set()
        again.join(5)
    assert not again.is_alive() and len(failed) == 1 and not watcher.lost
