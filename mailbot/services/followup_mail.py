"""One follow-up, built as it goes out: prepared facts → template → composed message.

Shared by the live send, the approve flow and dry-run, so all three produce the same
bytes for the same step at the same `now`. The Message-ID comes from the step's key:
a retry of one outbox row is one message to the receiver and in our Sent folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.compose import Draft, ReplyTo, compose
from mailbot.domain.conversation import AWAITING_CUSTOMER
from mailbot.domain.mailcontext import mail_context
from mailbot.domain.message import Address
from mailbot.errors import MailbotError
from mailbot.services.mailfacts import Prepared, prepare_mail
from mailbot.services.planning import PlanItem
from mailbot.services.templates import Templates
from mailbot.store.models import Customer, Message, Thread


@dataclass(frozen=True)
class Built:
    message: EmailMessage
    message_id: str
    subject: str
    sender: str  # envelope sender: the mailbox address
    recipient: str
    mailbox: str | None
    prepared: Prepared


def step_key(item: PlanItem) -> str:
    since = item.decision.since
    anchor = since.isoformat() if since else "none"
    return f"followup/t{item.thread_id}/s{item.decision.stage}/{anchor}"


def is_due(item: PlanItem, now: datetime) -> bool:
    d = item.decision
    return (
        d.action == "follow_up" and d.state == AWAITING_CUSTOMER
        and d.due_at is not None and d.due_at <= now
    )  # fmt: skip


def build_followup(
    session: Session,
    config: Config,
    templates: Templates,
    customer: Customer,
    thread_id: int,
    template: str,
    key: str,
    now: datetime,
) -> Built:
    """The follow-up `template` in `thread_id`, as a reply to its last message at `now`."""
    prepared = prepare_mail(session, config, customer, now, thread_id)
    return build_mail(config, templates, prepared, template, key, now,
                      reply=_reply_to(session, thread_id, now))  # fmt: skip


def build_mail(
    config: Config,
    templates: Templates,
    prepared: Prepared,
    template: str,
    key: str,
    now: datetime,
    reply: ReplyTo | None = None,
) -> Built:
    """Render `template` for `prepared` and compose it: a reply when `reply` is given,
    else the first mail of a new thread."""
    if prepared.to is None or prepared.sender is None:
        why = "no address known" if prepared.to is None else "no mailbox to send from"
        raise MailbotError(f"cannot write to {prepared.customer}: {why}")
    name = templates.resolve(template)
    language = templates.choose(name, prepared.languages)
    context = mail_context(
        prepared.facts, prepared.calendar, now, language, config.sending.offer_days
    )
    rendered = templates.render(name, language, context)
    sender = Address(prepared.sender.email, prepared.sender.name)
    draft = Draft(
        sender=sender, to=Address(prepared.to.email, prepared.to.name),
        subject=rendered.subject, text=rendered.text, html=rendered.html, key=key,
        domain=sender.domain, now=now, language=rendered.language_used, reply=reply,
        unsubscribe=_unsubscribe_to(config, name, sender.email),
    )  # fmt: skip
    composed = compose(draft)
    return Built(composed.message, composed.message_id, str(composed.message["Subject"]),
                 sender.email, prepared.to.email, prepared.mailbox, prepared)  # fmt: skip


def _unsubscribe_to(config: Config, name: str, mailbox: str) -> str | None:
    """The List-Unsubscribe mailto for template `kind/name`, if its kind or name is listed."""
    wanted = config.sending.list_unsubscribe
    kind = name.split("/", 1)[0]
    if name in wanted or kind in wanted:
        return config.sending.unsubscribe_address or mailbox
    return None


def _reply_to(session: Session, thread_id: int, now: datetime) -> ReplyTo:
    """The thread's last message at `now`: the one a follow-up answers."""
    last = session.scalar(
        select(Message).where(Message.thread_id == thread_id, Message.date <= now)
        .order_by(Message.date.desc(), Message.id.desc()).limit(1)
    )  # fmt: skip
    thread = session.get(Thread, thread_id)
    subject = thread.subject if thread is not None else ""
    if last is None:
        return ReplyTo("", (), subject)
    return ReplyTo(last.message_id, tuple(last.references or ()), subject)
