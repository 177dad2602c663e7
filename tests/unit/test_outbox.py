"""The outbox state machine on a real SQLite store: each step once, unknown stays unknown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mailbot.adapters.smtp import Delivery, Outcome
from mailbot.services.outbox import Outbox, Step
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Customer, OutboxMail, SendEvent
from tests.stores import db_url

NOW = datetime(2026, 3, 20, 8, 30, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def sessions(tmp_path):
    factory = session_factory(open_engine(db_url(tmp_path / "o.db")))
    with factory.begin() as s:
        s.add(Customer(id=1, key="acme.de", kind="company", first_seen=NOW))
    return factory


def step(key: str = "followup/t7/s1/<a@x>") -> Step:
    return Step(key=key, kind="followup", customer_id=1, thread_id=None, stage=1, occasion=None,
                template="gentle_reminder", mailbox="sales", recipient="hans@acme.de",
                due_at=NOW, reason="3 business days in Berlin")  # fmt: skip


def delivery(outcome: Outcome, code: int | None = 250) -> Delivery:
    return Delivery(outcome, code, f"{code}", "hans@acme.de")


def test_a_step_is_planned_once_whatever_happens_to_it(sessions):
    with sessions.begin() as s:
        assert Outbox(s).propose(step(), NOW) is not None
    with sessions.begin() as s:
        assert Outbox(s).propose(step(), NOW + DAY) is None  # restart, config edit: same key
        assert s.scalar(select(OutboxMail.status)) == "planned"


def test_send_protocol_sent(sessions):
    with sessions.begin() as s:
        box = Outbox(s)
        row = box.propose(step(), NOW)
        box.begin(row, NOW)
    with sessions.begin() as s:
        row = s.scalar(select(OutboxMail))
        assert row.status == "sending" and row.attempts == 1
        assert Outbox(s).finish(row, delivery(Outcome.SENT), NOW, DAY) == "sent"
        assert row.sent_at == NOW and Outbox(s).due(NOW + DAY) == []


def test_killed_mid_send_becomes_unknown_and_is_never_due_again(sessions):
    with sessions.begin() as s:
        box = Outbox(s)
        box.begin(box.propose(step(), NOW), NOW)  # committed as `sending`, then the kill
    with sessions.begin() as s:
        assert Outbox(s).recover(NOW + timedelta(minutes=1)) == 1
        assert Outbox(s).due(NOW + 30 * DAY) == []
        assert s.scalar(select(OutboxMail.status)) == "unknown"
    with sessions.begin() as s:  # a person looked and decided to send it again
        box = Outbox(s)
        box.decide(s.scalar(select(OutboxMail)), NOW + DAY, approve=True, by="anna")
        assert [r.key for r in box.due(NOW + DAY)] == [step().key]


def test_temporary_failures_retry_with_backoff_then_fail(sessions):
    """Retries after 5 min, 30 min, 2 h; the next (2 h more) would pass the 3 h deadline."""
    with sessions.begin() as s:
        box = Outbox(s)
        row = box.propose(step(), NOW)
        at, seen = NOW, []
        for _ in range(4):
            box.begin(row, at)
            status = box.finish(row, delivery(Outcome.TEMPORARY, 451), at, timedelta(hours=3))
            seen.append((status, row.next_attempt_at - NOW if status == "planned" else None))
            at = row.next_attempt_at
    minutes = timedelta(minutes=1)
    assert seen == [
        ("planned", 5 * minutes),
        ("planned", 35 * minutes),
        ("planned", 155 * minutes),
        ("failed", None),
    ]


def test_permanent_failure_and_unknown_are_final(sessions):
    with sessions.begin() as s:
        box = Outbox(s)
        a = box.propose(step("a"), NOW)
        b = box.propose(step("b"), NOW)
        box.begin(a, NOW)
        box.begin(b, NOW)
        assert box.finish(a, delivery(Outcome.PERMANENT, 550), NOW, DAY) == "failed"
        assert box.finish(b, delivery(Outcome.UNKNOWN, None), NOW, DAY) == "unknown"
        assert box.due(NOW + 30 * DAY) == []
        events = [e for (e,) in s.execute(select(SendEvent.event).order_by(SendEvent.id))]
    assert events == ["planned", "planned", "failed", "unknown"]


def test_only_planned_rows_can_begin(sessions):
    with sessions.begin() as s:
        box = Outbox(s)
        row = box.propose(step(), NOW, needs_approval=True)
        assert row.status == "approval" and box.due(NOW) == []
        with pytest.raises(ValueError, match="not planned"):
            box.begin(row, NOW)
        box.decide(row, NOW, approve=False, by="anna")
        assert row.status == "rejected"
