"""Where a first sync spends its wall time, measured without a profiler's distortion.

    python bench/phases.py --config CFG

Runs one first sync in this process, like `mailbot sync`, with a perf_counter
wrapped around the main steps. Steps marked `top` do not nest in one another, so
with "everything else" they add up to the total; the others are details inside
them. cProfile inflates call-heavy Python code several times over; these timers
cost a microsecond per call. Steps that run in mailbot's parser worker process
are not seen here (the main process only sees itself waiting for the worker).
A step whose function no longer exists is listed as missing, not an error: the
code under test changes. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SECONDS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
DURATIONS: dict[str, list[float]] = defaultdict(list)
PEAK_MB: dict[str, float] = defaultdict(float)  # top-level step → peak summed RSS during it
RUNNING: list[str] = []  # top-level steps entered and not yet left
SPLIT_MB: dict[str, float] = defaultdict(float)  # each side's own peak (not at the same moment)

# (module, attribute path, label, top-level)
STEPS = [
    ("mailbot.adapters.imap", "ImapMailbox.fetch_meta", "IMAP: headers+structure fetch", True),
    ("mailbot.adapters.imap", "ImapMailbox.fill_parts", "IMAP: text parts fetch", True),
    ("mailbot.adapters.imap", "ImapMailbox.message_ids", "IMAP: Message-ID pre-fetch", True),
    ("concurrent.futures", "Future.result", "waiting for the parser worker", True),
    ("mailbot.services.ingest", "Ingestor.ingest_batch", "store: ingest_batch", True),
    ("sqlalchemy.orm", "SessionTransaction.commit", "store: commit", True),
    ("mailbot.services.profiles", "infer_profiles", "profiles: infer_profiles", True),
    ("mailbot.services.verification", "check_due", "leads: check_due", True),
    ("mailbot.services.aftersync", "LeadsBeside.finish", "leads: finish (beside)", True),
    ("mailbot.adapters.imapwire", "uid_fetch", "imapwire: UID FETCH round trips", False),
    ("mailbot.adapters.imapwire", "parse_fetch", "imapwire: response parsing", False),
    ("imapclient.imapclient", "parse_fetch_response", "imapclient: response parsing", False),
    ("mailbot.store.mailstore", "MailStore.message_ids_known", "store: Message-ID lookups", False),
    ("mailbot.services.pipeline", "parse_batch", "parse_batch (inline only)", False),
    ("mailbot.domain.parsing", "get_text", "inscriptis HTML→text (inline only)", False),
    ("mailbot.domain.parsing", "split_reply", "split_reply (inline only)", False),
]


def timed(owner: Any, name: str, label: str, top: bool) -> None:
    """Replace owner.name by a wrapper adding its wall time to SECONDS[label]."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        if top:
            RUNNING.append(label)
        try:
            return original(*args, **kwargs)
        finally:
            if top:
                RUNNING.remove(label)
            took = time.perf_counter() - started
            SECONDS[label] += took
            CALLS[label] += 1
            DURATIONS[label].append(took)

    setattr(owner, name, wrapper)


def instrument() -> list[str]:
    """Wrap every step that exists; return the labels of those that do not."""
    missing = []
    for module, path, label, _top in STEPS:
        owner: Any = importlib.import_module(module)
        *parents, name = path.split(".")
        try:
            for parent in parents:
                owner = getattr(owner, parent)
            timed(owner, name, label, _top)
        except AttributeError:
            missing.append(label)
    return missing


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # exited meanwhile
        return 0.0
    return next(
        (int(ln.split()[1]) / 1024 for ln in status.splitlines() if ln.startswith("VmRSS:")), 0.0
    )


def _children() -> list[int]:
    me = os.getpid()
    return [
        int(c)
        for t in Path(f"/proc/{me}/task").iterdir()
        for c in (t / "children").read_text().split()
    ]


class MemoryByStep(threading.Thread):
    """Samples this process's and its children's summed RSS every 50 ms and charges it to
    the top-level step running at that moment ("between steps" otherwise): which step
    holds the peak, and does it grow with N?"""

    def __init__(self) -> None:
        super().__init__(daemon=True, name="memory-by-step")
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            main, children = _rss_mb(os.getpid()), sum(_rss_mb(pid) for pid in _children())
            label = RUNNING[-1] if RUNNING else "between steps"
            PEAK_MB[label] = max(PEAK_MB[label], round(main + children, 1))
            SPLIT_MB["main process"] = max(SPLIT_MB["main process"], round(main, 1))
            SPLIT_MB["parse worker"] = max(SPLIT_MB["parse worker"], round(children, 1))


def growth(durations: list[float]) -> float | None:
    """Mean of the last tenth of the calls over the first tenth: does a step slow down
    as the store fills up? (about 1.0: no; 2.0: per-call cost doubled)"""
    tenth = len(durations) // 10
    if tenth < 2:
        return None
    first, last = durations[:tenth], durations[-tenth:]
    return (sum(last) / tenth) / max(sum(first) / tenth, 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, type=Path)
    args = ap.parse_args()
    from mailbot.adapters.imap import ImapMailbox
    from mailbot.config import load_config
    from mailbot.log import configure_logging
    from mailbot.services import profiles, verification
    from mailbot.services.sync import MailboxSync
    from mailbot.store.db import open_engine, session_factory

    config = load_config(args.config)
    configure_logging(config.logging.level, config.logging.format)
    sessions = session_factory(open_engine(config.database_url()))
    mailbox = config.mailboxes[0]
    job = MailboxSync(config, mailbox, sessions, lambda: datetime.now(UTC))
    missing = instrument()
    memory = MemoryByStep()
    memory.start()
    started = time.perf_counter()
    with ImapMailbox(mailbox.imap) as imap:
        reports = job.run(imap)
    try:  # as `mailbot sync` does after the folders
        from mailbot.services.aftersync import LeadsBeside
    except ImportError:  # the code before the lead check ran beside the inference
        with sessions.begin() as session:
            profiles.infer_profiles(session, config, datetime.now(UTC))
        if config.verification.auto:
            with sessions.begin() as session:
                verification.check_due(session, config, datetime.now(UTC))
    else:
        now = datetime.now(UTC)
        leads = LeadsBeside(sessions, config, now) if config.verification.auto else None
        with sessions.begin() as session:
            profiles.infer_profiles(session, config, now)
        if leads is not None:
            leads.finish()
    total = time.perf_counter() - started
    memory.done.set()
    memory.join()
    top = [label for _m, _p, label, is_top in STEPS if is_top]
    print(
        json.dumps(
            {
                "total": total,
                "stored": sum(r.stored for r in reports),
                "seconds": dict(SECONDS),
                "calls": dict(CALLS),
                "growth": {label: growth(d) for label, d in DURATIONS.items()},
                "top": [label for label in top if label in SECONDS],
                "missing": missing,
                "peak_rss_mb": dict(PEAK_MB),
                "peak_rss_split_mb": dict(SPLIT_MB),
            }
        )
    )


if __name__ == "__main__":
    main()
