"""Opening the database and bringing its schema up to date.

SQLite by default (WAL, so the CLI can read while the daemon writes), or any
SQLAlchemy URL such as `postgresql+psycopg://…`. Migrations run at every open;
Alembic makes that a no-op when the schema is current.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.errors import StoreError
from mailbot.store.checkpoint import Checkpointer

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration. A store already there skips Alembic (a quarter second of
# imports on every command); a unit test keeps this equal to the scripts' head.
HEAD = "0009"
MIGRATION_LOCK = 0x6D61696C  # PostgreSQL advisory lock key held while migrating ("mail")
# The checkpoint thread copies the WAL from 4 MB (4 KB pages) on; a commit checkpoints
# itself only past 32 MB, if the thread falls behind. 50k first sync (bench/README.md,
# `ckpt`): commits 1.3–1.5 s against 2.4–3.1 s with checkpoints inline at 16 MB. Bigger
# thread checkpoints (16 MB) rarely end before the next write, and only a WAL copied to
# its end starts over, so more of the copying fell back on the commits at the cap.
CHECKPOINT_PAGES = 1000
WAL_CAP_PAGES = 8000
CHECKPOINTERS: weakref.WeakKeyDictionary[Engine, Checkpointer] = weakref.WeakKeyDictionary()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # A Checkpointer thread copies the WAL from CHECKPOINT_PAGES on; a commit only
    # checkpoints itself past WAL_CAP_PAGES, if that thread falls behind or is not running.
    cur.execute(f"PRAGMA wal_autocheckpoint={WAL_CAP_PAGES}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


_USERINFO = re.compile(r"([^\s/@:]*):[^\s/]*@")  # user:password@ in a URL, to the last @


def shown_url(url: str | Engine) -> str:
    """The URL fit for a message or log: any password as ***, even in one that does not
    parse (a bad port), so no error about the database can show it."""
    if isinstance(url, Engine):
        url = url.url.render_as_string(hide_password=True)
    with contextlib.suppress(ArgumentError, ValueError):  # unparsable: the regex alone
        url = make_url(url).render_as_string(hide_password=True)
    return _USERINFO.sub(r"\1:***@", url)  # also an unencoded @ in the password


def reason(exc: BaseException) -> str:
    """The driver's own message on one line, without SQLAlchemy's background link, and
    without any password it may quote."""
    text = str(getattr(exc, "orig", None) or exc)
    text = "; ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return _USERINFO.sub(r"\1:***@", text)


def open_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the database folder {folder}: {exc.strerror}",
                "check [database].url, and that this user may write there",
            ) from None
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as exc:  # ValueError: a bad port
        raise StoreError(
            f"cannot open database {shown_url(url)}: {reason(exc)}",
            "check [database].url (sqlite:///path or postgresql+psycopg://user@host/db)",
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        file = engine.url.database or ":memory:"
        if file != ":memory:" and not file.startswith("file:"):  # a WAL only in a file
            checkpointer = Checkpointer(Path(file).absolute(), CHECKPOINT_PAGES)
            CHECKPOINTERS[engine] = checkpointer
            event.listen(engine, "commit", checkpointer.notify)
            event.listen(engine, "engine_disposed", checkpointer.close)
    migrate(engine)
    return engine


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None  # a new store: no version table yet


def migrate(engine: Engine) -> None:
    if current_revision(engine) == HEAD:
        return
    from alembic import command
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":  # replicas starting at once: one by one
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        if engine.dialect.name == "sqlite":  # a locked or unreadable file, not a server
            raise StoreError(
                f"cannot migrate database {shown_url(engine)}: {reason(exc)}",
                "check that the database file is writable and not locked by another program",
            ) from None
        raise StoreError(
            f"cannot reach database {shown_url(engine)}: {reason(exc)}",
            "check [database].url, that the server runs and that the database exists",
        ) from None
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot migrate database {shown_url(engine)}: {reason(exc)}",
            "check that the database is reachable and writable",
        ) from None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
