"""Simulated weeks of live sending after a customer's address stops: a hard bounce, an
unsubscribe request, a server that answers 451 forever. Silent Li, quoted at the same
moment, shows the later stage would otherwise have gone out.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from mailbot.domain.planner import SUPPRESSED
from tests.integration.sendsim import (
    ASKED,
    BERLIN,
    DE,
    HANS,
    LAMPS,
    LI,
    OURS,
    QUOTED,
    STERILIZER,
    Weeks,
    assert_morning_on_a_working_day,
    hard_bounce,
    inquiry_and_quote,
    next_working_day,
    ticks,
    two_customers,
)
from tests.mailgen import mail

pytestmark = pytest.mark.integration
WEEKS = (date(2026, 9, 1), date(2026, 9, 11))  # both stages of the cadence for Li


class BounceAfterFirstFollowUp(Weeks):
    """Hans's mail server accepts our first follow-up, then bounces it 10 minutes later."""

    bounced = False

    def tick(self, now):
        summary = super().tick(now)
        if not self.bounced and self.to(HANS):
            at = now + timedelta(minutes=10)
            self.arrive(at, "INBOX", hard_bounce(HANS, self.to(HANS)[0].header("Message-ID"), at))
            self.bounced = True
        return summary


def test_a_hard_bounce_suppresses_the_address(mailbox, smtp, tmp_path):
    """After the DSN (5.1.1) for our first follow-up, Hans is suppressed: no stage 2."""
    weeks = BounceAfterFirstFollowUp(mailbox, smtp, tmp_path)
    two_customers(weeks)
    weeks.run(ticks(BERLIN, *WEEKS))
    assert weeks.bounced, "no follow-up went to Hans, so nothing could bounce"
    assert len(weeks.to(HANS)) == 1 and len(weeks.to(LI)) == 2
    assert weeks.suppressions() == {HANS: "hard_bounce"}
    assert [(r.recipient, r.stage, r.status) for r in weeks.rows() if r.recipient == HANS] == [
        (HANS, 1, "sent")
    ]
    [item] = weeks.plan(weeks.sent[-1].tick, HANS)
    assert item.decision.state == SUPPRESSED and item.decision.action == "none"
    assert_morning_on_a_working_day(weeks.sent)


def test_an_unsubscribe_request_stops_every_thread(mailbox, smtp, tmp_path):
    """Hans answers our first follow-up (in one of his two threads) with "take me off your
    list": his address is suppressed, so his other thread, whose follow-up waited for the
    customer gap, gets nothing either; silent Li gets both stages."""
    weeks = Weeks(mailbox, smtp, tmp_path)
    two_customers(weeks)
    inquiry_and_quote(weeks, HANS, STERILIZER, ASKED, QUOTED, 40)  # a second thread
    weeks.run(ticks(BERLIN, WEEKS[0], date(2026, 9, 4)))
    [first] = weeks.to(HANS)  # one at a time: the other thread waits for the customer gap
    when = first.tick + timedelta(days=3)  # Monday
    stop = mail(50, HANS, OURS, "Re: " + first.header("Subject").removeprefix("Re: "), when,
                body="Please remove me from your mailing list. Unsubscribe.",
                reply_to_id=first.header("Message-ID"))  # fmt: skip
    weeks.arrive(when, "INBOX", stop)
    weeks.run(ticks(BERLIN, date(2026, 9, 5), WEEKS[1]))
    assert weeks.to(HANS) == [first] and len(weeks.to(LI)) == 2
    assert weeks.suppressions() == {HANS: "unsubscribe"}
    plan = weeks.plan(weeks.sent[-1].tick, HANS)
    assert SUPPRESSED in {i.decision.state for i in plan}  # the thread still waiting for him
    for row in weeks.rows():
        if row.recipient == HANS and row.message_id != first.header("Message-ID"):
            assert row.status == "cancelled" and "suppressed" in row.outcome, row.outcome
    assert_morning_on_a_working_day(weeks.sent)


def test_a_temporary_failure_gives_up_after_retry_for_hours(mailbox, smtp, tmp_path):
    """451 at every attempt: retried in the next send windows until `retry_for_hours` (24)
    after the planned time, then failed; the window closing does not restart the clock."""
    weeks = Weeks(mailbox, smtp, tmp_path)
    inquiry_and_quote(weeks, "tempfail-ute@acme.de", LAMPS, ASKED, QUOTED, 10)
    weeks.run(ticks(BERLIN, WEEKS[0], date(2026, 9, 9)))
    [row] = weeks.rows()
    assert row.status == "failed" and "451" in row.outcome and smtp.messages == []
    events = weeks.events(row.id)
    assert events[0] == "planned" and events[-1] == "failed" and set(events[1:-1]) == {"retry"}
    tried = [t.astimezone(ZoneInfo(BERLIN)) for t, summary in weeks.summaries
             if row.id in summary.retrying or row.id in [i for i, _ in summary.failed]]  # fmt: skip
    assert len(tried) == row.attempts <= 4
    assert tried[-1].date() == next_working_day(DE, tried[0].date())  # not weeks of retries
