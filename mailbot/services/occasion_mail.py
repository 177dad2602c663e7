"""A greeting or care mail, built as it goes out: the first mail of its own thread.

The sender is the mailbox that owns the customer's latest conversation (prepare_mail),
the recipient the contact the step names. A greeting's facts carry its occasion (the
key names its date), a care mail's the order's reference and tracking.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.occasions import OCCASIONS
from mailbot.errors import MailbotError
from mailbot.services.followup_mail import Built, build_mail
from mailbot.services.mailfacts import Party, prepare_mail
from mailbot.services.templates import Templates
from mailbot.store.models import Customer, CustomerAddress, OrderEvent


def build_occasion_mail(
    session: Session,
    config: Config,
    templates: Templates,
    customer: Customer,
    kind: str,
    key: str,
    template: str,
    recipient: str,
    now: datetime,
) -> Built:
    prepared = prepare_mail(session, config, customer, now)
    contact = session.get(CustomerAddress, recipient)
    if contact is None or contact.customer_id != customer.id:
        raise MailbotError(f"{recipient} is not a contact of {customer.key}")
    to = Party(contact.email, contact.name)
    facts = replace(prepared.facts, contact_name=contact.name)
    if kind == "greeting":
        occasion_key, day = _occasion(key)
        label = OCCASIONS[occasion_key].label if occasion_key in OCCASIONS else ""
        years = day.year - customer.first_purchase.year if (
            occasion_key == "first_order" and customer.first_purchase) else 0  # fmt: skip
        facts = replace(facts, occasion_key=occasion_key, occasion=label, years=years)
    elif kind == "care":
        event = session.get(OrderEvent, _event_id(key))
        if event is None:
            raise MailbotError(f"the order event of {key} is gone")
        facts = replace(facts, order_ref=event.ref, tracking=event.tracking)
    return build_mail(config, templates, replace(prepared, to=to, facts=facts), template, key,
                      now)  # fmt: skip


def _occasion(key: str) -> tuple[str, date]:
    """greeting/c7/christmas/2026-12-25 or greeting/c7/birthday/a@b/2026-05-01."""
    parts = key.split("/")
    return parts[2], date.fromisoformat(parts[-1])


def _event_id(key: str) -> int:
    """care/e12/arrival_check → 12."""
    return int(key.split("/")[1].removeprefix("e"))
