"""The reply fence over time: a customer's answer landing shortly before a follow-up goes
out cancels it; one landing just after it went out stops the later stages.

Each case is one quiet customer on the rig (Dovecot + SMTP sink, test_run_cycle.py) and
the moment `now` the plan sends their first follow-up. The answer is appended to INBOX
with its Date and INTERNALDATE `offset` before the send moment, at two points in the
cycle: between the plan step and the send step of the same cycle (only the fence's own
sync can see it), and between the cycle that planned the row and the one that sends it
(the row's jittered moment lies after the planning cycle). Time is an input: nothing
sleeps.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mailbot.config import parse_config
from mailbot.domain.conversation import AWAITING_US
from mailbot.services.cycle import Cycle
from mailbot.services.planning import build_plan
from mailbot.store.models import SendEvent
from tests.integration.cyclerig import Rig, customer_reply, due_moment, quiet_customer, settings
from tests.snapshot import store_snapshot

pytestmark = pytest.mark.integration
HANS = "hans@acme-lighting.de"
OFFSETS = [1, 10, 30, 60]  # seconds before the send moment


class AnswerBeforeTheSend(Cycle):
    """The customer's answer lands after this cycle planned, before it sends."""

    def __init__(self, *args, user, offset: timedelta, **kw) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kw)
        self.user, self.offset = user, offset

    def propose(self, mailboxes: set[str]) -> None:
        super().propose(mailboxes)
        assert self.summary.proposed, "nothing was planned, so the fence was never tried"
        customer_reply(self.user, self.now - self.offset)


class AnswerAfterTheSend(Cycle):
    """The customer's answer lands right after the follow-up was sent and committed;
    `stage2` is what the plan said just before: the next stage and its moment."""

    def __init__(self, *args, user, **kw) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kw)
        self.user, self.stage2 = user, None

    def send(self, mailbox) -> None:  # type: ignore[no-untyped-def]
        super().send(mailbox)
        assert self.summary.sent, "nothing was sent"
        with self.sessions() as s:
            [item] = build_plan(s, self.config, self.now)
        self.stage2 = item.decision
        customer_reply(self.user, self.now + timedelta(seconds=1))


def events(rig: Rig, row_id: int) -> list[str]:
    with rig.sessions() as s:
        query = select(SendEvent.event).where(SendEvent.outbox_id == row_id)
        return list(s.scalars(query.order_by(SendEvent.id)))


def assert_cancelled_by_the_answer(rig: Rig) -> None:
    """Nothing reached the SMTP server; the one row says why, and its trail is planned →
    skipped."""
    assert rig.smtp.messages == []
    [row] = rig.rows()
    assert row.recipient == HANS and row.status == "cancelled"
    assert row.outcome.startswith("the plan changed") and AWAITING_US in row.outcome
    assert events(rig, row.id) == ["planned", "skipped"]


@pytest.mark.parametrize("seconds", OFFSETS)
def test_an_answer_between_plan_and_send_cancels_the_follow_up(mailbox, smtp, tmp_path, seconds):
    """Planned and sent in one cycle; the answer arrives in between, dated `seconds`
    before the send moment."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    cycle = AnswerBeforeTheSend(rig.config, rig.sessions, now, user=mailbox,
                                offset=timedelta(seconds=seconds))  # fmt: skip
    summary = cycle.run(rig.config.mailboxes)
    assert summary.sent == [] and [i for i, _ in summary.skipped] == summary.proposed
    assert_cancelled_by_the_answer(rig)
    before = store_snapshot(rig.sessions.kw["bind"])  # the fence's sync left nothing to do
    assert rig.run(now).skipped == [] and store_snapshot(rig.sessions.kw["bind"]) == before


def jittered(rig: Rig) -> Rig:
    """The same rig, with each row's moment up to 10 minutes after the plan's."""
    data = settings(rig.user, rig.smtp, rig.tmp, "live")
    data["sending"]["jitter_minutes"] = 10
    rig.config = parse_config(data, rig.tmp / "mailbot.toml")
    return rig


@pytest.mark.parametrize("seconds", OFFSETS)
def test_an_answer_between_planning_cycle_and_send_moment_cancels_it(
    mailbox, smtp, tmp_path, seconds
):
    """One cycle plans the row for its jittered moment; the answer arrives `seconds`
    before that moment; the cycle at the moment sends nothing."""
    quiet_customer(mailbox)
    rig = jittered(Rig(mailbox, smtp, tmp_path))
    planned_at = due_moment(rig)
    assert len(rig.run(planned_at).proposed) == 1
    [row] = rig.rows()
    send_at = row.due_at
    assert send_at > planned_at and smtp.messages == [], "jitter 0: sent at once"
    customer_reply(mailbox, send_at - timedelta(seconds=seconds))
    summary = rig.run(send_at)
    assert summary.sent == [] and [i for i, _ in summary.skipped] == [row.id]
    assert_cancelled_by_the_answer(rig)


def test_an_answer_just_after_the_send_stops_the_later_stages(mailbox, smtp, tmp_path):
    """The follow-up went out and was committed; the answer arrives a second later. No
    second mail, not at once and not when stage 2 would have been due."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    cycle = AnswerAfterTheSend(rig.config, rig.sessions, now, user=mailbox)
    [sent] = cycle.run(rig.config.mailboxes).sent
    silence = cycle.stage2  # the control: without the answer, stage 2 at this moment
    assert silence.action == "follow_up" and silence.stage == 2 and silence.due_at > now
    for at in (now, now + timedelta(minutes=1), silence.due_at, silence.due_at + timedelta(days=7)):
        again = rig.run(at)
        assert again.proposed == [] and again.sent == [], (at, again)
    [got] = smtp.messages
    assert got.rcpt_tos == [HANS]
    [row] = rig.rows()
    assert row.id == sent and row.status == "sent" and events(rig, row.id) == ["planned", "sent"]
    with rig.sessions() as s:
        [item] = build_plan(s, rig.config, silence.due_at)
    assert item.decision.state == AWAITING_US and item.decision.action == "reply_by_hand"
