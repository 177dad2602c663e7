"""`postsync.py` for two versions of mailbot, interleaved, on one store.

    python bench/postsync_ab.py STORE.db BEFORE_TREE AFTER_TREE [--rounds 3]

Each tree is a checkout of the repository (`git worktree add` or `git archive | tar x`);
each run imports mailbot from its own tree and works on its own reset copy of STORE.db,
timed by the `postsync.py` beside this file (the same harness and DNS for both).
Runs alternate before/after so a busy host disturbs both alike; prints each run's line
(CPU and wall per step, hashes) and the median CPU per step, and says whether the hashes
of what the two versions wrote were the same in every run.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

LINE = re.compile(r"(inference|lead check|both steps|two steps) ([\d.]+) s CPU")
WALL = re.compile(r"two steps [\d.]+ s CPU / ([\d.]+) s wall")
HASHES = re.compile(r"hashes (\{.*\})")


def run(tree: Path, store: Path, copy: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    argv = [sys.executable, str(Path(__file__).with_name("postsync.py")), str(store), str(copy)]
    done = subprocess.run(argv, env=env, cwd=tree, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    cpu: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    hashes: dict[str, set[str]] = {"before": set(), "after": set()}
    with tempfile.TemporaryDirectory(prefix="postsync-ab-") as tmp:
        for number in range(args.rounds):
            for side in ("before", "after"):
                tree = getattr(args, side)
                line = run(tree.resolve(), args.store.resolve(), Path(tmp) / f"{side}.db")
                print(f"{side} {number + 1}: {line}", flush=True)
                for step, seconds in LINE.findall(line):
                    cpu[side].setdefault(step, []).append(float(seconds))
                for seconds in WALL.findall(line):
                    cpu[side].setdefault("(wall) two steps", []).append(float(seconds))
                hashes[side].update(HASHES.findall(line))
    for side, steps in cpu.items():
        medians = ", ".join(
            f"{k} {statistics.median(v):.2f} s ({min(v):.2f}–{max(v):.2f})"
            for k, v in steps.items()
        )
        print(f"{side}: median CPU {medians}")
    same = len(hashes["before"] | hashes["after"]) == 1
    print("hashes: the same in every run" if same else f"hashes DIFFER: {hashes}")


if __name__ == "__main__":
    main()
