"""Lead checks in the store: which addresses are due, saving verdicts, reading them back.

One row per address (`lead_checks`), replaced by each new check. The plan reads
the latest check of every address whatever its age: a verdict holds until a
re-check says otherwise; `expires_at` only decides when that re-check is due.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Insert, Table, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from mailbot.domain.leadgate import ALL, LeadView
from mailbot.store.models import CustomerAddress, LeadCheck

if TYPE_CHECKING:  # the checks' rules (email_validator, clues) are not needed to read them
    from mailbot.domain.leadcheck import LeadVerdict

CHUNK = 500  # addresses per IN (...) list


def due_addresses(session: Session, now: datetime) -> list[str]:
    """Customer addresses never checked, or whose check has expired at `now`."""
    query = (
        select(CustomerAddress.email)
        .outerjoin(LeadCheck, LeadCheck.email == CustomerAddress.email)
        .where(or_(LeadCheck.email.is_(None), LeadCheck.expires_at <= now))
        .order_by(CustomerAddress.email)
    )
    return list(session.scalars(query))


def customer_addresses(session: Session) -> list[str]:
    return list(session.scalars(select(CustomerAddress.email).order_by(CustomerAddress.email)))


def save_checks(
    session: Session,
    verdicts: Iterable[LeadVerdict],
    now: datetime,
    valid_for: timedelta,
    unknown_for: timedelta,
) -> None:
    """Insert or replace each address's check; `unknown` expires sooner (re-check)."""
    from mailbot.domain.leadcheck import UNKNOWN

    wanted = {v.email: v for v in verdicts}
    emails = sorted(wanted)
    known: dict[str, LeadCheck] = {}
    for start in range(0, len(emails), CHUNK):
        part = emails[start : start + CHUNK]
        known |= {c.email: c for c in session.scalars(select(LeadCheck).where(
            LeadCheck.email.in_(part)))}  # fmt: skip
    new = []
    for email, v in wanted.items():
        columns = {
            "domain": v.domain,
            "verdict": v.verdict,
            "score": v.score,
            "reasons": list(v.reasons),
            "details": v.details,
            "checked_at": now,
            "expires_at": now + (unknown_for if v.verdict == UNKNOWN else valid_for),
        }
        row = known.get(email)
        if row is None:
            new.append({"email": email, **columns})
        else:
            for name, value in columns.items():
                setattr(row, name, value)
    session.flush()
    # Core for the new rows: after a first sync every address is new, thousands of them.
    if new:
        session.execute(_insert_or_replace(session), new)


def _insert_or_replace(session: Session) -> Insert:
    """An INSERT that replaces a row inserted since `known` was read: two replicas may
    check the same new address at once, and the later verdict is as good as the first."""
    table = LeadCheck.__table__
    dialect = session.get_bind().dialect.name
    if dialect not in _UPSERTS:
        return insert(table)
    statement = _UPSERTS[dialect](table)
    replaced = {c.name: statement.excluded[c.name] for c in table.c if not c.primary_key}
    return statement.on_conflict_do_update(index_elements=[table.c.email], set_=replaced)


_UPSERTS: dict[str, Callable[[Table], Any]] = {"sqlite": sqlite_insert, "postgresql": pg_insert}


def lead_views(
    session: Session, customer_ids: Iterable[int], followups: Mapping[str, str]
) -> dict[int, dict[str, LeadView]]:
    """customer → address → its latest check, with what `followups` (verdict → all /
    first / none) lets through. Plain columns through Core: the plan reads many."""
    wanted = set(customer_ids)
    out: dict[int, dict[str, LeadView]] = defaultdict(dict)
    query = select(
        CustomerAddress.customer_id, LeadCheck.email, LeadCheck.verdict, LeadCheck.score,
        LeadCheck.reasons,
    ).join(LeadCheck, LeadCheck.email == CustomerAddress.email)  # fmt: skip
    for cid, email, verdict, score, reasons in session.connection().execute(query):
        if cid in wanted:
            effect = followups.get(verdict, ALL)
            out[cid][email] = LeadView(email, verdict, score, tuple(reasons or ()), effect)
    return dict(out)


def checks_by_address(session: Session) -> dict[str, LeadCheck]:
    return {c.email: c for c in session.scalars(select(LeadCheck))}
