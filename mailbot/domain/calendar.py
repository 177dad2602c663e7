"""A customer's (or the seller's) business calendar: business time between instants.

One `BusinessCalendar` per party: the `holidays` package for their country (and
subdivision), date-aware weekends, observed days, the categories offices close for,
local opening hours and zone (hours.py), a per-country `CountryOverride` from config,
and closures learned from auto-replies. The seller's calendar is the same class:
`BusinessCalendar("CN", closures=[Closure(start, end, "Spring Festival shutdown")])`.

Time is always an argument: every method takes aware datetimes and returns aware UTC
ones. Business time is counted on the local wall clock inside the opening window of
working days, so DST switches (which happen at night) never stretch or shrink a day.
A window is half-open: 18:00 is not a business moment, the next opening is.
Half-day holidays (hours.py `half_days`) shorten one day's window (daytables.py).

Pure and fast: working days are precomputed per (country settings, year) as sorted
ordinals (workdays.py, daytables.py) and searched with bisect; nothing walks day by day except
`explain_span`, which is capped.
"""

from __future__ import annotations

import copy
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mailbot.domain import daytables, workdays
from mailbot.domain.daytables import YearShorts, micros
from mailbot.domain.hours import (
    DEFAULT_SUBDIVISIONS,
    DEFAULTS,
    ZONES,
    Closure,
    CountryOverride,
    OpeningHours,
    merged,
)
from mailbot.domain.span import describe_day, describe_runs
from mailbot.domain.workdays import CalendarError

__all__ = ["BusinessCalendar", "CalendarError", "Closure", "CountryOverride", "OpeningHours"]

_US = timedelta(microseconds=1)
_MAX_YEARS = 60  # how far ahead a search for working days may run before giving up
_EXPLAIN_DAYS = 400  # explain_span never walks more days than this
_MAX_CLONES = 4096  # calendars with absences shut kept per calendar (one per absence set)
_MAX_HOURS = 4096  # hour counts kept with their length in µs
_HOURS: dict[float, int] = {}
Span = tuple[date, date]  # inclusive dates, e.g. an out-of-office window


class BusinessCalendar:
    """Working days, opening hours and zone of one party; business-time arithmetic.

    Arguments override `override`, which overrides the country defaults (hours.py);
    `hours` replaces the whole default, office week included.
    `closures` (inclusive date ranges, e.g. from an auto-reply) close the office
    whatever the law says; `extra_working_days` open it unless a closure covers them.
    `zone_assumed` is True when no zone was known and UTC stands in.
    """

    __slots__ = ("country", "hours", "zone", "zone_assumed", "_place", "_spec", "_extra", "_cuts",
                 "_open", "_len", "_day_hours", "_years", "_explained", "_run_words",
                 "_clones", "_halves", "_full", "_shorts", "_windows")  # fmt: skip

    def __init__(
        self,
        country: str | None,
        subdivision: str | None = None,
        zone: str | ZoneInfo | None = None,
        hours: OpeningHours | None = None,
        closures: Iterable[Closure | Span] = (),
        extra_working_days: Iterable[date] = (),
        categories: Iterable[str] | None = None,
        override: CountryOverride | None = None,
    ) -> None:
        code = country.upper() if country else None
        rules = merged(DEFAULTS.get(code or "", CountryOverride()), override)
        self.country = code
        self.hours = hours or rules.hours or OpeningHours()
        zone_key = zone or rules.zone or ZONES.get(code or "")
        self.zone = zone_key if isinstance(zone_key, ZoneInfo) else ZoneInfo(zone_key or "UTC")
        self.zone_assumed = zone_key is None
        self._place = self.zone.key.rsplit("/", 1)[-1].replace("_", " ")  # in every reason
        subdivision = subdivision or DEFAULT_SUBDIVISIONS.get(code or "")
        self._spec = workdays.day_spec(code, subdivision, self.hours.days, categories, rules)
        self._extra = tuple(sorted({d.toordinal() for d in extra_working_days}))
        self._cuts = tuple(_closure(c, "company closure") for c in closures)
        self._open = micros(self.hours.start)
        self._len = micros(self.hours.end) - self._open
        self._day_hours = self.business_day.total_seconds() / 3600
        self._years: dict[int, tuple[int, ...]] = {}
        self._explained: dict[tuple[int, int], list[str]] = {}
        self._run_words: dict[tuple[int, int], str] = {}  # closed run (ordinals) → phrase
        self._clones: dict[tuple[Closure, ...], BusinessCalendar] = {}  # see `paused`
        # Calendars without half days (most) keep the constant-length arithmetic.
        self._halves = bool(self._spec.half)
        self._full = (self._open, self._len)
        self._shorts: dict[int, YearShorts] = {}
        self._windows: dict[int, tuple[int, int]] = {}  # every built year's short windows

    @property
    def business_day(self) -> timedelta:
        """The length of one working day's opening window."""
        return timedelta(microseconds=self._len)

    @property
    def business_day_hours(self) -> float:
        """`business_day` in hours (the planner asks for every conversation)."""
        return self._day_hours

    @property
    def has_half_days(self) -> bool:
        """Can a working day open a shorter window than `hours` (a half-day holiday)?"""
        return self._halves

    @property
    def place(self) -> str:
        """Where this calendar's clock is, for people: "Riyadh", "New York", "UTC"."""
        return self._place

    # -- days ---------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Is the office open at all on this local date?"""
        days = self._days(day.year)
        i = bisect_left(days, day.toordinal())
        return i < len(days) and days[i] == day.toordinal()

    def paused(self, spans: Iterable[Closure | Span]) -> BusinessCalendar:
        """This calendar with `spans` (e.g. out-of-office windows) closed as well."""
        cuts = tuple(_closure(s, "out of office") for s in spans)
        if not cuts:
            return self
        clone = self._clones.get(cuts)
        if clone is None:  # kept: a deadline and its words ask twice, a customer's threads more
            if len(self._clones) >= _MAX_CLONES:
                self._clones.clear()
            clone = copy.copy(self)
            clone._cuts = self._cuts + cuts
            clone._years, clone._explained, clone._run_words, clone._clones = {}, {}, {}, {}
            clone._shorts, clone._windows = {}, {}
            self._clones[cuts] = clone
        return clone

    # -- instants -----------------------------------------------------------------

    def is_business_moment(self, t: datetime) -> bool:
        """Is the office open at instant `t` (working day, inside opening hours)?"""
        local = _aware(t).astimezone(self.zone)
        if not self._halves:
            offset = micros(local) - self._open
            return 0 <= offset < self._len and self.is_working_day(local.date())
        if not self.is_working_day(local.date()):  # builds the year, short windows included
            return False
        opens, length = self._windows.get(local.toordinal(), self._full)
        return 0 <= micros(local) - opens < length

    def next_opening(self, t: datetime) -> datetime:
        """`t` itself if the office is open then, else the next instant it opens."""
        return self._instant(*self._position(t))

    def add_business_hours(
        self, t: datetime, h: timedelta | float, paused: Iterable[Closure | Span] = ()
    ) -> datetime:
        """The instant `h` of business time (a timedelta, or hours) after `t`.

        The clock starts at `next_opening(t)`; the result is always a business moment,
        so a deadline that would fall on closing time moves to the next opening.
        """
        if isinstance(h, timedelta):
            step = h // _US
        else:  # the planner adds the same few hour counts again and again
            step = _HOURS.get(h)
            if step is None:
                if len(_HOURS) >= _MAX_HOURS:
                    _HOURS.clear()
                step = _HOURS[h] = timedelta(hours=h) // _US
        if step < 0:
            raise ValueError(f"business time to add must not be negative: {step * _US}")
        calendar = self.paused(paused) if paused else self
        day, offset = calendar._position(t)
        if calendar._halves:
            return calendar._instant(*calendar._advance(day, offset + step))
        whole, rest = divmod(offset + step, calendar._len)
        return calendar._instant(calendar._after(day, whole) if whole else day, rest)

    def add_business_days(
        self, t: datetime, n: int, paused: Iterable[Closure | Span] = ()
    ) -> datetime:
        """The instant `n` business days after `t`: n × (length of a business day).

        Convention (it reproduces DOMAIN.md §1's three examples): the clock starts at
        the next business moment at or after `t`; the deadline is the same local clock
        time on the n-th following working day; a start at opening time therefore ends
        at the opening of the (n+1)-th day, not at the closing of the n-th, because
        closing time is not a business moment. `paused` spans count as closed.
        """
        return self.add_business_hours(t, timedelta(microseconds=n * self._len), paused)

    def business_time_between(
        self, a: datetime, b: datetime, paused: Iterable[Closure | Span] = ()
    ) -> timedelta:
        """Business time from `a` to `b` (negative when `b` is earlier)."""
        if b < a:
            return -self.business_time_between(b, a, paused)
        calendar = self.paused(paused) if paused else self
        (day_a, off_a), (day_b, off_b) = calendar._position(a), calendar._position(b)
        whole = calendar._count(day_a, day_b) * calendar._len - calendar._shortfall(day_a, day_b)
        return (whole + off_b - off_a) * _US

    def business_hours_between(self, a: datetime, b: datetime) -> float:
        """`business_time_between(a, b)` in hours, the same float (no timedelta on the way)."""
        return self.business_hours_each(((a, b),))[0]

    def business_hours_each(self, pairs: Iterable[tuple[datetime, datetime]]) -> list[float]:
        """`[business_hours_between(a, b) for a, b in pairs]`, in one loop (the plan times
        every past reply of tens of thousands of customers)."""
        out = []
        position, count, length = self._position, self._count, self._len
        short = self._shortfall if self._halves else None
        for a, b in pairs:
            back = b < a
            if back:
                a, b = b, a
            (day_a, off_a), (day_b, off_b) = position(a), position(b)
            whole = count(day_a, day_b) * length - (short(day_a, day_b) if short else 0)
            hours = (whole + off_b - off_a) / 1_000_000 / 3600
            out.append(-hours if back else hours)
        return out

    def explain_span(
        self, a: datetime, b: datetime, paused: Iterable[Closure | Span] = ()
    ) -> list[str]:
        """Why the office was shut between `a` and `b`, one phrase per closed run.

        E.g. ["Eid al-Fitr Holiday 19–24 Mar"], ["Fri–Sat weekend 20–21 Mar"],
        ["Christmas Day, Second Day of Christmas + weekend 25–27 Dec"]; a half day that cut
        the span short reads "Christmas Eve (open until 14:00) 24 Dec".
        """
        first = _aware(a).astimezone(self.zone).date()
        return self.explain_days(first, _aware(b).astimezone(self.zone).date(), paused)

    def explain_days(
        self, first: date, last: date, paused: Iterable[Closure | Span] = ()
    ) -> list[str]:
        """`explain_span` from local dates (a caller that has them spares the conversions)."""
        last = min(last, first + timedelta(_EXPLAIN_DAYS))
        key = (first.toordinal(), last.toordinal())
        if paused:  # the same runs, found by bisection, on the calendar with the absences shut
            return self.paused(paused)._phrases(*key)
        words = self._explained.get(key)
        if words is None:  # the same spans come up for many threads of one calendar
            words = self._explained[key] = self._phrases(*key)
        return list(words)

    def _phrases(self, first: int, last: int) -> list[str]:
        runs = [(run[0], self._words_for_run(*run)) for run in self._closed_runs(first, last)]
        if self._halves:
            for year in range(_year(first), _year(last) + 1):
                short = daytables.mattering(self._table(year), first, last, *self._full)
                runs.extend((o, describe_day(date.fromordinal(o), words)) for o, words in short)
            runs.sort()
        return [words for _, words in runs]

    def _closed_runs(self, first: int, last: int) -> list[tuple[int, int]]:
        """The runs of consecutive closed days in [first, last], as (first, last) ordinals:
        the gaps between the working days found by bisection, year after year."""
        runs, o = [], first
        year, last_year = date.fromordinal(first).year, date.fromordinal(last).year
        while True:
            days = self._days(year)
            i = bisect_left(days, o)
            while i < len(days) and days[i] <= last:
                if days[i] > o:
                    runs.append((o, days[i] - 1))
                o, i = days[i] + 1, i + 1
            if i < len(days) or year >= last_year:
                break
            year += 1
        if o <= last:
            runs.append((o, last))
        return runs

    def _words_for_run(self, first: int, last: int) -> str:
        """`describe_runs` of one closed run, kept: spans differ from thread to thread,
        but they cut across the same few weekends and holidays."""
        words = self._run_words.get((first, last))
        if words is None:
            days = [date.fromordinal(o) for o in range(first, last + 1)]
            [words] = describe_runs((day, self.reason(day)) for day in days)
            self._run_words[(first, last)] = words
        return words

    def half_day(self, day: date) -> tuple[time, time, str] | None:
        """(opening, closing, words) of `day` when a half-day holiday shortens it, else None."""
        if not self._halves or not self.is_working_day(day):
            return None
        table = self._table(day.year)
        window = table.windows.get(day.toordinal())
        if window is None:
            return None
        start, length = window
        midnight = datetime.min
        clock = (midnight + start * _US).time(), (midnight + (start + length) * _US).time()
        return *clock, table.words[day.toordinal()]

    def reason(self, day: date) -> str | None:
        """Why the office is shut on `day` (closure, holiday, "weekend"); None if open."""
        for cut in reversed(self._cuts):  # the latest (e.g. an absence) names it best
            if cut.start <= day <= cut.end:
                return cut.label
        if self._extra and day.toordinal() in self._extra:
            return None
        why = workdays.reason(self._spec, day)
        if why is None and self._halves:  # a half day whose window misses the opening hours
            why = self._table(day.year).shut.get(day.toordinal())
        return why

    # -- internals: days as ordinals, times as microseconds after opening ----------

    def _days(self, year: int) -> tuple[int, ...]:
        days = self._years.get(year)
        if days is None:
            days = daytables.merge(workdays.year_days(self._spec, year), self._extra, year)
            days = daytables.cut(days, self._cuts)
            if self._halves:
                days, table = daytables.year_table(
                    self._spec, year, days, self._extra, self._open, self._len
                )
                self._shorts[year] = table
                self._windows.update(table.windows)
            self._years[year] = days
        return days

    def _window(self, ordinal: int) -> tuple[int, int]:
        """(opening µs after midnight, length µs) of a working day, short or full; its
        year's table must be built (any working day found by `_days` has it)."""
        return self._windows.get(ordinal, self._full)

    def _table(self, year: int) -> YearShorts:
        table = self._shorts.get(year)
        if table is None:
            self._days(year)
            table = self._shorts[year]
        return table

    def _shortfall(self, start: int, stop: int) -> int:
        """µs the short working days in [start, stop) lack of full business days."""
        if not self._halves:
            return 0
        first, last = _year(start), _year(stop)
        if first == last:
            table = self._table(first)
            return daytables.shortfall(table, start, stop) if table.ordinals else 0
        return sum(daytables.shortfall(self._table(y), start, stop) for y in range(first, last + 1))

    def _advance(self, day: int, offset: int) -> tuple[int, int]:
        """The position `offset` µs of business time after the opening of working day
        `day`, across short days: whole full days by bisection, then the correction for
        the short ones among them (a few steps per half day crossed, never per day)."""
        whole, rest = divmod(offset, self._len)
        target = self._after(day, whole) if whole else day
        if not self._shortfall(day, target + 1):  # no short day on the way (most spans)
            return target, rest
        while True:
            length = self._window(day)[1]
            if offset < length:
                return day, offset
            offset -= length
            day = self._after(day, 1)
            whole = offset // self._len
            if whole:
                target = self._after(day, whole)
                offset -= whole * self._len - self._shortfall(day, target)
                day = target

    def _after(self, ordinal: int, k: int) -> int:
        """The k-th working day after `ordinal` (k ≥ 1), as an ordinal."""
        year = _year(ordinal)
        for y in range(year, year + _MAX_YEARS):
            days = self._days(y)
            i = bisect_right(days, ordinal) if y == year else 0
            if i + k <= len(days):
                return days[i + k - 1]
            k -= len(days) - i
        raise CalendarError(f"no working day within {_MAX_YEARS} years of {year}",
                            "check the closures and office week of this calendar")  # fmt: skip

    def _count(self, start: int, stop: int) -> int:
        """Working days in [start, stop), ordinals."""
        first, last = _year(start), _year(stop)
        if first == last:
            days = self._years.get(first) or self._days(first)
            return bisect_left(days, stop) - bisect_left(days, start)
        total = 0
        for y in range(first, last + 1):
            days = self._days(y)
            total += bisect_left(days, stop) - bisect_left(days, start)
        return total

    def _position(self, t: datetime) -> tuple[int, int]:
        """(working day, µs after its opening) of the first business moment ≥ t."""
        if t.tzinfo is None:
            _aware(t)  # raises
        local = t.astimezone(self.zone)
        offset = (
            (local.hour * 3600 + local.minute * 60 + local.second) * 1_000_000
            + local.microsecond - self._open
        )  # fmt: skip  # inlined micros: the planner calls this ~10^5 times
        ordinal = local.toordinal()
        length = self._len
        if self._halves:  # the year first: a short day's window is known once it is built
            self._years.get(local.year) or self._days(local.year)
            opens, length = self._windows.get(ordinal, self._full)
            offset += self._open - opens
        if offset < length:
            days = self._years.get(local.year) or self._days(local.year)
            i = bisect_left(days, ordinal)
            if i < len(days) and days[i] == ordinal:
                return ordinal, max(offset, 0)
        return self._after(ordinal, 1), 0

    def _instant(self, ordinal: int, offset: int) -> datetime:
        opens = self._windows.get(ordinal, self._full)[0] if self._halves else self._open
        wall = datetime.fromordinal(ordinal) + timedelta(microseconds=opens + offset)
        return wall.replace(tzinfo=self.zone).astimezone(UTC)


def _closure(item: Closure | Span, label: str) -> Closure:
    return item if isinstance(item, Closure) else Closure(item[0], item[1], label)


_YEARS: dict[int, int] = {}  # ordinal → its year: a date object per lookup cost more


def _year(ordinal: int) -> int:
    year = _YEARS.get(ordinal)
    if year is None:
        if len(_YEARS) >= 1 << 17:
            _YEARS.clear()
        year = _YEARS[ordinal] = date.fromordinal(ordinal).year
    return year


def _aware(t: datetime) -> datetime:
    if t.utcoffset() is None:
        raise ValueError(f"a naive datetime has no instant: {t!r}; pass an aware one")
    return t
