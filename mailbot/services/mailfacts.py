"""What one mail to a customer would be made of, read from the store as of `now`.

Used by `mailbot preview` (and meant for the sender): the thread (the given one, or
the customer's latest open conversation in the plan at `now`), who we write to (the
contact who last wrote in it, else whom we last wrote to, else the customer's most
recent active address), the mailbox we write from (the one our last message in the
thread came from, else the first configured), its signature, the customer's
languages and calendar, and the `MailFacts` the template context is built from.
For a greeting, the occasion is the customer's next one (or the named one): their
country's holiday, the contact's birthday, the first order's anniversary.
Mail dated after `now` is ignored, like `mailbot plan --at`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.config import Config, Mailbox
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.mailcontext import MailFacts
from mailbot.domain.occasions import OCCASIONS, Occasion, personal_occasions, upcoming
from mailbot.domain.subjects import strip_prefixes
from mailbot.errors import MailbotError
from mailbot.services.calendars import Calendars
from mailbot.services.planning import PlanItem, build_plan
from mailbot.store.models import Customer, CustomerAddress, Message, Thread


@dataclass(frozen=True, slots=True)
class Party:
    email: str
    name: str = ""

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else f"<{self.email}>"


@dataclass(frozen=True, slots=True)
class Prepared:
    customer: str  # the customer's key
    thread_id: int | None
    sender: Party | None  # None: no mailbox configured and no mail of ours in the thread
    to: Party | None  # None: no deliverable address known
    mailbox: str | None  # the configured mailbox's name, when one matches
    languages: list[str]
    calendar: BusinessCalendar
    followup_due: datetime | None  # when the plan sends this thread's next follow-up
    facts: MailFacts
    notes: list[str] = field(default_factory=list)  # things a person should know


def prepare_mail(
    session: Session,
    config: Config,
    customer: Customer,
    now: datetime,
    thread_id: int | None = None,
) -> Prepared:
    """The facts of a mail to `customer` at `now` (see the module doc)."""
    plan = build_plan(session, config, now, customer.id)
    item = _pick(plan, thread_id)
    if thread_id is not None:
        _check_thread(session, customer, thread_id)
    tid = thread_id if thread_id is not None else (item.thread_id if item else None)
    mails = _thread_mails(session, tid, now) if tid is not None else []
    ours = next((m for m in reversed(mails) if m.direction == "out"), None)
    mailbox = _mailbox(config, ours.from_email if ours else None)
    sender = _sender(mailbox, ours)
    to, notes = _recipient(session, customer, mails, now)
    due = item.decision.due_at if item and item.decision.action == "follow_up" else None
    subject = session.get(Thread, tid).subject if tid is not None else ""  # type: ignore[union-attr]
    facts = MailFacts(
        contact_name=to.name if to else "",
        company=customer.name,
        our_company=config.company.name,
        thread_subject=strip_prefixes(subject),
        last_sent=ours.date if ours else None,
        signature=_signature(config, mailbox, ours),
    )
    profile = config.profiles.get(customer.key)
    languages = list((profile.languages if profile and profile.languages else None)
                     or customer.languages or [])  # fmt: skip
    cal = Calendars(config).customer(
        customer.country, customer.subdivision, customer.timezone, customer.key
    )
    return Prepared(customer.key, tid, sender, to, mailbox.name if mailbox else None,
                    languages, cal, due, facts, notes)  # fmt: skip


HORIZON_DAYS = 400  # how far ahead a preview looks for the next occasion


def occasion_for(
    session: Session,
    prepared: Prepared,
    customer: Customer,
    kind: str,
    now: datetime,
    wanted: str | None = None,
) -> Prepared:
    """`prepared` with the customer's next occasion for a greeting of `kind`.

    `holiday`: the named occasion (an OCCASIONS key), else the next of the country's
    defaults; `birthday`: the contact's; `anniversary`: the first order's.
    """
    today = now.astimezone(prepared.calendar.zone).date()
    found: Occasion | None = None
    if kind == "holiday":
        if wanted and wanted not in OCCASIONS:
            raise MailbotError(f"unknown occasion {wanted!r}", "known: " + ", ".join(OCCASIONS))
        keys = [wanted] if wanted else None
        found = next(iter(upcoming(prepared.calendar.country, customer.subdivision, today,
                                   HORIZON_DAYS, keys)), None)  # fmt: skip
        if found is None and wanted in OCCASIONS:
            found = Occasion(wanted, OCCASIONS[wanted].label, today)
    elif kind in ("birthday", "anniversary"):
        contact = session.get(CustomerAddress, prepared.to.email) if prepared.to else None
        birthday = contact.birthday if contact and kind == "birthday" else None
        first = customer.first_purchase if kind == "anniversary" else None
        found = next(iter(personal_occasions(birthday, first, today, HORIZON_DAYS)), None)
    if found is None:
        note = f"no upcoming {wanted or kind} occasion known: rendered without one"
        return replace(prepared, notes=[*prepared.notes, note])
    years = found.date.year - customer.first_purchase.year if (
        found.key == "first_order" and customer.first_purchase) else 0  # fmt: skip
    label = OCCASIONS[found.key].label if found.key in OCCASIONS else found.name
    facts = replace(prepared.facts, occasion_key=found.key, occasion=label, years=years)
    note = f"occasion: {found.name} on {found.date:%Y-%m-%d}"
    return replace(prepared, facts=facts, notes=[*prepared.notes, note])


def _pick(plan: list[PlanItem], thread_id: int | None) -> PlanItem | None:
    """The given thread's plan item, else the latest open conversation awaiting them."""
    if thread_id is not None:
        return next((i for i in plan if i.thread_id == thread_id), None)
    waiting = [i for i in plan if i.decision.action == "follow_up"] or plan
    return max(waiting, key=_recency, default=None)


def _recency(item: PlanItem) -> tuple[float, int]:
    since = item.decision.since
    return (since.timestamp() if since else 0.0), item.thread_id


def _check_thread(session: Session, customer: Customer, thread_id: int) -> None:
    thread = session.get(Thread, thread_id)
    if thread is None or thread.customer_id != customer.id:
        raise MailbotError(
            f"thread #{thread_id} is not one of {customer.key}'s",
            f"see `mailbot thread {customer.key}`",
        )


def _thread_mails(session: Session, thread_id: int, now: datetime) -> list[Message]:
    return list(session.scalars(
        select(Message).where(Message.thread_id == thread_id, Message.date <= now)
        .order_by(Message.date, Message.id)
    ))  # fmt: skip


def _mailbox(config: Config, address: str | None) -> Mailbox | None:
    for m in config.mailboxes:
        if address and m.address == address.lower():
            return m
    return config.mailboxes[0] if config.mailboxes else None


def _sender(mailbox: Mailbox | None, ours: Message | None) -> Party | None:
    if mailbox is not None:
        return Party(mailbox.address, mailbox.display_name)
    return Party(ours.from_email, ours.from_name) if ours else None


def _signature(config: Config, mailbox: Mailbox | None, ours: Message | None) -> str:
    """The mailbox's signature; else the staff member's name and our company."""
    if mailbox is not None and mailbox.signature:
        return mailbox.signature
    name = (mailbox.display_name if mailbox else "") or (ours.from_name if ours else "")
    return "\n".join(x for x in (name, config.company.name) if x)


def _recipient(
    session: Session, customer: Customer, mails: list[Message], now: datetime
) -> tuple[Party | None, list[str]]:
    """Who last wrote to us in the thread, else whom we last wrote to, else their newest."""
    contacts = {
        a.email: a
        for a in session.scalars(
            select(CustomerAddress).where(CustomerAddress.customer_id == customer.id)
        )
    }
    candidates = []
    for m in reversed(mails):
        candidates += [m.from_email] if m.direction == "in" else list(m.to_emails)
    newest = sorted(contacts.values(), key=lambda a: a.last_seen, reverse=True)
    candidates += [a.email for a in newest if a.first_seen <= now]
    known = [contacts[e.lower()] for e in candidates if e and e.lower() in contacts]
    active = [a for a in known if a.status == "active"]
    chosen = (active or known or [None])[0]
    if chosen is None:
        return None, ["no address known for this customer"]
    notes = [] if chosen.status == "active" else [
        f"{chosen.email} is {chosen.status}: {chosen.status_reason or 'no reason stored'}"
    ]  # fmt: skip
    written = [m.from_name for m in mails if m.direction == "in" and m.from_email == chosen.email]
    name = chosen.name or (written[-1] if written else "")
    return Party(chosen.email, name), notes
