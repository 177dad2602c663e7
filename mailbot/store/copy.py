"""Copying a whole store to another database (SQLite → PostgreSQL, for `mailbot migrate-db`).

Both stores are at the newest migration (open_engine sees to that), so the tables
match column for column. Tables are copied parents first, in batches, the target in
one transaction: a failure leaves it as empty as it was. Primary keys are kept, so
PostgreSQL's id sequences are moved past the copied ids afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import Engine, func, select, text

from mailbot.errors import StoreError
from mailbot.store.db import shown_url
from mailbot.store.models import Base

BATCH = 2000


class Copied(NamedTuple):
    table: str
    source: int
    target: int


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def copy_store(
    source: Engine,
    target: Engine,
    batch: int = BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> list[Copied]:
    """Copy every table of `source` into the empty `target`; the counts of both, per table."""
    if source.url == target.url:
        raise StoreError(f"the target {shown_url(target)} is the store itself")
    filled = {name: n for name, n in row_counts(target).items() if n}
    if filled:
        some = ", ".join(f"{name} ({n})" for name, n in sorted(filled.items()))
        raise StoreError(
            f"the target {shown_url(target)} is not empty: {some}",
            "copy into a new, empty database",
        )
    with source.connect() as reading, target.begin() as writing:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            offset = 0
            result = reading.execution_options(yield_per=batch).execute(
                select(table).order_by(*order)
            )
            for part in result.mappings().partitions(batch):
                writing.execute(table.insert(), [dict(row) for row in part])
                offset += len(part)
                if progress:
                    progress(table.name, offset)
            column = table.autoincrement_column
            if target.dialect.name == "postgresql" and column is not None:
                writing.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence(:t, :c),"
                        f" COALESCE((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
                    ),
                    {"t": table.name, "c": column.name},
                )
    before, after = row_counts(source), row_counts(target)
    copied = [Copied(name, before[name], after[name]) for name in before]
    lost = [c for c in copied if c.source != c.target]
    if lost:
        some = ", ".join(f"{c.table} {c.source} → {c.target}" for c in lost)
        raise StoreError(f"row counts differ after the copy: {some}", "report this as a bug")
    return copied
