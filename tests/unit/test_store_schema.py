"""The Alembic migrations and the SQLAlchemy models describe the same schema."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mailbot.store.db import open_engine
from mailbot.store.models import Base

# PostgreSQL's schema and migrations: tests/integration/test_postgres_store.py
pytestmark = pytest.mark.sqlite_only(reason="the SQLite file's schema")


def test_migrations_match_models(tmp_path):
    """After migrating an empty database, autogenerate finds nothing to change."""
    engine = open_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrating_twice_is_a_no_op(tmp_path):
    """Opening an up-to-date store again runs no migration and keeps the data."""
    url = f"sqlite:///{tmp_path / 'again.db'}"
    with open_engine(url).begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO folders (mailbox, name, role, last_uid) VALUES ('m', 'INBOX', '', 7)"
        )
    with open_engine(url).connect() as conn:
        assert conn.exec_driver_sql("SELECT last_uid FROM folders").scalar() == 7


def test_head_constant_is_the_newest_migration(tmp_path):
    """db.HEAD lets an up-to-date store skip Alembic; it must name the scripts' head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from mailbot.store.db import HEAD, MIGRATIONS, current_revision

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD
    assert current_revision(open_engine(f"sqlite:///{tmp_path / 'h.db'}")) == HEAD
