"""The reply classifier: what an inbound message means for a follow-up, and why.

A pure function of the parsed message and a little context. The checks run in an
order that matters (DOMAIN.md §3):
  1. complaint — an ARF feedback report;
  2. bounce / delivery_status — RFC 3464 fields, flufl.bounce, mail-system cues
     (before the auto-reply headers: many bounces say Auto-Submitted too), then
     read receipts (RFC 8098 MDNs) as delivery_status;
  3. automatic headers or an anchored auto-reply/absence/receipt subject — the text
     then tells left_company, out_of_office (with its dates), bulk or auto_reply
     (before Precedence/List-*: Gmail vacation replies say Precedence: bulk);
  4. bulk — list and newsletter headers or a no-reply sender, unless it is a reply
     (a person answering in a mailing list is a person);
  5. body cues alone, only in a short plain text (autoreply.plain_short);
  6. unsubscribe — a person asking to stop;
  7. human.
Uncertainty falls towards "human": a real reply called automatic would make mailbot
chase someone who answered. The same holds for an internal error (see `classify`).
"""

from __future__ import annotations

from datetime import date, timedelta

from mailbot.domain import autoreply as auto
from mailbot.domain import phrases
from mailbot.domain import phrases_person as person
from mailbot.domain.bounces import Finding, read_bounce
from mailbot.domain.message import ParsedMessage
from mailbot.domain.returndate import find_absence
from mailbot.domain.verdict import Absence, Bounce, Classification, Context, ReplyKind

__all__ = ["Absence", "Bounce", "Classification", "Context", "ReplyKind", "classify"]
_WINDOW_END = 650  # a cue must start within auto.CUE_WINDOW; phrases are far shorter than 300
LEFT_TEXT = 1200  # a colleague's "X has left, write to me" note may be a little longer


def classify(msg: ParsedMessage, context: Context = Context()) -> Classification:  # noqa: B008
    """Classify an inbound message. Never raises.

    On an internal error the answer is HUMAN with a "classifier error" reason: the
    failure then costs at most one follow-up we do not send (and a person sees the
    reason), never a chase of someone who replied.
    """
    try:
        return _classify(msg, context)
    except Exception as exc:  # noqa: BLE001 - the promise is "never raises"
        return Classification(ReplyKind.HUMAN, (f"classifier error: {exc!r}; assumed human",))


def _classify(msg: ParsedMessage, context: Context) -> Classification:
    steps = (_complaint, _bounce, _receipt, _automatic, _bulk, _body_only, _unsubscribe)
    for step in steps:
        if (verdict := step(msg, context)) is not None:
            return verdict
    return Classification(ReplyKind.HUMAN, (_human_reason(msg),))


def _report_type(msg: ParsedMessage) -> str:
    ctype = msg.headers.get("content-type", "").lower().replace('"', "").replace(" ", "")
    return ctype.partition("report-type=")[2].split(";")[0]


def _complaint(msg: ParsedMessage, context: Context) -> Classification | None:
    if _report_type(msg) == "feedback-report":
        return Classification(ReplyKind.COMPLAINT, ("it is an ARF feedback report (RFC 5965)",))
    if msg.headers.get("feedback-type"):
        why = f"it carries Feedback-Type: {msg.headers['feedback-type']}"
        return Classification(ReplyKind.COMPLAINT, (why,))
    return None


def _bounce(msg: ParsedMessage, context: Context) -> Classification | None:
    finding = read_bounce(msg)
    if finding is None:
        return None
    kind = ReplyKind.BOUNCE if finding.failed else ReplyKind.DELIVERY_STATUS
    return Classification(kind, finding.reasons, bounce=_to_bounce(finding))


def _to_bounce(f: Finding) -> Bounce:
    return Bounce(f.permanent and f.failed, f.recipients, f.status, f.original_message_id)


def _receipt(msg: ParsedMessage, context: Context) -> Classification | None:
    """A read (or deleted-unread) receipt: news about our mail, not a reply."""
    if _report_type(msg) != "disposition-notification":
        return None
    why = "it is a message disposition notification (RFC 8098 read receipt)"
    return Classification(ReplyKind.DELIVERY_STATUS, (why,))


def _automatic(msg: ParsedMessage, context: Context) -> Classification | None:
    """Headers or an anchored subject say a machine answered; the text says which kind."""
    header, subject = auto.auto_header(msg), auto.subject_cue(msg.subject)
    if header is None and subject is None:
        return None
    reasons = [header] if header else []
    if subject:
        reasons.append(f"the subject starts with an {subject} prefix: {msg.subject[:60]!r}")
    text = auto.cue_text(msg)
    if header is None and auto.person_signs(msg, greeting=False):
        return None  # a subject prefix alone, over a person's text ("Urlaub" + "send it?")
    away = phrases.ABSENCE.search(text)
    left = person.LEFT_STRONG.search(text) or (not away and person.LEFT_MAILBOX.search(text))
    receipt = phrases.AUTOMATED.search(text) or phrases.RECEIPT.search(text)
    if left:
        return _left(msg, [*reasons, f"the text says {left.group(0)!r}"], automatic=True)
    if away or subject == "absence":
        said = [f"the text says {away.group(0)!r}"] if away else []
        return _away(msg, context, [*reasons, *said])
    if subject == "ack" and header is None and receipt is None:
        return None  # "Thank you for your inquiry" as a subject alone: could be a person
    if (bulk := auto.bulk_header(msg)) and not auto.is_reply(msg) and not receipt:
        return Classification(ReplyKind.BULK, (*reasons, bulk, "and it answers nothing"))
    if receipt:
        return Classification(ReplyKind.AUTO_REPLY, (*reasons, f"the text says {receipt[0]!r}"))
    return _automatic_without_phrase(msg, context, reasons, subject)


def _automatic_without_phrase(
    msg: ParsedMessage, context: Context, reasons: list[str], subject: str | None
) -> Classification:
    """No absence, departure or receipt words we know: a stated return date, a stock
    absence sentence or an Outlook-style 'Automatic reply:' subject make it an absence."""
    text = auto.cue_text(msg)
    stated = find_absence(auto.own_text(msg), _local_date(msg), context.country, stated_only=True)
    formula = phrases.ABSENCE_FORMULA.search(text)
    courtesy = phrases.COURTESY.search(text)
    if stated.return_date or ((formula or subject == "automatic") and not courtesy):
        return _away(msg, context, [*reasons, "an automatic reply with no other purpose"])
    said = f"the text says {courtesy[0]!r}" if courtesy else "no absence is stated"
    return Classification(ReplyKind.AUTO_REPLY, (*reasons, said))


def _bulk(msg: ParsedMessage, context: Context) -> Classification | None:
    why = auto.bulk_header(msg)
    if why is None or auto.is_reply(msg):
        return None
    return Classification(ReplyKind.BULK, (why, "and it answers no message"))


def _body_only(msg: ParsedMessage, context: Context) -> Classification | None:
    """Body phrases without headers or subject cues (see autoreply.plain_short).

    The phrase tables are large; they are searched only where a cue may decide
    (a short text, a phrase near the top), which keeps a long human reply cheap.
    """
    text = " ".join(msg.text.split())
    if len(text) > max(auto.SHORT_TEXT, LEFT_TEXT):
        return None
    left = person.LEFT_STRONG.search(text, 0, _WINDOW_END)
    if left and _left_note(text, left.start()) and not auto.person_signs(msg, greeting=False):
        reasons = ["no automatic headers", f"but the text says {left.group(0)!r}"]
        return _left(msg, reasons, automatic=False)
    if len(msg.text) > auto.SHORT_TEXT:
        return None  # plain_short would refuse any cue found below
    for kind, pattern in (
        (ReplyKind.AUTO_REPLY, phrases.AUTOMATED),
        (ReplyKind.OUT_OF_OFFICE, phrases.ABSENCE),
        (ReplyKind.LEFT_COMPANY, person.LEFT_MAILBOX),
    ):
        if (m := pattern.search(text, 0, _WINDOW_END) or pattern.search(text)) is None:
            continue
        if auto.plain_short(msg, context, m.start()) is not None:
            return None  # a person may write these words too: stay human
        reasons = ["no automatic headers", f"but the short text says {m.group(0)!r}"]
        if kind is ReplyKind.OUT_OF_OFFICE:
            return _away_if_stock(msg, context, reasons)
        if kind is ReplyKind.LEFT_COMPANY:
            return _left(msg, reasons, automatic=False)
        return Classification(kind, tuple(reasons))
    return None


def _left_note(text: str, at: int) -> bool:
    """A departure is news whoever writes it (the mailbox's notice, or a colleague who
    greets us by name), as long as the text is about it, not about an order."""
    return len(text) <= LEFT_TEXT and at <= auto.CUE_WINDOW


def _away_if_stock(
    msg: ParsedMessage, context: Context, reasons: list[str]
) -> Classification | None:
    """Without headers an absence needs a return date or a stock sentence besides:
    "I'm travelling, will look at it later" is a person answering."""
    verdict = _away(msg, context, reasons)
    if verdict.absence and verdict.absence.return_date:
        return verdict
    return verdict if phrases.ABSENCE_FORMULA.search(auto.cue_text(msg)) else None


def _unsubscribe(msg: ParsedMessage, context: Context) -> Classification | None:
    if auto.bulk_header(msg) and not auto.is_reply(msg):
        return None  # a newsletter's own "unsubscribe" footer
    if why := auto.stop_request(msg):
        return Classification(ReplyKind.UNSUBSCRIBE, (why,))
    return None


def _left(msg: ParsedMessage, reasons: list[str], automatic: bool) -> Classification:
    new = auto.replacement(msg, automatic)
    if new:
        reasons.append(f"it names {new} as the new contact")
    return Classification(ReplyKind.LEFT_COMPANY, tuple(reasons), replacement=new)


def _away(msg: ParsedMessage, context: Context, reasons: list[str]) -> Classification:
    received = _local_date(msg)
    absence = find_absence(auto.own_text(msg), received, context.country)
    if absence.return_date is None and msg.subject:  # "Out of office until 14.03."; our own
        # subject may carry dates too ("Offer 2026-03-09"): only ones with a role count
        in_subject = find_absence(msg.subject, received, context.country, stated_only=True)
        absence = in_subject if in_subject.return_date else absence
    if absence.return_date is not None:
        how = "certain" if absence.certain else "uncertain"
        reasons.append(f"back on {absence.return_date.isoformat()} ({how})")
    else:
        reasons.append("no return date stated")
    return Classification(ReplyKind.OUT_OF_OFFICE, tuple(reasons), absence=absence)


def _local_date(msg: ParsedMessage) -> date:
    """The day the mail was sent on the sender's calendar, when the Date header says."""
    offset = timedelta(minutes=msg.date_offset_minutes or 0)
    return (msg.date + offset).date()


def _human_reason(msg: ParsedMessage) -> str:
    sender = msg.from_.email if msg.from_ and msg.from_.email else "the sender"
    return f"no automatic, bounce or list signs: {sender} wrote it"
