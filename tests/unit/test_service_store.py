"""Leases and service events in a real SQLite store (two engines: two processes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mailbot.store.db import open_engine, session_factory
from mailbot.store.service import (
    SENDER,
    events_since,
    last_event,
    lease,
    prune_events,
    record,
    release_lease,
    take_lease,
)
from tests.stores import db_url

T = datetime(2026, 11, 24, 9, tzinfo=UTC)
TTL = timedelta(seconds=60)


def two_processes(tmp_path):
    url = db_url(tmp_path / "m.db")
    return session_factory(open_engine(url)), session_factory(open_engine(url))


def test_one_holder_at_a_time_until_it_expires(tmp_path):
    a, b = two_processes(tmp_path)
    assert take_lease(a, SENDER, "A", T, TTL)
    assert not take_lease(b, SENDER, "B", T + timedelta(seconds=30), TTL)
    assert take_lease(a, SENDER, "A", T + timedelta(seconds=50), TTL)  # renewed
    assert not take_lease(b, SENDER, "B", T + timedelta(seconds=100), TTL)
    # A stops renewing: B takes over after the renewed lease expires, with a new start
    later = T + timedelta(seconds=111)
    assert take_lease(b, SENDER, "B", later, TTL)
    with b() as s:
        held = lease(s, SENDER)
    assert held is not None and (held.holder, held.acquired_at) == ("B", later)
    assert not take_lease(a, SENDER, "A", later + timedelta(seconds=1), TTL)


def test_a_renewal_keeps_the_start_and_release_frees_it(tmp_path):
    a, b = two_processes(tmp_path)
    assert take_lease(a, SENDER, "A", T, TTL)
    assert take_lease(a, SENDER, "A", T + timedelta(seconds=40), TTL)
    with a() as s:
        held = lease(s, SENDER)
    assert held is not None
    assert (held.acquired_at, held.expires_at) == (T, T + timedelta(seconds=100))
    release_lease(b, SENDER, "B")  # not B's to release
    assert not take_lease(b, SENDER, "B", T + timedelta(seconds=41), TTL)
    release_lease(a, SENDER, "A")
    assert take_lease(b, SENDER, "B", T + timedelta(seconds=42), TTL)


def test_events_are_recorded_filtered_and_pruned(tmp_path):
    a, _ = two_processes(tmp_path)
    with a.begin() as s:
        record(s, T, "cycle", "2 sent", figures={"sent": 2})
        record(s, T + timedelta(hours=1), "error", "IMAP login refused", level="error",
               mailbox="sales")  # fmt: skip
        record(s, T + timedelta(hours=2), "cycle", "0 sent")
    with a() as s:
        assert [e.detail for e in events_since(s, T, levels=("error",))] == ["IMAP login refused"]
        assert [e.detail for e in events_since(s, T + timedelta(minutes=1), ("cycle",))] == [
            "0 sent"
        ]
        newest = last_event(s, "cycle")
        assert newest is not None and newest.figures == {} and newest.detail == "0 sent"
    with a.begin() as s:
        assert prune_events(s, T + timedelta(minutes=30)) == 1
    with a() as s:
        assert len(events_since(s, T)) == 2
