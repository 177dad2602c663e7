"""Greeting occasions: which days a customer is greeted on, and when the greeting goes out.

Holidays come from the `holidays` package in English (`language="en_US"`, every
category the country has: an occasion is cultural, not an office closure), matched
by name through OCCASIONS, because names vary ("Christmas Day" vs "Christmas",
"Eid al-Fitr Holiday" in Saudi Arabia). "(observed)" entries are skipped;
"(estimated)" ones are kept and flagged. An occasion spanning several days (Eid,
Spring Festival) counts from its first matching day. Where a country's calendar has
no matching day in a year (Ramadan's start is a holiday almost nowhere; Hong Kong
has only "The Day following Mid-Autumn Festival"; a country the library lacks),
the date is computed from the library's lunar calendars, or fixed by rule.

DEFAULT_OCCASIONS is DOMAIN.md §6 as data; a contact's religion is personal, so
callers pass their own keys (`occasions=`) and may add rules (`rules=`). The
Christmas greeting is the season's greeting (Christmas and New Year in one mail:
fewer automated mails, DOMAIN.md §5); add "new_year" for a second one.

`greeting_moment` puts the greeting on the customer's last business day before the
occasion, in their morning window as their office keeps it that day (a half day may
leave none: then the day before) — never on the day itself, and not at all when
that day is more than `max_gap_days` before (a greeting a week early reads oddly).
Pure: `today` and every date are arguments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from mailbot.domain.calendar import BusinessCalendar, CalendarError
from mailbot.domain.sendtime import day_window
from mailbot.domain.workdays import plain_name

if TYPE_CHECKING:
    from holidays import HolidayBase

MAX_GAP_DAYS = 7  # the last business day before the occasion may be at most this early
_SAME_OCCASION_DAYS = 14  # matching days closer than this belong to one occurrence
_OBSERVED = re.compile(r"\(observed(?:, estimated)?\)$")
_ESTIMATED = re.compile(r"\((?:observed, )?estimated\)$")


class Occasion(NamedTuple):
    key: str  # "eid_al_fitr", "birthday"…
    name: str  # the library's holiday name (first day), or the rule's label
    date: date  # the first day of the occasion in the customer's country
    estimated: bool = False  # a lunar date the country may observe a day apart

    @property
    def margin_days(self) -> int:
        """Days of soft margin to keep before an estimated date (DOMAIN.md §1: ±1)."""
        return 1 if self.estimated else 0


@dataclass(frozen=True, slots=True)
class OccasionRule:
    """Holiday names (regexes, matched whole, case-insensitive) that make an occasion,
    and the computed date (COMPUTED key) when the country's calendar has none."""

    label: str
    names: tuple[str, ...]
    computed: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(self.names))  # hashable: a cache key
        for name in self.names:
            re.compile(name)  # a bad pattern from config fails here, not mid-plan


# -- data: occasions, and which a country gets by default (DOMAIN.md §6) ---------

OCCASIONS: dict[str, OccasionRule] = {
    "christmas": OccasionRule("Christmas", (r"Christmas( Day)?",), "christmas"),
    "new_year": OccasionRule("New Year", (r"New Year's Day", r"New Year Holidays"), "new_year"),
    "thanksgiving": OccasionRule("Thanksgiving", (r"Thanksgiving( Day)?",), "us_thanksgiving"),
    "diwali": OccasionRule("Diwali", (r"Diwali", r"Deepavali"), "diwali"),
    "ramadan_start": OccasionRule(
        "Ramadan", (r"First Day of Ramadan", r"Ramadan( Begins)?", r"Awal Ramadan"), "ramadan"
    ),
    "eid_al_fitr": OccasionRule(
        "Eid al-Fitr", (r"Eid al-Fitr( Holiday)?", r"Eid-ul-Fitr"), "eid_al_fitr"
    ),
    "eid_al_adha": OccasionRule(
        "Eid al-Adha", (r"Eid al-Adha( Holiday)?", r"Eid-ul-Adha"), "eid_al_adha"
    ),
    "rosh_hashanah": OccasionRule("Rosh Hashanah", (r"Rosh Hashanah",), "rosh_hashanah"),
    "pesach": OccasionRule("Pesach", (r"Pesach", r"Passover"), "pesach"),
    "seollal": OccasionRule("Seollal", (r"Korean New Year",), "lunar_new_year"),
    "chuseok": OccasionRule("Chuseok", (r"Chuseok",), "mid_autumn"),
    "lunar_new_year": OccasionRule(
        "Lunar New Year",
        (r"Chinese New Year( \(Spring Festival\))?", r"Chinese New Year's Day", r"Lunar New Year"),
        "lunar_new_year",
    ),
    "mid_autumn": OccasionRule("Mid-Autumn Festival", (r"Mid-Autumn Festival",), "mid_autumn"),
}

_CHRISTMAS = (
    # Europe (Western and Eastern churches that keep 25 Dec; Ukraine since 2023)
    "AD AL AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MC MT NL "
    "NO PL PT RO SE SI SK SM UA "
    # Latin America
    "AR BO BR CL CO CR CU DO EC GT HN MX NI PA PE PR PY SV UY VE "
    # Anglosphere and other Christian-majority markets
    "AU CA NZ ZA PH"
)
_NEW_YEAR = "RU BY RS GE JP"  # Orthodox Christmas falls inside the New Year break
_MUSLIM = (
    "SA AE QA KW BH OM "  # Gulf
    "EG JO IQ SY YE LY SD DZ MA TN MR PS TR AZ IR AF PK BD MV ID MY BN "
    "UZ TJ TM KG KZ SN ML NE GM GN SO DJ KM SL"
)
_LUNAR = "CN HK MO TW SG VN"

DEFAULT_OCCASIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(_CHRISTMAS.split(), ("christmas",)),
    **dict.fromkeys(_NEW_YEAR.split(), ("new_year",)),
    **dict.fromkeys(_MUSLIM.split(), ("ramadan_start", "eid_al_fitr", "eid_al_adha")),
    **dict.fromkeys(_LUNAR.split(), ("lunar_new_year", "mid_autumn")),
    "US": ("thanksgiving", "christmas"),
    "IN": ("diwali",),
    "IL": ("rosh_hashanah", "pesach"),
    "KR": ("seollal", "chuseok"),
}


# -- country and computed holidays ------------------------------------------------


def upcoming(
    country: str | None,
    subdivision: str | None,
    today: date,
    horizon_days: int,
    occasions: Iterable[str] | None = None,
    rules: Mapping[str, OccasionRule] | None = None,
) -> list[Occasion]:
    """The customer's occasions dated `today` … `today + horizon_days`, by date.

    `occasions` (keys of `rules`, default OCCASIONS) replaces the country default.
    """
    table = rules if rules is not None else OCCASIONS
    code = (country or "").upper()
    keys = tuple(occasions) if occasions is not None else DEFAULT_OCCASIONS.get(code, ())
    last = today + timedelta(days=horizon_days)
    found: list[Occasion] = []
    for key in keys:
        if key not in table:
            raise KeyError(f"unknown occasion {key!r}; known: {sorted(table)}")
        days = _days(code, subdivision, key, table[key], today.year - 1, last.year)
        found += [o for o in _firsts(days) if today <= o.date <= last]
    return sorted(found, key=lambda o: (o.date, o.key))


def _days(
    country: str, subdiv: str | None, key: str, rule: OccasionRule, first: int, last: int
) -> list[Occasion]:
    """Every day of the occasion in the years first…last: the country's, else computed."""
    out: list[Occasion] = []
    for year in range(first, last + 1):
        days = _named_days(country, subdiv, key, rule, year)
        out += days or _computed_days(key, rule, year)
    return out


def _firsts(days: list[Occasion]) -> list[Occasion]:
    """The first day of each occurrence (days closer than _SAME_OCCASION_DAYS join)."""
    firsts: list[Occasion] = []
    previous: date | None = None
    for day in sorted(days, key=lambda o: o.date):
        if previous is None or (day.date - previous).days > _SAME_OCCASION_DAYS:
            firsts.append(day)
        previous = day.date
    return firsts


@lru_cache(maxsize=4096)
def _named_days(
    country: str, subdiv: str | None, key: str, rule: OccasionRule, year: int
) -> tuple[Occasion, ...]:
    lib = _library(country, subdiv, year)
    if lib is None:
        return ()
    pattern = re.compile("|".join(f"(?:{n})" for n in rule.names), re.IGNORECASE)
    out = []
    for day in sorted(lib):
        for name in lib.get_list(day):
            if not _OBSERVED.search(name) and pattern.fullmatch(plain_name(name)):
                out.append(Occasion(key, plain_name(name), day, bool(_ESTIMATED.search(name))))
                break
    return tuple(out)


@lru_cache(maxsize=1024)
def _library(country: str, subdiv: str | None, year: int) -> HolidayBase | None:
    """The country's holidays of `year` in English, every category; None if unknown."""
    import holidays  # lazily: a second of imports that config validation does not need

    if country not in holidays.utils.list_supported_countries():
        return None
    try:
        categories = holidays.country_holidays(country, years=()).supported_categories
        return holidays.country_holidays(
            country, subdiv=subdiv, years=year, language="en_US", categories=categories
        )
    except NotImplementedError as error:  # an unknown subdivision
        raise CalendarError(str(error), "use an ISO 3166-2 subdivision of the country") from None


def _computed_days(key: str, rule: OccasionRule, year: int) -> list[Occasion]:
    if rule.computed is None or rule.computed not in COMPUTED:
        return []
    compute, estimated = COMPUTED[rule.computed]
    return [Occasion(key, rule.label, d, estimated) for d in compute(year) if d.year == year]


def _lunar(calendar: str, method: str) -> Callable[[int], list[date]]:
    """Dates from one of the library's lunar calendars (holidays.calendars): its
    `<name>_date(year)` gives a date or (date, flag), `<name>_dates(year)` several."""

    def dates(year: int) -> list[date]:
        from holidays import calendars as lunar_calendars  # private helpers; tests check them

        helper = getattr(getattr(lunar_calendars, calendar)(), method)
        result = helper(year)
        items = [result] if isinstance(result, (date, tuple)) or result is None else result
        return [i[0] if isinstance(i, tuple) else i for i in items if i is not None]

    return dates


def _thanksgiving(year: int) -> list[date]:
    first = date(year, 11, 1)
    return [first + timedelta(days=(3 - first.weekday()) % 7 + 21)]  # 4th Thursday


# computed name → (dates of a Gregorian year, estimated?). Islamic dates are the
# library's tabular estimates: a country's sighting may differ by a day.
COMPUTED: dict[str, tuple[Callable[[int], list[date]], bool]] = {
    "christmas": (lambda y: [date(y, 12, 25)], False),
    "new_year": (lambda y: [date(y, 1, 1)], False),
    "us_thanksgiving": (_thanksgiving, False),
    "diwali": (_lunar("_HinduLunisolar", "diwali_date"), False),
    "ramadan": (_lunar("_IslamicLunar", "ramadan_beginning_dates"), True),
    "eid_al_fitr": (_lunar("_IslamicLunar", "eid_al_fitr_dates"), True),
    "eid_al_adha": (_lunar("_IslamicLunar", "eid_al_adha_dates"), True),
    "rosh_hashanah": (_lunar("_HebrewLunisolar", "rosh_hashanah_date"), False),
    "pesach": (_lunar("_HebrewLunisolar", "passover_date"), False),
    "lunar_new_year": (_lunar("_ChineseLunisolar", "lunar_new_year_date"), False),
    "mid_autumn": (_lunar("_ChineseLunisolar", "mid_autumn_date"), False),
}


# -- personal occasions -------------------------------------------------------------


def personal_occasions(
    birthday: date | None, first_purchase: date | None, today: date, horizon_days: int
) -> list[Occasion]:
    """Birthdays and anniversaries of the first order dated `today` … `today + horizon`.

    A 29 February falls on 28 February in common years.
    """
    last = today + timedelta(days=horizon_days)
    out = []
    for year in range(today.year, last.year + 1):
        if birthday is not None and year > birthday.year:
            out.append(Occasion("birthday", "Birthday", anniversary(birthday, year)))
        if first_purchase is not None and year > first_purchase.year:
            n = year - first_purchase.year
            name = f"{_ordinal(n)} anniversary of the first order"
            out.append(Occasion("first_order", name, anniversary(first_purchase, year)))
    return sorted((o for o in out if today <= o.date <= last), key=lambda o: (o.date, o.key))


def anniversary(day: date, year: int) -> date:
    """`day`'s month and day in `year`; 29 Feb → 28 Feb in a common year."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- when the greeting goes out ------------------------------------------------------


def greeting_moment(
    occasion_date: date,
    customer_cal: BusinessCalendar,
    window: tuple[time, time],
    *,
    margin_days: int = 0,
    max_gap_days: int = MAX_GAP_DAYS,
) -> datetime | None:
    """The start of the customer's morning window (UTC) on their last business day
    before `occasion_date` (and before its `margin_days` of soft margin), or None
    when that day is more than `max_gap_days` before the occasion."""
    found = greeting_window(
        occasion_date, customer_cal, window, margin_days=margin_days, max_gap_days=max_gap_days
    )
    return found[0] if found else None


def greeting_window(
    occasion_date: date,
    customer_cal: BusinessCalendar,
    window: tuple[time, time],
    *,
    margin_days: int = 0,
    max_gap_days: int = MAX_GAP_DAYS,
) -> tuple[datetime, datetime] | None:
    """(start, end), UTC, of the morning window `greeting_moment` picks, as the customer's
    office keeps it that day. A half day without time in the window (Brazil's Ash
    Wednesday opens at 14:00) does not count as a business day before the occasion."""
    day = occasion_date - timedelta(days=1 + margin_days)
    while (occasion_date - day).days <= max_gap_days:
        if customer_cal.is_working_day(day):
            opens, closes = day_window(customer_cal, day, window)
            if opens < closes:
                return _utc(day, opens, customer_cal), _utc(day, closes, customer_cal)
        day -= timedelta(days=1)
    return None


def _utc(day: date, clock: time, calendar: BusinessCalendar) -> datetime:
    return datetime.combine(day, clock, calendar.zone).astimezone(UTC)
