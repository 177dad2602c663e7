"""`mailbot stats`: read the sends and what followed them, group by step, tier and country.

The counting rules are in `domain.sendstats`. Tier and country are the customer's as
`mailbot customers` shows them today (config, import or derived). A mail without a
thread counts a reply within its tier's reply window (`reply_window_days`, in the
customer's business days) after it was sent.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.sendstats import UNKNOWN, Report, Send, judge, summarize, within
from mailbot.domain.tiers import History
from mailbot.services.calendars import Calendars
from mailbot.services.planning import describe_profile
from mailbot.store import statinputs
from mailbot.store.planinputs import customer_facts


def send_stats(
    session: Session,
    config: Config,
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Report:
    """Outcomes of the automated mails sent in [since, until), as known at `now`."""
    sends = statinputs.sends(session, now)
    if not sends:
        return summarize([])
    first = min(s.at for s in sends)
    sends = _placed(session, config, now, sends)
    outcomes = judge(
        sends,
        statinputs.answers(session, first, now),
        statinputs.bounces(session, first, now),
        statinputs.opt_outs(session, first, now),
    )
    return summarize(within(outcomes, since, until))


def _placed(session: Session, config: Config, now: datetime, sends: list[Send]) -> list[Send]:
    """Each send with its customer's tier and country, and a threadless one's reply window."""
    ids = {s.customer_id for s in sends}
    facts = customer_facts(session, ids)
    replies = statinputs.reply_counts(session, ids, now)
    calendars = Calendars(config)
    places: dict[int, tuple[str, str, BusinessCalendar]] = {}
    for cid, row in facts.items():
        answers, last = replies.get(cid, (0, None))
        latest = max((d for d in (row.last_order, last and last.date()) if d), default=None)
        history = History(row.order_count, row.last_order, answers, latest)
        cal = calendars.customer(row.country, row.subdivision, row.timezone, row.key)
        profile = describe_profile(config, row, history, now.date(), cal)
        places[cid] = (profile.tier, profile.country or UNKNOWN, cal)
    out = []
    for s in sends:
        tier, country, cal = places[s.customer_id]
        reply_by = None
        if s.thread_id is None:
            window = cal.business_day * config.tier(tier).reply_window_days
            reply_by = cal.add_business_hours(s.at, window)
        out.append(replace(s, tier=tier, country=country, reply_by=reply_by))
    return out
