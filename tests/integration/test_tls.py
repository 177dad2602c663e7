"""TLS refusal against real servers: Dovecot and aiosmtpd with certificates made here.

A self-signed certificate, or one for another host name, is refused with one sentence
that says why — unless it is the server's CA that is configured (`ca_file`), and then
only for the right name. `security = "starttls"` against a server that does not offer
STARTTLS is refused before any login: no password crosses the wire in clear text.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme

from mailbot.adapters.imap import ImapMailbox
from mailbot.adapters.smtp import Outcome, SmtpSender
from mailbot.config import ImapAccount, SmtpAccount
from mailbot.errors import MailboxError
from tests.conftest import _running
from tests.rig.dovecot import DovecotServer
from tests.rig.proxy import TcpProxy
from tests.rig.smtp import SmtpServer

pytestmark = pytest.mark.integration
PASSWORD_ENV = "MAILBOT_TEST_TLS_PW"


@dataclass(frozen=True)
class Cert:
    chain: Path  # the server's certificate (and its CA's) in PEM
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.chain, self.key)
        return context


@dataclass(frozen=True)
class Pki:
    ca_file: Path  # our private CA: what a user would put into `ca_file`
    certs: dict[str, Cert]  # "self-signed", "wrong-host", "private-ca" (for 127.0.0.1)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca, stranger = trustme.CA(), trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))

    def write(name: str, chain: list[bytes], key: bytes) -> Cert:
        (folder / f"{name}.pem").write_bytes(b"".join(chain))
        (folder / f"{name}.key").write_bytes(key)
        return Cert(folder / f"{name}.pem", folder / f"{name}.key")

    def leaf(name: str, host: str) -> Cert:
        issued = ca.issue_cert(host)
        return write(name, [b.bytes() for b in issued.cert_chain_pems],
                     issued.private_key_pem.bytes())  # fmt: skip

    certs = {  # a CA's own certificate is self-signed: the stranger's serves as one
        "self-signed": write("self-signed", [stranger.cert_pem.bytes()],
                             stranger.private_key_pem.bytes()),
        "wrong-host": leaf("wrong-host", "mail.example.com"),
        "private-ca": leaf("private-ca", "127.0.0.1"),
    }  # fmt: skip
    return Pki(folder / "ca.pem", certs)


@pytest.fixture(scope="module")
def tls_dovecots(pki: Pki) -> Iterator[dict[str, DovecotServer]]:
    """One Dovecot per certificate: STARTTLS required on `port`, implicit TLS on `tls_port`."""
    servers: dict[str, DovecotServer] = {}
    runs = []
    for name, cert in pki.certs.items():
        run = _running(DovecotServer(tls=(cert.chain, cert.key)))
        servers[name] = next(run)
        runs.append(run)
    yield servers
    for run in runs:
        next(run, None)


# (certificate, ca_file configured?) → refused with these words, or None: accepted
CASES = [
    ("self-signed", False, "self-signed certificate"),
    ("self-signed", True, "self-signed certificate"),
    ("wrong-host", True, "mismatch"),
    ("private-ca", False, "unable to get local issuer certificate"),
    ("private-ca", True, None),
]


def _ca(pki: Pki, configured: bool) -> dict:
    return {"ca_file": pki.ca_file} if configured else {}


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize(("cert", "with_ca", "refusal"), CASES)
def test_imap_trusts_only_a_certificate_for_its_host_from_a_known_ca(
    pki, tls_dovecots, security, cert, with_ca, refusal
):
    """Refused before LOGIN with the certificate's fault named; accepted with its CA."""
    server = tls_dovecots[cert]
    os.environ[PASSWORD_ENV] = server.password
    port = server.tls_port if security == "tls" else server.port
    account = ImapAccount(host=server.host, port=port, username="tls-user", security=security,
                          password_env=PASSWORD_ENV, connect_timeout=5,
                          **_ca(pki, with_ca))  # fmt: skip
    if refusal is None:
        with ImapMailbox(account) as imap:
            assert imap.select("INBOX").exists == 0
        return
    with pytest.raises(MailboxError) as refused:
        ImapMailbox(account).connect()
    words = str(refused.value)
    assert words.startswith(f"TLS certificate of {server.host} not trusted: "), words
    assert refusal in words.lower() and "ca_file" in words and "\n" not in words


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize(("cert", "with_ca", "refusal"), CASES)
def test_smtp_trusts_only_a_certificate_for_its_host_from_a_known_ca(
    pki, security, cert, with_ca, refusal
):
    """`doctor`'s probe names the fault; a send is temporary with nothing delivered and
    no AUTH seen by the server; with the right CA the same server takes the message."""
    os.environ[PASSWORD_ENV] = "pw"
    context = pki.certs[cert].server_context()
    with SmtpServer(auth=("sales", "pw"), tls=context, starttls=security == "starttls") as sink:
        account = SmtpAccount(host=sink.host, port=sink.port, username="sales",
                              security=security, password_env=PASSWORD_ENV, connect_timeout=5,
                              read_timeout=10, **_ca(pki, with_ca))  # fmt: skip
        sender = SmtpSender(account)
        delivery = sender.send(_message(), "sales@gmuv-lighting.cn", "hans@acme.de")
        if refusal is None:
            assert sender.probe().tls == {"tls": "TLS", "starttls": "STARTTLS"}[security]
            assert delivery.outcome is Outcome.SENT and len(sink.messages) == 1
            assert sink.logins == [("sales", "pw")] * 2  # the send's and the probe's
            return
        with pytest.raises(MailboxError) as refused:
            sender.probe()
        assert delivery.outcome is Outcome.TEMPORARY and sink.messages == []
        assert sink.logins == []
    words = str(refused.value)
    assert words.startswith(f"TLS certificate of {sink.host}:{sink.port} not trusted: "), words
    assert refusal in words.lower() and "ca_file" in words and "\n" not in words
    assert refusal in delivery.words.lower(), delivery.words


def test_smtp_starttls_not_offered_sends_no_auth(smtp):
    """`starttls` against a server without STARTTLS (that would take AUTH in clear text):
    refused; the server never sees AUTH nor the password, and no message."""
    os.environ[PASSWORD_ENV] = "plain-secret"
    with SmtpServer(auth=("sales", "plain-secret")) as sink, TcpProxy(sink.port) as wire:
        account = SmtpAccount(host=wire.host, port=wire.port, username="sales",
                              security="starttls", password_env=PASSWORD_ENV,
                              connect_timeout=5)  # fmt: skip
        delivery = SmtpSender(account).send(_message(), "sales@gmuv-lighting.cn", "hans@acme.de")
        with pytest.raises(MailboxError) as refused:
            SmtpSender(account).probe()
        assert delivery.outcome is Outcome.TEMPORARY and sink.messages == []
        assert "does not offer STARTTLS, so mailbot did not log in" in delivery.words
        assert sink.logins == []
        sent = bytes(wire.from_clients).upper()
    assert b"EHLO" in sent and b"AUTH" not in sent and b"PLAIN-SECRET" not in sent
    words = str(refused.value)
    assert words.startswith(f"SMTP server {wire.host}:{wire.port} does not offer STARTTLS")
    assert "\n" not in words


def test_imap_starttls_not_offered_sends_no_login(imap_server):
    """The rig's plain Dovecot offers no STARTTLS: refused before LOGIN, password unsent."""
    os.environ[PASSWORD_ENV] = imap_server.password
    with TcpProxy(imap_server.port) as wire:
        account = ImapAccount(host=wire.host, port=wire.port, username="starttls-user",
                              security="starttls", password_env=PASSWORD_ENV,
                              connect_timeout=5)  # fmt: skip
        with pytest.raises(MailboxError) as refused:
            ImapMailbox(account).connect()
        sent = bytes(wire.from_clients).upper()
    words = str(refused.value)
    assert words.startswith(f"IMAP server {wire.host}:{wire.port} does not offer STARTTLS"), words
    assert b"CAPABILITY" in sent and b"LOGIN" not in sent
    assert imap_server.password.upper().encode() not in sent


def _message() -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"] = "sales@gmuv-lighting.cn", "hans@acme.de"
    m["Subject"], m["Message-ID"] = "Re: Angebot UVC-Röhren", "<tls-1@gmuv-lighting.cn>"
    m.set_content("Guten Tag Herr Müller,\nhaben Sie unser Angebot erhalten?\n")
    return m
