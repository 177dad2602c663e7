"""A store prepared for `mailbot status` and the HTTP endpoint: known figures at NOW.

The seller is in China (UTC+8): at NOW (12:00 UTC, 20:00 in Shanghai) "today" began
at 16:00 UTC the day before, so a mail sent at 14:00 UTC yesterday counts in the
last 24 hours but not today.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from mailbot.store.models import Customer, Folder, OutboxMail
from mailbot.store.service import SENDER, record, take_lease

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
HOLDER = "mailbot-host:42:abcd1234"
LEASE_UNTIL = NOW + timedelta(minutes=4)
CONFIG = {
    "company": {"name": "Guangming UV", "country": "CN", "own_domains": ["gmuv-lighting.cn"]},
    "sending": {"daily_cap": 40},
    "verification": {"auto": False},
    "mailboxes": [
        {"name": n, "address": f"{n}@gmuv-lighting.cn",
         "imap": {"host": "127.0.0.1", "username": n, "security": "none"}}
        for n in ("sales", "support")
    ],
}  # fmt: skip
# what the store holds, as the report should count it
OUTBOX = {"planned": 2, "approval": 1, "sending": 0, "unknown": 1, "failed": 1, "sent": 5,
          "rejected": 0, "cancelled": 1}  # fmt: skip
SENDS = {"sales": (2, 3), "support": (1, 1)}  # mailbox → (today, last 24 h)


def prepare(sessions: sessionmaker[Session]) -> None:
    h = timedelta(hours=1)
    sent = [("sales", NOW - h), ("sales", NOW - 19 * h), ("sales", NOW - 22 * h),
            ("sales", NOW - 30 * h), ("support", NOW - 2 * h)]  # fmt: skip
    with sessions.begin() as s:
        customer = Customer(key="acme-lighting.de", kind="company", first_seen=NOW - 900 * h)
        s.add(customer)
        s.flush()
        rows = [(box, "sent", at) for box, at in sent]
        rows += [("sales", status, None) for status, n in OUTBOX.items() if status != "sent"
                 for _ in range(n)]  # fmt: skip
        for i, (box, status, at) in enumerate(rows):
            s.add(_mail(s, customer, i, box, status, at))
        s.add(Folder(mailbox="sales", name="INBOX", role="inbox", synced_at=NOW - 600 * _S))
        s.add(Folder(mailbox="sales", name="Sent", role="sent", synced_at=NOW - 300 * _S))
        record(s, NOW - 30 * h, "error", "old news", level="error", mailbox="sales")
        record(s, NOW - 2 * h, "error", "IMAP login to imap.example.com refused.",
               level="error", mailbox="sales")  # fmt: skip
        record(s, NOW - h, "error", "The database was locked.", level="error")
        record(s, NOW - h, "lease_wait", "another process holds the lease", level="warning")
        record(
            s,
            NOW - 5 * 60 * _S,
            "cycle",
            holder=HOLDER,
            figures={"proposed": 3, "sent": 1, "skipped": 0, "failed": 0, "unknown": 0},
        )
    take_lease(sessions, SENDER, HOLDER, NOW - h, timedelta(minutes=5))
    take_lease(sessions, SENDER, HOLDER, NOW - 60 * _S, timedelta(minutes=5))  # renewed


_S = timedelta(seconds=1)


def _mail(s: Session, customer: Customer, i: int, box: str, status: str, at) -> OutboxMail:
    return OutboxMail(
        key=f"test/{i}", kind="followup", customer_id=customer.id, template="gentle_reminder",
        mailbox=box, recipient="hans@acme-lighting.de", subject=f"Mail {i}", status=status,
        due_at=NOW - timedelta(days=2), created_at=NOW - timedelta(days=2), updated_at=NOW,
        sent_at=at,
    )  # fmt: skip
