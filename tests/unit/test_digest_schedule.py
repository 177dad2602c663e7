"""When the digest is due and what period it covers, on a real SQLite store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from mailbot.config import parse_config
from mailbot.services.digest import DIGEST, digest_due, period_start, send_digest
from mailbot.store.db import open_engine, session_factory
from mailbot.store.service import record, take_lease

# Tue 24 Nov 2026, 07:59 in Shanghai (the seller's zone for [company] country = "CN")
EARLY = datetime(2026, 11, 23, 23, 59, tzinfo=UTC)


def setup(tmp_path, enabled=True):
    config = parse_config({
        "database": {"url": f"sqlite:///{tmp_path / 'm.db'}"},
        "mailboxes": [{"name": "sales", "address": "sales@gmuv-lighting.cn",
                       "imap": {"host": "127.0.0.1", "username": "s", "security": "none"},
                       "smtp": {"host": "127.0.0.1", "port": 1, "username": "",
                                "security": "none"}}],
        "digest": {"enabled": enabled, "recipients": ["team@gmuv-lighting.cn"]},
    })  # fmt: skip
    return config, session_factory(open_engine(config.database_url()))


def test_due_from_the_hour_in_the_sellers_zone_until_sent(tmp_path):
    config, sessions = setup(tmp_path)
    assert digest_due(config, sessions, EARLY) is None
    eight = EARLY + timedelta(minutes=1)
    assert digest_due(config, sessions, eight) == date(2026, 11, 24)
    with sessions.begin() as s:
        record(s, eight, DIGEST, "2026-11-24", figures={"recipients": 1})
    assert digest_due(config, sessions, eight + timedelta(hours=15)) is None  # 23:00 local
    assert digest_due(config, sessions, eight + timedelta(days=1)) == date(2026, 11, 25)


def test_a_disabled_digest_is_never_due(tmp_path):
    config, sessions = setup(tmp_path, enabled=False)
    assert digest_due(config, sessions, EARLY + timedelta(hours=3)) is None


def test_the_period_runs_from_the_previous_digest_else_24_hours(tmp_path):
    _, sessions = setup(tmp_path)
    now = EARLY + timedelta(days=2)
    with sessions.begin() as s:
        assert period_start(s, now) == now - timedelta(hours=24)
        record(s, EARLY, DIGEST, "2026-11-23")
        record(s, EARLY + timedelta(days=1), DIGEST, "2026-11-24")
        record(s, now + timedelta(hours=1), DIGEST, "2026-11-26")  # later than `now`: ignored
    with sessions() as s:
        assert period_start(s, now) == EARLY + timedelta(days=1)


def test_another_process_sending_the_digest_holds_it_back(tmp_path):
    """The digest lease: a second sender at the same moment sends nothing."""
    config, sessions = setup(tmp_path)
    now = EARLY + timedelta(hours=1)
    assert take_lease(sessions, DIGEST, "other", now, timedelta(minutes=10))
    result = send_digest(config, sessions, now)
    assert not result.sent and "another mailbot process" in result.note
    assert digest_due(config, sessions, now) == date(2026, 11, 24)
