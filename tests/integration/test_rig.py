"""The test rig itself: each real server is up and behaves as later tests assume."""

import datetime as dt
import smtplib
import time
from email.message import EmailMessage

import dns.rdatatype
import dns.resolver
import pytest

from tests.rig import dns as rig_dns

pytestmark = pytest.mark.integration

CET = dt.timezone(dt.timedelta(hours=1))


def _eml(subject: str, to: str = "buyer@acme-lighting.de") -> bytes:
    msg = EmailMessage()
    msg["From"] = "sales@example.org"
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content("Hello\n")
    return bytes(msg)


def test_imap_login_and_capabilities(mailbox):
    """A fresh user logs in and the server offers CONDSTORE and IDLE."""
    imap = mailbox.client()
    caps = imap.capabilities()
    assert b"CONDSTORE" in caps
    assert b"IDLE" in caps


def test_special_use_folders_exist(mailbox):
    """LIST shows INBOX and Sent/Drafts/Trash with their SPECIAL-USE flags."""
    folders = {name: set(flags) for flags, _, name in mailbox.client().list_folders()}
    assert "INBOX" in folders
    assert b"\\Sent" in folders["Sent"]
    assert b"\\Drafts" in folders["Drafts"]
    assert b"\\Trash" in folders["Trash"]


def test_append_keeps_internaldate(mailbox):
    """APPEND with an INTERNALDATE reads back as the same instant, with the UID returned."""
    sent_at = dt.datetime(2024, 3, 5, 9, 30, tzinfo=CET)
    [uid] = mailbox.append("Sent", [(_eml("Quote 42"), sent_at)])
    imap = mailbox.client()
    imap.select_folder("Sent", readonly=True)
    fetched = imap.fetch([uid], ["INTERNALDATE", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])[uid]
    assert fetched[b"INTERNALDATE"] == sent_at
    assert b"Quote 42" in fetched[b"BODY[HEADER.FIELDS (SUBJECT)]"]


def test_mailboxes_are_isolated(imap_server, mailbox):
    """Another fresh user does not see this user's mail."""
    mailbox.append("INBOX", [(_eml("private"), dt.datetime.now(dt.UTC))])
    other = imap_server.new_user("other")
    try:
        assert other.client().folder_status("INBOX", ["MESSAGES"])[b"MESSAGES"] == 0
    finally:
        other.close()


def test_reset_uidvalidity(mailbox):
    """reset_uidvalidity gives the folder a new UIDVALIDITY that clients see."""
    status = mailbox.client().folder_status("Sent", ["UIDVALIDITY"])
    new = mailbox.reset_uidvalidity("Sent")
    assert new != status[b"UIDVALIDITY"]
    assert mailbox.client().folder_status("Sent", ["UIDVALIDITY"])[b"UIDVALIDITY"] == new


def test_restart_keeps_mail(imap_server, mailbox):
    """After restart() the server answers on the same port with the mail still there."""
    port = imap_server.port
    mailbox.append("INBOX", [(_eml("survives"), dt.datetime.now(dt.UTC))])
    imap_server.restart()
    assert imap_server.port == port
    assert mailbox.client().folder_status("INBOX", ["MESSAGES"])[b"MESSAGES"] == 1


def test_smtp_records_message(smtp):
    """A message sent over SMTP is recorded with its envelope and content."""
    with smtplib.SMTP(smtp.host, smtp.port, timeout=10) as client:
        client.sendmail(
            "sales@example.org", ["a@acme-lighting.de", "b@acme-lighting.de"], _eml("Offer")
        )
    [received] = smtp.messages
    assert received.mail_from == "sales@example.org"
    assert received.rcpt_tos == ["a@acme-lighting.de", "b@acme-lighting.de"]
    assert received.message()["Subject"] == "Offer"


def test_smtp_slow_recipient_is_kept_before_the_late_answer(smtp):
    """`slow…`: the message is recorded at once, the answer to DATA comes slow_seconds later."""
    smtp.slow_seconds = 0.5
    with smtplib.SMTP(smtp.host, smtp.port, timeout=10) as client:
        client.ehlo()
        client.mail("sales@example.org")
        client.rcpt("slow-jan@acme-lighting.de")
        client.putcmd("data")
        assert client.getreply()[0] == 354
        client.send(_eml("Offer", to="slow-jan@acme-lighting.de").replace(b"\n", b"\r\n"))
        client.send(b".\r\n")
        assert smtp.wait_until(lambda got: len(got) == 1, timeout=0.4) is not None
        started = time.monotonic()
        assert client.getreply()[0] == 250
        assert time.monotonic() - started >= 0.3
    assert smtp.messages[0].rcpt_tos == ["slow-jan@acme-lighting.de"]


def test_smtp_delivers_into_dovecot(smtp, mailbox):
    """With deliver_to set, mail to <user>@... lands in that user's INBOX."""
    smtp.deliver_to = mailbox.server
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=10) as client:
            client.sendmail(
                "sales@example.org", [mailbox.address], _eml("Delivered", to=mailbox.address)
            )
    finally:
        smtp.deliver_to = None
    imap = mailbox.client()
    imap.select_folder("INBOX", readonly=True)
    assert len(imap.search(["SUBJECT", "Delivered"])) == 1


def _answer(resolver, name: str, rtype: str) -> list[str]:
    return sorted(r.to_text() for r in resolver.resolve(name, rtype))


def test_dns_good_domain(dns_server):
    """The corporate test domain has MX, A and AAAA records."""
    resolver = dns_server.resolver()
    assert _answer(resolver, "acme-lighting.de", "MX") == ["10 mx1.acme-lighting.de."]
    assert _answer(resolver, "mx1.acme-lighting.de", "A") == ["192.0.2.25"]
    assert _answer(resolver, "mx1.acme-lighting.de", "AAAA") == ["2001:db8::25"]
    assert _answer(resolver, "www.acme-lighting.de", "A") == ["192.0.2.80"]


def test_dns_edge_cases(dns_server):
    """A-only domain, null MX, MX to a missing host, NXDOMAIN, and REFUSED outside."""
    resolver = dns_server.resolver()
    assert _answer(resolver, rig_dns.ONLY_A_DOMAIN, "A") == ["192.0.2.30"]
    with pytest.raises(dns.resolver.NoAnswer):
        resolver.resolve(rig_dns.ONLY_A_DOMAIN, "MX")
    assert _answer(resolver, rig_dns.NULL_MX_DOMAIN, "MX") == ["0 ."]
    [mx] = resolver.resolve(rig_dns.MISSING_MX_HOST_DOMAIN, "MX")
    with pytest.raises(dns.resolver.NXDOMAIN):
        resolver.resolve(mx.exchange, "A")
    with pytest.raises(dns.resolver.NXDOMAIN):
        resolver.resolve(rig_dns.NXDOMAIN_NAME, "A")
    with pytest.raises(dns.resolver.NoNameservers, match="REFUSED"):
        resolver.resolve("example.org", "A")


def test_dns_answers_over_tcp(dns_server):
    """The server answers over TCP too (large answers and some resolvers need it)."""
    answer = dns_server.resolver().resolve("acme-lighting.de", "A", tcp=True)
    assert [r.to_text() for r in answer] == ["192.0.2.10"]


def test_dns_custom_records(make_dns_server):
    """A DNS server built with extra records serves them (how later tests add zones)."""
    server = make_dns_server([("spf.example", "TXT", "v=spf1 -all")])
    [txt] = server.resolver().resolve("spf.example", "TXT")
    assert txt.rdtype == dns.rdatatype.TXT
    assert txt.strings == (b"v=spf1 -all",)


def test_dns_nxdomain_zone(make_dns_server):
    """A zone declared NXDOMAIN has no names at all; a name outside every zone is REFUSED."""
    server = make_dns_server([("made-up-trading.com", "NXDOMAIN", "")])
    resolver = server.resolver()
    for name, rtype in [("made-up-trading.com", "MX"), ("www.made-up-trading.com", "A")]:
        with pytest.raises(dns.resolver.NXDOMAIN):
            resolver.resolve(name, rtype)
    with pytest.raises(dns.resolver.NoNameservers, match="REFUSED"):
        resolver.resolve("example.org", "A")


def test_postgres_listens_on_loopback_only_and_databases_are_separate(postgres_server):
    import psycopg

    first, second = postgres_server.new_database("a"), postgres_server.new_database("b")
    assert first != second
    with psycopg.connect(first.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        assert c.execute("SHOW listen_addresses").fetchone()[0] == "127.0.0.1"
        sockets = c.execute("SHOW unix_socket_directories").fetchone()[0]
        assert sockets.startswith(str(postgres_server.root))
        c.execute("CREATE TABLE only_here (x int)")
    with psycopg.connect(second.replace("postgresql+psycopg", "postgresql")) as c:
        assert c.execute("SELECT to_regclass('only_here')").fetchone()[0] is None
