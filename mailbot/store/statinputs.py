"""What `mailbot stats` reads from the store: sends and what followed them, as plain rows.

"As of `now`": mail dated later, and suppressions added later, do not exist yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from mailbot.domain.sendstats import Answer, Bounce, OptOut, Send
from mailbot.store.models import (
    BounceEvent,
    CustomerAddress,
    Message,
    OutboxMail,
    Suppression,
    as_utc,
)

STOP_KIND = "unsubscribe"  # the classifier's kind for a person asking to stop


def sends(session: Session, now: datetime) -> list[Send]:
    """Mails accepted by the server, or refused outright (5xx), up to `now`.

    A mail in a thread is counted in the thread its stored copy is in now: a later
    merge may have joined that thread to another."""
    copy = aliased(Message)
    refused = and_(OutboxMail.status == "failed", OutboxMail.outcome_code >= 500)
    query = (
        select(OutboxMail, copy.thread_id)
        .outerjoin(copy, copy.message_id == OutboxMail.message_id)
        .where(or_(OutboxMail.status == "sent", refused))
        .order_by(OutboxMail.id)
    )
    out = []
    for row, copy_thread in session.execute(query):
        at = row.sent_at if row.status == "sent" else row.updated_at
        if at is None or at > now:
            continue
        thread = (copy_thread or row.thread_id) if row.thread_id is not None else None
        out.append(
            Send(row.id, row.kind, row.stage, row.occasion, row.template, row.customer_id,
                 thread, row.recipient, row.message_id, at, refused=row.status == "failed")
        )  # fmt: skip
    return out


def answers(session: Session, since: datetime, now: datetime) -> list[Answer]:
    """Messages a person wrote to us in (since, now]; the author's customer is the one
    their address belongs to, else the one the message was filed under."""
    query = (
        select(
            Message.thread_id, Message.date, Message.kind,
            func.coalesce(CustomerAddress.customer_id, Message.customer_id),
        )
        .outerjoin(CustomerAddress, CustomerAddress.email == Message.from_email)
        .where(
            Message.direction == "in", Message.counts_as_reply.is_(True),
            Message.date > since, Message.date <= now,
        )
    )  # fmt: skip
    return [
        Answer(cid, thread, as_utc(at), kind == STOP_KIND)  # type: ignore[arg-type]
        for thread, at, kind, cid in session.execute(query)
        if cid is not None
    ]


def bounces(session: Session, since: datetime, now: datetime) -> list[Bounce]:
    returned = aliased(Message)
    query = (
        select(BounceEvent.address, BounceEvent.at, BounceEvent.permanent, returned.message_id)
        .outerjoin(returned, returned.id == BounceEvent.our_message_id)
        .where(BounceEvent.at >= since, BounceEvent.at <= now)
    )
    return [Bounce(a, as_utc(at), p, mid) for a, at, p, mid in session.execute(query)]  # type: ignore[arg-type]


def opt_outs(session: Session, since: datetime, now: datetime) -> list[OptOut]:
    """Requests to stop, dated by the message that asked (the suppression's own date is
    when mailbot read it); a whole-customer suppression or the address's customer."""
    source = aliased(Message)
    query = (
        select(Suppression.since, source.date, Suppression.customer_id, CustomerAddress.customer_id)
        .outerjoin(source, source.id == Suppression.source_message_id)
        .outerjoin(CustomerAddress, CustomerAddress.email == Suppression.address)
        .where(Suppression.reason == STOP_KIND)
    )
    out = []
    for recorded, asked, whole, of_address in session.execute(query):
        at = as_utc(asked or recorded)
        cid = whole or of_address
        if cid is not None and at is not None and since <= at <= now:
            out.append(OptOut(cid, at))
    return out


def reply_counts(
    session: Session, ids: Iterable[int], now: datetime
) -> dict[int, tuple[int, datetime | None]]:
    """Human messages per customer up to `now` and the latest one: tier rules read them."""
    wanted = set(ids)
    query = (
        select(Message.customer_id, func.count(), func.max(Message.date))
        .where(Message.direction == "in", Message.counts_as_reply.is_(True))
        .where(Message.date <= now)
        .group_by(Message.customer_id)
    )
    return {
        cid: (n, as_utc(last))
        for cid, n, last in session.execute(query)
        if cid in wanted  # type: ignore[misc]
    }
