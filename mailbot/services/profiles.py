"""Inferring where each customer is from their mail (DOMAIN.md §2), after every sync/import.

Each run reads only mail newer than a customer's `profiled_through` watermark, weighs its
evidence into one guess per field, and offers it through `facts.propose`: explicit values
are never touched, and an inferred value moves only after a different one wins two runs.
Customers are processed in chunks: one query for their new messages, one for their facts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.places import country_zones
from mailbot.domain.whereabouts import Evidence, address_evidence, message_evidence, own_numbers_in
from mailbot.domain.whereguess import Guess, best_guess
from mailbot.services.facts import EXPLICIT_SOURCES, facts_of, insert_facts, propose
from mailbot.store.models import Customer, Message, ProfileFact

log = structlog.get_logger("mailbot.profiles")
CHUNK = 500  # customers per round trip
PER_RUN = 8  # newest mails read per customer and run: evidence saturates long before
OWN_SIGNATURES = 1000  # recent outbound messages scanned for our own phone numbers
# DOMAIN.md §2's order: evidence may challenge a value only if it is at least as strong as
# what set it (else each run's weaker news, e.g. the .de of a firm in Vienna, would win twice).
STRENGTH = {"signature_phone": 3, "cctld": 2, "freemail": 2, "date_offset": 1, "language": 0}


@dataclass
class ProfileRun:
    customers: int = 0  # customers with new mail read
    messages: int = 0  # inbound human messages read
    changed: Counter[str] = field(default_factory=Counter)  # field → customers changed


def infer_profiles(
    session: Session, config: Config, now: datetime, customer_ids: Iterable[int] | None = None
) -> ProfileRun:
    """Read new evidence for every customer (or those given) and propose what it says."""
    run = ProfileRun()
    pending = _pending(session, customer_ids)
    own = _own_numbers(session) if pending else frozenset()
    for start in range(0, len(pending), CHUNK):
        _infer_chunk(session, config, now, pending[start : start + CHUNK], own, run)
    changed = dict(run.changed)
    log.info("profiles_inferred", customers=run.customers, messages=run.messages, changed=changed)
    return run


def _pending(session: Session, customer_ids: Iterable[int] | None) -> list[int]:
    """Customers with any message past their watermark (outbound too: a ccTLD needs no reply)."""
    newer = exists().where(
        Message.customer_id == Customer.id, Message.id > Customer.profiled_through
    )
    query = select(Customer.id).where(newer).order_by(Customer.id)
    if customer_ids is None:
        return list(session.scalars(query))
    wanted = sorted(set(customer_ids))
    parts = (wanted[i : i + CHUNK] for i in range(0, len(wanted), CHUNK))
    return [cid for part in parts for cid in session.scalars(query.where(Customer.id.in_(part)))]


def _own_numbers(session: Session) -> frozenset[str]:
    """Our staff's numbers, from our recent outbound signatures: a safety net for quotes."""
    recent = select(Message.signature).where(Message.direction == "out", Message.signature != "")
    rows = session.scalars(recent.order_by(Message.id.desc()).limit(OWN_SIGNATURES))
    return own_numbers_in(set(rows))


def _infer_chunk(
    session: Session,
    config: Config,
    now: datetime,
    ids: list[int],
    own: frozenset[str],
    run: ProfileRun,
) -> None:
    held = {id(obj) for obj in session.identity_map.values()}
    customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}
    facts = facts_of(session, ids)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for row in session.execute(_new_human_mail(ids)):
        run.messages += 1
        evidence[row.customer_id] += message_evidence(
            row.from_email, row.text, row.signature, row.date, row.date_offset_minutes, own
        )
    last: dict[int, int] = {cid: top for cid, top in session.execute(_watermarks(ids))}
    unsaved: list[ProfileFact] = []
    with session.no_autoflush:  # one fact per (customer, field): nothing to find unflushed
        for cid, customer in customers.items():
            items = address_evidence(customer.key) + evidence[cid]
            known = facts.get(cid, {})
            for name in _apply(session, customer, items, known, config, now, unsaved):
                run.changed[name] += 1
            customer.profiled_through = max(customer.profiled_through, last.get(cid, 0))
    run.customers += len(customers)
    session.flush()
    insert_facts(session, unsaved)
    for obj in list(session.identity_map.values()):  # keep memory flat over 100k customers
        if id(obj) not in held:
            session.expunge(obj)


def _apply(
    session: Session,
    customer: Customer,
    items: list[Evidence],
    facts: dict[str, ProfileFact],
    config: Config,
    now: datetime,
    unsaved: list[ProfileFact],
) -> list[str]:
    """Propose each guessed field once (one run = one win); the fields that changed.
    New facts go to `unsaved`, inserted by the caller in one statement."""
    pinned = _pinned_country(customer, facts, config)
    guesses = best_guess(items, pinned or customer.country, country_fixed=pinned is not None)
    country = pinned or (guesses["country"].value if "country" in guesses else customer.country)
    changed = []
    for name, guess in guesses.items():
        fact = facts.get(name)
        if fact is not None and fact.source in EXPLICIT_SOURCES:
            continue  # propose() would refuse anyway; spare its query
        if name == "timezone" and guess.fallback and customer.timezone in country_zones(country):
            continue  # an assumed business centre must not challenge an observed zone
        value = _value(customer, name, guess)
        if _settled(customer, name, value, guess, fact) or _weaker(guess, fact):
            continue
        outcome = propose(
            session, customer, name, value, guess.source, guess.confidence, guess.words, now,
            known=facts, unsaved=unsaved,
        )  # fmt: skip
        if outcome.changed:
            changed.append(name)
    return changed


def _settled(
    customer: Customer, name: str, value: object, guess: Guess, fact: ProfileFact | None
) -> bool:
    """Already the value, nothing challenging it, no surer now: propose() would do nothing."""
    return (
        fact is not None
        and getattr(customer, name) == value
        and fact.challenger is None
        and guess.confidence <= fact.confidence
    )


def _weaker(guess: Guess, fact: ProfileFact | None) -> bool:
    if fact is None or fact.source not in STRENGTH:
        return False
    return STRENGTH.get(guess.source, 0) < STRENGTH[fact.source]


def _pinned_country(
    customer: Customer, facts: dict[str, ProfileFact], config: Config
) -> str | None:
    """A country a person set (config or import): zones are chosen within it."""
    entry = config.profiles.get(customer.key)
    if entry is not None and entry.country:
        return entry.country
    fact = facts.get("country")
    if fact is not None and fact.source in EXPLICIT_SOURCES and customer.country:
        return customer.country
    return None


def _new_human_mail(ids: Sequence[int]) -> Select[Any]:
    """Each customer's newest inbound human mail past the watermark, at most PER_RUN."""
    rank = func.row_number().over(partition_by=Message.customer_id, order_by=Message.id.desc())
    ranked = (
        select(
            Message.customer_id,
            Message.from_email,
            Message.text,
            Message.signature,
            Message.date,
            Message.date_offset_minutes,
            rank.label("rank"),
        )  # fmt: skip
        .join(Customer, Customer.id == Message.customer_id)
        .where(Message.customer_id.in_(ids), Message.id > Customer.profiled_through)
        .where(Message.direction == "in", Message.kind == "human")
        .subquery()
    )
    return select(ranked).where(ranked.c.rank <= PER_RUN)


def _watermarks(ids: Sequence[int]) -> Select[tuple[int, int]]:
    return (
        select(Message.customer_id, func.max(Message.id))
        .join(Customer, Customer.id == Message.customer_id)
        .where(Message.customer_id.in_(ids), Message.id > Customer.profiled_through)
        .group_by(Message.customer_id)
    )


def _value(customer: Customer, name: str, guess: Guess) -> object:
    if name == "languages":  # add to what we know rather than replace it
        known = list(customer.languages or [])
        return known + [lang for lang in guess.value if lang not in known]
    return guess.value
