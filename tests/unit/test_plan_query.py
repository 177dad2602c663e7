"""How SQLite runs the plan's big query: the shape its speed depends on (bench/README.md,
plan_bench.py, fourth round)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from mailbot.store.db import open_engine
from mailbot.store.planinputs import open_threads_query

pytestmark = pytest.mark.sqlite_only(reason="SQLite's query plan")

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _plan_of(tmp_path, query) -> list[str]:
    engine = open_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    try:
        with engine.connect() as conn:
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            return [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    finally:
        engine.dispose()


@pytest.mark.parametrize("share", [(0, 1), (1, 2)])
def test_open_threads_come_from_the_index_already_in_order(tmp_path, share):
    """Threads scanned in id order, each one's messages from the covering index in (date,
    id) order: no table row read, no temporary B-tree sorting every open message."""
    steps = _plan_of(tmp_path, open_threads_query(NOW, NOW - timedelta(days=180), share))
    assert steps[0] == "SCAN threads"
    assert steps[1].startswith("SEARCH messages USING COVERING INDEX ix_messages_plan")
    assert not [s for s in steps if "TEMP B-TREE" in s]


def test_thread_dates_compare_as_text_on_sqlite_only():
    """`+column` drops SQLite's numeric affinity (no number parsing of the parameter per
    thread); PostgreSQL has no unary plus for timestamps and gets the plain column."""
    query = open_threads_query(NOW, NOW - timedelta(days=180), active_before=NOW)
    on_sqlite = str(query.compile(dialect=sqlite.dialect()))
    on_postgres = str(query.compile(dialect=postgresql.dialect()))
    assert "+threads.last_message_at >=" in on_sqlite
    assert "+threads.last_message_at <" in on_sqlite
    assert "+threads.started_at <=" in on_sqlite
    assert "+threads" not in on_postgres and "threads.last_message_at >=" in on_postgres
