"""The durable outbox: each automated mail is a row that moves through its states once.

The protocol that makes a send happen at most once:
1. `begin(row)` claims it — planned → `sending` in one conditional UPDATE that only
   one transaction can win, so two processes never send the same step even when
   their leases were wrong (a paused process woke up) — and the winner COMMITS
   before talking SMTP; the loser rolls back and leaves the row alone;
2. the SMTP exchange;
3. `finish(row, delivery)` records the outcome, and the caller commits.
A process killed between 1 and 3 leaves `sending`; `recover()` turns it into
`unknown` at the mailbox's next cycle (run by its owner), because the mail may
have gone out. Unknown rows are never resent automatically: `release()` (a
person's decision) plans them again.
Every transition is also a `SendEvent`, the log people review.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mailbot.adapters.smtp import Delivery, Outcome
from mailbot.store.models import OutboxMail, SendEvent

PLANNED, APPROVAL, SENDING = "planned", "approval", "sending"
SENT, FAILED, UNKNOWN, REJECTED, CANCELLED = "sent", "failed", "unknown", "rejected", "cancelled"
RETRY_STEPS = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


@dataclass(frozen=True)
class Step:
    """One automated mail mailbot wants to send."""

    key: str
    kind: str  # followup / greeting / care
    customer_id: int
    thread_id: int | None
    stage: int | None
    occasion: str | None
    template: str
    mailbox: str
    recipient: str
    due_at: datetime
    reason: str
    blocked: str | None = None  # a rule holds it back: recorded as skipped, never sent


class Outbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def taken(self, key: str) -> bool:
        """Has this step a row already (whatever its state)?"""
        return self.session.scalar(select(OutboxMail.id).where(OutboxMail.key == key)) is not None

    def propose(self, step: Step, now: datetime, needs_approval: bool = False) -> OutboxMail | None:
        """A new row for this step, or None when the step already has one (whatever
        its state: sent, failed, unknown, rejected — a step happens once). A blocked
        step's row is born skipped, so the log says why it will not go out."""
        if self.taken(step.key):
            return None
        row = OutboxMail(
            key=step.key, kind=step.kind, customer_id=step.customer_id, thread_id=step.thread_id,
            stage=step.stage, occasion=step.occasion, template=step.template,
            mailbox=step.mailbox, recipient=step.recipient, due_at=step.due_at,
            status=APPROVAL if needs_approval else PLANNED, created_at=now, updated_at=now,
            attempts=0, reason=step.reason,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        self._event(row, now, "planned", step.reason)
        if step.blocked:
            self.skip(row, now, step.blocked)
        return row

    def due(self, now: datetime, limit: int = 100) -> list[OutboxMail]:
        query = (
            select(OutboxMail)
            .where(OutboxMail.status == PLANNED, OutboxMail.due_at <= now)
            .where((OutboxMail.next_attempt_at.is_(None)) | (OutboxMail.next_attempt_at <= now))
            .order_by(OutboxMail.due_at, OutboxMail.id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def begin(self, row: OutboxMail, now: datetime) -> bool:
        """Claim the row for this send: False when another process claimed it first
        (the caller rolls back). The database serialises the UPDATEs on the row; the
        second sees it no longer planned and changes nothing. The attempt count read
        with the row must still hold, or someone tried it meanwhile (a retry is due
        later, not now)."""
        if row.status != PLANNED:
            raise ValueError(f"outbox #{row.id} is {row.status}, not planned")
        seen = row.attempts
        claimed = self.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == row.id, OutboxMail.status == PLANNED,
                   OutboxMail.attempts == seen)
            .values(status=SENDING, updated_at=now, attempts=OutboxMail.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount  # fmt: skip
        if claimed:
            self.session.refresh(row, ["status", "updated_at", "attempts"])
        return bool(claimed)

    def finish(
        self, row: OutboxMail, delivery: Delivery, now: datetime, give_up_after: timedelta
    ) -> str:
        """Record the SMTP outcome; a temporary failure is retried until `give_up_after`
        from the planned time, then it fails."""
        row.outcome_code, row.outcome, row.updated_at = delivery.code, delivery.words, now
        if delivery.outcome is Outcome.SENT:
            row.status, row.sent_at = SENT, now
        elif delivery.outcome is Outcome.UNKNOWN:
            row.status = UNKNOWN
        elif delivery.outcome is Outcome.PERMANENT:
            row.status = FAILED
        else:
            step = RETRY_STEPS[min(row.attempts, len(RETRY_STEPS)) - 1]
            if now + step - row.due_at > give_up_after:
                row.status = FAILED
            else:
                row.status, row.next_attempt_at = PLANNED, now + step
        event = "retry" if row.status == PLANNED else row.status
        self._event(row, now, event, delivery.words)
        return row.status

    def skip(self, row: OutboxMail, now: datetime, why: str) -> None:
        """The fence said no (they answered, unsubscribed…): this step will not be sent."""
        row.status, row.outcome, row.updated_at = CANCELLED, why, now
        self._event(row, now, "skipped", why)

    def recover(self, now: datetime, mailboxes: Collection[str] | None = None) -> int:
        """Rows a killed process left in `sending` may have gone out: unknown. Only of
        `mailboxes` when given: another replica may be sending for the others."""
        query = select(OutboxMail).where(OutboxMail.status == SENDING)
        if mailboxes is not None:
            query = query.where(OutboxMail.mailbox.in_(list(mailboxes)))
        stuck = list(self.session.scalars(query))
        for row in stuck:
            row.status, row.updated_at = UNKNOWN, now
            row.outcome = "the process stopped during the send; it may have been delivered"
            self._event(row, now, UNKNOWN, row.outcome)
        return len(stuck)

    def decide(self, row: OutboxMail, now: datetime, approve: bool, by: str = "") -> None:
        """A person's decision on a row awaiting approval, or on an unknown outcome."""
        if row.status not in (APPROVAL, UNKNOWN):
            raise ValueError(f"outbox #{row.id} is {row.status}: nothing to decide")
        row.status = PLANNED if approve else REJECTED
        row.next_attempt_at, row.updated_at = None, now
        self._event(row, now, "approved" if approve else "rejected", by)

    def _event(self, row: OutboxMail, now: datetime, event: str, detail: str) -> None:
        self.session.add(
            SendEvent(
                at=now,
                outbox_id=row.id,
                customer_id=row.customer_id,
                thread_id=row.thread_id,
                event=event,
                detail=detail,
            )  # fmt: skip
        )
