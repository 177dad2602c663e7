"""Find calendar dates written in an auto-reply, in the forms our customers write.

`dateparser.search_dates` reads German "03.12." as a time, ignores the locale's
day/month order and turns words into dates (DOMAIN.md §3), so we scan with our own
regexes: ISO, CJK/Korean, Vietnamese "ngày 14 tháng 3", numeric with the country's
day/month order (dotted dates are day-first everywhere), day + month name, day
ranges sharing a month ("10–14 March"), alternatives ("16 or 17 March") and a bare
day ("until the 14th"). The month and weekday names come from dateparser's
translation tables for the languages we serve. Each hit is a `Mention`: where it is,
and the (year, month, day) readings it allows (two when "03/04" is ambiguous).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import import_module

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "tr", "ru", "id", "ar")
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Month first (year-month-day habits) or day first; everything else is day first.
_MONTH_FIRST = {"US", "PH", "FM", "MH", "PW", "CN", "TW", "JP", "KR", "KP", "HU", "MN", "LT"}
_EITHER = {"CA"}  # both orders in daily use


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    readings: tuple[tuple[int | None, int | None, int], ...]  # (year, month, day); None: infer
    ambiguous: bool = False  # day/month order unknown and both readings valid
    range_start: tuple[int | None, int, int] | None = None  # "10–14 March": (None, 3, 10)
    weekday: int | None = None  # a bare weekday name ("back on Monday"): 0 = Monday


@cache
def _names(key_list: tuple[str, ...]) -> dict[str, int]:
    """Lower-case name → index, from dateparser's tables (≥ 3 letters, no digits)."""
    out: dict[str, int] = {}
    for lang in LANGUAGES:
        info = import_module(f"dateparser.data.date_translation_data.{lang}").info
        for index, key in enumerate(key_list):
            for name in info.get(key, []):
                name = name.lower().strip(".")
                if len(name) >= 3 and not any(c.isdigit() for c in name):
                    out.setdefault(name, index)
    return out


def _alternation(names: dict[str, int]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    months = _alternation(_names(_MONTHS))
    year = r"(?:,?\s*(?:de\s+|del\s+)?(?P<y>\d{4})\b)?"
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?"
    flags = re.IGNORECASE
    joiner = (
        r"\s*(?:-|–|—|~|to|till|until|through|bis|au|al|a|hasta|até|tot|do|до|по|ile|"
        r"đến|sampai|hingga|s/d)\s*"
    )
    return (
        # day ranges sharing one month: "10–14 March", "dal 10 al 14 marzo", "March 9-13"
        re.compile(
            rf"(?<![\d.])(?P<d1>\d{{1,2}})\.?{joiner}{day}\s*(?:de\s+|of\s+)?"
            rf"(?P<name>{months})\b{year}",
            flags,
        ),
        re.compile(
            rf"\b(?P<name>{months})\.?\s+(?P<d1>\d{{1,2}}){joiner}(?P<d>\d{{1,2}})(?!\d){year}",
            flags,
        ),
        # either of two days: "16 or 17 March", "il 16 o 17 marzo"
        re.compile(
            rf"(?<![\d.])(?P<alt>\d{{1,2}})\.?\s*(?:or|o|oder|ou|ó|of|eller|lub|veya|или|atau|"
            rf"hoặc)\s+{day}\s*(?:de\s+|of\s+)?(?P<name>{months})\b{year}",
            flags,
        ),
        re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        re.compile(
            r"(?:(?P<y>\d{4})\s*[年년]\s*)?(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日号號일]?"
        ),
        re.compile(
            r"(?:ngày\s*)?(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})(?:\s*(?:năm|,)?\s*(?P<y>\d{4}))?",
            flags,
        ),
        re.compile(rf"(?<!\d){day}\s*(?:de\s+|of\s+|-\s*)?(?P<name>{months})\b{year}", flags),
        re.compile(rf"\b(?P<name>{months})\.?\s+(?:the\s+)?{day}(?!\d){year}", flags),
        # 14/03, 14/03/2026, 14.03., 14.03.2026, 14-03-2026 (no year: only / and a final dot)
        re.compile(
            r"(?<![\d/:])(?<!\d[.-])(?P<a>\d{1,2})(?P<s>[./-])(?P<b>\d{1,2})"
            r"(?:(?P=s)(?P<y>\d{4}|\d{2})(?![\d:])|(?P<dot>\.)(?!\d)|(?<=\d)(?=[^\d./:-]|$))"
        ),
        # a day alone: "until the 14th", "bis zum 14.", "14号"
        re.compile(
            r"\bthe\s+(?P<o>\d{1,2})(?:st|nd|rd|th)\b|\bzum\s+(?P<o2>\d{1,2})\.(?!\d)|"
            r"(?<![\d月월])(?P<o3>\d{1,2})\s*[日号號일](?!\d)",
            flags,
        ),
    )


@cache
def weekday_names() -> str:
    """A regex alternation of the weekday names we read (for "until Friday, 14 March")."""
    names = dict(_names(_WEEKDAYS))
    names.update({"周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6})
    names.update({"星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4})
    return _alternation(names)


@cache
def _weekday_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{weekday_names()})\b", re.IGNORECASE)


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, so one set of regexes reads them all."""
    return unicodedata.normalize("NFKC", text)


def scan(text: str, country: str | None) -> list[Mention]:
    """Dates in `text` (already normalised), in order, overlapping hits removed."""
    hits: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            mention = _mention(m, country)
            if mention is not None:
                hits.append(mention)
                taken.append((m.start(), m.end()))
    return sorted(hits, key=lambda h: h.start)


def weekdays(text: str) -> list[Mention]:
    """Bare weekday names ("back on Monday"), for when no date is written."""
    names = _names(_WEEKDAYS)
    out = []
    for m in _weekday_pattern().finditer(text):
        index = names.get(m.group(0).lower())
        if index is None:
            index = "一二三四五六日".find(m.group(0)[-1])
        out.append(Mention(m.start(), m.end(), (), weekday=index))
    return out


def _mention(m: re.Match[str], country: str | None) -> Mention | None:
    groups = m.groupdict()
    if alone := groups.get("o") or groups.get("o2") or groups.get("o3"):
        day = int(alone)
        return Mention(m.start(), m.end(), ((None, None, day),)) if 1 <= day <= 31 else None
    year = _year(groups.get("y"))
    if groups.get("a") is not None:
        return _numeric(m, int(groups["a"]), int(groups["b"]), year, country)
    if groups.get("name"):
        month = _names(_MONTHS)[groups["name"].lower().strip(".")] + 1
    else:
        month = int(groups["m"])
    day = int(groups["d"])
    if not _valid(month, day):
        return None
    if groups.get("alt"):
        readings = tuple((year, month, d) for d in (int(groups["alt"]), day) if _valid(month, d))
        return Mention(m.start(), m.end(), readings, ambiguous=True)
    first = int(groups["d1"]) if groups.get("d1") else None
    if first is not None and not (_valid(month, first) and first < day):
        return None
    start = (year, month, first) if first is not None else None
    return Mention(m.start(), m.end(), ((year, month, day),), range_start=start)


def _numeric(
    m: re.Match[str], a: int, b: int, year: int | None, country: str | None
) -> Mention | None:
    if year is None and (m.group("s") == "-" or (m.group("s") == "." and not m.group("dot"))):
        return None  # "3-4" is a range of numbers, "10.30" a time; "10.03." is a date
    if m.group("s") == ".":  # dotted dates are day first wherever they are written
        return Mention(m.start(), m.end(), ((year, b, a),)) if _valid(b, a) else None
    day_first, month_first = (a, b), (b, a)  # as (day, month)
    options = [o for o in (day_first, month_first) if _valid(o[1], o[0])]
    if not options:
        return None
    if len(set(options)) == 1:
        return Mention(m.start(), m.end(), ((year, options[0][1], options[0][0]),))
    order = (country or "").upper()
    if order and order not in _EITHER:
        d, mo = month_first if order in _MONTH_FIRST else day_first
        return Mention(m.start(), m.end(), ((year, mo, d),))
    readings = tuple((year, mo, d) for d, mo in options)  # day-first reading first
    return Mention(m.start(), m.end(), readings, ambiguous=True)


def _year(value: str | None) -> int | None:
    if not value:
        return None
    year = int(value)
    return year + 2000 if year < 100 else year


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31
