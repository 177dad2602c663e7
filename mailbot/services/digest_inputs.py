"""What the team's digest reports, read from the store as it stands at `now`.

- replies we owe and hand-offs: the plan at `now` (planning.py), `reply_by_hand`
  and `hand_off` whose deadline has passed;
- new leads: customers (no orders) mailbot first learned of in the period — their
  first message *stored* then (mail synced late still counts), or created then by an
  import — with each contact's latest lead check;
- bounces, unsubscribes, complaints and leavers: classified messages stored in the
  period, a bounce per failed address (bounce_events);
- unknown sends: every outbox row still `unknown`, whenever it happened;
- tomorrow: follow-ups whose plan `due_at` falls in the seller's next day, and the
  greetings and care mails `occasion_steps` gives at each moment `moments_between`
  finds in that day (not held back, not already in the outbox).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.channels import handoff_channel
from mailbot.domain.digest import (
    DigestInput,
    HandOff,
    LeadContact,
    NewLead,
    Notice,
    OwedReply,
    PlannedSend,
    UnknownSend,
)
from mailbot.services.occasion_plan import moments_between, occasion_steps
from mailbot.services.planning import PlanItem, build_plan
from mailbot.store.models import (
    BounceEvent,
    Customer,
    CustomerAddress,
    LeadCheck,
    Message,
    OutboxMail,
    Suppression,
    as_utc,
)

NOTICE_KINDS = ("bounce", "unsubscribe", "complaint", "left_company")


def gather(
    session: Session, config: Config, seller: BusinessCalendar, now: datetime, since: datetime
) -> DigestInput:
    zone = seller.zone
    day = now.astimezone(zone).date()
    tomorrow = day + timedelta(days=1)
    start = datetime.combine(tomorrow, time(), zone)
    end = datetime.combine(tomorrow + timedelta(days=1), time(), zone)
    plan = build_plan(session, config, now)
    return DigestInput(
        day=day, zone=zone, since=since, tomorrow=tomorrow, company=config.company.name,
        leads=new_leads(session, since, now), owed=owed(session, plan, seller, now),
        handoffs=handoffs(session, plan, now), notices=notices(session, since, now),
        unknown=unknown_sends(session),
        planned=planned_followups(session, plan, start, end)
        + planned_occasions(session, config, start, end),
    )  # fmt: skip


def label(name: str, key: str) -> str:
    return f"{name} ({key})" if name and name != key else key


def owed(
    session: Session, plan: list[PlanItem], seller: BusinessCalendar, now: datetime
) -> list[OwedReply]:
    out = []
    for item in plan:
        d = item.decision
        if d.action != "reply_by_hand" or not d.overdue or d.since is None:
            continue
        hours = seller.business_time_between(d.since, now).total_seconds() / 3600
        out.append(OwedReply(label(item.customer.name, item.customer.key),
                             _last_writer(session, item.thread_id, now), item.subject, d.since,
                             hours, item.thread_id))  # fmt: skip
    return out


def handoffs(session: Session, plan: list[PlanItem], now: datetime) -> list[HandOff]:
    out = []
    for item in plan:
        d = item.decision
        if d.action != "hand_off" or not d.overdue:  # due_at: the seller's next opening
            continue
        c = item.customer
        out.append(HandOff(label(c.name, c.key), item.subject, d.expected_at or d.due_at or now,
                           handoff_channel(c.country), _numbers(session, c.id), item.thread_id,
                           c.country))  # fmt: skip
    return out


def planned_followups(
    session: Session, plan: list[PlanItem], start: datetime, end: datetime
) -> list[PlannedSend]:
    out = []
    for item in plan:
        d = item.decision
        if d.action != "follow_up" or d.due_at is None or not start <= d.due_at < end:
            continue
        out.append(PlannedSend(d.due_at, "followup", label(item.customer.name, item.customer.key),
                               _last_writer(session, item.thread_id, end),
                               f"follow-up {d.stage} ({d.template})"))  # fmt: skip
    return out


def planned_occasions(
    session: Session, config: Config, start: datetime, end: datetime
) -> list[PlannedSend]:
    found = {}
    for moment in sorted(set(moments_between(session, config, start, end))):
        for step in occasion_steps(session, config, moment):
            if step.blocked is None and start <= step.due_at < end:
                found.setdefault(step.key, step)
    taken = set(session.scalars(select(OutboxMail.key).where(OutboxMail.key.in_(list(found)))))
    names = _customers(session, {s.customer_id for s in found.values()})
    return [PlannedSend(s.due_at, s.kind, names.get(s.customer_id, "?"), s.recipient,
                        f"{s.kind}: {s.occasion}")
            for key, s in found.items() if key not in taken]  # fmt: skip


def new_leads(session: Session, since: datetime, now: datetime) -> list[NewLead]:
    first_stored = (
        select(Message.customer_id, func.min(Message.stored_at).label("at"))
        .where(Message.customer_id.is_not(None))
        .group_by(Message.customer_id)
        .subquery()
    )
    query = (
        select(Customer, first_stored.c.at)
        .outerjoin(first_stored, first_stored.c.customer_id == Customer.id)
        .where(Customer.order_count == 0, Customer.first_seen <= now)
        .where(or_(Customer.first_seen > since, first_stored.c.at > since))
    )
    out = []
    for customer, stored in session.execute(query):
        first = _utc(customer.first_seen)
        known = max(first, _utc(stored)) if stored else first
        if since < known <= now and customer.stage in (None, "lead"):
            out.append(NewLead(label(customer.name, customer.key), first,
                               _lead_contacts(session, customer.id), customer.country))  # fmt: skip
    return out


def notices(session: Session, since: datetime, now: datetime) -> list[Notice]:
    query = select(Message).where(
        Message.kind.in_(NOTICE_KINDS), Message.stored_at > since, Message.stored_at <= now
    )
    out: list[Notice] = []
    for m in session.scalars(query.order_by(Message.date, Message.id)):
        at = _utc(m.date)
        if m.kind == "bounce":
            failed = select(BounceEvent).where(BounceEvent.bounce_message_id == m.id)
            for b in session.scalars(failed):
                how = "permanent" if b.permanent else "temporary"
                detail = f"{how} failure {b.status or ''}".strip()
                out.append(Notice(at, "bounce", b.address, _owner(session, b.address), detail))
            continue
        addresses = [m.from_email]
        if m.kind == "complaint":
            stopped = select(Suppression.address).where(Suppression.source_message_id == m.id)
            addresses = [a for a in session.scalars(stopped) if a]
        kind, detail = _left(m) if m.kind == "left_company" else (m.kind or "", "")
        out += [Notice(at, kind, a or "?", _owner(session, a or ""), detail)
                for a in addresses]  # fmt: skip
    return out


def unknown_sends(session: Session) -> list[UnknownSend]:
    rows = session.scalars(select(OutboxMail).where(OutboxMail.status == "unknown"))
    names = {}
    out = []
    for r in rows:
        if r.customer_id not in names:
            names |= _customers(session, {r.customer_id})
        at = _utc(r.sent_at or r.updated_at)
        out.append(UnknownSend(r.id, at, names.get(r.customer_id, "?"), r.recipient,
                               r.subject or r.template, r.kind))  # fmt: skip
    return out


def _lead_contacts(session: Session, customer_id: int) -> tuple[LeadContact, ...]:
    query = (
        select(CustomerAddress.email, LeadCheck.verdict, LeadCheck.reasons)
        .outerjoin(LeadCheck, LeadCheck.email == CustomerAddress.email)
        .where(CustomerAddress.customer_id == customer_id)
        .order_by(CustomerAddress.first_seen, CustomerAddress.email)
    )
    return tuple(LeadContact(e, v, tuple(r or ())) for e, v, r in session.execute(query))


def _last_writer(session: Session, thread_id: int, now: datetime) -> str:
    """The customer's contact in a thread: who wrote to us last, else whom we wrote to."""
    query = select(Message).where(Message.thread_id == thread_id, Message.date <= now)
    for m in session.scalars(query.order_by(Message.date.desc(), Message.id.desc())):
        if m.direction == "in" and m.from_email:
            return f"{m.from_name} <{m.from_email}>" if m.from_name else m.from_email
        if m.direction == "out" and m.to_emails:
            return m.to_emails[0]
    return "?"


def _numbers(session: Session, customer_id: int) -> tuple[str, ...]:
    contacts = session.scalars(
        select(CustomerAddress).where(CustomerAddress.customer_id == customer_id)
        .order_by(CustomerAddress.last_seen.desc())
    )  # fmt: skip
    out = []
    for c in contacts:
        out += [f"WhatsApp {c.whatsapp} ({c.email})"] if c.whatsapp else []
        out += [f"phone {c.phone} ({c.email})"] if c.phone and c.phone != c.whatsapp else []
    company = session.get(Customer, customer_id)
    if company is not None and company.phone:
        out.append(f"company phone {company.phone}")
    return tuple(out)


def _owner(session: Session, address: str) -> str:
    query = (
        select(Customer.name, Customer.key)
        .join(CustomerAddress, CustomerAddress.customer_id == Customer.id)
        .where(CustomerAddress.email == address)
    )
    row = session.execute(query).first()
    return label(row.name, row.key) if row else "unknown customer"


def _customers(session: Session, ids: set[int]) -> dict[int, str]:
    query = select(Customer.id, Customer.name, Customer.key).where(Customer.id.in_(list(ids)))
    return {i: label(n, k) for i, n, k in session.execute(query)}


def _left(m: Message) -> tuple[str, str]:
    """A leaver, or a colleague writing "X has left, write to me" (replies.py `_left`)."""
    replacement = (m.classification or {}).get("replacement")
    if replacement and replacement == m.from_email:
        return "colleague_left", "check which contact left"
    return "left_company", f"write to {replacement} instead" if replacement else ""


def _utc(t: datetime) -> datetime:
    aware = as_utc(t)
    assert aware is not None
    return aware
