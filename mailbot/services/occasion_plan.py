"""Greetings and post-purchase care due at `now`, read from the store.

The counterpart of planning.py for mail that starts its own thread. For each
customer: the contacts mailbot may write to (active, not suppressed; the one we
talk to most recently first), their calendar, and — for greetings — when the last
automated follow-up went out; for care, the customer's order events. The pure rules
are in domain/greetings.py and domain/care.py. `now` is an argument.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.care import CareMail, OrderFact, care_for
from mailbot.domain.greetings import (
    Contact,
    Greeting,
    GreetingPolicy,
    greetings_for,
    is_current,
    quiet_reason,
)
from mailbot.domain.tiers import History, lifecycle_stage
from mailbot.services.calendars import Calendars
from mailbot.store.models import (
    Customer,
    CustomerAddress,
    OrderEvent,
    OutboxMail,
    Suppression,
    as_utc,
)


@dataclass(frozen=True, slots=True)
class OccasionStep:
    """A greeting or care mail that is due, or the reason it will not go out."""

    key: str
    kind: str  # greeting / care
    customer_id: int
    occasion: str  # the occasion key, or the care template's name
    template: str
    recipient: str
    due_at: datetime
    reason: str
    greeting: Greeting | None = None
    care: CareMail | None = None
    blocked: str | None = None  # why not: the step is skipped, never proposed


def policy(config: Config) -> GreetingPolicy:
    g = config.greetings
    return GreetingPolicy(
        window=config.plan.send_window, holidays=g.holidays, birthdays=g.birthdays,
        anniversaries=g.anniversaries, countries=g.countries, contacts=g.contacts,
        max_gap_days=g.max_gap_days, stages=frozenset(g.stages),
    )  # fmt: skip


def occasion_steps(
    session: Session, config: Config, now: datetime, customer_id: int | None = None
) -> list[OccasionStep]:
    """Greetings in their window at `now` and care steps due by `now`, oldest first;
    those a rule holds back carry `blocked`."""
    if not (config.greetings.enabled or config.care.enabled):
        return []
    contacts = _contacts(session, customer_id)
    if not contacts:
        return []
    calendars, rules = Calendars(config), policy(config)
    last_followup = _last_followups(session, contacts) if config.greetings.enabled else {}
    orders = _orders(session, contacts) if config.care.enabled else {}
    query = select(Customer).where(Customer.id.in_(list(contacts)))
    steps: list[OccasionStep] = []
    for customer in session.scalars(query):
        cal = calendars.customer(customer.country, customer.subdivision, customer.timezone,
                                 customer.key)  # fmt: skip
        people = contacts[customer.id]
        if config.greetings.enabled:
            today = now.astimezone(cal.zone).date()
            found = greetings_for(customer.id, cal.country, customer.subdivision,
                                  customer.first_purchase, _stage(config, customer, today),
                                  people, cal, rules, today, 0)  # fmt: skip
            for g in found:
                if not is_current(g, now):
                    continue
                quiet = quiet_reason(last_followup.get(customer.id), g.send_at, cal,
                                     config.greetings.quiet_after_followup_days)  # fmt: skip
                steps.append(OccasionStep(g.key, "greeting", customer.id, g.occasion.key,
                                          g.template, g.contact, g.send_at, g.reason,
                                          greeting=g, blocked=quiet))  # fmt: skip
        events = orders.get(customer.id)
        if events:
            due, dropped = care_for(events, config.care.steps, config.care.replacement_for,
                                    cal, config.plan.send_window, now,
                                    config.care.stale_after_days)  # fmt: skip
            to = people[0].email
            for m in due:
                recipient = m.event.contact if _known(m.event.contact, people) else to
                steps.append(OccasionStep(m.key, "care", customer.id, m.template.split("/")[1],
                                          m.template, recipient, m.send_at, m.reason,
                                          care=m))  # fmt: skip
            for d in dropped:
                if d.stale:
                    continue  # history imported late: nothing to tell anyone
                steps.append(OccasionStep(d.key, "care", customer.id, d.template.split("/")[1],
                                          d.template, to, now, d.why, blocked=d.why))  # fmt: skip
    return sorted(steps, key=lambda s: (s.due_at, s.key))


def _stage(config: Config, customer: Customer, today: date) -> str:
    """The stored stage, else the one its order history gives (see planning.py; the
    message count does not matter for stages)."""
    if customer.stage:
        return customer.stage
    history = History(customer.order_count, customer.last_order, 0, customer.last_order)
    return lifecycle_stage(config.lifecycle, history, today)[0]


def _known(email: str | None, people: list[Contact]) -> bool:
    return bool(email) and any(p.email == email for p in people)


def _contacts(session: Session, customer_id: int | None) -> dict[int, list[Contact]]:
    """Per customer, the addresses automated mail may go to, most recent first."""
    suppressed = select(Suppression.address).where(
        Suppression.removed_at.is_(None), Suppression.address.is_not(None)
    )
    blocked_customers = select(Suppression.customer_id).where(
        Suppression.removed_at.is_(None), Suppression.customer_id.is_not(None)
    )
    query = (
        select(CustomerAddress.customer_id, CustomerAddress.email, CustomerAddress.birthday)
        .where(CustomerAddress.status == "active")
        .where(CustomerAddress.email.not_in(suppressed))
        .where(CustomerAddress.customer_id.not_in(blocked_customers))
        .order_by(CustomerAddress.customer_id, CustomerAddress.last_seen.desc())
    )
    if customer_id is not None:
        query = query.where(CustomerAddress.customer_id == customer_id)
    out: dict[int, list[Contact]] = defaultdict(list)
    for cid, email, birthday in session.execute(query):
        out[cid].append(Contact(email, birthday))
    return out


def _last_followups(session: Session, contacts: Iterable[int]) -> dict[int, datetime]:
    query = (
        select(OutboxMail.customer_id, func.max(OutboxMail.sent_at))
        .where(OutboxMail.kind == "followup", OutboxMail.sent_at.is_not(None))
        .group_by(OutboxMail.customer_id)
    )
    wanted = set(contacts)
    return {cid: _aware(at) for cid, at in session.execute(query) if cid in wanted and at}


def _orders(session: Session, contacts: Iterable[int]) -> dict[int, list[OrderFact]]:
    wanted = list(contacts)
    query = select(OrderEvent).order_by(OrderEvent.at, OrderEvent.id)
    if len(wanted) == 1:
        query = query.where(OrderEvent.customer_id == wanted[0])
    out: dict[int, list[OrderFact]] = defaultdict(list)
    for e in session.scalars(query):
        out[e.customer_id].append(OrderFact(e.id, e.kind, _aware(e.at), e.ref, e.tracking,
                                            e.product, e.contact))  # fmt: skip
    return out


def _aware(t: datetime) -> datetime:
    aware = as_utc(t)  # SQLite hands aggregates back naive
    assert aware is not None
    return aware
