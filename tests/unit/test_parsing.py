"""parse_message / raw_from_bytes / wanted_parts: one rule per test, plus the fixture corpus."""

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from mailbot.domain import parsing
from mailbot.domain.charsets import decode_8bit, decode_text, decode_words
from mailbot.domain.message import BodyPart, ParsedMessage, RawMessage
from mailbot.domain.parsing import PART_LIMIT, parse_message, raw_from_bytes, wanted_parts

DATA = Path(__file__).parent.parent / "data"
ARRIVAL = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
HEAD = (
    b"From: Maria <maria@example.com.br>\r\nTo: sales@gmuv-lighting.cn\r\n"
    b"Subject: Quote\r\nDate: Tue, 3 Mar 2026 10:00:00 -0300\r\nMessage-ID: <m1@example.com.br>\r\n"
)


def parse(data: bytes, arrival: datetime | None = ARRIVAL) -> ParsedMessage:
    return parse_message(raw_from_bytes(data, arrival))


def mail(extra: bytes = b"", body: bytes = b"Hello\r\n", head: bytes = HEAD) -> ParsedMessage:
    """A simple message: the default header plus `extra` header lines, then `body`."""
    return parse(head + extra + b"\r\n" + body)


def header(name: str, value: bytes) -> ParsedMessage:
    """A message whose header `name` is replaced by `value`."""
    lines = [ln for ln in HEAD.split(b"\r\n") if ln and not ln.lower().startswith(name.encode())]
    return mail(head=b"\r\n".join([*lines, name.encode() + b": " + value]) + b"\r\n")


def text_part(body: bytes, charset: str | None, encoding: str = "8bit") -> ParsedMessage:
    ctype = b"text/plain" + (f"; charset={charset}".encode() if charset else b"")
    extra = b"Content-Type: " + ctype + b"\r\nContent-Transfer-Encoding: " + encoding.encode()
    return mail(extra + b"\r\n", body)


# -- header decoding -------------------------------------------------------------------------
def test_rfc2047_b_and_q_words_decode() -> None:
    """B and Q encoded words decode; "_" in Q is a space."""
    subject = b"=?utf-8?B?5oql5Lu3?= and =?iso-8859-1?Q?caf=E9_cr=E8me?="
    assert header("subject", subject).subject == "报价 and café crème"


def test_space_between_adjacent_encoded_words_is_dropped() -> None:
    """Whitespace (even a fold) between two encoded words is not part of the text."""
    subject = b"=?utf-8?Q?Angebot_f=C3=BCr?=\r\n =?iso-8859-1?Q?_R=F6hren?="
    assert header("subject", subject).subject == "Angebot für Röhren"


def test_multibyte_character_split_across_words() -> None:
    """A UTF-8 character cut between two encoded words is joined before decoding."""
    raw = "紫外线".encode()
    words = [base64.b64encode(raw[:4]).decode(), base64.b64encode(raw[4:]).decode()]
    subject = f"=?utf-8?B?{words[0]}?= =?UTF-8?B?{words[1]}?=".encode()
    assert header("subject", subject).subject == "紫外线"


def test_malformed_encoded_words_stay_as_written() -> None:
    """An unterminated word or invalid base64 is left as is; the rest still decodes."""
    subject = b"=?utf-8?Q?ok?= =?utf-8?B?!!!?= =?utf-8?Q?open"
    assert header("subject", subject).subject == "ok =?utf-8?B?!!!?= =?utf-8?Q?open"


def test_encoded_word_missing_padding_and_unknown_charset() -> None:
    """Base64 without padding decodes; an unknown charset falls back to detection."""
    assert decode_words("=?utf-8?B?UVVPVEU?=") == "QUOTE"
    assert decode_words("=?x-unknown?Q?caf=C3=A9?=") == "café"


def test_gb2312_label_on_gbk_words() -> None:
    """Encoded words labelled gb2312 decode as GB18030 (GBK-only characters survive)."""
    word = base64.b64encode("王喆".encode("gbk")).decode()
    assert decode_words(f"=?gb2312?B?{word}?=") == "王喆"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Röhren für Kläranlage".encode(), "Röhren für Kläranlage"),
        ("Jürgen Weiß".encode("latin-1"), "Jürgen Weiß"),
        ("询价：紫外线灯管".encode("gbk"), "询价：紫外线灯管"),
        ("Сергей Иванов".encode("cp1251"), "Сергей Иванов"),
        ("山本 浩".encode("cp932"), "山本 浩"),
    ],
)
def test_raw_8bit_header_bytes(raw: bytes, expected: str) -> None:
    """Raw 8-bit header text: UTF-8 first, then the likeliest legacy charset."""
    assert header("subject", raw).subject == expected


def test_raw_8bit_header_prefers_the_body_charset() -> None:
    """The body's declared charset is tried on raw header bytes before guessing."""
    raw = "Ольга".encode("koi8-r")
    extra = b"Content-Type: text/plain; charset=koi8-r\r\nSubject: " + raw + b"\r\n"
    lines = b"\r\n".join(ln for ln in HEAD.split(b"\r\n") if not ln.startswith(b"Subject"))
    assert mail(head=lines, extra=extra).subject == "Ольга"


# -- addresses -------------------------------------------------------------------------------
def test_addresses_lowercase_and_decoded_names() -> None:
    """Emails are lower-cased; encoded display names with commas stay one mailbox."""
    to = b'=?utf-8?Q?Doe=2C_J=C3=BCrgen?= <Juergen.Doe@Example.DE>, "Li, Wei" <wei@x.cn>'
    got = header("to", to).to
    assert [(a.email, a.name) for a in got] == [
        ("juergen.doe@example.de", "Doe, Jürgen"),
        ("wei@x.cn", "Li, Wei"),
    ]


def test_garbage_addresses_are_dropped() -> None:
    """Group syntax leftovers, bare words and broken addresses are not recipients."""
    got = header("to", b"undisclosed-recipients:;, nobody, <>, a@b@c, ok@x.com").to
    assert [a.email for a in got] == ["ok@x.com"]


def test_name_only_from_has_empty_email() -> None:
    """A From with only a display name keeps the name and an empty email."""
    sender = header("from", b"Carlos Silva").from_
    assert sender is not None and (sender.email, sender.name) == ("", "Carlos Silva")


def test_missing_from_is_none() -> None:
    """No From header at all gives from_ None."""
    assert mail(head=HEAD.replace(b"From: Maria <maria@example.com.br>\r\n", b"")).from_ is None


def test_repeated_to_headers_are_combined_and_cc_reply_to_read() -> None:
    """Two To headers both count; Cc and Reply-To are read too."""
    p = mail(b"To: b@x.com\r\nCc: C <c@x.com>\r\nReply-To: r@x.com\r\n")
    assert [a.email for a in p.to] == ["sales@gmuv-lighting.cn", "b@x.com"]
    assert [a.email for a in p.cc] == ["c@x.com"] and p.reply_to[0].email == "r@x.com"


# -- message ids -----------------------------------------------------------------------------
def test_message_id_gets_brackets() -> None:
    """A Message-ID written without angle brackets is normalised to "<...>"."""
    p = header("message-id", b"abc.123@example.com")
    assert p.message_id == "<abc.123@example.com>" and not p.message_id_derived


@pytest.mark.parametrize("value", [None, b"", b"<>"])
def test_missing_message_id_is_derived_and_stable(value: bytes | None) -> None:
    """No usable Message-ID: a stable "<hash@mailbot.invalid>" id, the same for every copy."""
    lines = [ln for ln in HEAD.split(b"\r\n") if ln and not ln.startswith(b"Message-ID")]
    if value is not None:
        lines.append(b"Message-ID: " + value)
    data = b"\r\n".join(lines) + b"\r\n\r\nHello, 500 pcs please.\r\n"
    first, second = parse(data), parse(data.replace(b"\r\n", b"\n"), arrival=None)
    assert first.message_id_derived and first.message_id.endswith("@mailbot.invalid>")
    assert first.message_id == second.message_id
    assert parse(data.replace(b"500", b"600")).message_id != first.message_id


def test_in_reply_to_takes_the_first_id() -> None:
    """In-Reply-To with a comment and a second id gives the first id."""
    p = mail(b"In-Reply-To: <a@x.cn> (Anna's message of Tue) <b@x.cn>\r\n")
    assert p.in_reply_to == "<a@x.cn>"


def test_references_in_order_deduped_and_tolerant() -> None:
    """References: order kept, duplicates dropped, bare ids wrapped, folding removed."""
    refs = b"<a@x.cn> b@x.cn\r\n <c@x\r\n .cn> <a@x.cn> junk <>"
    assert mail(b"References: " + refs + b"\r\n").references == ["<a@x.cn>", "<b@x.cn>", "<c@x.cn>"]


def test_no_threading_headers() -> None:
    """Without In-Reply-To/References there is nothing to thread on."""
    p = mail()
    assert p.in_reply_to is None and p.references == []


# -- dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "utc", "offset"),
    [
        (b"Tue, 3 Mar 2026 10:00:00 +0800 (CST)", "2026-03-03T02:00:00", 480),
        (b"Tue, 3 Mar 2026 10:00:00 +0530", "2026-03-03T04:30:00", 330),
        (b"Tue, 3 Mar 2026 10:00:00 -0000", "2026-03-03T10:00:00", None),
        (b"Tue, 3 Mar 2026 10:00:00 +0000", "2026-03-03T10:00:00", None),
        (b"Tue, 3 Mar 2026 10:00:00 GMT", "2026-03-03T10:00:00", None),
        (b"Tue, 3 Mar 2026 09:30:00 CST", "2026-03-03T15:30:00", -360),
        (b"Tue, 3 Mar 2026 10:00:00 EST", "2026-03-03T15:00:00", -300),
        (b"Tue, 3 Mar 2026 10:00:00 CET", "2026-03-03T09:00:00", 60),
        (b"Tue, 3 Mar 2026 10:00:00 JST", "2026-03-03T01:00:00", 540),
        (b"Tue, 3 Mar 2026 10:00:00 GMT+8", "2026-03-03T02:00:00", 480),
        (b"2026-03-03 10:00:00 +08:00", "2026-03-03T02:00:00", 480),
        (b"3 Mar 26 10:00 +0100", "2026-03-03T09:00:00", 60),
    ],
)
def test_date_header_to_utc(value: bytes, utc: str, offset: int | None) -> None:
    """Date headers become aware UTC; ±0000 and zone-less dates have no offset."""
    p = header("date", value)
    assert p.date == datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert p.date.tzinfo == UTC and p.date_from_header and p.date_offset_minutes == offset


@pytest.mark.parametrize(
    "value",
    [
        b"Someday soon, maybe 25:61",
        b"Thu, 1 Jan 1970 00:00:00 +0000",
        b"Mon, 31 Feb 2026 10:00:00 +0000",
        b"Tue, 3 Mar 2026 10:00:00 +9999",
        b"Sat, 4 Apr 2026 10:00:00 +0000",  # 3 days after arrival
    ],
)
def test_unusable_date_falls_back_to_arrival(value: bytes) -> None:
    """Unparseable, pre-1990, impossible or future dates fall back to the arrival time."""
    p = header("date", value)
    assert (p.date, p.date_from_header, p.date_offset_minutes) == (ARRIVAL, False, None)
    assert any("date" in d for d in p.defects)


def test_date_slightly_after_arrival_is_kept() -> None:
    """Clock skew of up to two days is tolerated."""
    assert header("date", b"Wed, 1 Apr 2026 20:00:00 +0000").date_from_header


def test_no_date_and_no_arrival_gives_epoch() -> None:
    """Nothing to date the message by: 1970-01-01 UTC and a defect."""
    p = parse(HEAD.replace(b"Date: Tue, 3 Mar 2026 10:00:00 -0300\r\n", b"") + b"\r\nx", None)
    assert p.date == datetime(1970, 1, 1, tzinfo=UTC) and len(p.defects) == 2


def test_naive_arrival_is_utc() -> None:
    """A naive internal date is taken as UTC; an aware one is converted."""
    naive = datetime(2026, 3, 5, 8, 0)
    aware = datetime(2026, 3, 5, 16, 0, tzinfo=timezone(timedelta(hours=8)))
    data = HEAD.replace(b"Date: Tue, 3 Mar 2026 10:00:00 -0300\r\n", b"") + b"\r\nx"
    assert parse(data, naive).date == parse(data, aware).date == naive.replace(tzinfo=UTC)


# -- body text -------------------------------------------------------------------------------
def test_base64_body_with_broken_padding() -> None:
    """Base64 bodies decode even without padding or with stray characters."""
    encoded = base64.b64encode("Preço: R$ 12,50".encode()).rstrip(b"=") + b"*\r\n"
    assert text_part(encoded, "utf-8", "base64").text == "Preço: R$ 12,50"


def test_quoted_printable_body_with_soft_breaks() -> None:
    """Quoted-printable: =XX escapes and soft line breaks are undone."""
    body = b"Gr=C3=BC=C3=9Fe aus M=C3=BCn=\r\nchen"
    assert text_part(body, "utf-8", "quoted-printable").text == "Grüße aus München"


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        ("堃源照明 镇流器", "gbk", "gb2312"),
        ("견적 요청 감사합니다", "cp949", "ks_c_5601-1987"),
        ("Preis: 2,80 € – „gut“", "cp1252", "iso-8859-1"),
        ("① UV-C殺菌ランプ", "cp932", "shift_jis"),
        ("許志明 紫外線", "big5", "big5"),
        ("見積書の件", "iso-2022-jp", "iso-2022-jp"),
        ("Здравствуйте", "koi8-r", "koi8-r"),
    ],
)
def test_charset_labels_are_upgraded(text: str, codec: str, label: str) -> None:
    """Declared charsets decode with the superset real mailers emit."""
    p = text_part(text.encode(codec), label)
    assert p.text == text and not p.defects


def test_utf8_under_a_vague_label() -> None:
    """UTF-8 bytes labelled latin-1 or us-ascii decode as UTF-8 (only latin-1 is a defect)."""
    latin = text_part("Lâmpadas UV-C".encode(), "iso-8859-1")
    assert latin.text == "Lâmpadas UV-C"
    assert latin.defects == ["part 1: charset iso-8859-1 mislabelled, was utf-8"]
    ascii_ = text_part("Lâmpadas UV-C".encode(), "us-ascii")  # IMAP's default label
    assert ascii_.text == "Lâmpadas UV-C" and not ascii_.defects


def test_unknown_or_missing_charset_tries_utf8() -> None:
    """An unknown label or no label: UTF-8 first, silently when it fits."""
    for label in ("x-unknown-foo", None):
        p = text_part("Lieferzeit für Röhren".encode(), label)
        assert p.text == "Lieferzeit für Röhren" and not p.defects


def test_wrong_declared_charset_is_guessed() -> None:
    """Declared UTF-8 that is really GBK is detected, and the guess is recorded."""
    text = "感谢贵司上周提供的报价。我们已经和终端客户确认过规格，决定订购以下产品。" * 3
    p = text_part(text.encode("gbk"), "utf-8")
    assert p.text == text and p.defects == ["part 1: charset utf-8 failed, guessed gb18030"]


def test_undecodable_text_is_replaced() -> None:
    """Bytes no charset explains still give text, with a defect."""
    text, notes = decode_text(bytes(range(128, 256)) * 4, "utf-8")
    assert isinstance(text, str) and notes and notes[0].startswith("charset utf-8 failed")


def test_crlf_and_control_characters_are_normalised() -> None:
    """CRLF and lone CR become LF; NUL and other control characters (not tabs) go."""
    assert text_part(b"a\r\nb\rc\x00d\x01\te", "us-ascii").text == "a\nb\ncd\te"


HTML = (
    b"<html><head><style>p{color:red}</style><script>var x=1;</script></head><body>"
    b"<p>Hallo Frau Li,</p><p>20&nbsp;St&uuml;ck &amp; mehr.</p></body></html>"
)


def test_html_only_message_is_converted() -> None:
    """text/html without text/plain: converted text, no style/script, html_only set."""
    p = mail(b"Content-Type: text/html; charset=utf-8\r\n", HTML)
    assert p.html_only and p.text == "Hallo Frau Li,\n\n20 Stück & mehr."


def test_html_meta_charset_is_used() -> None:
    """An HTML part without a charset parameter uses its <meta charset>."""
    html = '<meta charset="gbk"><p>价格确认</p>'.encode("gbk")
    assert mail(b"Content-Type: text/html\r\n", html).text == "价格确认"


ALTERNATIVE = (
    b"Content-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nPlain words\r\n--b1\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>HTML words</p>\r\n--b1--\r\n"
)


def test_alternative_prefers_plain() -> None:
    """multipart/alternative: the text/plain part is the text; HTML is not even kept."""
    raw = raw_from_bytes(HEAD + ALTERNATIVE)
    p = parse_message(raw)
    assert p.text == "Plain words" and not p.html_only
    assert [(x.section, x.payload is not None) for x in raw.parts] == [("1", True), ("2", False)]


def test_truncated_part_is_noted_and_cut_cleanly() -> None:
    """A part longer than PART_LIMIT is cut there; a split character is dropped."""
    body = "价".encode() * (PART_LIMIT // 3 + 10)
    raw = raw_from_bytes(HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body)
    p = parse_message(raw)
    assert raw.parts[0].size == len(body) and len(raw.parts[0].payload or b"") == PART_LIMIT
    assert p.text == "价" * (PART_LIMIT // 3) and "part 1: text truncated" in p.defects


# -- structure -------------------------------------------------------------------------------
NESTED = (
    b"Content-Type: multipart/mixed; boundary=m\r\n\r\npreamble\r\n--m\r\n"
    b"Content-Type: multipart/related; boundary=r\r\n\r\n--r\r\n"
    + ALTERNATIVE
    + b"--r\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename=logo.png\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--r--\r\n--m\r\n"
    b'Content-Type: application/pdf; name="Quote.pdf"\r\n'
    b'Content-Disposition: attachment; filename="Quote.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--m--\r\n"
)


def test_sections_follow_imap_numbering() -> None:
    """Leaves get IMAP section numbers; only text parts keep their bytes."""
    raw = raw_from_bytes(HEAD + NESTED)
    got = [(p.section, p.content_type, p.payload is not None) for p in raw.parts]
    assert got == [
        ("1.1.1", "text/plain", True),
        ("1.1.2", "text/html", False),
        ("1.2", "image/png", False),
        ("2", "application/pdf", False),
    ]
    assert raw.parts[3].size == len(b"JVBERi0xLjQK") and raw.parts[3].filename == "Quote.pdf"


def test_single_part_message_is_section_1() -> None:
    """A non-multipart message's body is section "1"."""
    raw = raw_from_bytes(HEAD + b"\r\nhello")
    assert [(p.section, p.content_type, p.payload) for p in raw.parts] == [
        ("1", "text/plain", b"hello")
    ]


def test_payloads_stay_transfer_encoded() -> None:
    """Payloads are the encoded bytes IMAP BODY[section] returns, not decoded text."""
    encoded = base64.encodebytes("Olá".encode())
    raw = raw_from_bytes(HEAD + b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded)
    assert raw.parts[0].payload == encoded and raw.parts[0].encoding == "base64"


def test_eight_bit_payload_bytes_are_exact() -> None:
    """An 8-bit payload keeps its exact bytes (the stdlib would re-decode them)."""
    body = "Straße".encode("latin-1")
    raw = raw_from_bytes(HEAD + b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n" + body)
    assert raw.parts[0].payload == body


def test_wanted_parts_choice() -> None:
    """Text bodies, reports and enclosed headers are wanted; attachments and inner parts not."""
    parts = [
        BodyPart("text/plain", section="1.1"),
        BodyPart("text/html", section="1.2"),
        BodyPart("text/html", section="2"),
        BodyPart("text/plain", filename="notes.txt", section="3"),
        BodyPart("message/delivery-status", section="4"),
        BodyPart("text/rfc822-headers", section="5"),
        BodyPart("message/rfc822", section="6"),
        BodyPart("text/plain", section="6.1"),
        BodyPart("text/plain", disposition="attachment", section="7"),
    ]
    assert [p.section for p in wanted_parts(parts)] == ["1.1", "2", "4", "5", "6"]


def test_html_beside_an_ancestors_plain_sibling_is_skipped() -> None:
    """alternative[plain, related[html, image]]: the nested HTML is not fetched."""
    parts = [BodyPart("text/plain", section="1"), BodyPart("text/html", section="2.1")]
    assert [p.section for p in wanted_parts(parts)] == ["1"]


def test_parse_reads_only_wanted_parts() -> None:
    """Bytes of unwanted parts (as IMAP never fetches them) do not change the result."""
    raw = raw_from_bytes(HEAD + NESTED)
    before = parse_message(raw)
    for part in raw.parts:
        if part not in wanted_parts(raw.parts):
            part.payload = b"garbage that must not be read"
    assert parse_message(raw) == before


FORWARD = (
    b"Content-Type: multipart/mixed; boundary=f\r\n\r\n--f\r\n"
    b"Content-Type: text/plain\r\n\r\nSee below.\r\n--f\r\n"
    b'Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename="RFQ.eml"\r\n\r\n'
    b"From: Tom <tom@hospital.org>\r\nSubject: RFQ\r\nMessage-ID: <rfq@hospital.org>\r\n"
    b"Content-Type: multipart/mixed; boundary=i\r\n\r\n--i\r\n"
    b"Content-Type: text/plain\r\n\r\nInner text\r\n--i\r\n"
    b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=inner.pdf\r\n"
    b"\r\nJVBE\r\n--i--\r\n--f--\r\n"
)


def test_forwarded_message_is_one_part_with_its_header_read() -> None:
    """message/rfc822 is one leaf, like IMAP BODYSTRUCTURE; its header is kept, its text not."""
    raw = raw_from_bytes(HEAD + FORWARD)
    p = parse_message(raw)
    assert [(x.section, x.content_type) for x in raw.parts] == [
        ("1", "text/plain"),
        ("2", "message/rfc822"),
    ]
    assert p.text == "See below." and "Inner text" not in p.text
    assert "Message-ID: <rfq@hospital.org>" in p.enclosed_headers
    assert p.attachments == ["RFQ.eml"]


def test_delivery_status_is_exposed() -> None:
    """A DSN's delivery-status fields are readable from the parsed message."""
    dsn = (
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=d\r\n\r\n"
        b"--d\r\nContent-Type: text/plain\r\n\r\nUndeliverable.\r\n--d\r\n"
        b"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx1\r\n\r\n"
        b"Final-Recipient: rfc822; info@x.co.za\r\nAction: failed\r\nStatus: 5.1.1\r\n--d\r\n"
        b"Content-Type: text/rfc822-headers\r\n\r\nMessage-ID: <ours@gmuv-lighting.cn>\r\n--d--\r\n"
    )
    p = mail(dsn)
    assert "Final-Recipient: rfc822; info@x.co.za" in p.delivery_status
    assert "Status: 5.1.1" in p.delivery_status
    assert "<ours@gmuv-lighting.cn>" in p.enclosed_headers
    assert p.headers["content-type"].startswith("multipart/report; report-type=delivery-status")


def test_mbox_from_line_is_skipped() -> None:
    """A leading mbox "From " envelope line is not a header."""
    p = parse(b"From maria@example.com.br Tue Mar  3 10:00:00 2026\n" + HEAD + b"\r\nHi")
    assert p.from_ is not None and p.from_.email == "maria@example.com.br" and p.text == "Hi"


def test_message_without_header() -> None:
    """A message that starts with its blank line has no header, and all of its body."""
    p = parse(b"\r\nfirst paragraph\r\n\r\nsecond")
    assert p.text == "first paragraph\n\nsecond" and p.from_ is None and p.message_id_derived


def test_header_line_without_colon_does_not_end_the_header() -> None:
    """A broken header line is skipped; the MIME headers after it still apply."""
    extra = b"X-Mailer Outlook 16.0\r\nContent-Type: text/plain; charset=koi8-r\r\n"
    p = mail(extra, "Привет".encode("koi8-r"))
    assert p.text == "Привет" and "X-Mailer" not in p.text


def test_address_continuation_without_whitespace() -> None:
    """An address on a line that lost its folding whitespace still counts for Cc."""
    p = mail(b"Cc: anna@gmuv-lighting.cn,\r\nleo@gmuv-lighting.cn\r\n")
    assert [a.email for a in p.cc] == ["anna@gmuv-lighting.cn", "leo@gmuv-lighting.cn"]


# -- attachments and headers -----------------------------------------------------------------
def test_attachment_filenames_are_decoded() -> None:
    """RFC 2231 continuations with charset, RFC 2047 words, and unnamed attachments."""
    parts = (
        b"Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n\r\nbody\r\n--a\r\n"
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
        b" filename*0*=UTF-8''%E6%8A%A5%E4%BB%B7;\r\n filename*1*=%E5%8D%95.pdf\r\n\r\nx\r\n--a\r\n"
        b'Content-Type: application/pdf; name="=?utf-8?B?5Lqn5ZOB55uu5b2VLnBkZg==?="\r\n'
        b"Content-Disposition: attachment\r\n\r\nx\r\n--a\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment\r\n\r\nx\r\n"
        b"--a--\r\n"
    )
    assert mail(parts).attachments == ["报价单.pdf", "产品目录.pdf", "(unnamed)"]


def test_selected_headers_are_decoded_and_capped() -> None:
    """Only the selected headers are kept, lower-case, decoded, at most 1 KB each."""
    extra = (
        b"Auto-Submitted: auto-replied\r\nPrecedence: bulk\r\nX-Spam: no\r\n"
        b"Organization: =?utf-8?Q?M=C3=BCller_GmbH?=\r\n"
        b"List-Unsubscribe: <" + b"u" * 2000 + b">\r\n"
    )
    h = mail(extra).headers
    assert set(h) == {"auto-submitted", "precedence", "organization", "list-unsubscribe"}
    assert h["organization"] == "Müller GmbH" and len(h["list-unsubscribe"]) == 1024


# -- robustness ------------------------------------------------------------------------------
def test_nonsense_raw_message_does_not_raise() -> None:
    """Odd parts (unknown encodings, no payload, bad charsets) give defects, not errors."""
    raw = RawMessage(
        header=b"\xff\xfe: \x00\r\nSubject =?bad\r\n",
        parts=[
            BodyPart("text/plain", charset="nonsense", encoding="x-uuencode", payload=b"\x80\x81"),
            BodyPart("text/html", encoding="base64", payload=b"@@@", section="2"),
            BodyPart("message/rfc822", payload=None, section="3"),
        ],
        size=-1,
        internal_date=datetime(2026, 3, 1),
    )
    p = parse_message(raw)
    assert p.message_id_derived and p.date == datetime(2026, 3, 1, tzinfo=UTC)
    assert "part 1: unknown transfer encoding x-uuencode" in p.defects


def test_a_failing_step_is_recorded_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """If quote splitting breaks, the whole body stays the text and a defect says why."""

    def broken(text: str) -> tuple[str, str, str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(parsing, "split_reply", broken)
    p = mail(body=b"Hi\r\n> quoted")
    assert p.text == "Hi\n> quoted" and p.quoted == ""
    assert "split failed: RuntimeError('boom')" in p.defects


def test_a_bug_anywhere_still_gives_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even an unexpected error outside the guarded steps yields a ParsedMessage."""
    monkeypatch.setattr(parsing, "_charset_hints", lambda parts: 1 / 0)
    p = mail()
    assert p.message_id_derived and p.defects[-1].startswith("parse failed: ZeroDivisionError")


def test_decode_8bit_never_fails_on_binary() -> None:
    """Arbitrary bytes always give some text."""
    assert decode_8bit(bytes(range(256)))


# -- the fixture corpus (tests/data, see its README) -----------------------------------------
def _expectations() -> dict[str, dict]:
    path = DATA / "expectations.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["files"]


EXPECTED = _expectations()


@pytest.mark.skipif(not EXPECTED, reason="tests/data/expectations.json not written yet")
def test_every_expectation_has_its_fixture() -> None:
    """expectations.json names only .eml files that exist (a typo would skip its checks)."""
    assert sorted(set(EXPECTED) - {p.name for p in DATA.glob("*.eml")}) == []


@pytest.mark.skipif(not EXPECTED, reason="tests/data/expectations.json not written yet")
@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.eml")))
def test_fixture_mail(name: str) -> None:
    """Each fixture parses to what expectations.json states about it."""
    want = EXPECTED.get(name)
    assert want is not None, f"{name} has no entry in expectations.json"
    p = parse((DATA / name).read_bytes())
    _check_identity(p, want)
    _check_date(p, want)
    _check_text(p, want)


def _check_identity(p: ParsedMessage, want: dict) -> None:
    if "subject" in want:
        assert p.subject == want["subject"]
    for part in want.get("subject_contains", []):
        assert part in p.subject
    if "from" in want:
        expected = want["from"]
        assert (p.from_.email if p.from_ else None) == expected
    if "message_id" in want:
        if want["message_id"] is None:
            assert p.message_id_derived and p.message_id.endswith("@mailbot.invalid>")
        else:
            assert (p.message_id, p.message_id_derived) == (want["message_id"], False)
    if "in_reply_to" in want:
        assert p.in_reply_to == want["in_reply_to"]
    if "references" in want:
        assert p.references == want["references"]


def _check_date(p: ParsedMessage, want: dict) -> None:
    if want.get("date") == "fallback":
        assert (p.date, p.date_from_header) == (ARRIVAL, False)
    if "date_utc" in want:
        assert p.date == datetime.fromisoformat(want["date_utc"]) and p.date_from_header
    if "date_offset_minutes" in want:
        assert p.date_offset_minutes == want["date_offset_minutes"]


def _check_text(p: ParsedMessage, want: dict) -> None:
    for part in want.get("text_contains", []):
        assert part in p.text
    for part in want.get("signature_contains", []):
        assert part in p.text + "\n" + p.signature
    for part in want.get("quoted_contains", []):
        assert part in p.quoted and part not in p.text
    for part in want.get("text_excludes", []):
        assert part not in p.text
    if "attachments" in want:
        assert p.attachments == want["attachments"]
    for part in want.get("attachments_include", []):
        assert part in p.attachments
    if "html_only" in want:
        assert p.html_only == want["html_only"]
    for key in ("bounce_recipient", "bounce_status"):
        if key in want:
            assert want[key] in p.delivery_status
    if "bounced_message_id" in want:
        assert want["bounced_message_id"] in p.enclosed_headers
