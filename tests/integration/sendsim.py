"""Simulated weeks of `mailbot run --once` on the rig: a clock that ticks a few times a
day, mail that lands in the mailbox on its date, and what the SMTP server received at
which tick. The scenario tests (test_send_*.py) are written with it.

Ticks fall inside and outside the customer's morning send window every day, so a
send on a wrong day or hour would happen at one of them; each cycle syncs the real
Dovecot mailbox and sends through the real SMTP sink, as the daemon would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select

from mailbot.config import parse_config
from mailbot.services.cycle import Cycle, Summary
from mailbot.services.planning import PlanItem, build_plan
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import CustomerAddress, OutboxMail, SendEvent, Suppression
from tests.integration.cyclerig import settings
from tests.mailgen import mail
from tests.rig.smtp import Received

OURS = "sales@gmuv-lighting.cn"
# A short cadence keeps the simulated weeks short: 2 business days, then 3.
CADENCE = [{
    "name": "potential", "reply_window_days": 2,
    "followups": [{"template": "gentle_reminder", "wait_days": 2},
                  {"template": "last_try", "wait_days": 3}],
}]  # fmt: skip
WINDOW = (time(8, 30), time(11))  # [plan] send_window's default: the customer's morning
TICKS = (time(9, 15), time(10, 45), time(16))  # local: two inside the window, one after


@dataclass(frozen=True)
class Sent:
    """One message the SMTP server received, and the tick whose cycle sent it."""

    tick: datetime
    received: Received

    @property
    def to(self) -> str:
        return self.received.rcpt_tos[0]

    def local(self, zone: str) -> datetime:
        return self.tick.astimezone(ZoneInfo(zone))

    def header(self, name: str) -> str:
        return str(self.received.message()[name])


class Weeks:
    """One live mailbot over a rig mailbox; `tick(now)` runs one cycle at `now`."""

    def __init__(self, user, smtp, tmp_path: Path, cycle: type[Cycle] = Cycle) -> None:
        self.user, self.smtp, self.cycle = user, smtp, cycle
        data = settings(user, smtp, tmp_path, "live")
        data["tiers"] = CADENCE
        self.config = parse_config(data, tmp_path / "mailbot.toml")
        self.sessions = session_factory(open_engine(self.config.database_url()))
        self.mail: list[tuple[datetime, str, bytes]] = []  # not yet in the mailbox
        self.sent: list[Sent] = []
        self.summaries: list[tuple[datetime, Summary]] = []

    def arrive(self, when: datetime, folder: str, raw: bytes) -> None:
        """`raw` lands in `folder` (INTERNALDATE `when`) before the first tick ≥ `when`."""
        self.mail.append((when, folder, raw))

    def tick(self, now: datetime) -> Summary:
        due = sorted((m for m in self.mail if m[0] <= now), key=lambda m: m[0])
        for when, folder, raw in due:
            self.user.append(folder, [(raw, when)])
            self.mail.remove((when, folder, raw))
        before = len(self.smtp.messages)
        summary = self.cycle(self.config, self.sessions, now).run(self.config.mailboxes)
        self.sent += [Sent(now, r) for r in self.smtp.messages[before:]]
        self.summaries.append((now, summary))
        return summary

    def run(self, ticks: Iterable[datetime]) -> list[Sent]:
        for now in ticks:
            self.tick(now)
        return self.sent

    def to(self, address: str) -> list[Sent]:
        return [s for s in self.sent if s.to == address]

    def rows(self) -> list[OutboxMail]:
        with self.sessions() as s:
            return list(s.scalars(select(OutboxMail).order_by(OutboxMail.id)))

    def events(self, row_id: int) -> list[str]:
        with self.sessions() as s:
            query = select(SendEvent.event).where(SendEvent.outbox_id == row_id)
            return list(s.scalars(query.order_by(SendEvent.id)))

    def suppressions(self) -> dict[str, str]:
        with self.sessions() as s:
            return {x.address: x.reason for x in s.scalars(select(Suppression))}

    def plan(self, now: datetime, address: str) -> list[PlanItem]:
        """The plan at `now` for the customer who has `address`, by thread."""
        with self.sessions() as s:
            contact = s.get(CustomerAddress, address)
            assert contact is not None, f"{address} is not a customer's contact"
            return build_plan(s, self.config, now, contact.customer_id)


def ticks(zone: str, first: date, last: date, at: tuple[time, ...] = TICKS) -> list[datetime]:
    """Every day from `first` to `last` (local dates in `zone`), at the local times `at`, UTC."""
    tz, days = ZoneInfo(zone), (last - first).days + 1
    return sorted(
        datetime.combine(first + timedelta(days=n), t, tz).astimezone(UTC)
        for n in range(days) for t in at
    )  # fmt: skip


def merged(*schedules: list[datetime]) -> list[datetime]:
    return sorted(set().union(*schedules))


def in_window(local: datetime) -> bool:
    return WINDOW[0] <= local.time() < WINDOW[1]


def working_days(country: str, year: int) -> holidays.HolidayBase:
    """The `holidays` calendar of `country`: `is_working_day` knows its weekend."""
    return holidays.country_holidays(country, years=range(year - 1, year + 2))


def next_working_day(cal: holidays.HolidayBase, day: date) -> date:
    day += timedelta(days=1)
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return day


def working_between(cal: holidays.HolidayBase, first: date, last: date) -> int:
    """Working days strictly after `first` and before `last`."""
    return sum(cal.is_working_day(first + timedelta(days=n)) for n in range(1, (last - first).days))


# -- mail the scenarios are made of ------------------------------------------------------


def inquiry_and_quote(
    weeks: Weeks, customer: str, subject: str, asked: datetime, quoted: datetime, n: int
) -> tuple[str, str]:
    """They asked, we quoted; returns (inquiry id, quote id)."""
    asked_id, quote_id = f"<inq{n}@{customer.split('@')[1]}>", f"<quote{n}@gmuv-lighting.cn>"
    weeks.arrive(asked, "INBOX", mail(n, customer, OURS, subject, asked, message_id=asked_id))
    weeks.arrive(quoted, "Sent", mail(n + 1, OURS, customer, "Re: " + subject, quoted,
                                      reply_to_id=asked_id, message_id=quote_id))  # fmt: skip
    return asked_id, quote_id


def answer(customer: str, subject: str, when: datetime, body: str, parent: str, n: int, **kw):
    return mail(n, customer, OURS, "Re: " + subject, when, body=body, reply_to_id=parent, **kw)


DSN = """\
Return-Path: <>
From: MAILER-DAEMON@mx.{domain} (Mail Delivery System)
To: {ours}
Subject: Undelivered Mail Returned to Sender
Date: {date}
Message-ID: <dsn.{stamp}@mx.{domain}>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B{stamp}"

--B{stamp}
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to one or more recipients.

<{failed}>: 550 5.1.1 User unknown in virtual mailbox table
--B{stamp}
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.{domain}

Final-Recipient: rfc822; {failed}
Original-Recipient: rfc822;{failed}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{failed}>: User unknown in virtual mailbox table
--B{stamp}
Content-Type: text/rfc822-headers

From: {ours}
To: {failed}
Message-ID: {original}
--B{stamp}--
"""


def hard_bounce(failed: str, original: str, when: datetime) -> bytes:
    """The receiving MX's DSN for our message `original`: 5.1.1, the user is unknown."""
    text = DSN.format(domain=failed.split("@")[1], ours=OURS, failed=failed, original=original,
                      date=format_datetime(when), stamp=int(when.timestamp()))  # fmt: skip
    return text.replace("\n", "\r\n").encode()


# The two German customers most scenarios start from.
BERLIN = "Europe/Berlin"
HANS, LI = "hans@acme-lighting.de", "li@uvtech.de"
LAMPS, STERILIZER = "Inquiry: UVC lamps 254nm", "Inquiry: UV sterilizer"
ASKED = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Berlin
QUOTED = ASKED + timedelta(hours=5)
DE = working_days("DE", 2026)


def two_customers(weeks: Weeks) -> str:
    """Hans and Li (both in Germany) asked and were quoted at the same moments;
    returns the id of our quote to Hans."""
    _, quote = inquiry_and_quote(weeks, HANS, LAMPS, ASKED, QUOTED, 10)
    inquiry_and_quote(weeks, LI, STERILIZER, ASKED, QUOTED, 20)
    return quote


def assert_morning_on_a_working_day(sent, zone: str = BERLIN, cal=DE) -> None:
    for s in sent:
        local = s.local(zone)
        assert in_window(local) and cal.is_working_day(local.date()), (s.to, local)
