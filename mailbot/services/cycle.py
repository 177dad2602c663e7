"""`mailbot run --once`: one cycle of recover → sync → plan → propose → send.

Time is the argument `now`; nothing here reads the clock. The cycle:

1. `Outbox.recover(now)`: a row a killed process left in `sending` becomes unknown
   (only the cycle's own mailboxes: another replica may be sending the others).
2. Sync every mailbox (skippable, to replay a stored history), then infer where new
   customers are (as `mailbot sync` does), or they would be planned on UTC; a sent
   mail whose copy a killed process never made is copied to Sent and stored now.
3. Check the leads due (new or expired addresses, `[verification] auto`), after a sync
   only: a customer this sync found is checked before step 4 plans and proposes for
   them, so the gate (`[verification.followups]`) holds in the same cycle.
4. Plan; every follow-up due at `now` in a thread awaiting the customer becomes an
   outbox step keyed `followup/t{thread}/s{stage}/{since}`: the thread, the stage and
   the waiting round (our last message's instant), so a step is proposed once ever.
   Greetings in their window and care mails due (occasion_plan.py) join them, keyed
   by occasion date or order event. A greeting or care step a rule holds back is
   recorded as skipped, with the reason. Each row's moment gets its own jitter.
   In `approve` mode the row waits for a person.
5. Send the due rows, mailbox by mailbox, within the daily cap and minimum gap
   (see delivery.py for the fence and the exactly-once protocol). A mailbox that sent
   is synced once more, and the profiles re-read if the fence or the sends stored mail:
   so a cycle right after this one finds nothing to change (idempotence).

`dry-run` renders what would go out into files and records nothing: no outbox key is
taken, so a later live run still sends the same steps.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import structlog
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from mailbot.adapters.imap import ImapMailbox
from mailbot.config import Config, Mailbox
from mailbot.errors import ConfigError, MailbotError, MailboxError
from mailbot.services.aftersync import LeadsBeside
from mailbot.services.calendars import Calendars
from mailbot.services.delivery import Delivering, MailServers, PostOffice
from mailbot.services.followup_mail import Built, build_followup, is_due, step_key
from mailbot.services.occasion_mail import build_occasion_mail
from mailbot.services.occasion_plan import OccasionStep, occasion_steps
from mailbot.services.outbox import SENT, Outbox, Step
from mailbot.services.planning import PlanItem, build_plan
from mailbot.services.profiles import infer_profiles
from mailbot.services.renumbering import SyncBreakerOpen, mailbox_hold
from mailbot.services.sync import MailboxSync
from mailbot.services.templates import Templates
from mailbot.services.verification import CheckRun
from mailbot.store.models import Customer, Message, OutboxMail

T = TypeVar("T")
log = structlog.get_logger("mailbot.cycle")


@dataclass
class Summary:
    recovered: int = 0
    proposed: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # what waits for the next cycle, and why
    written: list[Path] = field(default_factory=list)  # dry-run files
    synced: dict[str, int] = field(default_factory=dict)  # mailbox → messages stored
    leads: CheckRun | None = None  # the lead check after the sync, if one ran


class Cycle:
    def __init__(
        self,
        config: Config,
        sessions: sessionmaker[Session],
        now: datetime,
        office: PostOffice | None = None,
        templates: Templates | None = None,
        may_send: Callable[[], bool] | None = None,
    ) -> None:
        """`office`: where mail goes instead of each mailbox's servers (the demo).
        `templates`: the set in force (the daemon's validated snapshot). `may_send`:
        asked right before each send; False (stopping, or the sender lease was lost)
        leaves the rest for a later cycle."""
        self.config, self.sessions, self.now, self.office = config, sessions, now, office
        self.mode = config.sending.mode
        self.templates = templates or Templates.for_config(config)
        self.may_send = may_send or (lambda: True)
        self.calendars = Calendars(config)
        self.summary = Summary()
        self._last_profiled: int | None = None  # the newest message profiles have read

    def run(self, mailboxes: list[Mailbox], sync: bool = True) -> Summary:
        with self.sessions.begin() as session:
            self.summary.recovered = Outbox(session).recover(self.now, {m.name for m in mailboxes})
        if sync:
            for mailbox in mailboxes:
                try:
                    self.sync(mailbox)
                except SyncBreakerOpen as exc:  # that mailbox neither syncs nor sends
                    self.summary.held.append(f"{mailbox.name}: {exc}")
            for mailbox in mailboxes:
                self.restore_copies(mailbox)
            leads = self._guarded(self._start_leads) if self.config.verification.auto else None
            with leads or contextlib.nullcontext():
                self.profile()
            if leads is not None:
                self.check_leads(leads)
        names = {m.name for m in mailboxes}
        if self.mode == "dry-run":
            self.dry_run(names)
            return self.summary
        self.propose(names)
        for mailbox in mailboxes:
            self.send(mailbox)
        if sync and self._stored_since_profile():
            self.profile()  # what the fence's syncs and our sends stored is evidence too
        return self.summary

    def profile(self) -> None:
        """Where new customers are (their calendar), from the mail stored so far."""
        with self.sessions.begin() as session:
            infer_profiles(session, self.config, self.now)
            self._last_profiled = session.scalar(select(func.max(Message.id)))

    def check_leads(self, leads: LeadsBeside) -> None:
        """Save the check of the addresses due, begun beside the profile inference, before
        planning. A resolver that fails or times out gives `unknown` (re-checked after
        `unknown_hours`), not an error. A broken config (an unreadable `disposable_file`)
        stops the cycle like any config error: nothing goes out unchecked until it is
        fixed. Anything else, also a lead check process that died, is one log line: the
        cycle goes on, and an unchecked address is mailed as a valid one (the gate's rule
        for no verdict), until a later cycle checks it."""
        self.summary.leads = self._guarded(leads.finish)

    def _start_leads(self) -> LeadsBeside:
        return LeadsBeside(self.sessions, self.config, self.now)

    def _guarded(self, work: Callable[[], T]) -> T | None:
        """`work` of the lead check, with check_leads' rules for its errors."""
        try:
            return work()
        except ConfigError:
            raise
        except Exception as exc:
            detail = exc if isinstance(exc, MailbotError) else f"{type(exc).__name__}: {exc}"
            why = (f"leads not checked: {detail}; unchecked addresses are mailed as valid "
                   "until a later cycle checks them")  # fmt: skip
            log.error("lead_check_failed", error=why)
            self.summary.held.append(why)
            return None

    def _stored_since_profile(self) -> bool:
        """Read now rather than at the next cycle, which would then change the store."""
        with self.sessions() as session:
            return session.scalar(select(func.max(Message.id))) != self._last_profiled

    def sync(self, mailbox: Mailbox, imap: ImapMailbox | None = None) -> None:
        job = MailboxSync(self.config, mailbox, self.sessions, lambda: self.now)
        if imap is not None:  # the fence: only what a reply can land in
            for name, role in job.folders_to_sync(imap):
                if role in ("inbox", "sent"):
                    job.sync_folder(imap, name, role)
            return
        with ImapMailbox(mailbox.imap) as own:
            reports = job.run(own)
        self.summary.synced[mailbox.name] = sum(r.stored for r in reports)

    def restore_copies(self, mailbox: Mailbox) -> None:
        """Sent rows whose copy is neither in Sent nor in the store (the process stopped
        after the commit): copied now from the row, or the thread would stall on a step
        that already happened. Only after a sync, which stores a copy that did reach Sent."""
        with self.sessions() as session:
            query = select(OutboxMail).where(
                OutboxMail.mailbox == mailbox.name, OutboxMail.status == SENT,
                OutboxMail.raw.is_not(None), OutboxMail.message_id.is_not(None),
                ~exists().where(Message.message_id == OutboxMail.message_id),
            )  # fmt: skip
            rows = list(session.scalars(query))
            if not rows or (self.office is None and mailbox.smtp is None):
                return
            with contextlib.ExitStack() as stack:
                office = self.office
                if office is None:
                    imap = stack.enter_context(ImapMailbox(mailbox.imap))
                    office = MailServers(self, mailbox, imap)
                delivering = Delivering(self, mailbox, office)
                for row in rows:
                    assert row.raw is not None and row.sent_at is not None
                    delivering.keep_copy(session, row.raw.encode(), _aware(row.sent_at))
                    log.info("sent_copy_restored", outbox=row.id, key=row.key)
                office.refresh()  # where the copies landed: see `send`

    # -- planning ---------------------------------------------------------------------

    def due_items(self, session: Session) -> list[PlanItem]:
        return [i for i in build_plan(session, self.config, self.now) if is_due(i, self.now)]

    def propose(self, mailboxes: set[str]) -> None:
        with self.sessions() as session:
            outbox = Outbox(session)
            for step, _built in self._steps(session):
                if step.mailbox not in mailboxes or outbox.taken(step.key):
                    continue  # this step already happened (or waits): never twice
                row = outbox.propose(step, self.now, needs_approval=self.mode == "approve")
                if row is not None and step.blocked:
                    self.summary.skipped.append((row.id, step.blocked))
                elif row is not None:
                    self.summary.proposed.append(row.id)
                session.commit()

    def _steps(self, session: Session) -> list[tuple[Step, Built | None]]:
        """Every step due at `now`: follow-ups from the plan, greetings and care."""
        out: list[tuple[Step, Built | None]] = []
        for item in self.due_items(session):
            key = step_key(item)
            if session.scalar(select(OutboxMail.id).where(OutboxMail.key == key)):
                continue
            step = self._step(session, item, key)
            if step is not None:
                out.append(step)
        for occ in occasion_steps(session, self.config, self.now):
            if session.scalar(select(OutboxMail.id).where(OutboxMail.key == occ.key)):
                continue
            made = self._occasion_step(session, occ)
            if made is not None:
                out.append(made)
        return out

    def _step(self, session: Session, item: PlanItem, key: str) -> tuple[Step, Built] | None:
        customer = session.get(Customer, item.customer.id)
        assert customer is not None and item.decision.template is not None
        try:
            built = build_followup(
                session, self.config, self.templates, customer, item.thread_id,
                item.decision.template, key, self.now,
            )  # fmt: skip
        except MailbotError as exc:
            self.summary.held.append(f"{customer.key} thread #{item.thread_id}: {exc}")
            return None
        d = item.decision
        return Step(
            key=key, kind="followup", customer_id=customer.id, thread_id=item.thread_id,
            stage=d.stage, occasion=None, template=d.template or "",
            mailbox=built.mailbox or "", recipient=built.recipient,
            due_at=self._jittered(key, d.due_at or self.now), reason=d.reason,
        ), built  # fmt: skip

    def _occasion_step(
        self, session: Session, occ: OccasionStep
    ) -> tuple[Step, Built | None] | None:
        customer = session.get(Customer, occ.customer_id)
        assert customer is not None
        built: Built | None = None
        if occ.blocked is None:
            try:
                built = build_occasion_mail(session, self.config, self.templates, customer,
                                            occ.kind, occ.key, occ.template, occ.recipient,
                                            self.now)  # fmt: skip
            except MailbotError as exc:
                self.summary.held.append(f"{customer.key} {occ.kind} {occ.occasion}: {exc}")
                return None
        mailbox = built.mailbox if built else self._first_mailbox()
        latest = occ.greeting.until if occ.greeting else None
        due = self._jittered(occ.key, occ.due_at, latest)
        return Step(
            key=occ.key, kind=occ.kind, customer_id=customer.id, thread_id=None, stage=None,
            occasion=occ.occasion, template=occ.template, mailbox=mailbox or "",
            recipient=built.recipient if built else occ.recipient, due_at=due, reason=occ.reason,
            blocked=occ.blocked,
        ), built  # fmt: skip

    def _first_mailbox(self) -> str:
        return self.config.mailboxes[0].name if self.config.mailboxes else ""

    def _jittered(self, key: str, due: datetime, latest: datetime | None = None) -> datetime:
        """`due` plus this step's own offset within `[sending] jitter_minutes`: derived
        from the key, so a re-plan gives the same moment and tests can predict it."""
        span = int(self.config.sending.jitter_minutes * 60)
        if span <= 0:
            return due
        offset = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % span
        moved = due + timedelta(seconds=offset)
        return min(moved, latest) if latest is not None else moved

    # -- sending ----------------------------------------------------------------------

    def send(self, mailbox: Mailbox) -> None:
        with self.sessions() as session:
            rows = [r.id for r in Outbox(session).due(self.now) if r.mailbox == mailbox.name]
        if not rows:
            return
        if self.office is not None:
            self._deliver(mailbox, Delivering(self, mailbox, self.office), rows)
            return
        if mailbox.smtp is None:
            self.summary.held.append(f"{mailbox.name}: {len(rows)} due, no [mailboxes.smtp]")
            return
        with ImapMailbox(mailbox.imap) as imap:
            self._deliver(mailbox, Delivering(self, mailbox, MailServers(self, mailbox, imap)),
                          rows)  # fmt: skip

    def _deliver(self, mailbox: Mailbox, delivering: Delivering, rows: list[int]) -> None:
        sent_before = len(self.summary.sent)
        try:
            self._deliver_rows(mailbox, delivering, rows)
        finally:
            if len(self.summary.sent) > sent_before:
                # The copies just filed in Sent: their places and the folder's new state
                # are recorded now, so the next cycle finds the mailbox as this one left it.
                with contextlib.suppress(MailboxError):
                    delivering.office.refresh()

    def _deliver_rows(self, mailbox: Mailbox, delivering: Delivering, rows: list[int]) -> None:
        for row_id in rows:
            why = self._held(mailbox) or self.paused()
            if why:
                self.summary.held.append(f"{mailbox.name}: {why}")
                break
            try:
                with structlog.contextvars.bound_contextvars(outbox=row_id):
                    delivering.one(row_id)
            except MailboxError as exc:  # IMAP is down: no fence, so no send
                self.summary.held.append(f"{mailbox.name}: {exc}")
                break
            except Exception as exc:  # one poison row never stops the others
                log.exception("send_failed", outbox=row_id)
                self.summary.held.append(f"#{row_id}: {type(exc).__name__}: {exc}")

    def paused(self) -> str | None:
        return None if self.may_send() else "sending paused: stopping, or the lease was lost"

    def sync_hold(self, mailbox: Mailbox) -> str | None:
        """The breaker is open, or a folder is being re-mapped (by any process):
        the store's map of this mailbox is not whole, so nothing goes out."""
        with self.sessions() as session:
            return mailbox_hold(session, self.config, mailbox.name)

    def _held(self, mailbox: Mailbox) -> str | None:
        """Re-map or breaker, the daily cap and the minimum gap: the rest waits."""
        if why := self.sync_hold(mailbox):
            return why
        s = self.config.sending
        with self.sessions() as session:
            base = select(func.count(), func.max(OutboxMail.sent_at)).where(
                OutboxMail.mailbox == mailbox.name, OutboxMail.status == SENT,
                OutboxMail.sent_at > self.now - timedelta(days=1),
                OutboxMail.sent_at <= self.now,
            )  # fmt: skip
            count, last = session.execute(base).one()
        if count >= s.daily_cap:
            return f"daily cap of {s.daily_cap} reached"
        if last is not None and _aware(last) > self.now - timedelta(seconds=s.min_gap_seconds):
            return f"less than {s.min_gap_seconds:g} s since the last send"
        return None

    # -- dry run ----------------------------------------------------------------------

    def dry_run(self, mailboxes: set[str]) -> None:
        folder = self.config.dry_run_folder()
        folder.mkdir(parents=True, exist_ok=True)
        with self.sessions() as session:
            for step, built in self._steps(session):
                if built is None or step.mailbox not in mailboxes:
                    continue
                path = folder / (re.sub(r"[^A-Za-z0-9._-]+", "_", step.key) + ".eml")
                path.write_bytes(built.message.as_bytes())
                self.summary.written.append(path)
            session.rollback()  # a dry run records nothing


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)
