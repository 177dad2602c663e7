"""Office practice per country: opening hours, business time zone, closures the law omits.

The `holidays` library models the law (DOMAIN.md §1); offices differ from it in known
ways, so each country may carry a `CountryOverride` on top of the library. This module
holds the defaults; the config layer fills the same dataclass per country, and a field
it sets replaces the default field (a field left as None keeps the default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, time

MON_FRI = frozenset(range(5))
MON_SAT = frozenset(range(6))


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """The time window of a working day, in the office's local time.

    `days` (Mon=0) fixes the office week; None leaves working days to the library's
    date-aware weekends (Saudi Arabia moved from Thu–Fri to Fri–Sat in 2013, the UAE
    from Fri–Sat to Sat–Sun in 2022), which a fixed set of weekdays cannot express.
    """

    start: time = time(9)
    end: time = time(18)
    days: frozenset[int] | None = None

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"opening hours end before they start: {self.start}–{self.end}")
        if self.days is not None and (not self.days or not self.days <= frozenset(range(7))):
            raise ValueError(f"office week must name weekdays 0–6 (Mon=0), not {self.days}")


@dataclass(frozen=True, slots=True)
class Closure:
    """Dates (both inclusive) an office is closed, with the words to explain it."""

    start: date
    end: date
    label: str = "company closure"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"closure ends before it starts: {self.start}–{self.end}")


_HALF_DAY = re.compile(r"(until|from) ([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True, slots=True)
class HalfDay:
    """A holiday offices work part of: open `until` a time (shut after it), or open
    `from` a time (shut before it); the rest of the opening hours still apply.

    `label` names the day in reasons when the holiday's own name would mislead (the
    library calls Turkey's eve of Eid "Eid al-Fitr (from 1pm)").
    """

    until: time | None = None
    since: time | None = None
    label: str | None = None

    def __post_init__(self) -> None:
        if (self.until is None) == (self.since is None):
            raise ValueError("a half day is open either until or from a time, not both")

    @classmethod
    def parse(cls, text: str, label: str | None = None) -> HalfDay:
        """`HalfDay` from "until 14:00" or "from 14:00" (24-hour clock)."""
        found = _HALF_DAY.fullmatch(text.strip()) if isinstance(text, str) else None
        if found is None:
            raise ValueError('expected "until HH:MM" or "from HH:MM" (24-hour clock)')
        kind, clock = found[1], time(int(found[2]), int(found[3]))
        return cls(until=clock, label=label) if kind == "until" else cls(since=clock, label=label)

    @property
    def rule(self) -> str:
        """'open until 14:00' / 'open from 14:00'."""
        clock = self.until if self.until is not None else self.since
        assert clock is not None
        return f"open {'until' if self.until is not None else 'from'} {clock:%H:%M}"

    def words(self, name: str) -> str:
        """How a reason names the day: 'Christmas Eve (open until 14:00)'."""
        return f"{self.label or name} ({self.rule})"


HalfDays = tuple[tuple[str, HalfDay], ...]  # holiday name → opening restriction


@dataclass(frozen=True, slots=True)
class CountryOverride:
    """Where a country's offices differ from its law; None keeps the default.

    `worked_holidays` are holiday names (as the library gives them in English, without
    "(observed)") on which offices open anyway; `annual_closures` are (month, day, label)
    closed every year; `closed` and `working` are one-off dates. A closure beats
    everything, including an official make-up working day. `half_days` are holiday
    names (as for `worked_holidays`) on which offices open part of the day only; a
    weekend, closure or other holiday on the same day still shuts it.
    """

    hours: OpeningHours | None = None
    zone: str | None = None
    categories: tuple[str, ...] | None = None
    worked_holidays: tuple[str, ...] | None = None
    annual_closures: tuple[tuple[int, int, str], ...] | None = None
    closed: tuple[Closure, ...] | None = None
    working: tuple[date, ...] | None = None
    half_days: HalfDays | None = None


def merged(base: CountryOverride, top: CountryOverride | None) -> CountryOverride:
    """`base` with every field `top` sets replaced."""
    if top is None:
        return base
    changes = {f.name: getattr(top, f.name) for f in fields(top)}
    return replace(base, **{k: v for k, v in changes.items() if v is not None})


# Office practice that differs from the statute (DOMAIN.md §1). Sources in comments.
DEFAULTS: dict[str, CountryOverride] = {
    # Saudi offices: Sun–Thu 08:00–17:00 (the library supplies the Sun–Thu week).
    "SA": CountryOverride(hours=OpeningHours(time(8), time(17))),
    # Many Indian traders work Saturdays; the library's statutory week is Mon–Fri.
    "IN": CountryOverride(hours=OpeningHours(days=MON_SAT)),
    # Hong Kong's statutory rest day is Sunday only; offices work Mon–Fri.
    "HK": CountryOverride(hours=OpeningHours(days=MON_FRI)),
    # Cuti bersama (joint leave days) close offices: the library's `government` category.
    "ID": CountryOverride(categories=("public", "government")),
    # Dec 31–Jan 3 is in `bank`; Dec 29–30 complete the year-end break (Act on Holidays
    # of Administrative Organs, 1988, art. 1: Dec 29–Jan 3), which companies follow.
    "JP": CountryOverride(
        categories=("public", "bank"),
        annual_closures=((12, 29, "year-end holidays"), (12, 30, "year-end holidays")),
    ),
    # Carnival is a `ponto facultativo` most firms close for; only civil servants
    # get Public Servant's Day. The federal portaria on each year's holidays makes Ash
    # Wednesday optional until 14:00 and the eves of Christmas and New Year after 14:00.
    "BR": CountryOverride(
        categories=("public", "optional"),
        worked_holidays=("Public Servant's Day",),
        half_days=(
            ("Ash Wednesday", HalfDay(since=time(14))),
            ("Christmas Eve", HalfDay(until=time(14))),
            ("New Year's Eve", HalfDay(until=time(14))),
        ),
    ),
    # Turkey: the eves (arife) of both Bayrams and of Republic Day are holidays from
    # 13:00 (Law 2429 art. 2); the library's `half_day` category lists them. Named one
    # by one, not by their "(from 1pm)" suffix: China's and Australia's half days in
    # that category are not office closures, so no pattern may apply everywhere.
    "TR": CountryOverride(
        half_days=(
            ("Eid al-Fitr (from 1pm)", HalfDay(until=time(13), label="Eid al-Fitr eve")),
            ("Eid al-Adha (from 1pm)", HalfDay(until=time(13), label="Eid al-Adha eve")),
            ("Republic Day (from 1pm)", HalfDay(until=time(13), label="Republic Day eve")),
        )
    ),
    # Federal holidays most private firms work (DOMAIN.md §1).
    "US": CountryOverride(worked_holidays=("Columbus Day", "Veterans Day")),
}

# The business centre of multi-zone countries (zone.tab's first row is not it), then one
# zone per single-zone trading country. Anything else: UTC, flagged as assumed.
# Where a country's regional holidays matter to every office, the state of its
# default business zone stands in until a subdivision is known (AU: Boxing Day is
# a state holiday in the library, observed everywhere but Tasmania).
DEFAULT_SUBDIVISIONS: dict[str, str] = {"AU": "NSW"}

ZONES: dict[str, str] = {
    "US": "America/New_York", "CA": "America/Toronto", "BR": "America/Sao_Paulo",
    "AU": "Australia/Sydney", "RU": "Europe/Moscow", "ID": "Asia/Jakarta",
    "MX": "America/Mexico_City", "KZ": "Asia/Almaty", "AR": "America/Argentina/Buenos_Aires",
    "CL": "America/Santiago", "ES": "Europe/Madrid", "PT": "Europe/Lisbon",
    "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland", "EC": "America/Guayaquil",
    "CD": "Africa/Kinshasa", "MN": "Asia/Ulaanbaatar", "UA": "Europe/Kyiv",
    "CN": "Asia/Shanghai", "DE": "Europe/Berlin",
    "GB": "Europe/London", "IE": "Europe/Dublin", "FR": "Europe/Paris", "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam", "BE": "Europe/Brussels", "LU": "Europe/Luxembourg",
    "CH": "Europe/Zurich", "AT": "Europe/Vienna", "PL": "Europe/Warsaw",
    "CZ": "Europe/Prague", "SK": "Europe/Bratislava", "HU": "Europe/Budapest",
    "SI": "Europe/Ljubljana", "HR": "Europe/Zagreb", "RS": "Europe/Belgrade",
    "RO": "Europe/Bucharest", "BG": "Europe/Sofia", "GR": "Europe/Athens",
    "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki", "EE": "Europe/Tallinn", "LV": "Europe/Riga",
    "LT": "Europe/Vilnius", "BY": "Europe/Minsk", "TR": "Europe/Istanbul",
    "IL": "Asia/Jerusalem", "SA": "Asia/Riyadh", "AE": "Asia/Dubai", "QA": "Asia/Qatar",
    "KW": "Asia/Kuwait", "BH": "Asia/Bahrain", "OM": "Asia/Muscat", "JO": "Asia/Amman",
    "LB": "Asia/Beirut", "IQ": "Asia/Baghdad", "IR": "Asia/Tehran", "EG": "Africa/Cairo",
    "MA": "Africa/Casablanca", "DZ": "Africa/Algiers", "TN": "Africa/Tunis",
    "NG": "Africa/Lagos", "GH": "Africa/Accra", "KE": "Africa/Nairobi",
    "ET": "Africa/Addis_Ababa", "TZ": "Africa/Dar_es_Salaam", "ZA": "Africa/Johannesburg",
    "IN": "Asia/Kolkata", "PK": "Asia/Karachi", "BD": "Asia/Dhaka", "LK": "Asia/Colombo",
    "NP": "Asia/Kathmandu", "UZ": "Asia/Tashkent", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "HK": "Asia/Hong_Kong", "MO": "Asia/Macau", "TW": "Asia/Taipei",
    "SG": "Asia/Singapore", "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh",
    "PH": "Asia/Manila", "KH": "Asia/Phnom_Penh", "MM": "Asia/Yangon",
    "CO": "America/Bogota", "PE": "America/Lima", "VE": "America/Caracas",
    "UY": "America/Montevideo", "PY": "America/Asuncion", "BO": "America/La_Paz",
    "PA": "America/Panama", "CR": "America/Costa_Rica", "GT": "America/Guatemala",
    "DO": "America/Santo_Domingo",
}  # fmt: skip
