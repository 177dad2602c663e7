"""Customer import into a real SQLite store: upsert, provenance, opt-outs, export round trip."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from mailbot.config import Replies
from mailbot.domain.crm_columns import GENERIC_COLUMNS
from mailbot.domain.crm_csv import Rules, read_customers, to_row
from mailbot.domain.parties import Us
from mailbot.services.customer_import import CustomerImport, export_rows
from mailbot.services.facts import propose
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Customer, CustomerAddress, ProfileFact, Suppression
from tests.stores import db_url

DATA = Path(__file__).parents[1] / "data" / "crm"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
RULES = Rules(Us(frozenset(), frozenset({"gmuv-lighting.cn"})), ("vip", "regular", "potential"))


@pytest.fixture
def session(tmp_path):
    sessions = session_factory(open_engine(db_url(tmp_path / "c.db")))
    with sessions() as s:
        yield s


def load(session, text: str, now=NOW, name="in.csv", date_order=None):
    parsed = read_customers(text, "auto", Rules(RULES.us, RULES.tiers, date_order))
    assert parsed.problems == []
    return CustomerImport(session, now, Replies(), name).run(parsed.customers)


def load_file(session, name: str, **kw):
    return load(session, DATA.joinpath(name).read_bytes().decode("utf-8-sig"), name=name, **kw)


def fact(session, field, email=""):
    return session.scalar(
        select(ProfileFact).where(ProfileFact.field == field, ProfileFact.email == email)
    )


def test_import_creates_customers_contacts_and_provenance(session):
    report = load_file(session, "generic.csv")
    assert (report.customers_created, report.contacts_created, report.suppressed) == (7, 7, 1)
    acme = session.scalar(select(Customer).where(Customer.key == "acme-lighting.de"))
    assert (acme.kind, acme.name, acme.country, acme.subdivision) == (
        "company", "ACME Lichttechnik GmbH", "DE", "BY",
    )  # fmt: skip
    assert (acme.tier, acme.stage, acme.order_count) == ("vip", "loyal", 7)
    country = fact(session, "country")
    assert (country.source, country.evidence) == ("import", "generic.csv row 2")
    hans = session.get(CustomerAddress, "hans.mueller@acme-lighting.de")
    assert (hans.customer_id, hans.birthday) == (acme.id, date(1975, 4, 12))
    assert fact(session, "birthday", hans.email).source == "import"
    joao = session.scalar(select(Customer).where(Customer.key == "joao.silva@gmail.com"))
    assert joao.kind == "person" and joao.languages == ["pt"]


def test_repeat_import_changes_nothing(session):
    load_file(session, "generic.csv")
    again = load_file(session, "generic.csv")
    assert (again.customers_created, again.customers_updated, again.customers_unchanged) == (
        0,
        0,
        7,
    )
    assert (again.contacts_created, again.contacts_updated, again.suppressed) == (0, 0, 0)
    assert session.scalar(select(Suppression).where(Suppression.reason == "opt_out")) is not None


def test_empty_cell_leaves_the_stored_value(session):
    load(session, "email,country,timezone,name\nhans@acme.de,DE,Europe/Berlin,Hans\n")
    report = load(session, "email,country,timezone,name\nhans@acme.de,,Europe/Vienna,\n",
                  now=LATER)  # fmt: skip
    acme = session.scalar(select(Customer).where(Customer.key == "acme.de"))
    assert (acme.country, acme.timezone) == ("DE", "Europe/Vienna")
    assert session.get(CustomerAddress, "hans@acme.de").name == "Hans"
    assert (report.customers_updated, report.contacts_unchanged) == (1, 1)
    assert fact(session, "timezone").updated_at == LATER
    assert fact(session, "country").updated_at == NOW


def test_same_value_keeps_inferred_provenance_but_a_change_becomes_explicit(session):
    """Re-importing what inference found does not pin it; a different value does."""
    acme = Customer(key="acme.de", kind="company", name="acme.de", first_seen=NOW)
    session.add(acme)
    session.flush()
    propose(session, acme, "country", "DE", "cctld", 0.6, ".de domain", NOW)
    propose(session, acme, "timezone", "Europe/Berlin", "cctld", 0.6, ".de domain", NOW)
    report = load(session, "domain,country,timezone\nacme.de,DE,Europe/Vienna\n")
    assert report.customers_updated == 1
    assert fact(session, "country").source == "cctld"
    assert (fact(session, "timezone").source, acme.timezone) == ("import", "Europe/Vienna")


def test_contact_filed_under_another_customer_stays_there(session):
    """Mail put the address somewhere; the import updates it in place, never moves it."""
    other = Customer(key="acme-group.com", kind="company", name="ACME Group", first_seen=NOW)
    session.add(other)
    session.flush()
    session.add(CustomerAddress(email="hans@acme.de", customer_id=other.id, name="",
                                first_seen=NOW, last_seen=NOW))  # fmt: skip
    load(session, "email,name,birthday\nhans@acme.de,Hans,1970-01-31\n")
    hans = session.get(CustomerAddress, "hans@acme.de")
    assert (hans.customer_id, hans.name, hans.birthday) == (other.id, "Hans", date(1970, 1, 31))
    assert fact(session, "name", "hans@acme.de").customer_id == other.id


def test_opt_out_suppresses_once_and_never_lifts(session):
    load(session, "email,opt_out\nann@acme.de,yes\n")
    report = load(session, "email,opt_out\nann@acme.de,no\n")
    (row,) = session.scalars(select(Suppression)).all()
    assert (row.address, row.reason, row.removed_at) == ("ann@acme.de", "opt_out", None)
    assert row.detail == "in.csv row 2" and report.suppressed == 0


def test_an_opt_out_a_person_lifted_is_not_reapplied_by_the_same_export(session):
    """The file says "opted out", not since when: a lift stands; another address's
    opt-out in the same file still suppresses."""
    load(session, "email,opt_out\nann@acme.de,yes\n")
    session.scalar(select(Suppression)).removed_at = NOW  # `suppressions --remove`
    report = load(session, "email,opt_out\nann@acme.de,yes\nbob@acme.de,yes\n")
    rows = session.scalars(select(Suppression).order_by(Suppression.id)).all()
    assert [(r.address, r.removed_at is None) for r in rows] == [
        ("ann@acme.de", False), ("bob@acme.de", True)]  # fmt: skip
    assert (report.suppressed, report.opt_outs_lifted) == (1, 1)


def test_zoho_accounts_then_contacts_meet_on_the_domain(session):
    load_file(session, "zoho_accounts.csv")
    load_file(session, "zoho_contacts.csv")
    surya = session.scalar(select(Customer).where(Customer.key == "surya-lighting.in"))
    assert (surya.website, surya.phone) == ("http://www.surya-lighting.in", "+912223456700")
    assert surya.notes == "Asks for CIF Nhava Sheva"  # the later file's value
    assert session.get(CustomerAddress, "rajesh@surya-lighting.in").customer_id == surya.id
    assert surya.tier is None


def snapshot(session):
    rows = []
    for model in (Customer, CustomerAddress, ProfileFact, Suppression):
        for obj in session.scalars(select(model)):
            rows.append({c.key: getattr(obj, c.key) for c in model.__mapper__.column_attrs})
    return rows


def test_export_reimport_round_trip_changes_nothing(session):
    load_file(session, "generic.csv")
    load_file(session, "zoho_accounts.csv")
    session.add(Customer(key="bare.example.com", kind="company", name="bare.example.com",
                         first_seen=NOW))  # fmt: skip
    session.flush()
    rows = [to_row(values) for values in export_rows(session)]
    assert len(rows) == 7 + 1 + 3 + 1  # contacts; Işık, 3 Zoho accounts, bare: no contacts
    bare = [r for r in rows if r[GENERIC_COLUMNS.index("domain")] == "bare.example.com"]
    assert bare and bare[0][0] == ""
    before = snapshot(session)
    text = ",".join(GENERIC_COLUMNS) + "\n" + "\n".join(_csv_line(r) for r in rows)
    report = load(session, text, now=LATER, name="export.csv")
    assert report.customers_updated == report.contacts_updated == 0
    assert report.customers_created == report.contacts_created == 0
    assert snapshot(session) == before


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()
