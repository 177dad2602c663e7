"""The parts of `mailbot doctor` that need no server: folder findings and result lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from mailbot.config import parse_config
from mailbot.services.doctor import FAIL, OK_, Result, _folders, check_database
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import ServiceEvent


def mailbox(**imap):
    data = {"mailboxes": [{"name": "sales", "address": "sales@gmuv-lighting.cn",
                           "imap": {"host": "localhost", "username": "u", **imap}}]}  # fmt: skip
    return parse_config(data).mailboxes[0]


def findings(box, names, special=None):
    return [(r.outcome, r.detail) for r in _folders(box, names, special, 3)]


def test_sent_by_special_use_then_by_name():
    """SPECIAL-USE \\Sent wins; without it a usual name is accepted, and said so."""
    names = ["INBOX", "Sent Items", "Archive"]
    assert (OK_, "Sent is 'Sent Items' (by SPECIAL-USE \\Sent)") in findings(
        mailbox(), names, "Sent Items"
    )
    assert (OK_, "Sent is 'Sent Items' (by its name)") in findings(mailbox(), names)


def test_missing_folders_fail_with_the_server_listing():
    """A configured Sent or extra folder that is not there: FAIL naming what exists."""
    box = mailbox(sent_folder="Gesendet", extra_folders=["Customers", "Archive"])
    results = list(_folders(box, ["INBOX", "Sent", "Archive"], "Sent", 0))
    failed = [r for r in results if r.failed]
    assert [r.detail for r in failed] == [
        "sent_folder 'Gesendet' does not exist",
        "extra folder 'Customers' does not exist",
    ]
    assert all("folders on the server: INBOX, Sent, Archive" in r.hint for r in failed)
    none = list(_folders(mailbox(), ["INBOX", "Drafts"], None, 0))
    assert [r.outcome for r in none] == [OK_, FAIL] and "set imap.sent_folder" in none[1].hint


def test_result_line_shows_hint_only_on_trouble():
    ok = Result("smtp", OK_, "fine", "never shown", "sales")
    bad = Result("smtp", FAIL, "cannot reach it", "check the port", "sales")
    assert ok.line() == "ok   [sales] smtp: fine"
    assert bad.line() == "FAIL [sales] smtp: cannot reach it — check the port"


def test_database_check_on_a_fresh_store(tmp_path):
    """A new store is created, migrated and found writable; the write is rolled back."""
    config = parse_config({"database": {"url": f"sqlite:///{tmp_path / 'm.db'}"}})
    [result] = check_database(config, datetime(2026, 11, 24, tzinfo=UTC))
    assert result.outcome == OK_ and "writable, schema" in result.detail
    with session_factory(open_engine(config.database_url()))() as session:
        assert session.scalar(select(func.count()).select_from(ServiceEvent)) == 0


@pytest.mark.sqlite_only(reason="a SQLite file whose folder cannot be created")
def test_database_check_on_a_blocked_sqlite_folder(tmp_path):
    """A path through a plain file: the check fails and says the folder cannot be made."""
    blocked = tmp_path / "file"
    blocked.write_text("")
    config = parse_config({"database": {"url": f"sqlite:///{blocked / 'm.db'}"}})
    [result] = check_database(config, datetime(2026, 11, 24, tzinfo=UTC))
    assert result.failed and "cannot create the database folder" in result.detail
