"""Simulated weeks of live sending across the customer's own calendar: Eid in Riyadh, the
Israeli weekend. Holiday dates come from the `holidays` package (the library mailbot
uses too, but read here directly: only its dates are shared, not mailbot's reasoning).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
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


def test_no_mail_to_riyadh_over_eid_or_on_friday_and_saturday(mailbox, smtp, tmp_path):
    """Quoted two working days before Eid al-Fitr: the 2-day wait would end on Eid, so the
    follow-up goes on the second working day after the holiday (not the first day back,
    when the inbox is full), Sunday to Thursday, in Khalid's morning."""
    eid = sorted(d for d, name in SA.items() if d.year == 2026 and "Eid al-Fitr" in name)
    quote_day = eid[0] - timedelta(days=2)
    while not SA.is_working_day(quote_day):
        quote_day -= timedelta(days=1)
    quoted = datetime.combine(quote_day, time(10), ZoneInfo(RIYADH)).astimezone(UTC)
    naive_due = quote_day + timedelta(days=2)  # two days on, if Eid were no holiday
    assert naive_due in eid and naive_due.weekday() not in (FRIDAY, SATURDAY)
    weeks = Weeks(mailbox, smtp, tmp_path)
    inquiry_and_quote(weeks, KHALID, "RFQ: UV curing lamps", quoted - timedelta(hours=2), quoted, 1)
    closed_until = max(eid)
    while not SA.is_working_day(closed_until + timedelta(days=1)):
        closed_until += timedelta(days=1)
    first_back = next_working_day(SA, closed_until)
    expected = next_working_day(SA, first_back)
    weeks.run(ticks(RIYADH, quote_day - timedelta(days=1), expected + timedelta(days=5)))
    sent = weeks.to(KHALID)
    assert sent, "no follow-up at all"
    assert sent[0].local(RIYADH).date() == expected
    for s in sent:
        local = s.local(RIYADH)
        assert local.date() not in eid and local.weekday() not in (FRIDAY, SATURDAY), local
        assert in_window(local) and SA.is_working_day(local.date()), local
    assert [r.stage for r in weeks.rows()] == list(range(1, len(sent) + 1))


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
