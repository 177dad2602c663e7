"""Post-purchase care: which mails an order's events call for, and when. Pure.

Each configured step hangs off one event kind ("shipped", "delivered"…): its moment
is the event plus `after_days` calendar days (or the product's replacement interval),
moved to the customer's next send moment (their morning, on their business day).
A step is dropped, with the reason, when:
- the order was returned or cancelled (same reference) before its moment;
- it is a re-order reminder and they ordered again since;
- it is more than `stale_after_days` past its moment (events imported from history
  must not set off a burst of "has it arrived?" mails about last year's orders).

The key names the event and the template, so each step happens once per event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import NamedTuple

from mailbot.config import CareStep
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.sendtime import next_send_moment

ENDS_CARE = ("returned", "cancelled")


@dataclass(frozen=True, slots=True)
class OrderFact:
    id: int
    kind: str
    at: datetime  # aware
    ref: str = ""
    tracking: str = ""
    product: str = ""
    contact: str | None = None


class CareMail(NamedTuple):
    key: str
    template: str  # "care/arrival_check"
    event: OrderFact
    send_at: datetime  # UTC
    reason: str


class CareSkip(NamedTuple):
    key: str
    template: str
    event: OrderFact
    why: str
    stale: bool = False  # only too late: not worth a line in the send log


def care_for(
    events: Sequence[OrderFact],
    steps: Sequence[CareStep],
    replacement_days: Callable[[str], int],
    calendar: BusinessCalendar,
    window: tuple[time, time],
    now: datetime,
    stale_after_days: int,
) -> tuple[list[CareMail], list[CareSkip]]:
    """The care mails due by `now` (oldest first) and the steps dropped, with why.
    Steps whose moment is still ahead are in neither list."""
    due: list[CareMail] = []
    dropped: list[CareSkip] = []
    for step in steps:
        for event in events:
            if event.kind != step.on:
                continue
            days = replacement_days(event.product) if step.replacement else step.after_days
            moment = next_send_moment(calendar, event.at + timedelta(days=days), window).at
            if moment > now:
                continue
            key, template = f"care/e{event.id}/{step.template}", f"care/{step.template}"
            why = _why_not(event, step, events, moment)
            if why is None and now - moment > timedelta(days=stale_after_days):
                why = f"its moment {moment:%Y-%m-%d} passed more than {stale_after_days} days ago"
                dropped.append(CareSkip(key, template, event, why, stale=True))
            elif why:
                dropped.append(CareSkip(key, template, event, why))
            else:
                due.append(CareMail(key, template, event, moment, _reason(event, step, days)))
    return sorted(due, key=lambda m: (m.send_at, m.key)), dropped


def _why_not(
    event: OrderFact,
    step: CareStep,
    events: Sequence[OrderFact],
    moment: datetime,
) -> str | None:
    order = f"order {event.ref}" if event.ref else "the order"
    for other in events:
        if other.kind in ENDS_CARE and event.ref and other.ref == event.ref \
                and event.at <= other.at <= moment:  # fmt: skip
            return f"{order} was {other.kind} on {other.at:%Y-%m-%d}"
        if step.replacement and other.kind == "ordered" and other.at > event.at:
            return f"they ordered again on {other.at:%Y-%m-%d}"
    return None


def _reason(event: OrderFact, step: CareStep, days: int) -> str:
    order = f"order {event.ref}" if event.ref else "an order"
    after = f"{days} days after" if days else "on"
    what = "the product's replacement interval" if step.replacement else step.template
    return f"{what}: {after} {order} was {event.kind} ({event.at:%Y-%m-%d})"
