"""Crash trials at scale: kill -9 `mailbot run --once` during a batch of sends, many times.

    python bench/crash_bench.py --trials 300            # ~10 minutes on 2 cores
    python bench/crash_bench.py --trials 30 --exec      # children as `python -m mailbot`

The same trials as tests/integration/test_crash_safety.py (tests/crashtrials.py says
what one trial does and checks), on the test rig's Dovecot and SMTP sink. Prints a
Markdown table of where the kills landed and how the rows ended, and every problem
found; exits 1 if there was one. A trial with a problem keeps its directory (database,
config, child log) under --workdir.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import signal
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO)]  # tests.rig, tests.crashtrials

import structlog  # noqa: E402

from tests.crashtrials import CrashTrials, Trial  # noqa: E402
from tests.rig.dovecot import DovecotServer  # noqa: E402
from tests.rig.smtp import SmtpServer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--customers", type=int, default=8, help="follow-ups per batch")
    parser.add_argument(
        "--slow-seconds",
        type=float,
        default=0.3,
        help="the sink's delay before answering DATA to slow recipients",
    )
    parser.add_argument(
        "--forced-every",
        type=int,
        default=3,
        help="every n-th trial is killed between DATA and commit (0: none)",
    )
    parser.add_argument(
        "--exec", action="store_true", help="start each child as `python -m mailbot` (not forked)"
    )
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # unwind: stop the servers
    # The in-process recovery cycles log every sync; the table is what matters here.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mailbot-crash-"))
    with DovecotServer() as imap, SmtpServer() as smtp:
        tally, timing = run(args, imap, smtp, workdir)
    print(file=sys.stderr)
    print(tally.table())
    print(f"\nseed {args.seed}, {args.customers} follow-ups a batch, slow answer "
          f"{args.slow_seconds:g} s, children {'exec' if args.exec else 'forked'}; "
          f"uninterrupted run: {timing}")  # fmt: skip
    for problem in tally.problems:
        print(f"- {problem}")
    if not tally.problems and args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)  # each trial removed its own dir
    return 1 if tally.problems else 0


def run(args: argparse.Namespace, imap: DovecotServer, smtp: SmtpServer, workdir: Path):
    with CrashTrials(imap, smtp, workdir, seed=args.seed, customers=args.customers,
                     slow_seconds=args.slow_seconds, forced_every=args.forced_every,
                     fork=not args.exec) as trials:  # fmt: skip
        return trials.run(args.trials, progress=_progress), trials.timing


def _progress(trial: Trial) -> None:
    mark = "!" if trial.problems else "." if trial.phase != "exited" else "o"
    print(mark, end="\n" if trial.number % 50 == 0 else "", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
