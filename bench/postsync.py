"""The two steps `mailbot sync` runs after storing, alone, on a copy of a bench store.

    python bench/postsync.py STORE.db COPY.db [--profile FILE.prof]

STORE.db is a store a first sync left (`sync_bench.py --keep` keeps them, with the
mailbot.toml beside it). The copy's profile watermarks, inferred fields, profile facts
and lead checks are reset, so the profile inference and the lead check do what they do
after a first sync; each runs in its own transaction with a fixed `now` (code with
services/aftersync.py runs them as `mailbot sync` does, the lead check in a second
process beside the inference: one step, "both steps"). Prints one line: CPU (with
waited-for children's) and wall seconds per step, peak RSS, and hashes of what they
wrote (customers, profile facts, lead checks) and of the clues the lead check reads from
the mail, to compare two versions of the code on the same store. The lead check asks the test rig's
dnsmasq serving the corpus's domains (dnszone.py), as sync_bench.py's syncs do; with
`--dns system` the host's resolver instead (the lead checks' hash then depends on its
answers: one that drops packets changes it; the clues' hash does not).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import resource
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# The rig (tests.rig) from this checkout; mailbot from PYTHONPATH (postsync_ab.py times
# another tree's mailbot with this harness), else the installed one.
REPO = str(Path(__file__).resolve().parents[1])
sys.path.insert(0, REPO)
from dnszone import start_dns, verification_section  # noqa: E402

sys.path.remove(REPO)
from sqlalchemy import text  # noqa: E402

from mailbot.config import load_config  # noqa: E402
from mailbot.services import profiles, verification  # noqa: E402
from mailbot.store.db import open_engine, session_factory  # noqa: E402

NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
RESET = """
UPDATE customers SET profiled_through = 0, country = NULL, subdivision = NULL,
    timezone = NULL, languages = '[]';
DELETE FROM profile_facts;
DELETE FROM lead_checks;
"""
WRITTEN = {
    "customers": "SELECT id, country, subdivision, timezone, languages, profiled_through "
    "FROM customers ORDER BY id",
    "facts": "SELECT customer_id, email, field, value, source, confidence, evidence, challenger, "
    "challenger_source, challenger_hits FROM profile_facts ORDER BY customer_id, email, field",
    "checks": "SELECT * FROM lead_checks ORDER BY email",
}


def fresh_copy(store: Path, copy: Path, verification_lines: str) -> Path:
    """The reset copy and a config pointing at it; returns the config's path."""
    shutil.copy(store, copy)
    db = sqlite3.connect(copy)
    db.executescript(RESET)
    db.commit()
    db.close()
    config = copy.with_suffix(".toml")
    kept = (store.parent / "mailbot.toml").read_text().replace(str(store), str(copy))
    # sync_bench.py writes [verification] last; its dnsmasq is gone with the bench
    kept = kept.split("\n[verification]\n", 1)[0]
    config.write_text(kept + verification_lines)
    return config


def _cpu() -> float:
    """User+sys seconds of this process and its waited-for children (the lead check's)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def digest(rows: object) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:12]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("copy", type=Path)
    ap.add_argument("--profile", type=Path)
    ap.add_argument("--dns", choices=["rig", "system"], default="rig")
    args = ap.parse_args()
    dns = start_dns() if args.dns == "rig" else None
    try:
        measure(args, verification_section(dns) if dns else "")
    finally:
        if dns is not None:
            dns.cleanup()


def measure(args: argparse.Namespace, verification_lines: str) -> None:
    config = load_config(fresh_copy(args.store, args.copy, verification_lines))
    sessions = session_factory(open_engine(config.database.url))
    profiler = cProfile.Profile() if args.profile else None
    seconds: dict[str, tuple[float, float]] = {}

    def step(name: str, work: Callable[[], object]) -> None:
        cpu, wall = _cpu(), time.perf_counter()
        if profiler:
            profiler.enable()
        work()
        if profiler:
            profiler.disable()
        seconds[name] = (_cpu() - cpu, time.perf_counter() - wall)

    def infer() -> None:
        with sessions.begin() as session:
            profiles.infer_profiles(session, config, NOW)

    def check() -> None:
        with sessions.begin() as session:
            verification.check_due(session, config, NOW)

    try:  # the code under test runs the lead check beside the inference
        from mailbot.services.aftersync import LeadsBeside
    except ImportError:
        step("inference", infer)
        step("lead check", check)
    else:

        def both() -> None:
            leads = LeadsBeside(sessions, config, NOW)
            infer()
            leads.finish()

        step("both steps", both)
    if profiler:
        profiler.dump_stats(args.profile)
    with sessions() as session:
        emails = list(session.scalars(text("SELECT email FROM customer_addresses ORDER BY email")))
        clues = verification.gather_clues(session, emails, config.own_domains)
    db = sqlite3.connect(args.copy)
    hashes = {name: digest(db.execute(query).fetchall()) for name, query in WRITTEN.items()}
    hashes["clues"] = digest(sorted((a, c.sites, sorted(c.phones)) for a, c in clues.items()))
    times = ", ".join(
        f"{k} {cpu:.2f} s CPU / {wall:.2f} s wall" for k, (cpu, wall) in seconds.items()
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    total = sum(cpu for cpu, _ in seconds.values()), sum(wall for _, wall in seconds.values())
    print(f"{times}; two steps {total[0]:.2f} s CPU / {total[1]:.2f} s wall; "
          f"peak RSS {peak} MB (a child's {child} MB); hashes {hashes}")  # fmt: skip


if __name__ == "__main__":
    main()
