"""What a classified inbound message does to the store: suppressions, bounces,
absence windows, contacts who left.

Effects are idempotent: each is keyed by the message that caused it, so
applying the same classification twice changes nothing the second time.
Every effect records its reason, so "why is this address suppressed?" is a
query away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.parser import HeaderParser
from email.utils import getaddresses

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.config import Replies
from mailbot.domain.classify import Classification, ReplyKind
from mailbot.domain.message import ParsedMessage
from mailbot.store.models import BounceEvent, CustomerAddress, Message, Suppression

log = structlog.get_logger("mailbot.replies")


@dataclass(frozen=True)
class Classified:
    message_pk: int
    msg: ParsedMessage
    result: Classification
    customer_id: int | None


class ReplyEffects:
    def __init__(self, session: Session, rules: Replies, now: datetime) -> None:
        self.session, self.rules, self.now = session, rules, now
        self._absent: set[str] | None = None  # contacts with an open absence, loaded once

    def _open_absences(self) -> set[str]:
        if self._absent is None:
            self._absent = set(
                self.session.scalars(
                    select(CustomerAddress.email).where(
                        CustomerAddress.absent_since.is_not(None),
                        CustomerAddress.absence_ended_at.is_(None),
                    )
                )
            )
        return self._absent

    def apply(self, item: Classified) -> None:
        handler = {
            ReplyKind.BOUNCE: self._bounce,
            ReplyKind.COMPLAINT: self._complaint,
            ReplyKind.UNSUBSCRIBE: self._unsubscribe,
            ReplyKind.OUT_OF_OFFICE: self._absence,
            ReplyKind.HUMAN: self._back,
            ReplyKind.LEFT_COMPANY: self._left,
        }.get(item.result.kind)
        if handler:
            handler(item)

    # -- bounces ---------------------------------------------------------------
    def _bounce(self, item: Classified) -> None:
        bounce = item.result.bounce
        if bounce is None:
            return
        ours = self._our_message(bounce.original_message_id)
        for address in bounce.recipients:
            if self._known_bounce(item.message_pk, address):
                continue
            self.session.add(
                BounceEvent(
                    address=address,
                    permanent=bounce.permanent,
                    status=bounce.status,
                    at=item.msg.date,
                    bounce_message_id=item.message_pk,
                    our_message_id=ours,
                )
            )
            self.session.flush()
            if bounce.permanent:
                self._undeliverable(address, f"permanent failure {bounce.status or ''}".strip())
                self.suppress(address, None, "hard_bounce", bounce.status or "", item.message_pk)
            elif self._soft_bounces(address, item.msg.date) >= self.rules.soft_bounce_limit:
                detail = (
                    f"{self.rules.soft_bounce_limit} temporary failures within "
                    f"{self.rules.soft_bounce_window_days} days"
                )
                self.suppress(address, None, "soft_bounces", detail, item.message_pk)

    def _our_message(self, message_id: str | None) -> int | None:
        if not message_id:
            return None
        return self.session.scalar(select(Message.id).where(Message.message_id == message_id))

    def _known_bounce(self, bounce_pk: int, address: str) -> bool:
        return (
            self.session.scalar(
                select(BounceEvent.id).where(
                    BounceEvent.bounce_message_id == bounce_pk, BounceEvent.address == address
                )
            )
            is not None
        )

    def _soft_bounces(self, address: str, at: datetime) -> int:
        since = at - timedelta(days=self.rules.soft_bounce_window_days)
        return (
            self.session.scalar(
                select(func.count())
                .select_from(BounceEvent)
                .where(
                    BounceEvent.address == address,
                    BounceEvent.permanent.is_(False),
                    BounceEvent.at >= since,
                    BounceEvent.at <= at,
                )
            )
            or 0
        )

    def _undeliverable(self, address: str, reason: str) -> None:
        contact = self.session.get(CustomerAddress, address)
        if contact is not None:
            contact.status, contact.status_reason = "undeliverable", reason

    # -- stop requests ---------------------------------------------------------
    def _unsubscribe(self, item: Classified) -> None:
        self._back(item)  # a person wrote: any absence is over
        sender = item.msg.from_.email if item.msg.from_ else ""
        if not sender:
            return
        scope_customer = item.customer_id if self.rules.unsubscribe_scope == "customer" else None
        self.suppress(
            sender, scope_customer, "unsubscribe", "asked to stop receiving mail", item.message_pk
        )

    def _complaint(self, item: Classified) -> None:
        targets = list(item.result.bounce.recipients) if item.result.bounce else []
        targets = targets or _original_recipients(item.msg.enclosed_headers)
        for address in targets:
            contact = self.session.get(CustomerAddress, address)
            customer = (
                contact.customer_id
                if contact and self.rules.complaint_scope == "customer"
                else None
            )
            self.suppress(
                address, customer, "complaint", "spam complaint (feedback loop)", item.message_pk
            )

    def suppress(
        self,
        address: str | None,
        customer_id: int | None,
        reason: str,
        detail: str,
        source_pk: int | None,
    ) -> bool:
        """Add a suppression unless an active one already covers it, or this message
        already caused one (a person may have lifted it since: that stands); True if added."""
        stmt = select(Suppression.id)
        stmt = (
            stmt.where(Suppression.customer_id == customer_id)
            if customer_id
            else stmt.where(Suppression.address == address, Suppression.customer_id.is_(None))
        )
        active = stmt.where(Suppression.removed_at.is_(None))
        if self.session.scalar(active) is not None:
            return False
        caused = stmt.where(Suppression.source_message_id == source_pk)
        if source_pk is not None and self.session.scalar(caused) is not None:
            return False
        self.session.add(
            Suppression(
                address=address,
                customer_id=customer_id,
                reason=reason,
                detail=detail,
                since=self.now,
                source_message_id=source_pk,
            )
        )
        self.session.flush()
        log.info("suppressed", address=address, customer_id=customer_id, reason=reason)
        return True

    # -- absence and presence --------------------------------------------------
    def _absence(self, item: Classified) -> None:
        contact = self._sender(item)
        absence = item.result.absence
        if contact is None:
            return
        if contact.absence_message_id == item.message_pk:
            return  # this auto-reply set the window already: applied twice, nothing new
        if contact.absent_since and contact.absent_since > item.msg.date:
            return  # a newer auto-reply already set the window
        if contact.absence_ended_at and contact.absence_ended_at > item.msg.date:
            return  # they wrote in person after this auto-reply: that absence is over
        contact.absent_since = item.msg.date
        contact.absent_until = absence.return_date if absence else None
        contact.absence_certain = absence.certain if absence else None
        contact.absence_message_id, contact.absence_ended_at = item.message_pk, None
        self._open_absences().add(contact.email)

    def _back(self, item: Classified) -> None:
        """A person wrote: their absence window (if any) is over."""
        if item.msg.from_ is None or item.msg.from_.email not in self._open_absences():
            return  # the common case, answered without a query
        contact = self._sender(item)
        if contact and contact.absent_since and item.msg.date > contact.absent_since:
            contact.absence_ended_at = item.msg.date
            self._open_absences().discard(contact.email)

    def _left(self, item: Classified) -> None:
        contact = self._sender(item)
        if contact is None:
            return
        replacement = item.result.replacement
        if replacement == contact.email:
            # A colleague writing "Peter has left, write to me": the sender is the new
            # contact, not the one who left. Which address left is for a human to check.
            contact.needs_review = True
            contact.status_reason = "says a colleague left and asks us to write to them"
            return
        contact.status = "inactive"
        contact.status_reason = "left the company / mailbox not monitored"
        contact.needs_review = True
        if (
            replacement
            and item.customer_id
            and self.session.get(CustomerAddress, replacement) is None
        ):
            self.session.add(
                CustomerAddress(
                    email=replacement,
                    customer_id=item.customer_id,
                    name="",
                    first_seen=item.msg.date,
                    last_seen=item.msg.date,
                    status="active",
                    status_reason=f"named as replacement for {contact.email}",
                    needs_review=True,
                )
            )
            self.session.flush()

    def _sender(self, item: Classified) -> CustomerAddress | None:
        if item.msg.from_ is None:
            return None
        return self.session.get(CustomerAddress, item.msg.from_.email)


def _original_recipients(enclosed_headers: str) -> list[str]:
    if not enclosed_headers:
        return []
    headers = HeaderParser().parsestr(enclosed_headers, headersonly=True)
    return [a.lower() for _, a in getaddresses(headers.get_all("to", [])) if "@" in a]
