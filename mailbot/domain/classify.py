"""The reply classifier: what an inbound message means for a follow-up, and why.

A pure function of the parsed message and a little context. The checks run in an
order that matters (DOMAIN.md §3):
  1. complaint — an ARF feedback report;
  2. bounce / delivery_status — RFC 3464 fields, flufl.bounce, mail-system cues
     (before the auto-reply headers: many bounces say Auto-Submitted too);
  3. automatic headers or an anchored auto-reply/absence subject — then the text
     tells left_company, out_of_office (with its dates), bulk or auto_reply
     (before Precedence/List-*: Gmail vacation replies say Precedence: bulk);
  4. body cues alone, only in a short plain text (autoreply.plain_short);
  5. unsubscribe — a person asking to stop;
  6. bulk — list and newsletter headers, unless it is a reply (a person answering
     in a mailing list is a person);
  7. human.
Uncertainty falls towards "human": a real reply called automatic would make mailbot
chase someone who answered. The same holds for an internal error (see `classify`).
"""

from __future__ import annotations

from datetime import date, timedelta

from mailbot.domain import autoreply as auto
from mailbot.domain import phrases
from mailbot.domain.bounces import Finding, read_bounce
from mailbot.domain.message import ParsedMessage
from mailbot.domain.returndate import find_absence
from mailbot.domain.verdict import Absence, Bounce, Classification, Context, ReplyKind

__all__ = ["Absence", "Bounce", "Classification", "Context", "ReplyKind", "classify"]


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
    for step in (_complaint, _bounce, _automatic, _body_only, _unsubscribe, _bulk):
        if (verdict := step(msg, context)) is not None:
            return verdict
    return Classification(ReplyKind.HUMAN, (_human_reason(msg),))


def _complaint(msg: ParsedMessage, context: Context) -> Classification | None:
    ctype = msg.headers.get("content-type", "").lower().replace('"', "")
    if "report-type=feedback-report" in ctype.replace(" ", ""):
        return Classification(ReplyKind.COMPLAINT, ("it is an ARF feedback report (RFC 5965)",))
    if msg.headers.get("feedback-type"):
        why = f"it carries Feedback-Type: {msg.headers['feedback-type']}"
        return Classification(ReplyKind.COMPLAINT, (why,))
    return None


def _bounce(msg: ParsedMessage, context: Context) -> Classification | None:
    finding = read_bounce(msg)
    if finding is None:
        return None
    bounce = _to_bounce(finding)
    kind = ReplyKind.BOUNCE if finding.failed else ReplyKind.DELIVERY_STATUS
    return Classification(kind, finding.reasons, bounce=bounce)


def _to_bounce(f: Finding) -> Bounce:
    return Bounce(f.permanent and f.failed, f.recipients, f.status, f.original_message_id)


def _automatic(msg: ParsedMessage, context: Context) -> Classification | None:
    """Headers or an anchored subject say a machine answered; the text says which kind."""
    why = auto.auto_header(msg)
    subject = auto.subject_cue(msg.subject)
    if why is None and subject is None:
        return None
    reasons = [why] if why else []
    if subject:
        reasons.append(f"the subject starts with an {subject} prefix: {msg.subject[:60]!r}")
    text = auto.cue_text(msg)
    away = auto.absence_phrase(text)
    if left := auto.left_phrase(text, away is not None):
        return _left(msg, [*reasons, f"the text says {left!r}"])
    if away or subject == "absence":
        said = [f"the text says {away!r}"] if away else []
        return _away(msg, context, [*reasons, *said])
    if (bulk := auto.bulk_header(msg)) and not auto.is_reply(msg):
        return Classification(ReplyKind.BULK, (*reasons, bulk, "and it answers nothing"))
    if ack := auto.acknowledgement_phrase(text):
        return Classification(ReplyKind.AUTO_REPLY, (*reasons, f"the text says {ack!r}"))
    away_msg = _away(msg, context, [*reasons, "it states a return date"])
    if away_msg.absence and away_msg.absence.return_date:
        return away_msg  # "Automatic reply" with a date and no phrase we know: an absence
    return Classification(ReplyKind.AUTO_REPLY, (*reasons, "no absence is stated"))


def _body_only(msg: ParsedMessage, context: Context) -> Classification | None:
    """Body phrases without headers: only in a short, plain text (autoreply.plain_short)."""
    text = msg.text
    found = (
        (ReplyKind.LEFT_COMPANY, phrases.LEFT_STRONG.search(text)),
        (ReplyKind.AUTO_REPLY, phrases.AUTOMATED.search(text)),
        (ReplyKind.OUT_OF_OFFICE, phrases.ABSENCE.search(text)),
        (ReplyKind.LEFT_COMPANY, phrases.LEFT_MAILBOX.search(text)),
    )
    kind, m = next(((k, m) for k, m in found if m is not None), (None, None))
    if kind is None or m is None or auto.plain_short(msg, context, m.start()) is not None:
        return None  # a person may write these words too: stay human
    reasons = ["no automatic headers", f"but the short text says {m.group(0)!r}"]
    if kind is ReplyKind.LEFT_COMPANY:
        return None if auto.handover(text) else _left(msg, reasons)
    if kind is ReplyKind.AUTO_REPLY:
        return Classification(kind, tuple(reasons))
    verdict = _away(msg, context, reasons)
    formula = phrases.ABSENCE_FORMULA.search(text)
    if formula is None and not (verdict.absence and verdict.absence.return_date):
        return None  # "I'm travelling" with neither a stock phrase nor a date: a person
    return verdict


def _unsubscribe(msg: ParsedMessage, context: Context) -> Classification | None:
    if auto.bulk_header(msg) and not auto.is_reply(msg):
        return None  # a newsletter's own "unsubscribe" footer
    if why := auto.stop_request(msg):
        return Classification(ReplyKind.UNSUBSCRIBE, (why,))
    return None


def _bulk(msg: ParsedMessage, context: Context) -> Classification | None:
    why = auto.bulk_header(msg)
    if why is None or auto.is_reply(msg):
        return None
    return Classification(ReplyKind.BULK, (why, "and it answers no message"))


def _left(msg: ParsedMessage, reasons: list[str]) -> Classification:
    new = auto.replacement(msg)
    if new:
        reasons.append(f"it names {new} as the new contact")
    return Classification(ReplyKind.LEFT_COMPANY, tuple(reasons), replacement=new)


def _away(msg: ParsedMessage, context: Context, reasons: list[str]) -> Classification:
    received = _local_date(msg)
    absence = find_absence(auto.cue_text(msg), received, context.country)
    if absence.return_date is None and msg.subject:
        absence = find_absence(msg.subject, received, context.country)
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
