"""The MIME tree of a parsed message as IMAP sees it: leaves with section numbers.

Numbering follows RFC 3501: a single-part message's body is "1"; children of a
multipart are 1, 2, … under its number. A message/rfc822 part is one leaf, as in
BODYSTRUCTURE as our IMAP adapter reads it; its payload is the enclosed message.
"""

from __future__ import annotations

from email.message import Message
from email.policy import compat32

from mailbot.domain.charsets import decode_8bit, decode_words
from mailbot.domain.message import BodyPart

ENCLOSED = ("message/rfc822", "message/global")
_MAX_DEPTH = 40
_AS_SENT = compat32.clone(linesep="\r\n", max_line_length=0)  # CRLF, no refolding


def mime_leaves(msg: Message, defects: list[str]) -> list[tuple[BodyPart, Message]]:
    """(BodyPart without payload, its stdlib node) for each leaf, in document order."""
    leaves: list[tuple[BodyPart, Message]] = []
    _walk(msg, "", leaves, defects, 0)
    return leaves


def _walk(
    msg: Message, prefix: str, out: list[tuple[BodyPart, Message]], defects: list[str], depth: int
) -> None:
    defects.extend(f"{prefix or 'message'}: {type(d).__name__}" for d in msg.defects)
    payload = msg.get_payload()
    if msg.get_content_maintype() == "multipart" and isinstance(payload, list):
        if depth > _MAX_DEPTH:
            defects.append("mime nesting too deep")
            return
        for i, sub in enumerate(payload, start=1):
            _walk(sub, f"{prefix}.{i}" if prefix else str(i), out, defects, depth + 1)
        return
    out.append((_leaf(msg, prefix or "1"), msg))


def _leaf(msg: Message, section: str) -> BodyPart:
    ctype = msg.get_content_type()
    raw = _raw_text(msg)
    size = len(raw) if raw is not None else 0  # message/rfc822: set when wanted
    encoding = str(msg.get("content-transfer-encoding", "")).strip().lower() or None
    return BodyPart(
        content_type=ctype,
        charset=msg.get_content_charset(),
        encoding=encoding,
        filename=_filename(msg),
        disposition=msg.get_content_disposition(),
        section=section,
        size=size,
    )


def _filename(msg: Message) -> str | None:
    try:
        name = msg.get_filename()
    except (LookupError, ValueError, UnicodeError):
        return None
    if name is None:
        return None
    raw = name.encode("utf-8", "surrogateescape")  # compat32 keeps 8-bit bytes as surrogates
    return " ".join(decode_words(decode_8bit(raw)).split())


def payload_bytes(part: BodyPart, msg: Message, defects: list[str]) -> bytes:
    raw = _raw_text(msg)
    if raw is not None:
        return raw.encode("ascii", "surrogateescape")
    payload = msg.get_payload()
    blocks = [b for b in payload if isinstance(b, Message)] if isinstance(payload, list) else []
    try:
        # The stdlib parsed these into sub-messages: re-serialise as IMAP would send them.
        if part.content_type in ENCLOSED and blocks:
            data = blocks[0].as_bytes(policy=_AS_SENT)
        else:  # message/delivery-status: header-like blocks
            data = b"".join(block.as_bytes(policy=_AS_SENT) for block in blocks).rstrip(b"\r\n")
        part.size = len(data)
        return data
    except Exception as exc:  # the generator chokes on some broken headers
        defects.append(f"part {part.section} not re-serialisable: {exc!r}")
        return b""


def _raw_text(msg: Message) -> str | None:
    """The body as parsed: bytes held as surrogate escapes; None for parsed sub-messages.

    get_payload() re-decodes 8-bit text with the declared charset, so read _payload.
    """
    raw = getattr(msg, "_payload", None)
    return raw if isinstance(raw, str) else None
