"""Property tests: no input makes parsing raise, and quote splitting never loses a line."""

from collections import Counter
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbot.domain.charsets import decode_words
from mailbot.domain.message import ParsedMessage
from mailbot.domain.parsing import parse_message, raw_from_bytes
from mailbot.domain.quoting import split_reply

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ARRIVAL = datetime(2026, 3, 20, tzinfo=UTC)

CHARSETS = ["utf-8", "gbk", "gb2312", "big5", "shift_jis", "iso-2022-jp", "euc-kr", "koi8-r",
            "windows-1251", "iso-8859-1", "us-ascii", "x-unknown", "utf-7", ""]  # fmt: skip
ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "binary", "x-uuencode", ""]
NAMES = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
         "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Auto-Submitted",
         "Return-Path", "X-Mailer", "Reply-To"]  # fmt: skip
VALUES = [
    b"=?utf-8?B?5oql5Lu3?=", b"=?gb2312?Q?=C4=E3?=", b"=?bogus?X?x?=", b"=?utf-8?B?", b"<a@b>",
    b"<>", b"Tue, 3 Mar 2026 10:00:00 +0800", b"-0000", b"multipart/mixed; boundary=x",
    b"text/html; charset=gbk", b"attachment; filename*0*=UTF-8''%E6%8A", b"\xff\xfe\x80",
    b"\"Li, Wei\" <wei@x.cn>, undisclosed-recipients:;", b"", b" \t", b"On 1 2026 wrote:",
]  # fmt: skip


def check(parsed: ParsedMessage) -> None:
    assert parsed.message_id.startswith("<") and parsed.message_id.endswith(">")
    assert parsed.date.tzinfo == UTC
    assert "\r" not in parsed.text + parsed.quoted + parsed.signature
    crashes = [d for d in parsed.defects if " failed: " in d]  # a guard caught an exception
    assert not crashes


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    """Any byte string goes through raw_from_bytes and parse_message without an exception."""
    check(parse_message(raw_from_bytes(data, ARRIVAL)))


@st.composite
def header_lines(draw: st.DrawFn) -> bytes:
    name = draw(st.sampled_from(NAMES)).encode()
    value = draw(st.one_of(st.sampled_from(VALUES), st.binary(max_size=60)))
    fold = draw(st.sampled_from([b"", b"\r\n ", b"\n\t", b"\r\n"]))
    return name + b": " + value[: len(value) // 2] + fold + value[len(value) // 2 :] + b"\r\n"


@st.composite
def leaf(draw: st.DrawFn) -> bytes:
    ctype = draw(st.sampled_from(["text/plain", "text/html", "application/pdf",
                                  "message/delivery-status", "message/rfc822"]))  # fmt: skip
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(ENCODINGS))
    text = draw(st.text(max_size=300))
    body = text.encode("utf-8") if draw(st.booleans()) else draw(st.binary(max_size=300))
    head = f"Content-Type: {ctype}; charset={charset}\r\nContent-Transfer-Encoding: {encoding}\r\n"
    if draw(st.booleans()):
        head += 'Content-Disposition: attachment; filename="=?utf-8?Q?a=C3=A9?=.pdf"\r\n'
    return head.encode() + b"\r\n" + body


def multipart(draw: st.DrawFn, depth: int) -> bytes:
    boundary = f"b{depth}".encode()
    children = [
        multipart(draw, depth + 1) if depth < 3 and draw(st.booleans()) else draw(leaf())
        for _ in range(draw(st.integers(0, 3)))
    ]
    kind = draw(st.sampled_from([b"mixed", b"alternative", b"related", b"report"]))
    out = b"Content-Type: multipart/" + kind + b"; boundary=" + boundary + b"\r\n\r\n"
    for child in children:
        out += b"--" + boundary + b"\r\n" + child + b"\r\n"
    return out + (b"--" + boundary + b"--\r\n" if draw(st.booleans()) else b"")


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    headers = b"".join(draw(st.lists(header_lines(), max_size=12)))
    body = multipart(draw, 0) if draw(st.booleans()) else draw(leaf())
    return headers + body


@FUZZ
@given(messages())
def test_structured_random_messages_never_raise(data: bytes) -> None:
    """Random headers, charsets, encodings and MIME trees parse without an exception."""
    raw = raw_from_bytes(data, ARRIVAL)
    check(parse_message(raw))
    assert all(p.section for p in raw.parts)


def _lines(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.split("\n") if line.strip())


REPLY_LINES = st.sampled_from([
    "On Tue, 3 Mar 2026 at 14:15, Mei <mei@x.cn> wrote:", "> quoted", ">", "-- ",
    "Best regards,", "-----Original Message-----", "From: a@b.cn", "Sent: Tue", "To: x",
    "Subject: y", "Am 03.03.2026 schrieb A <a@b.de>:", "P.S. more", "Can you?", "",
    "______________________", "原始邮件", "Sent from my iPhone", "500 pcs please",
])  # fmt: skip


@FUZZ
@given(st.lists(st.one_of(REPLY_LINES, st.text(max_size=40)), max_size=40))
def test_split_reply_partitions_the_lines(lines: list[str]) -> None:
    """new + quoted + signature hold exactly the input's non-blank lines: nothing is lost."""
    text = "\n".join(lines)
    new, quoted, signature = split_reply(text)
    assert _lines(new) + _lines(quoted) + _lines(signature) == _lines(text)


@FUZZ
@given(st.text(max_size=300))
def test_decode_words_is_total(value: str) -> None:
    """Any header text decodes; text without "=?" is returned unchanged."""
    decoded = decode_words(value)
    if "=?" not in value:
        assert decoded == value
