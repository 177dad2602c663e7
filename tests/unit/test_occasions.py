"""Greeting occasions per country, birthdays, and the moment a greeting goes out.

Every expectation is a calendar fact, cited next to it (holiday dates as published,
and as the `holidays` package names them in `language="en_US"`); none was copied
from the code. Window: the default 08:30–11:00, clipped to the office's opening.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.domain.calendar import BusinessCalendar, CalendarError, Closure
from mailbot.domain.occasions import (
    COMPUTED,
    DEFAULT_OCCASIONS,
    OCCASIONS,
    Occasion,
    anniversary,
    greeting_moment,
    personal_occasions,
    upcoming,
)

WINDOW = (time(8, 30), time(11, 0))


def local(t: datetime | None, country: str) -> str | None:
    """A UTC instant as "Thu 2026-12-24 09:00" on the country's business clock."""
    if t is None:
        return None
    return t.astimezone(BusinessCalendar(country).zone).strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("country", "key", "day", "greeting"),
    [
        # DE: Christmas Day Fri 25 Dec 2026. 24 Dec is no public holiday in any Land
        # (many offices close at noon, the law does not): greeted Thu 24 Dec at opening.
        ("DE", "christmas", date(2026, 12, 25), "Thu 2026-12-24 09:00"),
        # IN: Diwali Sun 8 Nov 2026 (the library's national date). mailbot's IN office
        # week is Mon–Sat (hours.py DEFAULTS), so Sat 7 Nov is a business day.
        ("IN", "diwali", date(2026, 11, 8), "Sat 2026-11-07 09:00"),
        # SA: the library's "Eid al-Fitr Holiday" runs from Thu 19 Mar 2026 (Eid is
        # Fri 20 Mar); Saudi offices open 08:00 Sun–Thu, so Wed 18 Mar at 08:30.
        ("SA", "eid_al_fitr", date(2026, 3, 19), "Wed 2026-03-18 08:30"),
        # US: Thanksgiving is the fourth Thursday of November: 26 Nov 2026.
        ("US", "thanksgiving", date(2026, 11, 26), "Wed 2026-11-25 09:00"),
        # JP: New Year's Day Fri 1 Jan 2027; Dec 31 is a bank holiday and Dec 29–30 the
        # year-end break (hours.py, Act on Holidays of Administrative Organs): Mon 28 Dec.
        ("JP", "new_year", date(2027, 1, 1), "Mon 2026-12-28 09:00"),
        # CN: Spring Festival Sat 6 Feb 2027; "Chinese New Year's Eve" Fri 5 Feb is a
        # statutory holiday since the 2025 amendment: Thu 4 Feb.
        ("CN", "lunar_new_year", date(2027, 2, 6), "Thu 2027-02-04 09:00"),
        # KR: Chuseok Fri 25 Sep 2026 (15th of the 8th lunar month); "The day preceding
        # Chuseok" Thu 24 Sep is a holiday too: Wed 23 Sep.
        ("KR", "chuseok", date(2026, 9, 25), "Wed 2026-09-23 09:00"),
        # IL: Rosh Hashanah 5787 begins Sat 12 Sep 2026; Fri–Sat weekend: Thu 10 Sep.
        ("IL", "rosh_hashanah", date(2026, 9, 12), "Thu 2026-09-10 09:00"),
        # IL: Pesach (15 Nisan 5786) Thu 2 Apr 2026: Wed 1 Apr.
        ("IL", "pesach", date(2026, 4, 2), "Wed 2026-04-01 09:00"),
        # VN: Tết Tue 17 Feb 2026; the library closes Lunar New Year's Eve Mon 16 Feb and
        # the weekend before it: Fri 13 Feb.
        ("VN", "lunar_new_year", date(2026, 2, 17), "Fri 2026-02-13 09:00"),
    ],
)
def test_country_occasion_and_its_greeting(
    country: str, key: str, day: date, greeting: str
) -> None:
    """The occasion is found on its date; the greeting goes out the last business day
    before it, at the start of the customer's morning window, local time."""
    found = upcoming(country, None, day - timedelta(days=60), 90)
    occasion = next(o for o in found if o.key == key)
    assert occasion.date == day
    cal = BusinessCalendar(country)
    moment = greeting_moment(occasion.date, cal, WINDOW, margin_days=occasion.margin_days)
    assert local(moment, country) == greeting


def test_saudi_occasions_2026() -> None:
    """SA gets Ramadan's start, Eid al-Fitr and Eid al-Adha, and no Christmas (DOMAIN.md §6).
    Ramadan 1447 begins Wed 18 Feb 2026 (tabular estimate; not a Saudi holiday, so it
    is computed); the library's Eid al-Adha Holiday begins Wed 27 May 2026."""
    found = upcoming("SA", None, date(2026, 1, 1), 365)
    assert [(o.key, o.date) for o in found] == [
        ("ramadan_start", date(2026, 2, 18)),
        ("eid_al_fitr", date(2026, 3, 19)),
        ("eid_al_adha", date(2026, 5, 27)),
    ]
    assert found[0].estimated and found[1].name == "Eid al-Fitr Holiday"


def test_estimated_date_keeps_a_days_margin() -> None:
    """Ramadan may start a day early where the moon is sighted earlier (DOMAIN.md §1:
    ±1 day), so the greeting for Wed 18 Feb 2026 goes out Mon 16 Feb, not Tue 17."""
    ramadan = upcoming("SA", None, date(2026, 2, 1), 30)[0]
    assert ramadan.key == "ramadan_start" and ramadan.margin_days == 1
    moment = greeting_moment(ramadan.date, BusinessCalendar("SA"), WINDOW, margin_days=1)
    assert local(moment, "SA") == "Mon 2026-02-16 08:30"


@pytest.mark.parametrize(
    ("country", "keys"),
    [
        ("US", ("thanksgiving", "christmas")),
        ("DE", ("christmas",)),
        ("BR", ("christmas",)),
        ("IN", ("diwali",)),
        ("AE", ("ramadan_start", "eid_al_fitr", "eid_al_adha")),
        ("IL", ("rosh_hashanah", "pesach")),
        ("JP", ("new_year",)),
        ("KR", ("seollal", "chuseok")),
        ("HK", ("lunar_new_year", "mid_autumn")),
    ],
)
def test_default_occasions_by_country(country: str, keys: tuple[str, ...]) -> None:
    """DOMAIN.md §6: the default occasions, and each is found in a year."""
    assert DEFAULT_OCCASIONS[country] == keys
    found = {o.key for o in upcoming(country, None, date(2026, 1, 1), 364)}
    assert found == set(keys)


def test_hong_kong_mid_autumn_is_computed() -> None:
    """HK's calendar has only "The Day following Mid-Autumn Festival" (Sat 26 Sep 2026);
    the festival itself, 15th of the 8th lunar month, is Fri 25 Sep 2026."""
    found = upcoming("HK", None, date(2026, 9, 1), 30)
    assert [(o.key, o.name, o.date) for o in found] == [
        ("mid_autumn", "Mid-Autumn Festival", date(2026, 9, 25))
    ]


def test_observed_days_are_not_occasions() -> None:
    """GB: Christmas Day Sat 25 Dec 2027, observed Mon 27 Dec: one Christmas, the 25th."""
    found = upcoming("GB", None, date(2027, 12, 1), 40)
    assert [(o.key, o.date) for o in found] == [("christmas", date(2027, 12, 25))]


def test_multi_day_holiday_counts_from_its_first_day() -> None:
    """CN 2027: Spring Festival 6–8 Feb, observed 9–10 Feb: one occasion, on 6 Feb."""
    found = upcoming("CN", None, date(2027, 1, 1), 60)
    assert [(o.key, o.date) for o in found] == [("lunar_new_year", date(2027, 2, 6))]


def test_contact_override_replaces_the_country_default() -> None:
    """Religion is personal: a Muslim contact in India gets Eid al-Fitr instead of Diwali,
    on India's own date: Sat 21 Mar 2026 (central government list; the Gulf's is 20 Mar)."""
    found = upcoming("IN", None, date(2026, 3, 1), 30, occasions=["eid_al_fitr"])
    assert [(o.key, o.date) for o in found] == [("eid_al_fitr", date(2026, 3, 21))]


def test_country_the_library_lacks_gets_computed_dates() -> None:
    """No calendar for the country: the lunar dates still come (Eid al-Fitr 1447 ≈ Fri
    20 Mar 2026, tabular), flagged estimated."""
    found = upcoming("XX", None, date(2026, 3, 1), 30, occasions=["eid_al_fitr"])
    assert [(o.date, o.estimated) for o in found] == [(date(2026, 3, 20), True)]


def test_unknown_country_without_override_has_no_occasions() -> None:
    """No country, no guess: no holiday greetings."""
    assert upcoming(None, None, date(2026, 1, 1), 365) == []


def test_unknown_occasion_key_and_subdivision_are_errors() -> None:
    """A typo in config names itself instead of silently greeting nobody."""
    with pytest.raises(KeyError, match="xmas"):
        upcoming("DE", None, date(2026, 1, 1), 30, occasions=["xmas"])
    with pytest.raises(CalendarError):
        upcoming("DE", "ZZ", date(2026, 1, 1), 30)


def test_horizon_bounds_are_inclusive() -> None:
    """Thanksgiving 26 Nov 2026 is inside [26 Nov, 26 Nov] and [1 Nov, 26 Nov]."""
    assert upcoming("US", None, date(2026, 11, 26), 0)[0].key == "thanksgiving"
    assert [o.key for o in upcoming("US", None, date(2026, 11, 1), 25)] == ["thanksgiving"]
    assert upcoming("US", None, date(2026, 11, 27), 20) == []


@pytest.mark.parametrize("name", sorted(COMPUTED))
def test_computed_dates_come_from_the_library(name: str) -> None:
    """The library's lunar calendars are private API: a change must fail here, loudly."""
    compute, _ = COMPUTED[name]
    assert any(d.year == 2026 for d in compute(2026))


def test_every_default_occasion_has_a_rule() -> None:
    """The country table names only occasions that exist."""
    assert {k for keys in DEFAULT_OCCASIONS.values() for k in keys} <= set(OCCASIONS)


# -- greeting moment ------------------------------------------------------------------


def test_greeting_skipped_when_the_office_is_shut_for_long() -> None:
    """A customer closed 14–24 Dec: the last business day before Christmas is Fri 11 Dec,
    two weeks early, so no greeting at all rather than a stale one."""
    cal = BusinessCalendar("DE", closures=[Closure(date(2026, 12, 14), date(2026, 12, 24))])
    assert greeting_moment(date(2026, 12, 25), cal, WINDOW) is None
    assert greeting_moment(date(2026, 12, 25), cal, WINDOW, max_gap_days=14) is not None


@pytest.mark.parametrize(
    ("occasion", "expected_utc"),
    [
        # EU summer time starts Sun 29 Mar 2026: Fri 27 Mar is CET (+1), Mon 30 Mar CEST (+2).
        (date(2026, 3, 30), datetime(2026, 3, 27, 8, 0, tzinfo=UTC)),
        (date(2026, 3, 31), datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),
    ],
)
def test_greeting_moment_is_dst_correct(occasion: date, expected_utc: datetime) -> None:
    """09:00 Berlin on either side of the DST switch is a different UTC hour."""
    assert greeting_moment(occasion, BusinessCalendar("DE"), WINDOW) == expected_utc


def test_thanksgiving_greeting_in_utc() -> None:
    """US DST ends Sun 1 Nov 2026: Wed 25 Nov 09:00 New York is 14:00 UTC (EST, -5)."""
    moment = greeting_moment(date(2026, 11, 26), BusinessCalendar("US"), WINDOW)
    assert moment == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


COUNTRIES = ["DE", "US", "SA", "AE", "IN", "IL", "JP", "CN", "KR", "BR", "ID", "VN"]


@settings(max_examples=300, deadline=None)
@given(
    country=st.sampled_from(COUNTRIES),
    occasion=st.dates(min_value=date(2024, 1, 10), max_value=date(2030, 12, 20)),
    margin=st.integers(min_value=0, max_value=1),
)
def test_never_on_the_occasion_and_always_on_a_business_morning(
    country: str, occasion: date, margin: int
) -> None:
    """Whatever the date: a greeting is on a business day strictly before the occasion,
    within MAX_GAP_DAYS, at the window's start; None only when no such day exists."""
    cal = BusinessCalendar(country)
    moment = greeting_moment(occasion, cal, WINDOW, margin_days=margin)
    before = [occasion - timedelta(days=n) for n in range(1 + margin, 8)]
    if moment is None:
        assert not any(cal.is_working_day(d) for d in before)
        return
    there = moment.astimezone(cal.zone)
    assert there.date() < occasion
    assert there.date() in before and cal.is_working_day(there.date())
    assert not any(cal.is_working_day(d) for d in before if d > there.date())
    assert there.time() == max(WINDOW[0], cal.hours.start)
    assert cal.is_business_moment(moment)


# -- birthdays and anniversaries ----------------------------------------------------------


def test_feb_29_birthday_falls_on_feb_28_in_common_years() -> None:
    """Born 29 Feb 1980: greeted 28 Feb 2026 and 29 Feb 2028 (a leap year)."""
    found = personal_occasions(date(1980, 2, 29), None, date(2026, 1, 1), 365 * 3)
    assert [o.date for o in found] == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]
    assert anniversary(date(1980, 2, 29), 2100) == date(2100, 2, 28)  # 2100 is no leap year


def test_first_order_anniversaries_are_counted() -> None:
    """First order 10 Jun 2024: the 2nd anniversary on 10 Jun 2026; none in the order's
    own year."""
    found = personal_occasions(None, date(2024, 6, 10), date(2026, 1, 1), 365)
    assert found == [
        Occasion("first_order", "2nd anniversary of the first order", date(2026, 6, 10))
    ]
    assert personal_occasions(None, date(2026, 6, 10), date(2026, 1, 1), 365) == []


def test_personal_occasions_within_the_horizon_only() -> None:
    """Birthday 5 Mar: inside a horizon ending 5 Mar, outside one ending 4 Mar."""
    born = date(1975, 3, 5)
    assert personal_occasions(born, None, date(2026, 3, 1), 4)[0].date == date(2026, 3, 5)
    assert personal_occasions(born, None, date(2026, 3, 1), 3) == []


def test_birthday_greeting_on_the_business_day_before() -> None:
    """Birthday Mon 9 Mar 2026 in Munich: greeted Fri 6 Mar 09:00 CET = 08:00 UTC."""
    birthday = personal_occasions(date(1980, 3, 9), None, date(2026, 3, 1), 14)[0]
    moment = greeting_moment(birthday.date, BusinessCalendar("DE", "BY"), WINDOW)
    assert moment == datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    assert moment.astimezone(ZoneInfo("Europe/Berlin")).hour == 9
