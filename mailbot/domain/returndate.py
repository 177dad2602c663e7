"""When is an absent customer back? Read the absence window from an auto-reply's text.

A date in an out-of-office text plays a role, read from the words around it:
  * back   — "back on X", "ab X wieder", "de retour le X", "X に戻ります": X is the
             first day back;
  * until  — "until X", "bis X", "jusqu'au X", "X まで", "X까지": X is the last day
             away, so they are back on the next business day of *their* calendar;
  * start  — "from X", or the first date of a range "X – Y" (then Y is "until").
A date with no role counts as "until" but is reported uncertain. So is a
numeric date whose day/month order the country does not settle, a bare weekday
("back on Monday"), and a text whose dates disagree. Return dates outside 0–180
days after receipt are dropped (a stale auto-reply, or our own date in a footer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from mailbot.domain import datescan
from mailbot.domain.datescan import Mention
from mailbot.domain.verdict import Absence

HORIZON = timedelta(days=180)
_LOOKBACK = timedelta(days=60)  # a range may have started before the mail arrived
_F = re.IGNORECASE
_FILLER = r"(?:\s+(?:the|dem|den|le|el|il|lo|o|a|dia|day|ngày|tanggal|dnia|on|am))?\s*[,.]?\s*$"


class _Before:
    """Words that end right before a date; Latin/Cyrillic ones must start a word.

    A weekday may sit in between ("until Friday, 14 March"). Compiled on first use:
    the weekday names come from dateparser's tables.
    """

    def __init__(self, latin: str, other: str) -> None:
        self.source = rf"(?:\b(?:{latin})|(?:{other}))"

    def search(self, text: str) -> re.Match[str] | None:
        return _compiled(self.source).search(text)


@cache
def _compiled(source: str) -> re.Pattern[str]:
    weekday = rf"(?:\s*(?:{datescan.weekday_names()})[,.]?)?"
    return re.compile(source + weekday + _FILLER, _F)


_before = _Before


_UNTIL_BEFORE = _before(
    r"until|till|til|through|thru|up to and including|up to|bis(?: zum| zur| einschlie(?:ß|ss)"
    r"lich| inkl\.?| inklusive)?|einschlie(?:ß|ss)lich|jusqu['’](?:au|à|a)(?: et y compris)?|"
    r"hasta(?: el)?|fino al|fino a|sino al|até(?: ao| o| dia| a)?|tot en met|t/m|tot|"
    r"till och med|t\.o\.m\.?|do dnia|do|до|по|حتى|إلى|لغاية|sampai(?: dengan)?|hingga|s/d|"
    r"s\.d\.|đến hết|cho đến|đến|tới",
    r"至|到|直到|截至",
)
_BACK_BEFORE = _before(
    r"(?:back|return|returning|returns|resume|resuming|available|reachable|(?:in|at) the office)"
    r"(?: to work| to the office| in the office| at work| at my desk)?(?: again)?"
    r"(?: on| from| by| as of)?|ab(?: dem| den)?|wieder(?: am| ab)?|zurück(?: am)?|"
    r"retour(?: le| au bureau le)?|à partir du|dès le|a partir del?|regresaré el|volveré el|"
    r"regreso el|vuelta el|rientrerò il|rientro il|rientro|a partire dal|ritorno il|"
    r"retorno (?:em|no dia|dia)|retornarei (?:em|no dia|dia)|volto (?:em|no dia|dia)|"
    r"volta (?:em|no dia|dia)|vanaf|terug op|weer op|åter(?: den)?|tillbaka(?: den)?|"
    r"wracam|powrót|вернусь|выйду|kembali(?: pada| tanggal| tgl\.?)?|trở lại(?: vào)?|"
    r"quay lại(?: vào)?|سأعود(?: في)?|اعتبارا من|itibaren",
    r"(?!)",  # Chinese says it after the date ("3月16日返回"): see _BACK_AFTER
)
_START_BEFORE = _before(
    r"from|since|starting|vom|von|seit|du|del|dal|desde(?: el)?|de|van|från(?: och med)?|"
    r"od|с|từ|dari|mulai",
    r"从|自",
)
_PAREN = r"^\s*(?:[(（][^)）]{1,6}[)）]\s*)?"  # "3月14日(金)まで"
_UNTIL_AFTER = re.compile(
    _PAREN + r"(?:\(?inclusive|\(?incl|einschlie(?:ß|ss)lich|inclus|incluso|compreso|inclusief|"
    r"включительно|まで|까지|'?[ae]? kadar|tarihine kadar|前|止|为止|為止|除外)",
    _F,
)
_BACK_AFTER = re.compile(
    _PAREN + r"(?:起?(?:返回|回来|回到|上班|恢复|復帰|正常)|に戻|より出社|から出社|に出社|"
    r"(?:에 )?복귀|부터 출근|'?[dt]?[ae]n itibaren|tarihinde dön|(?:i|we)(?:'ll| will) be back|"
    r"bin ich wieder|sind wir wieder|je serai de retour|estaré de vuelta|sarò di nuovo|"
    r"estarei de volta|ben ik weer|är jag tillbaka)",
    _F,
)
_RANGE_GAP = re.compile(
    _PAREN + r"(?:-|–|—|~|～|〜|to|till|until|through|thru|and|bis(?: zum| einschlie(?:ß|ss)lich)?|"
    r"au|à|al|a|hasta(?: el)?|fino al|até(?: ao| o)?|tot(?: en met)?|t/m|till(?: och med)?|do|"
    r"до|по|至|到|から|đến|hingga|sampai(?: dengan)?|s/d|und|et|y|e|ile)"
    r"(?:\s+(?:the|dem|le|el|il|o))?\s*$",
    _F,
)


@dataclass(frozen=True, slots=True)
class _Reading:
    day: date
    role: str  # "back", "until", "start", ""
    sure: bool  # the day/month order and the role are both known


def find_absence(text: str, received: date, country: str | None) -> Absence:
    """The absence window an auto-reply states; all None when it names no usable date."""
    text = datescan.normalise(text)
    mentions = datescan.scan(text, country)
    readings = _read(text, mentions, received) or _read_weekdays(text, received)
    return _decide(readings, received, country)


def _read(text: str, mentions: list[Mention], received: date) -> list[_Reading]:
    out = []
    for i, mention in enumerate(mentions):
        role = _role(text, mentions, i)
        days = [d for d in (_resolve(r, received) for r in mention.readings) if d]
        if len(days) == 1:
            out.append(_Reading(days[0], role, not mention.ambiguous and role != ""))
        elif days:  # ambiguous order: keep the readings that make sense, all unsure
            out.extend(_Reading(d, role, False) for d in days)
    return out


def _role(text: str, mentions: list[Mention], i: int) -> str:
    m = mentions[i]
    before, after = text[max(0, m.start - 45) : m.start], text[m.end : m.end + 40]
    if i + 1 < len(mentions) and _RANGE_GAP.match(text[m.end : mentions[i + 1].start]):
        return "start"
    if _UNTIL_AFTER.match(after):
        return "until"
    if _BACK_AFTER.match(after) or _BACK_BEFORE.search(before):
        return "back"
    if _UNTIL_BEFORE.search(before):
        return "until"
    if i > 0 and _RANGE_GAP.match(text[mentions[i - 1].end : m.start]):
        return "until"
    return "start" if _START_BEFORE.search(before) else ""


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
    """A bare weekday with a role ("back on Monday", "bis Freitag"): the next one, unsure."""
    out = []
    for m in datescan.weekdays(text):
        before = text[max(0, m.start - 30) : m.start]
        role = "back" if _BACK_BEFORE.search(before) else ""
        role = role or ("until" if _UNTIL_BEFORE.search(before) else "")
        if role and m.weekday is not None:
            ahead = (m.weekday - received.weekday() - 1) % 7 + 1
            out.append(_Reading(received + timedelta(days=ahead), role, False))
    return out


def _decide(readings: list[_Reading], received: date, country: str | None) -> Absence:
    starts = [r.day for r in readings if r.role == "start"]
    start = min(starts) if starts else None
    candidates = []
    for r in readings:
        if r.role == "start":
            continue
        back = r.day if r.role == "back" else next_business_day(r.day, country)
        if received <= back <= received + HORIZON:
            candidates.append((back, r))
    if not candidates:
        return Absence(start=start, return_date=None, certain=None)
    with_role = [c for c in candidates if c[1].role] or candidates
    days = {back for back, _ in with_role}
    chosen = max(days)  # dates that disagree: the later one, marked unsure
    sure = len(days) == 1 and all(r.sure for back, r in with_role if back == chosen)
    return Absence(start=start, return_date=chosen, certain=sure)


def next_business_day(day: date, country: str | None) -> date:
    """The first working day after `day` in the country's calendar (Mon–Fri if unknown)."""
    calendar = _calendar((country or "").upper())
    nxt = day + timedelta(days=1)
    for _ in range(60):  # long closures exist (Spring Festival); never loop forever
        if calendar is None and nxt.weekday() < 5:
            return nxt
        if calendar is not None and calendar.is_working_day(nxt):
            return nxt
        nxt += timedelta(days=1)
    return nxt


@cache
def _calendar(country: str) -> holidays.HolidayBase | None:
    if not country:
        return None
    try:
        return holidays.country_holidays(country)
    except (NotImplementedError, KeyError, ValueError):  # unknown code: plain Mon–Fri
        return None
