"""Ingest: dedup, threading and customers, on a real SQLite store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mailbot.services.ingest import Ingestor, Outcome
from mailbot.store.db import open_engine, session_factory
from mailbot.store.mailstore import MailStore
from mailbot.store.models import Customer, CustomerAddress, Message, Thread
from tests.stores import db_url
from tests.unit.ingestkit import CONFIG, T0, pm


@pytest.fixture
def sessions(tmp_path):
    return session_factory(open_engine(db_url(tmp_path / "store.db")))


def ingest(sessions, *messages):
    outcomes = []
    with sessions.begin() as s:
        ingestor = Ingestor(MailStore(s), CONFIG, T0)
        outcomes = [ingestor.ingest(m) for m in messages]
    return outcomes


def threads(sessions) -> list[tuple[int, str, int]]:
    with sessions() as s:
        rows = s.execute(select(Thread.id, Thread.last_direction, Thread.message_count))
        return sorted(rows)


def test_duplicate_message_id_is_stored_once(sessions):
    """The same Message-ID twice is one row; the second is reported as a duplicate."""
    m = pm("<a@acme.de>", "hans@acme.de", "sales@gmuv-lighting.cn", "Quote", T0)
    assert ingest(sessions, m, m) == [Outcome.STORED, Outcome.DUPLICATE]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 1


def test_reply_before_original_joins_one_thread(sessions):
    """A reply stored before the mail it answers still ends up in the same thread."""
    original = pm("<q1@gmuv-lighting.cn>", "anna@gmuv-lighting.cn", "hans@acme.de", "Quote", T0)
    reply = pm(
        "<r1@acme.de>",
        "hans@acme.de",
        "sales@gmuv-lighting.cn",
        "AW: Quote",
        T0 + timedelta(days=1),
        refs=["<q1@gmuv-lighting.cn>"],
    )
    ingest(sessions, reply)
    ingest(sessions, original)
    assert threads(sessions) == [(1, "in", 2)]


def test_bridging_message_merges_threads(sessions):
    """Two threads that one later message references both become one."""
    a = pm("<a@acme.de>", "hans@acme.de", "sales@gmuv-lighting.cn", "Lamps", T0)
    b = pm("<b@acme.de>", "li@acme.de", "sales@gmuv-lighting.cn", "Ballasts", T0)
    bridge = pm(
        "<c@gmuv-lighting.cn>",
        "anna@gmuv-lighting.cn",
        "hans@acme.de",
        "Re: both",
        T0 + timedelta(hours=3),
        refs=["<a@acme.de>", "<b@acme.de>"],
    )
    ingest(sessions, a, b)
    assert len(threads(sessions)) == 2
    ingest(sessions, bridge)
    assert [(d, n) for _, d, n in threads(sessions)] == [("out", 3)]


def test_subject_fallback_only_within_customer_and_window(sessions):
    """Re: without references joins the same customer's thread in the window, nobody else's."""
    first = pm("<q@gmuv-lighting.cn>", "anna@gmuv-lighting.cn", "hans@acme.de", "Quotation UVC", T0)
    same_customer = pm(
        "<x@acme.de>",
        "li@acme.de",
        "sales@gmuv-lighting.cn",
        "AW: Quotation UVC",
        T0 + timedelta(days=3),
    )
    other_customer = pm(
        "<y@beta.com>",
        "bob@beta.com",
        "sales@gmuv-lighting.cn",
        "Re: Quotation UVC",
        T0 + timedelta(days=3),
    )
    much_later = pm(
        "<z@acme.de>",
        "hans@acme.de",
        "sales@gmuv-lighting.cn",
        "Re: Quotation UVC",
        T0 + timedelta(days=400),
    )
    ingest(sessions, first, same_customer, other_customer, much_later)
    assert sorted(n for _, _, n in threads(sessions)) == [1, 1, 2]


def test_company_addresses_are_one_customer_freemail_are_not(sessions):
    """Two people at acme.de are one customer; two gmail users are two."""
    ingest(
        sessions,
        pm("<1@acme.de>", "hans@acme.de", "sales@gmuv-lighting.cn", "A", T0),
        pm("<2@acme.de>", "li@acme.de", "sales@gmuv-lighting.cn", "B", T0),
        pm("<3@gmail.com>", "raj@gmail.com", "sales@gmuv-lighting.cn", "C", T0),
        pm("<4@gmail.com>", "ana@gmail.com", "sales@gmuv-lighting.cn", "D", T0),
    )
    with sessions() as s:
        keys = sorted(s.scalars(select(Customer.key)))
        assert keys == ["acme.de", "ana@gmail.com", "raj@gmail.com"]
        assert s.scalar(select(func.count()).select_from(CustomerAddress)) == 4


def test_bounce_and_internal_mail_create_no_customer(sessions):
    """Mailer-daemon and colleague-to-colleague mail are stored but belong to no customer."""
    ingest(
        sessions,
        pm("<b@mx>", "mailer-daemon@mx.acme.de", "sales@gmuv-lighting.cn", "Undeliverable", T0),
        pm("<i@gmuv-lighting.cn>", "anna@gmuv-lighting.cn", "leo@gmuv-lighting.cn", "Lunch", T0),
    )
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 0
        assert s.scalar(select(func.count()).select_from(Message)) == 2


def test_thread_summary_tracks_who_wrote_last(sessions):
    """Out-of-order dates: last_direction follows the newest message, not the last stored."""
    q = pm("<q@gmuv-lighting.cn>", "anna@gmuv-lighting.cn", "hans@acme.de", "Q", T0)
    r = pm(
        "<r@acme.de>",
        "hans@acme.de",
        "sales@gmuv-lighting.cn",
        "Re: Q",
        T0 + timedelta(days=2),
        refs=["<q@gmuv-lighting.cn>"],
    )
    early = pm(
        "<e@acme.de>",
        "hans@acme.de",
        "sales@gmuv-lighting.cn",
        "Re: Q",
        T0 - timedelta(days=1),
        refs=["<q@gmuv-lighting.cn>"],
    )
    ingest(sessions, q, r, early)
    with sessions() as s:
        t = s.scalar(select(Thread))
        assert (t.last_direction, t.message_count) == ("in", 3)
        assert t.started_at == T0 - timedelta(days=1)
        assert t.last_outbound_at == T0 and t.last_inbound_at == T0 + timedelta(days=2)


def test_summary_added_batch_by_batch_equals_a_recount(sessions):
    """Ingest folds each batch into the stored summary; a full recount agrees with it."""
    q = pm("<q@gmuv-lighting.cn>", "anna@gmuv-lighting.cn", "hans@acme.de", "Q", T0)
    later = [
        pm(
            f"<r{i}@acme.de>",
            "hans@acme.de" if i % 2 else "anna@gmuv-lighting.cn",
            "sales@gmuv-lighting.cn" if i % 2 else "hans@acme.de",
            "Re: Q",
            T0 + timedelta(hours=(-1) ** i * i),
            refs=["<q@gmuv-lighting.cn>"],
        )
        for i in range(1, 6)
    ]
    with sessions.begin() as s:
        ingestor = Ingestor(MailStore(s), CONFIG, T0)
        ingestor.ingest_batch([(q, None), (later[0], None)])
        ingestor.ingest_batch([(m, None) for m in later[1:]])
    columns = (Thread.started_at, Thread.last_message_at, Thread.last_direction)
    columns += (Thread.last_inbound_at, Thread.last_outbound_at, Thread.message_count)
    with sessions.begin() as s:
        folded = s.execute(select(Thread.id, *columns)).one()
        MailStore(s).refresh_threads({folded.id})
    with sessions() as s:
        assert s.execute(select(Thread.id, *columns)).one() == folded
    assert folded.message_count == 6 and folded.started_at == T0 - timedelta(hours=5)
