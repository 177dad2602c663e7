"""Which greetings a customer is due, and when: pure, `today` and the calendar are inputs.

One holiday greeting per customer and occasion, to the contact we talk to (the
first in `contacts`); a birthday greeting per contact whose birthday we know; one
first-order anniversary per customer. Each goes out at `greeting_moment` (the
customer's last business day before the occasion, in their morning window) and is
dropped when that day's window has passed: a greeting is never sent on the day itself
or late. A greeting right after an automated follow-up reads like a sales trick, so
`quiet_reason` holds it back when a follow-up went out shortly before (the caller
passes when).

The key names the occasion's date, so a greeting happens once per occurrence however
often the plan is made, and a config edit cannot make it happen twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.occasions import (
    Occasion,
    greeting_window,
    personal_occasions,
    upcoming,
)

TEMPLATES = {"holiday": "greeting/holiday", "birthday": "greeting/birthday",
             "anniversary": "greeting/anniversary"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Contact:
    email: str
    birthday: date | None = None


@dataclass(frozen=True, slots=True)
class GreetingPolicy:
    window: tuple[time, time]
    holidays: bool = True
    birthdays: bool = True
    anniversaries: bool = True
    countries: Mapping[str, Sequence[str]] = field(default_factory=dict)  # country → keys
    contacts: Mapping[str, Sequence[str]] = field(default_factory=dict)  # email → keys
    max_gap_days: int = 7
    stages: frozenset[str] = frozenset({"lead", "first_purchase", "repeat", "loyal", "dormant"})


class Greeting(NamedTuple):
    key: str
    kind: str  # holiday / birthday / anniversary
    occasion: Occasion
    contact: str  # the address greeted
    send_at: datetime  # UTC: the start of the morning window on the day before
    until: datetime  # UTC: the end of that window (opening hours, half day); later, dropped

    @property
    def template(self) -> str:
        return TEMPLATES[self.kind]

    @property
    def reason(self) -> str:
        when = self.occasion.date.strftime("%a %d %b %Y")
        return (f"{self.occasion.name} on {when}: greeted on the last business day before, "
                f"in their morning")  # fmt: skip


def greetings_for(
    customer_id: int,
    country: str | None,
    subdivision: str | None,
    first_purchase: date | None,
    stage: str | None,
    contacts: Sequence[Contact],
    calendar: BusinessCalendar,
    policy: GreetingPolicy,
    today: date,
    horizon_days: int,
) -> list[Greeting]:
    """Every greeting of this customer whose occasion lies in today … today+horizon."""
    if not contacts or (stage or "lead") not in policy.stages:
        return []
    main = contacts[0]
    # Occasions start after the window of their greeting day; look a little further.
    horizon = horizon_days + policy.max_gap_days + 1
    found: list[tuple[str, Occasion, str]] = []
    if policy.holidays and country:
        keys = policy.contacts.get(main.email.lower())
        if keys is None:
            keys = policy.countries.get(country.upper())
        for occ in upcoming(country, subdivision, today, horizon, keys):
            found.append(("holiday", occ, main.email))
    if policy.birthdays:
        for contact in contacts:
            for occ in personal_occasions(contact.birthday, None, today, horizon):
                found.append(("birthday", occ, contact.email))
    if policy.anniversaries:
        for occ in personal_occasions(None, first_purchase, today, horizon):
            found.append(("anniversary", occ, main.email))
    out = []
    for kind, occ, email in found:
        window = greeting_window(occ.date, calendar, policy.window,
                                 margin_days=occ.margin_days,
                                 max_gap_days=policy.max_gap_days)  # fmt: skip
        if window is None:
            continue
        moment, until = window
        local_day = moment.astimezone(calendar.zone).date()
        if not today <= local_day <= today + timedelta(days=horizon_days):
            continue
        out.append(Greeting(_key(customer_id, kind, occ, email), kind, occ, email, moment,
                            max(until, moment)))  # fmt: skip
    return sorted(out, key=lambda g: (g.send_at, g.key))


def _key(customer_id: int, kind: str, occ: Occasion, email: str) -> str:
    who = f"/{email.lower()}" if kind == "birthday" else ""
    return f"greeting/c{customer_id}/{occ.key}{who}/{occ.date.isoformat()}"


def quiet_reason(
    last_followup: datetime | None,
    send_at: datetime,
    calendar: BusinessCalendar,
    quiet_days: float,
) -> str | None:
    """Why a greeting at `send_at` must not go out after the follow-up sent at
    `last_followup`, or None when enough of the customer's business days lie between."""
    if last_followup is None or quiet_days <= 0 or last_followup > send_at:
        return None
    gap = calendar.business_time_between(last_followup, send_at)
    if gap >= calendar.business_day * quiet_days:
        return None
    days = gap / calendar.business_day
    return (f"a follow-up went out {last_followup:%Y-%m-%d} ({days:.1f} of their business "
            f"days before; greetings wait {quiet_days:g})")  # fmt: skip


def is_current(greeting: Greeting, now: datetime) -> bool:
    """Due now: its window has opened and not yet closed."""
    return greeting.send_at <= now <= greeting.until
