"""IMAP BODYSTRUCTURE → the list of MIME leaves (`BodyPart`) with section numbers.

Pure and defensive: servers differ in how they fill optional fields, and a
malformed structure must give a defect, not an exception.
"""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from email.utils import collapse_rfc2231_value, decode_params
from typing import Any

from imapclient.response_types import BodyData

from mailbot.domain.message import BodyPart

_ESCAPED = re.compile(r"\\(.)")


def parts_from_bodystructure(bs: Any) -> tuple[list[BodyPart], list[str]]:
    parts: list[BodyPart] = []
    defects: list[str] = []
    if bs is None:
        return parts, ["no BODYSTRUCTURE from server"]
    try:
        _walk(_as_body(bs), "", parts)
    except (IndexError, TypeError, ValueError, AttributeError) as exc:
        defects.append(f"unreadable BODYSTRUCTURE: {exc}")
    return parts, defects


def _as_body(node: Any) -> Any:
    return (
        BodyData.create(node)
        if isinstance(node, tuple) and not isinstance(node, BodyData)
        else node
    )


def _walk(node: Any, prefix: str, out: list[BodyPart]) -> None:
    if isinstance(node[0], list):  # multipart: children are 1, 2, … under the prefix
        for i, child in enumerate(node[0], start=1):
            _walk(_as_body(child), f"{prefix}.{i}" if prefix else str(i), out)
        return
    section = prefix or "1"  # a single-part message's body is section 1
    mtype, subtype = _s(node[0]).lower(), _s(node[1]).lower()
    params = _pairs(node[2])
    is_message = (mtype, subtype) == ("message", "rfc822")
    disposition_at = 11 if is_message else (9 if mtype == "text" else 8)
    disposition, dparams = _disposition(node, disposition_at)
    out.append(
        BodyPart(
            content_type=f"{mtype}/{subtype}",
            charset=params.get("charset"),
            encoding=_s(node[5]).lower() if node[5] else None,
            filename=_filename(dparams, params),
            disposition=disposition,
            section=section,
            size=int(node[6]) if isinstance(node[6], int) else 0,
        )
    )


def _s(value: Any) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def _pairs(value: Any) -> dict[str, str]:
    if not isinstance(value, tuple):
        return {}
    items = list(value)
    return {_s(k).lower(): _s(v) for k, v in zip(items[::2], items[1::2], strict=False)}


def _disposition(node: Any, index: int) -> tuple[str | None, dict[str, str]]:
    if len(node) <= index or not isinstance(node[index], tuple) or not node[index]:
        return None, {}
    value = node[index]
    return _s(value[0]).lower() or None, _pairs(value[1] if len(value) > 1 else None)


def _filename(dparams: dict[str, str], params: dict[str, str]) -> str | None:
    for table, key in ((dparams, "filename"), (params, "name")):
        if not any(k.startswith(key) for k in table):
            continue  # most parts (every text part) have no name: skip decode_params
        # RFC 2231 (filename*=, filename*0*= …) arrives raw in BODYSTRUCTURE: collapse it.
        # decode_params hands values back quoted and backslash-escaped: undo that once.
        collapsed = dict(decode_params([("", ""), *table.items()])[1:])
        if key in collapsed:
            value = collapsed[key]
            if isinstance(value, tuple):
                charset, language, text = value
                return collapse_rfc2231_value((charset, language, _unquote(text)))
            return _decode_words(_unquote(value))
    return None


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return _ESCAPED.sub(r"\1", text)


def _decode_words(value: str) -> str:
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, ValueError, UnicodeDecodeError):
        return value
