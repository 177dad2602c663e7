"""What the planner reads from the store, in a few set-wise queries.

Plain columns through SQLAlchemy Core on the session's connection (no ORM result
processing): the plan reads hundreds of thousands of rows and must stay within
seconds. Everything is "as of `now`": mail dated later does not exist yet, nor do
suppressions added later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    CursorResult,
    Integer,
    Select,
    String,
    bindparam,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from mailbot.domain.closures import is_company_closure
from mailbot.domain.conversation import COURTESY_KINDS, Mail
from mailbot.domain.planner import Absence
from mailbot.store.models import Customer, CustomerAddress, Message, Suppression, Thread, as_utc

CHUNK = 500  # ids per IN (...) list
# The list as one parameter of a statement built once: `column.in_(chunk)` built a new
# statement per chunk, coercing and naming each of its 500 values in Python (20k rows
# of subjects or customers cost twice their reading).
_IDS = bindparam("ids", expanding=True)


class CustomerFacts(NamedTuple):
    id: int
    key: str
    name: str
    country: str | None
    subdivision: str | None
    timezone: str | None
    tier: str | None
    stage: str | None
    order_count: int
    last_order: date | None


def thread_mails(
    session: Session,
    now: datetime,
    active_since: datetime,
    customer_ids: Iterable[int] | None = None,
    share: tuple[int, int] = (0, 1),
    active_before: datetime | None = None,
) -> Iterator[tuple[int, int, list[Mail]]]:
    """(thread, customer, its mail up to `now` in date order) for every customer
    thread active since `active_since` (of the given customers, when given; of the
    customers whose id is k modulo n, for `share` (k, n))."""
    base = open_threads_query(now, active_since, share, active_before)
    if customer_ids is None:
        queries = [(base, {})]
    else:
        query = base.where(Thread.customer_id.in_(_IDS))
        queries = [(query, {"ids": chunk}) for chunk in _chunks(sorted(customer_ids))]
    for query, ids in queries:
        result = session.connection().execute(query, ids)
        try:
            yield from _grouped(_batched(result))
        finally:
            result.close()


def open_threads_query(
    now: datetime,
    active_since: datetime,
    share: tuple[int, int] = (0, 1),
    active_before: datetime | None = None,
) -> Select[Any]:
    """The messages `thread_mails` reads (before any list of customers)."""
    # Dates come back as text on SQLite: parsing them here is much cheaper than the ORM's.
    base = (
        select(
            Message.thread_id, type_coerce(Message.date, String), Message.direction,
            type_coerce(Message.counts_as_reply, Integer), Message.from_email, Thread.customer_id,
        )
        .join(Thread, Thread.id == Message.thread_id)
        .where(
            Thread.customer_id.is_not(None), _text_date(Thread.last_message_at) >= active_since,
            _text_date(Thread.started_at) <= now, Message.date <= now,
            # Our greetings and care mails await no answer: invisible to the exchange.
            or_(Message.kind.is_(None), Message.kind.not_in(COURTESY_KINDS)),
        )
        # threads.id, not messages.thread_id (equal by the join): so SQLite reads the
        # threads in id order and takes each one's messages from ix_messages_plan already
        # sorted; asked by messages.thread_id, it would scan the whole index instead.
        .order_by(Thread.id, Message.date, Message.id)
    )  # fmt: skip
    if active_before is not None:  # threads last active before it (others already read)
        base = base.where(_text_date(Thread.last_message_at) < active_before)
    k, n = share
    if n > 1:
        base = base.where(Thread.customer_id % n == k)
    return base


class _text_date(FunctionElement[datetime]):  # noqa: N801  # reads as a column
    """A date column compared as the text SQLite stores it. A DATETIME column has numeric
    affinity: compared with a text parameter, SQLite tries to read the parameter as a
    number on every row (1.7% of a share's instructions, scanning 300k threads); `+column`
    has no affinity, so the texts compare as they are (the same order: ISO text)."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type  # parameters bound as the column's (UTC text on SQLite)


@compiles(_text_date)
def _as_is(element: _text_date, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_text_date, "sqlite")
def _unary_plus(element: _text_date, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


def _grouped(rows: Iterable[Any]) -> Iterator[tuple[int, int, list[Mail]]]:
    current, owner, mails = None, 0, []
    parse = datetime.fromisoformat
    new = tuple.__new__  # Mail(…) goes through a Python-level __new__: a million calls
    for thread, at, direction, answer, sender, cid in rows:
        if thread != current:
            if mails:
                yield current, owner, mails
            current, owner, mails = thread, cid, []
        when = parse(at + "+00:00") if isinstance(at, str) else _utc(at)  # naive UTC text
        if direction == "out":
            mails.append(new(Mail, (when, True, False, "")))
        else:
            mails.append(new(Mail, (when, False, bool(answer), sender)))
    if mails:
        yield current, owner, mails


def _batched(result: CursorResult[Any], size: int = 20_000) -> Iterator[Any]:
    """Rows in big fetches: fetchone per row is slow, fetchall holds every row. Straight
    from the driver's cursor: the columns are typed so that SQLAlchemy would convert
    nothing, and wrapping 100k+ tuples in its `Row`s cost a third of reading them."""
    cursor = result.cursor  # a plain (buffered) result: SQLAlchemy has read no row yet
    while rows := cursor.fetchmany(size):
        yield from rows


def thread_subjects(session: Session, ids: Iterable[int]) -> dict[int, str]:
    query = select(Thread.id, Thread.subject).where(Thread.id.in_(_IDS))
    out: dict[int, str] = {}
    for chunk in _chunks(sorted(ids)):
        result = session.connection().execute(query, {"ids": chunk})
        out.update(result.cursor.fetchall())  # plain columns, as in `_batched`
        result.close()
    return out


def customer_facts(session: Session, ids: Iterable[int]) -> dict[int, CustomerFacts]:
    cols = (Customer.id, Customer.key, Customer.name, Customer.country, Customer.subdivision,
            Customer.timezone, Customer.tier, Customer.stage, Customer.order_count,
            Customer.last_order)  # fmt: skip
    query = select(*cols).where(Customer.id.in_(_IDS))
    out = {}
    for chunk in _chunks(sorted(ids)):
        rows = session.connection().execute(query, {"ids": chunk}).all()
        for row in rows:  # .all(): one fetch, not one per row
            out[row[0]] = CustomerFacts(*row)
    return out


def absences(session: Session, ids: Iterable[int]) -> dict[int, list[Absence]]:
    """Out-of-office windows of the customers' contacts; a human reply ends one early.
    The auto-reply's own words tell a company closure from one person's absence."""
    wanted = set(ids)
    out: dict[int, list[Absence]] = defaultdict(list)
    query = (
        select(
            CustomerAddress.customer_id, CustomerAddress.email, CustomerAddress.absent_since,
            CustomerAddress.absent_until, CustomerAddress.absence_ended_at, Message.subject,
            Message.text,
        )
        .outerjoin(Message, Message.id == CustomerAddress.absence_message_id)
        .where(CustomerAddress.absent_since.is_not(None))
    )  # fmt: skip
    for cid, email, since, until, ended, subject, text in session.connection().execute(query):
        if cid in wanted:
            company = is_company_closure(f"{subject or ''}\n{text or ''}")
            out[cid].append(Absence(email, as_utc(since), until, company, as_utc(ended)))
    return out


def suppressed(session: Session, ids: Iterable[int], now: datetime) -> dict[int, str]:
    """Customers no automated mail may reach at `now`, and why: suppressed as a whole,
    or none of their contacts still reachable (suppressed, bounced or gone)."""
    wanted = set(ids)
    out: dict[int, str] = {}
    blocked: dict[str, str] = {}
    for address, cid, reason, since, removed in session.connection().execute(
        select(Suppression.address, Suppression.customer_id, Suppression.reason,
               Suppression.since, Suppression.removed_at)
    ):  # fmt: skip
        if as_utc(since) > now or (removed is not None and as_utc(removed) <= now):
            continue
        if address:
            blocked[address] = reason
        elif cid in wanted:
            out[cid] = f"customer suppressed ({reason})"
    unreachable: dict[int, list[str]] = defaultdict(list)
    condition = CustomerAddress.status != "active"
    if blocked:
        condition = or_(condition, CustomerAddress.email.in_(sorted(blocked)))
    for cid, email, status in session.connection().execute(
        select(CustomerAddress.customer_id, CustomerAddress.email, CustomerAddress.status).where(
            condition
        )
    ):
        if cid in wanted:
            unreachable[cid].append(blocked.get(email) or status)
    for chunk in _chunks(sorted(unreachable)):
        totals = session.connection().execute(
            select(CustomerAddress.customer_id, func.count())
            .where(CustomerAddress.customer_id.in_(chunk))
            .group_by(CustomerAddress.customer_id)
        )
        for cid, total in totals:
            if cid not in out and len(unreachable[cid]) >= total:
                why = ", ".join(sorted(set(unreachable[cid])))
                out[cid] = f"no reachable contact: {why}"
    return out


def _utc(value: str | datetime) -> datetime:
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")  # one call: stored as naive UTC
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]
