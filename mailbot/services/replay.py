"""Replaying weeks of the send cycle on a stored mailbox, as if time passed (the demo).

Each cycle runs at an instant something can happen: a follow-up or outbox row falls
due, a greeting's or care mail's moment comes, staff write by hand (a new waiting
round starts), or a day has passed. Mail dated after an instant is invisible to it
(`--at` semantics), so the customers' real replies arrive in the replay when they
arrived in the mailbox, and cancel what they should.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config
from mailbot.services.cycle import Cycle, Summary
from mailbot.services.delivery import PostOffice
from mailbot.services.outbox import PLANNED
from mailbot.services.planning import build_plan
from mailbot.store.models import Message, OutboxMail

MAX_STEP = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Tick:
    at: datetime
    summary: Summary


def replay(
    config: Config,
    sessions: sessionmaker[Session],
    start: datetime,
    end: datetime,
    office: PostOffice,
    moments: list[datetime] = (),  # type: ignore[assignment]
    on_tick: Callable[[Tick], None] | None = None,
) -> list[Tick]:
    """Run the cycle from `start` to `end`; `moments`: extra instants to stop at
    (greeting and care moments the caller knows of)."""
    ticks: list[Tick] = []
    now = start
    with sessions() as session:
        staff = [t for t in session.scalars(
            select(Message.date).where(Message.direction == "out", Message.date > start,
                                       Message.date <= end)) if t]  # fmt: skip
    stops = sorted({*moments, *(t + timedelta(minutes=1) for t in staff)})
    while now <= end:
        summary = Cycle(config, sessions, now, office).run(config.mailboxes, sync=False)
        tick = Tick(now, summary)
        ticks.append(tick)
        if on_tick:
            on_tick(tick)
        now = _next(config, sessions, now, stops)
    return ticks


def _next(config: Config, sessions: sessionmaker[Session], now: datetime,
          stops: list[datetime]) -> datetime:  # fmt: skip
    later = [now + MAX_STEP, *(t for t in stops if t > now)]
    with sessions() as session:
        for item in build_plan(session, config, now):
            due = item.decision.due_at
            if item.decision.action == "follow_up" and due is not None and due > now:
                later.append(due)
        for row in session.scalars(select(OutboxMail).where(OutboxMail.status == PLANNED)):
            due = max(row.due_at, row.next_attempt_at or row.due_at)
            later.append(due if due > now else now + timedelta(minutes=30))
    # The jitter puts a row up to `jitter_minutes` after its moment: be there then.
    return min(later) + timedelta(minutes=config.sending.jitter_minutes)
