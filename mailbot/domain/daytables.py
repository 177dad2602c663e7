"""One calendar's own tables per year: its working days and its short days.

The working days are the country's (workdays.py) plus dates declared working, less the
calendar's closures, as sorted ordinals. A short day (a half-day holiday) stays among
them but opens a shorter window: Christmas Eve in Brazil until 14:00, Ash Wednesday
from 14:00. Each year's table holds the short days' ordinals in order, their windows,
and the prefix sums of what each lacks of a full business day, so the business time of
any run of working days is (days × full day − shortfall), found by bisection, never by
walking the days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, time
from typing import NamedTuple

from mailbot.domain import workdays
from mailbot.domain.hours import Closure
from mailbot.domain.workdays import DaySpec


def merge(days: tuple[int, ...], extra: tuple[int, ...], year: int) -> tuple[int, ...]:
    """`days` of `year` with the declared working days among `extra` added."""
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    mine = [o for o in extra if first <= o <= last]
    return tuple(sorted(set(days).union(mine))) if mine else days


def cut(days: tuple[int, ...], cuts: tuple[Closure, ...]) -> tuple[int, ...]:
    """`days` less the dates the closures cover."""
    for closure in cuts:
        lo = bisect_left(days, closure.start.toordinal())
        hi = bisect_right(days, closure.end.toordinal())
        if lo < hi:
            days = days[:lo] + days[hi:]
    return days


class YearShorts(NamedTuple):
    ordinals: tuple[int, ...]  # the short working days, sorted
    shortfall: tuple[int, ...]  # prefix sums of (full day − window) in µs; one more entry
    windows: dict[int, tuple[int, int]]  # ordinal → (opening µs after midnight, length µs)
    words: dict[int, str]  # ordinal → "Christmas Eve (open until 14:00)"
    shut: dict[int, str]  # half days whose window misses the opening hours, and why


NONE = YearShorts((), (0,), {}, {}, {})


def year_table(
    spec: DaySpec, year: int, days: tuple[int, ...], extra: tuple[int, ...], opens: int, length: int
) -> tuple[tuple[int, ...], YearShorts]:
    """`days` (this year's working days) less the half days left with no window, and the
    year's table. A date declared working (`extra`) keeps its full day."""
    found = workdays.short_days(spec, year)
    if not found:
        return days, NONE
    rules = dict(spec.half)
    rows, shut = [], {}
    for o, names in sorted(found.items()):
        if o in extra or not _member(days, o):
            continue  # a closure took the day, or it was declared a full working day
        start, end = opens, opens + length
        for name in names:  # two half-day names on one date: the narrower window
            rule = rules[name]
            if rule.until is not None:
                end = min(end, micros(rule.until))
            if rule.since is not None:
                start = max(start, micros(rule.since))
        words = ", ".join(rules[name].words(name) for name in names)
        if end <= start:
            shut[o] = words
        else:
            rows.append((o, start, end - start, words))
    if shut:
        days = tuple(o for o in days if o not in shut)
    prefix = [0]
    for _, _, window, _ in rows:
        prefix.append(prefix[-1] + length - window)
    return days, YearShorts(
        tuple(r[0] for r in rows),
        tuple(prefix),
        {o: (start, window) for o, start, window, _ in rows},
        {o: words for o, _, _, words in rows},
        shut,
    )


def shortfall(table: YearShorts, start: int, stop: int) -> int:
    """µs the short days in [start, stop) lack of full days."""
    if not table.ordinals:
        return 0
    cut = table.shortfall
    return cut[bisect_left(table.ordinals, stop)] - cut[bisect_left(table.ordinals, start)]


def mattering(
    table: YearShorts, first: int, last: int, opens: int, length: int
) -> list[tuple[int, str]]:
    """(ordinal, words) of the short days that cut into [first, last] (ordinals of a span's
    first and last local dates): an early close before the last day, a late opening after
    the first; Christmas Eve on the deadline's own morning changed nothing."""
    lo, hi = bisect_left(table.ordinals, first), bisect_left(table.ordinals, last + 1)
    out = []
    for o in table.ordinals[lo:hi]:
        start, window = table.windows[o]
        if (start + window < opens + length and o < last) or (start > opens and o > first):
            out.append((o, table.words[o]))
    return out


def micros(value: datetime | time) -> int:
    """Microseconds after midnight on the wall clock."""
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _member(days: tuple[int, ...], o: int) -> bool:
    i = bisect_left(days, o)
    return i < len(days) and days[i] == o
