"""When mail may go out to a customer: their morning, on their business day (DOMAIN.md §5).

Not on their holiday, not on the first day back after a long closure (their inbox
is flooded), and — for a stage that needs a fast answer — not while the seller's
own office is shut. The window is clipped to the customer's opening hours (a half
day's shorter ones too), so a send moment is always a business moment of theirs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from mailbot.domain.calendar import BusinessCalendar, CalendarError
from mailbot.domain.span import describe_runs

LONG_CLOSURE_DAYS = 4  # closed this many days in a row (Eid, Christmas week) = a flood
_SEARCH_DAYS = 400


class SendMoment(NamedTuple):
    at: datetime  # UTC
    notes: tuple[str, ...]  # days skipped and why, in words


def next_send_moment(
    customer: BusinessCalendar,
    after: datetime,
    window: tuple[time, time],
    seller: BusinessCalendar | None = None,
) -> SendMoment:
    """The first instant ≥ `after` inside the customer's send window on a day that
    is allowed (see module doc). `seller` is given when the seller must be open."""
    start, end = _clip(customer, window)
    local = after.astimezone(customer.zone)
    day = local.date()
    if local.time() >= _on_day(customer, day, start, end)[1]:
        day += timedelta(days=1)
    allowed, notes = _allowed_day(customer, seller, day, start, end)
    opens = datetime.combine(allowed, _on_day(customer, allowed, start, end)[0], customer.zone)
    return SendMoment(max(opens, local).astimezone(UTC), notes)


def day_window(
    calendar: BusinessCalendar, day: date, window: tuple[time, time]
) -> tuple[time, time]:
    """`window` on `day` as mail may use it: inside the opening hours (their first hour
    if they miss), narrower on a half day, perhaps empty (start ≥ end). Greetings
    (occasions.py) time themselves by it too."""
    return _on_day(calendar, day, *_clip(calendar, window))


def _on_day(customer: BusinessCalendar, day: date, start: time, end: time) -> tuple[time, time]:
    """The send window on `day`: narrower on a half day, perhaps empty."""
    half = customer.half_day(day) if customer.has_half_days else None
    return (start, end) if half is None else (max(start, half[0]), min(end, half[1]))


@lru_cache(maxsize=1 << 16)  # plans ask the same days of the same calendars
def _allowed_day(
    customer: BusinessCalendar,
    seller: BusinessCalendar | None,
    day: date,
    start: time,
    end: time,
) -> tuple[date, tuple[str, ...]]:
    """The first day ≥ `day` mail may go out, and the days skipped in words."""
    notes: list[str] = []
    for _ in range(_SEARCH_DAYS):
        if customer.is_working_day(day):
            flood = _closed_run_before(customer, day)
            opens, closes = _on_day(customer, day, start, end)
            if opens >= closes:
                half = customer.half_day(day)
                notes.append(f"not on {half[2] if half else day}: no time in the send window")
            elif flood:
                notes.append(f"not on the first day back after {flood}")
            elif seller is not None and not seller.is_working_day(ours := _seller_date(
                seller, datetime.combine(day, start, customer.zone))):  # fmt: skip
                why = seller.reason(ours) or "closed"
                notes.append(f"the offer waits for our office to reopen ({why})")
            else:
                return day, tuple(dict.fromkeys(notes))
        day += timedelta(days=1)
    raise CalendarError(
        f"no send moment within {_SEARCH_DAYS} days of {day:%Y-%m-%d}",
        "check the customer's office week and closures",
    )


def _clip(calendar: BusinessCalendar, window: tuple[time, time]) -> tuple[time, time]:
    """The send window inside opening hours; the first opening hour if they miss."""
    start = max(window[0], calendar.hours.start)
    end = min(window[1], calendar.hours.end)
    if start < end:
        return start, end
    first = datetime.combine(date.min, calendar.hours.start) + timedelta(hours=1)
    return calendar.hours.start, min(first.time(), calendar.hours.end)


def _closed_run_before(calendar: BusinessCalendar, day: date) -> str | None:
    """Words for a closure of LONG_CLOSURE_DAYS+ days ending the day before `day`."""
    run = []
    d = day - timedelta(days=1)
    while len(run) < _SEARCH_DAYS and not calendar.is_working_day(d):
        run.append((d, calendar.reason(d)))
        d -= timedelta(days=1)
    if len(run) < LONG_CLOSURE_DAYS:
        return None
    words = describe_runs(reversed(run))
    return words[0] if words else None


def _seller_date(seller: BusinessCalendar, t: datetime) -> date:
    """The seller's own date at `t`: 08:30 in Los Angeles is the next day in Shenzhen."""
    return t.astimezone(seller.zone).date()
