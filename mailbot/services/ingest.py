"""Parsed messages → customers, threads, stored rows. The one path every source uses.

IMAP sync, mbox/Maildir import and the demo all call `Ingestor.ingest_batch`,
so a message is threaded and deduplicated the same way wherever it came from.
A known Message-ID only gets its new location recorded: the store holds every
message exactly once.

Threading within a batch happens in memory (keys → thread), seeded from the
store with one query per batch, so ingest cost does not grow with a per-message
round of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from mailbot.config import Config
from mailbot.domain.classify import Classification, ReplyKind, classify
from mailbot.domain.compose import COURTESY_HEADER
from mailbot.domain.conversation import COURTESY_KINDS
from mailbot.domain.message import Address, Direction, ParsedMessage
from mailbot.domain.parties import CustomerIdentity, Us
from mailbot.domain.summary import Activity
from mailbot.domain.threading import counterparty, direction_of, normalize_subject, thread_keys
from mailbot.services.replies import Classified, ReplyEffects
from mailbot.store.mailstore import MailStore, ThreadSpan
from mailbot.store.models import Folder

_MACHINE_KINDS = frozenset(
    {ReplyKind.BULK, ReplyKind.BOUNCE, ReplyKind.DELIVERY_STATUS, ReplyKind.COMPLAINT}
)


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Location:
    folder: Folder
    uid: int


@dataclass
class _New:
    msg: ParsedMessage
    direction: str
    party: tuple[Address, CustomerIdentity] | None
    keys: list[str]
    subject_key: str
    verdict: Classification | None  # inbound only
    customer_id: int | None = None
    thread_id: int = 0


@dataclass
class _Threading:
    """Threading state of one batch: what the store knew plus what the batch added."""

    by_key: dict[str, int]
    spans: list[ThreadSpan]
    done: list[_New]
    owners: dict[int, int] = field(default_factory=dict)  # thread → a customer to claim it
    merged: set[int] = field(default_factory=set)  # threads that absorbed others


class Ingestor:
    def __init__(self, store: MailStore, config: Config, now: datetime):
        self.store, self.now = store, now
        self.us = Us(config.own_addresses, config.own_domains)
        self.window = timedelta(days=config.threading.subject_window_days)
        self.effects = ReplyEffects(store.session, config.replies, now)

    def ingest(self, msg: ParsedMessage, where: Location | None = None) -> Outcome:
        return self.ingest_batch([(msg, where)])[0]

    def ingest_batch(
        self,
        items: list[tuple[ParsedMessage, Location | None]],
        verdicts: dict[str, Classification] | None = None,
    ) -> list[Outcome]:
        """Store what is new, locate what is known. `verdicts`: classifications
        already made (by the parsing worker), by Message-ID."""
        known = self.store.message_ids_known(m.message_id for m, _ in items)
        fresh: dict[str, _New] = {}
        outcomes, places = [], []
        for msg, where in items:
            mid = msg.message_id
            if mid in known or mid in fresh:
                outcomes.append(Outcome.DUPLICATE)
            else:
                fresh[mid] = self._describe(msg, (verdicts or {}).get(mid))
                outcomes.append(Outcome.STORED)
            if where:
                places.append((where.folder.id, where.uid, mid))
        if fresh:
            new = list(fresh.values())
            self._assign_customers(new)
            merged = self._assign_threads(new)
            known.update(self.store.insert_messages([_row(n, self.now) for n in new]))
            self._summarize_threads(new, merged)
            self._apply_effects(new, known)
        self.store.add_locations([(f, uid, known[mid]) for f, uid, mid in places])
        return outcomes

    def _describe(self, msg: ParsedMessage, verdict: Classification | None) -> _New:
        direction = direction_of(msg, self.us)
        if verdict is None and direction is Direction.INBOUND:
            verdict = classify(msg)
        # Newsletters and delivery reports come from machines, not from customers.
        machine = verdict is not None and verdict.kind in _MACHINE_KINDS
        return _New(
            msg,
            direction.value,
            None if machine else counterparty(msg, self.us),
            thread_keys(msg),
            normalize_subject(msg.subject),
            verdict,
        )

    def _apply_effects(self, new: list[_New], pks: dict[str, int]) -> None:
        for n in sorted(new, key=lambda n: n.msg.date):
            if n.verdict is not None:
                pk = pks[n.msg.message_id]
                self.effects.apply(Classified(pk, n.msg, n.verdict, n.customer_id))

    def _assign_customers(self, new: list[_New]) -> None:
        wanted: dict[str, tuple[CustomerIdentity, datetime]] = {}
        seen = []
        for n in new:
            if n.party is None:
                continue
            address, ident = n.party
            first = wanted.get(ident.key)
            wanted[ident.key] = (ident, min(n.msg.date, first[1]) if first else n.msg.date)
            seen.append((ident.key, address, n.msg.date))
        ids = self.store.ensure_customers(wanted)
        for n in new:
            n.customer_id = ids[n.party[1].key] if n.party else None
        self.store.remember_addresses([(ids[k], a, at) for k, a, at in seen])

    def _summarize_threads(self, new: list[_New], merged: set[int]) -> None:
        """Merged threads are recounted; the rest just add this batch's messages."""
        added: dict[int, list[Activity]] = {}
        for n in new:
            if n.thread_id not in merged:
                reply = bool(n.verdict and n.verdict.counts_as_reply)
                activity = Activity(n.direction, reply, n.msg.date, n.msg.date)
                added.setdefault(n.thread_id, []).append(activity)
        self.store.refresh_threads(merged)
        self.store.add_to_threads(added)

    def _assign_threads(self, new: list[_New]) -> set[int]:
        """Thread every new message; returns the threads that absorbed others."""
        by_key = self.store.thread_ids_for_keys(k for n in new for k in n.keys)
        stored_keys = set(by_key)
        state = _Threading(
            by_key,
            self.store.threads_by_subject(
                {n.customer_id for n in new if n.customer_id}, {n.subject_key for n in new}
            ),
            [],
        )
        for n in sorted(new, key=lambda n: n.msg.date):
            n.thread_id = self._thread_for(n, state)
            state.done.append(n)
            for key in n.keys:
                by_key[key] = n.thread_id
        self.store.insert_thread_keys({k: t for k, t in by_key.items() if k not in stored_keys})
        self.store.claim_threads(state.owners)
        return state.merged & {n.thread_id for n in new}

    def _thread_for(self, n: _New, state: _Threading) -> int:
        linked = sorted({state.by_key[k] for k in n.keys if k in state.by_key})
        if len(linked) > 1:
            self._merge(linked[0], linked[1:], state)
        tid = linked[0] if linked else self._by_subject(n, state.spans)
        if tid is None:
            tid = self.store.insert_thread(
                n.customer_id, n.msg.subject, n.subject_key, n.msg.date, n.direction
            )
            state.spans.append(
                ThreadSpan(tid, n.customer_id, n.subject_key, n.msg.date, n.msg.date)
            )
        elif n.customer_id:
            state.owners.setdefault(tid, n.customer_id)
        _stretch(state.spans, tid, n.msg.date)
        return tid

    def _by_subject(self, n: _New, spans: list[ThreadSpan]) -> int | None:
        if n.customer_id is None or not n.subject_key:
            return None
        at = n.msg.date
        matches = [
            s
            for s in spans
            if s.customer_id == n.customer_id
            and s.subject_key == n.subject_key
            and s.last_message_at >= at - self.window
            and s.started_at <= at + self.window
        ]
        return max(matches, key=lambda s: s.last_message_at).id if matches else None

    def _merge(self, keep: int, others: list[int], state: _Threading) -> None:
        """One message links several threads: they were one conversation all along."""
        self.store.merge_threads(keep, others)
        state.merged.add(keep)
        for key, tid in state.by_key.items():
            if tid in others:
                state.by_key[key] = keep
        for n in state.done:
            if n.thread_id in others:
                n.thread_id = keep
        for tid in others:
            if tid in state.owners:
                state.owners.setdefault(keep, state.owners.pop(tid))
        state.spans[:] = [s for s in state.spans if s.id not in others]


def _stretch(spans: list[ThreadSpan], tid: int, at: datetime) -> None:
    for s in spans:
        if s.id == tid:
            s.started_at, s.last_message_at = min(s.started_at, at), max(s.last_message_at, at)


def _row(n: _New, now: datetime) -> dict:
    msg = n.msg
    return {
        "message_id": msg.message_id,
        "message_id_derived": msg.message_id_derived,
        "thread_id": n.thread_id,
        "customer_id": n.customer_id,
        "direction": n.direction,
        "from_email": msg.from_.email if msg.from_ else "",
        "from_name": msg.from_.name if msg.from_ else "",
        "to_emails": [a.email for a in msg.to],
        "cc_emails": [a.email for a in msg.cc],
        "subject": msg.subject,
        "date": msg.date,
        "date_offset_minutes": msg.date_offset_minutes,
        "date_from_header": msg.date_from_header,
        "internal_date": msg.internal_date,
        "in_reply_to": msg.in_reply_to,
        "references": msg.references,
        "text": msg.text,
        "quoted": msg.quoted,
        "signature": msg.signature,
        "html_only": msg.html_only,
        "attachments": msg.attachments,
        "size": msg.size,
        "headers": msg.headers,
        "defects": msg.defects,
        "stored_at": now,
        "delivery_status": msg.delivery_status,
        "enclosed_headers": msg.enclosed_headers,
        "kind": n.verdict.kind.value if n.verdict else _courtesy(n),
        "counts_as_reply": bool(n.verdict and n.verdict.counts_as_reply),
        "classification": verdict_json(n.verdict) if n.verdict else None,
    }


def _courtesy(n: _New) -> str | None:
    """Our own greeting or care mail (compose.COURTESY_HEADER), read back from Sent."""
    kind = n.msg.headers.get(COURTESY_HEADER.lower(), "").strip()
    return kind if n.direction == "out" and kind in COURTESY_KINDS else None


def verdict_json(v: Classification) -> dict[str, object]:
    """The classification as stored with the message (and printed by `inspect --json`)."""
    absence, bounce = v.absence, v.bounce
    return {
        "kind": v.kind.value,
        "reasons": list(v.reasons),
        "absence_start": absence.start.isoformat() if absence and absence.start else None,
        "return_date": absence.return_date.isoformat() if absence and absence.return_date else None,
        "return_date_certain": absence.certain if absence else None,
        "bounce": {
            "permanent": bounce.permanent,
            "recipients": list(bounce.recipients),
            "status": bounce.status,
            "original_message_id": bounce.original_message_id,
        }
        if bounce
        else None,
        "replacement": v.replacement,
    }
