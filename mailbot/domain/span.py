"""Words for the closed days in a span, so a planner can say why a deadline moved.

One phrase per run of consecutive closed days: the holiday or closure names in order,
"+ weekend" when weekend days sit inside the run, and the dates; a run of weekend days
alone reads "Fri–Sat weekend 20–21 Mar". Month and weekday names are fixed English
abbreviations, never the process locale.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from mailbot.domain.workdays import SEPARATOR, WEEKEND

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def describe_runs(days: Iterable[tuple[date, str | None]]) -> list[str]:
    """Phrases for the closed runs among consecutive (day, reason-or-None) pairs."""
    phrases: list[str] = []
    run: list[tuple[date, str]] = []
    for day, why in days:
        if why is not None:
            run.append((day, why))
        elif run:
            phrases.append(_phrase(run))
            run = []
    if run:
        phrases.append(_phrase(run))
    return phrases


def describe_day(day: date, words: str) -> str:
    """One day's phrase: 'Christmas Eve (open until 14:00) 24 Dec'."""
    return f"{words} {_dates(day, day)}"


def _phrase(run: list[tuple[date, str]]) -> str:
    first, last = run[0][0], run[-1][0]
    names = list(dict.fromkeys(n for _, why in run if why != WEEKEND for n in why.split(SEPARATOR)))
    if not names:
        days = _WEEKDAYS[first.weekday()]
        if last != first:
            days += "–" + _WEEKDAYS[last.weekday()]
        return f"{days} weekend {_dates(first, last)}"
    weekend = " + weekend" if any(why == WEEKEND for _, why in run) else ""
    return f"{', '.join(names)}{weekend} {_dates(first, last)}"


def _dates(first: date, last: date) -> str:
    def day(d: date, year: bool = False) -> str:
        return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")

    if first == last:
        return day(first)
    if first.year != last.year:
        return f"{day(first, True)}–{day(last, True)}"
    if first.month != last.month:
        return f"{day(first)}–{day(last)}"
    return f"{first.day}–{day(last)}"
