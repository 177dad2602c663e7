"""Composing outgoing mail: threading headers, identity, quoting, and injection safety.

Every assertion is made on the bytes as a receiver gets them, parsed back with the
stdlib (`email.message_from_bytes`, policy default).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.domain.compose import (
    MAX_REFERENCES,
    ComposeError,
    Draft,
    Quote,
    ReplyTo,
    compose,
    make_message_id,
)
from mailbot.domain.message import Address
from mailbot.domain.subjects import REPLY_PREFIXES, reply_subject, strip_prefixes
from mailbot.domain.threading import normalize_subject

SENDER = Address("anna@guangming-uv.cn", "Anna Li (Guangming UV)")
HANS = Address("hans.meier@acme-lighting.de", "Hans Meier")
NOW = datetime(2026, 3, 18, 7, 30, tzinfo=UTC)
THREAD = ReplyTo(
    message_id="<m3@acme-lighting.de>",
    references=("<m1@guangming-uv.cn>", "<m2@acme-lighting.de>"),
    subject="AW: Re: Angebot UV-C Lampen 36W",
)


def draft(**changes: Any) -> Draft:
    base = Draft(
        sender=SENDER,
        to=HANS,
        subject="Angebot UV-C Lampen",
        text="Hallo Herr Meier,\n\nhatten Sie Gelegenheit, unser Angebot zu prüfen?\n",
        key="followup:customer=7:thread=12:stage=1",
        domain="guangming-uv.cn",
        now=NOW,
        language="de",
        reply=THREAD,
    )
    return dataclasses.replace(base, **changes)


def received(d: Draft) -> EmailMessage:
    """The message as a receiver parses it."""
    raw = compose(d).message.as_bytes()
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def plain_text(msg: EmailMessage) -> str:
    """The plain-text body with line ends as \n."""
    body = msg.get_body(("plain",))
    assert body is not None
    return body.get_content().replace("\r\n", "\n")


def recipients(msg: EmailMessage) -> list[tuple[str, str]]:
    fields = [str(v) for h in ("To", "Cc", "Bcc") for v in msg.get_all(h, [])]
    return getaddresses(fields)


def test_follow_up_answers_the_last_message_of_its_thread() -> None:
    """In-Reply-To is the last message; References its chain plus it (RFC 5322 §3.6.4)."""
    msg = received(draft())
    assert msg["In-Reply-To"] == "<m3@acme-lighting.de>"
    assert msg["References"].split() == [
        "<m1@guangming-uv.cn>",
        "<m2@acme-lighting.de>",
        "<m3@acme-lighting.de>",
    ]


def test_follow_up_identity_headers() -> None:
    """From is the mailbox with its name, To the one contact, Date is `now`."""
    msg = received(draft())
    assert msg["From"].addresses[0].addr_spec == "anna@guangming-uv.cn"
    assert msg["From"].addresses[0].display_name == "Anna Li (Guangming UV)"
    assert [a.addr_spec for a in msg["To"].addresses] == ["hans.meier@acme-lighting.de"]
    assert parsedate_to_datetime(msg["Date"]) == NOW
    assert msg["Date"].endswith("+0000")


def test_date_header_can_carry_the_sellers_offset() -> None:
    """With the seller's zone, the Date reads like the staff's own mail: +0800."""
    msg = received(draft(date_zone=ZoneInfo("Asia/Shanghai")))
    assert msg["Date"] == "Wed, 18 Mar 2026 15:30:00 +0800"
    assert parsedate_to_datetime(msg["Date"]) == NOW


def test_naive_now_is_refused() -> None:
    """A naive `now` has no instant: refused rather than guessed."""
    with pytest.raises(ValueError, match="naive"):
        compose(draft(now=datetime(2026, 3, 18, 7, 30)))


def test_message_id_is_on_our_domain_and_stable_for_the_same_key() -> None:
    """A retry of the same outbox row reuses its Message-ID; another row gets another."""
    first, again = compose(draft()), compose(draft(now=datetime(2026, 3, 19, tzinfo=UTC)))
    other = compose(draft(key="followup:customer=7:thread=12:stage=2"))
    assert first.message_id == again.message_id != other.message_id
    assert first.message_id.endswith("@guangming-uv.cn>")
    assert received(draft())["Message-ID"] == first.message_id
    assert make_message_id("k", "guangming-uv.cn") == make_message_id("k", "guangming-uv.cn")


def test_same_draft_gives_the_same_bytes() -> None:
    """Composing is a pure function: even the MIME boundary is derived from the key."""
    d = draft(html="<p>Hallo</p>")
    assert compose(d).message.as_bytes() == compose(d).message.as_bytes()


def test_follow_up_is_never_marked_automatic() -> None:
    """No Auto-Submitted / Precedence: we want the customer's out-of-office (RFC 3834 §2)."""
    msg = received(draft(unsubscribe="unsubscribe@guangming-uv.cn"))
    for header in ("Auto-Submitted", "Precedence", "X-Auto-Response-Suppress"):
        assert header not in msg


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("de", "AW: Angebot UV-C Lampen 36W"),  # Outlook de: "AW:" (Antwort)
        ("fr", "RE: Angebot UV-C Lampen 36W"),  # Outlook fr/es write upper-case "RE:"
        ("es", "RE: Angebot UV-C Lampen 36W"),
        ("pt-BR", "RES: Angebot UV-C Lampen 36W"),  # Outlook pt-BR: "RES:" (Resposta)
        ("zh", "回复：Angebot UV-C Lampen 36W"),  # Foxmail/Outlook zh-CN: full-width colon
        ("zh-TW", "回覆：Angebot UV-C Lampen 36W"),  # traditional script
        ("ja", "Re: Angebot UV-C Lampen 36W"),
        ("en", "Re: Angebot UV-C Lampen 36W"),
        ("sw", "Re: Angebot UV-C Lampen 36W"),  # anything else: Re:, which every client reads
    ],
)
def test_follow_up_subject_follows_the_threads_language(language: str, subject: str) -> None:
    """The thread subject, its old prefixes stripped (case kept), with one new prefix."""
    assert received(draft(language=language))["Subject"] == subject


def test_greeting_starts_a_new_thread() -> None:
    """Greetings and care mails: no In-Reply-To/References, the rendered subject."""
    msg = received(draft(reply=None, subject="Frohe Weihnachten von Guangming UV"))
    assert "In-Reply-To" not in msg and "References" not in msg
    assert msg["Subject"] == "Frohe Weihnachten von Guangming UV"


def test_follow_up_in_a_thread_without_subject_uses_the_rendered_one() -> None:
    """A thread whose subject is only prefixes gets the template's subject, not "AW: "."""
    msg = received(draft(reply=dataclasses.replace(THREAD, subject="RE: Re:")))
    assert msg["Subject"] == "Angebot UV-C Lampen"


def test_long_reference_chain_keeps_the_root_and_the_latest() -> None:
    """RFC 5322 §3.6.4 lets a long chain be trimmed; the root and the newest matter."""
    chain = tuple(f"<r{i}@acme-lighting.de>" for i in range(40))
    msg = received(draft(reply=ReplyTo("<last@acme-lighting.de>", chain, "Angebot")))
    refs = msg["References"].split()
    assert len(refs) == MAX_REFERENCES
    assert refs[0] == "<r0@acme-lighting.de>"
    assert refs[-2:] == ["<r39@acme-lighting.de>", "<last@acme-lighting.de>"]


def test_made_up_and_malformed_ids_are_not_referenced() -> None:
    """Ids mailbot derived for id-less mail never were on the wire; broken ones are dropped."""
    chain = ("<0a1b@mailbot.invalid>", "<ok@acme-lighting.de>", "<bad id@x>", "<m\r\nBcc: e@x>")
    msg = received(draft(reply=ReplyTo("<last@acme-lighting.de>", chain, "Angebot")))
    assert msg["References"].split() == ["<ok@acme-lighting.de>", "<last@acme-lighting.de>"]
    assert "Bcc" not in msg


def test_quote_of_our_last_message() -> None:
    """Our last message follows, `> `-quoted, under the language's attribution line."""
    sent = datetime(2026, 3, 10, 9, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    quote = Quote("Sehr geehrter Herr Meier,\n\nanbei das Angebot.\n> älter", sent, "Anna Li")
    text = plain_text(received(draft(quote=quote)))
    assert "Am 2026-03-10 09:15 schrieb Anna Li:\n> Sehr geehrter Herr Meier,\n>\n" in text
    assert "> anbei das Angebot.\n>> älter\n" in text
    assert text.startswith("Hallo Herr Meier,")


def test_quote_attribution_in_english_by_default() -> None:
    """An unknown language falls back to the English "On <date>, <name> wrote:"."""
    sent = datetime(2026, 3, 10, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    text = plain_text(received(draft(language="sw", quote=Quote("Hi", sent, "Anna"))))
    assert "On 2026-03-10 16:00, Anna wrote:\n> Hi\n" in text


def test_html_alternative_carries_the_quote_escaped() -> None:
    """With HTML: multipart/alternative, plain first; the quote is escaped in the HTML."""
    sent = datetime(2026, 3, 10, 9, 15, tzinfo=UTC)
    quote = Quote("<script>x</script>", sent, "Anna <Li>")
    msg = received(draft(html="<p>Hallo</p>", quote=quote))
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    html = msg.get_body(("html",))
    assert html is not None
    assert "&lt;script&gt;" in html.get_content() and "<script>" not in html.get_content()


def test_list_unsubscribe_is_a_mailto_without_one_click_post() -> None:
    """RFC 2369 mailto; List-Unsubscribe-Post (RFC 8058) applies to https only."""
    msg = received(draft(reply=None, unsubscribe="unsubscribe@guangming-uv.cn"))
    assert msg["List-Unsubscribe"] == "<mailto:unsubscribe@guangming-uv.cn?subject=unsubscribe>"
    assert "List-Unsubscribe-Post" not in msg
    assert "List-Unsubscribe" not in received(draft())


def test_bytes_are_crlf_seven_bit_and_short_lined() -> None:
    """SMTP-ready: CRLF line ends, 7-bit (no 8BITMIME needed), lines within 998 octets."""
    raw = compose(draft(text="Grüße aus Shenzhen 深圳\n" * 3, subject="x" * 300)).message
    data = raw.as_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(byte < 128 for byte in data)
    assert max(len(line) for line in data.split(b"\r\n")) <= 998


# -- injection --------------------------------------------------------------------


def test_crlf_in_subject_adds_no_header() -> None:
    """A template or thread subject with CR/LF cannot add a header or a recipient."""
    evil = "Angebot\r\nBcc: spy@evil.com\r\nX-Evil: 1"
    for msg in (
        received(draft(reply=None, subject=evil)),
        received(draft(reply=dataclasses.replace(THREAD, subject=evil))),
    ):
        assert "Bcc" not in msg and "X-Evil" not in msg
        assert recipients(msg) == [("Hans Meier", "hans.meier@acme-lighting.de")]
        assert "Bcc: spy@evil.com" in msg["Subject"]  # shown literally, on one line


def test_address_like_display_name_stays_a_name() -> None:
    """`Evil <x@evil.com>, y@evil.com` as a name: quoted, still exactly one recipient."""
    name = "Evil <x@evil.com>, y@evil.com"
    msg = received(draft(to=Address("hans.meier@acme-lighting.de", name)))
    assert recipients(msg) == [(name, "hans.meier@acme-lighting.de")]
    assert msg["To"].addresses[0].display_name == name
    assert len(msg["To"].addresses) == 1


def test_quotes_crlf_and_nul_in_names() -> None:
    """Quotes are escaped; CR, LF and NUL in a name become spaces, never a header."""
    name = 'Anna "The Boss", Sales\r\nBcc: spy@evil.com\x00'
    msg = received(draft(sender=Address("anna@guangming-uv.cn", name), to=HANS))
    assert msg["From"].addresses[0].display_name == 'Anna "The Boss", Sales Bcc: spy@evil.com'
    assert "Bcc" not in msg
    assert recipients(msg) == [("Hans Meier", "hans.meier@acme-lighting.de")]


@pytest.mark.parametrize(
    "email",
    [
        "hans@acme.de\r\nBcc: spy@evil.com",
        "hans@acme.de, spy@evil.com",
        "Hans <hans@acme.de>",
        "hans@acme.de\x00",
        "not-an-address",
        "",
    ],
)
def test_malformed_recipient_is_refused(email: str) -> None:
    """The recipient must be one plain addr-spec: anything else is refused, not repaired."""
    with pytest.raises(ComposeError):
        compose(draft(to=Address(email, "Hans")))


@pytest.mark.parametrize("domain", ["guangming-uv.cn\r\nX: y", "a b.cn", "localhost", ""])
def test_malformed_own_domain_is_refused(domain: str) -> None:
    """Our Message-ID domain must be a plain host name."""
    with pytest.raises(ComposeError):
        compose(draft(domain=domain))


@settings(max_examples=150, deadline=None)
@given(name=st.text(max_size=60), subject=st.text(max_size=120), text=st.text(max_size=200))
def test_any_customer_text_gives_one_recipient(name: str, subject: str, text: str) -> None:
    """Whatever a name, subject or body holds, the parsed mail has one recipient and the
    headers mailbot set, nothing more."""
    msg = received(
        draft(
            to=Address("hans.meier@acme-lighting.de", name),
            reply=dataclasses.replace(THREAD, subject=subject),
            text=text,
        )
    )
    assert [a for _, a in recipients(msg)] == ["hans.meier@acme-lighting.de"]
    assert set(msg.keys()) <= {
        "From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    }  # fmt: skip


# -- subjects -----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_stripping_prefixes_agrees_with_threading(subject: str) -> None:
    """What `strip_prefixes` keeps normalizes like the original: our reply stays threaded."""
    assert normalize_subject(strip_prefixes(subject)) == normalize_subject(subject)


@pytest.mark.parametrize("language", sorted(REPLY_PREFIXES))
def test_every_reply_prefix_is_one_threading_strips(language: str) -> None:
    """Each prefix in the table is recognised by `normalize_subject` (threading.py)."""
    assert normalize_subject(reply_subject("Quotation UV-C", language)) == "quotation uv-c"


def test_strip_prefixes_keeps_case_and_script() -> None:
    """Stacked prefixes and list tags go; the customer's own words stay as written."""
    assert strip_prefixes("AW: Re: [Sales] Quotation UV-C 36W") == "Quotation UV-C 36W"
    assert strip_prefixes("回复：Re: 报价单  UV灯") == "报价单 UV灯"
    assert strip_prefixes("Re: Re") == "Re"
