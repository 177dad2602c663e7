"""Time a no-change incremental sync on one open IMAP connection.

    python bench/incremental.py --config CFG [--runs 20]

Run after a complete first sync of the same store: opens one `ImapMailbox`
connection, runs `MailboxSync.run` once to warm up (imports, SQLAlchemy compiled
statement cache, the server's per-connection state), then `--runs` more times,
each timed alone. Every run must find every folder unchanged and store nothing,
otherwise the numbers would measure something else; the script then exits 1.
Then it times the same IMAP commands alone (LIST, LIST SPECIAL-USE, one SELECT per
folder), to tell the server's share from mailbot's. Prints one JSON line with the
times in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from mailbot.adapters.imap import ImapMailbox
from mailbot.config import load_config
from mailbot.log import configure_logging
from mailbot.services.sync import FolderReport, MailboxSync
from mailbot.store.db import open_engine, session_factory


def clock() -> datetime:
    return datetime.now(UTC)


def unchanged(reports: list[FolderReport]) -> bool:
    return all(r.unchanged and r.stored == 0 and not r.errors for r in reports)


def server_side(imap: ImapMailbox, reports: list[FolderReport]) -> float:
    """The IMAP round trips of a no-change sync alone (LIST, LIST SPECIAL-USE, SELECTs)."""
    started = time.perf_counter()
    imap.folders()
    imap.sent_folder()
    for report in reports:
        imap.select(report.folder)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, type=Path)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    config = load_config(args.config)
    configure_logging(config.logging.level, config.logging.format)
    sessions = session_factory(open_engine(config.database_url()))
    mailbox = config.mailboxes[0]
    job = MailboxSync(config, mailbox, sessions, clock)
    times, ok = [], True
    with ImapMailbox(mailbox.imap) as imap:
        started = time.perf_counter()
        ok &= unchanged(job.run(imap))
        warmup = time.perf_counter() - started
        for _ in range(args.runs):
            started = time.perf_counter()
            reports = job.run(imap)
            times.append(time.perf_counter() - started)
            ok &= unchanged(reports)
        server = [server_side(imap, reports) for _ in range(args.runs)]
    ms = [t * 1000 for t in times]
    print(
        json.dumps(
            {
                "unchanged": ok,
                "warmup_ms": warmup * 1000,
                "median_ms": statistics.median(ms),
                "max_ms": max(ms),
                "min_ms": min(ms),
                "runs_ms": ms,
                "folders": [r.folder for r in reports],
                "server_median_ms": statistics.median(server) * 1000,
            }
        )
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
