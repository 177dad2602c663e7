"""A thread's summary columns (first/last message, who wrote last), folded from its messages.

The same fold serves a full recount (messages grouped by direction and reply-ness)
and ingest, which adds only the batch's new messages to the stored summary: a
first sync must not re-read every earlier message of a thread once per batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Activity:
    """`count` messages of one thread, alike in direction and in counting as a reply."""

    direction: str  # "in" / "out"
    counts_as_reply: bool
    first: datetime
    last: datetime
    count: int = 1


@dataclass(frozen=True)
class ThreadSummary:
    started_at: datetime | None = None
    last_message_at: datetime | None = None
    last_inbound_at: datetime | None = None
    last_outbound_at: datetime | None = None
    message_count: int = 0

    def add(self, a: Activity) -> ThreadSummary:
        """Only mail a person wrote counts as the customer's reply: an out-of-office,
        a bounce or a newsletter in the thread changes nothing."""
        last_in, last_out = self.last_inbound_at, self.last_outbound_at
        if a.direction == "out":
            last_out = _latest(last_out, a.last)
        elif a.counts_as_reply:
            last_in = _latest(last_in, a.last)
        return ThreadSummary(
            _earliest(self.started_at, a.first),
            _latest(self.last_message_at, a.last),
            last_in,
            last_out,
            self.message_count + a.count,
        )

    @property
    def last_direction(self) -> str:
        # A tie goes to the customer: "they wrote last" never triggers a chase.
        # A thread with no reply and nothing from us (a newsletter) owes nobody anything: "in".
        last_in, last_out = self.last_inbound_at, self.last_outbound_at
        inbound_last = last_out is None or (last_in is not None and last_in >= last_out)
        return "in" if inbound_last else "out"


def fold(summary: ThreadSummary, activities: list[Activity]) -> ThreadSummary:
    for a in activities:
        summary = summary.add(a)
    return summary


def _earliest(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b < a else a


def _latest(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b > a else a
