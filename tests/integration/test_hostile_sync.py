"""Huge, many-part and deeply nested mail through a real IMAP sync: kept, bounded, no crash."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from mailbot.domain.parsing import MAX_WANTED_PARTS
from mailbot.store.models import Message
from tests.hostile_mail import HEAD, LINE, huge_message, many_parts
from tests.integration.syncrig import Env
from tests.mailgen import T0

pytestmark = pytest.mark.integration


def nested(depth: int) -> bytes:
    """`depth` multiparts inside each other, a text part at the bottom."""
    opens = b"".join(b'Content-Type: multipart/mixed; boundary="N%d"\r\n\r\n--N%d\r\n' % (i, i)
                     for i in range(depth))  # fmt: skip
    closes = b"".join(b"\r\n--N%d--\r\n" % i for i in reversed(range(depth)))
    return HEAD + opens + b"Content-Type: text/plain\r\n\r\n" + LINE + closes


def test_huge_many_part_and_nested_mail_sync_and_are_kept(mailbox, tmp_path):
    """Every message is stored with its text, the part cap recorded as a defect."""
    raws = [many_parts(3000), huge_message(6), nested(300)]
    mailbox.append("INBOX", [(raw.replace(b"<big@", b"<big%d@" % i), T0)
                             for i, raw in enumerate(raws)])  # fmt: skip
    env = Env(mailbox, tmp_path)
    started = time.perf_counter()
    env.sync()
    assert time.perf_counter() - started < 20
    with env.sessions() as s:
        stored = {m.message_id: m for m in s.scalars(select(Message))}
    assert set(stored) == {"<big0@acme-lighting.de>", "<big1@acme-lighting.de>",
                           "<big2@acme-lighting.de>"}  # fmt: skip
    many, huge = stored["<big0@acme-lighting.de>"], stored["<big1@acme-lighting.de>"]
    assert f"only the first {MAX_WANTED_PARTS} text parts read" in many.defects
    assert many.text.count("Please quote") <= MAX_WANTED_PARTS
    assert huge.text.startswith("Please quote")
    assert stored["<big2@acme-lighting.de>"].defects  # 300 levels deep: kept, flagged
