"""Reading an orders CSV: one order event per row. Pure: text in, events or problems out.

Columns (header row, any order, case-insensitive): `customer` (their domain, an
address or id — required), `event` (ordered, paid, shipped, delivered, returned,
cancelled — required), `date` (ISO date or date-time; a date alone is noon UTC —
required), `ref`, `tracking`, `product`, `contact` (the buyer's address). Unknown
columns are an error, so a typo is not silently ignored. Every problem names its row
(the header is row 1) and column; a file with any problem imports nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from mailbot.config import ORDER_EVENTS

COLUMNS = ("customer", "event", "date", "ref", "tracking", "product", "contact")
REQUIRED = ("customer", "event", "date")
LIMITS = {"ref": 100, "tracking": 200, "product": 200, "contact": 320, "customer": 320}


@dataclass(frozen=True, slots=True)
class OrderRow:
    line: int
    customer: str
    kind: str
    at: datetime
    ref: str = ""
    tracking: str = ""
    product: str = ""
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class OrderFile:
    rows: list[OrderRow]
    problems: list[str]


def read_orders(text: str) -> OrderFile:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    problems = [f"row 1: unknown column {h!r} (known: {', '.join(COLUMNS)})"
                for h in header if h not in COLUMNS]  # fmt: skip
    problems += [f"row 1: missing column {c!r}" for c in REQUIRED if c not in header]
    if problems:
        return OrderFile([], problems)
    rows: list[OrderRow] = []
    for n, raw in enumerate(reader, start=2):
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(cells.values()):
            continue
        row, bad = _row(n, cells)
        problems += bad
        if row is not None:
            rows.append(row)
    return OrderFile(rows, problems)


def _row(n: int, cells: dict[str, str]) -> tuple[OrderRow | None, list[str]]:
    bad = [f"row {n}, column {c!r}: required" for c in REQUIRED if not cells.get(c)]
    bad += [f"row {n}, column {c!r}: longer than {limit} characters"
            for c, limit in LIMITS.items() if len(cells.get(c, "")) > limit]  # fmt: skip
    kind = cells.get("event", "").lower()
    if kind and kind not in ORDER_EVENTS:
        bad.append(f"row {n}, column 'event': {kind!r} is not one of {', '.join(ORDER_EVENTS)}")
    at = None
    if cells.get("date"):
        try:
            at = parse_when(cells["date"])
        except ValueError:
            bad.append(f"row {n}, column 'date': {cells['date']!r} is not an ISO date")
    contact = cells.get("contact", "").lower() or None
    if contact and "@" not in contact:
        bad.append(f"row {n}, column 'contact': {contact!r} is not an email address")
    if bad or at is None:
        return None, bad
    return OrderRow(n, cells["customer"].lower(), kind, at, cells.get("ref", ""),
                    cells.get("tracking", ""), cells.get("product", ""), contact), []  # fmt: skip


def parse_when(text: str) -> datetime:
    """ISO date-time (UTC when no offset), or a date (noon UTC: the same day everywhere
    from UTC−11 to UTC+11)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        at = datetime.fromisoformat(text)
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return datetime.combine(day, time(12), UTC)
