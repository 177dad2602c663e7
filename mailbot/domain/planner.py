"""What mailbot will do about one conversation, when, and why in words (pure).

Input is everything already read from the store (the thread's `Exchange`, what we
know of the customer, the policy from config) and `now`; output is a `Decision`.
The deadline is counted in the customer's business time from our last message,
paused while a contact of theirs is out of office; the follow-up then goes out at
the next allowed send moment (sendtime.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.conversation import AWAITING_CUSTOMER, AWAITING_US, Exchange
from mailbot.domain.expectation import ReplyWindow, reply_window
from mailbot.domain.hours import Closure
from mailbot.domain.planwords import local_time, stage_words
from mailbot.domain.sendtime import next_send_moment

PAUSED = "paused"  # awaiting the customer, whose contact is out of office
DONE = "done"
SUPPRESSED = "suppressed"


@dataclass(frozen=True, slots=True)
class Stage:
    template: str
    wait_days: float
    needs_fast_answer: bool = False


@dataclass(frozen=True, slots=True)
class Absence:
    """An out-of-office: from `start` until `back` (first day back, local)."""

    contact: str
    start: datetime
    back: date | None
    company: bool = False  # the auto-reply said the whole company is closed
    ended: datetime | None = None  # a human reply from them ended it early


@dataclass(frozen=True)
class CustomerSide:
    """What the planner knows about the customer behind a thread."""

    key: str
    calendar: BusinessCalendar
    tier: str
    window_days: float  # the tier's default reply window
    stages: Sequence[Stage]
    latencies_hours: Sequence[float] = ()  # their past reply times, business hours
    absences: Sequence[Absence] = ()
    suppressed: str | None = None  # why no automated mail may reach them
    last_answer: datetime | None = None  # their latest human message in any thread


@dataclass(frozen=True)
class Policy:
    seller: BusinessCalendar
    send_window: tuple[time, time] = (time(8, 30), time(11))
    we_owe_reply_hours: float = 8
    absence_grace_days: float = 1
    absence_default_days: int = 14  # an out-of-office without a return date
    prior_weight: float = 3
    learned_min_factor: float = 0.5
    learned_max_factor: float = 3


class Decision(NamedTuple):
    state: str
    since: datetime | None
    action: str  # follow_up, hand_off, reply_by_hand, none
    stage: int | None = None  # 1-based follow-up stage
    template: str | None = None
    expected_at: datetime | None = None  # the reply deadline (UTC)
    due_at: datetime | None = None  # when the action happens (UTC)
    overdue: bool = False  # the deadline (ours or theirs) has passed
    reason: str = ""
    window: ReplyWindow | None = None


def decide(exchange: Exchange, customer: CustomerSide, policy: Policy, now: datetime) -> Decision:
    if exchange.state == AWAITING_US:
        return _we_owe(exchange, policy, now)
    if exchange.state != AWAITING_CUSTOMER or exchange.since is None:
        return Decision(DONE, None, "none", reason="nothing in this thread awaits an answer")
    if customer.suppressed:
        return Decision(SUPPRESSED, exchange.since, "none", reason=customer.suppressed)
    return _awaiting_customer(exchange, customer, policy, now)


def _we_owe(exchange: Exchange, policy: Policy, now: datetime) -> Decision:
    assert exchange.since is not None
    seller = policy.seller
    owe_at = seller.add_business_hours(exchange.since, policy.we_owe_reply_hours)
    hours = f"{policy.we_owe_reply_hours:g} business hours in {seller.place}"
    wrote = f"the customer wrote {local_time(exchange.since, seller)}"
    if now >= owe_at:
        reason = f"{wrote}; nobody has answered within {hours} (since {local_time(owe_at, seller)})"
    else:
        reason = f"{wrote}; answer by {local_time(owe_at, seller)} ({hours})"
    return Decision(AWAITING_US, exchange.since, "reply_by_hand", due_at=owe_at,
                    overdue=now >= owe_at, reason=reason)  # fmt: skip


def _awaiting_customer(
    exchange: Exchange, customer: CustomerSide, policy: Policy, now: datetime
) -> Decision:
    assert exchange.since is not None
    cal = customer.calendar
    hours_per_day = cal.business_day_hours
    window = _window(
        tuple(customer.latencies_hours), customer.window_days * hours_per_day,
        policy.prior_weight, policy.learned_min_factor, policy.learned_max_factor,
    )  # fmt: skip
    start, notes = exchange.since, []
    if customer.last_answer and customer.last_answer > start:
        start = customer.last_answer  # they wrote to us elsewhere since: still alive
        notes.append(f"they wrote to us in another thread {local_time(start, cal)}")
    index = exchange.chasers
    if index >= len(customer.stages):
        deadline = cal.add_business_hours(start, window.hours)
        # A person takes over: on the seller's first business moment, not at night.
        due = policy.seller.next_opening(max(deadline, now))
        return Decision(DONE, exchange.since, "hand_off", expected_at=deadline, due_at=due,
                        overdue=now >= deadline, window=window,
                        reason=f"all {len(customer.stages)} follow-ups sent without an answer "
                        f"since {local_time(deadline, cal)}; a person takes over "
                        f"{local_time(due, policy.seller)}")  # fmt: skip
    stage = customer.stages[index]
    wait = max(window.hours, stage.wait_days * hours_per_day)
    spans, absent_now = (
        _absence_spans(customer, exchange, policy, start, now) if customer.absences else _NONE
    )
    deadline = cal.add_business_hours(start, wait, paused=spans)
    for span in spans:
        back = datetime.combine(span.end + timedelta(days=1), time(), cal.zone)
        if back > start:
            resume = cal.add_business_hours(back, policy.absence_grace_days * hours_per_day)
            deadline = max(deadline, resume)
    fence = None if not stage.needs_fast_answer else policy.seller
    send = _send_moment if deadline <= now else next_send_moment  # see _send_moment
    moment = send(cal, max(deadline, now), policy.send_window, fence)
    words = stage_words(
        window=window, wait=wait, hours_per_day=hours_per_day, cal=cal, start=start,
        deadline=deadline, spans=spans, stage_no=index + 1, stage=stage.template,
        send=moment, notes=notes,
    )  # fmt: skip
    return Decision(
        PAUSED if absent_now else AWAITING_CUSTOMER, exchange.since, "follow_up",
        stage=index + 1, template=stage.template, expected_at=deadline, due_at=moment.at,
        overdue=now >= deadline, reason=words, window=window,
    )  # fmt: skip


_NONE: tuple[Sequence[Closure], bool] = ((), False)  # no absences: nothing paused
_window = lru_cache(maxsize=4096)(reply_window)  # one customer, many threads
# Most deadlines have passed: their follow-ups go at the calendar's first moment after `now`.
_send_moment = lru_cache(maxsize=1024)(next_send_moment)


def _absence_spans(
    customer: CustomerSide, exchange: Exchange, policy: Policy, start: datetime, now: datetime
) -> tuple[Sequence[Closure], bool]:
    """Out-of-office windows that pause this thread's clock, and whether one is open.

    Only the absences of contacts who wrote in this thread count (all of the
    customer's when nobody has yet: we do not know who reads a first inquiry), and
    a company closure announced by any of them.
    """
    zone = customer.calendar.zone
    spans, absent_now = [], False
    for a in customer.absences:
        mine = a.company or not exchange.senders or a.contact in exchange.senders
        if a.start > now or not mine:
            continue  # not known yet at `now`, or someone else's
        first = a.start.astimezone(zone).date()
        back = a.back or first + timedelta(days=policy.absence_default_days)
        if a.ended is not None and a.ended <= now:  # an early return known at `now`
            back = min(back, a.ended.astimezone(zone).date())
        if back <= first or back <= start.astimezone(zone).date():
            continue  # empty, or over before our message
        label = "company closed (their auto-reply)" if a.company else f"{a.contact} out of office"
        spans.append(Closure(first, back - timedelta(days=1), label))
        absent_now = absent_now or now.astimezone(zone).date() < back
    return spans, absent_now
