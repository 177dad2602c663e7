"""When is an absent customer back? Read the absence window from an auto-reply's text.

A date in an out-of-office text plays a role (see dateroles.py):
  * back   — "back on X", "ab X wieder", "de retour le X", "X に戻ります": X is the
             first day back;
  * until  — "until X", "bis X", "jusqu'au X", "X まで", "X까지": X is the last day
             away, so they are back on the next business day of *their* calendar
             (`holidays`; Mon–Fri when the country is unknown);
  * start  — "from X", or the first day of a range "X – Y" (then Y is "until");
  * delay  — "replies may be delayed until X": not a return date, but a doubt.
Missing parts are inferred: the year to the nearest plausible date, the month of a
bare "the 14th" to the next 14th, a bare weekday ("back on Monday") to the next one
after receipt. Return dates outside 0–180 days after receipt are dropped (a stale
auto-reply, our own date in a footer).

Certain means: one date, with a role, in an order the country settles, not hedged
("voraussichtlich", "around"), and no other date disagreeing. A date with no role
still counts (as "until"), uncertain; several periods away end with the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from mailbot.domain import dateroles, datescan
from mailbot.domain.datescan import Mention
from mailbot.domain.verdict import Absence

HORIZON = timedelta(days=180)
_LOOKBACK = timedelta(days=60)  # a range may have started before the mail arrived
# Offices closed on days the law counts as working (DOMAIN.md §1): Hong Kong's statutory
# week has Sunday off only, its offices work Mon–Fri. (Per-customer overrides: config.)
_OFFICE_WEEKEND = {"HK": (5, 6)}
_DELAY = re.compile(  # in a date's clause: it bounds slow replies, not the absence
    r"delay|verzög|retard|retras|ritard|atras|vertraag|försen|opóźn|gecik|задерж|延迟|延遲|"
    r"遅れ|지연|تأخ|tertunda|chậm",
    re.IGNORECASE,
)
# A hedge near the date ("voraussichtlich", "probably") leaves it reported but unsure.
_HEDGE = re.compile(
    r"\b(?:probably|likely|expected|approximately|around|tentative(?:ly)?|hopefully|"
    r"voraussichtlich|vermutlich|ungefähr|etwa|probablement|environ|probablemente|"
    r"aproximadamente|previsiblemente|probabilmente|circa|provavelmente|waarschijnlijk|"
    r"vermoedelijk|troligen|förmodligen|prawdopodobnie|około|muhtemelen|tahminen|"
    r"предположительно|примерно|ориентировочно|kemungkinan|sekitar|dự kiến)\b|"
    r"预计|大约|大概|預計|頃|ごろ|쯤|تقريبا|على الأرجح",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Reading:
    day: date
    role: str  # "back", "until", "start", "delay", ""
    sure: bool  # the day/month order and the role are both known, nothing hedges it
    mention: int  # index of the date mention it reads


def find_absence(
    text: str, received: date, country: str | None, stated_only: bool = False
) -> Absence:
    """The absence window an auto-reply states; all None when it names no usable date.

    `stated_only`: ignore dates without a role (for deciding whether a text that
    lacks absence words still announces a return).
    """
    text = datescan.normalise(text)
    mentions = datescan.scan(text, country)
    readings = _read(text, mentions, received) or _read_weekdays(text, received)
    if stated_only:
        readings = [r for r in readings if r.role in ("back", "until")]
    return _decide(readings, received, country)


def _read(text: str, mentions: list[Mention], received: date) -> list[_Reading]:
    out: list[_Reading] = []
    for i, mention in enumerate(mentions):
        role = dateroles.role(text, mentions, i)
        around = dateroles.clause_before(text, mention.start) + dateroles.clause_after(
            text, mention.end, mention.end + 30
        )
        if _DELAY.search(around):
            role = "delay"  # "replies may be delayed until the 20th": back, but slow
        if mention.range_start and (first := _resolve(mention.range_start, received)):
            out.append(_Reading(first, "start", True, i))
        days = [d for d in (_resolve(r, received) for r in mention.readings) if d]
        hedged = _HEDGE.search(text[max(0, mention.start - 60) : mention.end + 30])
        sure = len(days) == 1 and not mention.ambiguous and role != "" and not hedged
        out.extend(_Reading(d, role, sure, i) for d in days)
    return out


def _resolve(reading: tuple[int | None, int | None, int], received: date) -> date | None:
    """A calendar date: the written one, or the nearest plausible one when parts are missing."""
    year, month, day = reading
    if month is None:  # "until the 14th": the next 14th
        for ahead in range(0, 3):
            months = received.month - 1 + ahead
            if (d := _date(received.year + months // 12, months % 12 + 1, day)) and d >= received:
                return d
        return None
    if year is not None:
        return _date(year, month, day)
    options = [_date(received.year + k, month, day) for k in (-1, 0, 1)]
    return next((d for d in options if d and d >= received - _LOOKBACK), None)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read_weekdays(text: str, received: date) -> list[_Reading]:
    """A bare weekday with a role ("back on Monday", "bis Freitag"): the next one after receipt."""
    out: list[_Reading] = []
    for m in datescan.weekdays(text):
        role = dateroles.weekday_role(text, m.start)
        if role and m.weekday is not None:
            ahead = (m.weekday - received.weekday() - 1) % 7 + 1
            out.append(_Reading(received + timedelta(days=ahead), role, True, -1 - len(out)))
    return out


def _decide(readings: list[_Reading], received: date, country: str | None) -> Absence:
    """One return date per date mention (the earliest reading that fits), then the latest
    of those: consecutive periods away ("on leave until the 13th, then travelling until
    the 20th") end with the last one. Any disagreement or doubt makes it uncertain."""
    starts = [r.day for r in readings if r.role == "start"]
    start = min(starts) if starts else None
    per_mention: dict[int, list[tuple[date, _Reading]]] = {}
    for r in readings:
        if r.role in ("start", "delay"):
            continue
        back = r.day if r.role == "back" else next_business_day(r.day, country)
        if received <= back <= received + HORIZON:
            per_mention.setdefault(r.mention, []).append((back, r))
    if not per_mention:
        return Absence(start=start, return_date=None, certain=None)
    firsts = [min(options, key=lambda o: o[0]) for options in per_mention.values()]
    with_role = [f for f in firsts if f[1].role] or firsts
    chosen = max(back for back, _ in with_role)
    doubt = any(r.role == "delay" for r in readings)
    sure = not doubt and all(back == chosen and r.sure for back, r in with_role)
    return Absence(start=start, return_date=chosen, certain=sure)


def next_business_day(day: date, country: str | None) -> date:
    """The first working day after `day` in the country's calendar (Mon–Fri if unknown)."""
    code = (country or "").upper()
    calendar = _calendar(code)
    nxt = day + timedelta(days=1)
    for _ in range(60):  # long closures exist (Spring Festival); never loop forever
        if _working(nxt, calendar, code):
            return nxt
        nxt += timedelta(days=1)
    return nxt


def _working(day: date, calendar: holidays.HolidayBase | None, code: str) -> bool:
    if calendar is None:
        return day.weekday() < 5
    if day.weekday() in _OFFICE_WEEKEND.get(code, ()):
        return False
    return calendar.is_working_day(day)


@cache
def _calendar(country: str) -> holidays.HolidayBase | None:
    if not country:
        return None
    try:
        return holidays.country_holidays(country)
    except (NotImplementedError, KeyError, ValueError):  # unknown code: plain Mon–Fri
        return None
