"""Read-only views for people: the customer table and a customer's threads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mailbot.store.models import (
    Customer,
    CustomerAddress,
    Message,
    ProfileFact,
    Thread,
    as_utc,
)


@dataclass(frozen=True)
class CustomerRow:
    id: int
    key: str
    kind: str
    addresses: list[str]
    threads: int
    messages: int
    last_inbound: datetime | None
    last_outbound: datetime | None
    customer: Customer | None = None  # the profile columns
    sources: dict[str, str] | None = None  # profile field → where its value came from
    answers: int = 0  # human messages from the customer

    @property
    def wrote_last(self) -> str:
        """'customer', 'us' or '' — by the newest message in any of their threads."""
        if self.last_inbound is None and self.last_outbound is None:
            return ""
        if self.last_outbound is None:
            return "customer"
        if self.last_inbound is None or self.last_outbound >= self.last_inbound:
            return "us"
        return "customer"


@dataclass(frozen=True)
class MessageLine:
    date: datetime
    direction: str
    sender: str
    subject: str
    text: str


@dataclass(frozen=True)
class ThreadView:
    id: int
    subject: str
    started_at: datetime
    last_message_at: datetime
    last_direction: str
    messages: list[MessageLine]


def customer_rows(session: Session) -> list[CustomerRow]:
    addresses: dict[int, list[str]] = defaultdict(list)
    for cid, email in session.execute(
        select(CustomerAddress.customer_id, CustomerAddress.email).order_by(CustomerAddress.email)
    ):
        addresses[cid].append(email)
    sources: dict[int, dict[str, str]] = defaultdict(dict)
    for cid, field, source in session.execute(
        select(ProfileFact.customer_id, ProfileFact.field, ProfileFact.source).where(
            ProfileFact.email == ""
        )
    ):
        sources[cid][field] = source
    answers = dict(
        session.execute(
            select(Message.customer_id, func.count())
            .where(Message.counts_as_reply.is_(True), Message.direction == "in")
            .group_by(Message.customer_id)
        ).all()
    )
    customers = {c.id: c for c in session.scalars(select(Customer))}
    stats = session.execute(
        select(
            Customer.id,
            func.count(Thread.id),
            func.coalesce(func.sum(Thread.message_count), 0),
            func.max(Thread.last_inbound_at),
            func.max(Thread.last_outbound_at),
        )
        .outerjoin(Thread, Thread.customer_id == Customer.id)
        .group_by(Customer.id)
        .order_by(Customer.key)
    )
    rows = []
    for cid, threads, msgs, li, lo in stats:
        c = customers[cid]
        rows.append(
            CustomerRow(
                cid,
                c.key,
                c.kind,
                addresses[cid],
                threads,
                msgs,
                as_utc(li),
                as_utc(lo),
                c,
                sources[cid],
                answers.get(cid, 0),
            )  # fmt: skip
        )
    return rows


def find_customer(session: Session, ref: str) -> Customer | None:
    """A customer by key (domain / free-mail address), any of their addresses, or id."""
    ref = ref.strip().lower()
    by_address = select(CustomerAddress.customer_id).where(CustomerAddress.email == ref)
    conditions = [Customer.key == ref, Customer.id.in_(by_address)]
    if ref.isdigit():
        conditions.append(Customer.id == int(ref))
    return session.scalar(select(Customer).where(or_(*conditions)).limit(1))


def customer_threads(session: Session, customer_id: int) -> list[ThreadView]:
    threads = session.scalars(
        select(Thread).where(Thread.customer_id == customer_id).order_by(Thread.started_at)
    ).all()
    views = []
    for t in threads:
        rows = session.execute(
            select(
                Message.date, Message.direction, Message.from_email, Message.subject, Message.text
            )
            .where(Message.thread_id == t.id)
            .order_by(Message.date, Message.id)
        )
        lines = [MessageLine(as_utc(d), dr, f, s, x) for d, dr, f, s, x in rows]
        views.append(
            ThreadView(t.id, t.subject, t.started_at, t.last_message_at, t.last_direction, lines)
        )
    return views
