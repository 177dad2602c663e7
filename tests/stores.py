"""Which store the tests run on: SQLite files (the default) or PostgreSQL.

`MAILBOT_TEST_STORE=postgres` runs every test that uses a store on a fresh PostgreSQL
database from the rig: an autouse fixture in tests/conftest.py creates it and puts its
URL in `$MAILBOT_DATABASE_URL`, which the product prefers to `[database].url` (so
configs written by tests, and the CLI subprocesses they start, follow it). A test that
opens an engine itself asks `db_url()` for its store.
"""

import hashlib
import os
from pathlib import Path

from sqlalchemy import MetaData, create_engine, select

from mailbot.config import DATABASE_ENV

STORE_ENV = "MAILBOT_TEST_STORE"
STORES = ("sqlite", "postgres")


def test_store() -> str:
    """The store this run tests on; an unknown value is an error, not a quiet SQLite run."""
    store = os.environ.get(STORE_ENV, "").strip().lower() or "sqlite"
    if store not in STORES:
        raise ValueError(f"{STORE_ENV}={store!r}: must be one of {', '.join(STORES)}")
    return store


def db_url(path: Path) -> str:
    """The store of this test: its PostgreSQL database in the postgres pass, else the
    SQLite file at `path`."""
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{path}"


def fingerprint(url: str) -> str:
    """A checksum of the store's content, to show a command wrote nothing: a SQLite
    file byte for byte; a PostgreSQL database as every row of every table."""
    if url.startswith("sqlite:///"):
        return hashlib.sha256(Path(url.removeprefix("sqlite:///")).read_bytes()).hexdigest()
    return hashlib.sha256(rows_as_text(url)).hexdigest()


def stored_bytes(url: str) -> dict[str, bytes]:
    """Everything the store keeps, to search for what must not be there: a SQLite file
    and its -wal/-shm companions by name; a PostgreSQL database's rows as text."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return {p.name: p.read_bytes() for p in path.parent.glob(f"{path.name}*")}
    return {"database": rows_as_text(url)}


def rows_as_text(url: str) -> bytes:
    """Every row of every table, tables by name and rows sorted (JSON has no SQL order)."""
    lines: list[str] = []
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            meta = MetaData()
            meta.reflect(conn)
            for table in meta.sorted_tables:
                lines.append(f"-- {table.name}")
                lines += sorted(repr(tuple(r)) for r in conn.execute(select(table)))
    finally:
        engine.dispose()
    return "\n".join(lines).encode()


test_store.__test__ = False  # a helper, not a test, wherever it is imported
