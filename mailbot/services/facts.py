"""Setting a profile value together with where it came from (ProfileFact).

Two ways in:
- `set_explicit`: a person said so (import, config, the CLI). Always wins.
- `propose`: inference from mail. Never overwrites an explicit value; replaces an
  inferred one only when a different value has won twice in a row (a customer
  writing once from a hotel abroad does not move their office).

The value itself lives on the Customer / CustomerAddress row (fast to query); the
fact row holds its source, confidence, evidence and the pending challenger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from mailbot.store.models import Customer, CustomerAddress, ProfileFact

EXPLICIT_SOURCES = frozenset({"user", "import", "config"})
CUSTOMER_FIELDS = frozenset({
    "name", "country", "subdivision", "timezone", "languages", "tier", "stage", "website",
    "phone", "notes", "first_purchase", "last_order", "order_count",
})  # fmt: skip
CONTACT_FIELDS = frozenset({"name", "birthday", "phone", "whatsapp"})
WINS_NEEDED = 2  # a challenger must win this many times before it replaces a value


@dataclass(frozen=True, slots=True)
class Outcome:
    changed: bool  # the stored value changed
    reason: str  # in words, for logs and `mailbot customers`


def set_explicit(
    session: Session,
    customer: Customer,
    field: str,
    value: Any,
    source: str,
    now: datetime,
    contact: CustomerAddress | None = None,
    evidence: str = "",
) -> Outcome:
    """Store `value` as stated by a person (`source` in EXPLICIT_SOURCES)."""
    if source not in EXPLICIT_SOURCES:
        raise ValueError(f"not an explicit source: {source!r}")
    target = _target(customer, contact, field)
    fact = _fact(session, customer, contact, field)
    changed = getattr(target, field) != value
    setattr(target, field, value)
    fact.value, fact.source, fact.confidence = _text(value), source, 1.0
    fact.evidence, fact.updated_at = evidence, now
    fact.challenger, fact.challenger_source, fact.challenger_hits = None, None, 0
    return Outcome(changed, f"{field} set by {source}")


def propose(
    session: Session,
    customer: Customer,
    field: str,
    value: Any,
    source: str,
    confidence: float,
    evidence: str,
    now: datetime,
    contact: CustomerAddress | None = None,
    known: dict[str, ProfileFact] | None = None,
    unsaved: list[ProfileFact] | None = None,
) -> Outcome:
    """Offer an inferred value; store it if nothing better is known (see module doc).

    `known`: the customer's company-level facts already read (`facts_of`), so a run
    over many customers does not query once per field; new facts are added to it.
    `unsaved`: with `known`, new facts go here instead of into the session, for the
    caller to insert many at once (`insert_facts`).
    """
    target = _target(customer, contact, field)
    if known is not None and contact is None:
        fact = known.get(field)
        if fact is None and unsaved is not None:
            fact = _blank_fact(customer, "", field)
            unsaved.append(fact)
        elif fact is None:
            fact = _new_fact(session, customer, "", field)
        known[field] = fact
    else:
        fact = _fact(session, customer, contact, field)
    current = getattr(target, field)
    if fact.source in EXPLICIT_SOURCES:
        return Outcome(False, f"{field} kept: set by {fact.source}")
    if _empty(current) or fact.source is None:
        setattr(target, field, value)
        _record(fact, value, source, confidence, evidence, now)
        return Outcome(True, f"{field} inferred from {source}")
    if current == value:
        fact.confidence = max(fact.confidence, confidence)
        fact.challenger, fact.challenger_source, fact.challenger_hits = None, None, 0
        return Outcome(False, f"{field} confirmed by {source}")
    if fact.challenger == _text(value):
        fact.challenger_hits += 1
    else:
        fact.challenger, fact.challenger_hits = _text(value), 1
    fact.challenger_source = source
    if fact.challenger_hits < WINS_NEEDED:
        return Outcome(False, f"{field} challenged by {source} ({fact.challenger_hits}×)")
    setattr(target, field, value)
    _record(fact, value, source, confidence, evidence, now)
    return Outcome(True, f"{field} changed: {source} won {WINS_NEEDED}×")


def facts_of(session: Session, customer_ids: list[int]) -> dict[int, dict[str, ProfileFact]]:
    """Company-level facts per customer, keyed by field."""
    out: dict[int, dict[str, ProfileFact]] = {}
    if not customer_ids:
        return out
    rows = session.scalars(
        select(ProfileFact).where(
            ProfileFact.customer_id.in_(customer_ids), ProfileFact.email == ""
        )
    )
    for fact in rows:
        out.setdefault(fact.customer_id, {})[fact.field] = fact
    return out


def _record(
    fact: ProfileFact, value: Any, source: str, confidence: float, evidence: str, now: datetime
) -> None:
    fact.value, fact.source, fact.confidence = _text(value), source, confidence
    fact.evidence, fact.updated_at = evidence, now
    fact.challenger, fact.challenger_source, fact.challenger_hits = None, None, 0


def _target(customer: Customer, contact: CustomerAddress | None, field: str) -> Any:
    allowed = CONTACT_FIELDS if contact is not None else CUSTOMER_FIELDS
    if field not in allowed:
        who = "contact" if contact is not None else "customer"
        raise ValueError(f"{field!r} is not a {who} profile field")
    return contact if contact is not None else customer


def _fact(
    session: Session, customer: Customer, contact: CustomerAddress | None, field: str
) -> ProfileFact:
    email = contact.email if contact is not None else ""
    if customer.id is None:
        session.flush()
    fact = session.scalar(
        select(ProfileFact).where(
            ProfileFact.customer_id == customer.id,
            ProfileFact.email == email,
            ProfileFact.field == field,
        )
    )
    return fact if fact is not None else _new_fact(session, customer, email, field)


def insert_facts(session: Session, facts: list[ProfileFact]) -> None:
    """New facts `propose` left unsaved, in one INSERT (the unit of work's per-object
    bookkeeping was a tenth of the inference after a first sync)."""
    columns = [c.key for c in ProfileFact.__table__.columns if c.key != "id"]
    rows = [{c: getattr(fact, c) for c in columns} for fact in facts]
    if rows:
        session.execute(insert(ProfileFact), rows)


def _new_fact(session: Session, customer: Customer, email: str, field: str) -> ProfileFact:
    fact = _blank_fact(customer, email, field)
    session.add(fact)
    return fact


def _blank_fact(customer: Customer, email: str, field: str) -> ProfileFact:
    return ProfileFact(
        customer_id=customer.id, email=email, field=field, value="", source=None,
        confidence=0.0, evidence="", challenger_hits=0,
    )  # fmt: skip


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)
