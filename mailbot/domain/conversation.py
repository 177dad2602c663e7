"""Who owes whom an answer in one thread, read from its messages (pure).

Only human mail moves the conversation: an out-of-office, a bounce or a read
receipt from the customer is not an answer, and mail we send (by hand or by
mailbot) always is ours. Staff writing by hand resets the clock like a follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

AWAITING_CUSTOMER = "awaiting_customer"
AWAITING_US = "awaiting_us"


# Mail kinds of our own that await no answer (greetings, care): not part of the exchange.
COURTESY_KINDS = ("greeting", "care")


class Mail(NamedTuple):
    """What the planner needs of one message (a tuple: the planner reads millions)."""

    at: datetime
    outbound: bool
    answer: bool  # inbound and counts as a human reply (see domain.verdict)
    sender: str = ""


class Exchange(NamedTuple):
    """A thread's position: who wrote last that matters, and since when."""

    state: str | None  # AWAITING_CUSTOMER, AWAITING_US, or None (nothing to answer)
    since: datetime | None  # our last message, or their first unanswered one
    chasers: int  # our messages after the first unanswered one (follow-ups so far)
    last_answer: datetime | None  # their latest human message in the thread
    senders: frozenset[str]  # customer addresses seen in the thread (any kind)


def read_exchange(mails: Sequence[Mail]) -> Exchange:
    """The thread's position from its messages in date order."""
    last_answer = last_ours = first_unanswered_ours = first_unanswered_theirs = None
    chasers = 0
    senders = frozenset(m.sender for m in mails if not m.outbound and m.sender)
    for m in mails:
        if m.outbound:
            if first_unanswered_ours is None:
                first_unanswered_ours, chasers = m.at, 0
            else:
                chasers += 1
            last_ours, first_unanswered_theirs = m.at, None
        elif m.answer:
            last_answer = m.at
            first_unanswered_ours = None
            if first_unanswered_theirs is None:
                first_unanswered_theirs = m.at
    if first_unanswered_ours is not None:
        return Exchange(AWAITING_CUSTOMER, last_ours, chasers, last_answer, senders)
    if first_unanswered_theirs is not None:
        return Exchange(AWAITING_US, first_unanswered_theirs, 0, last_answer, senders)
    return Exchange(None, None, 0, last_answer, senders)


def reply_latencies(mails: Iterable[Mail]) -> list[tuple[datetime, datetime]]:
    """(our message, their answer) pairs: each answer timed from our last message
    before it, the instant the window in the plan is counted from."""
    pairs = []
    waiting_since = None
    for m in mails:
        if m.outbound:
            waiting_since = m.at
        elif m.answer and waiting_since is not None:
            pairs.append((waiting_since, m.at))
            waiting_since = None
    return pairs
