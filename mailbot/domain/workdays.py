"""Which dates are working days in a country's offices, one year at a time.

A `DaySpec` holds everything country-wide that decides it; `year_days` turns it into a
sorted tuple of date ordinals, cached, so 100k customers in 50 countries share ~150
tuples and ~150 `holidays` objects. Precedence, weakest first:

  1. the library's date-aware week (or a fixed office week), its holidays in the chosen
     categories with observed days, and its official make-up working weekends;
  2. holidays offices work anyway (`worked`);
  3. dates declared working (`working`);
  4. closures, annual or dated: they beat everything, including a make-up Saturday
     inside a factory's Spring Festival shutdown (DOMAIN.md §1).

Holidays named in `half` do not close a day: `short_days` lists the days they fall on
that are otherwise open (with the library's `half_day` category asked too, where a
country has one), and the calendar shortens their opening window.

`reason` gives the words for a closed day; `year_days` keeps exactly the days for which
it has none, so the two cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from mailbot.domain.hours import MON_FRI, Closure, CountryOverride, HalfDays
from mailbot.errors import MailbotError

if TYPE_CHECKING:
    import holidays

T = TypeVar("T")
WEEKEND = "weekend"
SEPARATOR = "; "  # between the names of one day's holidays (as the library joins them)
# "(observed)", "(estimated)", "(observed, estimated)": the same holiday for a reader.
_QUALIFIER = re.compile(r"\s*\((?:observed|estimated)(?:, estimated)?\)$")
_SUBSTITUTE = re.compile(r"\s*\(substituted from [^)]*\)$")


class CalendarError(MailbotError):
    """A calendar that cannot be built (unknown country, subdivision or category)."""


@dataclass(frozen=True, slots=True)
class DaySpec:
    """Country-wide inputs of the working-day decision (hashable: it is a cache key)."""

    country: str | None
    subdiv: str | None = None
    categories: tuple[str, ...] = ("public",)
    week: frozenset[int] | None = None  # fixed office week; None: the library's weekends
    worked: frozenset[str] = frozenset()
    working: frozenset[date] = frozenset()
    annual: tuple[tuple[int, int, str], ...] = ()
    closed: tuple[Closure, ...] = ()
    half: HalfDays = ()


def day_spec(
    country: str | None,
    subdiv: str | None,
    week: frozenset[int] | None,
    categories: Iterable[str] | None,
    rules: CountryOverride,
) -> DaySpec:
    """The spec of a calendar's country, its office week and its country's override;
    raises CalendarError for an unknown country, subdivision or category."""
    wanted = tuple(categories) if categories is not None else rules.categories
    if country is None:
        cats: tuple[str, ...] = ()
    elif categories is None:  # a default list may name categories a country lacks
        cats = supported_categories(country, wanted or ("public",))
    else:
        cats = wanted or ("public",)
    if country is not None:
        language_for(country, subdiv, cats)
    return DaySpec(
        country=country,
        subdiv=subdiv,
        categories=cats,
        week=week,
        worked=frozenset(rules.worked_holidays or ()),
        working=frozenset(rules.working or ()),
        annual=rules.annual_closures or (),
        closed=rules.closed or (),
        half=rules.half_days or (),
    )


def plain_name(name: str) -> str:
    """A holiday name without the library's "(observed)"/"(estimated)" qualifiers."""
    return _SUBSTITUTE.sub(" (in lieu)", _QUALIFIER.sub("", name))


# What the library said, kept so a later process need not ask it again (importing
# and computing 50 countries' calendars costs seconds). Pure data, keyed by strings;
# adapters/calendarcache.py stores it in a file. Only successful answers are kept.
_MEMO: dict[str, object] = {}
_MEMO_NEW: set[str] = set()


def memo_snapshot() -> dict[str, object] | None:
    """Everything learned, if anything was added since `memo_load`."""
    return dict(_MEMO) if _MEMO_NEW else None


def memo_load(entries: dict[str, object]) -> None:
    """Add known answers (from a file, or from a worker: those count as new here)."""
    fresh = entries.keys() - _MEMO.keys()
    _MEMO.update(entries)
    _MEMO_NEW.update(fresh)


def memo_saved() -> None:
    """Everything known is now stored: nothing new until more is learned."""
    _MEMO_NEW.clear()


def _memo(key: str, compute: Callable[[], T]) -> T:
    if key in _MEMO:
        return _MEMO[key]  # type: ignore[return-value]
    value = compute()
    _MEMO[key] = value
    _MEMO_NEW.add(key)
    return value


@lru_cache(maxsize=1024)
def language_for(country: str, subdiv: str | None, categories: tuple[str, ...]) -> str | None:
    """Validate a country's options once; give the language that yields English names."""

    def ask() -> str | None:
        probe = _probe(country, subdiv, categories)
        return "en_US" if "en_US" in probe.supported_languages else None

    return _memo(f"lang|{country}|{subdiv}|{','.join(categories)}", ask)


@lru_cache(maxsize=1024)
def supported_categories(country: str, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """`wanted` less the categories this country's calendar does not have."""

    def ask() -> list[str]:
        have = _probe(country, None, ("public",)).supported_categories
        return [c for c in wanted if c in have] or ["public"]

    return tuple(_memo(f"cats|{country}|{','.join(wanted)}", ask))


def _probe(country: str, subdiv: str | None, categories: tuple[str, ...]) -> holidays.HolidayBase:
    import holidays  # here, not at the top: a warm memo never needs the library

    try:  # years=(): checks the options without computing any holiday
        return holidays.country_holidays(country, subdiv=subdiv, categories=categories, years=())
    except NotImplementedError as error:  # the library's "not available", country or subdiv
        raise CalendarError(str(error), "use an ISO 3166 country and subdivision") from None
    except ValueError as error:
        have = _probe(country, None, ("public",)).supported_categories
        raise CalendarError(str(error), f"choose categories from {sorted(have)}") from None


@lru_cache(maxsize=1024)
def _library(spec_key: tuple[str, str | None, tuple[str, ...]], year: int) -> holidays.HolidayBase:
    # expand=False: a query outside `year` would otherwise grow this shared object, and
    # with expand=False such a date would silently count as working. Only dates of `year`
    # are ever asked (`_check_year`), so neither can happen.
    import holidays

    country, subdiv, categories = spec_key
    return holidays.country_holidays(
        country,
        subdiv=subdiv,
        years=year,
        expand=False,
        observed=True,
        categories=categories,
        language=language_for(country, subdiv, categories),
    )


def _check_year(lib: holidays.HolidayBase, day: date) -> None:
    if day.year not in lib.years:
        raise AssertionError(f"{day} asked of a calendar built for {sorted(lib.years)}")


def reason(spec: DaySpec, day: date) -> str | None:
    """Why `day` is closed (closure or holiday names, or "weekend"); None if it is open."""
    return closed_days(spec, day.year).get(day.toordinal())


@lru_cache(maxsize=4096)
def closed_days(spec: DaySpec, year: int) -> dict[int, str]:
    """The closed days of `year` (as ordinals) with their reasons."""

    def compute() -> dict[str, str]:
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        days = ((o, _reason(spec, date.fromordinal(o))) for o in range(first, last + 1))
        return {str(o): why for o, why in days if why is not None}

    found = _memo(f"closed|{year}|{_stable(spec)}", compute)
    return {int(o): why for o, why in found.items()}


def _stable(spec: DaySpec) -> str:
    """The spec as text that is the same in every process (set order is not)."""
    text = repr((spec.country, spec.subdiv, spec.categories,
                 sorted(spec.week) if spec.week is not None else None, sorted(spec.worked),
                 sorted(spec.working), spec.annual,
                 [(c.start, c.end, c.label) for c in spec.closed]))  # fmt: skip
    return text + repr(spec.half) if spec.half else text  # keys without half days unchanged


def _reason(spec: DaySpec, day: date) -> str | None:
    for closure in spec.closed:
        if closure.start <= day <= closure.end:
            return closure.label
    for month, dom, label in spec.annual:
        if (day.month, day.day) == (month, dom):
            return label
    if day in spec.working:
        return None
    if spec.country is None:
        return None if day.weekday() in (spec.week or MON_FRI) else WEEKEND
    lib = _library((spec.country, spec.subdiv, spec.categories), day.year)
    _check_year(lib, day)
    return _statutory_reason(lib, spec, day)


def _statutory_reason(lib: holidays.HolidayBase, spec: DaySpec, day: date) -> str | None:
    if day in lib.weekend_workdays:  # an official make-up working weekend day
        return None
    names = [plain_name(n) for n in lib.get_list(day)] if day in lib else []
    half = _half_names(spec.half)
    closed = list(dict.fromkeys(n for n in names if n not in spec.worked and n not in half))
    if closed:
        return SEPARATOR.join(closed)
    weekend = lib.is_weekend(day) if spec.week is None else day.weekday() not in spec.week
    return WEEKEND if weekend else None


@lru_cache(maxsize=2048)  # country-level specs only: customer closures are cut later
def year_days(spec: DaySpec, year: int) -> tuple[int, ...]:
    """The working days of `year` as sorted date ordinals."""
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    closed = closed_days(spec, year)
    return tuple(o for o in range(first, last + 1) if o not in closed)


@lru_cache(maxsize=256)
def _half_names(half: HalfDays) -> frozenset[str]:
    return frozenset(name for name, _ in half)


@lru_cache(maxsize=4096)
def short_days(spec: DaySpec, year: int) -> dict[int, tuple[str, ...]]:
    """The days of `year` (ordinals) a half-day holiday shortens, with its names;
    only days that are otherwise open (not a weekend, closure or full holiday)."""
    if not spec.half or spec.country is None:
        return {}

    def compute() -> dict[str, list[str]]:
        closed, half = closed_days(spec, year), _half_names(spec.half)
        found: dict[str, list[str]] = {}
        for lib in _half_libraries(spec, year):
            for day in sorted(lib):
                if day.toordinal() in closed or day in spec.working:
                    continue
                names = [n for n in map(plain_name, lib.get_list(day)) if n in half]
                if names:
                    found.setdefault(str(day.toordinal()), []).extend(names)
        return found

    found = _memo(f"short|{year}|{_stable(spec)}", compute)
    return {int(o): tuple(dict.fromkeys(names)) for o, names in found.items()}


def _half_libraries(spec: DaySpec, year: int) -> list[holidays.HolidayBase]:
    """The closing categories, and `half_day` (eves like Turkey's arife) if the country
    has it: the table in hours.py decides which of its entries shorten office hours."""
    assert spec.country is not None
    libs = [_library((spec.country, spec.subdiv, spec.categories), year)]
    if "half_day" not in spec.categories and "half_day" in supported_categories(
        spec.country, ("half_day",)
    ):
        libs.append(_library((spec.country, spec.subdiv, ("half_day",)), year))
    return libs
