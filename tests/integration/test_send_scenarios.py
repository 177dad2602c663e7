"""Simulated weeks of live sending, per conversation: replies, the fence, absences, staff.

Each scenario runs `Cycle` at ticks four times a day (sendsim.py) against the rig's
Dovecot and SMTP sink, and checks what the SMTP server received, when (customer-local
day and hour), and the outbox rows. A silent customer quoted at the same moment is the
control: it shows that the same weeks would have sent a follow-up.
Calendar scenarios are in test_send_calendars.py, stops (bounce, unsubscribe) in
test_send_stops.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from structlog.testing import capture_logs

from mailbot.domain.conversation import AWAITING_US
from mailbot.services.cycle import Cycle
from tests.integration.sendsim import (
    ASKED,
    BERLIN,
    DE,
    HANS,
    LAMPS,
    LI,
    OURS,
    QUOTED,
    Weeks,
    answer,
    assert_morning_on_a_working_day,
    in_window,
    inquiry_and_quote,
    next_working_day,
    ticks,
    two_customers,
    working_between,
)
from tests.mailgen import mail

pytestmark = pytest.mark.integration


def test_a_customer_who_replies_gets_no_follow_up(mailbox, smtp, tmp_path):
    """Hans answers on day 2: nothing ever goes to him; silent Li gets both stages."""
    weeks = Weeks(mailbox, smtp, tmp_path)
    quote = two_customers(weeks)
    replied = datetime(2026, 9, 3, 7, 30, tzinfo=UTC)
    weeks.arrive(
        replied, "INBOX", answer(HANS, LAMPS, replied, "We will order 200 pcs.", quote, 11)
    )
    weeks.run(ticks(BERLIN, date(2026, 9, 1), date(2026, 9, 11)))
    assert weeks.to(HANS) == []
    assert [s.header("In-Reply-To") for s in weeks.to(LI)][0] == "<quote20@gmuv-lighting.cn>"
    assert len(weeks.to(LI)) == 2 and len(smtp.messages) == 2
    assert_morning_on_a_working_day(weeks.sent)
    assert {r.recipient for r in weeks.rows()} == {LI}
    [item] = weeks.plan(weeks.sent[-1].tick, HANS)
    assert item.decision.state == AWAITING_US and item.decision.action == "reply_by_hand"


class ReplyJustBeforeTheSend(Cycle):
    """Hans's answer lands in INBOX after this cycle planned his follow-up, dated a second
    before the send: only the fence's own sync can see it."""

    user = None  # the rig mailbox, set by the test

    def propose(self, mailboxes: set[str]) -> None:
        super().propose(mailboxes)
        if self.summary.proposed and ReplyJustBeforeTheSend.user is not None:
            when = self.now - timedelta(seconds=1)
            raw = answer(HANS, LAMPS, when, "Yes, please send the proforma.",
                         "<quote10@gmuv-lighting.cn>", 11)  # fmt: skip
            ReplyJustBeforeTheSend.user.append("INBOX", [(raw, when)])
            ReplyJustBeforeTheSend.user = None  # once


def test_a_reply_a_second_before_the_send_cancels_it(mailbox, smtp, tmp_path):
    """The fence re-syncs INBOX: the planned row is cancelled with its reason, nothing sent."""
    weeks = Weeks(mailbox, smtp, tmp_path, cycle=ReplyJustBeforeTheSend)
    inquiry_and_quote(weeks, HANS, LAMPS, ASKED, QUOTED, 10)
    ReplyJustBeforeTheSend.user = mailbox
    with capture_logs() as logs:
        weeks.run(ticks(BERLIN, date(2026, 9, 1), date(2026, 9, 11)))
    assert ReplyJustBeforeTheSend.user is None, "the follow-up was never planned"
    assert smtp.messages == [] and weeks.sent == []
    [row] = weeks.rows()
    assert row.status == "cancelled" and row.recipient == HANS and "awaiting_us" in row.outcome
    assert weeks.events(row.id) == ["planned", "skipped"]
    [skip] = [e for e in logs if e["event"] == "skipped"]
    assert skip["outbox"] == row.id and "awaiting_us" in skip["reason"]
    [(at, summary)] = [(t, s) for t, s in weeks.summaries if s.skipped]
    assert in_window(at.astimezone(ZoneInfo(BERLIN))) and summary.sent == []


def test_out_of_office_until_a_date_delays_the_first_follow_up(mailbox, smtp, tmp_path):
    """Hans is away until the 14th: nothing while he is away, stage 1 after his return."""
    weeks = Weeks(mailbox, smtp, tmp_path)
    quote = two_customers(weeks)
    until = date(2026, 9, 14)
    away = QUOTED + timedelta(minutes=4)
    weeks.arrive(away, "INBOX", answer(
        HANS, LAMPS, away, f"I am out of the office until {until:%d %B %Y} with no access to "
        "email.\nIn urgent cases please contact petra@acme-lighting.de.", quote, 11,
        headers={"Auto-Submitted": "auto-replied"},
    ))  # fmt: skip
    weeks.run(ticks(BERLIN, date(2026, 9, 1), date(2026, 9, 18)))
    first_to_li, first_to_hans = weeks.to(LI)[0], weeks.to(HANS)[0]
    assert first_to_li.local(BERLIN).date() < until  # without the absence: days earlier
    back = next_working_day(DE, until)  # "until the 14th": back the next working day
    assert first_to_hans.local(BERLIN).date() > back  # and a day of grace to read his mail
    assert quote in first_to_hans.header("References")  # in the thread of our quote
    assert_morning_on_a_working_day(weeks.sent)
    [row] = [r for r in weeks.rows() if r.recipient == HANS]
    assert row.stage == 1 and row.status == "sent"


def test_a_staff_reply_by_hand_resets_the_clock(mailbox, smtp, tmp_path):
    """Anna writes to Hans by hand on day 3: his next follow-up answers her message and is
    counted from it; Li, quoted at the same moment, gets hers on day 4 as planned."""
    weeks = Weeks(mailbox, smtp, tmp_path)
    quote = two_customers(weeks)
    wrote = datetime(2026, 9, 3, 7, 0, tzinfo=UTC)
    staff_id = "<by-hand@gmuv-lighting.cn>"
    weeks.arrive(wrote, "Sent", mail(30, "anna@gmuv-lighting.cn", HANS, "Re: " + LAMPS, wrote,
                                     body="Hans, did the samples arrive?", reply_to_id=quote,
                                     message_id=staff_id))  # fmt: skip
    weeks.run(ticks(BERLIN, date(2026, 9, 1), date(2026, 9, 10)))
    [to_hans] = weeks.to(HANS)
    li_first = weeks.to(LI)[0].local(BERLIN)
    assert to_hans.header("In-Reply-To") == staff_id
    assert to_hans.local(BERLIN).date() > li_first.date()  # not when the quote's clock ran out
    [row] = [r for r in weeks.rows() if r.recipient == HANS]
    assert row.key.endswith("/" + wrote.isoformat())  # this waiting round began with Anna's mail
    assert row.stage == 2  # her mail was the first chaser: the next is the second stage
    # Stage 2 waits 3 working days: Anna's day counts, the send day is the fourth.
    assert working_between(DE, wrote.date(), to_hans.local(BERLIN).date()) >= 2
    assert_morning_on_a_working_day(weeks.sent)
    assert {s.header("From").split("<")[-1].rstrip(">") for s in weeks.sent} == {OURS}
