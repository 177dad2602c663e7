"""Reading individual header fields: the block itself, addresses, message ids, dates.

Functions here take raw header values and never raise; a value they cannot use
gives an empty result (and, for dates, a note saying why).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from email.utils import getaddresses, parsedate_tz

from mailbot.domain.charsets import decode_8bit, decode_words
from mailbot.domain.message import Address

# Zone names seen in real Date headers; RFC 5322 knows only the US ones.
_ZONES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "CET": 60, "MET": 60,
    "WEST": 60, "CEST": 120, "MEST": 120, "EET": 120, "EEST": 180, "SAST": 120, "MSK": 180,
    "IST": 330, "PKT": 300, "ICT": 420, "WIB": 420, "HKT": 480, "SGT": 480, "PHT": 480,
    "AWST": 480, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "BRT": -180, "ART": -180,
}  # fmt: skip
_NAMED_ZONE = re.compile(r"\s([A-Za-z]{1,5})\s*$")
_GMT_OFFSET = re.compile(r"\s(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$", re.IGNORECASE)
_COMMENT = re.compile(r"\([^()]*\)")
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?")
_MSG_ID = re.compile(r"<([^<>]*)>|([^\s<>,;\"()]+@[^\s<>,;\"()]+)")
_ADDR_SPEC = re.compile(r"[^\s@<>()\[\]\\,;:\"]+@[^\s@<>()\\,;:\"]+\.[^\s@<>()\\,;:\".]+")
_ADDRESS_FIELDS = {b"from", b"to", b"cc", b"bcc", b"reply-to", b"sender"}
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def split_header_block(block: bytes) -> list[tuple[str, bytes]]:
    """(lower-case name, unfolded raw value) pairs in order.

    A line without a colon is dropped, except an address continuing an address
    field whose fold lost its leading whitespace.
    """
    return list(header_fields(block))


def header_fields(block: bytes) -> Iterator[tuple[str, bytes]]:
    """`split_header_block` one field at a time, each as soon as it is complete: a
    caller after one early field need not split the rest."""
    field: list[bytes] | None = None  # [name, value] of the field being read
    for line in block.splitlines():
        folded = line[:1] in (b" ", b"\t")
        if not line.strip():
            if field and folded:
                continue  # a whitespace-only fold line: not the end of the header
            break
        name, sep, value = line.partition(b":")
        if folded and field:
            field[1] += line
        elif sep and name.strip() and b" " not in name.strip():
            if field:
                yield field[0].decode("ascii", "replace"), field[1].strip()
            field = [name.strip().lower(), value]
        elif field and field[0] in _ADDRESS_FIELDS and b"@" in line:
            field[1] += b" " + line
    if field:
        yield field[0].decode("ascii", "replace"), field[1].strip()


def addresses(value: bytes, hints: Sequence[str] = ()) -> list[Address]:
    """The usable mailboxes in an address header, display names decoded."""
    return list(_addresses(value, tuple(hints)))


@functools.lru_cache(maxsize=8192)
def _addresses(value: bytes, hints: tuple[str, ...]) -> tuple[Address, ...]:
    # A mailbox's headers name the same few hundred correspondents over and over
    # (~90% repeats): getaddresses is slow, so each distinct value is parsed once.
    out: list[Address] = []
    for name, email in getaddresses([decode_8bit(value, hints)]):
        email = email.strip().lower()
        if _ADDR_SPEC.fullmatch(email):
            out.append(Address(email=email, name=clean_text(decode_words(name, hints))))
    return tuple(out)


def sender(value: bytes | None, hints: Sequence[str] = ()) -> Address | None:
    """The first From mailbox; a name-only From gives an Address with email ""."""
    if value is None:
        return None
    found = addresses(value, hints)
    if found:
        return found[0]
    text = clean_text(decode_words(decode_8bit(value, hints), hints)).strip("\"' ")
    return Address(email="", name=text[:200]) if text else None


def message_ids(value: bytes | None) -> list[str]:
    """All message ids in a header as "<...>", in order, deduplicated."""
    if not value:
        return []
    text = decode_8bit(value)
    seen: dict[str, None] = {}
    for m in _MSG_ID.finditer(text):
        inner = "".join((m.group(1) if m.group(1) is not None else m.group(2)).split())
        if inner and len(inner) <= 998:
            seen.setdefault(f"<{inner}>", None)
    if not seen and (bare := text.strip()) and len(bare) <= 998 and not re.search(r"[\s<>]", bare):
        seen[f"<{bare}>"] = None  # a bare token without brackets or "@"
    return list(seen)


def parse_date(value: bytes | None) -> tuple[datetime | None, int | None, str | None]:
    """(aware UTC datetime, UTC offset in minutes or None for ±0000, problem) from a Date value."""
    if not value or not value.strip():
        return None, None, "date missing"
    text = " ".join(_COMMENT.sub(" ", decode_8bit(value)).split())
    parts = _date_parts(text)
    if parts is None:
        return None, None, f"date unparseable: {text[:80]!r}"
    (year, month, day, hour, minute, second), offset_s = parts
    try:
        local = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None, None, f"date out of range: {text[:80]!r}"
    if offset_s is not None and abs(offset_s) >= 86400:
        return None, None, f"date zone out of range: {text[:80]!r}"
    offset = timedelta(seconds=offset_s or 0)
    when = local.replace(tzinfo=timezone(offset)).astimezone(UTC)
    if not _EARLIEST <= when < _LATEST:
        return None, None, f"date implausible: {when.isoformat()}"
    minutes = int(offset.total_seconds() // 60) if offset_s else None
    return when, minutes, None


def clean_text(text: str) -> str:
    """Unfolded, single-spaced header text."""
    return " ".join(text.split())


def _date_parts(text: str) -> tuple[tuple[int, ...], int | None] | None:
    rewritten = _numeric_zone(text)
    try:
        tup = parsedate_tz(rewritten)
    except (ValueError, IndexError, TypeError):
        tup = None
    if tup is not None:
        return (*tup[:5], min(tup[5], 59)), tup[9]  # no leap seconds in datetime
    m = _ISO.search(text)
    if m is None:
        return None
    fields = tuple(int(g or 0) for g in m.groups())
    tail = _GMT_OFFSET.search(" " + text[m.end() :])
    return fields, _offset_seconds(tail) if tail else None


def _numeric_zone(text: str) -> str:
    """Rewrite a trailing zone name or "GMT+8" into "+hhmm", which parsedate understands."""
    if re.search(r"[+-]\d{4}\s*$", text):
        return text
    if m := _GMT_OFFSET.search(text):
        return f"{text[: m.start()]} {_hhmm(_offset_seconds(m) // 60)}"
    m = _NAMED_ZONE.search(text)
    if m and m.group(1).upper() in _ZONES:
        return f"{text[: m.start()]} {_hhmm(_ZONES[m.group(1).upper()])}"
    return text


def _hhmm(minutes: int) -> str:
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _offset_seconds(m: re.Match[str]) -> int:
    seconds = int(m.group(2)) * 3600 + int(m.group(3) or 0) * 60
    return -seconds if m.group(1) == "-" else seconds
