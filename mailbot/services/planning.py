"""`mailbot plan`: read the store as it was at `now`, decide every open conversation.

Everything is read in a few set-wise queries (no query per thread), then each
thread goes through the pure planner. Mail dated after `now` is ignored, so the
same code answers "what would mailbot have done last Tuesday". No side effects.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import NamedTuple, TypeVar

from sqlalchemy.orm import Session

from mailbot.adapters import calendarcache as calendar_cache
from mailbot.config import Config
from mailbot.domain import workdays
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.conversation import (
    AWAITING_CUSTOMER,
    Exchange,
    Mail,
    read_exchange,
    reply_latencies,
)
from mailbot.domain.leadgate import LeadView, gate, lead_for
from mailbot.domain.planner import CustomerSide, Decision, Policy, Stage, decide
from mailbot.domain.tiers import History, derive_tier, lifecycle_stage
from mailbot.services.calendars import Calendars
from mailbot.services.fanout import fan_out
from mailbot.store.leads import lead_views
from mailbot.store.models import Customer
from mailbot.store.planinputs import (
    CustomerFacts,
    absences,
    customer_facts,
    suppressed,
    thread_mails,
    thread_subjects,
)

R = TypeVar("R")
Memo = dict[str, object] | None
LEARN_DAYS = 730  # reply history older than this says little about today
_EPOCH, _US = datetime(1, 1, 1, tzinfo=UTC), timedelta(microseconds=1)


class Profile(NamedTuple):
    """A customer as the plan shows them, with where each value came from."""

    id: int
    key: str
    name: str
    country: str | None
    timezone: str
    tier: str
    tier_source: str
    stage: str
    stage_source: str


class PlanItem(NamedTuple):
    customer: Profile
    thread_id: int
    subject: str
    decision: Decision  # after the lead check's gate (domain/leadgate.py)
    lead: LeadView | None = None  # the lead check that speaks for this thread


@dataclass
class _Seen:
    """One customer's threads as read: open exchanges, reply pairs, answers."""

    exchanges: dict[int, Exchange] = field(default_factory=dict)
    pairs: list[tuple[datetime, datetime]] = field(default_factory=list)
    answers: int = 0
    last_answer: datetime | None = None

    def add(self, mails: list[Mail]) -> None:
        self.pairs.extend(reply_latencies(mails))
        for m in mails:
            if m.answer:
                self.answers += 1
                if self.last_answer is None or m.at > self.last_answer:
                    self.last_answer = m.at


def build_plan(
    session: Session, config: Config, now: datetime, customer_id: int | None = None
) -> list[PlanItem]:
    """Every open conversation's decision at `now`, soonest first."""
    return plan_rendered(session, config, now, lambda item: item, customer_id)


def plan_rendered(
    session: Session,
    config: Config,
    now: datetime,
    render: Callable[[PlanItem], R],
    customer_id: int | None = None,
) -> list[R]:
    """`render(item)` for every open conversation at `now`, soonest first.

    Customers are split over `plan.workers` processes (by id), each reading,
    deciding and rendering its share (decisions never depend on another customer;
    rendering 50k reasons is itself seconds of work); the parent merges in order.
    """
    workers = 1 if customer_id is not None else config.plan.workers
    engine = session.get_bind()
    calendar_cache.load()  # before forking: every worker starts with the calendars built

    def share(k: int, n: int) -> tuple[list[tuple[tuple[bool, datetime, int], R]], Memo]:
        if k == 0:
            items = _build(session, config, now, customer_id, (k, n))
        else:
            engine.dispose(close=False)  # type: ignore[union-attr]  # forked: own connections
            with Session(engine) as own:
                items = _build(own, config, now, customer_id, (k, n))
        keyed = [(_order(i, now), render(i)) for i in items]
        keyed.sort(key=itemgetter(0))
        return keyed, workdays.memo_snapshot() if k else None  # calendars a worker built

    with collector_paused():
        parts = fan_out(share, workers)
        for _, memo in parts:
            workdays.memo_load(memo or {})
        calendar_cache.save()
        merged = [pair for keyed, _ in parts for pair in keyed]
        merged.sort(key=itemgetter(0))  # sorted runs, one per share: sort merges them in C
        return [value for _, value in merged]


def _order(item: PlanItem, now: datetime) -> tuple[bool, int, int]:
    """Soonest first, undated last, then by thread. The instant as an integer (µs): the
    keys of a share cross a pipe, and integers pickle at a third of datetimes' cost."""
    due = item.decision.due_at
    return due is None, ((due or now) - _EPOCH) // _US, item.thread_id


@contextmanager
def collector_paused() -> Iterator[None]:
    """The plan builds a million small acyclic objects; the cyclic GC would rescan
    them again and again (a third of the run time) while finding nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _build(
    session: Session,
    config: Config,
    now: datetime,
    customer_id: int | None,
    share: tuple[int, int],
) -> list[PlanItem]:
    cutoff = now - timedelta(days=config.plan.open_days)
    seen: dict[int, _Seen] = defaultdict(_Seen)
    only = None if customer_id is None else [customer_id]
    for thread, cid, mails in thread_mails(session, now, cutoff, only, share):
        if mails[-1].at >= cutoff:
            seen[cid].exchanges[thread] = read_exchange(mails)
        seen[cid].add(mails)
    # Older threads teach how fast a customer answers, and count toward tier rules.
    learn = {
        cid for cid, s in seen.items()
        if any(e.state == AWAITING_CUSTOMER for e in s.exchanges.values())
    } if not any(t.min_messages for t in config.tiers) else set(seen)  # fmt: skip
    since = now - timedelta(days=LEARN_DAYS)
    for _thread, cid, mails in thread_mails(session, now, since, learn, active_before=cutoff):
        seen[cid].add(mails)  # the first read had every thread last active since the cutoff
    ids = [cid for cid, s in seen.items() if s.exchanges]
    customers = customer_facts(session, ids)
    subjects = thread_subjects(session, (t for cid in ids for t in seen[cid].exchanges))
    away, blocked = absences(session, ids), suppressed(session, ids, now)
    leads = lead_views(session, ids, config.verification.followups.model_dump())
    calendars = Calendars(config)
    policy = _policy(config, calendars)
    cadence = {
        t.name: tuple(Stage(s.template, s.wait_days, s.needs_fast_answer) for s in t.followups)
        for t in config.tiers
    }
    today = now.date()
    items = []
    for cid in ids:
        row, mine = customers[cid], seen[cid]
        last_activity = max(
            (d for d in (row.last_order, mine.last_answer and mine.last_answer.date()) if d),
            default=None,
        )
        history = History(row.order_count, row.last_order, mine.answers, last_activity)
        cal = calendars.customer(row.country, row.subdivision, row.timezone, row.key)
        profile = describe_profile(config, row, history, today, cal)
        tier = config.tier(profile.tier)
        side = CustomerSide(
            key=row.key, calendar=cal, tier=tier.name, window_days=tier.reply_window_days,
            stages=cadence[tier.name], absences=away.get(cid, ()), suppressed=blocked.get(cid),
            latencies_hours=tuple(cal.business_hours_each(mine.pairs))
            if cid in learn and cid not in blocked else (),  # a suppressed one is not timed
            last_answer=mine.last_answer,
        )  # fmt: skip
        checks = leads.get(cid, {})
        for t, exchange in mine.exchanges.items():
            lead = lead_for(checks, exchange.senders) if checks else None  # most: unchecked
            decision = gate(decide(exchange, side, policy, now), lead)
            items.append(PlanItem(profile, t, subjects[t], decision, lead))
    return items


def describe_profile(
    config: Config,
    row: CustomerFacts | Customer,
    history: History,
    today: date,
    cal: BusinessCalendar,
) -> Profile:
    """The customer's tier and stage (explicit, else derived) and calendar place."""
    explicit = config.profiles.get(row.key)
    if explicit and explicit.tier:
        tier, tier_source = explicit.tier, "config"
    elif row.tier:
        tier, tier_source = row.tier, "import"
    else:
        tier, why = derive_tier(config.tiers, history, today)
        tier_source = f"rules: {why}"
    if row.stage:
        stage, stage_source = row.stage, "import"
    else:
        stage, why = lifecycle_stage(config.lifecycle, history, today)
        stage_source = f"history: {why}"
    return Profile(row.id, row.key, row.name, cal.country, cal.zone.key, tier, tier_source,
                   stage, stage_source)  # fmt: skip


def _policy(config: Config, calendars: Calendars) -> Policy:
    p = config.plan
    return Policy(
        seller=calendars.seller(), send_window=p.send_window,
        we_owe_reply_hours=p.we_owe_reply_hours, absence_grace_days=p.absence_grace_days,
        absence_default_days=p.absence_default_days, prior_weight=p.prior_weight,
        learned_min_factor=p.learned_min_factor, learned_max_factor=p.learned_max_factor,
    )  # fmt: skip
