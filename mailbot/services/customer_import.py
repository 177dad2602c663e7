"""Storing a validated customer CSV plan, and reading customers back out for export.

Every value goes through `facts.set_explicit` with source "import" and the file and
row as evidence, so `mailbot customers` can say where it came from. A value equal
to the stored one is left alone, provenance included: re-importing an export
changes nothing, and an inferred value only becomes "import" when a person
changed it. "Opted out" adds a suppression; it never lifts one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.config import Replies
from mailbot.domain.crm_csv import ContactPlan, CustomerPlan
from mailbot.services.facts import set_explicit
from mailbot.services.replies import ReplyEffects
from mailbot.store.models import Customer, CustomerAddress, Suppression

SOURCE = "import"
OPT_OUT_REASON = "opt_out"


@dataclass
class ImportReport:
    customers_created: int = 0
    customers_updated: int = 0
    customers_unchanged: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    contacts_unchanged: int = 0
    suppressed: int = 0
    opt_outs_lifted: int = 0  # opted out in the file, but a person lifted that: kept lifted


class CustomerImport:
    """Upserts one file's plan inside the caller's transaction."""

    def __init__(self, session: Session, now: datetime, replies: Replies, file_name: str):
        self.session, self.now, self.file_name = session, now, file_name
        self.effects = ReplyEffects(session, replies, now)
        self.report = ImportReport()

    def run(self, plans: dict[str, CustomerPlan]) -> ImportReport:
        for plan in plans.values():
            customer, created = self._customer(plan)
            changed = self._set(customer, None, plan.fields, plan.rows)
            self._count("customers", created, changed)
            for contact_plan in plan.contacts.values():
                self._contact(customer, contact_plan)
        self.session.flush()
        return self.report

    def _customer(self, plan: CustomerPlan) -> tuple[Customer, bool]:
        customer = self.session.scalar(select(Customer).where(Customer.key == plan.key))
        if customer is not None:
            return customer, False
        customer = Customer(key=plan.key, kind=plan.kind, name=plan.key, first_seen=self.now)
        self.session.add(customer)
        self.session.flush()
        return customer, True

    def _contact(self, customer: Customer, plan: ContactPlan) -> None:
        contact = self.session.get(CustomerAddress, plan.email)
        created = contact is None
        if contact is None:
            contact = CustomerAddress(
                email=plan.email, customer_id=customer.id, name="",
                first_seen=self.now, last_seen=self.now, status="active",
            )  # fmt: skip
            self.session.add(contact)
            self.session.flush()
        elif contact.customer_id != customer.id:  # filed elsewhere by mail: keep it there
            customer = self.session.get_one(Customer, contact.customer_id)
        changed = self._set(customer, contact, plan.fields, plan.rows)
        self._count("contacts", created, changed)
        if plan.opt_out_row is None:
            return
        if self._lifted_opt_out(plan.email):  # a person's decision stands over the file's
            self.report.opt_outs_lifted += 1
        elif self.effects.suppress(
            plan.email, None, OPT_OUT_REASON, self._evidence(plan.opt_out_row), None
        ):
            self.report.suppressed += 1

    def _lifted_opt_out(self, email: str) -> bool:
        """An opt-out this address had, that a person lifted (`mailbot suppressions --remove`): a
        file says only "opted out", not since when, so re-importing the same export must
        not undo the lift. `mailbot suppressions --add` re-adds it."""
        lifted = select(Suppression.id).where(
            Suppression.address == email,
            Suppression.reason == OPT_OUT_REASON,
            Suppression.removed_at.is_not(None),
        )
        active = select(Suppression.id).where(
            Suppression.address == email, Suppression.removed_at.is_(None)
        )
        return (self.session.scalar(lifted.limit(1)) is not None
                and self.session.scalar(active.limit(1)) is None)  # fmt: skip

    def _set(
        self,
        customer: Customer,
        contact: CustomerAddress | None,
        fields: dict[str, Any],
        rows: dict[str, int],
    ) -> bool:
        target: Any = contact if contact is not None else customer
        changed = False
        for name, value in fields.items():
            if getattr(target, name) != value:
                set_explicit(
                    self.session, customer, name, value, SOURCE, self.now,
                    contact=contact, evidence=self._evidence(rows[name]),
                )  # fmt: skip
                changed = True
        return changed

    def _evidence(self, row: int) -> str:
        return f"{self.file_name} row {row}"

    def _count(self, what: str, created: bool, changed: bool) -> None:
        kind = "created" if created else "updated" if changed else "unchanged"
        attr = f"{what}_{kind}"
        setattr(self.report, attr, getattr(self.report, attr) + 1)


def export_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Generic-layout values, one per contact; a customer without contacts gets one row."""
    opted_out = set(
        session.scalars(
            select(Suppression.address).where(
                Suppression.removed_at.is_(None),
                Suppression.customer_id.is_(None),
                Suppression.reason == OPT_OUT_REASON,
            )
        )
    )
    contacts: dict[int, list[CustomerAddress]] = {}
    for contact in session.scalars(select(CustomerAddress).order_by(CustomerAddress.email)):
        contacts.setdefault(contact.customer_id, []).append(contact)
    for customer in session.scalars(select(Customer).order_by(Customer.key)):
        base = _customer_values(customer)
        for contact in contacts.get(customer.id) or [None]:
            yield base | _contact_values(customer, contact, opted_out)


def _customer_values(c: Customer) -> dict[str, Any]:
    subdivision = f"{c.country}-{c.subdivision}" if c.country and c.subdivision else None
    return {
        "company": c.name, "domain": c.key if c.kind == "company" else None,
        "country": c.country, "subdivision": subdivision or c.subdivision,
        "timezone": c.timezone, "languages": c.languages, "tier": c.tier, "stage": c.stage,
        "first_purchase": c.first_purchase, "last_order": c.last_order,
        "order_count": c.order_count, "company_phone": c.phone, "website": c.website,
        "notes": c.notes,
    }  # fmt: skip


def _contact_values(
    customer: Customer, contact: CustomerAddress | None, opted_out: set[str | None]
) -> dict[str, Any]:
    if contact is None:  # a free-mail customer's key is its address
        return {"email": customer.key if customer.kind == "person" else None}
    return {
        "email": contact.email, "name": contact.name, "birthday": contact.birthday,
        "phone": contact.phone, "whatsapp": contact.whatsapp,
        "opt_out": contact.email in opted_out,
    }  # fmt: skip
