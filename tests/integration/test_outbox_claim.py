"""The per-send claim (`Outbox.begin`) under real races, on SQLite and PostgreSQL.

Two processes whose leases went wrong (a paused replica woke after its lease expired)
may both see the same row `planned`; only one may move it to `sending`.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mailbot.adapters.smtp import Delivery, Outcome
from mailbot.services.outbox import Outbox, Step
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Customer, OutboxMail, SendEvent

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def planned(url: str, keys: list[str]):
    sessions = session_factory(open_engine(url))
    with sessions.begin() as s:
        s.add(Customer(id=1, key="acme.de", kind="company", first_seen=NOW))
    with sessions.begin() as s:
        for key in keys:
            Outbox(s).propose(Step(key=key, kind="followup", customer_id=1, thread_id=None,
                                   stage=1, occasion=None, template="gentle_reminder",
                                   mailbox="sales", recipient="hans@acme.de", due_at=NOW,
                                   reason="due"), NOW)  # fmt: skip
    return sessions


def test_the_second_claim_waits_for_the_first_and_loses(store_url):
    """The first claim is not committed yet when the second one starts: the second
    waits on the row (lock or write lock), then sees it `sending` and changes nothing."""
    sessions = planned(store_url, ["followup/t1/s1/<a@x>"])
    first, second = sessions(), sessions()
    row_a = first.scalar(select(OutboxMail))
    row_b = second.scalar(select(OutboxMail))
    assert row_a.status == row_b.status == "planned"  # both read it before either claimed
    assert Outbox(first).begin(row_a, NOW) is True  # not committed yet
    with ThreadPoolExecutor(1) as pool:
        late = pool.submit(Outbox(second).begin, row_b, NOW + timedelta(seconds=1))
        with pytest.raises(TimeoutError):
            late.result(timeout=0.5)  # blocked behind the open claim
        first.commit()
        assert late.result(timeout=10) is False
    second.rollback()
    first.close(), second.close()
    with sessions() as s:
        row = s.scalar(select(OutboxMail))
        assert (row.status, row.attempts, row.updated_at) == ("sending", 1, NOW)


def test_of_four_racing_claims_exactly_one_wins(store_url):
    """Four threads, each its own session, start their claims together; per row one wins."""
    keys = [f"followup/t{n}/s1/<a@x>" for n in range(5)]
    sessions = planned(store_url, keys)
    racers = 4
    start = threading.Barrier(racers)

    def claim(key: str) -> bool:
        with sessions() as s:
            row = s.scalar(select(OutboxMail).where(OutboxMail.key == key))
            start.wait(timeout=10)
            won = Outbox(s).begin(row, NOW)
            s.commit() if won else s.rollback()
            return won

    for key in keys:
        with ThreadPoolExecutor(racers) as pool:
            wins = list(pool.map(lambda _n, k=key: claim(k), range(racers)))
        assert wins.count(True) == 1, (key, wins)
    with sessions() as s:
        assert [(r.status, r.attempts) for r in s.scalars(select(OutboxMail))] == [
            ("sending", 1)
        ] * len(keys)
        # the loser left no trace: the log has each row planned once, nothing else
        assert sorted(s.scalars(select(SendEvent.event))) == ["planned"] * len(keys)


def test_a_claim_on_a_row_tried_meanwhile_loses(store_url):
    """Read planned, then another process tried it (a 4xx: planned again, retry in 5 min):
    the stale reader must not send it now, ahead of the retry."""
    sessions = planned(store_url, ["followup/t1/s1/<a@x>"])
    stale = sessions()
    old = stale.scalar(select(OutboxMail))
    with sessions.begin() as s:
        box, row = Outbox(s), s.scalar(select(OutboxMail))
        assert box.begin(row, NOW)
        answer = Delivery(Outcome.TEMPORARY, 451, "451 try later", "hans@acme.de")
        assert box.finish(row, answer, NOW, timedelta(hours=3)) == "planned"
    assert old.status == "planned" and old.attempts == 0  # what the stale reader saw
    assert Outbox(stale).begin(old, NOW + timedelta(seconds=1)) is False
    stale.rollback()
    stale.close()
    with sessions() as s:
        row = s.scalar(select(OutboxMail))
        assert (row.status, row.attempts) == ("planned", 1)
        assert row.next_attempt_at == NOW + timedelta(minutes=5)
