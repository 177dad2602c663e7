"""RawMessage → ParsedMessage, and whole-message bytes → RawMessage.

`parse_message` sees only the header block and the fetched body parts, so the
IMAP adapter (BODYSTRUCTURE + BODY.PEEK[section]<0.PART_LIMIT>) and the file
importer (`raw_from_bytes`) give the same result for the same message. Part
payloads stay transfer-encoded, exactly as IMAP BODY[section] returns them; a
message/rfc822 part's payload is the enclosed message (we read its header).
Nothing here raises on bad input: problems go to `ParsedMessage.defects`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import compat32
from functools import partial
from typing import TypeVar

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

from mailbot.domain import headerfields as hf
from mailbot.domain.charsets import decode_8bit, decode_text, decode_transfer, decode_words
from mailbot.domain.charsets import sniff_html_charset as _html_charset
from mailbot.domain.message import Address, BodyPart, ParsedMessage, RawMessage
from mailbot.domain.mimetree import ENCLOSED as _ENCLOSED
from mailbot.domain.mimetree import mime_leaves, payload_bytes
from mailbot.domain.quoting import split_reply

PART_LIMIT = 262_144  # bytes of one part we keep (IMAP: BODY.PEEK[n]<0.262144>)
_TEXT = ("text/plain", "text/html")
_REPORTS = ("message/delivery-status", "message/global-delivery-status")
_HEADERS_ONLY = ("text/rfc822-headers", "message/global-headers")
_SELECTED = (
    "auto-submitted", "precedence", "x-autoreply", "x-autorespond", "x-auto-response-suppress",
    "list-id", "list-unsubscribe", "return-path", "content-type", "x-failed-recipients",
    "x-mailer", "user-agent", "feedback-type", "organization",
)  # fmt: skip
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FUTURE_SLACK = timedelta(days=2)
_HTML_CONFIG = ParserConfig(css=CSS_PROFILES["strict"])
_T = TypeVar("_T")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls but \t \n \r


# -- whole messages → RawMessage ------------------------------------------------------------
def raw_from_bytes(data: bytes, internal_date: datetime | None = None) -> RawMessage:
    """A RawMessage from a whole message (mbox/Maildir/.eml), parts as IMAP would give them."""
    if data.startswith(b"From "):  # mbox envelope line, not a header
        data = data.partition(b"\n")[2]
    m = re.search(rb"(?:\A|\n)\r?\n", data)  # the blank line that ends the header
    header, body = (data[: m.end()], data[m.end() :]) if m else (data, b"")
    defects: list[str] = []
    try:
        # Re-emit the header we read, so a broken line cannot end it early for the stdlib.
        fields = hf.split_header_block(header)
        clean = b"".join(n.encode() + b": " + v + b"\r\n" for n, v in fields) + b"\r\n"
        msg = BytesParser(policy=compat32).parsebytes(clean + body)
        leaves = mime_leaves(msg, defects)
    except Exception as exc:  # the stdlib parser is lenient; this is a last line of defence
        return RawMessage(header, [], len(data), internal_date, [f"mime unreadable: {exc!r}"])
    wanted = {id(p) for p in wanted_parts([p for p, _ in leaves])}
    for part, source in leaves:
        if id(part) in wanted:
            part.payload = payload_bytes(part, source, defects)[:PART_LIMIT]
    return RawMessage(header, [p for p, _ in leaves], len(data), internal_date, defects)


def wanted_parts(parts: Sequence[BodyPart]) -> list[BodyPart]:
    """The parts whose bytes parse_message reads: body text, reports, enclosed headers.

    text/html is skipped when a text/plain part sits beside it or beside one of its
    ancestors (multipart/alternative); parts inside an enclosed message are skipped.
    Fetch at most PART_LIMIT bytes of each.
    """
    enclosed = [p.section + "." for p in parts if p.content_type in _ENCLOSED]
    top = [p for p in parts if not any(p.section.startswith(e) for e in enclosed)]
    plain_parents = [_parent(p.section) for p in top if _is_body(p, "text/plain")]
    out = []
    for p in top:
        if _is_body(p, "text/html"):
            if not any(_is_within(p.section, parent) for parent in plain_parents):
                out.append(p)
        elif _is_body(p, "text/plain") or p.content_type in _REPORTS + _ENCLOSED + _HEADERS_ONLY:
            out.append(p)
    return out


def _parent(section: str) -> str:
    return section.rpartition(".")[0]


def _is_within(section: str, parent: str) -> bool:
    return parent == "" or section.startswith(parent + ".")


def _is_body(part: BodyPart, ctype: str) -> bool:
    return part.content_type == ctype and not _is_attachment(part)


def _is_attachment(part: BodyPart) -> bool:
    return part.disposition == "attachment" or bool(part.filename)


# -- RawMessage → ParsedMessage --------------------------------------------------------------
def parse_message(raw: RawMessage) -> ParsedMessage:
    """Interpret a RawMessage. Never raises: problems are recorded in `defects`."""
    defects = [f"structure: {d}" for d in raw.structure_defects]
    try:
        return _parse(raw, defects)
    except Exception as exc:  # a bug here must not stop the mailbox loop
        defects.append(f"parse failed: {exc!r}")
        return _unparsed(raw, defects)


def _parse(raw: RawMessage, defects: list[str]) -> ParsedMessage:
    no_fields: list[tuple[str, bytes]] = []
    fields = _guard(lambda: hf.split_header_block(raw.header), no_fields, defects, "header block")
    first: dict[str, bytes] = {}
    for name, value in fields:
        first.setdefault(name, value)
    hints = _charset_hints(raw.parts)
    text, html_only, reports, enclosed = _body(raw.parts, defects)
    new, quoted, signature = _guard(lambda: split_reply(text), (text, "", ""), defects, "split")
    date, offset, from_header = _date(first.get("date"), raw.internal_date, defects)
    msgid, derived = _message_id(first, text, defects)
    return ParsedMessage(
        message_id=msgid,
        message_id_derived=derived,
        subject=_header_text(first.get("subject", b""), hints),
        from_=_guard(lambda: hf.sender(first.get("from"), hints), None, defects, "from"),
        to=_addresses(fields, "to", hints, defects),
        cc=_addresses(fields, "cc", hints, defects),
        reply_to=_addresses(fields, "reply-to", hints, defects),
        date=date,
        date_offset_minutes=offset,
        date_from_header=from_header,
        in_reply_to=next(iter(hf.message_ids(first.get("in-reply-to"))), None),
        references=hf.message_ids(first.get("references")),
        text=new,
        quoted=quoted,
        signature=signature,
        html_only=html_only,
        attachments=_attachments(raw.parts),
        size=raw.size,
        headers={n: _header_text(first[n], hints)[:1024] for n in _SELECTED if n in first},
        defects=defects,
        delivery_status=reports,
        enclosed_headers=enclosed,
        internal_date=_aware(raw.internal_date),
    )


def _guard(step: Callable[[], _T], default: _T, defects: list[str], what: str) -> _T:
    try:
        return step()
    except Exception as exc:  # one bad field must not lose the rest of the message
        defects.append(f"{what} failed: {exc!r}")
        return default


def _unparsed(raw: RawMessage, defects: list[str]) -> ParsedMessage:
    digest = hashlib.sha256(raw.header + b"".join(p.payload or b"" for p in raw.parts))
    return ParsedMessage(
        message_id=f"<{digest.hexdigest()[:32]}@mailbot.invalid>",
        message_id_derived=True,
        subject="",
        from_=None,
        to=[],
        cc=[],
        reply_to=[],
        date=_aware(raw.internal_date) or _EPOCH,
        date_offset_minutes=None,
        date_from_header=False,
        in_reply_to=None,
        references=[],
        text="",
        quoted="",
        signature="",
        html_only=False,
        attachments=[],
        size=raw.size,
        headers={},
        defects=defects,
        internal_date=_aware(raw.internal_date),
    )


def _header_text(value: bytes, hints: Sequence[str]) -> str:
    return hf.clean_text(decode_words(decode_8bit(value, hints), hints))


def _addresses(
    fields: list[tuple[str, bytes]], name: str, hints: Sequence[str], defects: list[str]
) -> list[Address]:
    value = b", ".join(v for n, v in fields if n == name)
    return _guard(lambda: hf.addresses(value, hints), [], defects, name)


def _charset_hints(parts: Sequence[BodyPart]) -> list[str]:
    """Body charsets: the likeliest encoding of raw 8-bit bytes in the header."""
    return list(dict.fromkeys(p.charset for p in parts if p.charset))


def _date(
    value: bytes | None, internal: datetime | None, defects: list[str]
) -> tuple[datetime, int | None, bool]:
    when, offset, problem = hf.parse_date(value)
    arrival = _aware(internal)
    if when is not None and arrival is not None and when > arrival + _FUTURE_SLACK:
        problem = f"date {when.isoformat()} is after arrival"
        when = None
    if when is not None:
        return when, offset, True
    defects.append(f"{problem}; using arrival time")
    if arrival is not None:
        return arrival, None, False
    defects.append("no arrival time either: using 1970-01-01")
    return _EPOCH, None, False


def _aware(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _message_id(first: dict[str, bytes], text: str, defects: list[str]) -> tuple[str, bool]:
    """The Message-ID, or one derived from what every copy of the message shares."""
    ids = hf.message_ids(first.get("message-id"))
    if ids:
        return ids[0], False
    defects.append("message-id missing; derived one")
    digest = hashlib.sha256()
    for name in ("from", "to", "date", "subject"):
        digest.update(b" ".join(first.get(name, b"").split()) + b"\x00")
    digest.update(text[:2048].strip().encode("utf-8", "surrogatepass"))
    return f"<{digest.hexdigest()[:32]}@mailbot.invalid>", True


def _body(parts: Sequence[BodyPart], defects: list[str]) -> tuple[str, bool, str, str]:
    """(body text, came from HTML, delivery-status text, enclosed header text)."""
    plain: list[str] = []
    html: list[str] = []
    reports: list[str] = []
    enclosed: list[str] = []
    for part in wanted_parts(parts):
        if part.payload is None:
            continue
        data, notes = decode_transfer(part.payload, part.encoding)
        defects.extend(f"part {part.section}: {n}" for n in notes)
        if part.content_type in _TEXT:
            text = _guard(partial(_part_text, part, data, defects), "", defects, "text")
            (plain if part.content_type == "text/plain" else html).append(text)
        elif part.content_type in _ENCLOSED + _HEADERS_ONLY:
            enclosed.append(decode_8bit(re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0]))
        else:
            reports.append(decode_8bit(data))
    text = "\n".join(plain) if plain else "\n".join(html)
    reports_text = _normalise("\n".join(reports)).strip()
    enclosed_text = _normalise("\n".join(enclosed)).strip()
    return _normalise(text), not plain and bool(html), reports_text, enclosed_text


def _part_text(part: BodyPart, data: bytes, defects: list[str]) -> str:
    truncated = part.payload is not None and part.size > len(part.payload)
    if truncated:
        defects.append(f"part {part.section}: text truncated")
    charset = part.charset
    if part.content_type == "text/html" and not charset:
        charset = _html_charset(data)
    text, notes = decode_text(data, charset, truncated)
    defects.extend(f"part {part.section}: {n}" for n in notes)
    return get_text(text, _HTML_CONFIG) if part.content_type == "text/html" else text


def _normalise(text: str) -> str:
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _attachments(parts: Sequence[BodyPart]) -> list[str]:
    enclosed = [p.section + "." for p in parts if p.content_type in _ENCLOSED]
    return [
        hf.clean_text(decode_words(p.filename)) if p.filename else "(unnamed)"
        for p in parts
        if _is_attachment(p) and not any(p.section.startswith(e) for e in enclosed)
    ]
