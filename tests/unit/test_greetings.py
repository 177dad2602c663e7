"""Which greetings a customer is due (domain/greetings.py): pure, dates as facts.

Dates: Christmas Day Fri 25 Dec 2026, 24 Dec no public holiday in Germany; Diwali
Sun 8 Nov 2026 (the `holidays` package's national date for India), Indian office week
Mon–Sat. See tests/unit/test_occasions.py for the sources of the moments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.greetings import (
    Contact,
    GreetingPolicy,
    greetings_for,
    is_current,
    quiet_reason,
)

WINDOW = (time(8, 30), time(11, 0))
POLICY = GreetingPolicy(window=WINDOW)
DE, IN = BusinessCalendar("DE"), BusinessCalendar("IN")
HANS = Contact("hans@acme-lighting.de", date(1975, 3, 14))
PETRA = Contact("petra@acme-lighting.de", date(1980, 12, 27))


def local(t: datetime, cal: BusinessCalendar) -> str:
    return t.astimezone(cal.zone).strftime("%a %Y-%m-%d %H:%M")


def test_christmas_greeting_goes_out_the_day_before_in_their_morning():
    [g] = greetings_for(7, "DE", None, None, "repeat", [HANS], DE, POLICY,
                        date(2026, 12, 24), 0)  # fmt: skip
    assert (g.kind, g.occasion.key, g.contact) == ("holiday", "christmas", HANS.email)
    assert local(g.send_at, DE) == "Thu 2026-12-24 09:00"  # opening clips the 08:30 window
    assert local(g.until, DE) == "Thu 2026-12-24 11:00"
    assert g.key == "greeting/c7/christmas/2026-12-25" and g.template == "greeting/holiday"
    assert "Christmas" in g.reason and "Fri 25 Dec 2026" in g.reason


def test_nothing_on_the_holiday_itself_or_the_days_before_the_greeting_day():
    for day in (date(2026, 12, 25), date(2026, 12, 23), date(2026, 12, 18)):
        found = greetings_for(7, "DE", None, None, "repeat", [HANS], DE, POLICY, day, 0)
        assert [g.occasion.key for g in found] == [], day


def test_diwali_for_an_indian_customer_on_saturday():
    [g] = greetings_for(3, "IN", None, None, "lead", [Contact("raj@uvtech.in")], IN, POLICY,
                        date(2026, 11, 7), 0)  # fmt: skip
    assert g.occasion.key == "diwali" and local(g.send_at, IN) == "Sat 2026-11-07 09:00"


def test_a_horizon_lists_the_coming_greetings_in_order():
    found = greetings_for(7, "DE", None, date(2019, 12, 30), "loyal", [HANS, PETRA], DE,
                          POLICY, date(2026, 12, 1), 45)  # fmt: skip
    kinds = [(g.kind, g.contact, local(g.send_at, DE)[:14]) for g in found]
    # Christmas to the main contact; Petra's birthday Sun 27 Dec → Thu 24 Dec (Fri 25
    # and Sat 26 are holidays); the first order's 7th anniversary Wed 30 Dec → Tue 29.
    # Same moment: by key. (The customer gap later lets only one of them out that day.)
    assert kinds == [
        ("birthday", PETRA.email, "Thu 2026-12-24"),
        ("holiday", HANS.email, "Thu 2026-12-24"),
        ("anniversary", HANS.email, "Tue 2026-12-29"),
    ]
    assert found[0].key == "greeting/c7/birthday/petra@acme-lighting.de/2026-12-27"


def test_contact_override_replaces_the_country_default():
    policy = GreetingPolicy(window=WINDOW, contacts={"raj@uvtech.in": ["christmas"]})
    found = greetings_for(3, "IN", None, None, "lead", [Contact("raj@uvtech.in")], IN, policy,
                          date(2026, 11, 1), 60)  # fmt: skip
    assert [g.occasion.key for g in found] == ["christmas"]


def test_country_override_and_switches():
    none = GreetingPolicy(window=WINDOW, countries={"DE": []}, birthdays=False)
    assert greetings_for(7, "DE", None, None, "repeat", [PETRA], DE, none,
                         date(2026, 12, 1), 40) == []  # fmt: skip
    leads_excluded = GreetingPolicy(window=WINDOW, stages=frozenset({"repeat"}))
    assert greetings_for(7, "DE", None, None, "lead", [HANS], DE, leads_excluded,
                         date(2026, 12, 24), 0) == []  # fmt: skip
    assert greetings_for(7, "DE", None, None, "repeat", [], DE, POLICY,
                         date(2026, 12, 24), 0) == []  # fmt: skip


def test_window_bounds():
    [g] = greetings_for(7, "DE", None, None, "repeat", [HANS], DE, POLICY,
                        date(2026, 12, 24), 0)  # fmt: skip
    assert not is_current(g, g.send_at - timedelta(seconds=1))
    assert is_current(g, g.send_at) and is_current(g, g.until)
    assert not is_current(g, g.until + timedelta(seconds=1))


@pytest.mark.parametrize(
    ("followup", "blocked"),
    [
        # Mon 21 Dec 10:00 Berlin → Thu 24 Dec 09:00: 2 business days and 8 hours.
        (datetime(2026, 12, 21, 9, 0, tzinfo=UTC), True),
        # Wed 16 Dec: a week and a day of business time before.
        (datetime(2026, 12, 16, 9, 0, tzinfo=UTC), False),
        (None, False),
    ],
)
def test_quiet_after_a_follow_up(followup, blocked):
    [g] = greetings_for(7, "DE", None, None, "repeat", [HANS], DE, POLICY,
                        date(2026, 12, 24), 0)  # fmt: skip
    why = quiet_reason(followup, g.send_at, DE, 5)
    assert (why is not None) is blocked
    if blocked:
        assert "2026-12-21" in why and "greetings wait 5" in why
