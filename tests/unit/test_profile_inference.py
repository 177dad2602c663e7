"""Profile inference on a real SQLite store: watermark, wins-twice, explicit values, demo truth."""

from __future__ import annotations

import runpy
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from mailbot.adapters.mailfile import read_messages
from mailbot.cli.demo import sample_mailbox
from mailbot.config import parse_config
from mailbot.domain.parties import freemail_domains
from mailbot.services.facts import set_explicit
from mailbot.services.importer import import_messages
from mailbot.services.profiles import infer_profiles
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Customer, ProfileFact
from tests.mailgen import mail
from tests.stores import db_url

CONFIG = parse_config({"company": {"own_domains": ["gmuv-lighting.cn"]}})
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BERLIN = timezone(timedelta(hours=1))
ROOT = Path(__file__).resolve().parents[2]
SEQ = iter(range(1, 10_000))


@pytest.fixture
def sessions(tmp_path):
    return session_factory(open_engine(db_url(tmp_path / "store.db")))


def deliver(sessions, sender, signature="", when=NOW, body="Please quote 200 UVC lamps."):
    """Import one inbound message the way `mailbot import` does."""
    raw = mail(next(SEQ), sender, "sales@gmuv-lighting.cn", "Inquiry", when,
               f"{body}\n\nBest regards,\n{signature}\n")  # fmt: skip
    import_messages([(raw, None)], CONFIG, sessions, lambda: NOW)


def infer(sessions, customer_ids=None):
    with sessions.begin() as session:
        return infer_profiles(session, CONFIG, NOW, customer_ids)


def profile(sessions, key):
    with sessions() as session:
        c = session.scalar(select(Customer).where(Customer.key == key))
        facts = session.scalars(select(ProfileFact).where(ProfileFact.customer_id == c.id))
        return c.country, c.timezone, {f.field: f.source for f in facts}


def test_new_mail_is_read_once(sessions):
    """A Berlin landline gives DE/Berlin; a second run with no new mail reads nothing."""
    deliver(sessions, "hans@lichttechnik.com", "Tel: +49 30 1234567", NOW.astimezone(BERLIN))
    first = infer(sessions)
    assert (first.customers, first.messages) == (1, 1)
    country, zone, sources = profile(sessions, "lichttechnik.com")
    assert (country, zone, sources["country"]) == ("DE", "Europe/Berlin", "signature_phone")
    assert infer(sessions).customers == 0


def test_inferred_value_moves_after_two_winning_runs(sessions):
    """Vienna (+43 1) must win two runs to replace Berlin; two mails in one run are one win."""
    deliver(sessions, "hans@lichttechnik.com", "Tel: +49 30 1234567")
    infer(sessions)
    deliver(sessions, "hans@lichttechnik.com", "Tel: +43 1 234 5678")
    deliver(sessions, "eva@lichttechnik.com", "Tel: +43 1 234 5690")
    infer(sessions)
    assert profile(sessions, "lichttechnik.com")[:2] == ("DE", "Europe/Berlin")
    deliver(sessions, "hans@lichttechnik.com", "Tel: +43 1 234 5678")
    infer(sessions)
    assert profile(sessions, "lichttechnik.com")[:2] == ("AT", "Europe/Vienna")


def test_weaker_evidence_never_challenges(sessions):
    """A Vienna landline set AT; two runs of mail with only the .de domain leave it AT."""
    deliver(sessions, "k@firma.de", "Tel: +43 1 234 5678")
    infer(sessions)
    for _ in range(2):
        deliver(sessions, "k@firma.de", "Klaus")
        infer(sessions)
    assert profile(sessions, "firma.de")[:2] == ("AT", "Europe/Vienna")


def test_imported_value_survives(sessions):
    """A country someone imported stays, whatever the mail says; the zone is chosen within it."""
    deliver(sessions, "m@pureair.com", "Tel: +1 (617) 555-0142")
    with sessions.begin() as session:
        c = session.scalar(select(Customer).where(Customer.key == "pureair.com"))
        set_explicit(session, c, "country", "CA", "import", NOW)
    deliver(sessions, "m@pureair.com", "Tel: +44 20 7946 0123",
            datetime(2026, 3, 3, 9, tzinfo=timezone(timedelta(hours=-8))))  # fmt: skip
    infer(sessions)
    country, zone, sources = profile(sessions, "pureair.com")
    # -0800 in March before DST (Canada switches on 8 March 2026) is Pacific: Vancouver.
    assert (country, sources["country"], zone) == ("CA", "import", "America/Vancouver")


def test_global_freemail_without_evidence_stays_unknown(sessions):
    """A gmail user writing from a UTC clock with no phone is never given a country or zone."""
    deliver(sessions, "buyer@gmail.com", "Buyer", NOW)
    infer(sessions)
    country, zone, sources = profile(sessions, "buyer@gmail.com")
    assert (country, zone) == (None, None) and "country" not in sources


def test_only_the_given_customers(sessions):
    """`customer_ids` limits the run; the others keep their watermark for the next one."""
    deliver(sessions, "a@firma.de")
    deliver(sessions, "b@empresa.com.br")
    with sessions() as session:
        ids = dict(session.execute(select(Customer.key, Customer.id)).all())
    assert infer(sessions, [ids["firma.de"]]).customers == 1
    assert profile(sessions, "empresa.com.br")[0] is None
    assert infer(sessions).customers == 1
    assert profile(sessions, "empresa.com.br")[:2] == ("BR", "America/Sao_Paulo")


def demo_truth():
    """Each invented demo customer's country and zone, from the generator of the mailbox."""
    generator = runpy.run_path(str(ROOT / "scripts/make_demo_mailbox.py"), run_name="demo_gen")
    return generator["CUSTOMERS"].values()


def test_demo_mailbox_matches_the_generator(sessions):
    """≥ 90% right country where a phone is signed; free-mail users are right or unknown."""
    import_messages(read_messages(sample_mailbox(), "mbox"), CONFIG, sessions, lambda: NOW)
    assert infer(sessions).messages > 60
    with sessions() as session:
        stored = {c.key: c for c in session.scalars(select(Customer))}
    signed = right = 0
    for person in demo_truth():
        domain = person.email.split("@")[1]
        c = stored[person.email if domain in freemail_domains() else domain]
        if "+" in person.sig:
            signed += 1
            right += c.country == person.country
        if freemail_domains().get(domain) == "":
            assert c.country in (person.country, None), person.email
    assert signed >= 30 and right / signed >= 0.9


def test_new_facts_are_stored_whole(sessions):
    """New facts are inserted many at once: each keeps its value, source, confidence,
    evidence and time, with no challenger (what a second run weighs against)."""
    deliver(sessions, "hans@lichttechnik.com", "Tel: +49 30 1234567", NOW.astimezone(BERLIN))
    infer(sessions)
    with sessions() as session:
        rows = session.scalars(select(ProfileFact).order_by(ProfileFact.field)).all()
        stored = {f.field: (f.value, f.source, f.confidence, f.email) for f in rows}
        assert all(f.evidence and f.updated_at == NOW for f in rows)
        assert all((f.challenger, f.challenger_source, f.challenger_hits) == (None, None, 0)
                   for f in rows)  # fmt: skip
    assert stored["country"] == ("DE", "signature_phone", 0.9, "")  # whereabouts.SIGNATURE_PHONE
    assert stored["timezone"] == ("Europe/Berlin", "signature_phone", 0.8, "")  # LANDLINE_ZONE
