"""Recording order events (`mailbot event`, `mailbot import orders`).

An event is stored once: the same customer, kind, reference and instant again is a
no-op, so importing a file twice changes nothing. An `ordered` event also updates
the customer's order history (first purchase, last order, count), which the tier
rules and the lifecycle stage read; those values are then the user's statement
(source "import"), never overwritten by inference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.domain.order_csv import OrderRow
from mailbot.errors import MailbotError
from mailbot.services.facts import set_explicit
from mailbot.store.models import Customer, CustomerAddress, OrderEvent
from mailbot.store.overview import find_customer


@dataclass
class OrderReport:
    recorded: list[int] = field(default_factory=list)  # new event ids
    known: int = 0  # already stored
    problems: list[str] = field(default_factory=list)


class OrderLog:
    def __init__(self, session: Session, now: datetime, source: str) -> None:
        self.session, self.now, self.source = session, now, source

    def check(self, rows: Iterable[OrderRow]) -> list[str]:
        """Rows naming an unknown customer or a contact of someone else."""
        problems = []
        for row in rows:
            customer = find_customer(self.session, row.customer)
            if customer is None:
                problems.append(f"row {row.line}, column 'customer': no customer {row.customer!r}"
                                " (import customers first, or sync their mail)")  # fmt: skip
            elif row.contact and not self._contact_of(customer, row.contact):
                problems.append(f"row {row.line}, column 'contact': {row.contact} is not a "
                                f"contact of {customer.key}")  # fmt: skip
        return problems

    def record_all(self, rows: list[OrderRow]) -> OrderReport:
        report = OrderReport(problems=self.check(rows))
        if report.problems:
            return report
        for row in rows:
            customer = find_customer(self.session, row.customer)
            assert customer is not None
            event, new = self.record(customer, row)
            if new:
                report.recorded.append(event.id)
            else:
                report.known += 1
        return report

    def record(self, customer: Customer, row: OrderRow) -> tuple[OrderEvent, bool]:
        if row.contact and not self._contact_of(customer, row.contact):
            raise MailbotError(f"{row.contact} is not a contact of {customer.key}")
        same = select(OrderEvent).where(
            OrderEvent.customer_id == customer.id, OrderEvent.kind == row.kind,
            OrderEvent.ref == row.ref, OrderEvent.at == row.at,
        )  # fmt: skip
        existing = self.session.scalar(same)
        if existing is not None:
            return existing, False
        event = OrderEvent(
            customer_id=customer.id, kind=row.kind, at=row.at, ref=row.ref,
            tracking=row.tracking, product=row.product, contact=row.contact,
            source=self.source, created_at=self.now,
        )  # fmt: skip
        self.session.add(event)
        self.session.flush()
        if row.kind == "ordered":
            self._history(customer, row)
        return event, True

    def _history(self, customer: Customer, row: OrderRow) -> None:
        day = row.at.date()
        why = f"order {row.ref or 'without reference'} on {day.isoformat()}"
        if customer.first_purchase is None or day < customer.first_purchase:
            set_explicit(self.session, customer, "first_purchase", day, "import", self.now,
                         evidence=why)  # fmt: skip
        if customer.last_order is None or day > customer.last_order:
            set_explicit(self.session, customer, "last_order", day, "import", self.now,
                         evidence=why)  # fmt: skip
        orders = self.session.scalar(
            select(func.count()).select_from(OrderEvent).where(
                OrderEvent.customer_id == customer.id, OrderEvent.kind == "ordered"
            )
        )  # fmt: skip
        if (orders or 0) > customer.order_count:
            set_explicit(self.session, customer, "order_count", orders, "import", self.now,
                         evidence=why)  # fmt: skip

    def _contact_of(self, customer: Customer, email: str) -> bool:
        contact = self.session.get(CustomerAddress, email.lower())
        return contact is not None and contact.customer_id == customer.id
