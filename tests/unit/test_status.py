"""The status report and its health verdict, from a prepared SQLite store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mailbot.config import parse_config
from mailbot.errors import ConfigError
from mailbot.services.status import health, read_status
from mailbot.store.db import open_engine, session_factory
from tests import statusdata as data


@pytest.fixture
def report(tmp_path):
    config = parse_config({**data.CONFIG, "database": {"url": f"sqlite:///{tmp_path / 'm.db'}"}})
    sessions = session_factory(open_engine(config.database_url()))
    data.prepare(sessions)

    def at(now):
        with sessions() as session:
            return read_status(session, config, now)

    return at


def test_figures_at_now(report):
    """Outbox per status, sends today (seller's zone) and in 24 h, errors newest first."""
    s = report(data.NOW)
    assert s.outbox == data.OUTBOX
    assert {x.mailbox: (x.today, x.last_24h) for x in s.sends} == data.SENDS
    assert {x.cap for x in s.sends} == {40}
    assert s.unknown_count == 1 and s.unknown[0].mailbox == "sales"
    assert s.errors_24h == 2
    assert [e.detail for e in s.errors] == [
        "The database was locked.",
        "IMAP login to imap.example.com refused.",
    ]
    folders = {(f.mailbox, f.folder): f.age_seconds for f in s.folders}
    assert folders == {("sales", "INBOX"): 600, ("sales", "Sent"): 300, ("support", "INBOX"): None}
    d = s.daemon
    assert d.running and d.holder == data.HOLDER
    assert d.since == data.NOW - timedelta(hours=1)
    assert d.renewed_at == data.NOW - timedelta(minutes=1) and d.expires_at == data.LEASE_UNTIL
    assert d.last_cycle["proposed"] == 3 and d.last_cycle_at == data.NOW - timedelta(minutes=5)


def test_json_is_plain(report):
    """--json: ISO-8601 UTC times, numbers, no objects JSON cannot carry."""
    doc = report(data.NOW).to_json()
    assert doc["daemon"]["expires_at"] == "2026-11-24T12:04:00+00:00"
    assert doc["errors"][0]["at"] == "2026-11-24T11:00:00+00:00"


def test_health(report):
    """Healthy with a live lease and a recent cycle; why not, otherwise."""
    stale = timedelta(minutes=30)
    assert health(report(data.NOW), stale) is None
    assert health(report(data.NOW), stale, holder=data.HOLDER) is None
    assert "not by someone-else" in health(report(data.NOW), stale, holder="someone-else")
    assert "last cycle" in health(report(data.NOW), timedelta(minutes=2))
    later = report(data.LEASE_UNTIL + timedelta(seconds=1))
    assert not later.daemon.running
    assert "not running" in health(later, stale)


def test_a_day_later_nothing_counts(report):
    """Sends and errors age out of the windows; the lease has long expired."""
    s = report(data.NOW + timedelta(days=2))
    assert all(x.today == 0 and x.last_24h == 0 for x in s.sends)
    assert s.errors_24h == 0 and s.errors == []


@pytest.mark.parametrize(
    ("http", "expected"),
    [
        ({"listen": "0.0.0.0:9108"}, "reachable from other machines"),
        ({"listen": "9108"}, 'expected "HOST:PORT"'),
        ({"listen": "127.0.0.1:70000"}, "out of range"),
        ({"listen": "127.0.0.1:9108", "port": 1}, "unknown key 'http.port'"),
    ],
)
def test_http_listen_is_checked(http, expected):
    """[http].listen: loopback unless allow_remote, HOST:PORT, a real port."""
    with pytest.raises(ConfigError, match=expected):
        parse_config({"http": http})


def test_http_listen_accepted_forms():
    assert parse_config({}).http.listen == ""
    assert parse_config({"http": {"listen": "[::1]:9108"}}).http.address() == ("::1", 9108)
    remote = {"listen": "0.0.0.0:9108", "allow_remote": True}
    assert parse_config({"http": remote}).http.address() == ("0.0.0.0", 9108)


def test_who_owns_which_mailbox(tmp_path):
    """Each configured mailbox with its owner; an expired owner is shown as such, and a
    replica that owns a mailbox is healthy without the sender lease."""
    from mailbot.cli.status import describe
    from mailbot.store.service import MAILBOX, REPLICA, take_lease

    config = parse_config({**data.CONFIG, "database": {"url": f"sqlite:///{tmp_path / 'm.db'}"}})
    sessions = session_factory(open_engine(config.database_url()))
    data.prepare(sessions)
    other, ttl = "other-host:7:ffff0000", timedelta(seconds=30)
    take_lease(sessions, MAILBOX + "sales", other, data.NOW - timedelta(seconds=5), ttl)
    take_lease(sessions, REPLICA + other, other, data.NOW - timedelta(seconds=5), ttl)
    take_lease(sessions, REPLICA + data.HOLDER, data.HOLDER, data.NOW, ttl)
    take_lease(sessions, MAILBOX + "support", "dead:1:00", data.NOW - 2 * ttl, ttl)
    with sessions() as session:
        s = read_status(session, config, data.NOW)
    assert [(o.mailbox, o.holder, o.live) for o in s.owners] == [
        ("sales", other, True), ("support", "dead:1:00", False)
    ]  # fmt: skip
    assert sorted(s.replicas) == sorted([other, data.HOLDER])
    text = describe(s)
    assert f"owner:   sales: {other} since 2026-11-24" in text
    assert "owner:   support: dead:1:00, lease expired" in text and "replicas: 2 live" in text
    assert health(s, timedelta(minutes=30), holder=other) is None  # owns sales
    assert "owns no mailbox" in health(s, timedelta(minutes=30), holder="idle:3:0")
