"""The outgoing message: headers that thread it, identify it and cannot be subverted.

Pure: `compose(draft)` turns a `Draft` (rendered text plus the facts around it) into
a stdlib `EmailMessage` (policy SMTP: CRLF line ends, 7-bit transfer encodings so no
8BITMIME is needed) and its Message-ID. Nothing here reads the clock or the network.

- A follow-up (`reply` given) is a reply in its thread: `In-Reply-To` is the thread's
  last message, `References` that message's References plus its Message-ID (RFC 5322
  §3.6.4), capped at MAX_REFERENCES keeping the first (the thread's root) and the
  latest ones. Its subject is the thread subject with the language's reply prefix
  (subjects.py). Greetings and care mails (`reply` None) start a new thread under
  their rendered subject.
- The Message-ID is `<uuid5(domain, key)@domain>`: a retry of the same outbox row
  (same `key`) reuses it, so a receiver and our own Sent folder see one message.
- Date: `now` in `date_zone` (default UTC; pass the seller's zone to write +0800 as
  the staff's own mail client does). Receivers show it in their own zone either way.
- Never `Auto-Submitted` or `Precedence`: RFC 3834 responders stay silent for
  auto-submitted mail, and we want the customer's out-of-office reply.
- Safety: the only recipient is `draft.to`. A display name is always a name (quoted,
  never parsed into an address); CR, LF and NUL in a text header are replaced by a
  space; an address, domain or Message-ID with control characters or spaces is refused.
"""

from __future__ import annotations

import html as html_lib
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email import policy as email_policy
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.utils import format_datetime
from typing import NamedTuple

from mailbot.domain.conversation import COURTESY_KINDS
from mailbot.domain.message import Address
from mailbot.domain.subjects import by_language, reply_prefix, strip_prefixes
from mailbot.errors import MailbotError

POLICY = email_policy.SMTP.clone(cte_type="7bit")
# Greetings and care mails say what they are, so whoever reads them back (our own
# sync of Sent) knows not to wait for an answer to them. Follow-ups stay unmarked.
COURTESY_HEADER = "X-Mailbot-Kind"
MAX_REFERENCES = 20  # the root plus the 19 latest: deep threads stay well under 998 chars
_NAMESPACE = uuid.UUID("5f0c7a1e-8d7b-4c55-9a4e-6d2b1f3c9e01")  # mailbot's Message-ID space
_DERIVED = "@mailbot.invalid>"  # ids parsing.py made up for mail without one: never on the wire
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_ADDR = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9.-]{1,253}")
_DOMAIN = re.compile(r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_MSG_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]{1,900}>")  # printable, no space, < or >

# "On <date>, <name> wrote:" as mail clients write it per language; {date} {name}.
ATTRIBUTIONS: dict[str, str] = {
    "en": "On {date}, {name} wrote:",
    "de": "Am {date} schrieb {name}:",
    "fr": "Le {date}, {name} a écrit :",
    "es": "El {date}, {name} escribió:",
    "pt": "Em {date}, {name} escreveu:",
    "it": "Il {date} {name} ha scritto:",
    "nl": "Op {date} schreef {name}:",
    "pl": "{date} {name} napisał(a):",
    "tr": "{date} tarihinde {name} şunu yazdı:",
    "ru": "{date}, {name} пишет:",
    "ar": "في {date}، كتب {name}:",
    "zh": "{name} 于 {date} 写道：",
    "ja": "{date}、{name} さんは書きました：",
    "ko": "{date}, {name}님이 작성:",
}
ATTRIBUTION_DATE = "%Y-%m-%d %H:%M"  # unambiguous in every language


class ComposeError(MailbotError):
    """A message that must not be built (a malformed address, domain or id)."""


@dataclass(frozen=True, slots=True)
class ReplyTo:
    """The thread's last message, which a follow-up answers."""

    message_id: str  # "<...>"
    references: tuple[str, ...] = ()  # that message's own References, in order
    subject: str = ""  # the thread subject


@dataclass(frozen=True, slots=True)
class Quote:
    """Our last message in the thread, quoted under a follow-up."""

    text: str  # plain text, unquoted
    sent_at: datetime  # aware; shown in its own zone (pass the customer's)
    author: str  # the name in the attribution line


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything one outgoing mail is made of. `key` is the outbox row's unique key."""

    sender: Address  # the mailbox address; `name` is its display name
    to: Address  # the one recipient; never taken from free text
    subject: str  # rendered; the subject of a new thread (greeting, care)
    text: str  # rendered plain text
    key: str
    domain: str  # our domain, right of the @ in the Message-ID
    now: datetime  # aware
    language: str = "en"
    html: str | None = None
    reply: ReplyTo | None = None  # None: a new thread
    quote: Quote | None = None
    unsubscribe: str | None = None  # mailto address for List-Unsubscribe
    date_zone: tzinfo = UTC
    courtesy: str | None = None  # "greeting" / "care": marked so the plan never chases it


class Composed(NamedTuple):
    message: EmailMessage
    message_id: str


def compose(draft: Draft) -> Composed:
    """The message for `draft` and its Message-ID (see the module doc)."""
    msg = EmailMessage(policy=POLICY)
    message_id = make_message_id(draft.key, draft.domain)
    msg["From"] = _header_address(draft.sender)
    msg["To"] = _header_address(draft.to)
    msg["Subject"] = _subject(draft)
    msg["Date"] = format_datetime(_aware(draft.now).astimezone(draft.date_zone))
    msg["Message-ID"] = message_id
    if draft.reply is not None:
        _thread(msg, draft.reply)
    if draft.unsubscribe:
        target = _checked_address(draft.unsubscribe)
        msg["List-Unsubscribe"] = f"<mailto:{target}?subject=unsubscribe>"
    if draft.courtesy in COURTESY_KINDS:
        msg[COURTESY_HEADER] = draft.courtesy
    _body(msg, draft)
    return Composed(msg, message_id)


def make_message_id(key: str, domain: str) -> str:
    """`<hex@domain>`, the same for the same (key, domain): retries reuse it."""
    host = _checked_domain(domain)
    name = host + "\n" + key
    return f"<{uuid.uuid5(_NAMESPACE, name).hex}@{host}>"


def reference_chain(reply: ReplyTo, limit: int = MAX_REFERENCES) -> list[str]:
    """The References of a reply to `reply`: its chain plus its id, deduplicated,
    malformed and made-up ids dropped, capped to the first and the latest ones."""
    chain = [*reply.references, reply.message_id]
    ids = list(dict.fromkeys(i.strip() for i in chain if _usable_id(i.strip())))
    if len(ids) > limit:
        ids = [ids[0], *ids[len(ids) - limit + 1 :]]
    return ids


def quote_block(quote: Quote, language: str) -> str:
    """The attribution line and `> `-quoted text of our last message."""
    template = by_language(ATTRIBUTIONS, language) or ATTRIBUTIONS["en"]
    when = _aware(quote.sent_at).strftime(ATTRIBUTION_DATE)
    head = template.format(date=when, name=clean_text(quote.author))
    lines = _lines(quote.text).strip("\n").split("\n")
    quoted = [(">" + line if line.startswith(">") else "> " + line) if line else ">"
              for line in lines]  # fmt: skip
    return "\n".join([head, *quoted])


def clean_text(value: str) -> str:
    """A header's text with CR, LF, NUL and other control characters made spaces."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


# -- internals ----------------------------------------------------------------


def _subject(draft: Draft) -> str:
    """A follow-up: the thread subject with the reply prefix; else the rendered one."""
    thread = strip_prefixes(clean_text(draft.reply.subject)) if draft.reply else ""
    if thread:
        return clean_text(reply_prefix(draft.language) + thread)
    return clean_text(draft.subject)


def _thread(msg: EmailMessage, reply: ReplyTo) -> None:
    refs = reference_chain(reply)
    parent = reply.message_id.strip()
    if _usable_id(parent):
        msg["In-Reply-To"] = parent
    if refs:
        msg["References"] = " ".join(refs)


def _body(msg: EmailMessage, draft: Draft) -> None:
    text = _lines(draft.text).rstrip("\n")
    block = quote_block(draft.quote, draft.language) if draft.quote else ""
    msg.set_content(f"{text}\n\n{block}\n" if block else f"{text}\n")
    if draft.html is not None:
        msg.add_alternative(draft.html + _html_quote(block), subtype="html")
        for part in msg.iter_parts():
            del part["MIME-Version"]  # the stdlib repeats it on parts; only the top needs it
        # A fixed boundary: the same draft gives the same bytes on a retry.
        msg.set_boundary("=_mailbot_" + uuid.uuid5(_NAMESPACE, "boundary\n" + draft.key).hex)


def _html_quote(block: str) -> str:
    if not block:
        return ""
    lines = "<br>\n".join(html_lib.escape(line) for line in block.split("\n"))
    return f"\n<blockquote>{lines}</blockquote>\n"


def _header_address(address: Address) -> HeaderAddress:
    """A header address whose name is only ever a name: quoted by the policy as needed."""
    local, _, host = _checked_address(address.email).rpartition("@")
    return HeaderAddress(display_name=clean_text(address.name), username=local, domain=host)


def _checked_address(value: str) -> str:
    email = (value or "").strip()
    if not _ADDR.fullmatch(email):
        hint = "fix the contact's address; mailbot sends to plain ASCII addresses"
        raise ComposeError(f"not a deliverable address: {email!r}", hint)
    local, _, host = email.rpartition("@")
    return f"{local}@{_checked_domain(host)}"


def _checked_domain(domain: str) -> str:
    host = (domain or "").strip().rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = ""
    if not _DOMAIN.fullmatch(host) or ".." in host or "." not in host:
        raise ComposeError(f"not a mail domain: {domain!r}", "set the mailbox's own domain")
    return host


def _usable_id(value: str) -> bool:
    return bool(_MSG_ID.fullmatch(value)) and not value.endswith(_DERIVED)


def _lines(text: str) -> str:
    """Text with every line end a plain \\n and NULs dropped."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _aware(t: datetime) -> datetime:
    if t.utcoffset() is None:
        raise ValueError(f"a naive datetime has no instant: {t!r}; pass an aware one")
    return t
