"""Tables of the mailbot store (SQLAlchemy 2.x declarative).

The schema is owned by the Alembic migrations in `migrations/`; these classes
must match them (a test compares the two).

Identity rules:
- a message is stored once, keyed by its Message-ID; every place it lives on
  the server (folder + UID) is a `MessageLocation`;
- `ThreadKey` maps every Message-ID seen in a thread (the messages' own and
  those they reference) to the thread, so a reply that arrives before the mail
  it answers still ends up in one thread with it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def as_utc(value: datetime | None) -> datetime | None:
    """Aggregates (min/max) bypass the column type; SQLite returns them naive."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    pass


class Folder(Base):
    __tablename__ = "folders"
    __table_args__ = (UniqueConstraint("mailbox", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(20), default="")  # inbox / sent / extra
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    uidnext: Mapped[int | None] = mapped_column(BigInteger)
    highestmodseq: Mapped[int | None] = mapped_column(BigInteger)
    message_count: Mapped[int | None] = mapped_column(Integer)  # EXISTS at last sync
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # set when a UIDVALIDITY change starts a re-map, cleared when its walk completes:
    # meanwhile the mailbox sends nothing (its locations are being rebuilt)
    remap_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    uidvalidity_resets: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    breaker_tripped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # see sync_breaker


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(320), unique=True)  # domain or free-mail address
    kind: Mapped[str] = mapped_column(String(10))  # company / person
    name: Mapped[str] = mapped_column(String(300), default="")  # the company's name
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    # The profile; where each value came from is in ProfileFact.
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    subdivision: Mapped[str | None] = mapped_column(String(10))  # ISO 3166-2 suffix, e.g. "BY"
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA zone
    languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    tier: Mapped[str | None] = mapped_column(String(30))
    stage: Mapped[str | None] = mapped_column(String(20))
    website: Mapped[str] = mapped_column(String(300), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    first_purchase: Mapped[date | None] = mapped_column(Date)
    last_order: Mapped[date | None] = mapped_column(Date)
    order_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Highest messages.id whose evidence the profile inference has already read.
    profiled_through: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CustomerAddress(Base):
    """A contact at a customer. `status`: active, inactive (left the company) or
    undeliverable (hard bounce). An absence window comes from their out-of-office."""

    __tablename__ = "customer_addresses"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    status_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    absent_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    absent_until: Mapped[date | None] = mapped_column(Date)  # first day back; None: unknown
    absence_certain: Mapped[bool | None] = mapped_column(Boolean)
    absence_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", name="fk_customer_addresses_absence_message")
    )
    absence_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    birthday: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    whatsapp: Mapped[str] = mapped_column(String(40), default="", server_default="")


class Thread(Base):
    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_customer_subject", "customer_id", "subject_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    subject_key: Mapped[str] = mapped_column(String(500), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_direction: Mapped[str] = mapped_column(String(3))
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_outbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_count: Mapped[int] = mapped_column(Integer, default=0)


class ThreadKey(Base):
    __tablename__ = "thread_keys"

    message_id: Mapped[str] = mapped_column(String(998), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"), index=True)


class Message(Base):
    __tablename__ = "messages"
    # Everything `mailbot plan` reads of a message, in its order (the id too: ties on a
    # date keep it, and SQLite then needs no sort): the plan never touches the rows, whose
    # bodies and headers make every column after them an overflow read.
    __table_args__ = (
        Index("ix_messages_plan", "thread_id", "date", "id", "direction", "counts_as_reply",
              "kind", "from_email"),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    message_id_derived: Mapped[bool] = mapped_column(Boolean, default=False)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    from_email: Mapped[str] = mapped_column(String(320), default="", index=True)
    from_name: Mapped[str] = mapped_column(String(300), default="")
    to_emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    cc_emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    date_offset_minutes: Mapped[int | None] = mapped_column(Integer)
    date_from_header: Mapped[bool] = mapped_column(Boolean, default=True)
    internal_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    references: Mapped[list[str]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    quoted: Mapped[str] = mapped_column(Text, default="")
    signature: Mapped[str] = mapped_column(Text, default="")
    html_only: Mapped[bool] = mapped_column(Boolean, default=False)
    attachments: Mapped[list[str]] = mapped_column(JSON, default=list)
    size: Mapped[int] = mapped_column(Integer, default=0)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    defects: Mapped[list[str]] = mapped_column(JSON, default=list)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # What the reply classifier decided (inbound only) and why; see domain.classify.
    kind: Mapped[str | None] = mapped_column(String(20))
    counts_as_reply: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    classification: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    delivery_status: Mapped[str] = mapped_column(Text, default="", server_default="")
    enclosed_headers: Mapped[str] = mapped_column(Text, default="", server_default="")


class MessageLocation(Base):
    __tablename__ = "message_locations"
    __table_args__ = (UniqueConstraint("folder_id", "uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder_id: Mapped[int] = mapped_column(ForeignKey("folders.id"))
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)


class Suppression(Base):
    """Who must never get automated mail again, why, and since when."""

    __tablename__ = "suppressions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str | None] = mapped_column(String(320), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    reason: Mapped[str] = mapped_column(String(30))  # hard_bounce, soft_bounces, unsubscribe…
    detail: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    source_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BounceEvent(Base):
    """One failed recipient reported by one bounce message."""

    __tablename__ = "bounce_events"
    __table_args__ = (UniqueConstraint("bounce_message_id", "address"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(320), index=True)
    permanent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str | None] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    bounce_message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    our_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))


class ProfileFact(Base):
    """Where one profile value came from, how sure we are, and what challenges it.

    `email` is "" for a company-level field. `source` is `user`/`import`/`config`
    (explicit: inference never overwrites it) or the evidence that inferred it
    (`signature_phone`, `cctld`, `freemail`, `date_offset`, `language`, `rules`).
    An inferred value is replaced only after a different value wins twice
    (`challenger`, `challenger_hits`): travellers write from hotels.
    """

    __tablename__ = "profile_facts"
    __table_args__ = (UniqueConstraint("customer_id", "email", "field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    field: Mapped[str] = mapped_column(String(30))
    value: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(30))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    challenger: Mapped[str | None] = mapped_column(Text)
    challenger_source: Mapped[str | None] = mapped_column(String(30))
    challenger_hits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxMail(Base):
    """One automated mail, from plan to outcome; `key` makes each step unique.

    The key names the step (e.g. follow-up stage 2 of thread 7 after our message
    <abc@…>), so no restart, retry or config edit can send the same step twice.
    `status`: planned → (approval) → sending → sent | failed | unknown, or
    rejected / cancelled. A row left in `sending` by a killed process becomes
    `unknown`: it may have gone out, so only a person may send it again.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(500), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # followup / greeting / care
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id"))
    stage: Mapped[int | None] = mapped_column(Integer)
    occasion: Mapped[str | None] = mapped_column(String(100))
    template: Mapped[str] = mapped_column(String(200))
    mailbox: Mapped[str] = mapped_column(String(100))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text, default="", server_default="")
    message_id: Mapped[str | None] = mapped_column(String(998))
    status: Mapped[str] = mapped_column(String(20), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_code: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")  # why planned
    raw: Mapped[str | None] = mapped_column(Text)  # the message as sent (or as it would be)


class SendEvent(Base):
    """The send log: every decision about an automated mail, skips included."""

    __tablename__ = "send_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id"))
    event: Mapped[str] = mapped_column(String(20))  # planned, skipped, sent, failed, unknown…
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")


class OrderEvent(Base):
    """Something that happened to a customer's order (ordered, shipped, delivered…),
    from `mailbot event` or an orders CSV; post-purchase care mails hang off these."""

    __tablename__ = "order_events"
    __table_args__ = (UniqueConstraint("customer_id", "kind", "ref", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # ordered, shipped, delivered, returned…
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ref: Mapped[str] = mapped_column(String(100), default="", server_default="")  # order number
    tracking: Mapped[str] = mapped_column(String(200), default="", server_default="")
    product: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact: Mapped[str | None] = mapped_column(String(320))  # the buyer's address, if known
    source: Mapped[str] = mapped_column(String(20))  # cli / import
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LeadCheck(Base):
    """The last verification of one address: is this lead real? Kept until `expires_at`;
    `unknown` (DNS timed out) expires soon so it is checked again."""

    __tablename__ = "lead_checks"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), index=True)
    verdict: Mapped[str] = mapped_column(String(12))  # valid / suspicious / invalid / unknown
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Lease(Base):
    """Who holds a named job ("sender": the one process allowed to send) until when.
    Renewed by its holder; a lease past `expires_at` may be taken over (the holder died)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))  # host:pid:random, see store/service.py
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ServiceEvent(Base):
    """What the daemon did and what went wrong: job runs, errors, reloads, starts and
    stops. `mailbot status` and the digest read these; old rows are pruned."""

    __tablename__ = "service_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # cycle, sync, error, reload…
    level: Mapped[str] = mapped_column(String(10), default="info")  # info / warning / error
    mailbox: Mapped[str | None] = mapped_column(String(100))
    holder: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
