"""`build_plan` on a real SQLite store: `--at` replay, resets, suppression, tiers, no writes.

Rows are inserted directly (the ingest path has its own tests), so each test states
exactly what the store holds. Expected instants are derived by hand in the comments:
a German customer (holidays.DE has no holiday 2–20 Mar 2026; CET until 29 Mar), opening
hours 09:00–18:00, the seller in Shenzhen (CN, 09:00–18:00 CST), default tiers
(vip 2 / regular 3 / potential 5 business days) and an 08:30–11:00 send window.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select, table
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import parse_config
from mailbot.services.planning import PlanItem, build_plan
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Customer, CustomerAddress, Message, Suppression, Thread
from tests.stores import db_url

CONFIG = parse_config(
    {"company": {"own_addresses": ["sales@gmuv-lighting.cn"], "own_domains": ["gmuv-lighting.cn"]}}
)
OURS = "sales@gmuv-lighting.cn"
S = timedelta(seconds=1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


MON = utc(2026, 3, 2, 9)  # Mon 2 Mar 2026 09:00 UTC = 10:00 CET = 17:00 CST


@dataclass
class Store:
    """A fresh SQLite store and helpers that add customers, contacts and threads."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    _ids: Iterator[int] = field(default_factory=lambda: iter(range(1, 10_000)))

    def customer(self, key: str, country: str | None = "DE", **facts: object) -> int:
        with self.sessions.begin() as s:
            row = Customer(key=key, kind="company", name=key, first_seen=MON - timedelta(days=400),
                           country=country, **facts)  # fmt: skip
            s.add(row)
            s.flush()
            s.add(CustomerAddress(email=f"anna@{key}", customer_id=row.id, first_seen=MON,
                                  last_seen=MON))  # fmt: skip
            return row.id

    def thread(self, cid: int, *mails: tuple[datetime, str, bool]) -> int:
        """Mails are (date, sender, counts as reply); OURS as sender means outbound."""
        with self.sessions.begin() as s:
            first, last = mails[0], mails[-1]
            thread = Thread(customer_id=cid, subject="Quote LED panels", subject_key="quote",
                            started_at=first[0], last_message_at=last[0],
                            last_direction="out" if last[1] == OURS else "in",
                            message_count=len(mails))  # fmt: skip
            s.add(thread)
            s.flush()
            for at, sender, answer in mails:
                out = sender == OURS
                kind = None if out else ("reply" if answer else "auto_reply")
                s.add(Message(message_id=f"<{next(self._ids)}@test>", thread_id=thread.id,
                              customer_id=cid, direction="out" if out else "in",
                              from_email=sender, date=at, stored_at=at, counts_as_reply=answer,
                              kind=kind))  # fmt: skip
            return thread.id

    def add(self, *rows: object) -> None:
        with self.sessions.begin() as s:
            s.add_all(rows)

    def plan(self, now: datetime, customer_id: int | None = None) -> list[PlanItem]:
        with self.sessions() as s:
            return build_plan(s, CONFIG, now, customer_id)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "store.db"
    engine = open_engine(db_url(path))
    yield Store(path, engine, session_factory(engine))
    engine.dispose()


def only(items: list[PlanItem]) -> PlanItem:
    assert len(items) == 1, items
    return items[0]


def ours(at: datetime) -> tuple[datetime, str, bool]:
    return (at, OURS, False)


def theirs(at: datetime, sender: str = "anna@acme.de", answer: bool = True):
    return (at, sender, answer)


# --- (a) --at: mail after `now` does not exist yet --------------------------------------


def test_reply_after_now_is_ignored(store: Store) -> None:
    """One second before their reply the thread awaits them; one second after, us."""
    cid = store.customer("acme.de")
    reply = utc(2026, 3, 4, 10)  # Wed 11:00 CET = 18:00 CST, our closing time
    store.thread(cid, ours(MON), theirs(reply))
    before = only(store.plan(reply - S)).decision
    # potential tier, 5 days from Mon 10:00 CET → Mon 9 Mar 10:00 CET = 09:00 UTC, in the
    # 09:00–11:00 window of a normal Monday.
    assert (before.state, before.action, before.stage) == ("awaiting_customer", "follow_up", 1)
    assert (before.expected_at, before.due_at) == (utc(2026, 3, 9, 9), utc(2026, 3, 9, 9))
    after = only(store.plan(reply + S)).decision
    # We owe 8 seller business hours: 18:00 CST is closing → Thu 5 Mar 09:00 + 8 h = 17:00
    # CST = 09:00 UTC.
    assert (after.state, after.action, after.since) == ("awaiting_us", "reply_by_hand", reply)
    assert after.due_at == utc(2026, 3, 5, 9)


def test_thread_started_after_now_is_not_planned(store: Store) -> None:
    """Replaying a day before our first message: the conversation does not exist yet."""
    store.thread(store.customer("acme.de"), ours(MON))
    assert store.plan(MON - S) == []
    assert len(store.plan(MON)) == 1


def test_absence_ended_after_now_is_not_known_at_now(store: Store) -> None:
    """Replaying Wed 4 Mar: Anna's early return (Thu 5) had not happened yet."""
    cid = store.customer("acme.de")
    store.thread(cid, ours(MON), theirs(utc(2026, 3, 3, 7), answer=False))  # her OOO
    with store.sessions.begin() as s:
        anna = s.get(CustomerAddress, "anna@acme.de")
        assert anna is not None
        anna.absent_since, anna.absent_until = utc(2026, 3, 3, 7), date(2026, 3, 16)
        anna.absence_ended_at = utc(2026, 3, 5, 10)  # she wrote again, by hand, on Thu
    decision = only(store.plan(utc(2026, 3, 4, 12))).decision
    # Known at Wed: away 3–15 Mar. Mon 10:00 CET 8 h; Mon 16–Thu 19 Mar 36 h (44 h);
    # Fri 20 Mar 09:00 + 1 h = 10:00 CET = 09:00 UTC (later than the grace, Tue 17 09:00).
    # The code gives Wed 11 Mar 10:00 CET, as if she were back on Thu 5 already.
    assert (decision.state, decision.expected_at) == ("paused", utc(2026, 3, 20, 9))


# --- (b) staff writing by hand ------------------------------------------------------------


def test_staff_reply_by_hand_resets_the_clock(store: Store) -> None:
    """They answered Tue; staff answered by hand Wed 14:00 CET: the clock runs from then."""
    cid = store.customer("acme.de")
    staff = utc(2026, 3, 4, 13)  # Wed 14:00 CET
    store.thread(cid, ours(MON), theirs(utc(2026, 3, 3, 9)), ours(staff))
    decision = only(store.plan(staff + S)).decision
    # potential: stage 1 waits 5 days (longer than the window learned from one 9 h reply):
    # Wed 4 h, Thu–Tue 4 days, Wed 11 Mar 09:00 + 5 h = 14:00 CET = 13:00 UTC; the morning
    # window has passed → Thu 12 Mar 09:00 CET = 08:00 UTC.
    assert (decision.state, decision.since, decision.stage) == ("awaiting_customer", staff, 1)
    assert (decision.expected_at, decision.due_at) == (utc(2026, 3, 11, 13), utc(2026, 3, 12, 8))


def test_reply_from_another_address_of_the_company_ends_the_wait(store: Store) -> None:
    """We wrote to anna@acme.de; bob@acme.de answered: the customer no longer owes us."""
    cid = store.customer("acme.de")
    store.thread(cid, ours(MON), theirs(utc(2026, 3, 3, 9), "bob@acme.de"))
    decision = only(store.plan(utc(2026, 3, 3, 10))).decision
    assert (decision.state, decision.action) == ("awaiting_us", "reply_by_hand")


# --- (c) suppression ----------------------------------------------------------------------


def test_suppressed_customer_gets_no_action(store: Store) -> None:
    """A whole-customer unsubscribe from Mon 12:00 UTC: suppressed, no action, from then on."""
    cid = store.customer("acme.de")
    store.thread(cid, ours(MON))
    store.add(Suppression(address=None, customer_id=cid, reason="unsubscribe",
                          since=utc(2026, 3, 2, 12)))  # fmt: skip
    decision = only(store.plan(utc(2026, 3, 4, 12))).decision
    assert (decision.state, decision.action, decision.due_at) == ("suppressed", "none", None)
    assert decision.reason == "customer suppressed (unsubscribe)"
    earlier = only(store.plan(utc(2026, 3, 2, 11))).decision  # before the unsubscribe
    assert (earlier.state, earlier.action) == ("awaiting_customer", "follow_up")


def test_customer_without_a_reachable_contact_is_suppressed(store: Store) -> None:
    """Their only contact hard-bounced: nobody to follow up with."""
    cid = store.customer("acme.de")
    store.thread(cid, ours(MON))
    store.add(Suppression(address="anna@acme.de", customer_id=cid, reason="hard_bounce",
                          since=utc(2026, 3, 2, 10)))  # fmt: skip
    decision = only(store.plan(utc(2026, 3, 4, 12))).decision
    assert (decision.state, decision.action) == ("suppressed", "none")
    assert decision.reason == "no reachable contact: hard_bounce"


# --- (d) tiers ----------------------------------------------------------------------------


def test_imported_tier_beats_rules_and_rules_give_vip(store: Store) -> None:
    """3 orders, the last within a year: vip by rule, unless the import says otherwise."""
    recent = date(2026, 1, 15)
    imported = store.customer("imported.de", tier="regular", order_count=3, last_order=recent)
    ruled = store.customer("ruled.de", order_count=3, last_order=recent)
    lapsed = store.customer("lapsed.de", order_count=3, last_order=date(2024, 12, 1))
    for cid in (imported, ruled, lapsed):
        store.thread(cid, ours(MON))
    plan = {i.customer.key: i for i in store.plan(utc(2026, 3, 2, 12))}
    got = {k: (i.customer.tier, i.customer.tier_source) for k, i in plan.items()}
    assert got == {
        "imported.de": ("regular", "import"),
        "ruled.de": ("vip", "rules: 3+ orders and an order within 365 days"),
        "lapsed.de": ("regular", "rules: 1+ orders"),  # last order 15 months ago
    }
    # vip waits 2 days from Mon 10:00 CET → Wed 4 Mar 10:00; regular 3 → Thu 5 Mar 10:00.
    assert plan["ruled.de"].decision.expected_at == utc(2026, 3, 4, 9)
    assert plan["imported.de"].decision.expected_at == utc(2026, 3, 5, 9)
    assert plan["lapsed.de"].decision.expected_at == utc(2026, 3, 5, 9)


# --- (e) unknown country ------------------------------------------------------------------


def test_unknown_country_is_planned_on_an_assumed_utc_calendar(store: Store) -> None:
    """No country: a Mon–Fri 09:00–18:00 UTC week, and the reason says it is assumed."""
    cid = store.customer("mystery.example", country=None)
    store.thread(cid, ours(MON))
    item = only(store.plan(utc(2026, 3, 2, 12)))
    assert (item.customer.country, item.customer.timezone) == (None, "UTC")
    # potential: 5 days from Mon 09:00 UTC → Mon 9 Mar 09:00 UTC, inside the window.
    assert (item.decision.expected_at, item.decision.due_at) == (utc(2026, 3, 9, 9),) * 2
    assert "in UTC (country unknown: assumed)" in item.decision.reason


# --- (f) no side effects ------------------------------------------------------------------


def _fingerprint(store: Store) -> tuple[str, dict[str, int]]:
    """The database file's checksum (WAL folded in) and every table's row count."""
    with store.sessions() as s:
        counts = {
            t: s.scalar(select(func.count()).select_from(table(t))) or 0
            for t in inspect(store.engine).get_table_names()
        }
    store.engine.dispose()  # the last connection closes: SQLite checkpoints the WAL
    assert not Path(f"{store.path}-wal").exists()
    return hashlib.sha256(store.path.read_bytes()).hexdigest(), counts


@pytest.mark.sqlite_only(reason="compares the SQLite file byte for byte")
def test_build_plan_writes_nothing(store: Store) -> None:
    """A plan over every kind of thread leaves the file byte-for-byte unchanged."""
    a = store.customer("acme.de")
    store.thread(a, ours(MON), theirs(utc(2026, 3, 3, 9)), ours(utc(2026, 3, 4, 13)))
    b = store.customer("mystery.example", country=None, order_count=3, last_order=date(2026, 1, 5))
    store.thread(b, ours(MON), theirs(utc(2026, 3, 2, 15), "bob@mystery.example"))
    store.add(Suppression(address=None, customer_id=b, reason="complaint", since=MON))
    before = _fingerprint(store)
    assert before[1]["messages"] == 5 and before[1]["customers"] == 2
    items = store.plan(utc(2026, 3, 6, 12))
    assert len(items) == 2
    assert _fingerprint(store) == before
