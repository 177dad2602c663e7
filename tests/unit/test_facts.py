"""Profile facts: explicit values win, inferred ones move only after two wins."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from mailbot.services.facts import propose, set_explicit
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Customer, CustomerAddress, ProfileFact
from tests.stores import db_url

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def session(tmp_path):
    sessions = session_factory(open_engine(db_url(tmp_path / "f.db")))
    with sessions() as s:
        yield s


@pytest.fixture
def customer(session):
    c = Customer(key="acme.de", kind="company", first_seen=NOW)
    session.add(c)
    session.flush()
    return c


def fact(session, customer, field, email=""):
    return session.scalar(
        select(ProfileFact).where(
            ProfileFact.customer_id == customer.id,
            ProfileFact.field == field,
            ProfileFact.email == email,
        )
    )


def test_first_inference_is_stored_with_source(session, customer):
    out = propose(session, customer, "country", "DE", "cctld", 0.6, ".de domain", NOW)
    assert out.changed and customer.country == "DE"
    f = fact(session, customer, "country")
    assert (f.source, f.confidence, f.evidence) == ("cctld", 0.6, ".de domain")


def test_inferred_value_changes_only_after_two_wins(session, customer):
    propose(session, customer, "country", "DE", "cctld", 0.6, "", NOW)
    first = propose(session, customer, "country", "AT", "signature_phone", 0.8, "+43", NOW)
    assert not first.changed and customer.country == "DE"
    second = propose(session, customer, "country", "AT", "signature_phone", 0.8, "+43", NOW)
    assert second.changed and customer.country == "AT"
    assert fact(session, customer, "country").challenger is None


def test_confirmation_resets_a_challenger(session, customer):
    propose(session, customer, "country", "DE", "cctld", 0.6, "", NOW)
    propose(session, customer, "country", "AT", "signature_phone", 0.8, "", NOW)
    propose(session, customer, "country", "DE", "date_offset", 0.3, "", NOW)
    again = propose(session, customer, "country", "AT", "signature_phone", 0.8, "", NOW)
    assert not again.changed and customer.country == "DE"


def test_explicit_value_is_never_overwritten_by_inference(session, customer):
    set_explicit(session, customer, "country", "CH", "import", NOW)
    for _ in range(3):
        assert not propose(session, customer, "country", "DE", "cctld", 0.9, "", NOW).changed
    assert customer.country == "CH" and fact(session, customer, "country").source == "import"


def test_contact_fields_are_kept_per_address(session, customer):
    contact = CustomerAddress(
        email="hans@acme.de", customer_id=customer.id, first_seen=NOW, last_seen=NOW
    )
    session.add(contact)
    set_explicit(session, customer, "birthday", datetime(1970, 5, 1).date(), "import", NOW,
                 contact=contact)  # fmt: skip
    session.flush()
    assert contact.birthday.isoformat() == "1970-05-01"
    assert fact(session, customer, "birthday", "hans@acme.de").value == "1970-05-01"
    with pytest.raises(ValueError, match="not a customer profile field"):
        set_explicit(session, customer, "birthday", None, "import", NOW)
