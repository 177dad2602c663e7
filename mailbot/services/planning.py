"""`mailbot plan`: read the store as it was at `now`, decide every open conversation.

Everything is read in a few set-wise queries (no query per thread), then each
thread goes through the pure planner. Mail dated after `now` is ignored, so the
same code answers "what would mailbot have done last Tuesday". No side effects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.conversation import AWAITING_CUSTOMER, Mail, read_exchange, reply_latencies
from mailbot.domain.planner import Absence, CustomerSide, Decision, Policy, Stage, decide
from mailbot.domain.tiers import History, derive_tier, lifecycle_stage
from mailbot.services.calendars import Calendars
from mailbot.store.models import Customer, CustomerAddress, Message, Suppression, Thread, as_utc

LEARN_DAYS = 730  # reply history older than this says little about today


@dataclass(frozen=True)
class Profile:
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


@dataclass(frozen=True)
class PlanItem:
    customer: Profile
    thread_id: int
    subject: str
    decision: Decision


def build_plan(
    session: Session, config: Config, now: datetime, customer_id: int | None = None
) -> list[PlanItem]:
    cutoff = now - timedelta(days=config.plan.open_days)
    mails, subjects, owners = _mails(session, now, customer_id)
    open_threads = {t for t, ms in mails.items() if ms and ms[-1].at >= cutoff}
    customer_ids = sorted({owners[t] for t in open_threads})
    customers = _customers(session, customer_ids)
    absences = _absences(session, customer_ids)
    suppressed = _suppressed(session, customer_ids, now)
    calendars = Calendars(config)
    policy = _policy(config, calendars)
    by_customer: dict[int, list[int]] = defaultdict(list)
    for t, cid in owners.items():
        by_customer[cid].append(t)
    today = now.date()
    items = []
    for cid in customer_ids:
        row = customers[cid]
        threads = by_customer[cid]
        history = _history(row, [mails[t] for t in threads])
        profile = _profile(config, row, history, today, calendars)
        cal = calendars.customer(row.country, row.subdivision, row.timezone, row.key)
        exchanges = {t: read_exchange(mails[t]) for t in threads if t in open_threads}
        need_window = any(e.state == AWAITING_CUSTOMER for e in exchanges.values())
        tier = config.tier(profile.tier)
        side = CustomerSide(
            key=row.key, calendar=cal, tier=tier.name, window_days=tier.reply_window_days,
            stages=[Stage(s.template, s.wait_days, s.needs_fast_answer) for s in tier.followups],
            latencies_hours=_latencies(cal, [mails[t] for t in threads]) if need_window else (),
            absences=absences.get(cid, ()), suppressed=suppressed.get(cid),
            last_answer=_last_answer([mails[t] for t in threads]),
        )  # fmt: skip
        for t, exchange in exchanges.items():
            items.append(PlanItem(profile, t, subjects[t], decide(exchange, side, policy, now)))
    items.sort(key=lambda i: (i.decision.due_at is None, i.decision.due_at or now, i.thread_id))
    return items


def _mails(
    session: Session, now: datetime, customer_id: int | None
) -> tuple[dict[int, list[Mail]], dict[int, str], dict[int, int]]:
    """Messages up to `now` of every thread active within LEARN_DAYS, in date order."""
    since = now - timedelta(days=LEARN_DAYS)
    query = (
        select(
            Message.thread_id, Message.date, Message.direction, Message.counts_as_reply,
            Message.from_email, Thread.customer_id, Thread.subject,
        )
        .join(Thread, Thread.id == Message.thread_id)
        .where(
            Thread.customer_id.is_not(None), Thread.last_message_at >= since,
            Thread.started_at <= now, Message.date <= now,
        )
        .order_by(Message.thread_id, Message.date, Message.id)
    )  # fmt: skip
    if customer_id is not None:
        query = query.where(Thread.customer_id == customer_id)
    mails: dict[int, list[Mail]] = defaultdict(list)
    subjects: dict[int, str] = {}
    owners: dict[int, int] = {}
    for thread, at, direction, answer, sender, cid, subject in session.execute(query):
        out = direction == "out"
        mails[thread].append(Mail(as_utc(at), out, bool(answer) and not out, "" if out else sender))
        if thread not in owners:
            subjects[thread], owners[thread] = subject, cid
    return mails, subjects, owners


def _customers(session: Session, ids: list[int]) -> dict[int, Customer]:
    out: dict[int, Customer] = {}
    for chunk in _chunks(ids):
        for c in session.scalars(select(Customer).where(Customer.id.in_(chunk))):
            out[c.id] = c
    return out


def _absences(session: Session, ids: list[int]) -> dict[int, list[Absence]]:
    out: dict[int, list[Absence]] = defaultdict(list)
    query = select(
        CustomerAddress.customer_id, CustomerAddress.email, CustomerAddress.absent_since,
        CustomerAddress.absent_until, CustomerAddress.absence_ended_at,
    ).where(CustomerAddress.absent_since.is_not(None))  # fmt: skip
    wanted = set(ids)
    for cid, email, since, until, ended in session.execute(query):
        if cid in wanted:
            back = until if ended is None else min(until or date.max, as_utc(ended).date())
            out[cid].append(Absence(email, as_utc(since), back))
    return out


def _suppressed(session: Session, ids: list[int], now: datetime) -> dict[int, str]:
    """Customers no automated mail may reach at `now`, and why.

    A customer is out when suppressed as a whole, or when none of their contacts
    is still reachable (suppressed, bounced or gone).
    """
    wanted = set(ids)
    out: dict[int, str] = {}
    blocked: dict[str, str] = {}
    for address, cid, reason, since, removed in session.execute(
        select(Suppression.address, Suppression.customer_id, Suppression.reason,
               Suppression.since, Suppression.removed_at)
    ):  # fmt: skip
        if as_utc(since) > now or (removed is not None and as_utc(removed) <= now):
            continue
        if cid in wanted and address is None:
            out[cid] = f"customer suppressed ({reason})"
        elif address:
            blocked[address] = reason
    contacts: dict[int, list[str]] = defaultdict(list)
    for cid, email, status in session.execute(
        select(CustomerAddress.customer_id, CustomerAddress.email, CustomerAddress.status)
    ):
        if cid in wanted:
            contacts[cid].append(blocked.get(email) or ("" if status == "active" else status))
    for cid, states in contacts.items():
        if cid not in out and states and all(states):
            out[cid] = "no reachable contact: " + ", ".join(sorted(set(states)))
    return out


def _history(row: Customer, threads: list[list[Mail]]) -> History:
    answers = [m.at for ms in threads for m in ms if m.answer]
    last_msg = max(answers).date() if answers else None
    last = max(d for d in (row.last_order, last_msg) if d) if (row.last_order or last_msg) else None
    return History(row.order_count, row.last_order, len(answers), last)


def _profile(
    config: Config, row: Customer, history: History, today: date, calendars: Calendars
) -> Profile:
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
    cal = calendars.customer(row.country, row.subdivision, row.timezone, row.key)
    return Profile(row.id, row.key, row.name, cal.country, cal.zone.key, tier, tier_source,
                   stage, stage_source)  # fmt: skip


def _latencies(cal: BusinessCalendar, threads: list[list[Mail]]) -> list[float]:
    return [
        cal.business_time_between(ours, theirs).total_seconds() / 3600
        for ms in threads
        for ours, theirs in reply_latencies(ms)
    ]


def _last_answer(threads: list[list[Mail]]) -> datetime | None:
    return max((m.at for ms in threads for m in ms if m.answer), default=None)


def _policy(config: Config, calendars: Calendars) -> Policy:
    p = config.plan
    return Policy(
        seller=calendars.seller(), send_window=p.send_window,
        we_owe_reply_hours=p.we_owe_reply_hours, absence_grace_days=p.absence_grace_days,
        absence_default_days=p.absence_default_days, prior_weight=p.prior_weight,
        learned_min_factor=p.learned_min_factor, learned_max_factor=p.learned_max_factor,
    )  # fmt: skip


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
