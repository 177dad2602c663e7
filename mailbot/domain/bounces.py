"""Delivery failures: is this message a bounce, for whom, permanent or not.

Evidence, strongest first:
  1. RFC 3464 fields (`ParsedMessage.delivery_status`): the MTA's own Action/Status.
  2. flufl.bounce (Mailman's detectors for ~17 MTA formats) on an `email.message.Message`
     rebuilt from the parsed message: it knows non-standard formats by heart.
  3. Our own cues: a mailer-daemon sender, an NDR subject, failure sentences, the
     recipient of the returned message (`enclosed_headers`).
A message is only looked at as a bounce when it carries a report structure or comes
from a mail system (see `_looks_like_report`): a person writing "undeliverable" is
not a bounce. Library failures on strange input count as "found nothing".
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message

from flufl.bounce import all_failures

from mailbot.domain import bouncecues as cues
from mailbot.domain.dsn import (
    FAILED,
    NOT_FAILED,
    DsnRecipient,
    address_in,
    parse_dsn,
    status_in,
)
from mailbot.domain.message import ParsedMessage

_MSGID = re.compile(r"^\s*message-id\s*:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_ENCLOSED_TO = re.compile(r"^to\s*:(.*(?:\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_REPORT_HEADERS = re.compile(
    r"^content-type:\s*multipart/report|^from:.*(?:mailer-daemon|postmaster)@",
    re.IGNORECASE | re.MULTILINE,
)
_LIST_HEADERS = re.compile(
    r"^(?:list-id|x-beenthere|x-mailman-version|list-post)\s*:|^precedence:\s*(?:list|bulk)",
    re.IGNORECASE | re.MULTILINE,
)
_BOUNDARY = "=_mailbot_rebuilt_7f3a9c"


@dataclass(frozen=True, slots=True)
class Finding:
    """What the bounce reader concluded; `failed` False means a delay/success report."""

    failed: bool
    permanent: bool
    recipients: tuple[str, ...]
    status: str | None
    original_message_id: str | None
    reasons: tuple[str, ...]


def read_bounce(msg: ParsedMessage) -> Finding | None:
    """A Finding when the message is a delivery report of any kind, else None."""
    dsn = parse_dsn(msg.delivery_status)
    if any(r.action for r in dsn):
        return _from_dsn(msg, dsn)
    why = _looks_like_report(msg)
    if why is None:
        return None
    return _from_text(msg, why)


def _from_dsn(msg: ParsedMessage, dsn: list[DsnRecipient]) -> Finding:
    failed = [r for r in dsn if r.action == FAILED]
    if not failed:
        actions = sorted({r.action for r in dsn if r.action})
        news = [r for r in dsn if r.action in NOT_FAILED]
        return Finding(
            failed=False,
            permanent=False,
            recipients=_unique(r.address for r in news),
            status=next((r.status for r in news if r.status), None),
            original_message_id=original_message_id(msg),
            reasons=(f"delivery report says Action: {', '.join(actions)}, not a failure",),
        )
    status = next((r.status for r in failed if r.status), None)
    recipients = _unique(r.address for r in failed) or _fallback_recipients(msg)
    permanent = any((r.status or "").startswith("5") for r in failed) or status is None
    return Finding(
        failed=True,
        permanent=permanent,
        recipients=recipients,
        status=status,
        original_message_id=original_message_id(msg),
        reasons=(f"delivery report says Action: failed, Status: {status or 'none given'}",),
    )


def _looks_like_report(msg: ParsedMessage) -> str | None:
    """Why this message comes from a mail system, or None if nothing says so."""
    ctype = msg.headers.get("content-type", "").lower().replace(" ", "")
    if "report-type=delivery-status" in ctype or 'report-type="delivery-status"' in ctype:
        return "it is a multipart/report delivery-status message"
    if msg.headers.get("x-failed-recipients"):
        return "it carries X-Failed-Recipients"
    subject_says = cues.report_subject(msg.subject)
    sender = cues.system_sender(msg)
    if sender and (subject_says or cues.failure_body(_body(msg))):
        return f"it comes from a mail system ({sender}) and reports a delivery problem"
    if subject_says and cues.null_return_path(msg):
        return "it has an empty Return-Path and a delivery-report subject"
    if subject_says and cues.failure_body(_body(msg)):
        return "its subject and text report a delivery failure"
    if cues.strong_failure_opening(msg.text):
        return "its short text opens with a delivery-failure sentence"
    return None


def _from_text(msg: ParsedMessage, why: str) -> Finding:
    body = _body(msg)
    temporary, permanent = library_failures(msg)
    status = status_in(body)
    # "Delivery attempts will continue" outweighs a "failure" subject: still being tried.
    delay = cues.delay_body(body) or (
        cues.delay_subject(msg.subject) and not cues.failure_subject(msg.subject)
    )
    if delay and not permanent:
        return Finding(
            failed=False,
            permanent=False,
            recipients=_unique(sorted(temporary)) or _fallback_recipients(msg),
            status=status,
            original_message_id=original_message_id(msg),
            reasons=(why, "it reports a delay, not a failure: delivery is still being tried"),
        )
    recipients = _unique(sorted(permanent | temporary)) or _fallback_recipients(msg)
    is_permanent = _permanent(status, permanent, temporary, body)
    how = "permanent" if is_permanent else "temporary"
    source = "the bounce parser" if (permanent or temporary) else "the text"
    return Finding(
        failed=True,
        permanent=is_permanent,
        recipients=recipients,
        status=status,
        original_message_id=original_message_id(msg),
        reasons=(why, f"{source} reads a {how} failure for {', '.join(recipients) or 'unknown'}"),
    )


def _permanent(status: str | None, permanent: set[str], temporary: set[str], body: str) -> bool:
    # An enhanced status in the text is the MTA's own word: a mail returned after days
    # of "4.4.1 connection refused" failed for a temporary reason (the address may be
    # fine), although flufl.bounce files every returned mail as permanent.
    if status is not None:
        return status.startswith("5")
    if permanent or temporary:
        return bool(permanent)
    return not cues.temporary_body(body)


def library_failures(msg: ParsedMessage) -> tuple[set[str], set[str]]:
    """flufl.bounce's (temporary, permanent) addresses; empty sets if it cannot read it."""
    try:
        temporary, permanent = all_failures(rebuild(msg))
        return _decoded(temporary), _decoded(permanent)
    except Exception:  # noqa: BLE001 - a detector choking on odd input means "unknown"
        return set(), set()


def _decoded(addresses: frozenset[bytes]) -> set[str]:
    out = set()
    for raw in addresses:
        text = raw.decode("ascii", "replace").strip().strip("<>").lower()
        if "@" in text and " " not in text:
            out.add(text)
    return out


def rebuild(msg: ParsedMessage) -> Message:
    """An email.message.Message shaped the way flufl.bounce's detectors look for.

    Top-level type as the original (several detectors insist on text/plain or
    multipart/mixed); one text part with all text (bounce bodies are often cut
    as "quoted"), labelled "notification" for the Postfix detector; then the
    delivery-status and returned headers.
    """
    h = msg.headers
    frm = f"{msg.from_.name} <{msg.from_.email}>" if msg.from_ else ""
    top = [f"From: {frm}", f"Subject: {_one_line(msg.subject)}", "MIME-Version: 1.0"]
    for name in ("x-failed-recipients", "x-mailer"):
        if h.get(name):
            top.append(f"{name}: {_one_line(h[name])}")
    ctype = h.get("content-type", "text/plain").split(";", 1)[0].strip().lower()
    if not ctype.startswith("multipart/"):
        top.append("Content-Type: text/plain; charset=utf-8")
        return email.message_from_string("\n".join(top) + "\n\n" + _body(msg) + "\n")
    parts = [("text/plain; charset=utf-8\nContent-Description: notification", _body(msg))]
    if msg.delivery_status:
        parts.append(("message/delivery-status", msg.delivery_status))
    # As message/rfc822, not text: detectors scan text parts, and the returned
    # headers' "for <…>" lines are not failed recipients.
    parts.append(("message/rfc822", (msg.enclosed_headers or "X-Empty: yes") + "\n"))
    kind = "report; report-type=delivery-status" if "report" in ctype else "mixed"
    top.append(f'Content-Type: multipart/{kind}; boundary="{_BOUNDARY}"')
    body = "".join(f"--{_BOUNDARY}\nContent-Type: {t}\n\n{b}\n" for t, b in parts)
    return email.message_from_string("\n".join(top) + "\n\n" + body + f"--{_BOUNDARY}--\n")


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _body(msg: ParsedMessage) -> str:
    return "\n".join(p for p in (msg.text, msg.signature, msg.quoted) if p)


def _fallback_recipients(msg: ParsedMessage) -> tuple[str, ...]:
    """X-Failed-Recipients, else addresses the text names as failed, else the returned To."""
    header = msg.headers.get("x-failed-recipients", "")
    found = _unique(address_in(part) for part in header.split(","))
    if found:
        return found
    found = _unique(cues.failed_addresses(_body(msg), _own(msg)))
    if found:
        return found
    enclosed = msg.enclosed_headers
    m = _ENCLOSED_TO.search(enclosed)
    if not m or _REPORT_HEADERS.search(enclosed) or _LIST_HEADERS.search(enclosed):
        return ()  # a wrapped bounce's To is us; a list post's To is the list
    return _unique(a for a in [address_in(m.group(1))] if a not in _own(msg))


def _own(msg: ParsedMessage) -> set[str]:
    """Addresses in the report that are not failed recipients: the daemon, us."""
    return {a.email for a in [msg.from_, *msg.to, *msg.cc] if a and a.email}


def original_message_id(msg: ParsedMessage) -> str | None:
    """The Message-ID of the mail that bounced: returned headers, the text, References."""
    enclosed = "" if _REPORT_HEADERS.search(msg.enclosed_headers) else msg.enclosed_headers
    for text in (enclosed, _body(msg)):  # a wrapped report's own Message-ID is not ours
        if m := _MSGID.search(text):
            return m.group(1)
    if msg.references:
        return msg.references[-1]
    return msg.in_reply_to


def _unique(addresses: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.lower() for a in addresses if a))
