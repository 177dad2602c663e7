"""Hostile names and subjects through the real send path: Dovecot → sync → plan → SMTP.

Customers whose display names and subjects carry CR/LF (as RFC 2047 encoded words,
which decode to real line breaks), Jinja syntax, extra addresses and a smuggled
`Bcc:`, and one whose domain is a homoglyph. The SMTP server must see exactly one
RCPT TO per follow-up — the customer's own address — and each message exactly one
of every header we write, no Bcc/Cc, and the hostile text literally.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections import Counter
from datetime import timedelta

import pytest

from mailbot.services.planning import build_plan
from tests.integration.cyclerig import Rig
from tests.mailgen import T0

pytestmark = pytest.mark.integration
US = "sales@gmuv-lighting.cn"
CRLF_BCC = "=?utf-8?q?Bob=0D=0ABcc=3A_eve=40evil.com=0D=0A?="  # decodes to "Bob\r\nBcc: …"
RAW_BCC = "=?utf-8?q?Bob=0D=0ABcc:_eve@evil.com?="  # illegal ':' '@' in a phrase word
JINJA = "=?utf-8?q?{{_7*7_}}{%_for_x_in_range=283=29_%}X{%_endfor_%}?="
# customer address → (raw From header, raw Subject header)
HOSTILE = {
    "bob@acme-one.de": (f"{CRLF_BCC} <bob@acme-one.de>", f"Quote {CRLF_BCC} lamps"),
    "hans@acme-two.de": ('"Bob <bob@x.com>, eve@evil.com" <hans@acme-two.de>',
                         "Inquiry\r\n\tBcc: eve@evil.com"),
    "jo@acme-three.de": (f"{JINJA} <jo@acme-three.de>", f"Offer {JINJA} {{{{ our_company }}}}"),
    "ann@acme-four.de": ("Ann <ann@acme-four.de>, eve@evil.com", "Price\r\nBcc: eve@evil.com"),
    "info@\u0430cme-five.de": ("PayPal <info@\u0430cme-five.de>", "Homoglyph"),
    "carl@acme-six.de": (f"{RAW_BCC} <carl@acme-six.de>", "Broken word"),
}  # fmt: skip
# what the server must see: the homoglyph is no deliverable address (held, not sent);
# the broken word parses as a group whose member is garbage: held too, never evil.com
EXPECTED = sorted(a for a in HOSTILE if a.isascii() and not a.startswith("carl"))
ONCE = ("from", "to", "subject", "date", "message-id", "in-reply-to", "references",
        "mime-version", "content-type", "content-transfer-encoding")  # fmt: skip


def raw_mail(sender: str, to: str, subject: str, mid: str, when, reply_to: str = "") -> bytes:
    thread = f"In-Reply-To: {reply_to}\r\nReferences: {reply_to}\r\n" if reply_to else ""
    head = (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
            f"Date: {email.utils.format_datetime(when)}\r\nMessage-ID: {mid}\r\n{thread}"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")  # fmt: skip
    return head.encode() + b"Please quote 200 pieces.\r\n"


def ingest(user) -> None:
    """Each customer asks; we answer the same day; then silence."""
    for n, (_address, (sender, subject)) in enumerate(HOSTILE.items()):
        asked, answered = T0 + timedelta(minutes=n), T0 + timedelta(hours=5, minutes=n)
        inquiry, quote = f"<inq{n}@customer.example>", f"<quote{n}@gmuv-lighting.cn>"
        user.append("INBOX", [(raw_mail(sender, US, subject, inquiry, asked), asked)])
        answer = raw_mail(f"Anna Li <{US}>", sender, "Re: " + subject, quote, answered, inquiry)
        user.append("Sent", [(answer, answered)])


def test_hostile_names_and_subjects_reach_only_the_customer(mailbox, smtp, tmp_path):
    """One RCPT TO each, no smuggled header, no duplicated header, data shown literally."""
    ingest(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    rig.run(T0, sync=True)
    now, held = T0 + timedelta(days=20), []
    for _ in range(3):  # each customer's morning; a later run re-plans the rest
        with rig.sessions() as s:
            due = [i.decision.due_at for i in build_plan(s, rig.config, now)
                   if i.decision.stage == 1 and i.decision.due_at]  # fmt: skip
        now = max([now, *due])
        held += rig.run(now).held
    got = smtp.messages
    assert sorted(r for m in got for r in m.rcpt_tos) == EXPECTED, [m.rcpt_tos for m in got]
    for received in got:
        [rcpt] = received.rcpt_tos
        head = received.data.split(b"\r\n\r\n")[0]
        assert not re.search(rb"(?im)^(bcc|cc|resent-[a-z]+):", head), head  # a name stays a name
        msg = email.message_from_bytes(received.data, policy=email.policy.default)
        counts = Counter(k.lower() for k in msg)
        assert {k: n for k, n in counts.items() if n > 1} == {}, counts
        assert "bcc" not in counts and "cc" not in counts
        assert [a.addr_spec for a in msg["To"].addresses] == [rcpt]
        assert set(counts) <= {*ONCE, "x-mailer", "list-unsubscribe"}, counts
        text = msg.get_body(("plain",)).get_content()
        assert "49" not in text and "XXX" not in text and "49" not in msg["Subject"]
        assert not re.search(r"(?im)^bcc:", text)  # a CR/LF in a name breaks no line
    [jo] = [r for r in got if r.rcpt_tos == ["jo@acme-three.de"]]
    msg = email.message_from_bytes(jo.data, policy=email.policy.default)
    assert "{{ 7*7 }}" in msg["Subject"] and "{{ our_company }}" in msg["Subject"]
    jinja = "{{ 7*7 }}{% for x in range(3) %}X{% endfor %}"  # the name, literally
    assert f"Hi {jinja}," in msg.get_body(("plain",)).get_content()
    assert msg["To"].addresses[0].display_name == jinja
    # the homoglyph and the broken word: refused with a reason, not sent, not crashed on
    assert any("\u0430cme-five.de" in h and "not a deliverable address" in h for h in held)
    assert any("evil.com" in h and "not a deliverable address" in h for h in held), held
