"""The daemon's guard around jobs: an error is an event and a longer wait (real SQLite)."""

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mailbot.errors import MailboxError, TemporaryMailboxError
from mailbot.services.daemon import Daemon
from mailbot.store.db import open_engine, session_factory
from mailbot.store.service import events_since
from tests.stores import db_url

T = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
CONFIG = """
[daemon]
retry_max_minutes = 4
[[mailboxes]]
name = "sales"
address = "sales@gmuv-lighting.cn"
[mailboxes.imap]
host = "127.0.0.1"
username = "sales"
security = "none"
"""


@pytest.fixture
def daemon(tmp_path: Path):
    path = tmp_path / "mailbot.toml"
    path.write_text(CONFIG)
    sessions = session_factory(open_engine(db_url(tmp_path / "mailbot.db")))
    clock = {"now": T}
    made = Daemon(path, sessions, clock=lambda: clock["now"])
    yield made, clock
    shutil.rmtree(made.workdir)  # serve() removes it; these tests never start serving


def test_a_failing_job_waits_longer_each_time_and_recovers(daemon):
    """Retried at its next tick, then after doubling waits up to the cap; success resets."""
    d, clock = daemon
    runs: list[datetime] = []

    def job(now: datetime) -> None:
        runs.append(now)
        raise MailboxError("IMAP login to mail.example.com refused", "check the password")

    tries = [T + k * MINUTE for k in range(12)]  # the job's ticks, a minute apart
    for at in tries:
        clock["now"] = at
        d.guard.run("cycle:sales", MINUTE, job, "sales")
    # retried at the next tick, then after 2, 4, then the cap of 4 minutes
    assert [(r - T) // MINUTE for r in runs] == [0, 1, 3, 7, 11]
    with d.sessions() as s:
        errors = events_since(s, T, kinds=("error",))
    # five failures, the same words, within the hour: one event (the log has all five)
    said = "IMAP login to mail.example.com refused (check the password)"
    assert [e.detail for e in errors] == [f"cycle:sales for mailbox sales failed: {said}"]
    assert errors[0].mailbox == "sales"
    clock["now"] = T + 15 * MINUTE
    d.guard.run("cycle:sales", MINUTE, lambda now: None, "sales")  # it works again
    assert "cycle:sales" not in d.guard.failures and "cycle:sales" not in d.guard.not_before
    with d.sessions() as s:
        [back] = events_since(s, T, kinds=("recovered",))
    assert back.detail == ("cycle:sales for mailbox sales works again after 5 failed tries "
                           "since 2026-11-24 09:00 UTC")  # fmt: skip
    assert back.level == "info" and back.at.replace(tzinfo=UTC) == T + 15 * MINUTE


def test_a_long_outage_is_recorded_again_each_hour_and_when_it_changes(daemon):
    """Polled every minute for two hours: the first failure, a changed error, and the
    unchanged one again once an hour, each saying how long it has lasted."""
    d, clock = daemon
    lost = "IMAP connection to 127.0.0.1 lost while checking INBOX"
    for k in range(121):
        clock["now"] = T + k * MINUTE
        text = "cannot reach IMAP server 127.0.0.1: refused" if k == 30 else lost
        d.guard.run("watch:sales", MINUTE, lambda now, t=text: _fail(t), "sales", lost=MINUTE)
    with d.sessions() as s:
        errors = events_since(s, T, kinds=("error",))
    minutes = [(e.at.replace(tzinfo=UTC) - T) // MINUTE for e in errors]
    texts = [e.detail for e in errors]
    # minute 0: new; 30: new words; 31: the old words are new again; 91: an hour on
    assert minutes == [0, 30, 31, 91], texts
    assert texts[0].endswith(lost) and "refused" in texts[1]
    assert texts[3].endswith(f"{lost} (92 failed tries since 2026-11-24 09:00 UTC)")


def _fail(text: str) -> None:
    raise TemporaryMailboxError(text)


def test_new_mail_runs_the_cycle_even_while_it_backs_off(daemon):
    """A forced run (the watcher saw mail) ignores the wait; a bug is named by its type."""
    d, clock = daemon
    for minute in (0, 1):
        clock["now"] = T + minute * MINUTE
        d.guard.run("cycle:sales", MINUTE, lambda now: 1 / 0, "sales")
    clock["now"] = T + 2 * MINUTE
    ran: list[datetime] = []
    d.guard.run("cycle:sales", MINUTE, ran.append, "sales")  # waiting: skipped
    d.guard.run("cycle:sales", MINUTE, ran.append, "sales", force=True)  # new mail: runs
    assert ran == [T + 2 * MINUTE]
    with d.sessions() as s:
        first = events_since(s, T, kinds=("error",))[0]
    assert first.detail.endswith("sales failed: ZeroDivisionError: division by zero")


def test_a_lost_connection_is_retried_after_one_poll_not_a_growing_wait(daemon):
    """A dropped or refused connection is the network's fault, not the account's: each
    retry comes one `lost` interval later, however often it failed; a refused login
    still backs off."""
    d, clock = daemon
    runs: list[datetime] = []

    def job(now: datetime) -> None:
        runs.append(now)
        raise TemporaryMailboxError("IMAP connection to 127.0.0.1 lost while checking INBOX")

    for k in range(6):
        clock["now"] = T + k * MINUTE
        d.guard.run("cycle:sales", MINUTE, job, "sales", lost=MINUTE)
    assert [(r - T) // MINUTE for r in runs] == [0, 1, 2, 3, 4, 5]

    def refused(now: datetime) -> None:
        runs.append(now)
        raise MailboxError("IMAP login to mail.example.com refused", "check the password")

    runs.clear()
    for k in range(6, 12):
        clock["now"] = T + k * MINUTE
        d.guard.run("cycle:sales", MINUTE, refused, "sales", lost=MINUTE)
    assert len(runs) < 6  # backing off again
