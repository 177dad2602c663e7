"""Does the store hold what the generator wrote? A benchmark of a wrong sync is worthless.

Reads the SQLite file directly (plain `sqlite3`, no mailbot code) and compares
every row with what `fill.py` recorded for its Message-ID.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fill import CorpusStats, Expected

QUERY = """
SELECT message_id, direction, text, quoted, signature, attachments, html_only,
       internal_date, defects
FROM messages
"""


@dataclass
class StoreCheck:
    messages: int = 0
    locations: int = 0
    threads: int = 0
    customers: int = 0
    with_defects: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)  # check → examples
    counts: dict[str, int] = field(default_factory=dict)  # check → rows failing

    def fail(self, check: str, example: str) -> None:
        self.counts[check] = self.counts.get(check, 0) + 1
        examples = self.failures.setdefault(check, [])
        if len(examples) < 3:
            examples.append(example)

    @property
    def ok(self) -> bool:
        return not self.counts


def check_store(db: Path, stats: CorpusStats) -> StoreCheck:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        result = StoreCheck(
            *(_count(con, t) for t in ("messages", "message_locations", "threads", "customers"))
        )
        seen = set()
        for row in con.execute(QUERY):
            seen.add(row[0])
            expected = stats.expected.get(row[0])
            if expected is None:
                result.fail("unexpected message", row[0])
                continue
            _check_row(result, row, expected)
    finally:
        con.close()
    if result.messages != stats.messages:
        result.fail("row count", f"{result.messages} rows for {stats.messages} messages")
    if result.locations != stats.messages:
        result.fail("location count", f"{result.locations} for {stats.messages} messages")
    for mid in stats.expected.keys() - seen:
        result.fail("missing message", mid)
    return result


def _count(con: sqlite3.Connection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _check_row(result: StoreCheck, row: tuple, expected: Expected) -> None:
    mid, direction, text, quoted, signature, attachments, html_only, internal, defects = row
    want = "in" if expected.folder == "INBOX" else "out"
    if direction != want:
        result.fail("direction", f"{mid}: {direction!r}, expected {want!r}")
    if expected.token not in text or expected.marker not in text:
        everywhere = f"{text}\n{quoted}\n{signature}"
        check = (
            "decoded text (token elsewhere)" if expected.token in everywhere else ("decoded text")
        )
        result.fail(check, f"{mid} ({expected.marker}): text starts {text[:120]!r}")
    if len(json.loads(attachments or "[]")) != expected.attachments:
        result.fail("attachments", f"{mid}: {attachments}, expected {expected.attachments}")
    if bool(html_only) != expected.html_only:
        result.fail("html_only", f"{mid}: {bool(html_only)}, expected {expected.html_only}")
    if _epoch(internal) != expected.when:
        result.fail("internal_date", f"{mid}: {internal}, expected {expected.when}")
    if json.loads(defects or "[]"):
        result.with_defects += 1
        if result.with_defects <= 3:
            result.failures.setdefault("(info) defects", []).append(f"{mid}: {defects}")


def _epoch(value: str | None) -> int | None:
    if not value:
        return None
    return int(datetime.fromisoformat(value[:19]).replace(tzinfo=UTC).timestamp())
