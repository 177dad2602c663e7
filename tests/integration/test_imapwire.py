"""imapwire against Dovecot: the same rows as imapclient's own `fetch`, value for value."""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from mailbot.adapters import imapwire
from mailbot.adapters.bodystructure import parts_from_bodystructure
from mailbot.adapters.imap import META_ITEMS, TEXT_LIMIT, ImapMailbox
from mailbot.domain.parsing import wanted_parts
from mailbot.errors import MailboxError, TemporaryMailboxError
from tests.integration.syncrig import config_for

pytestmark = pytest.mark.integration
REPO = Path(__file__).parents[2]
FILES = sorted((REPO / "tests" / "data").glob("*.eml"))
ARRIVED = datetime(2026, 10, 5, 7, 30, tzinfo=UTC)
CORPUS_SIZE = 300
BATCH = 50
NAME = 'Präsentation "Q1" (final).pdf'.encode()  # 8-bit and quotes: Dovecot sends a literal
# Shapes the fixture files lack: literals inside BODYSTRUCTURE, escapes and "{5}" in
# quoted strings, a tab in a description, a nested message/rfc822, an empty body.
EXTRA = [
    b"From: a@example.com\r\nSubject: shapes\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="BB"\r\n\r\n'
    b"--BB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
    b'--BB\r\nContent-Type: application/pdf; name="' + NAME.replace(b'"', b'\\"') + b'"\r\n'
    b'Content-Disposition: attachment; filename="' + NAME.replace(b'"', b'\\"') + b'"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n"
    b'--BB\r\nContent-Type: text/plain; name="back\\\\slash {5} (x).txt"\r\n'
    b"Content-Description: tab\there\r\n\r\nxx\r\n"
    b"--BB\r\nContent-Type: message/rfc822\r\n\r\n"
    b"From: b@example.com\r\nSubject: inner\r\nContent-Type: text/html\r\n\r\n<p>in</p>\r\n"
    b"--BB--\r\n",
    b"From: a@example.com\r\nSubject: empty\r\n\r\n",
]


def corpus(n: int, seed: int) -> list:
    """`n` messages of the benchmark's generator (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return list(module.generate(n, seed))


@pytest.fixture
def account(mailbox, tmp_path):
    """Fixture mail, the odd shapes above and a slice of the benchmark corpus, in INBOX."""
    mailbox.append("INBOX", [(f.read_bytes(), ARRIVED) for f in FILES])
    mailbox.append("INBOX", [(raw, ARRIVED) for raw in EXTRA])
    mailbox.append("INBOX", [(m.raw, m.when) for m in corpus(CORPUS_SIZE, seed=7)])
    return config_for(mailbox, tmp_path).mailboxes[0].imap


@pytest.fixture
def imap(account):
    with ImapMailbox(account) as imap:
        imap.select("INBOX")
        yield imap


def batches(uids: list[int]) -> list[list[int]]:
    return [uids[i : i + BATCH] for i in range(0, len(uids), BATCH)]


def assert_same_rows(mine: dict, theirs: dict) -> None:
    assert mine.keys() == theirs.keys()
    for uid, row in theirs.items():
        assert mine[uid].keys() == row.keys(), uid
        if b"BODYSTRUCTURE" in row:
            ours = parts_from_bodystructure(mine[uid][b"BODYSTRUCTURE"])
            assert ours == parts_from_bodystructure(row[b"BODYSTRUCTURE"]), uid
        for key, value in row.items():
            assert (mine[uid][key], type(mine[uid][key])) == (value, type(value)), (uid, key)
        if b"INTERNALDATE" in row:
            assert mine[uid][b"INTERNALDATE"].utcoffset() == row[b"INTERNALDATE"].utcoffset()


def test_meta_rows_equal_imapclients(imap):
    """Header, BODYSTRUCTURE, INTERNALDATE and size parse exactly as imapclient parses them."""
    uids = imap.uids_after(0)
    assert len(uids) == len(FILES) + len(EXTRA) + CORPUS_SIZE
    for batch in batches(uids):
        mine = imapwire.uid_fetch(imap.client._imap, batch, META_ITEMS)
        assert_same_rows(mine, imap.client.fetch(batch, META_ITEMS))


def test_text_part_rows_equal_imapclients(imap):
    """The partial text-part fetches of fill_parts parse exactly as imapclient parses them."""
    by_sections: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for uid, raw in imap.fetch_meta(imap.uids_after(0)).items():
        by_sections[tuple(p.section for p in wanted_parts(raw.parts))].append(uid)
    assert len(by_sections) > 3  # the corpus gives several layouts
    for sections, uids in by_sections.items():
        items = [f"BODY.PEEK[{s}]<0.{TEXT_LIMIT}>" for s in sections or ("1",)]
        for batch in batches(uids):
            mine = imapwire.uid_fetch(imap.client._imap, batch, items)
            assert_same_rows(mine, imap.client.fetch(batch, items))


def test_literals_and_escapes_inside_bodystructure(imap):
    """A parameter Dovecot sends as a literal, and escapes in quoted ones, come out exact."""
    uid = imap.uids_after(0)[len(FILES)]
    structure = imapwire.uid_fetch(imap.client._imap, [uid], META_ITEMS)[uid][b"BODYSTRUCTURE"]
    text, pdf, named, message = structure[0]
    assert pdf[2] == (b"name", NAME) and pdf[8] == (b"attachment", (b"filename", NAME))
    assert named[2][:2] == (b"name", b"back\\slash {5} (x).txt") and named[4] == b"tab\there"
    assert (message[0], message[1], message[8][:2]) == (b"message", b"rfc822", (b"text", b"html"))
    raw = imap.fetch([uid])[uid]
    assert raw.parts[0].payload == b"hello" and raw.parts[1].filename is not None


def test_fetch_equals_the_imapclient_fallback(imap, monkeypatch):
    """fetch() gives the same messages whether imapwire parses or imapclient does (fallback)."""
    uids = imap.uids_after(0)
    with capture_logs() as fast_logs:
        fast = imap.fetch(uids)

    def unsure(*args, **kwargs):
        raise imapwire.UnparsedResponse("test")

    monkeypatch.setattr(imapwire, "uid_fetch", unsure)
    with capture_logs() as slow_logs:
        slow = imap.fetch(uids)
    assert fast == slow
    assert not [e for e in fast_logs if e["event"] == "imap_fetch_unparsed"]
    assert {e["log_level"] for e in slow_logs if e["event"] == "imap_fetch_unparsed"} == {"warning"}


def test_fetch_without_a_selected_folder_is_a_permanent_error(account):
    """imaplib's own refusal maps to MailboxError, as imapclient's did."""
    with ImapMailbox(account) as imap, pytest.raises(MailboxError) as caught:
        imap.fetch_meta([1])
    assert not isinstance(caught.value, TemporaryMailboxError)


def test_a_dropped_connection_is_temporary(imap, mailbox):
    """The server closing the connection mid-session is a TemporaryMailboxError."""
    uids = imap.uids_after(0)
    mailbox.server.doveadm("kick", mailbox.user)
    with pytest.raises(TemporaryMailboxError):
        imap.fetch_meta(uids)
