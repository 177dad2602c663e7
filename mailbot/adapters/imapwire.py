"""A fast parser for `UID FETCH` answers, shaped exactly like imapclient's `fetch()` result.

Why: imapclient lexes responses one character at a time in pure Python. On a first
sync that cost dominated (BODYSTRUCTURE is long and nested), so the IMAP adapter
runs `UID FETCH` on imapclient's imaplib connection and parses imaplib's raw answer
here instead: one compiled regex tokenizes a whole response, a small loop nests the
tokens into tuples.

imaplib's raw answer is a list of records, one response spread over several: every
record that announces a literal is a `(text ending in "{n}", literal bytes)` tuple
and the rest of the line comes in the next record; a plain `bytes` record ends the
response. imaplib has already stripped `* ` and `FETCH`, so a response reads
`12 (UID 7 RFC822.SIZE 4410 BODY[HEADER] {1623}<literal> BODYSTRUCTURE (...))`.
Dovecot sends a header block as a literal, and inside BODYSTRUCTURE any string with
8-bit bytes or a double quote too, so literals can sit in the middle of a structure.

Values come out as imapclient gives them: quoted strings and atoms as bytes, NIL as
None, numbers as int, BODYSTRUCTURE as `BodyData`, INTERNALDATE as an aware datetime,
keys upper-cased, plus `b"SEQ"`. Anything this parser is not sure of raises
`UnparsedResponse`; the caller then asks imapclient for the same batch.
"""

from __future__ import annotations

import functools
import imaplib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from imapclient.response_types import BodyData

Row = dict[bytes, Any]
Record = bytes | tuple[bytes, bytes] | None

# Untagged responses imaplib files away and nobody reads after SELECT: without
# popping them they pile up in `untagged_responses` for as long as a folder is open.
PUSHED = ("FETCH", "EXISTS", "RECENT", "EXPUNGE", "VANISHED", "FLAGS")

_LITERAL = b"\x00"  # stands in for a literal; NUL never occurs in IMAP response text
# One token per match: ( ) "quoted" atom, or any other single byte (a literal's NUL, or
# something unparseable). Atoms include NIL, numbers, \Seen and BODY[1.2]<0>. The token
# is told apart by its first byte: findall without Match objects is twice as fast.
_TOKEN = re.compile(
    rb"""[ \t\r\n]*(
        [()]
      | "[^"\\]*(?:\\.[^"\\]*)*"
      | (?:[^\x00-\x20()%"\[]+|\[[^\]]*\])+
      | .
    )""",
    re.VERBOSE | re.DOTALL,
)
_SPECIAL = frozenset(b'()"[%' + bytes(range(0x21)))  # first bytes of non-plain tokens
_OPEN, _CLOSE, _QUOTE, _BRACKET = b'()"['
_ESCAPE = re.compile(rb'\\([\\"])')
_DATE = re.compile(rb" ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([-+]\d{4})")
_MONTHS = {
    m: i for i, m in enumerate(b"JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)
}


class UnparsedResponse(ValueError):
    """The FETCH answer is not in a shape this parser knows; use imapclient's instead."""


def uid_fetch(imap: imaplib.IMAP4, uids: Iterable[int], items: Iterable[str]) -> dict[int, Row]:
    """Run `UID FETCH uids (items)` on imaplib and parse the answer like imapclient."""
    sent = send_uid_fetch(imap, uids, items)
    return read_uid_fetch(imap, sent) if sent else {}


@dataclass(frozen=True)
class Sent:
    """A `UID FETCH` on the wire whose answer is not read yet: the server prepares it
    while the client does other work. Nothing else may be sent before it is read."""

    tag: Any
    wanted: frozenset[int]


def send_uid_fetch(imap: imaplib.IMAP4, uids: Iterable[int], items: Iterable[str]) -> Sent | None:
    """The first half of `uid_fetch`: send the command (None: no UIDs, nothing sent)."""
    wanted = frozenset(uids)
    if not wanted:
        return None
    for name in PUSHED:  # stale pushes (e.g. FETCH FLAGS seen during a NOOP) are not ours
        imap.untagged_responses.pop(name, None)
    # imaplib's own `uid()` is exactly `_command` + `_command_complete` + `_untagged_response`.
    tag = imap._command("UID", "FETCH", uid_set(wanted), f"({' '.join(items)})")  # type: ignore[attr-defined]
    return Sent(tag, wanted)


def read_uid_fetch(imap: imaplib.IMAP4, sent: Sent) -> dict[int, Row]:
    """The second half of `uid_fetch`: read and parse the answer."""
    try:
        typ, dat = imap._command_complete("UID", sent.tag)  # type: ignore[attr-defined]
        typ, data = imap._untagged_response(typ, dat, "FETCH")  # type: ignore[attr-defined]
    finally:
        for name in PUSHED:
            imap.untagged_responses.pop(name, None)
    if typ != "OK":  # the same error, with the same words, as imapclient raises
        raise imaplib.IMAP4.error(f"fetch failed: {_text(data[0])}")
    return parse_fetch(data, set(sent.wanted))


def uid_set(uids: Iterable[int]) -> str:
    """`[1, 2, 3, 7]` → `"1:3,7"`: runs folded, so a batch's command stays short."""
    runs: list[list[int]] = []
    for uid in sorted(set(uids)):
        if runs and uid == runs[-1][1] + 1:
            runs[-1][1] = uid
        else:
            runs.append([uid, uid])
    return ",".join(f"{a}:{b}" if a != b else str(a) for a, b in runs)


def parse_fetch(data: list[Record], wanted: set[int]) -> dict[int, Row]:
    """imaplib's FETCH records → `{uid: {key: value}}` for the UIDs in `wanted` only.

    Responses without a UID or for other messages (unsolicited flag updates) are
    dropped; two responses for one UID are merged, as imapclient does.
    """
    rows: dict[int, Row] = {}
    for text, literals in _responses(data):
        uid, row = _message(parse_tokens(text, literals))
        if uid in wanted:
            rows.setdefault(uid, {}).update(row)
    return rows


def _responses(data: list[Record]) -> Iterator[tuple[bytes, list[bytes]]]:
    """Stitch records into whole responses: text with `_LITERAL` marks, and the literals."""
    pieces: list[bytes] = []
    literals: list[bytes] = []
    for record in data:
        if record is None:  # imaplib's [None]: no FETCH response at all
            continue
        if isinstance(record, tuple):
            text, literal = record
            cut = text.rfind(b"{")
            if cut < 0 or not text.endswith(b"}") or not text[cut + 1 : -1].isdigit():
                raise UnparsedResponse(f"literal record without {{n}}: {text[-40:]!r}")
            pieces += (text[:cut], _LITERAL)
            literals.append(literal)
        else:
            pieces.append(record)
            yield b"".join(pieces), literals
            pieces, literals = [], []
    if pieces:
        raise UnparsedResponse("FETCH answer ends inside a response")


def parse_tokens(text: bytes, literals: list[bytes]) -> list[Any]:
    """Tokens of one response, parentheses nested into tuples; `_LITERAL`s filled in order."""
    out: list[Any] = []
    stack: list[list[Any]] = []
    used = 0
    for token in _TOKEN.findall(text):
        first = token[0]
        if first not in _SPECIAL:  # an atom; inlined, as this loop is the hot spot
            if token == b"NIL":
                out.append(None)
            elif token.isdigit() and (first != 0x30 or len(token) == 1):  # "0123" stays bytes
                out.append(int(token))
            else:
                out.append(token)
        elif first == _QUOTE and len(token) > 1:
            value = token[1:-1]
            out.append(_ESCAPE.sub(rb"\1", value) if b"\\" in value else value)
        elif first == _OPEN:
            stack.append(out)
            out = []
        elif first == _CLOSE and stack:
            done, out = tuple(out), stack.pop()
            out.append(done)
        elif first == 0 and used < len(literals):
            out.append(literals[used])
            used += 1
        elif first == _BRACKET and len(token) > 1:  # an atom that starts with [...]
            out.append(token)
        else:
            raise UnparsedResponse(f"unexpected {token[:20]!r} in {text[:60]!r}")
    if stack or used != len(literals):
        raise UnparsedResponse(f"unbalanced parentheses or unused literal in {text[:60]!r}")
    return out


def _message(tokens: list[Any]) -> tuple[int | None, Row]:
    """`[seq, (KEY value KEY value …)]` → (UID or None, row with imapclient's value types)."""
    if len(tokens) != 2 or type(tokens[0]) is not int or type(tokens[1]) is not tuple:
        raise UnparsedResponse(f"not a FETCH response: {str(tokens)[:80]}")
    pairs = tokens[1]
    if len(pairs) % 2 or not all(isinstance(k, bytes) for k in pairs[::2]):
        raise UnparsedResponse(f"FETCH items are not key/value pairs: {str(pairs)[:80]}")
    uid, row = None, {b"SEQ": tokens[0]}
    for key, value in zip(pairs[::2], pairs[1::2], strict=True):
        key = key.upper()
        if key == b"UID":
            if type(value) is not int:
                raise UnparsedResponse(f"UID {value!r:.40} is not a number")
            uid = value
        else:
            row[key] = _value(key, value)
    return uid, row


def _value(key: bytes, value: Any) -> Any:
    if key in (b"BODYSTRUCTURE", b"BODY"):
        if type(value) is not tuple or not value:
            raise UnparsedResponse(f"{key.decode()} is not a list: {value!r:.80}")
        return BodyData.create(value)
    if key == b"INTERNALDATE" and value is not None:
        return internal_date(value)
    return value


def internal_date(value: Any) -> datetime:
    """`b"24-Nov-2026 10:00:00 +0800"` (or `b" 4-Nov-…"`) → aware datetime, locale-free."""
    m = _DATE.fullmatch(value) if isinstance(value, bytes) else None
    month = _MONTHS.get(m[2].upper()) if m else None
    if m is None or month is None:
        raise UnparsedResponse(f"INTERNALDATE {value!r} not understood")
    try:
        zone = _zone(m[7])
        return datetime(int(m[3]), month, int(m[1]), int(m[4]), int(m[5]), int(m[6]), 0, zone)
    except ValueError as exc:  # 31-Feb, a 24:00 hour, an offset out of range
        raise UnparsedResponse(f"INTERNALDATE {value!r}: {exc}") from None


@functools.cache
def _zone(offset: bytes) -> timezone:
    """`b"+0800"` → timezone(+8h); a mailbox has few distinct zones, so they are kept."""
    delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
    return timezone(-delta if offset[:1] == b"-" else delta)


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
