"""The team's daily digest: when it is due, and sending it once per day.

The daemon calls `digest_due(config, sessions, now)` each tick and, when it returns
a date, `send_digest(config, sessions, now)`. `now` is always an argument.

Once per day: a `digest` service event (detail: the digest's local date) marks a
day done. `send_digest` takes the short "digest" lease (two processes never send at
once), checks the event, sends, and records the event right after a send that
reached at least one recipient. A crash between the SMTP answer and that record
sends the digest again on restart: a duplicate internal mail is far less bad than a
lost one. The Message-ID is derived from the date, so a mail client that folds
duplicates shows it once. A send that reached nobody is not recorded (retried on the
next tick) unless every refusal was permanent: then an `error` event, and the day is
marked done so a bad address is not retried all day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.utils import format_datetime

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mailbot.adapters.smtp import Outcome, SmtpSender
from mailbot.config import Config, Mailbox
from mailbot.domain.compose import POLICY, make_message_id
from mailbot.domain.digest import Digest, compose_digest
from mailbot.services.calendars import Calendars
from mailbot.services.digest_inputs import gather
from mailbot.store.models import ServiceEvent, as_utc
from mailbot.store.service import new_holder, record, release_lease, take_lease

log = structlog.get_logger("mailbot.digest")
DIGEST = "digest"  # the service event kind, and the lease's name
LEASE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class DigestResult:
    day: date
    sent: bool
    subject: str = ""
    delivered: tuple[str, ...] = ()
    failed: tuple[str, ...] = field(default=())  # "addr: why"
    note: str = ""  # why nothing was sent


def local_day(config: Config, now: datetime) -> date:
    return now.astimezone(Calendars(config).seller().zone).date()


def digest_due(config: Config, sessions: sessionmaker[Session], now: datetime) -> date | None:
    """The seller's local date whose digest is due at `now`: enabled, past
    `[digest].hour` there, and not yet sent. None otherwise."""
    if not config.digest.enabled:
        return None
    local = now.astimezone(Calendars(config).seller().zone)
    if local.time() < config.digest.at:
        return None
    with sessions() as session:
        return None if sent_on(session, local.date()) else local.date()


def sent_on(session: Session, day: date) -> bool:
    query = select(ServiceEvent.id).where(
        ServiceEvent.kind == DIGEST, ServiceEvent.detail == day.isoformat()
    )
    return session.scalar(query.limit(1)) is not None


def period_start(session: Session, now: datetime) -> datetime:
    """The previous digest before `now`, else 24 hours before."""
    query = select(ServiceEvent.at).where(ServiceEvent.kind == DIGEST, ServiceEvent.at < now)
    last = session.scalar(query.order_by(ServiceEvent.at.desc()).limit(1))
    return as_utc(last) if last is not None else now - timedelta(hours=24)  # type: ignore[return-value]


def build_digest(config: Config, sessions: sessionmaker[Session], now: datetime) -> Digest:
    """The digest that would go out at `now` (no side effects)."""
    seller = Calendars(config).seller()
    with sessions() as session:
        return compose_digest(gather(session, config, seller, now, period_start(session, now)))


def digest_message(
    config: Config, mailbox: Mailbox, digest: Digest, now: datetime, day: date, force: bool = False
) -> EmailMessage:
    """multipart/alternative, marked auto-generated: no responder answers it."""
    msg = EmailMessage(policy=POLICY)
    msg["From"] = HeaderAddress(mailbox.display_name or "mailbot", addr_spec=mailbox.address)
    msg["To"] = ", ".join(config.digest.recipients)
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(now.astimezone(Calendars(config).seller().zone))
    key = f"digest/{day.isoformat()}" + (f"/{now.isoformat()}" if force else "")
    msg["Message-ID"] = make_message_id(key, mailbox.address.rsplit("@", 1)[1])
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Mailbot-Kind"] = "digest"
    msg.set_content(digest.text)
    msg.add_alternative(digest.html, subtype="html")
    return msg


def send_digest(
    config: Config, sessions: sessionmaker[Session], now: datetime, force: bool = False
) -> DigestResult:
    """Send the digest for `now`'s local date unless already sent (`force`: anyway)."""
    day = local_day(config, now)
    holder = new_holder()
    if not take_lease(sessions, DIGEST, holder, now, LEASE_TTL):
        return DigestResult(day, False, note="another mailbot process is sending the digest")
    try:
        with sessions() as session:
            if not force and sent_on(session, day):
                return DigestResult(day, False, note=f"the digest for {day} was already sent")
        return _send(config, sessions, now, day, force)
    finally:
        release_lease(sessions, DIGEST, holder)


def _send(
    config: Config, sessions: sessionmaker[Session], now: datetime, day: date, force: bool
) -> DigestResult:
    mailbox = config.digest_mailbox()
    if mailbox.smtp is None:
        return DigestResult(day, False, note=f"mailbox {mailbox.name} has no [mailboxes.smtp]")
    digest = build_digest(config, sessions, now)
    smtp = SmtpSender(mailbox.smtp, config.sending.redirect_all_to)
    delivered, failed, permanent = [], [], 0
    for recipient in config.digest.recipients:
        message = digest_message(config, mailbox, digest, now, day, force)
        d = smtp.send(message, mailbox.address, recipient)
        if d.outcome is Outcome.SENT:
            delivered.append(recipient)
        else:
            failed.append(f"{recipient}: {d.words}")
            permanent += d.outcome is Outcome.PERMANENT
    with sessions.begin() as session:
        if delivered or permanent == len(failed):
            record(session, now, DIGEST, day.isoformat(), mailbox=mailbox.name,
                   figures={"recipients": len(delivered), "failed": len(failed)})  # fmt: skip
        if failed:
            record(session, now, "error", f"the digest for {day} did not reach "
                   f"{len(failed)} of {len(config.digest.recipients)} recipients: "
                   f"{'; '.join(failed)}", level="error", mailbox=mailbox.name)  # fmt: skip
    log.info("digest", day=str(day), delivered=len(delivered), failed=len(failed))
    return DigestResult(day, bool(delivered), digest.subject, tuple(delivered), tuple(failed))
