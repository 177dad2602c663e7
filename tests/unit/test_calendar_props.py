"""Properties of business-time arithmetic that must hold for any country, instant and span."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.span import describe_day, describe_runs

PROPS = settings(max_examples=200, deadline=None)
COUNTRIES = ["SA", "AE", "IL", "IN", "ID", "CN", "JP", "US", "BR", "DE", "GB", "FR", "NG",
             "AU", "TR", "HK", "EG", "MX", "CL", "NZ"]  # fmt: skip
CALENDARS = {c: BusinessCalendar(c) for c in COUNTRIES}

calendars = st.sampled_from(COUNTRIES).map(CALENDARS.__getitem__)
instants = st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31), timezones=st.just(UTC))
spans = st.timedeltas(timedelta(0), timedelta(hours=300))


@st.composite
def absences(draw: st.DrawFn) -> list[tuple[date, date]]:
    """Zero to two out-of-office windows of up to three weeks in 2025–2028."""
    windows = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.dates(date(2025, 1, 1), date(2028, 12, 1)))
        windows.append((start, start + timedelta(draw(st.integers(0, 21)))))
    return windows


@PROPS
@given(calendars, instants, st.integers(0, 15), absences())
def test_deadline_is_a_business_moment(
    calendar: BusinessCalendar, t: datetime, n: int, away: list[tuple[date, date]]
) -> None:
    """add_business_days and next_opening always land when the office is open, not before t."""
    deadline = calendar.add_business_days(t, n, paused=away)
    assert calendar.is_business_moment(deadline) and deadline >= t
    day = deadline.astimezone(calendar.zone).date()
    assert all(not start <= day <= end for start, end in away)
    opening = calendar.next_opening(t)
    assert calendar.is_business_moment(opening) and opening >= t


@PROPS
@given(calendars, instants, spans, st.integers(0, 10))
def test_later_start_never_gives_earlier_deadline(
    calendar: BusinessCalendar, t: datetime, later: timedelta, n: int
) -> None:
    """add_business_days is monotonic in its start instant."""
    assert calendar.add_business_days(t, n) <= calendar.add_business_days(t + later, n)


@PROPS
@given(calendars, instants, spans, absences())
def test_business_time_between_inverts_adding_it(
    calendar: BusinessCalendar, t: datetime, h: timedelta, away: list[tuple[date, date]]
) -> None:
    """business_time_between(t, add_business_hours(t, h)) == h, with or without absences."""
    end = calendar.add_business_hours(t, h, paused=away)
    assert calendar.business_time_between(t, end, paused=away) == h
    assert calendar.business_time_between(end, t, paused=away) == -h


@PROPS
@given(calendars, instants, instants)
def test_business_hours_between_is_the_timedelta_in_hours(
    calendar: BusinessCalendar, a: datetime, b: datetime
) -> None:
    """The plan's float shortcut gives exactly the hours of business_time_between, either way
    round (the learned reply window, and so the plan's output, depends on the last bit)."""
    hours = calendar.business_time_between(a, b).total_seconds() / 3600
    assert calendar.business_hours_between(a, b) == hours
    assert calendar.business_hours_between(b, a) == -hours


@PROPS
@given(calendars, st.lists(st.tuples(instants, instants), max_size=6))
def test_business_hours_each_is_business_hours_between_of_each_pair(
    calendar: BusinessCalendar, pairs: list[tuple[datetime, datetime]]
) -> None:
    """The plan's loop over a customer's reply pairs, either way round, across years."""
    expected = [calendar.business_time_between(a, b).total_seconds() / 3600 for a, b in pairs]
    assert calendar.business_hours_each(pairs) == expected


CLOSED_FACTORY = BusinessCalendar(
    "CN", closures=[(date(2026, 2, 9), date(2026, 2, 27))], extra_working_days=[date(2026, 2, 28)]
)  # a Spring Festival shutdown with a make-up Saturday after it
near_it = st.datetimes(datetime(2026, 1, 1), datetime(2026, 3, 31), timezones=st.just(UTC))
with_calendar = st.tuples(calendars, instants) | st.tuples(st.just(CLOSED_FACTORY), near_it)


def described(calendar: BusinessCalendar, first: date, last: date) -> list[str]:
    """What explaining [first, last] must say, found day by day: each run of closed days,
    and each half day that cut the span short (an early close before the last day, a late
    opening after the first; TR's arife, BR's Ash Wednesday)."""
    phrases: list[str] = []
    run: list[tuple[date, str]] = []
    day = first
    while day <= last:
        if not calendar.is_working_day(day):
            run.append((day, calendar.reason(day) or "?"))
        else:
            phrases += describe_runs(run)
            run = []
            half = calendar.half_day(day)
            if half and ((half[1] < calendar.hours.end and day < last)
                         or (half[0] > calendar.hours.start and day > first)):  # fmt: skip
                phrases.append(describe_day(day, half[2]))
        day += timedelta(days=1)
    return phrases + describe_runs(run)


@PROPS
@given(with_calendar, st.timedeltas(timedelta(0), timedelta(60)))
def test_explained_spans_are_the_closed_days_described(
    place: tuple[BusinessCalendar, datetime], span: timedelta
) -> None:
    """explain_span (closed runs, phrases kept per run) says what describing every closed
    day of the span one by one says."""
    calendar, t = place
    zone = calendar.zone
    first, last = t.astimezone(zone).date(), (t + span).astimezone(zone).date()
    assert calendar.explain_span(t, t + span) == described(calendar, first, last)


@PROPS
@given(with_calendar, st.timedeltas(timedelta(0), timedelta(60)), absences())
def test_explained_spans_with_absences_are_the_closed_days_described(
    place: tuple[BusinessCalendar, datetime], span: timedelta, away: list[tuple[date, date]]
) -> None:
    """The same with out-of-office windows shut as well, asked twice (the second answer
    comes from the calendar kept for those windows)."""
    calendar, t = place
    zone = calendar.zone
    first, last = t.astimezone(zone).date(), (t + span).astimezone(zone).date()
    shut = BusinessCalendar.paused(calendar, away)
    expected = described(shut, first, last)
    for _ in range(2):
        assert calendar.explain_span(t, t + span, paused=away) == expected
