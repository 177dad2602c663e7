"""Time and peak memory of parse + classify on hostile sizes (see bench/README.md).

    python bench/hostile_bench.py                 # 50 MB message, 10,000 MIME parts
    python bench/hostile_bench.py --mb 10 --parts 2000

Each case runs in this process: the message is built first (not measured), then
raw_from_bytes → parse_message → classify are timed, and run again under tracemalloc
for the peak they allocate on top of the message itself. ru_maxrss is for the whole process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailbot.domain.classify import classify  # noqa: E402
from mailbot.domain.parsing import parse_message, raw_from_bytes  # noqa: E402
from tests.hostile_mail import huge_message, many_alternatives, many_parts  # noqa: E402

ARRIVAL = datetime(2026, 9, 1, tzinfo=UTC)


def measure(name: str, data: bytes) -> str:
    """Times untraced; then the same again under tracemalloc for the peak."""
    t0 = time.perf_counter()
    raw = raw_from_bytes(data, ARRIVAL)
    t1 = time.perf_counter()
    parsed = parse_message(raw)
    t2 = time.perf_counter()
    result = classify(parsed)
    t3 = time.perf_counter()
    tracemalloc.start()
    classify(parse_message(raw_from_bytes(data, ARRIVAL)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (f"| {name} | {len(data) / 2**20:.1f} | {len(raw.parts)} | {t1 - t0:.2f} | "
            f"{t2 - t1:.2f} | {t3 - t2:.3f} | {peak / 2**20:.0f} | {rss:.0f} | "
            f"{result.kind} | {'; '.join(parsed.defects)[:80]} |")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=50)
    ap.add_argument("--parts", type=int, default=10_000)
    args = ap.parse_args()
    print("| case | MB | parts | raw_from_bytes s | parse s | classify s | peak MB "
          "(tracemalloc) | maxrss MB | kind | defects |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(measure(f"{args.parts} MIME parts", many_parts(args.parts)), flush=True)
    pairs = args.parts // 2
    print(measure(f"{pairs} plain+HTML alternatives", many_alternatives(pairs)), flush=True)
    print(measure(f"{args.mb} MB message", huge_message(args.mb)), flush=True)


if __name__ == "__main__":
    main()
