"""`mailbot plan` and the profile columns of `mailbot customers`, as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests.integration.clirun import mailbot
from tests.stores import db_url, fingerprint

pytestmark = pytest.mark.integration
AT = "2026-11-20T16:05Z"  # one day after the sample mailbox's last message


@pytest.fixture(scope="module")
def demo(tmp_path_factory, module_store):
    folder = tmp_path_factory.mktemp("plan") / "demo"
    done = mailbot("demo", "--dir", str(folder))
    assert done.returncode == 0, done.stderr
    return folder / "mailbot.toml"


def test_plan_json_has_the_documented_fields(demo):
    done = mailbot("--config", str(demo), "plan", "--json", "--at", AT)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) > 20
    required = {"customer", "thread", "state", "action", "stage", "due_at", "reason"}
    assert all(required <= set(i) for i in items)
    assert {i["state"] for i in items} >= {"awaiting_customer", "awaiting_us"}
    follow_ups = [i for i in items if i["action"] == "follow_up"]
    assert follow_ups and all(i["stage"] >= 1 and i["due_at"].endswith("Z") for i in follow_ups)
    assert all(i["reason"] for i in items)


def test_plan_for_one_customer_in_their_calendar(demo):
    """Sai Aqua Systems (Bengaluru) owes us an answer; India's office week is Mon–Sat."""
    done = mailbot("--config", str(demo), "plan", "--json", "--at", AT, "--customer",
                   "saiaquasystems.in")  # fmt: skip
    items = json.loads(done.stdout)
    assert items and {i["customer"] for i in items} == {"saiaquasystems.in"}
    for item in items:
        assert item["country"] == "IN" and item["timezone"] == "Asia/Kolkata"
        assert "Kolkata" in item["reason"]
        assert item["due_at_local"].endswith("+05:30")


def test_plan_at_an_earlier_instant_ignores_later_mail(demo):
    """Before the sample's first message nothing is open; replaying history is possible."""
    early = json.loads(mailbot("--config", str(demo), "plan", "--json", "--at",
                               "2026-08-01T00:00Z").stdout)  # fmt: skip
    assert early == []


def test_plan_writes_nothing(demo):
    db = db_url(demo.parent / "mailbot.db")
    before = fingerprint(db)
    assert mailbot("--config", str(demo), "plan", "--at", AT).returncode == 0
    assert fingerprint(db) == before


def test_bad_at_is_a_clear_error(demo):
    done = mailbot("--config", str(demo), "plan", "--at", "next tuesday")
    assert done.returncode == 2 and "ISO-8601" in done.stderr


def test_customers_show_country_zone_tier_and_sources(demo):
    rows = json.loads(mailbot("--config", str(demo), "customers", "--json").stdout)
    by_key = {r["customer"]: r for r in rows}
    noor = by_key["alnoor-trading.com.sa"]
    assert (noor["country"], noor["timezone"]) == ("SA", "Asia/Riyadh")
    assert noor["country_source"] == "signature_phone"
    assert noor["tier"] == "potential" and noor["tier_source"].startswith("rules")
    assert noor["lifecycle"] == "lead"
