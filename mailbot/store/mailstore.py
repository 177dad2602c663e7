"""Queries over messages, threads and customers, in the words of the sales domain.

A `MailStore` wraps one SQLAlchemy session (one unit of work); the caller
commits. Ingest works in batches, so most methods take and return many rows
at once: a first sync of 50k messages must not pay one round of ORM
bookkeeping per message. Nothing here knows about IMAP or parsing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from mailbot.domain.message import Address
from mailbot.domain.parties import CustomerIdentity
from mailbot.domain.summary import Activity, ThreadSummary, fold
from mailbot.store.models import (
    Customer,
    CustomerAddress,
    Folder,
    Message,
    MessageLocation,
    Thread,
    ThreadKey,
    as_utc,
)


@dataclass
class ThreadSpan:
    """What subject-fallback threading needs to know about a thread."""

    id: int
    customer_id: int | None
    subject_key: str
    started_at: datetime
    last_message_at: datetime


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class MailStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- folders ---------------------------------------------------------------
    def folder(self, mailbox: str, name: str, role: str = "") -> Folder:
        found = self.session.scalar(
            select(Folder).where(Folder.mailbox == mailbox, Folder.name == name)
        )
        if found is None:
            found = Folder(mailbox=mailbox, name=name, role=role, last_uid=0)
            self.session.add(found)
            self.session.flush()
        elif role and found.role != role:
            found.role = role
        return found

    def forget_locations(self, folder: Folder, uids: Iterable[int] | None = None) -> int:
        """Drop where-it-lives rows (expunged, or a UIDVALIDITY reset); messages stay."""
        base = delete(MessageLocation).where(MessageLocation.folder_id == folder.id)
        if uids is None:
            return self.session.execute(base).rowcount or 0
        gone = 0
        for chunk in _chunks(sorted(uids)):
            gone += self.session.execute(base.where(MessageLocation.uid.in_(chunk))).rowcount or 0
        return gone

    def known_uids(self, folder: Folder) -> set[int]:
        stmt = select(MessageLocation.uid).where(MessageLocation.folder_id == folder.id)
        return set(self.session.scalars(stmt))

    def add_locations(self, rows: list[tuple[int, int, int]]) -> None:
        """(folder_id, uid, message pk) rows; ones already recorded are skipped."""
        rows = list(dict.fromkeys(rows))
        by_folder: dict[int, list[int]] = {}
        for f, u, _ in rows:
            by_folder.setdefault(f, []).append(u)
        existing: set[tuple[int, int]] = set()
        for folder_id, uids in by_folder.items():
            # Not a (folder, uid) row-value IN: SQLite answers that by scanning the index.
            for chunk in _chunks(uids):
                found = self.session.scalars(
                    select(MessageLocation.uid).where(
                        MessageLocation.folder_id == folder_id, MessageLocation.uid.in_(chunk)
                    )
                )
                existing |= {(folder_id, u) for u in found}
        new = [
            {"folder_id": f, "uid": u, "message_id": m}
            for f, u, m in rows
            if (f, u) not in existing
        ]
        if new:
            self.session.connection().execute(insert(MessageLocation.__table__), new)

    # -- messages --------------------------------------------------------------
    def message_ids_known(self, message_ids: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(set(message_ids))):
            rows = self.session.execute(
                select(Message.message_id, Message.id).where(Message.message_id.in_(chunk))
            )
            out.update((a, b) for a, b in rows)
        return out

    def insert_messages(self, rows: list[dict]) -> dict[str, int]:
        """Insert new message rows; returns Message-ID → primary key."""
        if not rows:
            return {}
        self.session.connection().execute(insert(Message.__table__), rows)
        return self.message_ids_known(r["message_id"] for r in rows)

    # -- customers -------------------------------------------------------------
    def ensure_customers(
        self, wanted: dict[str, tuple[CustomerIdentity, datetime]]
    ) -> dict[str, int]:
        """Customer key → id, creating the missing ones (first seen at the given time)."""
        ids = self._customer_ids(list(wanted))
        missing = [
            {"key": key, "kind": ident.kind, "name": key, "first_seen": seen}
            for key, (ident, seen) in wanted.items()
            if key not in ids
        ]
        if missing:
            self.session.execute(insert(Customer), missing)
            ids.update(self._customer_ids([m["key"] for m in missing]))
        return ids

    def _customer_ids(self, keys: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(keys):
            rows = self.session.execute(
                select(Customer.key, Customer.id).where(Customer.key.in_(chunk))
            )
            out.update((a, b) for a, b in rows)
        return out

    def remember_addresses(self, seen: list[tuple[int, Address, datetime]]) -> None:
        """Record each (customer id, address, when seen); keeps first/last seen and name."""
        latest: dict[str, tuple[int, Address, datetime, datetime]] = {}
        for cid, addr, at in seen:
            prev = latest.get(addr.email)
            first = min(at, prev[2]) if prev else at
            if prev is None or at >= prev[3]:
                latest[addr.email] = (cid, addr, first, at)
            else:
                latest[addr.email] = (prev[0], prev[1], first, prev[3])
        c = CustomerAddress.__table__.c
        existing = {
            row.email: row
            for chunk in _chunks(list(latest))
            for row in self.session.execute(
                select(c.email, c.name, c.first_seen, c.last_seen).where(c.email.in_(chunk))
            )
        }
        new, changed = [], []
        for email, (cid, addr, first, last) in latest.items():
            row = existing.get(email)
            if row is None:
                new.append(
                    {
                        "email": email,
                        "customer_id": cid,
                        "name": addr.name,
                        "first_seen": first,
                        "last_seen": last,
                    }
                )
                continue
            first_seen, last_seen, name = min(row.first_seen, first), row.last_seen, row.name
            if last >= row.last_seen:
                last_seen, name = last, addr.name or row.name
            if (first_seen, last_seen, name) != (row.first_seen, row.last_seen, row.name):
                changed.append(
                    {
                        "b_email": email,
                        "first_seen": first_seen,
                        "last_seen": last_seen,
                        "name": name,
                    }
                )
        # Core statements: thousands of contacts per first sync, no ORM objects needed.
        if new:
            self.session.execute(insert(CustomerAddress.__table__), new)
        if changed:
            self.session.execute(_ADDRESS_SEEN, changed)

    # -- threads ---------------------------------------------------------------
    def thread_ids_for_keys(self, keys: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(set(keys))):
            rows = self.session.execute(
                select(ThreadKey.message_id, ThreadKey.thread_id).where(
                    ThreadKey.message_id.in_(chunk)
                )
            )
            out.update((a, b) for a, b in rows)
        return out

    def threads_by_subject(
        self, customer_ids: set[int], subject_keys: set[str]
    ) -> list[ThreadSpan]:
        """Candidate threads for subject fallback: these customers, these subjects."""
        spans: list[ThreadSpan] = []
        keys = [k for k in subject_keys if k]
        if not customer_ids or not keys:
            return spans
        for chunk in _chunks(keys):
            rows = self.session.execute(
                select(
                    Thread.id,
                    Thread.customer_id,
                    Thread.subject_key,
                    Thread.started_at,
                    Thread.last_message_at,
                ).where(Thread.customer_id.in_(customer_ids), Thread.subject_key.in_(chunk))
            )
            spans += [ThreadSpan(i, c, k, as_utc(s), as_utc(e)) for i, c, k, s, e in rows]
        return spans

    def insert_thread(
        self, customer_id: int | None, subject: str, subject_key: str, at: datetime, direction: str
    ) -> int:
        row = {
            "customer_id": customer_id,
            "subject": subject,
            "subject_key": subject_key,
            "started_at": at,
            "last_message_at": at,
            "last_direction": direction,
            "message_count": 0,
        }
        # Core, not the ORM's bulk insert: a first sync creates thousands of threads one by one.
        return int(self.session.connection().execute(_NEW_THREAD, row).scalar_one())

    def insert_thread_keys(self, keys: dict[str, int]) -> None:
        """Keys not yet stored (the caller looked them up in this transaction)."""
        if keys:
            rows = [{"message_id": k, "thread_id": t} for k, t in keys.items()]
            self.session.execute(insert(ThreadKey), rows)

    def merge_threads(self, keep: int, others: list[int]) -> None:
        """Fold `others` into `keep`: a message just bridged them."""
        s = self.session
        s.execute(update(Message).where(Message.thread_id.in_(others)).values(thread_id=keep))
        s.execute(update(ThreadKey).where(ThreadKey.thread_id.in_(others)).values(thread_id=keep))
        customer = s.scalar(
            select(Thread.customer_id)
            .where(Thread.id.in_([keep, *others]), Thread.customer_id.is_not(None))
            .order_by(Thread.id)
            .limit(1)
        )
        s.execute(update(Thread).where(Thread.id == keep).values(customer_id=customer))
        s.execute(delete(Thread).where(Thread.id.in_(others)))

    def claim_threads(self, owners: dict[int, int]) -> None:
        """Thread id → customer id, for threads that have no customer yet."""
        if owners:
            params = [{"b_id": t, "b_customer": c} for t, c in owners.items()]
            self.session.execute(_CLAIM_THREAD, params)

    def refresh_threads(self, thread_ids: set[int]) -> None:
        """Recount the summary columns of these threads from all their messages."""
        found: dict[int, list[Activity]] = {}
        for chunk in _chunks(sorted(thread_ids)):
            stats = self.session.execute(
                select(
                    Message.thread_id,
                    Message.direction,
                    Message.counts_as_reply,
                    func.min(Message.date),
                    func.max(Message.date),
                    func.count(),
                )
                .where(Message.thread_id.in_(chunk))
                .group_by(Message.thread_id, Message.direction, Message.counts_as_reply)
            )
            for tid, direction, reply, first, last, count in stats:
                activity = Activity(direction, bool(reply), as_utc(first), as_utc(last), count)
                found.setdefault(tid, []).append(activity)
        self._save_summaries({t: fold(ThreadSummary(), a) for t, a in found.items()})

    def add_to_threads(self, added: dict[int, list[Activity]]) -> None:
        """Fold new messages into the stored summaries of their threads (no recount)."""
        summaries: dict[int, ThreadSummary] = {}
        t = Thread.__table__.c
        for chunk in _chunks(sorted(added)):
            rows = self.session.execute(
                select(
                    t.id,
                    t.started_at,
                    t.last_message_at,
                    t.last_inbound_at,
                    t.last_outbound_at,
                    t.message_count,
                ).where(t.id.in_(chunk))
            )
            for tid, *columns in rows:
                summaries[tid] = fold(ThreadSummary(*columns), added[tid])
        self._save_summaries(summaries)

    def _save_summaries(self, summaries: dict[int, ThreadSummary]) -> None:
        params = [
            {
                "b_id": tid,
                "started_at": s.started_at,
                "message_count": s.message_count,
                "last_message_at": s.last_message_at,
                "last_direction": s.last_direction,
                "last_inbound_at": s.last_inbound_at,
                "last_outbound_at": s.last_outbound_at,
            }
            for tid, s in summaries.items()
        ]
        if params:
            self.session.execute(_THREAD_SUMMARY_UPDATE, params)


_NEW_THREAD = insert(Thread.__table__).returning(Thread.__table__.c.id)

_ADDRESS_SEEN = (
    update(CustomerAddress.__table__)
    .where(CustomerAddress.__table__.c.email == bindparam("b_email"))
    .values(
        first_seen=bindparam("first_seen"),
        last_seen=bindparam("last_seen"),
        name=bindparam("name"),
    )
)

_CLAIM_THREAD = (
    update(Thread.__table__)
    .where(Thread.__table__.c.id == bindparam("b_id"), Thread.__table__.c.customer_id.is_(None))
    .values(customer_id=bindparam("b_customer"))
)

_THREAD_SUMMARY_UPDATE = (
    update(Thread.__table__)
    .where(Thread.__table__.c.id == bindparam("b_id"))
    .values(
        started_at=bindparam("started_at"),
        message_count=bindparam("message_count"),
        last_message_at=bindparam("last_message_at"),
        last_direction=bindparam("last_direction"),
        last_inbound_at=bindparam("last_inbound_at"),
        last_outbound_at=bindparam("last_outbound_at"),
    )
)
