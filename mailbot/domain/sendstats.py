"""What became of the automated mails: answered, bounced, or followed by an unsubscribe (pure).

The counting rules, each event credited to at most one mail:
- **sent**: every mail the mail server accepted, and every one it refused outright (5xx),
  which is also a bounce. Unknown outcomes, retries and planned mails are not sends.
- **replied**: in a thread, a human message from the customer (any of their addresses;
  a request to stop is not a reply) after the send and before our next automated mail
  in that thread, which takes over the credit. A mail without a thread (greeting, care
  mail) counts any human message from the customer after it until its `reply_by`.
- **bounced**: refused when sending, or a permanent bounce that names this mail as the
  one returned; a bounce that names none counts for the last automated mail to that
  address before it. One that names another message (a staff mail) counts for none.
- **unsubscribed**: the customer asked to stop after the send and before the next
  automated mail reached them: the last mail they got takes it.
A refused mail never reached anyone: it gets no reply, later bounce or unsubscribe.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, TypeVar

K = TypeVar("K", bound=Hashable)
KIND_WORDS = {"followup": "follow-up", "greeting": "greeting", "care": "care"}
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Send:
    """One automated mail that went out (or was refused), with the customer's groups."""

    id: int
    kind: str  # followup / greeting / care
    stage: int | None
    occasion: str | None
    template: str
    customer_id: int
    thread_id: int | None
    recipient: str
    message_id: str | None
    at: datetime  # sent, or refused
    refused: bool = False
    reply_by: datetime | None = None  # without a thread: the last moment a reply counts
    tier: str = UNKNOWN
    country: str = UNKNOWN


class Answer(NamedTuple):
    """A message a person at the customer wrote to us."""

    customer_id: int
    thread_id: int
    at: datetime
    stop: bool = False  # they asked to stop receiving mail


class Bounce(NamedTuple):
    address: str
    at: datetime
    permanent: bool
    original: str | None  # Message-ID of the returned mail, when the bounce says


class OptOut(NamedTuple):
    customer_id: int
    at: datetime


class Step(NamedTuple):
    """Which step of which sequence a mail was: follow-up 2, greeting christmas, care 1…"""

    kind: str
    stage: int | None
    occasion: str | None

    @property
    def label(self) -> str:
        parts = [KIND_WORDS.get(self.kind, self.kind), self.stage, self.occasion]
        return " ".join(str(p) for p in parts if p is not None)

    def order(self) -> tuple[int, str, int, str]:
        return (list(KIND_WORDS).index(self.kind) if self.kind in KIND_WORDS else 9,
                self.kind, self.stage or 0, self.occasion or "")  # fmt: skip


def step_of(kind: str, stage: int | None, occasion: str | None, template: str) -> Step:
    """A step is named by its stage and/or occasion; by its template when it has neither."""
    if stage is None and occasion is None:
        occasion = template
    return Step(kind, stage, occasion)


@dataclass(frozen=True, slots=True)
class Outcome:
    send: Send
    replied: bool
    bounced: bool
    unsubscribed: bool

    @property
    def step(self) -> Step:
        s = self.send
        return step_of(s.kind, s.stage, s.occasion, s.template)


@dataclass(slots=True)
class Tally:
    sent: int = 0
    replied: int = 0
    bounced: int = 0
    unsubscribed: int = 0

    def add(self, o: Outcome) -> None:
        self.sent += 1
        self.replied += o.replied
        self.bounced += o.bounced
        self.unsubscribed += o.unsubscribed

    @property
    def reply_rate(self) -> float | None:
        return self.replied / self.sent if self.sent else None


@dataclass(frozen=True)
class Report:
    total: Tally
    by_step: dict[Step, Tally] = field(default_factory=dict)
    by_tier: dict[str, Tally] = field(default_factory=dict)
    by_country: dict[str, Tally] = field(default_factory=dict)


def judge(
    sends: Iterable[Send],
    answers: Iterable[Answer],
    bounces: Iterable[Bounce],
    opt_outs: Iterable[OptOut],
) -> list[Outcome]:
    """Every send with what followed it, by the rules above."""
    sends = sorted(sends, key=lambda s: (s.at, s.id))
    reached = [s for s in sends if not s.refused]
    replied = _replied(reached, answers)
    bounced = _bounced(reached, bounces) | {s.id for s in sends if s.refused}
    by_customer = _index(reached, lambda s: s.customer_id)
    unsubscribed = {s.id for o in opt_outs if (s := _last_before(by_customer, o.customer_id, o.at))}
    return [Outcome(s, s.id in replied, s.id in bounced, s.id in unsubscribed) for s in sends]


def summarize(outcomes: Iterable[Outcome]) -> Report:
    outcomes = list(outcomes)
    total = Tally()
    for o in outcomes:
        total.add(o)
    steps = tally(outcomes, lambda o: o.step)
    return Report(
        total,
        {k: steps[k] for k in sorted(steps, key=Step.order)},
        _sorted(tally(outcomes, lambda o: o.send.tier)),
        _sorted(tally(outcomes, lambda o: o.send.country)),
    )


def within(outcomes: Iterable[Outcome], since: datetime | None, until: datetime | None):
    """The outcomes of mails sent in [since, until); what followed may be later."""
    return [
        o
        for o in outcomes
        if (since is None or o.send.at >= since) and (until is None or o.send.at < until)
    ]


def tally(outcomes: Iterable[Outcome], key: Callable[[Outcome], K]) -> dict[K, Tally]:
    groups: dict[K, Tally] = defaultdict(Tally)
    for o in outcomes:
        groups[key(o)].add(o)
    return dict(groups)


def _sorted(groups: dict[str, Tally]) -> dict[str, Tally]:
    """Busiest first; the unknown group last."""
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == UNKNOWN, -kv[1].sent, kv[0])))


def _replied(reached: list[Send], answers: Iterable[Answer]) -> set[int]:
    in_thread = _index([s for s in reached if s.thread_id is not None], lambda s: s.thread_id)
    threadless: dict[int, list[Send]] = defaultdict(list)
    for s in reached:
        if s.thread_id is None:
            threadless[s.customer_id].append(s)
    out = set()
    for a in answers:
        if a.stop:
            continue
        last = _last_before(in_thread, a.thread_id, a.at)
        if last is not None and last.customer_id == a.customer_id:
            out.add(last.id)
        out.update(
            s.id
            for s in threadless.get(a.customer_id, ())
            if s.at < a.at and s.reply_by is not None and a.at <= s.reply_by
        )
    return out


def _bounced(reached: list[Send], bounces: Iterable[Bounce]) -> set[int]:
    by_message = {s.message_id: s.id for s in reached if s.message_id}
    by_address = _index(reached, lambda s: s.recipient.lower())
    out = set()
    for b in bounces:
        if not b.permanent:
            continue
        if b.original is not None:
            if b.original in by_message:
                out.add(by_message[b.original])
        elif last := _last_before(by_address, b.address.lower(), b.at, inclusive=True):
            out.add(last.id)
    return out


class _Timeline(NamedTuple):
    times: list[datetime]
    sends: list[Send]


def _index(sends: list[Send], key: Callable[[Send], Hashable]) -> dict[Hashable, _Timeline]:
    """Sends (already in time order) by `key`, for "the last one before t" lookups."""
    out: dict[Hashable, _Timeline] = {}
    for s in sends:
        line = out.setdefault(key(s), _Timeline([], []))
        line.times.append(s.at)
        line.sends.append(s)
    return out


def _last_before(
    index: dict[Hashable, _Timeline], key: Hashable, at: datetime, inclusive: bool = False
) -> Send | None:
    line = index.get(key)
    if line is None:
        return None
    i = bisect_left(line.times, at)
    if inclusive:
        while i < len(line.times) and line.times[i] == at:
            i += 1
    return line.sends[i - 1] if i else None
