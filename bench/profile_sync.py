"""Profile one first sync with cProfile, all of its work in this one process.

    python bench/profile_sync.py --config CFG --out FILE.prof

mailbot parses and classifies in a forked worker process during a long sync; a
profile of the main process would show it waiting for that worker and hide the
parsing. Here the parser runs inline (`Parser(background=False)`), so the profile
holds every function the sync runs, imports and interpreter start excluded. The
wall time is that of a sync under a profiler: compare shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mailbot.adapters.imap import ImapMailbox
from mailbot.config import load_config
from mailbot.log import configure_logging
from mailbot.services.profiles import infer_profiles
from mailbot.services.sync import MailboxSync
from mailbot.store.db import open_engine, session_factory


def parse_inline() -> bool:
    """Make mailbot's Parser run in-process; False if this version has no Parser."""
    try:
        from mailbot.services import pipeline
    except ImportError:
        return False
    original = pipeline.Parser.__init__

    def inline(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("background", None)
        original(self, *args[:1], background=False, **kwargs)

    pipeline.Parser.__init__ = inline  # type: ignore[method-assign]
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args()
    config = load_config(args.config)
    configure_logging(config.logging.level, config.logging.format)
    sessions = session_factory(open_engine(config.database_url()))
    mailbox = config.mailboxes[0]
    job = MailboxSync(config, mailbox, sessions, lambda: datetime.now(UTC))
    inline = parse_inline()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with ImapMailbox(mailbox.imap) as imap:
        reports = profiler.runcall(job.run, imap)
    with sessions.begin() as session:  # as `mailbot sync` does after the folders
        profiler.runcall(infer_profiles, session, config, datetime.now(UTC))
    seconds = time.perf_counter() - started
    profiler.dump_stats(args.out)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "stored": sum(r.stored for r in reports),
                "parser_inline": inline,
            }
        )
    )


if __name__ == "__main__":
    main()
