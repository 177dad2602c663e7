"""Huge and many-part mail: parsed within bounds, structure kept, defects recorded.

Small copies of bench/hostile_bench.py's cases (50 MB, 10,000 parts); the figures
for the full sizes are in bench/README.md.
"""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.domain import parsing
from mailbot.domain.classify import classify
from mailbot.domain.message import BodyPart, RawMessage
from mailbot.domain.parsing import MAX_WANTED_PARTS, parse_message, raw_from_bytes, wanted_parts
from tests.hostile_mail import HEAD, huge_message, many_parts

ARRIVAL = datetime(2026, 9, 1, tzinfo=UTC)


def test_a_huge_message_is_cut_before_parsing_and_keeps_its_parts(monkeypatch):
    """Parts over SEGMENT_LIMIT are cut at a line end: the tree, text and attachment stay,
    memory stays a few times the limit, not ~8x the message."""
    monkeypatch.setattr(parsing, "SEGMENT_LIMIT", 512 * 1024)
    data = huge_message(8)
    tracemalloc.start()
    try:
        raw = raw_from_bytes(data, ARRIVAL)
        parsed = parse_message(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.content_type for p in raw.parts] == ["text/plain", "application/pdf"]
    assert raw.size == len(data) and parsed.attachments == ["spec.pdf"]
    assert parsed.text.startswith("Please quote 200 pieces") and "\r" not in parsed.text
    assert "structure: 2 part(s) over 524288 bytes cut before parsing" in parsed.defects
    assert peak < 24 * 2**20, f"{peak / 2**20:.0f} MB"  # uncut: ~64 MB
    assert classify(parsed).kind == "human"


def test_ten_thousand_parts_in_miniature_read_only_the_first_text_parts():
    """A many-part message parses in bounded time; only MAX_WANTED_PARTS are read."""
    data = many_parts(600)
    started = time.perf_counter()
    raw = raw_from_bytes(data, ARRIVAL)
    parsed = parse_message(raw)
    classify(parsed)
    assert time.perf_counter() - started < 5
    assert len(raw.parts) == 612  # a nested alternative adds a leaf every 50 parts
    assert len(wanted_parts(raw.parts)) == MAX_WANTED_PARTS
    assert f"only the first {MAX_WANTED_PARTS} text parts read" in parsed.defects
    assert parsed.text.count("Please quote") == sum(
        1 for p in wanted_parts(raw.parts) if p.content_type == "text/plain" and p.size > 20
    )


def test_choosing_parts_is_linear_in_the_number_of_parts():
    """20,000 alternatives and 500 enclosed messages: the choice takes well under a second
    (it compared every HTML part with every plain one: tens of seconds)."""
    parts = [BodyPart(t, section=f"{i}.{j}") for i in range(1, 20_001)
             for j, t in ((1, "text/plain"), (2, "text/html"))]  # fmt: skip
    parts += [BodyPart("message/rfc822", section=f"{i}") for i in range(20_001, 20_501)]
    parts += [BodyPart("text/plain", section=f"{i}.1") for i in range(20_001, 20_501)]
    raw = RawMessage(HEAD + b"\r\n", parts, 1, ARRIVAL)
    started = time.perf_counter()
    chosen = wanted_parts(parts)
    parsed = parse_message(raw)
    assert time.perf_counter() - started < 2
    assert [p.section for p in chosen] == [f"{i}.1" for i in range(1, MAX_WANTED_PARTS + 1)]
    assert parsed.attachments == []


LEAVES = st.sampled_from([b"text/plain", b"text/html", b"application/pdf"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(LEAVES, st.integers(0, 3000), st.booleans()), min_size=1, max_size=6))
def test_cutting_keeps_the_mime_tree(leaves: list[tuple[bytes, int, bool]]) -> None:
    """Whatever the part sizes and stray "--" lines in bodies, cutting big stretches
    keeps every part, its type and its section; only payload bytes go."""
    body = b"".join(
        b"--B\r\nContent-Type: " + ctype + b"\r\n\r\n" + (b"line\r\n" * (n // 6))
        + (b"-- \r\nsignature\r\n" if dash else b"")
        for ctype, n, dash in leaves
    )  # fmt: skip
    data = HEAD + b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n' + body + b"--B--\r\n"
    whole = raw_from_bytes(data, ARRIVAL)
    saved, parsing.SEGMENT_LIMIT = parsing.SEGMENT_LIMIT, 64
    try:
        cut = raw_from_bytes(data, ARRIVAL)
    finally:
        parsing.SEGMENT_LIMIT = saved
    shape = [(p.content_type, p.section) for p in whole.parts]
    assert [(p.content_type, p.section) for p in cut.parts] == shape
    assert parse_message(cut).message_id == parse_message(whole).message_id
