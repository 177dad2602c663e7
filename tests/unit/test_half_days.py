"""Half-day holidays: an office open part of the day (issue 4, hours.py `half_days`).

Facts used (holidays 0.109; office hours 09:00–18:00 local, a 9 h business day):
- Brazil (São Paulo, UTC−3 all year): Ash Wednesday is a ponto facultativo until 14:00
  (open from 14:00); Christmas Eve and New Year's Eve after 14:00 (open until 14:00)
  (federal portaria on each year's holidays). Carnival Mon–Tue and Christmas Day,
  Universal Fraternization Day (1 Jan) are closed. 2026: Carnival Mon 16–Tue 17 Feb, Ash
  Wednesday 18 Feb (Easter is 5 Apr), Christmas Eve Thu 24 Dec. No DST since 2019.
- Turkey (Istanbul, UTC+3): the eves (arife) of Ramazan and Kurban Bayramı and of
  Republic Day are holidays from 13:00 (Law 2429 art. 2): open until 13:00. 2026: Thu 19
  Mar (Bayram 20–22 Mar), Tue 26 May, Wed 28 Oct.
- Austria 2026: Christmas Eve Thu 24 Dec is in the library's `bank` category; Christmas
  Day Fri 25 and St. Stephen's Day Sat 26 Dec are public holidays.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailbot.config import load_config, parse_config
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.hours import HalfDay
from mailbot.domain.occasions import greeting_moment, greeting_window
from mailbot.domain.sendtime import next_send_moment
from mailbot.errors import ConfigError
from mailbot.services.calendars import Calendars

SAO_PAULO, ISTANBUL, VIENNA = "America/Sao_Paulo", "Europe/Istanbul", "Europe/Vienna"
BR, TR = BusinessCalendar("BR"), BusinessCalendar("TR")
H = timedelta(hours=1)


def at(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cal", "start", "end", "hours"),
    [
        # Wed 23 Dec 9 h + Christmas Eve 09–14 5 h; 25 Dec Christmas; 26–27 weekend.
        (BR, at(SAO_PAULO, 2026, 12, 23, 9), at(SAO_PAULO, 2026, 12, 28, 9), 14),
        # Wed 30 Dec 9 h + New Year's Eve 5 h; 1 Jan 2027 holiday; 2–3 Jan weekend.
        (BR, at(SAO_PAULO, 2026, 12, 30, 9), at(SAO_PAULO, 2027, 1, 4, 9), 14),
        # From Carnival Tuesday noon: Ash Wednesday 14–18 only, 4 h.
        (BR, at(SAO_PAULO, 2026, 2, 17, 12), at(SAO_PAULO, 2026, 2, 19, 9), 4),
        # Wed 18 Mar 9 h + the arife 09–13 4 h; Bayram 20–22 Mar.
        (TR, at(ISTANBUL, 2026, 3, 18, 9), at(ISTANBUL, 2026, 3, 23, 9), 13),
    ],
)
def test_elapsed_time_counts_only_the_open_part_of_a_half_day(
    cal: BusinessCalendar, start: datetime, end: datetime, hours: int
) -> None:
    assert cal.business_time_between(start, end) == hours * H
    assert cal.business_time_between(end, start) == -hours * H
    assert cal.business_hours_between(start, end) == hours
    assert cal.business_hours_each([(start, end), (end, start)]) == [hours, -hours]


@pytest.mark.parametrize(
    ("cal", "start", "hours", "deadline"),
    [
        # Christmas Eve 12:00: 2 h to 14:00; 25–27 Dec shut; Mon 28 Dec 09:00 + 1 h.
        (BR, at(SAO_PAULO, 2026, 12, 24, 12), 3, at(SAO_PAULO, 2026, 12, 28, 10)),
        # Exactly the 2 h to the early close: closing time is not a business moment.
        (BR, at(SAO_PAULO, 2026, 12, 24, 12), 2, at(SAO_PAULO, 2026, 12, 28, 9)),
        # Wed 30 Dec 9 h + New Year's Eve 5 h = 14 h; Mon 4 Jan 2027 09:00 + 1 h.
        (BR, at(SAO_PAULO, 2026, 12, 30, 9), 15, at(SAO_PAULO, 2027, 1, 4, 10)),
        # The arife 11:00: 2 h to 13:00; Bayram 20–22 Mar; Mon 23 Mar 09:00 + 1 h.
        (TR, at(ISTANBUL, 2026, 3, 19, 11), 3, at(ISTANBUL, 2026, 3, 23, 10)),
        # Wed 23 Dec 12:00 + 1 business day (9 h): 6 h to 18:00, Christmas Eve 09:00 + 3 h.
        (BR, at(SAO_PAULO, 2026, 12, 23, 12), 9, at(SAO_PAULO, 2026, 12, 24, 12)),
    ],
)
def test_adding_hours_past_an_early_close_continues_on_the_next_working_day(
    cal: BusinessCalendar, start: datetime, hours: int, deadline: datetime
) -> None:
    assert cal.add_business_hours(start, hours) == deadline
    assert cal.add_business_hours(start, hours * H) == deadline


def test_business_days_count_nine_hours_across_a_half_day() -> None:
    """A business day is the standard day's hours: 1 day from Wed 23 Dec 12:00 is Thu 12:00."""
    start = at(SAO_PAULO, 2026, 12, 23, 12)
    assert BR.add_business_days(start, 1) == at(SAO_PAULO, 2026, 12, 24, 12)


def test_next_opening_on_a_late_opening_day() -> None:
    """Ash Wednesday opens at 14:00, whether asked that morning or from Carnival."""
    assert BR.next_opening(at(SAO_PAULO, 2026, 2, 18, 10)) == at(SAO_PAULO, 2026, 2, 18, 14)
    assert BR.next_opening(at(SAO_PAULO, 2026, 2, 17, 20)) == at(SAO_PAULO, 2026, 2, 18, 14)
    assert BR.next_opening(at(SAO_PAULO, 2026, 2, 18, 15)) == at(SAO_PAULO, 2026, 2, 18, 15)
    assert not BR.is_business_moment(at(SAO_PAULO, 2026, 2, 18, 13, 59))
    assert BR.is_business_moment(at(SAO_PAULO, 2026, 2, 18, 14))


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (at(ISTANBUL, 2026, 3, 19, 12, 30), True),
        (at(ISTANBUL, 2026, 3, 19, 13), False),
        (at(ISTANBUL, 2026, 3, 19, 13, 30), False),  # the arife afternoon
        (at(ISTANBUL, 2026, 3, 18, 13, 30), True),  # the day before: a full day
        (at(ISTANBUL, 2026, 5, 26, 13, 30), False),  # Kurban Bayramı's arife
        (at(ISTANBUL, 2026, 10, 28, 13, 30), False),  # Republic Day's eve
    ],
)
def test_is_business_moment_on_the_turkish_arife(moment: datetime, open_: bool) -> None:
    assert TR.is_business_moment(moment) is open_
    assert TR.is_working_day(moment.date())


def test_half_day_on_a_weekend_stays_a_weekend() -> None:
    """Christmas Eve 2022 was a Saturday: closed, and said to be the weekend."""
    assert not BR.is_working_day(date(2022, 12, 24))
    assert BR.reason(date(2022, 12, 24)) == "weekend"
    assert BR.half_day(date(2022, 12, 24)) is None


def test_declared_working_date_opens_a_half_day_in_full() -> None:
    """Christmas Eve declared a working day (e.g. learned from the customer): 09–18."""
    cal = BusinessCalendar("BR", extra_working_days=[date(2026, 12, 24)])
    week = at(SAO_PAULO, 2026, 12, 23, 9), at(SAO_PAULO, 2026, 12, 28, 9)
    assert cal.business_time_between(*week) == 18 * H
    assert cal.half_day(date(2026, 12, 24)) is None


def test_half_day_that_misses_the_opening_hours_closes_the_day() -> None:
    """Open until 08:00 with a 09:00 opening leaves nothing: shut, and said why."""
    cal = _brazil("until 08:00")
    assert not cal.is_working_day(date(2026, 12, 24))
    assert cal.reason(date(2026, 12, 24)) == "Christmas Eve (open until 08:00)"
    week = at(SAO_PAULO, 2026, 12, 23, 9), at(SAO_PAULO, 2026, 12, 28, 9)
    assert cal.business_time_between(*week) == 9 * H


def test_half_day_is_named_where_it_moved_the_deadline() -> None:
    # Fri 13 Feb → Wed 18 Feb 15:00: Sat–Sun, Carnival Mon–Tue, Ash Wednesday's morning.
    words = BR.explain_span(at(SAO_PAULO, 2026, 2, 13, 10), at(SAO_PAULO, 2026, 2, 18, 15))
    assert words == ["Carnival + weekend 14–17 Feb", "Ash Wednesday (open from 14:00) 18 Feb"]
    words = TR.explain_span(at(ISTANBUL, 2026, 3, 19, 12), at(ISTANBUL, 2026, 3, 23, 17))
    assert words == ["Eid al-Fitr eve (open until 13:00) 19 Mar", "Eid al-Fitr 20–22 Mar"]
    # A deadline on Christmas Eve's morning owes nothing to its early close.
    assert BR.explain_span(at(SAO_PAULO, 2026, 12, 23, 10), at(SAO_PAULO, 2026, 12, 24, 10)) == []


@pytest.mark.parametrize(("cal", "short_hours"), [(BR, 5 + 4 + 4), (TR, 3 * 5)])
def test_a_year_of_business_time_is_its_days_summed(
    cal: BusinessCalendar, short_hours: int
) -> None:
    """2026 by bisection and prefix sums equals its days walked one by one; the half days
    (BR: Ash Wednesday 5 h short, Christmas and New Year's Eve 4 h; TR: three arifes 5 h
    each) take `short_hours` off the full days."""
    walked, working, day = timedelta(0), 0, date(2026, 1, 1)
    while day.year == 2026:
        if cal.is_working_day(day):
            working += 1
            opens, closes, *_ = cal.half_day(day) or (cal.hours.start, cal.hours.end)
            walked += datetime.combine(day, closes) - datetime.combine(day, opens)
        day += timedelta(days=1)
    start, end = datetime(2026, 1, 1, tzinfo=cal.zone), datetime(2027, 1, 1, tzinfo=cal.zone)
    assert cal.business_time_between(start, end) == walked == (working * 9 - short_hours) * H
    assert cal.add_business_hours(start, walked) == cal.next_opening(end)


def _calendars(tmp_path: Path, countries: str) -> Calendars:
    path = tmp_path / "mailbot.toml"
    path.write_text(countries)
    return Calendars(load_config(path))


def test_config_adds_a_half_day_for_a_country(tmp_path: Path) -> None:
    """Austria: close for `bank` days too, but open Christmas Eve until 12:00."""
    rules = '[calendar.countries.AT]\ncategories = ["public", "bank"]\n'
    half = 'half_days = { "Christmas Eve" = "until 12:00" }\n'
    cal = _calendars(tmp_path, rules + half).customer("AT", None, None)
    week = at(VIENNA, 2026, 12, 23, 9), at(VIENNA, 2026, 12, 28, 9)
    assert cal.business_time_between(*week) == 12 * H  # Wed 9 h + Thu 09–12
    assert cal.is_business_moment(at(VIENNA, 2026, 12, 24, 11, 30))
    assert not cal.is_business_moment(at(VIENNA, 2026, 12, 24, 12, 30))
    closed = _calendars(tmp_path, rules).customer("AT", None, None)
    assert closed.business_time_between(*week) == 9 * H  # Christmas Eve shut all day


def test_config_empty_half_days_replace_the_country_defaults(tmp_path: Path) -> None:
    """`half_days = {}` for Brazil: Christmas Eve is an optional holiday shut all day."""
    cal = _calendars(tmp_path, "[calendar.countries.BR]\nhalf_days = {}\n").customer(
        "BR", None, None
    )
    week = at(SAO_PAULO, 2026, 12, 23, 9), at(SAO_PAULO, 2026, 12, 28, 9)
    assert cal.business_time_between(*week) == 9 * H
    assert BR.business_time_between(*week) == 14 * H


@pytest.mark.parametrize("value", ['"until 2pm"', '"14:00"', '"from 25:00"', '"till 14:00"', "14"])
def test_bad_half_day_in_config_is_one_clear_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "mailbot.toml"
    path.write_text(f'[calendar.countries.BR]\nhalf_days = {{ "Christmas Eve" = {value} }}\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message and "calendar.countries.BR.half_days.Christmas Eve" in message
    assert len(message.splitlines()) == 1
    if value != "14":  # a number fails as "not a string" before the syntax is checked
        assert '"until HH:MM" or "from HH:MM"' in message


def test_half_day_syntax() -> None:
    assert HalfDay.parse("until 14:00") == HalfDay(until=time(14))
    assert HalfDay.parse(" from 09:30 ") == HalfDay(since=time(9, 30))
    with pytest.raises(ValueError, match="either until or from"):
        HalfDay(until=time(12), since=time(14))
    config = parse_config(
        {"calendar": {"countries": {"DE": {"half_days": {"Corpus Christi": "from 10:00"}}}}}
    )
    assert config.calendar.countries["DE"].override().half_days == (
        ("Corpus Christi", HalfDay(since=time(10))),
    )


def _brazil(half: str) -> BusinessCalendar:
    countries = {"BR": {"half_days": {"Christmas Eve": half}}}
    rules = parse_config({"calendar": {"countries": countries}})
    return BusinessCalendar("BR", override=rules.calendar.countries["BR"].override())


WINDOW = (time(8, 30), time(11))


def test_send_window_is_clipped_to_a_half_days_hours() -> None:
    """The morning send window (08:30–11:00, clipped to 09:00 opening) on Christmas Eve."""
    early = at(SAO_PAULO, 2026, 12, 24, 8)
    assert next_send_moment(BR, early, WINDOW).at == at(SAO_PAULO, 2026, 12, 24, 9)  # until 14
    late = _brazil("from 10:00")
    assert next_send_moment(late, early, WINDOW).at == at(SAO_PAULO, 2026, 12, 24, 10)
    # Open from 12:00 leaves nothing of the window: 25 Dec holiday, 26–27 weekend (3 days,
    # not a flood), Mon 28 Dec 09:00.
    moment = next_send_moment(_brazil("from 12:00"), early, WINDOW)
    assert moment.at == at(SAO_PAULO, 2026, 12, 28, 9)
    assert moment.notes == ("not on Christmas Eve (open from 12:00): no time in the send window",)


# -- greetings: the customer's last business day before the occasion, in the window --
# The greeting rule (occasions.py) wants time inside the window on that day; a half day
# without any moves the greeting to the business day before it (within 7 days); a half
# day that keeps part of the window sends inside that part.

MORNING = (time(8, 30), time(11))  # the default greeting window; offices open 09:00


@pytest.mark.parametrize(
    ("cal", "occasion", "window", "start", "end"),
    [
        # Ash Wednesday opens at 14:00: no morning. Carnival Mon–Tue shut, weekend before:
        # Fri 13 Feb 09:00–11:00 São Paulo (UTC−3), six days before a Thu 19 Feb birthday.
        (
            BR,
            date(2026, 2, 19),
            MORNING,
            at(SAO_PAULO, 2026, 2, 13, 9),
            at(SAO_PAULO, 2026, 2, 13, 11),
        ),
        # An afternoon window fits Ash Wednesday's open part: from 14:00 that day.
        (
            BR,
            date(2026, 2, 19),
            (time(13), time(17)),
            at(SAO_PAULO, 2026, 2, 18, 14),
            at(SAO_PAULO, 2026, 2, 18, 17),
        ),
        # Christmas Eve open until 14:00: the morning is untouched, 13:00–17:00 ends at 14:00,
        # and 14:00–17:00 has nothing left, so Wed 23 Dec.
        (
            BR,
            date(2026, 12, 25),
            MORNING,
            at(SAO_PAULO, 2026, 12, 24, 9),
            at(SAO_PAULO, 2026, 12, 24, 11),
        ),
        (
            BR,
            date(2026, 12, 25),
            (time(13), time(17)),
            at(SAO_PAULO, 2026, 12, 24, 13),
            at(SAO_PAULO, 2026, 12, 24, 14),
        ),
        (
            BR,
            date(2026, 12, 25),
            (time(14), time(17)),
            at(SAO_PAULO, 2026, 12, 23, 14),
            at(SAO_PAULO, 2026, 12, 23, 17),
        ),
        # Eid al-Fitr Fri 20 Mar; its arife Thu 19 Mar is open until 13:00 Istanbul (UTC+3).
        (
            TR,
            date(2026, 3, 20),
            MORNING,
            at(ISTANBUL, 2026, 3, 19, 9),
            at(ISTANBUL, 2026, 3, 19, 11),
        ),
        (
            TR,
            date(2026, 3, 20),
            (time(12), time(15)),
            at(ISTANBUL, 2026, 3, 19, 12),
            at(ISTANBUL, 2026, 3, 19, 13),
        ),
        (
            TR,
            date(2026, 3, 20),
            (time(13, 30), time(16)),
            at(ISTANBUL, 2026, 3, 18, 13, 30),
            at(ISTANBUL, 2026, 3, 18, 16),
        ),
    ],
)
def test_greeting_goes_out_while_a_half_day_office_is_open(
    cal: BusinessCalendar, occasion: date, window: tuple[time, time], start: datetime, end: datetime
) -> None:
    found = greeting_window(occasion, cal, window)
    assert found == (start, end)
    assert greeting_moment(occasion, cal, window) == start
    assert cal.is_business_moment(start)
    assert cal.is_business_moment(end - timedelta(minutes=1))
