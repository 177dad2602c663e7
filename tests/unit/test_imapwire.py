"""imapwire: raw UID FETCH answers, as imaplib splits them, parsed like imapclient parses them.

Responses are written as the server sends them and go through imaplib's own record
splitting (`CannedServer` answers each command from canned bytes), so the parser
sees exactly the shapes it gets from a live connection.
"""

from __future__ import annotations

import imaplib
import io
from datetime import datetime, timedelta

import pytest
from imapclient.response_parser import parse_fetch_response
from imapclient.response_types import BodyData

from mailbot.adapters.imapwire import (
    UnparsedResponse,
    internal_date,
    parse_fetch,
    parse_tokens,
    uid_fetch,
    uid_set,
)

META = ["BODY.PEEK[HEADER]", "BODYSTRUCTURE", "INTERNALDATE", "RFC822.SIZE"]
HEADER = b"From: a@example.com\r\nSubject: hi\r\n\r\n"


class CannedServer(imaplib.IMAP4):
    """imaplib talking to canned bytes: each command gets the next answer, `TAG` filled in."""

    def __init__(self, *answers: bytes) -> None:
        self.answers = [b"* CAPABILITY IMAP4rev1\r\nTAG OK done\r\n", *answers]
        self.wire = io.BytesIO(b"* OK ready\r\n")
        self.sent: list[bytes] = []
        super().__init__()
        self.state = "SELECTED"

    def open(self, host: str = "", port: int = 143, timeout: float | None = None) -> None:
        self.host, self.port = host, port

    def send(self, data: bytes) -> None:
        self.sent.append(data)
        tag = data.split(b" ", 1)[0]
        self.wire = io.BytesIO(self.answers.pop(0).replace(b"TAG", tag))

    def readline(self) -> bytes:
        return self.wire.readline()

    def read(self, size: int) -> bytes:
        return self.wire.read(size)

    def shutdown(self) -> None:
        pass


def lit(data: bytes) -> bytes:
    return b"{%d}\r\n%s" % (len(data), data)


def records(wire: bytes) -> list:
    """imaplib's raw FETCH records for `wire` (the untagged part of an answer)."""
    typ, data = CannedServer(wire + b"TAG OK done\r\n").uid("FETCH", "1:*", "(UID)")
    assert typ == "OK"
    return data


def fetch(wire: bytes, uids=(7, 8)) -> dict:
    return uid_fetch(CannedServer(wire + b"TAG OK done\r\n"), list(uids), META)


def test_nested_parentheses_become_nested_tuples():
    """Parenthesised lists nest to any depth; NIL is None, numbers are ints, atoms bytes."""
    tokens = parse_tokens(b"1 (A (B (C ()) NIL) 0 42 \\Seen BODY[1.2]<0> [X (Y)]z)", [])
    assert tokens == [
        1,
        (b"A", (b"B", (b"C", ()), None), 0, 42, b"\\Seen", b"BODY[1.2]<0>", b"[X (Y)]z"),
    ]


def test_quoted_strings_keep_parentheses_and_unescape():
    """Inside quotes, parentheses, {n} and NIL are text; \\" and \\\\ are unescaped."""
    tokens = parse_tokens(rb'1 ("a (b) {5}" "say \"hi\"" "back\\slash" "" "NIL" "12" "\d")', [])
    assert tokens[1] == (b"a (b) {5}", b'say "hi"', b"back\\slash", b"", b"NIL", b"12", b"\\d")


def test_digits_with_a_leading_zero_stay_bytes():
    """Like imapclient, "0123" is not turned into 123 (it may be a name, not a number)."""
    assert parse_tokens(b"1 (0 0123 123)", [])[1] == (0, b"0123", 123)


def test_literals_in_the_middle_of_bodystructure():
    """Dovecot sends 8-bit or quote-bearing parameters as literals inside BODYSTRUCTURE."""
    name = 'Präsentation "Q" (1).pdf'.encode()
    wire = (
        b"* 1 FETCH (UID 7 BODY[HEADER] " + lit(HEADER) + b' BODYSTRUCTURE (("text" "plain" '
        b'("charset" "utf-8") NIL NIL "7bit" 2 0 NIL NIL NIL NIL)("application" "pdf" '
        b'("name" '
        + lit(name)
        + b') NIL NIL "base64" 4 NIL ("attachment" ("filename" '
        + lit(name)
        + b')) NIL NIL) "mixed" ("boundary" "BB") NIL NIL NIL) RFC822.SIZE 439)\r\n'
    )
    row = fetch(wire)[7]
    assert row[b"BODY[HEADER]"] == HEADER
    assert row[b"RFC822.SIZE"] == 439
    pdf = row[b"BODYSTRUCTURE"][0][1]
    assert isinstance(row[b"BODYSTRUCTURE"], BodyData)
    assert pdf[2] == (b"name", name) and pdf[8] == (b"attachment", (b"filename", name))


def test_unsolicited_responses_are_ignored():
    """EXISTS, EXPUNGE and FETCH FLAGS for other or unnamed messages do not leak into rows."""
    wire = (
        b"* 1 FETCH (UID 7 RFC822.SIZE 10)\r\n"
        b"* 3 EXISTS\r\n"
        b"* 2 FETCH (FLAGS (\\Seen))\r\n"
        b"* 2 FETCH (UID 99 FLAGS (\\Seen))\r\n"
        b"* 5 EXPUNGE\r\n"
        b"* 3 FETCH (UID 8 BODY[HEADER] " + lit(HEADER) + b" RFC822.SIZE 20)\r\n"
    )
    assert fetch(wire) == {
        7: {b"SEQ": 1, b"RFC822.SIZE": 10},
        8: {b"SEQ": 3, b"BODY[HEADER]": HEADER, b"RFC822.SIZE": 20},
    }


def test_a_flag_update_for_a_wanted_message_is_merged():
    """Two responses for one UID merge into one row, as imapclient merges them."""
    wire = b"* 1 FETCH (UID 7 RFC822.SIZE 10)\r\n* 1 FETCH (UID 7 FLAGS (\\Seen))\r\n"
    assert fetch(wire)[7] == {b"SEQ": 1, b"RFC822.SIZE": 10, b"FLAGS": (b"\\Seen",)}


def test_pushed_responses_do_not_pile_up_across_batches():
    """Untagged pushes are dropped after each FETCH, so imaplib's store stays bounded."""
    push = b"* 4 EXISTS\r\n* 1 RECENT\r\n* 2 FETCH (UID 99 FLAGS ())\r\n"
    answer = push + b"* 1 FETCH (UID 7 RFC822.SIZE 10)\r\n" + push + b"TAG OK done\r\n"
    server = CannedServer(*[answer] * 5)
    for _ in range(5):
        assert uid_fetch(server, [7], META) == {7: {b"SEQ": 1, b"RFC822.SIZE": 10}}
    assert not {"EXISTS", "RECENT", "FETCH"} & set(server.untagged_responses)


def test_stale_fetch_responses_from_before_are_not_taken():
    """A FETCH pushed during an earlier command is not mistaken for part of this answer."""
    server = CannedServer(b"* 1 FETCH (UID 7 FLAGS ())\r\nTAG OK done\r\n", b"TAG OK done\r\n")
    server.noop()
    assert uid_fetch(server, [7], META) == {}


@pytest.mark.parametrize(
    "wire",
    [
        b"* 1 FETCH (UID 7 X (1 (UID 7 RFC822.SIZE 5)\r\n",  # unclosed list
        b"* 1 FETCH (UID 7 RFC822.SIZE 10))\r\n",  # one ) too many
        b'* 1 FETCH (UID 7 X-NAME "a b)\r\n',  # unterminated quoted string
        b"* 1 FETCH (UID 7 RFC822.SIZE)\r\n",  # a key without a value
        b"* 1 FETCH (UID x RFC822.SIZE 1)\r\n",
        b"* 1 FETCH (UID 7 X 50%)\r\n",
        b"* 1 FETCH (UID 7 [X)\r\n",  # unclosed bracket
        b"* 1 FETCH (UID 7 X \x00)\r\n",  # a NUL outside any literal
        b"* 1 FETCH (UID 7 BODYSTRUCTURE NIL)\r\n",
        b'* 1 FETCH (UID 7 INTERNALDATE "31-Feb-2026 10:00:00 +0000")\r\n',
        b"* 1 FETCH UID 7\r\n",
    ],
)
def test_a_malformed_response_asks_for_the_fallback(wire):
    """Whatever the parser is unsure of raises UnparsedResponse instead of guessing."""
    with pytest.raises(UnparsedResponse):
        fetch(wire)


@pytest.mark.parametrize(
    "data",
    [
        [(b"1 (UID 7 BODY[HEADER] x", b"data"), b")"],  # a literal record without {n}
        [(b"1 (UID 7 BODY[HEADER] {4}", b"data")],  # the answer stops after a literal
    ],
)
def test_broken_records_ask_for_the_fallback(data):
    """Records imaplib could not have produced from a whole response are not guessed at."""
    with pytest.raises(UnparsedResponse):
        parse_fetch(data, {7})


def test_a_refused_fetch_raises_like_imapclient():
    """A NO answer is imaplib's error with imapclient's wording, so _translated maps it alike."""
    server = CannedServer(b"* 1 FETCH (UID 7 FLAGS ())\r\nTAG NO [SERVERBUG] broken\r\n")
    with pytest.raises(imaplib.IMAP4.error, match=r"^fetch failed: \[SERVERBUG\] broken$"):
        uid_fetch(server, [7], META)
    assert "FETCH" not in server.untagged_responses


def test_no_responses_at_all_give_no_rows():
    """All requested messages gone (expunged meanwhile): an empty dict, not an error."""
    assert fetch(b"") == {}


def test_no_uids_send_no_command():
    """An empty batch returns at once; `UID FETCH  (…)` would be a syntax error."""
    server = CannedServer()
    assert uid_fetch(server, [], META) == {}
    assert len(server.sent) == 1  # only the CAPABILITY of the greeting


def test_the_command_names_the_uids_as_runs():
    """The UID set is folded into ranges and the items are sent as one list."""
    server = CannedServer(b"TAG OK done\r\n")
    uid_fetch(server, [5, 3, 4, 9], META)
    assert server.sent[-1].endswith(
        b" UID FETCH 3:5,9 (BODY.PEEK[HEADER] BODYSTRUCTURE INTERNALDATE RFC822.SIZE)\r\n"
    )
    assert uid_set([1]) == "1" and uid_set([2, 1, 2, 4, 5, 7]) == "1:2,4:5,7"


@pytest.mark.parametrize(
    ("text", "local", "offset"),
    [
        (b"24-Nov-2026 10:00:00 +0800", datetime(2026, 11, 24, 10), timedelta(hours=8)),
        (b" 4-Nov-2026 10:00:00 -0330", datetime(2026, 11, 4, 10), -timedelta(hours=3.5)),
        (b"04-nov-2026 23:59:59 +0000", datetime(2026, 11, 4, 23, 59, 59), timedelta(0)),
    ],
)
def test_internal_date_is_aware_and_keeps_the_zone(text, local, offset):
    """INTERNALDATE becomes an aware datetime in the server's own offset."""
    value = internal_date(text)
    assert value.utcoffset() == offset
    assert value.replace(tzinfo=None) == local


@pytest.mark.parametrize(
    "wire",
    [
        b'* 1 FETCH (UID 7 INTERNALDATE " 4-Nov-2026 10:00:00 +0800" RFC822.SIZE 3 '
        b'BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 2 0 NIL NIL NIL NIL)'
        b'("message" "rfc822" NIL NIL NIL "7bit" 99 (NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL)'
        b' ("text" "html" NIL NIL NIL "base64" 40 1 NIL NIL NIL NIL) 5 NIL NIL NIL NIL) '
        b'"mixed" ("boundary" "x") NIL NIL NIL) BODY[HEADER] ' + lit(HEADER) + b")\r\n"
        b"* 2 FETCH (UID 8 BODY[1]<0> " + lit(b"") + b" BODY[2]<0> " + lit(b"\r\n)(") + b")\r\n",
        b'* 9 FETCH (UID 8 MODSEQ (12) FLAGS (\\Seen $Forwarded) BODY[1] "a\\"b")\r\n',
    ],
)
def test_same_values_as_imapclient(wire):
    """On the same records, the rows equal imapclient's parse, value for value and type."""
    data = records(wire)
    expected = parse_fetch_response(data, normalise_times=False, uid_is_key=True)
    rows = parse_fetch(data, {7, 8})
    assert rows == expected
    for uid, row in expected.items():
        assert [(k, type(v)) for k, v in row.items()] == [
            (k, type(v)) for k, v in rows[uid].items()
        ]
