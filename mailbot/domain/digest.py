"""The team's daily digest (pure): plain records in; subject, text and HTML out.

Sections, most urgent first: replies we owe, sends with an unknown outcome, customers
whose cadence ended (a person takes over), new leads, bounces and stop requests, and
what goes out tomorrow. Lists run oldest first; a long one is cut at MAX_ITEMS with
the rest counted. An empty section is not shown; one closing line names them.

Customer data (names, subjects, addresses) is data: the HTML escapes every piece of
it, and the subject line carries only counts and the date, so nothing a customer
writes can reach a header.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import NamedTuple

MAX_ITEMS = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True, slots=True)
class LeadContact:
    email: str
    verdict: str | None  # valid / suspicious / invalid / unknown; None: not checked yet
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewLead:
    customer: str
    first_seen: datetime  # their first message (or the import)
    contacts: tuple[LeadContact, ...]
    country: str | None = None


@dataclass(frozen=True, slots=True)
class OwedReply:
    customer: str
    contact: str  # who wrote last
    subject: str
    since: datetime  # their unanswered message
    business_hours: float  # seller business hours since then
    thread_id: int


@dataclass(frozen=True, slots=True)
class HandOff:
    customer: str
    subject: str
    since: datetime  # when the last follow-up's reply window closed
    channel: str  # the messaging app most used in their country
    numbers: tuple[str, ...]  # "WhatsApp +49…", "phone +49…"
    thread_id: int
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    at: datetime
    kind: str  # bounce / unsubscribe / complaint / left_company / colleague_left
    address: str
    customer: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class UnknownSend:
    outbox_id: int
    at: datetime  # when the send was attempted
    customer: str
    recipient: str
    subject: str
    kind: str


@dataclass(frozen=True, slots=True)
class PlannedSend:
    at: datetime
    kind: str  # followup / greeting / care
    customer: str
    recipient: str
    what: str  # "follow-up 2 (limited_offer)", "greeting: christmas"


@dataclass(frozen=True)
class DigestInput:
    day: date  # the digest's date, seller's local
    zone: tzinfo  # the seller's
    since: datetime  # the previous digest, else 24 h before
    tomorrow: date
    company: str = ""
    leads: Sequence[NewLead] = ()
    owed: Sequence[OwedReply] = ()
    handoffs: Sequence[HandOff] = ()
    notices: Sequence[Notice] = ()
    unknown: Sequence[UnknownSend] = ()
    planned: Sequence[PlannedSend] = ()


class Item(NamedTuple):
    line: str
    details: tuple[str, ...] = ()


class Section(NamedTuple):
    title: str
    items: tuple[Item, ...]
    total: int  # before the cut at MAX_ITEMS


class Digest(NamedTuple):
    subject: str
    text: str
    html: str
    empty: bool  # nothing in any section


_NOTICE_WORDS = {
    "bounce": "bounced",
    "unsubscribe": "asked to unsubscribe",
    "complaint": "reported our mail as spam",
    "left_company": "has left the company (or the mailbox is not read)",
    "colleague_left": "says a colleague has left and asks us to write to them",
}


def compose_digest(d: DigestInput) -> Digest:
    parts = sections(d)
    heading = f"mailbot digest{' for ' + d.company if d.company else ''}: {d.day:%a %d %b %Y}"
    intro = f"Since {when(d.since, d.zone)} (times are {_zone_name(d.zone)})."
    quiet = [p.title for p in parts if not p.items]
    shown = [p for p in parts if p.items]
    tail = f"Nothing to report in: {', '.join(quiet)}." if quiet else ""
    return Digest(subject_line(d), _text(heading, intro, shown, tail),
                  _html(heading, intro, shown, tail), not shown)  # fmt: skip


def sections(d: DigestInput) -> list[Section]:
    z = d.zone
    owed = [Item(f"{r.customer}: “{r.subject}” from {r.contact}",
                 (f"waiting since {when(r.since, z)} ({r.business_hours:.0f} business hours), "
                  f"thread #{r.thread_id}",))
            for r in sorted(d.owed, key=lambda r: (r.since, r.thread_id))]  # fmt: skip
    unknown = [Item(f"#{u.outbox_id} {u.kind} to {u.recipient} ({u.customer}): “{u.subject}”",
                    (f"attempted {when(u.at, z)}; it may have arrived: check, then "
                     f"`mailbot approve {u.outbox_id}` or `mailbot reject {u.outbox_id}`",))
               for u in sorted(d.unknown, key=lambda u: (u.at, u.outbox_id))]  # fmt: skip
    handoffs = [Item(f"{h.customer}: “{h.subject}”",
                     (f"no answer to our follow-ups (the last reply window closed "
                      f"{when(h.since, z)}); "
                      f"try {h.channel}" + (f": {', '.join(h.numbers)}" if h.numbers
                                            else " (no number on file)"),))
                for h in sorted(d.handoffs, key=lambda h: (h.since, h.thread_id))]  # fmt: skip
    leads = [Item(f"{n.customer}" + (f" ({n.country})" if n.country else "")
                  + f", first wrote {when(n.first_seen, z)}",
                  tuple(_lead_line(c) for c in n.contacts))
             for n in sorted(d.leads, key=lambda n: (n.first_seen, n.customer))]  # fmt: skip
    notices = [Item(f"{n.address} ({n.customer}) {_NOTICE_WORDS.get(n.kind, n.kind)}",
                    (f"{when(n.at, z)}" + (f": {n.detail}" if n.detail else ""),))
               for n in sorted(d.notices, key=lambda n: (n.at, n.address))]  # fmt: skip
    planned = [Item(f"{when(p.at, z)} {p.what} to {p.recipient} ({p.customer})")
               for p in sorted(d.planned, key=lambda p: (p.at, p.recipient))]  # fmt: skip
    return [
        _section("Replies we owe, oldest first", owed),
        _section("Sends with an unknown outcome, for a person to decide", unknown),
        _section("Follow-ups finished without an answer: a person takes over", handoffs),
        _section("New leads", leads),
        _section("Bounces, unsubscribes and leavers", notices),
        _section(f"Planned for tomorrow, {d.tomorrow:%a %d %b}", planned),
    ]


def subject_line(d: DigestInput) -> str:
    """Counts and the date only: nothing a customer wrote reaches the header."""
    counts = [
        _count(len(d.leads), "new lead", "new leads"),
        _count(len(d.owed), "reply owed", "replies owed"),
        _count(len(d.unknown), "unknown send", "unknown sends"),
        _count(len(d.handoffs), "hand-off", "hand-offs"),
        _count(len(d.notices), "bounce/unsubscribe", "bounces/unsubscribes"),
        _count(len(d.planned), "send tomorrow", "sends tomorrow"),
    ]
    said = ", ".join(c for c in counts if c) or "nothing needs you"
    return _CONTROL.sub(" ", f"mailbot digest {d.day:%a %d %b}: {said}")


def when(t: datetime, zone: tzinfo) -> str:
    return f"{t.astimezone(zone):%a %d %b %H:%M}"


def _lead_line(c: LeadContact) -> str:
    if c.verdict is None:
        return f"{c.email}: not checked yet"
    why = f" ({'; '.join(c.reasons)})" if c.reasons else ""
    return f"{c.email}: {c.verdict}{why}"


def _section(title: str, items: list[Item]) -> Section:
    return Section(title, tuple(items[:MAX_ITEMS]), len(items))


def _count(n: int, one: str, many: str) -> str:
    return "" if n == 0 else f"{n} {one if n == 1 else many}"


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", zone))


def _more(s: Section) -> str:
    return f"… and {s.total - len(s.items)} more" if s.total > len(s.items) else ""


def _text(heading: str, intro: str, shown: list[Section], tail: str) -> str:
    lines = [heading, intro, ""]
    for s in shown:
        lines.append(f"{s.title} ({s.total})")
        for item in s.items:
            lines.append(f"  - {_flat(item.line)}")
            lines += [f"      {_flat(x)}" for x in item.details]
        lines += [f"  {_more(s)}"] if _more(s) else []
        lines.append("")
    if tail:
        lines += [tail, ""]
    return "\n".join(lines)


def _html(heading: str, intro: str, shown: list[Section], tail: str) -> str:
    e = html.escape
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
           '<body style="font-family: sans-serif">',
           f"<h1>{e(heading)}</h1>", f"<p>{e(intro)}</p>"]  # fmt: skip
    for s in shown:
        out.append(f"<h2>{e(s.title)} ({s.total})</h2>\n<ul>")
        for item in s.items:
            details = "".join(f"<br><small>{e(_flat(x))}</small>" for x in item.details)
            out.append(f"<li>{e(_flat(item.line))}{details}</li>")
        out.append("</ul>" + (f"<p>{e(_more(s))}</p>" if _more(s) else ""))
    if tail:
        out.append(f"<p>{e(tail)}</p>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _flat(value: str) -> str:
    """One item, one line: a customer's line breaks must not forge digest lines."""
    return _CONTROL.sub(" ", value)
