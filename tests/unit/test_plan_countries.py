"""The planner's reply deadline and follow-up time, country by country (issue 4, "Tests").

Every expected instant below was derived by hand from the calendar fact cited in the
row's comment, never copied from the code. The library facts can be re-read with e.g.
`python -c 'import holidays; print(holidays.SA(years=2026))'` (holidays 0.109).

How a row is read (DOMAIN.md §1, §5; the conventions of mailbot.domain.calendar):
- opening hours are 09:00–18:00 local (a 9 h business day), Saudi Arabia 08:00–17:00;
  the clock starts at the first business moment at or after our message and runs
  `days` × 9 business hours, so the deadline is the same local clock time on the
  `days`-th following working day, and a deadline on closing time moves to the next
  opening;
- the follow-up goes out at the first moment ≥ max(deadline, now) inside the morning
  send window 08:30–11:00 clipped to opening hours (09:00–11:00; Riyadh 08:30–11:00),
  on a working day that is not the first day back after 4+ closed days in a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mailbot.domain.calendar import BusinessCalendar, Closure
from mailbot.domain.conversation import AWAITING_CUSTOMER, AWAITING_US, Mail, read_exchange
from mailbot.domain.planner import (
    DONE,
    PAUSED,
    Absence,
    CustomerSide,
    Decision,
    Policy,
    Stage,
    decide,
)

RIYADH, DUBAI, JERUSALEM = "Asia/Riyadh", "Asia/Dubai", "Asia/Jerusalem"
KOLKATA, JAKARTA, SHANGHAI, TOKYO = "Asia/Kolkata", "Asia/Jakarta", "Asia/Shanghai", "Asia/Tokyo"
NEW_YORK, LOS_ANGELES, SAO_PAULO = "America/New_York", "America/Los_Angeles", "America/Sao_Paulo"
BERLIN, LONDON, PARIS = "Europe/Berlin", "Europe/London", "Europe/Paris"
LAGOS, SYDNEY, ISTANBUL = "Africa/Lagos", "Australia/Sydney", "Europe/Istanbul"

# The seller's Spring Festival shutdown: ~10 days before to ~14 days after Lunar New Year
# (Tue 17 Feb 2026), as DOMAIN.md §1 describes; the seller is in Shenzhen (CN).
SHUTDOWN = Closure(date(2026, 2, 6), date(2026, 3, 3), "Spring Festival shutdown")
POLICY = Policy(seller=BusinessCalendar("CN", closures=[SHUTDOWN]))


def at(zone: str, *args: int) -> datetime:
    """A wall-clock instant in `zone`, e.g. at(RIYADH, 2026, 3, 26, 11)."""
    return datetime(*args, tzinfo=ZoneInfo(zone))  # type: ignore[misc]


def customer(
    cal: BusinessCalendar,
    days: float,
    *,
    stages: Sequence[Stage] = (),
    absences: Sequence[Absence] = (),
    last_answer: datetime | None = None,
) -> CustomerSide:
    """A customer whose tier window and first follow-up wait are both `days`."""
    return CustomerSide(
        key="customer.example",
        calendar=cal,
        tier="regular",
        window_days=days,
        stages=list(stages) or [Stage("gentle_reminder", days)],
        absences=list(absences),
        last_answer=last_answer,
    )


def ours(t: datetime) -> Mail:
    return Mail(t, outbound=True, answer=False)


def theirs(t: datetime, sender: str = "anna@customer.example", answer: bool = True) -> Mail:
    return Mail(t, outbound=False, answer=answer, sender=sender)


def plan(side: CustomerSide, mails: Sequence[Mail], now: datetime) -> Decision:
    return decide(read_exchange(mails), side, POLICY, now)


@dataclass(frozen=True)
class Row:
    """Our last message `sent` to a customer in `country`; what the plan must say at `now`."""

    id: str
    country: str
    sent: datetime
    days: float
    now: datetime
    deadline: datetime  # Decision.expected_at
    due: datetime  # Decision.due_at
    why: str = ""  # words the reason must contain
    subdivision: str | None = None
    zone: str | None = None

    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(self.country, self.subdivision, self.zone)


H = timedelta(hours=1)
BEIJING_WED = at(SHANGHAI, 2026, 3, 18, 16)  # DOMAIN.md §1: Wed 18 Mar 2026 16:00 Beijing

ROWS = [
    # --- DOMAIN.md §1's three worked examples: 2 business days after Wed 18 Mar 16:00
    # Beijing (= 08:00 UTC = 11:00 Riyadh, 09:00 Berlin, 10:00 Tel Aviv).
    # Saudi Eid al-Fitr 1447: holidays 0.109 SA lists 19–22 Mar + observed 23–24 Mar; HRSD:
    # "four days from the end of Ramadan 29" (Wed 18 Mar) with Labour Law exec. regs art. 24
    # §2 compensation for the Fri–Sat weekend inside it. Wed 11:00–17:00 = 6 h, 19–24 shut,
    # Wed 25 = 9 h (15 h), Thu 26 08:00 + 3 h = 11:00. Send window closes 11:00 → Fri–Sat
    # weekend → Sun 29 Mar 08:30.
    Row("SA-domain-eid", "SA", BEIJING_WED, 2, BEIJING_WED + H,
        at(RIYADH, 2026, 3, 26, 11), at(RIYADH, 2026, 3, 29, 8, 30),
        why="Eid al-Fitr Holiday 19–24 Mar moved the deadline to Thu 26 Mar 11:00"),
    # Berlin: no holiday 18–20 Mar 2026 (holidays.DE); CET until 29 Mar. Wed 9 h + Thu 9 h.
    Row("DE-domain", "DE", BEIJING_WED, 2, BEIJING_WED + H,
        at(BERLIN, 2026, 3, 20, 9), at(BERLIN, 2026, 3, 20, 9)),
    # Tel Aviv: Fri–Sat weekend (Israeli Hours of Work and Rest Law), Israel DST from Fri
    # 27 Mar 2026. Wed 10:00–18:00 = 8 h, Thu 9 h (17 h), Sun 22 Mar 09:00 + 1 h.
    Row("IL-domain-weekend", "IL", BEIJING_WED, 2, BEIJING_WED + H,
        at(JERUSALEM, 2026, 3, 22, 10), at(JERUSALEM, 2026, 3, 22, 10),
        why="Fri–Sat weekend 20–21 Mar"),
    # --- Saudi Arabia: Sun–Thu week (Fri–Sat weekend since 29 Jun 2013, Royal Decree).
    # Thu 14 May 2026 10:00–17:00 = 7 h; Fri–Sat; Sun 17 May 08:00 + 2 h = 10:00.
    Row("SA-weekend", "SA", at(RIYADH, 2026, 5, 14, 10), 1, at(RIYADH, 2026, 5, 14, 11),
        at(RIYADH, 2026, 5, 17, 10), at(RIYADH, 2026, 5, 17, 10)),
    # Eid al-Adha 1447: holidays.SA lists Arafah Tue 26 May, Eid 27–29 May, observed Sun 31
    # May (exec. regs art. 24: four days from Arafah, Friday compensated). Mon 25 May
    # 10:00–17:00 = 7 h; 26–31 shut; Mon 1 Jun 9 h (16 h); Tue 2 Jun 08:00 + 2 h = 10:00.
    Row("SA-eid-adha", "SA", at(RIYADH, 2026, 5, 25, 10), 2, at(RIYADH, 2026, 5, 25, 11),
        at(RIYADH, 2026, 6, 2, 10), at(RIYADH, 2026, 6, 2, 10)),
    # --- UAE: Sat–Sun weekend since 1 Jan 2022 (federal decision of Dec 2021); Fri 5 Jun
    # 2026 10:00–18:00 = 8 h; Sat–Sun; Mon 8 Jun 09:00 + 1 h. (Islamic New Year is 15 Jun.)
    Row("AE-weekend-2026", "AE", at(DUBAI, 2026, 6, 5, 10), 1, at(DUBAI, 2026, 6, 5, 11),
        at(DUBAI, 2026, 6, 8, 10), at(DUBAI, 2026, 6, 8, 10)),
    # Before 2022 the UAE weekend was Fri–Sat: Thu 10 Jun 2021 8 h, Fri–Sat, Sun 13 Jun 10:00.
    Row("AE-weekend-2021", "AE", at(DUBAI, 2021, 6, 10, 10), 1, at(DUBAI, 2021, 6, 10, 11),
        at(DUBAI, 2021, 6, 13, 10), at(DUBAI, 2021, 6, 13, 10)),
    # Eid al-Fitr 2026 in the UAE: holidays.AE lists Thu 19–Sun 22 Mar (MOHRE, 23 Feb 2026:
    # private sector off from Ramadan 29 to Shawwal 3). Wed 18 Mar 8 h; 19–22 shut; Mon 23
    # 9 h (17 h); Tue 24 09:00 + 1 h = 10:00. Mon 23 was the first day back, Tue is not.
    Row("AE-eid-fitr", "AE", at(DUBAI, 2026, 3, 18, 10), 2, at(DUBAI, 2026, 3, 18, 11),
        at(DUBAI, 2026, 3, 24, 10), at(DUBAI, 2026, 3, 24, 10)),
    # --- Israel: Pesach 15 Nisan 5786 = Thu 2 Apr 2026 (holidays.IL), IDT since 27 Mar.
    # Wed 1 Apr 8 h; Thu 2 Pesach, Fri–Sat; Sun 5 Apr 09:00 + 1 h. Three days shut: no flood.
    Row("IL-pesach", "IL", at(JERUSALEM, 2026, 4, 1, 10), 1, at(JERUSALEM, 2026, 4, 1, 11),
        at(JERUSALEM, 2026, 4, 5, 10), at(JERUSALEM, 2026, 4, 5, 10)),
    # --- India: offices Mon–Sat (DOMAIN.md §1). Diwali 2027 = Fri 29 Oct (holidays.IN;
    # timeanddate "Diwali 2027: Friday, October 29"). Thu 28 Oct 8 h; Fri shut; Sat 30 Oct
    # 9 h (17 h); Sun; Mon 1 Nov 09:00 + 1 h = 10:00 IST.
    Row("IN-diwali-2027", "IN", at(KOLKATA, 2027, 10, 28, 10), 2, at(KOLKATA, 2027, 10, 28, 11),
        at(KOLKATA, 2027, 11, 1, 10), at(KOLKATA, 2027, 11, 1, 10), why="Diwali 29 Oct"),
    # Saturday is a working day; no holiday 13–14 Mar 2026 (holidays.IN: Holi 4 Mar, Eid 21).
    Row("IN-saturday", "IN", at(KOLKATA, 2026, 3, 13, 10), 1, at(KOLKATA, 2026, 3, 13, 11),
        at(KOLKATA, 2026, 3, 14, 10), at(KOLKATA, 2026, 3, 14, 10)),
    # --- Indonesia (SKB 3 Menteri 2026; holidays.ID public + government): cuti bersama Wed
    # 18, Nyepi Thu 19, cuti bersama Fri 20, Idul Fitri Sat 21–Sun 22, cuti bersama Mon 23–
    # Tue 24 Mar. Tue 17 Mar 8 h; 18–24 shut; Wed 25 09:00 + 1 h. Wed 25 is the first day
    # back after 7 closed days → the follow-up waits for Thu 26 Mar 09:00 WIB.
    Row("ID-idul-fitri", "ID", at(JAKARTA, 2026, 3, 17, 10), 1, at(JAKARTA, 2026, 3, 17, 11),
        at(JAKARTA, 2026, 3, 25, 10), at(JAKARTA, 2026, 3, 26, 9),
        why="not on the first day back"),
    # Idul Adha Wed 27 May 2026 + cuti bersama Thu 28 May (SKB 2026; holidays.ID).
    # Tue 26 May 8 h; 27–28 shut; Fri 29 May 09:00 + 1 h.
    Row("ID-idul-adha", "ID", at(JAKARTA, 2026, 5, 26, 10), 1, at(JAKARTA, 2026, 5, 26, 11),
        at(JAKARTA, 2026, 5, 29, 10), at(JAKARTA, 2026, 5, 29, 10)),
    # --- China, customer's clock (State Council notice for 2026): Spring Festival off Sun
    # 15–Mon 23 Feb, make-up working Saturday 14 Feb. Fri 13 Feb 8 h; Sat 14 9 h (17 h);
    # 15–23 shut; Tue 24 09:00 + 1 h. Tue 24 is the first day back → Wed 25 Feb 09:00.
    Row("CN-spring-festival", "CN", at(SHANGHAI, 2026, 2, 13, 10), 2,
        at(SHANGHAI, 2026, 2, 13, 11), at(SHANGHAI, 2026, 2, 24, 10),
        at(SHANGHAI, 2026, 2, 25, 9)),
    # --- Japan: year-end Dec 29–Jan 3 (Act on Holidays of Administrative Organs, art. 1;
    # holidays.JP bank: Dec 31–Jan 3). Mon 28 Dec 2026 8 h; 29 Dec–3 Jan shut; Mon 4 Jan
    # 2027 10:00; first day back after 6 closed days → Tue 5 Jan 09:00 JST.
    Row("JP-year-end", "JP", at(TOKYO, 2026, 12, 28, 10), 1, at(TOKYO, 2026, 12, 28, 11),
        at(TOKYO, 2027, 1, 4, 10), at(TOKYO, 2027, 1, 5, 9)),
    # Golden Week 2026 (Cabinet Office list; holidays.JP): Constitution Day Sun 3 May,
    # Greenery Mon 4, Children's Tue 5, substitute holiday Wed 6 May. Fri 1 May 8 h;
    # 2–6 May shut; Thu 7 May 10:00; first day back after 5 closed days → Fri 8 May 09:00.
    Row("JP-golden-week", "JP", at(TOKYO, 2026, 5, 1, 10), 1, at(TOKYO, 2026, 5, 1, 11),
        at(TOKYO, 2026, 5, 7, 10), at(TOKYO, 2026, 5, 8, 9)),
    # --- United States, New York (default business zone). DST starts Sun 8 Mar 2026
    # (2nd Sunday of March, 15 U.S.C. 260a). Fri 6 Mar 16:00 EST: 2 h; Mon 9 Mar 09:00
    # EDT + 7 h = 16:00 EDT (20:00 UTC, not 21:00); follow-up Tue 10 Mar 09:00 EDT.
    Row("US-NY-dst-march", "US", at(NEW_YORK, 2026, 3, 6, 16), 1, at(NEW_YORK, 2026, 3, 6, 17),
        at(NEW_YORK, 2026, 3, 9, 16), at(NEW_YORK, 2026, 3, 10, 9)),
    # Thanksgiving = 4th Thursday of November = 26 Nov 2026 (5 U.S.C. 6103); the day after
    # is no federal holiday. Wed 25 Nov 8 h; Thu shut; Fri 27 Nov 09:00 + 1 h.
    Row("US-NY-thanksgiving", "US", at(NEW_YORK, 2026, 11, 25, 10), 1,
        at(NEW_YORK, 2026, 11, 25, 11), at(NEW_YORK, 2026, 11, 27, 10),
        at(NEW_YORK, 2026, 11, 27, 10)),
    # --- United States, Los Angeles (CA). DST ends Sun 1 Nov 2026 (1st Sunday of November).
    # Fri 30 Oct 16:00 PDT: 2 h; Mon 2 Nov 09:00 PST + 7 h = 16:00 PST (00:00 UTC Tue).
    Row("US-LA-dst-november", "US", at(LOS_ANGELES, 2026, 10, 30, 16), 1,
        at(LOS_ANGELES, 2026, 10, 30, 17), at(LOS_ANGELES, 2026, 11, 2, 16),
        at(LOS_ANGELES, 2026, 11, 3, 9), subdivision="CA", zone=LOS_ANGELES),
    # California also closes the day after Thanksgiving (Gov. Code 6700; holidays.US CA):
    # Wed 25 Nov 8 h; 26–29 shut; Mon 30 Nov 10:00; first day back after 4 → Tue 1 Dec.
    Row("US-LA-thanksgiving", "US", at(LOS_ANGELES, 2026, 11, 25, 10), 1,
        at(LOS_ANGELES, 2026, 11, 25, 11), at(LOS_ANGELES, 2026, 11, 30, 10),
        at(LOS_ANGELES, 2026, 12, 1, 9), subdivision="CA", zone=LOS_ANGELES),
    # --- Brazil (no DST since 2019, Decree 9,772). Christmas Fri 25 Dec 2026 (Law 662/1949);
    # Christmas Eve is a ponto facultativo from 14:00 (federal portaria), so a message at
    # 15:00 on Thu 24 Dec waits for Mon 28 Dec 09:00; + 9 h = Tue 29 Dec 09:00 BRT.
    Row("BR-christmas", "BR", at(SAO_PAULO, 2026, 12, 24, 15), 1, at(SAO_PAULO, 2026, 12, 24, 16),
        at(SAO_PAULO, 2026, 12, 29, 9), at(SAO_PAULO, 2026, 12, 29, 9)),
    # All Souls' Day (Finados) Mon 2 Nov 2026 (Law 10,607/2002). Fri 30 Oct 16:00: 2 h;
    # Mon shut; Tue 3 Nov 09:00 + 7 h = 16:00; follow-up Wed 4 Nov 09:00 BRT.
    Row("BR-finados", "BR", at(SAO_PAULO, 2026, 10, 30, 16), 1, at(SAO_PAULO, 2026, 10, 30, 17),
        at(SAO_PAULO, 2026, 11, 3, 16), at(SAO_PAULO, 2026, 11, 4, 9)),
    # --- Germany: EU summer time from the last Sunday of March (29 Mar 2026, Directive
    # 2000/84/EC). Fri 27 Mar 16:00 CET: 2 h; Mon 30 Mar 09:00 CEST + 7 h = 16:00 CEST.
    Row("DE-dst-march", "DE", at(BERLIN, 2026, 3, 27, 16), 1, at(BERLIN, 2026, 3, 27, 17),
        at(BERLIN, 2026, 3, 30, 16), at(BERLIN, 2026, 3, 31, 9)),
    # Christmas Fri 25 + Second Day Sat 26 Dec 2026; Christmas Eve is no public holiday and
    # Germany has no substitute days (holidays.DE). Wed 23 Dec 14:00: 4 h; Thu 24 9 h
    # (13 h); 25–27 shut; Mon 28 09:00 + 5 h = 14:00; follow-up Tue 29 Dec 09:00 CET.
    Row("DE-christmas", "DE", at(BERLIN, 2026, 12, 23, 14), 2, at(BERLIN, 2026, 12, 23, 15),
        at(BERLIN, 2026, 12, 28, 14), at(BERLIN, 2026, 12, 29, 9)),
    # --- United Kingdom (gov.uk/bank-holidays): Christmas Fri 25 Dec 2026, Boxing Day Sat 26
    # → substitute Mon 28 Dec. Thu 24 Dec 8 h; 25–28 shut; Tue 29 Dec 10:00 GMT; first day
    # back after 4 closed days → Wed 30 Dec 09:00.
    Row("GB-christmas", "GB", at(LONDON, 2026, 12, 24, 10), 1, at(LONDON, 2026, 12, 24, 11),
        at(LONDON, 2026, 12, 29, 10), at(LONDON, 2026, 12, 30, 9)),
    # BST ends Sun 25 Oct 2026 (last Sunday of October). Fri 23 Oct 16:00 BST: 2 h; Mon 26
    # 09:00 GMT + 7 h = 16:00 GMT (= 16:00 UTC, not 15:00).
    Row("GB-dst-october", "GB", at(LONDON, 2026, 10, 23, 16), 1, at(LONDON, 2026, 10, 23, 17),
        at(LONDON, 2026, 10, 26, 16), at(LONDON, 2026, 10, 27, 9)),
    # --- France (Code du travail L3133-1): only 25 Dec is a holiday (26 Dec only in
    # Alsace-Moselle). Thu 24 Dec 8 h; Fri 25 + weekend = 3 closed days (no flood); Mon 28
    # Dec 09:00 + 1 h = 10:00 CET, inside the send window.
    Row("FR-christmas", "FR", at(PARIS, 2026, 12, 24, 10), 1, at(PARIS, 2026, 12, 24, 11),
        at(PARIS, 2026, 12, 28, 10), at(PARIS, 2026, 12, 28, 10)),
    # Summer time ends Sun 25 Oct 2026. Fri 23 Oct 16:00 CEST: 2 h; Mon 26 Oct 16:00 CET.
    Row("FR-dst-october", "FR", at(PARIS, 2026, 10, 23, 16), 1, at(PARIS, 2026, 10, 23, 17),
        at(PARIS, 2026, 10, 26, 16), at(PARIS, 2026, 10, 27, 9)),
    # --- Nigeria: Eid el-Fitr Thu 19 + Fri 20 Mar 2026 (holidays.NG, confirmed from the
    # Nigerian High Commission's holiday list). Wed 18 Mar 8 h; 19–22 shut; Mon 23 10:00
    # WAT; first day back after 4 closed days → Tue 24 Mar 09:00.
    Row("NG-eid-fitr", "NG", at(LAGOS, 2026, 3, 18, 10), 1, at(LAGOS, 2026, 3, 18, 11),
        at(LAGOS, 2026, 3, 23, 10), at(LAGOS, 2026, 3, 24, 9)),
    # Christmas Fri 25, Boxing Day Sat 26 → Mon 28 Dec 2026 (Public Holidays Act; holidays.NG).
    Row("NG-christmas", "NG", at(LAGOS, 2026, 12, 24, 10), 1, at(LAGOS, 2026, 12, 24, 11),
        at(LAGOS, 2026, 12, 29, 10), at(LAGOS, 2026, 12, 30, 9)),
    # --- Australia (Sydney). Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr (national);
    # NSW DST ends Sun 5 Apr. Thu 2 Apr 16:00 AEDT: 2 h; 3–6 shut; Tue 7 Apr 09:00 AEST +
    # 7 h = 16:00 AEST (06:00 UTC, not 05:00); follow-up Wed 8 Apr 09:00 AEST.
    Row("AU-easter-dst-april", "AU", at(SYDNEY, 2026, 4, 2, 16), 1, at(SYDNEY, 2026, 4, 2, 17),
        at(SYDNEY, 2026, 4, 7, 16), at(SYDNEY, 2026, 4, 8, 9)),
    # NSW DST starts Sun 4 Oct 2026; NSW Labour Day = 1st Monday of October = 5 Oct
    # (NSW Public Holidays Act 2010). Fri 2 Oct 16:00 AEST: 2 h; Mon shut; Tue 6 Oct 09:00
    # AEDT + 7 h = 16:00 AEDT; follow-up Wed 7 Oct 09:00 AEDT.
    Row("AU-NSW-labour-day-dst", "AU", at(SYDNEY, 2026, 10, 2, 16), 1, at(SYDNEY, 2026, 10, 2, 17),
        at(SYDNEY, 2026, 10, 6, 16), at(SYDNEY, 2026, 10, 7, 9), subdivision="NSW"),
    # NSW: Christmas Fri 25, Boxing Day Sat 26, additional day Mon 28 Dec 2026 (NSW Public
    # Holidays Act 2010 s.5). Thu 24 8 h; 25–28 shut; Tue 29 10:00; flood → Wed 30 09:00.
    Row("AU-NSW-christmas", "AU", at(SYDNEY, 2026, 12, 24, 10), 1, at(SYDNEY, 2026, 12, 24, 11),
        at(SYDNEY, 2026, 12, 29, 10), at(SYDNEY, 2026, 12, 30, 9), subdivision="NSW"),
    # --- Turkey (Law 2429; Diyanet calendar): Ramazan Bayramı Fri 20–Sun 22 Mar 2026. A
    # message on the first day of Bayram waits for Mon 23 09:00; + 9 h = Tue 24 Mar 09:00.
    Row("TR-ramazan-bayrami", "TR", at(ISTANBUL, 2026, 3, 20, 10), 1,
        at(ISTANBUL, 2026, 3, 20, 11), at(ISTANBUL, 2026, 3, 24, 9),
        at(ISTANBUL, 2026, 3, 24, 9)),
    # Kurban Bayramı Wed 27–Sat 30 May 2026. Thu 28 May → Mon 1 Jun 09:00 + 9 h = Tue 2 Jun
    # 09:00 TRT (Mon 1 Jun was the first day back after 5 closed days; Tue is not).
    Row("TR-kurban-bayrami", "TR", at(ISTANBUL, 2026, 5, 28, 10), 1,
        at(ISTANBUL, 2026, 5, 28, 11), at(ISTANBUL, 2026, 6, 2, 9), at(ISTANBUL, 2026, 6, 2, 9)),
]  # fmt: skip

# Half days (hours.py `half_days`): the office opens part of the day only.
HALF_DAY_ROWS = [
    # Brazil: Ash Wednesday (18 Feb 2026) is a ponto facultativo only until 14:00
    # (federal portaria on 2026 holidays). Fri 13 Feb 10:00: 8 h; Carnival 16–17 Feb
    # shut; Wed 18 14:00 + 1 h = 15:00; the send window has closed: Thu 19 09:00.
    Row("BR-ash-wednesday", "BR", at(SAO_PAULO, 2026, 2, 13, 10), 1,
        at(SAO_PAULO, 2026, 2, 13, 11), at(SAO_PAULO, 2026, 2, 18, 15),
        at(SAO_PAULO, 2026, 2, 19, 9), why="Ash Wednesday (open from 14:00) 18 Feb"),
    # Brazil: Christmas Eve is a ponto facultativo only after 14:00. Wed 23 Dec 10:00:
    # 8 h; Thu 24 09:00 + 1 h = 10:00, inside the send window (closing whole days put
    # it on Mon 28 Dec 10:00, and the follow-up on Tue 29 by the flood rule).
    Row("BR-christmas-eve", "BR", at(SAO_PAULO, 2026, 12, 23, 10), 1,
        at(SAO_PAULO, 2026, 12, 23, 11), at(SAO_PAULO, 2026, 12, 24, 10),
        at(SAO_PAULO, 2026, 12, 24, 10)),
    # Turkey: the eve (arife) of Ramazan Bayramı, Thu 19 Mar 2026, is a holiday from
    # 13:00 (Law 2429 art. 2). Thu 12:00: 1 h; 20–22 Bayram; Mon 23 09:00 + 8 h = 17:00;
    # follow-up Tue 24 09:00 (counting all of Thursday gave Mon 23 12:00).
    Row("TR-arife", "TR", at(ISTANBUL, 2026, 3, 19, 12), 1, at(ISTANBUL, 2026, 3, 19, 13),
        at(ISTANBUL, 2026, 3, 23, 17), at(ISTANBUL, 2026, 3, 24, 9),
        why="Eid al-Fitr eve (open until 13:00) 19 Mar"),
]  # fmt: skip

# Boxing Day is observed on Mon 28 Dec 2026 in every Australian state but Tasmania (Fair
# Work Ombudsman list; holidays.AU with any subdivision but TAS). A customer with country
# AU and no subdivision takes the state of the default business zone (NSW, Sydney), so
# Mon 28 Dec is shut too: deadline Tue 29 Dec 10:00; the follow-up waits to Wed 30 Dec
# 09:00, as Tue 29 is the first day back after four closed days (the flood rule).
AU_NO_STATE = [
    Row("AU-default-christmas", "AU", at(SYDNEY, 2026, 12, 24, 10), 1,
        at(SYDNEY, 2026, 12, 24, 11), at(SYDNEY, 2026, 12, 29, 10),
        at(SYDNEY, 2026, 12, 30, 9)),
]  # fmt: skip


@pytest.mark.parametrize(
    "row", [*ROWS, *HALF_DAY_ROWS, *AU_NO_STATE], ids=lambda r: getattr(r, "id", None)
)
def test_deadline_and_follow_up_by_country(row: Row) -> None:
    """Customer business days set the deadline; their next allowed morning sets the send."""
    cal = row.calendar()
    decision = plan(customer(cal, row.days), [ours(row.sent)], row.now)
    assert (decision.state, decision.action, decision.stage) == (AWAITING_CUSTOMER, "follow_up", 1)
    assert decision.expected_at == row.deadline
    assert decision.due_at == row.due
    assert decision.overdue is False
    assert row.why in decision.reason


def test_country_table_covers_the_issue_list() -> None:
    """At least the 15 countries issue 4 names, the US in two zones."""
    countries = {r.country for r in ROWS}
    assert {"SA", "AE", "IL", "IN", "ID", "CN", "JP", "US", "BR", "DE", "GB", "FR", "NG", "AU",
            "TR"} <= countries  # fmt: skip
    assert {r.zone for r in ROWS if r.country == "US"} == {None, LOS_ANGELES}


def test_overdue_thread_follows_up_next_morning_after_now() -> None:
    """Past the deadline, the follow-up goes at the first allowed morning after `now`."""
    # Riyadh, DOMAIN.md §1 example: deadline Thu 26 Mar 11:00. At Thu 26 Mar 14:00 the
    # thread is overdue; Fri–Sat weekend → Sun 29 Mar 08:30.
    cal = BusinessCalendar("SA")
    now = at(RIYADH, 2026, 3, 26, 14)
    decision = plan(customer(cal, 2), [ours(BEIJING_WED)], now)
    assert decision.overdue is True
    assert decision.expected_at == at(RIYADH, 2026, 3, 26, 11)
    assert decision.due_at == at(RIYADH, 2026, 3, 29, 8, 30)


# --- The seller's Spring Festival closure vs the customer's clock ------------------------

FAST_STAGES = [Stage("limited_offer", 2, needs_fast_answer=True)]


def test_seller_closure_does_not_pause_the_customer_clock() -> None:
    """A Berlin customer's deadline runs through our shutdown; a plain reminder still goes."""
    # Tue 3 Feb 2026 10:00 CET + 2 days = Thu 5 Feb 10:00 (no German holiday). At Thu 12:00
    # the window for Thursday (09:00–11:00) has passed → Fri 6 Feb 09:00 CET.
    sent, now = at(BERLIN, 2026, 2, 3, 10), at(BERLIN, 2026, 2, 5, 12)
    decision = plan(customer(BusinessCalendar("DE"), 2), [ours(sent)], now)
    assert decision.expected_at == at(BERLIN, 2026, 2, 5, 10)
    assert decision.due_at == at(BERLIN, 2026, 2, 6, 9)


def test_fast_answer_offer_waits_for_the_seller_to_reopen() -> None:
    """An offer needing a fast answer is not sent while the factory is shut (6 Feb–3 Mar)."""
    # Same deadline Thu 5 Feb 10:00 CET; Berlin mornings 6 Feb–3 Mar are Shenzhen dates of
    # the shutdown (09:00 CET = 16:00 CST); Wed 4 Mar 09:00 CET = 16:00 CST, seller open.
    sent, now = at(BERLIN, 2026, 2, 3, 10), at(BERLIN, 2026, 2, 5, 12)
    side = customer(BusinessCalendar("DE"), 2, stages=FAST_STAGES)
    decision = plan(side, [ours(sent)], now)
    assert decision.expected_at == at(BERLIN, 2026, 2, 5, 10)
    assert decision.due_at == at(BERLIN, 2026, 3, 4, 9)
    assert "Spring Festival shutdown" in decision.reason


def test_chinese_customer_clock_keeps_running_through_our_shutdown() -> None:
    """A CN customer's clock follows the State Council calendar, not our longer shutdown."""
    # As row CN-spring-festival: deadline Tue 24 Feb 10:00 CST (make-up Sat 14 Feb counts).
    # The fast offer must still wait for our office: Wed 4 Mar 09:00 CST.
    sent = at(SHANGHAI, 2026, 2, 13, 10)
    side = customer(BusinessCalendar("CN"), 2, stages=FAST_STAGES)
    decision = plan(side, [ours(sent)], sent + H)
    assert decision.expected_at == at(SHANGHAI, 2026, 2, 24, 10)
    assert decision.due_at == at(SHANGHAI, 2026, 3, 4, 9)


def test_fast_answer_offer_to_the_americas_respects_the_shenzhen_date() -> None:
    """Thu 5 Feb 10:00 in Los Angeles is Fri 6 Feb 02:00 in Shenzhen: shutdown day one."""
    # Tue 3 Feb 2026 10:00 PST + 2 days = Thu 5 Feb 10:00 PST (no US/CA holiday). Every
    # Los Angeles morning through Mon 2 Mar falls on a Shenzhen shutdown date (6 Feb–3 Mar);
    # Tue 3 Mar 09:00 PST = Wed 4 Mar 01:00 CST is the first one after it.
    cal = BusinessCalendar("US", "CA", LOS_ANGELES)
    sent = at(LOS_ANGELES, 2026, 2, 3, 10)
    decision = plan(customer(cal, 2, stages=FAST_STAGES), [ours(sent)], sent + H)
    assert decision.expected_at == at(LOS_ANGELES, 2026, 2, 5, 10)
    assert decision.due_at == at(LOS_ANGELES, 2026, 3, 3, 9)


def test_hand_off_is_queued_for_the_first_seller_working_day() -> None:
    """DOMAIN.md §1: escalations wait for the seller's first working day after a closure."""
    # The only stage was sent Tue 3 Feb 10:00 CET; its 2 days ran out Thu 5 Feb 10:00 CET.
    # At Mon 9 Feb our office is in its shutdown (6 Feb–3 Mar): the person who takes the
    # customer over is back Wed 4 Mar 09:00 Shenzhen time.
    mails = [ours(at(BERLIN, 2026, 1, 30, 10)), ours(at(BERLIN, 2026, 2, 3, 10))]
    decision = plan(customer(BusinessCalendar("DE"), 2), mails, at(BERLIN, 2026, 2, 9, 12))
    assert (decision.state, decision.action) == (DONE, "hand_off")
    assert decision.expected_at == at(BERLIN, 2026, 2, 5, 10)
    assert decision.due_at == at(SHANGHAI, 2026, 3, 4, 9)


# --- Out of office --------------------------------------------------------------------

BERLIN_MON = at(BERLIN, 2026, 3, 2, 10)  # Mon 2 Mar 2026 10:00 CET, no German holiday near


AWAY_FROM = at(BERLIN, 2026, 3, 3, 8)  # their out-of-office arrived Tue 3 Mar 08:00 CET


def away(back: date | None) -> Absence:
    return Absence("anna@customer.example", AWAY_FROM, back)


def test_absence_pauses_the_clock_and_adds_a_day_of_grace() -> None:
    """Away Tue 3–Sun 8 Mar, back Mon 9: the deadline is Tue 10 Mar 09:00, not Tue 3 10:00."""
    # 1 day from Mon 10:00: Mon 8 h, then 1 h after the absence = Mon 9 Mar 10:00; but the
    # clock resumes only one business day after the return date: Mon 9 09:00 + 9 h
    # = Tue 10 Mar 09:00 CET, which wins. While they are away the thread is paused.
    cal = BusinessCalendar("DE")
    plain = plan(customer(cal, 1), [ours(BERLIN_MON)], BERLIN_MON + H)
    assert plain.expected_at == at(BERLIN, 2026, 3, 3, 10)
    side = customer(cal, 1, absences=[away(date(2026, 3, 9))])
    during = plan(side, [ours(BERLIN_MON)], at(BERLIN, 2026, 3, 4, 12))
    assert (during.state, during.expected_at) == (PAUSED, at(BERLIN, 2026, 3, 10, 9))
    assert during.due_at == at(BERLIN, 2026, 3, 10, 9)
    after = plan(side, [ours(BERLIN_MON)], at(BERLIN, 2026, 3, 9, 12))
    assert (after.state, after.expected_at) == (AWAITING_CUSTOMER, at(BERLIN, 2026, 3, 10, 9))


def test_absence_without_return_date_lasts_the_default_14_days() -> None:
    """No return date: away 3–16 Mar (Policy.absence_default_days), grace → Wed 18 Mar."""
    # Back Tue 17 Mar; resume Tue 17 09:00 + 9 h = Wed 18 Mar 09:00 CET.
    side = customer(BusinessCalendar("DE"), 1, absences=[away(None)])
    decision = plan(side, [ours(BERLIN_MON)], at(BERLIN, 2026, 3, 4, 12))
    assert (decision.state, decision.expected_at) == (PAUSED, at(BERLIN, 2026, 3, 18, 9))


def test_absence_learned_after_now_is_ignored() -> None:
    """An out-of-office that starts after `now` was not known yet: the plain deadline."""
    side = customer(BusinessCalendar("DE"), 1, absences=[away(date(2026, 3, 9))])
    decision = plan(side, [ours(BERLIN_MON)], at(BERLIN, 2026, 3, 2, 12))
    assert (decision.state, decision.expected_at) == (AWAITING_CUSTOMER, at(BERLIN, 2026, 3, 3, 10))


# --- Who wrote last ---------------------------------------------------------------------


def test_staff_reply_by_hand_resets_the_clock() -> None:
    """They answered, we answered by hand Wed 14:00: 2 days from then, Fri 6 Mar 14:00."""
    # Wed 4 Mar 14:00 CET: 4 h; Thu 9 h (13 h); Fri 6 Mar 09:00 + 5 h = 14:00; the morning
    # window has passed → Mon 9 Mar 09:00 CET.
    staff = at(BERLIN, 2026, 3, 4, 14)
    mails = [ours(BERLIN_MON), theirs(at(BERLIN, 2026, 3, 3, 10)), ours(staff)]
    decision = plan(customer(BusinessCalendar("DE"), 2), mails, staff + H)
    assert (decision.since, decision.stage) == (staff, 1)
    assert decision.expected_at == at(BERLIN, 2026, 3, 6, 14)
    assert decision.due_at == at(BERLIN, 2026, 3, 9, 9)


def test_second_unanswered_message_counts_as_a_chaser() -> None:
    """Two of ours in a row: the clock runs from the later one and stage 2 is next."""
    staff = at(BERLIN, 2026, 3, 4, 14)
    stages = [Stage("gentle_reminder", 2), Stage("last_try", 2)]
    side = customer(BusinessCalendar("DE"), 2, stages=stages)
    decision = plan(side, [ours(BERLIN_MON), ours(staff)], staff + H)
    assert (decision.since, decision.stage, decision.template) == (staff, 2, "last_try")
    assert decision.expected_at == at(BERLIN, 2026, 3, 6, 14)


def test_reply_from_another_address_of_the_company_ends_the_wait() -> None:
    """We wrote to anna@; bob@ of the same company answered: now we owe them a reply."""
    # Bob wrote Tue 3 Mar 10:00 CET = 17:00 Shenzhen, still inside our shutdown (to 3 Mar):
    # our 8 business hours run from Wed 4 Mar 09:00 CST → Wed 4 Mar 17:00 CST.
    answer = at(BERLIN, 2026, 3, 3, 10)
    mails = [ours(BERLIN_MON), theirs(answer, "bob@customer.example")]
    decision = plan(customer(BusinessCalendar("DE"), 2), mails, at(BERLIN, 2026, 3, 9, 12))
    assert (decision.state, decision.since) == (AWAITING_US, answer)
    assert decision.action == "reply_by_hand"
    assert (decision.due_at, decision.overdue) == (at(SHANGHAI, 2026, 3, 4, 17), True)


def test_thread_of_automatic_mail_only_awaits_nothing() -> None:
    """A thread holding only their automatic mail (no human word either way) is done."""
    mails = [theirs(BERLIN_MON, answer=False)]
    decision = plan(customer(BusinessCalendar("DE"), 2), mails, BERLIN_MON + H)
    assert (decision.state, decision.action, decision.due_at) == (DONE, "none", None)


def test_automatic_reply_does_not_end_the_wait() -> None:
    """An out-of-office or bounce from them is no answer: the thread still awaits them."""
    mails = [ours(BERLIN_MON), theirs(BERLIN_MON + H, answer=False)]
    decision = plan(customer(BusinessCalendar("DE"), 2), mails, BERLIN_MON + 2 * H)
    assert (decision.state, decision.expected_at) == (AWAITING_CUSTOMER, at(BERLIN, 2026, 3, 4, 10))


def test_answer_in_another_thread_restarts_the_clock() -> None:
    """bob@ wrote to us elsewhere Wed 14:00: this thread's 2 days run from then."""
    other = at(BERLIN, 2026, 3, 4, 14)
    side = customer(BusinessCalendar("DE"), 2, last_answer=other)
    decision = plan(side, [ours(BERLIN_MON)], other + H)
    assert decision.expected_at == at(BERLIN, 2026, 3, 6, 14)
    assert "they wrote to us in another thread Wed 4 Mar 14:00" in decision.reason
