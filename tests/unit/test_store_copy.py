"""Copying a store (mailbot migrate-db), SQLite to SQLite; PostgreSQL in the integration tests."""

from datetime import UTC, datetime

import pytest

from mailbot.errors import StoreError
from mailbot.store.copy import copy_store
from mailbot.store.db import open_engine, session_factory
from mailbot.store.service import record

pytestmark = pytest.mark.sqlite_only(
    reason="copies SQLite files; to PostgreSQL: test_postgres_store"
)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _store(path, events: int):
    engine = open_engine(f"sqlite:///{path}")
    with session_factory(engine).begin() as s:
        for n in range(events):
            record(s, NOW, "cycle", f"event {n}", figures={"n": n})
    return engine


def test_copies_in_batches_and_counts(tmp_path):
    source, target = _store(tmp_path / "a.db", 5), _store(tmp_path / "b.db", 0)
    seen: list[tuple[str, int]] = []
    copied = copy_store(source, target, batch=2, progress=lambda t, n: seen.append((t, n)))
    counts = {c.table: (c.source, c.target) for c in copied}
    assert counts["service_events"] == (5, 5) and counts["customers"] == (0, 0)
    assert seen == [("service_events", 2), ("service_events", 4), ("service_events", 5)]


def test_refuses_a_target_with_rows(tmp_path):
    source, target = _store(tmp_path / "a.db", 1), _store(tmp_path / "b.db", 2)
    with pytest.raises(StoreError, match=r"is not empty: service_events \(2\)"):
        copy_store(source, target)


def test_refuses_to_copy_a_store_onto_itself(tmp_path):
    source = _store(tmp_path / "a.db", 0)
    with pytest.raises(StoreError, match="is the store itself"):
        copy_store(source, open_engine(f"sqlite:///{tmp_path / 'a.db'}"))
