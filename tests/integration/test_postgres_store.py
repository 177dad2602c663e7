"""The store on a real PostgreSQL server (tests/rig/postgres.py), a new database per test.

SQLite is the default and what most tests use; these check what differs on
PostgreSQL: the migrations, the sender lease under a real race, service events
(JSON, aware datetimes) and the outbox's unique key. The end-to-end flows run on
PostgreSQL too, through the `store_url` fixture (test_sync, test_run_cycle, test_cli).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mailbot.config import DATABASE_ENV
from mailbot.errors import StoreError
from mailbot.store.db import HEAD, current_revision, open_engine, session_factory
from mailbot.store.models import Base, Customer, OutboxMail
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
from tests.integration.cyclerig import Rig, due_moment, mailbot_ok, quiet_customer, write_toml

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_migrations_match_models_on_postgres(postgres_url):
    """After migrating an empty PostgreSQL database, autogenerate finds nothing to change."""
    engine = open_engine(postgres_url)
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrating_twice_keeps_the_data(postgres_url):
    with open_engine(postgres_url).begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO folders (mailbox, name, role, last_uid) VALUES ('m', 'INBOX', '', 7)"
        )
    engine = open_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT last_uid FROM folders").scalar() == 7
    engine.dispose()


def test_an_unreachable_server_is_one_line_without_the_password(postgres_server):
    url = postgres_server.url("nosuch").replace("mailbot@", "mailbot:s3cret-pw@")
    with pytest.raises(StoreError) as caught:
        open_engine(url)
    assert "s3cret-pw" not in str(caught.value) and "\n" not in str(caught.value).strip()


@pytest.mark.parametrize("existing", ["absent", "expired"])
def test_two_engines_racing_for_the_lease_exactly_one_wins(postgres_url, existing):
    """Threads on separate engines (separate connections) take the lease at once."""
    ttl = timedelta(seconds=60)
    if existing == "expired":
        first = open_engine(postgres_url)
        assert take_lease(session_factory(first), SENDER, "dead:1:x", NOW - timedelta(hours=1), ttl)
        first.dispose()  # not left to the garbage collector, which psycopg warns about
    racers = 8
    engines = [open_engine(postgres_url) for _ in range(racers)]
    start = threading.Barrier(racers)
    won: list[str] = []
    errors: list[BaseException] = []

    def race(n: int) -> None:
        holder = f"host:{n}:racer"
        try:
            start.wait()
            if take_lease(session_factory(engines[n]), SENDER, holder, NOW, ttl):
                won.append(holder)
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(n,)) for n in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len(won) == 1, won
    sessions = session_factory(engines[0])
    with sessions() as s:
        info = lease(s, SENDER)
    assert info is not None and info.holder == won[0]
    assert info.acquired_at == NOW and info.expires_at == NOW + ttl  # aware, in UTC
    # the winner renews, the others still lose; after a release another may take it
    assert take_lease(sessions, SENDER, won[0], NOW + timedelta(seconds=10), ttl)
    assert not take_lease(sessions, SENDER, "host:99:late", NOW + timedelta(seconds=10), ttl)
    release_lease(sessions, SENDER, won[0])
    assert take_lease(sessions, SENDER, "host:99:late", NOW + timedelta(seconds=11), ttl)
    for engine in engines:
        engine.dispose()


def test_service_events_round_trip(postgres_url):
    """JSON figures, aware datetimes, filters, ordering and pruning on PostgreSQL."""
    sessions = session_factory(open_engine(postgres_url))
    with sessions.begin() as s:
        record(s, NOW, "cycle", "sent 2", figures={"sent": 2, "mailboxes": ["sales"]})
        record(s, NOW + timedelta(minutes=1), "error", "IMAP down", level="error",
               mailbox="sales", holder="h:1:x")  # fmt: skip
        record(s, NOW - timedelta(days=40), "cycle", "old")
    with sessions() as s:
        events = events_since(s, NOW - timedelta(days=1))
        assert [e.kind for e in events] == ["cycle", "error"]
        assert events[0].figures == {"sent": 2, "mailboxes": ["sales"]}
        assert events[0].at == NOW and events[0].at.tzinfo is not None
        assert [e.detail for e in events_since(s, NOW - timedelta(days=1), levels=("error",))] == [
            "IMAP down"
        ]
        assert last_event(s, "cycle").detail == "sent 2"
    with sessions.begin() as s:
        assert prune_events(s, NOW - timedelta(days=30)) == 1
    with sessions() as s:
        assert len(events_since(s, NOW - timedelta(days=400))) == 2


def test_the_outbox_key_is_unique_on_postgres(postgres_url):
    """The exactly-once guarantee rests on this constraint: a second row with a key fails."""
    sessions = session_factory(open_engine(postgres_url))
    with sessions.begin() as s:
        customer = Customer(key="acme-lighting.de", kind="company", first_seen=NOW)
        s.add(customer)
        s.flush()
        customer_id = customer.id
        first = _outbox_row(s, customer_id, "follow-up:1:stage1")
    with pytest.raises(IntegrityError), sessions.begin() as s:
        _outbox_row(s, customer_id, "follow-up:1:stage1")
    with sessions.begin() as s:
        second = _outbox_row(s, customer_id, "follow-up:1:stage2")
    with sessions() as s:
        assert s.scalars(select(OutboxMail.id).order_by(OutboxMail.id)).all() == [first, second]


def _outbox_row(session, customer_id: int, key: str) -> int:
    row = OutboxMail(key=key, kind="followup", customer_id=customer_id, template="t",
                     mailbox="sales", recipient="hans@acme-lighting.de", status="planned",
                     due_at=NOW, created_at=NOW, updated_at=NOW)  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def _all_rows(engine) -> dict[str, list[dict]]:
    with engine.connect() as conn:
        return {
            table.name: [
                dict(row) for row in conn.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in Base.metadata.sorted_tables
        }  # fmt: skip


@pytest.mark.sqlite_only(reason="copies a SQLite store to PostgreSQL")
def test_migrate_db_copies_a_sqlite_store_to_postgres_without_loss(
    mailbox, smtp, tmp_path, postgres_url
):
    """A store with a synced history and a sent follow-up, copied row for row; the copy
    then works as the store (new rows get fresh ids); a second copy is refused."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    assert len(rig.run(now).sent) == 1
    with rig.sessions.begin() as s:
        record(s, now, "cycle", "sent 1", figures={"sent": 1, "mailboxes": ["sales"]})
    write_toml(rig)
    source = open_engine(rig.config.database_url())
    assert take_lease(rig.sessions, SENDER, "host:42:daemon", datetime.now(UTC),
                      timedelta(minutes=5))  # fmt: skip
    busy = _migrate_db(tmp_path, postgres_url)
    assert busy.returncode == 1 and "host:42:daemon" in busy.stderr
    release_lease(rig.sessions, SENDER, "host:42:daemon")
    out = mailbot_ok(rig, "migrate-db", "--to", postgres_url)
    counts = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in out.splitlines()
        if line.count("│") >= 3
    }
    assert counts["outbox"] == "1" and counts["messages"] == "3" and counts["send_events"] != "0"
    target = open_engine(postgres_url)
    assert _all_rows(target) == _all_rows(source)  # every column of every row, types included
    empty = [name for name, rows in _all_rows(source).items() if not rows]
    assert "customers" not in empty and "threads" not in empty and "service_events" not in empty

    (tmp_path / "pg").mkdir()
    pg_rig = Rig(mailbox, smtp, tmp_path / "pg", db_url=postgres_url)
    with pg_rig.sessions.begin() as s:  # the id sequences continue after the copied ids
        record(s, now, "cycle", "after the move")
    again = pg_rig.run(now)  # the copied outbox keeps the follow-up from going out twice
    assert again.sent == [] and len(smtp.messages) == 1

    # The read-only commands say the same about both stores (their queries run on PG).
    write_toml(pg_rig)
    at = (now + timedelta(days=1)).isoformat()
    for command in (
        ("customers", "--json"),
        ("plan", "--json", "--at", at),
        ("log", "--json"),
        ("stats", "--json"),
        ("status", "--json", "--at", at),
    ):
        with ThreadPoolExecutor(2) as pool:  # two processes at once: half the wait
            on_sqlite, on_pg = pool.map(lambda r, c=command: mailbot_ok(r, *c), (rig, pg_rig))
        on_sqlite, on_pg = json.loads(on_sqlite), json.loads(on_pg)
        if command[0] == "status":  # differs by the event recorded above and pg_rig's cycle
            on_sqlite, on_pg = on_sqlite["outbox"], on_pg["outbox"]
        if command[0] == "stats":  # "at": the wall clock's minute, which may tick in between
            on_sqlite.pop("at"), on_pg.pop("at")
        assert on_pg == on_sqlite, command

    refused = _migrate_db(tmp_path, postgres_url)
    assert refused.returncode == 1 and "is not empty" in refused.stderr
    assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    source.dispose()


def _migrate_db(tmp_path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mailbot", "--config", str(tmp_path / "mailbot.toml"),
         "migrate-db", "--to", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_doctor_checks_a_postgres_store_and_never_shows_its_password(
    postgres_server, tmp_path, monkeypatch
):
    from types import SimpleNamespace

    from mailbot.services.doctor import check_database
    from tests.integration.syncrig import config_for

    user = SimpleNamespace(host="127.0.0.1", port=1, user="u", password="p")
    good = postgres_server.new_database("doctor").replace("mailbot@", "mailbot:s3cret-pw@")
    bad = postgres_server.url("nosuch").replace("mailbot@", "mailbot:s3cret-pw@")
    monkeypatch.delenv(DATABASE_ENV, raising=False)  # the URLs under test are the config's
    [ok] = check_database(config_for(user, tmp_path, good), NOW)
    [fail] = check_database(config_for(user, tmp_path, bad), NOW)
    assert ok.outcome == "ok" and "writable, schema" in ok.line() and ":***@" in ok.line()
    assert fail.outcome == "FAIL" and 'database "nosuch" does not exist' in fail.line()
    assert "s3cret-pw" not in ok.line() + fail.line()
