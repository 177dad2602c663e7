"""Sending one outbox row: the fence, then the exactly-once protocol.

Fence: sync INBOX and Sent of the mailbox again and re-plan the customer at `now`.
A follow-up goes out only if the plan still names the same step (same thread, stage
and waiting round) and it is due; a greeting only inside its window and a care mail
only while its order still calls for it. A reply, a staff message or a suppression
since the row was planned cancels it (`skipped`, with the reason in the log); a step
that is still the same but now due later (an out-of-office arrived) waits, keeping
its key. So does any step within `customer_gap_days` of the customer's last
automated mail: one mail at a time, even when a greeting and a follow-up fall due
on the same morning.

Then: build → `begin` (the claim) + COMMIT → SMTP → `finish` + COMMIT (outbox.py). A sent
mail is appended to the Sent folder (seen) and stored, so the next plan counts it as
our message in the thread; a permanent refusal suppresses the recipient.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Protocol

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.adapters.imap import ImapMailbox
from mailbot.adapters.smtp import Delivery, Outcome, SmtpSender
from mailbot.config import Mailbox
from mailbot.domain.conversation import AWAITING_CUSTOMER
from mailbot.domain.parsing import parse_message, raw_from_bytes
from mailbot.errors import MailbotError
from mailbot.services.followup_mail import Built, build_followup, step_key
from mailbot.services.ingest import Ingestor
from mailbot.services.occasion_mail import build_occasion_mail
from mailbot.services.occasion_plan import occasion_steps
from mailbot.services.outbox import PLANNED, SENT, Outbox
from mailbot.services.planning import build_plan
from mailbot.services.replies import ReplyEffects
from mailbot.services.sync import MailboxSync
from mailbot.store.mailstore import MailStore
from mailbot.store.models import Customer, OutboxMail, Suppression, as_utc

if TYPE_CHECKING:
    from mailbot.services.cycle import Cycle

log = structlog.get_logger("mailbot.delivery")
WAIT = "wait"


class PostOffice(Protocol):
    """Where a mailbox's mail goes out: the mail servers, or a folder (the demo)."""

    def refresh(self) -> None:
        """Bring the store up to date with the mailbox (the fence's sync)."""

    def send(self, message: EmailMessage, sender: str, recipient: str) -> Delivery: ...

    def keep_copy(self, data: bytes, sent_at: datetime) -> None:
        """File a copy of what was sent where staff see it."""


class MailServers:
    """IMAP and SMTP of one mailbox: the fence syncs INBOX and Sent, a sent mail is
    appended to Sent (seen)."""

    def __init__(self, cycle: Cycle, mailbox: Mailbox, imap: ImapMailbox) -> None:
        assert mailbox.smtp is not None
        self.cycle, self.mailbox, self.imap = cycle, mailbox, imap
        self.smtp = SmtpSender(mailbox.smtp, cycle.config.sending.redirect_all_to)
        job = MailboxSync(cycle.config, mailbox, cycle.sessions, lambda: cycle.now)
        self.sent_folder = next((n for n, role in job.folders_to_sync(imap) if role == "sent"),
                                None)  # fmt: skip

    def refresh(self) -> None:
        self.cycle.sync(self.mailbox, self.imap)

    def send(self, message: EmailMessage, sender: str, recipient: str) -> Delivery:
        return self.smtp.send(message, sender, recipient)

    def keep_copy(self, data: bytes, sent_at: datetime) -> None:
        if not self.sent_folder:
            return
        try:
            self.imap.append(self.sent_folder, data, when=sent_at)
        except MailbotError as exc:  # the mail went out; the copy is a convenience
            log.warning("sent_copy_failed", error=str(exc))


class Delivering:
    def __init__(self, cycle: Cycle, mailbox: Mailbox, office: PostOffice) -> None:
        self.cycle, self.mailbox, self.office = cycle, mailbox, office
        self.config, self.now = cycle.config, cycle.now

    def one(self, row_id: int) -> None:
        """Fence, build, send and record one row; its failure never stops the others."""
        self.office.refresh()
        with self.cycle.sessions() as session:
            row = session.get(OutboxMail, row_id)
            if row is None or row.status != PLANNED:
                return  # decided elsewhere meanwhile
            outbox = Outbox(session)
            why = self.fence(session, row)
            if why == WAIT:
                session.commit()
                self.cycle.summary.held.append(
                    f"#{row.id}: waits until {row.next_attempt_at or row.due_at:%Y-%m-%d %H:%M}Z"
                )
                return
            built = None if why else self._build(session, row)
            if built is None:
                outbox.skip(row, self.now, why or row.outcome)
                session.commit()
                self.cycle.summary.skipped.append((row.id, why or row.outcome))
                log.info("skipped", outbox=row.id, key=row.key, reason=why or row.outcome)
                return
            # the fence took a while: the lease may be gone, another process may re-map
            why = self.cycle.paused() or self.cycle.sync_hold(self.mailbox)
            if why:
                session.rollback()
                self.cycle.summary.held.append(f"#{row_id}: {why}")
                return
            row.subject, row.message_id = built.subject, built.message_id
            row.recipient, row.raw = built.recipient, built.message.as_string()
            if not outbox.begin(row, self.now):  # another process claimed it first
                session.rollback()
                self.cycle.summary.held.append(f"#{row_id}: claimed by another process")
                log.warning("claimed_elsewhere", outbox=row_id, key=row.key)
                return
            session.commit()  # `sending` is durable before a byte goes out
            delivery = self.office.send(built.message, built.sender, built.recipient)
            give_up = timedelta(hours=self.config.sending.retry_for_hours)
            status = outbox.finish(row, delivery, self.now, give_up)
            session.commit()
            self._after(session, row, built, delivery, status)

    def fence(self, session: Session, row: OutboxMail) -> str | None:
        """None: send; WAIT: same step, due later; else why it must not go out."""
        why = self._followup_fence(session, row) if row.kind == "followup" else \
            self._occasion_fence(session, row)  # fmt: skip
        if why is None and _suppressed(session, row.recipient):
            why = f"{row.recipient} is suppressed"
        return why or self._gap(session, row)

    def _followup_fence(self, session: Session, row: OutboxMail) -> str | None:
        plan = build_plan(session, self.config, self.now, row.customer_id)
        item = next((i for i in plan if i.thread_id == row.thread_id), None)
        if item is None:
            return "the conversation is no longer open"
        d = item.decision
        if d.action != "follow_up" or step_key(item) != row.key:
            return f"the plan changed: thread is {d.state}, next {d.action} ({d.reason})"
        if d.state != AWAITING_CUSTOMER or d.due_at is None or d.due_at > self.now:
            _wait_until(row, d.due_at or row.due_at)  # e.g. an out-of-office: same step
            return WAIT
        return None

    def _occasion_fence(self, session: Session, row: OutboxMail) -> str | None:
        steps = occasion_steps(session, self.config, self.now, row.customer_id, proposed=True)
        step = next((s for s in steps if s.key == row.key), None)
        if step is None:
            what = "its greeting window" if row.kind == "greeting" else "its moment"
            return (
                f"no longer due at {self.now:%Y-%m-%d %H:%M}Z: {what} passed, or "
                f"{row.recipient} left, was suppressed or is no longer a contact"
            )
        return step.blocked

    def _gap(self, session: Session, row: OutboxMail) -> str | None:
        """WAIT when the customer had an automated mail within `customer_gap_days`."""
        days = self.config.sending.customer_gap_days
        last = session.scalar(
            select(func.max(OutboxMail.sent_at)).where(
                OutboxMail.customer_id == row.customer_id, OutboxMail.status == SENT,
                OutboxMail.id != row.id, OutboxMail.sent_at <= self.now,
            )
        )  # fmt: skip
        if days <= 0 or last is None:
            return None
        customer = session.get(Customer, row.customer_id)
        assert customer is not None
        cal = self.cycle.calendars.customer(customer.country, customer.subdivision,
                                            customer.timezone, customer.key)  # fmt: skip
        resume = cal.add_business_hours(as_utc(last), cal.business_day * days)  # type: ignore[arg-type]
        if resume <= self.now:
            return None
        _wait_until(row, resume)
        return WAIT

    def _build(self, session: Session, row: OutboxMail) -> Built | None:
        customer = session.get(Customer, row.customer_id)
        assert customer is not None
        try:
            if row.kind != "followup":
                return build_occasion_mail(session, self.config, self.cycle.templates, customer,
                                           row.kind, row.key, row.template, row.recipient,
                                           self.now)  # fmt: skip
            assert row.thread_id is not None
            return build_followup(session, self.config, self.cycle.templates, customer,
                                  row.thread_id, row.template, row.key, self.now)  # fmt: skip
        except MailbotError as exc:
            row.outcome = f"could not be built: {exc}"
            return None

    def _after(
        self, session: Session, row: OutboxMail, built: Built, delivery: Delivery, status: str
    ) -> None:
        summary = self.cycle.summary
        log.info("delivery", outbox=row.id, key=row.key, customer=row.customer_id,
                 thread=row.thread_id, message_id=row.message_id, status=status,
                 words=delivery.words)  # fmt: skip
        if delivery.outcome is Outcome.SENT:
            summary.sent.append(row.id)
            self._keep_copy(session, built)
        elif delivery.outcome is Outcome.UNKNOWN:
            summary.unknown.append(row.id)
        elif status == PLANNED:
            summary.retrying.append(row.id)
        else:
            summary.failed.append((row.id, delivery.words))
            if delivery.outcome is Outcome.PERMANENT and not self.config.sending.redirect_all_to:
                ReplyEffects(session, self.config.replies, self.now).suppress(
                    row.recipient, None, "rejected", f"refused when sending: {delivery.words}", None
                )
                session.commit()

    def _keep_copy(self, session: Session, built: Built) -> None:
        self.keep_copy(session, built.message.as_bytes(), self.now)

    def keep_copy(self, session: Session, data: bytes, sent_at: datetime) -> None:
        """Into Sent (staff see it, the thread stays whole) and into the store now."""
        self.office.keep_copy(data, sent_at)
        msg = parse_message(raw_from_bytes(data, sent_at))
        Ingestor(MailStore(session), self.config, self.now).ingest(msg)
        session.commit()


def _wait_until(row: OutboxMail, at: datetime) -> None:
    """A retry keeps its due_at, which anchors its give-up deadline (retry_for_hours):
    only its next attempt moves, or each closed send window would restart the clock."""
    if row.attempts:
        row.next_attempt_at = at
    else:
        row.due_at = at


def _suppressed(session: Session, address: str) -> bool:
    stmt = select(Suppression.id).where(
        Suppression.address == address, Suppression.removed_at.is_(None)
    )
    return session.scalar(stmt) is not None
