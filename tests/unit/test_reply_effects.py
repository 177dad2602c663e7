"""Effects of classified replies on a real SQLite store: suppressions, bounces, absences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from mailbot.domain.classify import Absence, Bounce, Classification, ReplyKind
from mailbot.services.ingest import Ingestor
from mailbot.services.replies import Classified, ReplyEffects
from mailbot.store.db import open_engine, session_factory
from mailbot.store.mailstore import MailStore
from mailbot.store.models import BounceEvent, CustomerAddress, Suppression, Thread
from tests.stores import db_url
from tests.unit.ingestkit import CONFIG, T0, pm

OURS = "<q1@gmuv-lighting.cn>"


@pytest.fixture
def sessions(tmp_path):
    return session_factory(open_engine(db_url(tmp_path / "store.db")))


def verdict(kind: ReplyKind, **kw) -> Classification:
    return Classification(kind, ("test",), **kw)


def quote_then(sessions, *replies):
    """Our quote to hans@acme.de, then the given (message, verdict) pairs, one batch each."""
    quote = pm(OURS, "anna@gmuv-lighting.cn", "hans@acme.de", "Quote", T0)
    batches = [[(quote, None)], *[[r] for r in replies]]
    for batch in batches:
        with sessions.begin() as s:
            verdicts = {m.message_id: v for m, v in batch if v is not None}
            Ingestor(MailStore(s), CONFIG, T0).ingest_batch([(m, None) for m, _ in batch], verdicts)


def reply(mid: str, sender: str = "hans@acme.de", days: float = 1, **kw):
    return pm(
        mid,
        sender,
        "sales@gmuv-lighting.cn",
        "Re: Quote",
        T0 + timedelta(days=days),
        refs=[OURS],
        **kw,
    )


def count(sessions, model, *where) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_auto_reply_does_not_count_as_customer_reply(sessions):
    """An out-of-office in the thread leaves 'we wrote last' untouched."""
    ooo = verdict(ReplyKind.OUT_OF_OFFICE, absence=Absence(None, date(2026, 3, 16), True))
    quote_then(sessions, (reply("<a@acme.de>"), ooo))
    with sessions() as s:
        thread = s.scalar(select(Thread))
    assert (thread.message_count, thread.last_direction) == (2, "out")
    assert thread.last_inbound_at is None


def test_out_of_office_opens_absence_and_human_reply_closes_it(sessions):
    """OOO stores the window; a later human message from them ends it early."""
    ooo = verdict(ReplyKind.OUT_OF_OFFICE, absence=Absence(None, date(2026, 3, 16), True))
    quote_then(sessions, (reply("<a@acme.de>"), ooo))
    with sessions() as s:
        contact = s.get(CustomerAddress, "hans@acme.de")
        assert (contact.absent_until, contact.absence_certain) == (date(2026, 3, 16), True)
        assert contact.absence_ended_at is None
    quote_then(sessions, (reply("<b@acme.de>", days=3), verdict(ReplyKind.HUMAN)))
    with sessions() as s:
        contact = s.get(CustomerAddress, "hans@acme.de")
        assert contact.absence_ended_at == T0 + timedelta(days=3)
        assert s.scalar(select(Thread.last_direction)) == "in"


def test_hard_bounce_suppresses_and_links_our_message(sessions):
    """A permanent failure marks the address undeliverable, suppresses it, links our mail."""
    bounce = verdict(ReplyKind.BOUNCE, bounce=Bounce(True, ("hans@acme.de",), "5.1.1", OURS))
    quote_then(sessions, (reply("<dsn@mx>", sender="mailer-daemon@mx.acme.de"), bounce))
    with sessions() as s:
        event = s.scalar(select(BounceEvent))
        assert event.our_message_id is not None and event.status == "5.1.1"
        assert s.get(CustomerAddress, "hans@acme.de").status == "undeliverable"
        sup = s.scalar(select(Suppression))
        assert (sup.address, sup.reason) == ("hans@acme.de", "hard_bounce")


def test_soft_bounces_suppress_after_the_limit(sessions):
    """Temporary failures suppress only when the configured count is reached in the window."""
    soft = verdict(ReplyKind.BOUNCE, bounce=Bounce(False, ("hans@acme.de",), "4.2.2", OURS))
    limit = CONFIG.replies.soft_bounce_limit
    for i in range(limit - 1):
        quote_then(sessions, (reply(f"<s{i}@mx>", "mailer-daemon@mx.acme.de", days=i + 1), soft))
    assert count(sessions, Suppression) == 0
    quote_then(sessions, (reply("<last@mx>", "mailer-daemon@mx.acme.de", days=limit), soft))
    with sessions() as s:
        assert s.scalar(select(Suppression.reason)) == "soft_bounces"


def test_unsubscribe_suppresses_sender_and_counts_as_reply(sessions):
    """'Please remove me' stops mail to that address; a person wrote, so it is a reply."""
    quote_then(sessions, (reply("<u@acme.de>"), verdict(ReplyKind.UNSUBSCRIBE)))
    with sessions() as s:
        assert s.scalar(select(Suppression.address)) == "hans@acme.de"
        assert s.scalar(select(Thread.last_direction)) == "in"


def test_left_company_marks_inactive_and_adds_replacement(sessions):
    """The contact becomes inactive; the named successor joins the customer for review."""
    left = verdict(ReplyKind.LEFT_COMPANY, replacement="petra@acme.de")
    quote_then(sessions, (reply("<l@acme.de>"), left))
    with sessions() as s:
        old = s.get(CustomerAddress, "hans@acme.de")
        new = s.get(CustomerAddress, "petra@acme.de")
        assert old.status == "inactive" and old.needs_review
        assert new.customer_id == old.customer_id and new.needs_review
        assert "hans@acme.de" in new.status_reason


def test_effects_are_idempotent(sessions):
    """Applying the same classification twice adds no second suppression or bounce event."""
    bounce = verdict(ReplyKind.BOUNCE, bounce=Bounce(True, ("hans@acme.de",), "5.1.1", OURS))
    msg = reply("<dsn@mx>", sender="mailer-daemon@mx.acme.de")
    quote_then(sessions, (msg, bounce))
    with sessions.begin() as s:
        pk = s.scalar(select(BounceEvent.bounce_message_id))
        ReplyEffects(s, CONFIG.replies, T0).apply(Classified(pk, msg, bounce, None))
    assert count(sessions, Suppression) == 1 and count(sessions, BounceEvent) == 1


def test_an_auto_reply_applied_again_leaves_a_closed_absence_closed(sessions):
    """Out of office on day 1, back in person on day 3: the auto-reply's verdict applied
    once more (or arriving late) does not reopen the absence the reply closed."""
    ooo = verdict(ReplyKind.OUT_OF_OFFICE, absence=Absence(None, date(2026, 3, 16), True))
    away = reply("<a@acme.de>")
    quote_then(sessions, (away, ooo), (reply("<b@acme.de>", days=3), verdict(ReplyKind.HUMAN)))
    with sessions.begin() as s:
        pk = s.get(CustomerAddress, "hans@acme.de").absence_message_id
        assert pk is not None
        ReplyEffects(s, CONFIG.replies, T0).apply(Classified(pk, away, ooo, None))
    with sessions() as s:
        assert s.get(CustomerAddress, "hans@acme.de").absence_ended_at == T0 + timedelta(days=3)
    quote_then(sessions, (reply("<late@acme.de>", days=2), ooo))  # delayed: dated day 2
    with sessions() as s:
        contact = s.get(CustomerAddress, "hans@acme.de")
        assert contact.absence_ended_at == T0 + timedelta(days=3)
        assert contact.absent_since == T0 + timedelta(days=1)


def test_a_lifted_suppression_stays_lifted_when_its_request_is_applied_again(sessions):
    """Hans asked to stop, a person lifted it (he wrote to order after all): the same
    request's verdict applied again does not suppress him anew."""
    stop = reply("<u@acme.de>")
    quote_then(sessions, (stop, verdict(ReplyKind.UNSUBSCRIBE)))
    with sessions.begin() as s:
        sup = s.scalar(select(Suppression))
        sup.removed_at = T0 + timedelta(days=2)
        pk = sup.source_message_id
    with sessions.begin() as s:
        effects = ReplyEffects(s, CONFIG.replies, T0 + timedelta(days=3))
        effects.apply(Classified(pk, stop, verdict(ReplyKind.UNSUBSCRIBE), None))
    assert count(sessions, Suppression) == 1
    assert count(sessions, Suppression, Suppression.removed_at.is_(None)) == 0


def test_customer_scope_unsubscribe(sessions):
    """With unsubscribe_scope = customer the whole company is suppressed."""
    config = CONFIG.model_copy(
        update={"replies": CONFIG.replies.model_copy(update={"unsubscribe_scope": "customer"})}
    )
    quote = pm(OURS, "anna@gmuv-lighting.cn", "hans@acme.de", "Quote", T0)
    with sessions.begin() as s:
        ing = Ingestor(MailStore(s), config, T0)
        ing.ingest_batch([(quote, None)])
        ing.ingest_batch(
            [(reply("<u@acme.de>"), None)], {"<u@acme.de>": verdict(ReplyKind.UNSUBSCRIBE)}
        )
    with sessions() as s:
        sup = s.scalar(select(Suppression))
        assert sup.customer_id is not None and sup.reason == "unsubscribe"


def test_colleague_naming_themselves_stays_active(sessions):
    """'Hans has left, write to me' from petra@: petra is the contact, flagged for review."""
    quote_then(
        sessions,
        (
            reply("<p@acme.de>", sender="petra@acme.de"),
            verdict(ReplyKind.LEFT_COMPANY, replacement="petra@acme.de"),
        ),
    )
    with sessions() as s:
        petra = s.get(CustomerAddress, "petra@acme.de")
        assert petra.status == "active" and petra.needs_review
