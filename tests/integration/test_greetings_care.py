"""Greetings and post-purchase care through `Cycle` against the real Dovecot and SMTP sink.

Dates (see tests/unit/test_occasions.py for sources): Christmas Day Fri 25 Dec 2026,
24 Dec a working day in Germany, Berlin UTC+1; Diwali Sun 8 Nov 2026, Indian office
week Mon–Sat, Kolkata UTC+5:30.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mailbot.domain.leadcheck import LeadVerdict
from mailbot.services.outbox import Outbox, Step
from mailbot.store.leads import save_checks
from mailbot.store.models import SendEvent
from tests.integration.cyclerig import (
    answered_customer,
    berlin,
    mailbot_ok,
    rig_with,
    write_toml,
)
from tests.mailgen import T0

pytestmark = pytest.mark.integration
HANS, RAJ = "hans@acme-lighting.de", "raj@uvtech.in"


def test_christmas_greeting_for_a_german_customer_once_and_never_on_the_day(
    mailbox, smtp, tmp_path
):
    answered_customer(mailbox, HANS)
    rig = rig_with(mailbox, smtp, tmp_path)
    rig.run(T0 + timedelta(days=2))
    assert rig.run(berlin(23, 10)).proposed == []  # Wednesday: too early
    summary = rig.run(berlin(24, 9, 30))
    assert len(summary.sent) == 1, summary
    [got] = smtp.messages
    msg = got.message()
    assert got.rcpt_tos == [HANS] and "Season's greetings" in msg["Subject"]
    assert msg["In-Reply-To"] is None and msg["References"] is None  # a thread of its own
    assert msg["List-Unsubscribe"] == "<mailto:sales@gmuv-lighting.cn?subject=unsubscribe>"
    assert "merry Christmas" in msg.get_body(("plain",)).get_content()
    assert rig.run(berlin(24, 10, 30)).proposed == []  # never twice
    assert rig.run(berlin(25, 9, 30)).proposed == []  # never on the day itself
    [row] = rig.rows()
    assert (row.kind, row.occasion, row.status) == ("greeting", "christmas", "sent")
    assert row.key.endswith("/christmas/2026-12-25") and row.thread_id is None


def test_diwali_for_an_indian_customer_on_saturday_morning(mailbox, smtp, tmp_path):
    answered_customer(mailbox, RAJ)
    rig = rig_with(mailbox, smtp, tmp_path)
    rig.run(T0 + timedelta(days=2))
    sat_9_15_kolkata = datetime(2026, 11, 7, 3, 45, tzinfo=UTC)
    assert len(rig.run(sat_9_15_kolkata).sent) == 1
    [got] = smtp.messages
    assert got.rcpt_tos == [RAJ] and "Diwali" in got.message()["Subject"]
    assert rig.run(datetime(2026, 11, 8, 4, tzinfo=UTC)).proposed == []  # Diwali itself


def test_a_missed_greeting_day_is_not_made_up_later(mailbox, smtp, tmp_path):
    """The cycle did not run in the window (daemon down): no late greeting."""
    answered_customer(mailbox, HANS)
    rig = rig_with(mailbox, smtp, tmp_path)
    rig.run(T0 + timedelta(days=2))
    assert rig.run(berlin(24, 14)).proposed == [] and smtp.messages == []


def test_no_greeting_right_after_a_follow_up(mailbox, smtp, tmp_path):
    """A follow-up went out Monday: Thursday's greeting is skipped, and the log says why."""
    answered_customer(mailbox, HANS)
    rig = rig_with(mailbox, smtp, tmp_path)
    rig.run(T0 + timedelta(days=2))
    with rig.sessions.begin() as s:
        monday = berlin(21, 9)
        step = Step("followup/test", "followup", 1, None, 1, None, "gentle_reminder", "sales",
                    HANS, monday, "test")  # fmt: skip
        row = Outbox(s).propose(step, monday)
        assert row is not None
        row.status, row.sent_at = "sent", monday
    summary = rig.run(berlin(24, 9, 30))
    assert summary.sent == [] and smtp.messages == []
    [(row_id, why)] = summary.skipped
    assert "a follow-up went out 2026-12-21" in why
    with rig.sessions() as s:
        events = [
            e.event for e in s.scalars(select(SendEvent).where(SendEvent.outbox_id == row_id))
        ]
    assert events == ["planned", "skipped"]


def test_no_greeting_to_an_address_the_lead_check_found_dead(mailbox, smtp, tmp_path):
    """An `invalid` verdict (default: no automated mail) holds the greeting back, with why."""
    answered_customer(mailbox, HANS)
    rig = rig_with(mailbox, smtp, tmp_path)
    rig.run(T0 + timedelta(days=2))
    dead = LeadVerdict(HANS, "acme-lighting.de", "invalid", 0.0,
                       ("the domain accepts no mail (null MX)",), {})  # fmt: skip
    with rig.sessions.begin() as s:
        save_checks(s, [dead], T0, timedelta(days=30), timedelta(hours=6))
    summary = rig.run(berlin(24, 9, 30))
    assert summary.sent == [] and smtp.messages == []
    [(_, why)] = summary.skipped
    assert "no automated mail to this lead" in why and "null MX" in why


def test_care_sequence_after_order_events_from_the_cli(mailbox, smtp, tmp_path):
    """`mailbot event` records shipping and delivery; notices follow in the mornings."""
    answered_customer(mailbox, HANS)
    rig = rig_with(mailbox, smtp, tmp_path, greetings={"enabled": False})
    rig.run(T0 + timedelta(days=2))
    write_toml(rig)
    shipped = "2026-10-06T14:00:00+00:00"  # Tue, after the Berlin window
    out = mailbot_ok(rig, "event", "acme-lighting.de", "shipped", "--ref", "PO-7",
                  "--tracking", "1Z999AA1", "--at", shipped)  # fmt: skip
    assert "recorded" in out and "PO-7" in out
    again = mailbot_ok(rig, "event", HANS, "shipped", "--ref", "PO-7", "--at", shipped)
    assert "already recorded" in again
    assert rig.run(datetime(2026, 10, 6, 15, tzinfo=UTC)).proposed == []
    wed = datetime(2026, 10, 7, 7, 30, tzinfo=UTC)  # 09:30 Berlin (CEST, UTC+2)
    assert len(rig.run(wed).sent) == 1
    notice = smtp.messages[0].message()
    assert "1Z999AA1" in notice.get_body(("plain",)).get_content()
    assert notice["In-Reply-To"] is None
    mailbot_ok(rig, "event", "acme-lighting.de", "delivered", "--ref", "PO-7",
            "--at", "2026-10-09T08:00:00+00:00")  # fmt: skip
    # arrival check 2 days after Fri 9 Oct 10:00 Berlin → Sun 11 Oct → Mon 12 Oct morning.
    assert rig.run(datetime(2026, 10, 9, 9, tzinfo=UTC)).proposed == []
    assert len(rig.run(datetime(2026, 10, 12, 7, 30, tzinfo=UTC)).sent) == 1
    assert "PO-7" in smtp.messages[1].message()["Subject"]
    assert [r.template for r in rig.rows()] == ["care/shipping_notice", "care/arrival_check"]


def test_one_automated_mail_per_customer_within_the_gap(mailbox, smtp, tmp_path):
    """A care mail and a greeting due the same morning: one goes, the other waits and
    then misses its window — the customer gets one mail that day."""
    answered_customer(mailbox, HANS)
    rig = rig_with(mailbox, smtp, tmp_path)
    rig.run(T0 + timedelta(days=2))
    write_toml(rig)
    mailbot_ok(rig, "event", "acme-lighting.de", "shipped", "--ref", "PO-9",
            "--at", "2026-12-23T15:00:00+00:00")  # fmt: skip
    summary = rig.run(berlin(24, 9, 30))
    assert len(summary.proposed) == 2 and len(summary.sent) == 1, summary
    rows = {r.kind: r for r in rig.rows()}
    # Same moment: the care mail sorts first (by key); the greeting waits for the gap.
    assert rows["care"].status == "sent" and rows["greeting"].status == "planned"
    assert rows["greeting"].due_at > berlin(28, 9)  # 2 business days: after the holidays
    assert rig.run(berlin(24, 10, 55)).sent == [] and len(smtp.messages) == 1
    last = rig.run(berlin(31, 10))  # the gap is over, and so is the greeting's window
    assert last.sent == [] and len(smtp.messages) == 1
    [(row_id, why)] = last.skipped
    assert row_id == rows["greeting"].id and "greeting window passed" in why
