"""The SMTP adapter against a real SMTP server (aiosmtpd) that can misbehave on cue."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from mailbot.adapters.smtp import Outcome, SmtpSender, explain
from mailbot.config import SmtpAccount

pytestmark = pytest.mark.integration


def account(smtp) -> SmtpAccount:
    return SmtpAccount(host=smtp.host, port=smtp.port, username="", security="none")


def message(to: str) -> EmailMessage:
    m = EmailMessage()
    m["From"] = "sales@gmuv-lighting.cn"
    m["To"] = to
    m["Subject"] = "Re: Angebot UVC-Röhren"
    m["Message-ID"] = "<test-1@gmuv-lighting.cn>"
    m.set_content("Guten Tag Herr Müller,\nhaben Sie unser Angebot erhalten?\n")
    return m


def test_a_plain_send_is_sent_once(smtp):
    d = SmtpSender(account(smtp)).send(message("hans@acme.de"), "sales@gmuv-lighting.cn",
                                       "hans@acme.de")  # fmt: skip
    assert (d.outcome, d.code) == (Outcome.SENT, 250)
    [got] = smtp.messages
    assert got.rcpt_tos == ["hans@acme.de"] and got.mail_from == "sales@gmuv-lighting.cn"
    assert got.message()["Message-ID"] == "<test-1@gmuv-lighting.cn>"


@pytest.mark.parametrize(
    ("recipient", "outcome", "code"),
    [
        ("tempfail@acme.de", Outcome.TEMPORARY, 451),
        ("busy@acme.de", Outcome.TEMPORARY, 452),
        ("reject@acme.de", Outcome.PERMANENT, 550),
    ],
)
def test_refused_recipients_are_not_delivered(smtp, recipient, outcome, code):
    d = SmtpSender(account(smtp)).send(message(recipient), "sales@gmuv-lighting.cn", recipient)
    assert (d.outcome, d.code) == (outcome, code)
    assert smtp.messages == []
    assert str(code) in d.words


def test_connection_cut_after_data_is_unknown_not_failed(smtp):
    """The server got the message but the client never heard: never retry on our own."""
    d = SmtpSender(account(smtp)).send(message("drop@acme.de"), "sales@gmuv-lighting.cn",
                                       "drop@acme.de")  # fmt: skip
    assert d.outcome is Outcome.UNKNOWN
    assert len(smtp.messages) == 1


def test_421_after_the_final_dot_is_unknown_not_retryable(smtp):
    """The server kept the message, then said it is closing: it may have been delivered."""
    d = SmtpSender(account(smtp)).send(message("closing@acme.de"), "sales@gmuv-lighting.cn",
                                       "closing@acme.de")  # fmt: skip
    assert (d.outcome, d.code) == (Outcome.UNKNOWN, 421)
    assert d.words.startswith("after the message was sent: 421 ")
    assert len(smtp.messages) == 1


def test_a_greylisted_recipient_is_temporary_then_accepted(smtp):
    """450 at RCPT the first time (nothing sent), accepted on the next try."""
    sender = SmtpSender(account(smtp))
    first = sender.send(message("greylist@acme.de"), "sales@gmuv-lighting.cn", "greylist@acme.de")
    assert (first.outcome, first.code, smtp.messages) == (Outcome.TEMPORARY, 450, [])
    again = sender.send(message("greylist@acme.de"), "sales@gmuv-lighting.cn", "greylist@acme.de")
    assert again.outcome is Outcome.SENT and len(smtp.messages) == 1


def test_no_server_is_temporary_and_nothing_sent(smtp):
    acc = SmtpAccount(host="127.0.0.1", port=1, username="", security="none",
                      connect_timeout=2)  # fmt: skip
    d = SmtpSender(acc).send(message("hans@acme.de"), "sales@gmuv-lighting.cn", "hans@acme.de")
    assert d.outcome is Outcome.TEMPORARY and d.code is None


def test_redirect_all_to_reaches_only_the_redirect_address(smtp):
    sender = SmtpSender(account(smtp), redirect_all_to="qa@gmuv-lighting.cn")
    d = sender.send(message("hans@acme.de"), "sales@gmuv-lighting.cn", "hans@acme.de")
    assert d.outcome is Outcome.SENT and d.recipient == "qa@gmuv-lighting.cn"
    [got] = smtp.messages
    assert got.rcpt_tos == ["qa@gmuv-lighting.cn"]
    assert got.message()["X-Mailbot-Redirected-From"] == "hans@acme.de"


def test_codes_are_explained_in_words():
    assert explain(550, "5.1.1 User unknown") == (
        "550 the mailbox does not exist or refuses mail (5.1.1 User unknown)"
    )
    assert explain(None) == "no answer from the server"
