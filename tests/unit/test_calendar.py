"""Business calendars: working days by country and date, opening hours, DST, absences.

Every expectation is a calendar fact, cited next to it; none was copied from the code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mailbot.domain.calendar import (
    BusinessCalendar,
    CalendarError,
    Closure,
    CountryOverride,
    OpeningHours,
)
from mailbot.domain.hours import MON_FRI

BEIJING = ZoneInfo("Asia/Shanghai")
# A factory's shutdown around Lunar New Year (17 Feb 2026), ~10 days before to ~14 after.
SHUTDOWN = Closure(date(2026, 2, 6), date(2026, 3, 3), "Spring Festival shutdown")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("country", "options", "day", "working"),
    [
        # Saudi weekend Thu–Fri until 29 Jun 2013, Fri–Sat since (Royal Decree, 2013).
        ("SA", {}, date(2012, 5, 10), False),  # a Thursday
        ("SA", {}, date(2012, 5, 12), True),  # a Saturday
        ("SA", {}, date(2014, 5, 8), True),  # a Thursday
        ("SA", {}, date(2014, 5, 10), False),  # a Saturday
        # UAE weekend Fri–Sat until 2021, Sat–Sun since 1 Jan 2022 (federal decision, 2021).
        ("AE", {}, date(2021, 6, 11), False),  # a Friday
        ("AE", {}, date(2021, 6, 13), True),  # a Sunday
        ("AE", {}, date(2023, 6, 9), True),  # a Friday
        ("AE", {}, date(2023, 6, 11), False),  # a Sunday
        # Israel: Fri–Sat weekend; Pesach 15 Nisan 5786 = Thu 2 Apr 2026.
        ("IL", {}, date(2026, 3, 22), True),  # a Sunday
        ("IL", {}, date(2026, 3, 20), False),  # a Friday
        ("IL", {}, date(2026, 4, 2), False),
        # India: offices Mon–Sat (DOMAIN.md §1); Republic Day 26 Jan (a Monday in 2026).
        ("IN", {}, date(2026, 3, 14), True),  # a Saturday
        ("IN", {}, date(2026, 1, 26), False),
        # Diwali, a closed holiday, falls on Sunday 8 Nov 2026: nothing is moved to Monday.
        ("IN", {}, date(2026, 11, 9), True),
        # Indonesia, SKB 3 Menteri 2026: Nyepi Thu 19 Mar; cuti bersama Idul Fitri 20, 23, 24 Mar.
        ("ID", {}, date(2026, 3, 19), False),
        ("ID", {}, date(2026, 3, 23), False),
        ("ID", {"categories": ["public"]}, date(2026, 3, 23), True),  # joint leave ignored
        # China, State Council notice for 2026: Spring Festival off 15–23 Feb, Lunar New
        # Year Tue 17 Feb; make-up working Saturdays 14 and 28 Feb; work resumes Tue 24 Feb.
        ("CN", {}, date(2026, 2, 17), False),
        ("CN", {}, date(2026, 2, 14), True),
        ("CN", {}, date(2026, 2, 28), True),
        ("CN", {}, date(2026, 2, 24), True),
        ("CN", {"closures": [SHUTDOWN]}, date(2026, 2, 14), False),  # the closure wins
        ("CN", {"closures": [SHUTDOWN]}, date(2026, 2, 28), False),
        ("CN", {"closures": [SHUTDOWN]}, date(2026, 3, 4), True),  # the day after it
        # Japan: banks close Dec 31–Jan 3; government offices Dec 29–Jan 3 (1988 Act, art. 1).
        ("JP", {}, date(2026, 1, 2), False),  # a Friday
        ("JP", {}, date(2026, 12, 29), False),  # a Tuesday
        ("JP", {}, date(2026, 12, 28), True),  # a Monday
        # US: Thanksgiving = 4th Thursday of November; July 4 2026 is a Saturday, so the
        # federal holiday is Friday July 3 (5 U.S.C. 6103(b)); private firms work Columbus Day.
        ("US", {}, date(2026, 11, 26), False),
        ("US", {}, date(2026, 7, 3), False),
        ("US", {}, date(2026, 10, 12), True),
        # Brazil: Carnival Monday = Easter (5 Apr 2026) − 48 days = 16 Feb; it is a `ponto
        # facultativo` (optional) that firms close for. Public Servant's Day is for civil servants.
        ("BR", {}, date(2026, 2, 16), False),
        ("BR", {"categories": ["public"]}, date(2026, 2, 16), True),
        ("BR", {}, date(2026, 10, 28), True),
        # Germany: Christmas Fri 25 Dec 2026, 2nd day Sat 26; German law has no substitute days.
        ("DE", {}, date(2026, 12, 25), False),
        ("DE", {}, date(2026, 12, 28), True),
        ("DE", {}, date(2031, 12, 25), False),  # a year far from any other query
        # UK (gov.uk bank holidays): Boxing Day Sat 26 Dec 2026 → substitute Mon 28 Dec;
        # 2027: Christmas on Saturday, Boxing Day on Sunday → Mon 27 and Tue 28 Dec.
        ("GB", {}, date(2026, 12, 28), False),
        ("GB", {}, date(2027, 12, 27), False),
        ("GB", {}, date(2027, 12, 28), False),
        ("GB", {}, date(2027, 12, 29), True),
        # France: Ascension = Easter + 39 days = Thu 14 May 2026; Fête nationale Tue 14 Jul.
        ("FR", {}, date(2026, 5, 14), False),
        ("FR", {}, date(2026, 7, 14), False),
        ("NG", {}, date(2026, 6, 12), False),  # Nigeria: Democracy Day, 12 June (a Friday)
        # Australia: Good Friday 3 Apr, Easter Monday 6 Apr 2026; Australia Day Mon 26 Jan.
        ("AU", {}, date(2026, 4, 3), False),
        ("AU", {}, date(2026, 4, 6), False),
        ("AU", {}, date(2026, 1, 26), False),
        # Turkey: Republic Day 29 Oct (a Thursday); Ramazan Bayramı 20–22 Mar 2026 (Diyanet).
        ("TR", {}, date(2026, 10, 29), False),
        ("TR", {}, date(2026, 3, 20), False),
        # Hong Kong: the statutory rest day is Sunday, offices work Mon–Fri (DOMAIN.md §1).
        ("HK", {}, date(2026, 3, 21), False),  # a Saturday
        # Saudi Eid al-Fitr 1447: four days from 19 Mar, the two that fell on the Fri–Sat
        # weekend made up on 23–24 Mar; work resumes Wed 25 Mar (DOMAIN.md §1 example).
        ("SA", {}, date(2026, 3, 23), False),
        ("SA", {}, date(2026, 3, 25), True),
    ],
)
def test_working_day(country: str, options: dict[str, Any], day: date, working: bool) -> None:
    """Each country's date-aware weekend, holidays, categories and closures decide the day."""
    assert BusinessCalendar(country, **options).is_working_day(day) is working


@pytest.mark.parametrize(
    ("country", "deadline", "why"),
    [
        # Beijing Wed 18 Mar 16:00 = 08:00 UTC = 11:00 Riyadh, 09:00 Berlin, 10:00 Tel Aviv.
        ("SA", utc(2026, 3, 26, 8), ["Eid al-Fitr Holiday 19–24 Mar"]),  # Thu 11:00 (UTC+3)
        ("DE", utc(2026, 3, 20, 8), []),  # Fri 09:00 CET (EU summer time starts 29 Mar)
        ("IL", utc(2026, 3, 22, 8), ["Fri–Sat weekend 20–21 Mar"]),  # Sun 10:00 IST (DST 27 Mar)
    ],
)
def test_domain_two_business_days_examples(
    country: str, deadline: datetime, why: list[str]
) -> None:
    """DOMAIN.md §1: 2 business days after Wed 18 Mar 2026 16:00 Beijing, per customer."""
    calendar = BusinessCalendar(country)
    start = datetime(2026, 3, 18, 16, tzinfo=BEIJING)
    assert calendar.add_business_days(start, 2) == deadline
    assert calendar.explain_span(start, deadline) == why


def test_clock_starts_at_the_next_opening() -> None:
    """From Friday evening in Berlin, one business day runs Mon 09:00–18:00: Tue 09:00."""
    friday_evening = utc(2026, 3, 20, 17, 30)  # 18:30 CET, after closing
    assert BusinessCalendar("DE").add_business_days(friday_evening, 1) == utc(2026, 3, 24, 8)


def test_span_across_a_year_not_yet_built() -> None:
    """Berlin Wed 30 Dec 2026 + 2 days: Thu 31, New Year Fri, weekend, Mon 4 Jan 2027."""
    start = utc(2026, 12, 30, 8)  # 09:00 CET
    assert BusinessCalendar("DE").add_business_days(start, 2) == utc(2027, 1, 4, 8)


@pytest.mark.parametrize(
    ("calendar", "start", "deadline"),
    [
        # US: DST starts 2nd Sunday of March (8 Mar 2026). Fri 17:00 EST + 2 h: one hour on
        # Friday, one on Monday → Mon 10:00 EDT = 14:00 UTC, not 15:00.
        (BusinessCalendar("US"), utc(2026, 3, 6, 22), utc(2026, 3, 9, 14)),
        # Los Angeles, same rule: Fri 17:00 PST = 01:00 UTC Sat → Mon 10:00 PDT = 17:00 UTC.
        (BusinessCalendar("US", "CA", "America/Los_Angeles"), utc(2026, 3, 7, 1),
         utc(2026, 3, 9, 17)),
        # EU: summer time from the last Sunday of March (29 Mar 2026). Fri 17:00 CET + 2 h
        # → Mon 10:00 CEST = 08:00 UTC.
        (BusinessCalendar("DE"), utc(2026, 3, 27, 16), utc(2026, 3, 30, 8)),
        # NSW: DST ends the first Sunday of April (5 Apr 2026); Good Friday 3 Apr and
        # Easter Monday 6 Apr closed. Thu 17:00 AEDT + 2 h → Tue 10:00 AEST = 00:00 UTC.
        (BusinessCalendar("AU"), utc(2026, 4, 2, 6), utc(2026, 4, 7, 0)),
    ],
)  # fmt: skip
def test_business_hours_across_dst(
    calendar: BusinessCalendar, start: datetime, deadline: datetime
) -> None:
    """Business hours follow the local clock across a DST switch, in both directions."""
    assert calendar.add_business_hours(start, timedelta(hours=2)) == deadline
    assert calendar.business_time_between(start, deadline) == timedelta(hours=2)


def test_two_us_zones_open_at_different_instants() -> None:
    """At 08:00 PDT (15:00 UTC) New York is open, Los Angeles opens an hour later."""
    t = utc(2026, 3, 10, 15)  # a Tuesday
    assert BusinessCalendar("US").is_business_moment(t)
    los_angeles = BusinessCalendar("US", "CA", "America/Los_Angeles")
    assert not los_angeles.is_business_moment(t)
    assert los_angeles.next_opening(t) == utc(2026, 3, 10, 16)


@pytest.mark.parametrize(
    ("local", "open_"),
    [
        (datetime(2026, 3, 15, 8), True),  # Sunday 08:00: Saudi offices open Sun–Thu 08:00
        (datetime(2026, 3, 15, 16, 59), True),
        (datetime(2026, 3, 15, 17), False),  # 17:00 closes: the window is half-open
        (datetime(2026, 3, 13, 10), False),  # a Friday
    ],
)
def test_business_moment_in_riyadh(local: datetime, open_: bool) -> None:
    """Riyadh: Sun–Thu 08:00–17:00 local."""
    moment = local.replace(tzinfo=ZoneInfo("Asia/Riyadh"))
    assert BusinessCalendar("SA").is_business_moment(moment) is open_


def test_absence_window_pauses_the_clock() -> None:
    """An out-of-office week Mon 23–Fri 27 Mar moves Berlin's deadline a week on."""
    berlin, start = BusinessCalendar("DE"), utc(2026, 3, 20, 8)  # Fri 09:00 CET
    away = [(date(2026, 3, 23), date(2026, 3, 27))]
    assert berlin.add_business_days(start, 1) == utc(2026, 3, 23, 8)  # Mon 09:00 CET
    deadline = berlin.add_business_days(start, 1, paused=away)
    assert deadline == utc(2026, 3, 30, 7)  # Mon 09:00 CEST
    assert berlin.business_time_between(start, deadline, paused=away) == timedelta(hours=9)
    why = berlin.explain_span(start, deadline, paused=away)
    assert why == ["out of office + weekend 21–29 Mar"]


def test_closure_beats_extra_working_day() -> None:
    """A declared working Saturday is open, unless a learned closure covers it."""
    saturday = date(2026, 3, 21)
    assert BusinessCalendar("DE", extra_working_days=[saturday]).is_working_day(saturday)
    closed = BusinessCalendar(
        "DE", extra_working_days=[saturday], closures=[(date(2026, 3, 20), date(2026, 3, 23))]
    )
    assert not closed.is_working_day(saturday)


def test_override_replaces_country_defaults() -> None:
    """Config can give India a Mon–Fri week and close Columbus Day for a US customer."""
    india = BusinessCalendar("IN", override=CountryOverride(hours=OpeningHours(days=MON_FRI)))
    assert not india.is_working_day(date(2026, 3, 14))  # a Saturday
    us = BusinessCalendar("US", override=CountryOverride(worked_holidays=()))
    assert not us.is_working_day(date(2026, 10, 12))  # Columbus Day, 2nd Monday of October


@pytest.mark.parametrize(
    ("calendar", "first", "last", "why"),
    [
        (BusinessCalendar("DE"), utc(2026, 12, 24, 12), utc(2026, 12, 28, 12),
         ["Christmas Day, Second Day of Christmas + weekend 25–27 Dec"]),
        (BusinessCalendar("GB"), utc(2027, 12, 24, 12), utc(2027, 12, 29, 12),
         ["Christmas Day, Boxing Day 25–28 Dec"]),  # substitute days keep the holiday's name
        (BusinessCalendar("IN"), utc(2026, 11, 6, 6), utc(2026, 11, 9, 6), ["Diwali 8 Nov"]),
        (BusinessCalendar("CN", closures=[SHUTDOWN]), utc(2026, 2, 5, 2), utc(2026, 3, 4, 2),
         ["Spring Festival shutdown 6 Feb–3 Mar"]),
    ],
)  # fmt: skip
def test_explain_span_names_the_closed_days(
    calendar: BusinessCalendar, first: datetime, last: datetime, why: list[str]
) -> None:
    """explain_span names the holidays and closures that lay between two instants."""
    assert calendar.explain_span(first, last) == why


def test_unknown_zone_falls_back_to_utc_with_a_flag() -> None:
    """A country without a known business zone runs on UTC and says so."""
    assert BusinessCalendar("AD").zone_assumed
    assert BusinessCalendar(None).zone == ZoneInfo("UTC")
    assert not BusinessCalendar("DE").zone_assumed


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: BusinessCalendar("XX"), CalendarError),
        (lambda: BusinessCalendar("US", subdivision="ZZ"), CalendarError),
        (lambda: BusinessCalendar("US", categories=["bank"]), CalendarError),
        (lambda: OpeningHours(time(18), time(9)), ValueError),
        (lambda: BusinessCalendar("DE").next_opening(datetime(2026, 3, 18, 9)), ValueError),
        (lambda: BusinessCalendar("DE").add_business_days(utc(2026, 3, 18), -1), ValueError),
    ],
)
def test_bad_input_is_refused(build: Any, error: type[Exception]) -> None:
    """Unknown countries, inverted hours, naive datetimes and negative spans raise."""
    with pytest.raises(error):
        build()
