"""The plan's reasons in words: local times and why a deadline moved.

E.g. "3 business days (tier default) in Riyadh from our message of Wed 18 Mar
16:00: Eid al-Fitr Holiday 19–24 Mar, Fri–Sat weekend 27–28 Mar moved the deadline
to Thu 26 Mar 11:00; follow-up 1 (gentle_reminder) Sun 29 Mar 08:30 Riyadh time".
Weekday and month names are fixed English abbreviations, never the process locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.expectation import ReplyWindow, days_words
from mailbot.domain.hours import Closure
from mailbot.domain.sendtime import SendMoment

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


_CLOCK = tuple(f"{h:02}:{m:02}" for h in range(24) for m in range(60))
_DAYS: dict[int, str] = {}  # ordinal → "Thu 26 Mar ": a plan words ~10^5 times, a few 100 days


def local_time(t: datetime, cal: BusinessCalendar, place: bool = True) -> str:
    """'Thu 26 Mar 11:00 Riyadh' — `t` on the wall clock of `cal`."""
    text = _clock(t.astimezone(cal.zone))
    return f"{text} {cal.place}" if place else text


def _clock(lt: datetime) -> str:
    """'Thu 26 Mar 11:00' — a local time as it reads."""
    day = _DAYS.get(lt.toordinal())
    if day is None:
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        day = _DAYS[lt.toordinal()] = f"{_WEEKDAYS[lt.weekday()]} {lt.day} {_MONTHS[lt.month - 1]} "
    return day + _CLOCK[lt.hour * 60 + lt.minute]


def stage_words(
    *,
    window: ReplyWindow,
    wait: float,
    hours_per_day: float,
    cal: BusinessCalendar,
    start: datetime,
    deadline: datetime,
    spans: Sequence[Closure],
    stage_no: int,
    stage: str,
    send: SendMoment,
    notes: Sequence[str],
) -> str:
    zone = cal.zone
    local_start, local_deadline = start.astimezone(zone), deadline.astimezone(zone)
    head = f"{_span_words(window, wait, hours_per_day, stage_no, cal)}{_clock(local_start)}"
    closed = cal.explain_days(local_start.date(), local_deadline.date(), paused=spans)
    if closed:
        head += f": {', '.join(closed)} moved the deadline to {_clock(local_deadline)}"
    else:
        head += f": deadline {_clock(local_deadline)}"
    return "; ".join([head, *notes, _send_words(stage_no, stage, send, cal)])


@lru_cache(maxsize=4096)  # a calendar's threads share a few windows and stages
def _span_words(
    window: ReplyWindow, wait: float, hours_per_day: float, stage_no: int, cal: BusinessCalendar
) -> str:
    """'3 business days (tier default) in Riyadh from ' — how long, where."""
    if wait > window.hours + 1e-9:
        span = f"{days_words(wait, hours_per_day)} (stage {stage_no} wait)"
    else:
        span = window.words(hours_per_day)
    if cal.country is None:
        where = f"{cal.place} (country unknown: assumed)"
    elif cal.zone_assumed:
        where = f"{cal.country}, {cal.place} (time zone unknown: assumed)"
    else:
        where = cal.place
    return f"{span} in {where} from "


@lru_cache(maxsize=4096)  # overdue follow-ups of one calendar share their send moment
def _send_words(stage_no: int, stage: str, send: SendMoment, cal: BusinessCalendar) -> str:
    tail = f"follow-up {stage_no} ({stage}) {local_time(send.at, cal, False)} {cal.place} time"
    if send.notes:
        tail += " — " + "; ".join(send.notes)
    return tail
