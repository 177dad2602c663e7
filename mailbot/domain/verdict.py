"""What the reply classifier says about an inbound message (see `classify.classify`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class ReplyKind(StrEnum):
    HUMAN = "human"  # a person wrote (possibly from another address of the company)
    OUT_OF_OFFICE = "out_of_office"  # an absence notice; see Absence
    AUTO_REPLY = "auto_reply"  # other automatic answers: ticket receipts, autoresponders
    LEFT_COMPANY = "left_company"  # the person left / the mailbox is not read any more
    BOUNCE = "bounce"  # a delivery failure; see Bounce
    DELIVERY_STATUS = "delivery_status"  # a report of delay or success: not a failure
    COMPLAINT = "complaint"  # a feedback-loop abuse report (ARF)
    UNSUBSCRIBE = "unsubscribe"  # a person asking to stop receiving mail
    BULK = "bulk"  # newsletters, notifications, mailing lists


@dataclass(frozen=True)
class Bounce:
    permanent: bool
    recipients: tuple[str, ...]  # lower-case failed addresses (may be empty: unknown)
    status: str | None  # RFC 3463 enhanced status, "5.1.1"
    original_message_id: str | None  # Message-ID of our returned mail, when readable


@dataclass(frozen=True)
class Absence:
    start: date | None
    return_date: date | None  # the first day they are expected back
    certain: bool | None  # None when no date was stated


@dataclass(frozen=True)
class Context:
    country: str | None = None  # ISO 3166 alpha-2 of the customer: date order, calendar
    our_last_sent_at: datetime | None = None  # aware; our last mail to this thread/sender


@dataclass(frozen=True)
class Classification:
    kind: ReplyKind
    reasons: tuple[str, ...]  # sentences saying why
    absence: Absence | None = None
    bounce: Bounce | None = None
    replacement: str | None = None  # new contact address named by a left_company notice

    @property
    def counts_as_reply(self) -> bool:
        """True only when a person wrote: a human reply or a request to stop."""
        return self.kind in (ReplyKind.HUMAN, ReplyKind.UNSUBSCRIBE)
