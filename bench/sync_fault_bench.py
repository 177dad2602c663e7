"""Sync faults at scale: a mailbox that keeps changing while `mailbot sync` is killed.

    python bench/sync_fault_bench.py                       # 5 trials x 15 kills
    python bench/sync_fault_bench.py --trials 20 --kills 30 --preload 400

The trial of tests/integration/test_sync_faults.py (1 trial, 5 kills there) at a larger
N, on the test rig's Dovecot; tests/integration/churn.py says what the churn does and
what is checked. Prints a Markdown table, one row per trial (its seed reproduces it),
and every problem found; exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO)]  # tests.rig, tests.integration.churn

import structlog  # noqa: E402

from tests.integration.churn import churn_and_kill  # noqa: E402
from tests.rig.dovecot import DovecotServer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--kills", type=int, default=15, help="SIGKILLed syncs per trial")
    parser.add_argument("--preload", type=int, default=300, help="messages before the churn")
    parser.add_argument("--seed", type=int, default=1, help="trial k uses seed + k")
    parser.add_argument(
        "--exec", action="store_true", help="start each child as `python -m mailbot` (not forked)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # unwind: stop the server
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    print("| seed | kills mid-sync | appends | flags | expunges | moves | copies "
          "| places on server | messages stored | seconds | problems |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    problems: list[str] = []
    with DovecotServer() as imap:
        for k in range(args.trials):
            seed = args.seed + k
            user = imap.new_user(f"churn-{seed}")
            started = time.monotonic()
            with tempfile.TemporaryDirectory(prefix="mailbot-syncfault-") as tmp:
                got = churn_and_kill(user, Path(tmp), seed, args.kills, args.preload,
                                     fork=not args.exec)  # fmt: skip
            user.close()
            found = got.problems()
            problems += [f"seed {seed}: {p}" for p in found]
            c = got.counts
            print(f"| {seed} | {got.landed}/{args.kills} | {c['append']} | {c['flag']} "
                  f"| {c['expunge']} | {c['move']} | {c['copy']} | {len(got.server)} "
                  f"| {len(got.rows)} | {time.monotonic() - started:.0f} | {len(found)} |",
                  flush=True)  # fmt: skip
    for problem in problems:
        print(f"- {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
