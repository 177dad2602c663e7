"""Mailbox ownership between replicas (services/ownership.py) on a real SQLite store,
with time as an input: take, hand back, wait, lose, take over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mailbot.services.ownership import Ownership
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import ServiceEvent

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TTL = timedelta(seconds=60)
BOXES = ["sales", "support1"]


@pytest.fixture
def sessions(tmp_path):
    return session_factory(open_engine(f"sqlite:///{tmp_path / 'o.db'}"))


def replica(sessions, name: str) -> tuple[Ownership, list[str]]:
    taken: list[str] = []
    return Ownership(sessions, name, lambda: BOXES), taken


def kinds(sessions, holder: str) -> list[tuple[str, str]]:
    with sessions() as s:
        query = select(ServiceEvent).where(ServiceEvent.holder == holder)
        return [(e.kind, e.mailbox) for e in s.scalars(query.order_by(ServiceEvent.id))]


def test_two_replicas_split_the_mailboxes_and_a_survivor_takes_over(sessions):
    (a, a_taken), (b, b_taken) = replica(sessions, "a"), replica(sessions, "b")
    a.renew(T0, TTL, a_taken.append)  # alone: all of them
    assert a.owned == {"sales", "support1"} and a_taken == BOXES
    b.renew(T0, TTL, b_taken.append)  # two live now, all owned: it waits
    assert b.owned == set() and kinds(sessions, "b") == [
        ("mailbox_wait", "sales"), ("mailbox_wait", "support1")
    ]  # fmt: skip
    t1 = T0 + TTL / 3
    a.renew(t1, TTL, a_taken.append)  # share 1 of 2: hands one back
    assert a.owned == {"sales"} and ("mailbox_handed_back", "support1") in kinds(sessions, "a")
    b.renew(t1, TTL, b_taken.append)
    assert b.owned == {"support1"} and b_taken == ["support1"]

    # a dies (no more renewals): b takes sales once a's leases expired, not before
    b.renew(t1 + TTL - timedelta(seconds=1), TTL, b_taken.append)
    assert b.owned == {"support1"}
    b.renew(t1 + TTL + timedelta(seconds=1), TTL, b_taken.append)
    assert b.owned == {"sales", "support1"} and b_taken == ["support1", "sales"]


def test_a_mailbox_whose_cycle_runs_is_not_handed_back(sessions):
    (a, noted), (b, _) = replica(sessions, "a"), replica(sessions, "b")
    a.renew(T0, TTL, noted.append)
    b.renew(T0, TTL, noted.append)
    with a.busy("support1"):  # its cycle is sending
        a.renew(T0 + TTL / 3, TTL, noted.append)
        assert a.owned == {"sales", "support1"}
    a.renew(T0 + 2 * TTL / 3, TTL, noted.append)
    assert a.owned == {"sales"}


def test_a_paused_replica_loses_its_mailbox_before_the_next_send(sessions):
    """a stopped renewing (paused) and b took sales over: a's send check says no."""
    (a, noted), (b, _) = replica(sessions, "a"), replica(sessions, "b")
    a.renew(T0, TTL, noted.append)
    assert a.renew_one("sales", T0 + TTL / 2, TTL)  # still the owner: renewed
    late = T0 + 2 * TTL
    b.renew(late, TTL, noted.append)
    assert b.owned == {"sales", "support1"}
    assert a.renew_one("sales", late, TTL) is False
    assert not a.owns("sales") and ("mailbox_lost", "sales") in kinds(sessions, "a")


def test_a_stopped_replica_leaves_its_mailboxes_at_once(sessions):
    (a, noted), (b, _) = replica(sessions, "a"), replica(sessions, "b")
    a.renew(T0, TTL, noted.append)
    a.release_all()
    b.renew(T0 + timedelta(seconds=1), TTL, noted.append)  # a's heartbeat is gone too
    assert b.owned == {"sales", "support1"}
