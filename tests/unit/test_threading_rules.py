"""Pure threading rules: subject normalisation, thread keys, who the customer is."""

from datetime import UTC, datetime

import pytest

from mailbot.domain.message import Address, Direction, ParsedMessage
from mailbot.domain.parties import Us, freemail_domains, is_machine
from mailbot.domain.threading import counterparty, direction_of, normalize_subject, thread_keys
from tests.unit.ingestkit import pm

US = Us(frozenset({"sales@gmuv-lighting.cn"}), frozenset({"gmuv-lighting.cn"}))


def msg(sender: str, to: list[str], **kw) -> ParsedMessage:
    """A bare message: no text, no references, unless `kw` says otherwise."""
    mid = kw.pop("message_id", "<m1@x>")
    subject = kw.pop("subject", "Quote")
    at = kw.pop("date", datetime(2026, 3, 1, tzinfo=UTC))
    return pm(mid, sender, to, subject, at, **{"text": "", "size": 0, **kw})


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: AW: Fwd: Quotation UVC lamps", "quotation uvc lamps"),
        ("RE: RE:  Quotation   UVC lamps ", "quotation uvc lamps"),
        ("WG: Angebot", "angebot"),
        ("SV: Offert", "offert"),
        ("RV: Cotización", "cotización"),
        ("Res: Cotação", "cotação"),
        ("Odp: Zapytanie", "zapytanie"),
        ("YNT: Teklif", "teklif"),
        ("Antw: Offerte", "offerte"),
        ("回复：报价单", "报价单"),
        ("答复: 报价单", "报价单"),
        ("转发: 报价单", "报价单"),
        ("回覆：報價", "報價"),
        ("Ответ: Заказ", "заказ"),
        ("[EXTERNAL] Re: PI 2026-031", "pi 2026-031"),
        ("Re[2]: Samples", "samples"),
        ("Ｒｅ：Samples", "samples"),  # full-width, as Chinese clients write it
        ("Returning goods", "returning goods"),  # "Re" inside a word is not a prefix
        ("Research request", "research request"),
    ],
)
def test_normalize_subject(subject, expected):
    """Reply/forward prefixes of many languages and list tags are stripped, nothing else."""
    assert normalize_subject(subject) == expected


def test_thread_keys_own_id_first_and_deduplicated():
    """Keys are the message's own id, then In-Reply-To and References, each once."""
    m = msg(
        "a@b.de", ["sales@gmuv-lighting.cn"], in_reply_to="<p@x>", references=["<r@x>", "<p@x>"]
    )
    assert thread_keys(m) == ["<m1@x>", "<p@x>", "<r@x>"]


def test_direction_and_counterparty_inbound():
    """Inbound mail: the sender's company is the customer."""
    m = msg("hans@acme-lighting.de", ["sales@gmuv-lighting.cn"])
    assert direction_of(m, US) is Direction.INBOUND
    address, identity = counterparty(m, US)
    assert (address.email, identity.key, identity.kind) == (
        "hans@acme-lighting.de",
        "acme-lighting.de",
        "company",
    )


def test_counterparty_outbound_staff_reply():
    """Staff mail from a colleague's address on our domain: the recipient is the customer."""
    m = msg("anna@gmuv-lighting.cn", ["mei@gmuv-lighting.cn", "raj@gmail.com"])
    assert direction_of(m, US) is Direction.OUTBOUND
    _, identity = counterparty(m, US)
    assert (identity.key, identity.kind) == ("raj@gmail.com", "person")


def test_internal_mail_and_daemons_have_no_customer():
    """Mail between colleagues, and bounces, belong to no customer."""
    assert counterparty(msg("anna@gmuv-lighting.cn", ["leo@gmuv-lighting.cn"]), US) is None
    assert counterparty(msg("MAILER-DAEMON@mx.acme.de", ["sales@gmuv-lighting.cn"]), US) is None
    assert is_machine(Address("postmaster@acme.de"))
    assert is_machine(Address("no-reply@shop.example"))
    assert not is_machine(Address("info@acme.de"))


def test_freemail_table_has_regional_countries():
    """Regional free-mail carries its country; global providers none."""
    table = freemail_domains()
    assert table["web.de"] == "DE" and table["qq.com"] == "CN" and table["gmail.com"] == ""


def test_our_own_mailer_daemon_is_inbound():
    """A bounce from MAILER-DAEMON on our own domain is a report to us, not mail we sent."""
    m = msg("mailer-daemon@mx1.gmuv-lighting.cn", ["sales@gmuv-lighting.cn"])
    assert direction_of(m, US) is Direction.INBOUND
    assert counterparty(m, US) is None
