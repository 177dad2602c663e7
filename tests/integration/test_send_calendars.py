"""Simulated weeks of live sending across the customer's own calendar: Eid in Riyadh, the
Israeli weekend. Holiday dates come from the `holidays` package (the library mailbot
uses too, but read here directly: only its dates are shared, not mailbot's reasoning).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.integration.sendsim import (
    Weeks,
    in_window,
    inquiry_and_quote,
    merged,
    next_working_day,
    ticks,
    working_days,
)

pytestmark = pytest.mark.integration
RIYADH, TEL_AVIV, BERLIN = "Asia/Riyadh", "Asia/Jerusalem", "Europe/Berlin"
KHALID, AVI, HANS = "khalid@alnoor-trading.com.sa", "avi@orbit-optics.co.il", "hans@acme.de"
SA, IL = working_days("SA", 2026), working_days("IL", 2026)
FRIDAY, SATURDAY, SUNDAY = 4, 5, 6


def eid_scenario(weeks: Weeks) -> tuple[list[date], str]:
    """Khalid is quoted two working days before Eid al-Fitr, 10:00 in Riyadh: the 2-day
    wait would end on Eid. Returns Eid's dates and our quote's Message-ID."""
    eid = sorted(d for d, name in SA.items() if d.year == 2026 and "Eid al-Fitr" in name)
    quote_day = eid[0] - timedelta(days=2)
    while not SA.is_working_day(quote_day):
        quote_day -= timedelta(days=1)
    quoted = datetime.combine(quote_day, time(10), ZoneInfo(RIYADH)).astimezone(UTC)
    naive_due = quote_day + timedelta(days=2)  # two days on, if Eid were no holiday
    assert naive_due in eid and naive_due.weekday() not in (FRIDAY, SATURDAY)
    _, quote = inquiry_and_quote(weeks, KHALID, "RFQ: UV curing lamps",
                                 quoted - timedelta(hours=2), quoted, 1)  # fmt: skip
    return eid, quote


def after_closure(cal, last_holiday: date, working_days: int) -> date:
    """The n-th working day after the closure that contains `last_holiday`."""
    day = last_holiday
    while not cal.is_working_day(day + timedelta(days=1)):
        day += timedelta(days=1)
    for _ in range(working_days):
        day = next_working_day(cal, day)
    return day


def test_no_mail_to_riyadh_over_eid_or_on_friday_and_saturday(mailbox, smtp, tmp_path):
    """The follow-up goes on the second working day after Eid (not the first day back,
    when the inbox is full); the Eid greeting on the last working day before it; nothing
    on Eid, on a Friday or Saturday, or outside Khalid's morning."""
    weeks = Weeks(mailbox, smtp, tmp_path)
    eid, quote = eid_scenario(weeks)
    expected = after_closure(SA, max(eid), 2)
    weeks.run(ticks(RIYADH, eid[0] - timedelta(days=3), expected + timedelta(days=5)))
    sent = weeks.to(KHALID)
    for s in sent:
        local = s.local(RIYADH)
        assert local.date() not in eid and local.weekday() not in (FRIDAY, SATURDAY), local
        assert in_window(local) and SA.is_working_day(local.date()), local
    followups = [s for s in sent if quote in s.header("References")]
    assert followups and followups[0].local(RIYADH).date() == expected
    rows = {r.message_id: r for r in weeks.rows()}
    greetings = [s for s in sent if rows[s.header("Message-ID")].kind == "greeting"]
    assert [g.local(RIYADH).date() for g in greetings] == [eid[0] - timedelta(days=1)]
    assert [rows[s.header("Message-ID")].stage for s in followups] == [1, 2][: len(followups)]


def test_a_greeting_is_never_chased_by_a_follow_up(mailbox, smtp, tmp_path):
    """Our Eid greeting starts a thread of its own; Khalid's silence after it is no
    unanswered offer: no follow-up may go out in that thread."""
    weeks = Weeks(mailbox, smtp, tmp_path)
    eid, quote = eid_scenario(weeks)
    weeks.run(ticks(RIYADH, eid[0] - timedelta(days=3), after_closure(SA, max(eid), 4)))
    rows = {r.message_id: r for r in weeks.rows()}
    [greeting] = [r for r in rows.values() if r.kind == "greeting" and r.status == "sent"]
    chasers = [s for s in weeks.sent if greeting.message_id in (s.header("References") or "")]
    assert chasers == []


def test_tel_aviv_gets_sunday_what_berlin_gets_friday(mailbox, smtp, tmp_path):
    """Quoted at the same moment on a Wednesday, 2 working days to wait: Hans in Berlin
    hears from us Friday morning; Avi in Tel Aviv, whose weekend is Friday–Saturday, on
    Sunday morning, and nothing on his Friday or Saturday."""
    quoted = datetime(2026, 11, 4, 8, tzinfo=UTC)  # Wednesday: 09:00 Berlin, 10:00 Tel Aviv
    week = [quoted.date() + timedelta(days=n) for n in range(7)]
    assert not [d for d in week if d in IL], "a Jewish holiday would blur the weekend"
    weeks = Weeks(mailbox, smtp, tmp_path)
    inquiry_and_quote(weeks, AVI, "RFQ: UV LEDs 365nm", quoted - timedelta(hours=1), quoted, 1)
    inquiry_and_quote(weeks, HANS, "RFQ: UVC lamps", quoted - timedelta(hours=1), quoted, 3)
    first, last = quoted.date(), quoted.date() + timedelta(days=5)
    weeks.run(merged(ticks(TEL_AVIV, first, last), ticks(BERLIN, first, last)))
    [to_hans], [to_avi] = weeks.to(HANS), weeks.to(AVI)
    assert to_hans.local(BERLIN).weekday() == FRIDAY and in_window(to_hans.local(BERLIN))
    avi = to_avi.local(TEL_AVIV)
    assert avi.weekday() == SUNDAY and avi.date() == to_hans.local(BERLIN).date() + timedelta(2)
    assert in_window(avi) and IL.is_working_day(avi.date())
