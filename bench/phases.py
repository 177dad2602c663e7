"""Where a first sync spends its wall time, measured without a profiler's distortion.

    python bench/phases.py --config CFG

Runs one first sync in this process, like `mailbot sync`, with a perf_counter
wrapped around each step: the Message-ID pre-fetch, the header/structure fetch,
the text-part fetch, imapclient's parsing of FETCH responses (its pure-Python
lexer, part of the three fetches), mailbot's parse_message (with HTML→text and
quote splitting inside it), and storing (ingest + commit). cProfile inflates
call-heavy code like imapclient's lexer several times over; these timers cost a
microsecond per call. Prints one JSON line: seconds per phase, calls, the total.
"""

from __future__ import annotations

import argparse
import functools
import json
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import imapclient.imapclient
from sqlalchemy.orm import SessionTransaction

import mailbot.domain.parsing
import mailbot.services.sync
from mailbot.adapters.imap import ImapMailbox
from mailbot.config import load_config
from mailbot.log import configure_logging
from mailbot.services.ingest import Ingestor
from mailbot.store.db import open_engine, session_factory

SECONDS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(owner: Any, name: str, label: str) -> None:
    """Replace owner.name by a wrapper adding its wall time to SECONDS[label]."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SECONDS[label] += time.perf_counter() - started
            CALLS[label] += 1

    setattr(owner, name, wrapper)


def instrument() -> None:
    timed(ImapMailbox, "message_ids", "imap: Message-ID pre-fetch")
    timed(ImapMailbox, "fetch", "imap: fetch (headers+structure+text)")
    timed(ImapMailbox, "_fill_parts", "imap: text parts fetch")
    timed(imapclient.imapclient, "parse_fetch_response", "imapclient: response parsing")
    timed(mailbot.services.sync, "parse_message", "parse_message")
    timed(mailbot.domain.parsing, "get_text", "parse_message: inscriptis HTML→text")
    timed(mailbot.domain.parsing, "split_reply", "parse_message: split_reply")
    timed(Ingestor, "ingest_batch", "store: ingest_batch")
    timed(SessionTransaction, "commit", "store: commit")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, type=Path)
    args = ap.parse_args()
    config = load_config(args.config)
    configure_logging(config.logging.level, config.logging.format)
    sessions = session_factory(open_engine(config.database_url()))
    mailbox = config.mailboxes[0]
    job = mailbot.services.sync.MailboxSync(config, mailbox, sessions, lambda: datetime.now(UTC))
    instrument()
    started = time.perf_counter()
    with ImapMailbox(mailbox.imap) as imap:
        reports = job.run(imap)
    total = time.perf_counter() - started
    print(
        json.dumps(
            {
                "total": total,
                "stored": sum(r.stored for r in reports),
                "seconds": dict(SECONDS),
                "calls": dict(CALLS),
            }
        )
    )


if __name__ == "__main__":
    main()
