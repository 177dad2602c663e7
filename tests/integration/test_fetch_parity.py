"""The IMAP path and the whole-file path see the same message the same way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.adapters.imap import ImapMailbox
from mailbot.domain.parsing import parse_message, raw_from_bytes
from tests.integration.syncrig import config_for

pytestmark = pytest.mark.integration
DATA = Path(__file__).parents[1] / "data"
FILES = sorted(DATA.glob("*.eml"))
ARRIVED = datetime(2026, 10, 5, 7, 30, tzinfo=UTC)


@pytest.fixture
def fetched(mailbox, tmp_path):
    """Every fixture mail appended to Dovecot and fetched back by mailbot's IMAP adapter."""
    mailbox.append("INBOX", [(f.read_bytes(), ARRIVED) for f in FILES])
    account = config_for(mailbox, tmp_path).mailboxes[0].imap
    with ImapMailbox(account) as imap:
        imap.select("INBOX")
        uids = imap.uids_after(0)
        raws = imap.fetch(uids)
    return [raws[uid] for uid in sorted(raws)]


def test_imap_fetch_parses_like_the_file(fetched):
    """Subject, sender, ids, date, text and attachments agree between IMAP and file parsing."""
    assert len(fetched) == len(FILES)
    for path, raw in zip(FILES, fetched, strict=True):
        via_imap = parse_message(raw)
        via_file = parse_message(raw_from_bytes(path.read_bytes(), ARRIVED))
        for attr in (
            "message_id",
            "subject",
            "from_",
            "to",
            "date",
            "in_reply_to",
            "references",
            "text",
            "quoted",
            "attachments",
            "html_only",
        ):
            assert getattr(via_imap, attr) == getattr(via_file, attr), (path.name, attr)


def test_internal_date_comes_from_the_server(fetched):
    """INTERNALDATE reaches the parsed message as an aware UTC datetime."""
    assert {raw.internal_date for raw in fetched} == {ARRIVED}
