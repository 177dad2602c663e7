"""Minutes of network chaos under a running daemon: the long form of the CI test.

    python bench/chaos_bench.py --seconds 180 --seeds 1 2 3   # ~10 minutes on 2 cores

Runs tests/integration/test_network_faults.py with MAILBOT_CHAOS_SECONDS and
MAILBOT_CHAOS_SEED set, once per seed: a real `mailbot run` whose IMAP and SMTP go
through tests/rig/proxy.py, which cuts every connection at random (seeded) intervals
and refuses new ones for seconds at a time. Each run must pass the test's checks (caught
up within two poll intervals after the chaos, alive, no traceback, one-line errors, no
double send). Prints a Markdown table of cuts and catch-up times; exits 1 if a run failed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST = "tests/integration/test_network_faults.py"
FIGURES = re.compile(r"chaos (\d+) s: (\d+) IMAP and (\d+) SMTP connections cut, (\d+) refused; "
                     r"caught up ([\d.]+) s after")  # fmt: skip
FOLLOW_UP = re.compile(r"follow-up: (\w+) .*, (\d+) at the sink")


def run(seconds: float, seed: int) -> tuple[bool, str]:
    env = {**os.environ, "MAILBOT_CHAOS_SECONDS": str(seconds), "MAILBOT_CHAOS_SEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", TEST, "-q", "-x", "-s", "-p", "no:cacheprovider"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=seconds * 3 + 300,
    )  # fmt: skip
    return done.returncode == 0, done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180, help="chaos per run")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    print("| seed | chaos s | IMAP cuts | SMTP cuts | refused | caught up after s | follow-up "
          "| at the sink | result |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---|---:|---|")
    failed = 0
    for seed in args.seeds:
        ok, output = run(args.seconds, seed)
        found = FIGURES.search(output)
        cells = found.groups() if found else (f"{args.seconds:.0f}", "?", "?", "?", "?")
        sent = FOLLOW_UP.search(output)
        cells += sent.groups() if sent else ("?", "?")
        print(f"| {seed} | " + " | ".join(cells) + f" | {'pass' if ok else 'FAIL'} |", flush=True)
        if not ok:
            failed += 1
            print(output[-4000:], file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
