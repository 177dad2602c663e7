"""Time a no-change incremental sync on one open IMAP connection.

    python bench/incremental.py --config CFG [--runs 20]

Run after a complete first sync of the same store: opens one `ImapMailbox`
connection, runs `MailboxSync.run` once to warm up (imports, SQLAlchemy compiled
statement cache, the server's per-connection state), then `--runs` more times,
each timed alone. Every run must find every folder unchanged and store nothing,
otherwise the numbers would measure something else; the script then exits 1.
Then it times the same IMAP commands alone (LIST, LIST SPECIAL-USE, one SELECT per
folder), to tell the server's share from mailbot's, and a STATUS per folder.
Prints one JSON line with the times in milliseconds.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import time
from collections.abc import Callable
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


def server_side(imap: ImapMailbox, reports: list[FolderReport]) -> dict[str, float]:
    """The IMAP round trips of a no-change sync alone, each timed (seconds).

    Also STATUS per folder, which a sync could use instead of SELECT to see that
    nothing changed (with CONDSTORE it reports HIGHESTMODSEQ too).
    """
    steps: dict[str, Callable[[], object]] = {
        "LIST": imap.folders,
        "LIST SPECIAL-USE": imap.sent_folder,
    }
    for report in reports:
        steps[f"SELECT {report.folder}"] = functools.partial(imap.select, report.folder)
    for report in reports:
        items = ["MESSAGES", "UIDNEXT", "UIDVALIDITY"] + ["HIGHESTMODSEQ"] * imap.condstore
        steps[f"STATUS {report.folder}"] = functools.partial(
            imap.client.folder_status, report.folder, items
        )
    out = {}
    for name, step in steps.items():
        started = time.perf_counter()
        step()
        out[name] = time.perf_counter() - started
    return out


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
    commands = {name: statistics.median(run[name] for run in server) * 1000 for name in server[0]}
    sync_commands = sum(v for k, v in commands.items() if not k.startswith("STATUS"))
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
                "server_median_ms": sync_commands,
                "commands_median_ms": commands,
            }
        )
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
