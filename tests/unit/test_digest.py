"""The team's digest, composed from plain records (domain/digest.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from mailbot.domain.channels import handoff_channel
from mailbot.domain.digest import (
    MAX_ITEMS,
    DigestInput,
    HandOff,
    LeadContact,
    NewLead,
    Notice,
    OwedReply,
    PlannedSend,
    UnknownSend,
    compose_digest,
    subject_line,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai, Tue 24 Nov
HOSTILE = '<script>alert("x")</script>\r\nBcc: victim@evil.example'


def inputs(**sections) -> DigestInput:
    return DigestInput(day=date(2026, 11, 24), zone=SHANGHAI, since=NOW - timedelta(hours=24),
                       tomorrow=date(2026, 11, 25), company="Guangming UV", **sections)  # fmt: skip


def owed(customer: str, hours_ago: float, thread: int, subject="Inquiry") -> OwedReply:
    since = NOW - timedelta(hours=hours_ago)
    return OwedReply(customer, f"buyer@{customer}", subject, since, hours_ago / 2, thread)


def test_replies_owed_run_oldest_first_with_the_wait_in_business_hours():
    """The longest-waiting customer comes first, with when they wrote in the seller's time."""
    d = compose_digest(inputs(owed=[owed("new.de", 10, 1), owed("old.fr", 50, 2)]))
    assert d.text.index("old.fr") < d.text.index("new.de")
    assert "waiting since Sun 22 Nov 06:30 (25 business hours), thread #2" in d.text
    assert "2 replies owed" in d.subject and not d.empty


def test_each_section_shows_its_records():
    """Leads with verdicts, hand-offs with channel and number, notices, unknown, tomorrow."""
    d = compose_digest(inputs(
        leads=[NewLead("Acme (acme.de)", NOW - timedelta(hours=3),
                       (LeadContact("hans@acme.de", "suspicious", ("no website",)),
                        LeadContact("eva@acme.de", None)), "DE")],
        handoffs=[HandOff("sterilux.in", "Quotation", NOW - timedelta(days=2), "WhatsApp",
                          ("WhatsApp +91 98765 43210 (raj@sterilux.in)",), 7, "IN")],
        notices=[Notice(NOW - timedelta(hours=5), "bounce", "x@gone.com", "gone.com",
                        "permanent failure 5.1.1"),
                 Notice(NOW - timedelta(hours=6), "unsubscribe", "b@uvpure.com.br", "uvpure"),
                 Notice(NOW - timedelta(hours=1), "left_company", "p@co.it", "co.it",
                        "write to q@co.it instead"),
                 Notice(NOW, "colleague_left", "q@co.it", "co.it", "check which contact left")],
        unknown=[UnknownSend(12, NOW - timedelta(hours=30), "acme.de", "hans@acme.de",
                             "Re: Inquiry", "followup")],
        planned=[PlannedSend(NOW + timedelta(hours=20), "followup", "old.fr", "a@old.fr",
                             "follow-up 2 (limited_offer)")],
    ))  # fmt: skip
    t = d.text
    assert "Acme (acme.de) (DE), first wrote Tue 24 Nov 05:30" in t
    assert "hans@acme.de: suspicious (no website)" in t and "eva@acme.de: not checked yet" in t
    assert "try WhatsApp: WhatsApp +91 98765 43210 (raj@sterilux.in)" in t
    assert "x@gone.com (gone.com) bounced" in t and "permanent failure 5.1.1" in t
    assert t.index("b@uvpure.com.br") < t.index("x@gone.com") < t.index("p@co.it")
    assert "write to q@co.it instead" in t
    assert "q@co.it (co.it) says a colleague has left and asks us to write to them" in t
    assert "#12 followup to hans@acme.de" in t and "mailbot approve 12" in t
    assert "Planned for tomorrow, Wed 25 Nov (1)" in t
    assert "Wed 25 Nov 04:30 follow-up 2 (limited_offer) to a@old.fr (old.fr)" in t
    assert d.subject == ("mailbot digest Tue 24 Nov: 1 new lead, 1 unknown send, 1 hand-off, "
                         "4 bounces/unsubscribes, 1 send tomorrow")  # fmt: skip


def test_empty_sections_are_named_once_and_the_subject_says_nothing_needs_you():
    d = compose_digest(inputs())
    assert d.empty and d.subject == "mailbot digest Tue 24 Nov: nothing needs you"
    assert "Nothing to report in: Replies we owe, oldest first, " in d.text
    assert "(0)" not in d.text and "<ul>" not in d.html


def test_an_empty_section_is_left_out_beside_full_ones():
    d = compose_digest(inputs(owed=[owed("a.de", 20, 1)]))
    assert "Replies we owe, oldest first (1)" in d.text
    assert "New leads (" not in d.text and "New leads" in d.text.splitlines()[-1]


def test_hostile_customer_data_is_escaped_in_html_and_kept_out_of_the_subject():
    """Names and subjects are data: no markup in the HTML, no header or line injection."""
    d = compose_digest(
        inputs(
            owed=[OwedReply(HOSTILE, HOSTILE, HOSTILE, NOW, 9, 3)],
            leads=[NewLead(HOSTILE, NOW, (LeadContact(HOSTILE, "valid"),))],
        )
    )
    assert "<script>" not in d.html and "&lt;script&gt;alert(&quot;x&quot;)" in d.html
    assert "\r" not in d.text and "\nBcc:" not in d.text and "\nBcc:" not in d.html
    assert "script" not in d.subject and "\n" not in d.subject
    msg = EmailMessage()
    msg["Subject"] = d.subject
    assert msg["Bcc"] is None and "evil" not in msg.as_string()


def test_a_long_section_is_cut_and_the_rest_counted():
    many = [owed(f"c{i}.de", 100 - i, i) for i in range(MAX_ITEMS + 5)]
    d = compose_digest(inputs(owed=many))
    assert f"Replies we owe, oldest first ({MAX_ITEMS + 5})" in d.text
    assert "… and 5 more" in d.text and "c0.de" in d.text and f"c{MAX_ITEMS + 1}.de" not in d.text
    assert subject_line(inputs(owed=many)).endswith(f"{MAX_ITEMS + 5} replies owed")


def test_times_are_the_sellers_local_time():
    ny = DigestInput(day=date(2026, 11, 23), zone=ZoneInfo("America/New_York"),
                     since=NOW, tomorrow=date(2026, 11, 24), owed=[owed("a.de", 0, 1)])  # fmt: skip
    assert "waiting since Mon 23 Nov 19:30" in compose_digest(ny).text
    assert "times are America/New_York" in compose_digest(ny).text


def test_hand_off_channel_follows_the_country():
    assert handoff_channel("US") == "Facebook Messenger"
    assert handoff_channel("FR") == "Facebook Messenger, then WhatsApp"
    assert handoff_channel("cn") == "WeChat"
    assert handoff_channel(None) == handoff_channel("ZZ") == "WhatsApp"
