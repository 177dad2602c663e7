"""Time the reply classifier per message over the labelled corpus (tests/data/replies/).

    python bench/classify_bench.py              # median and p99 per message, by kind
    python bench/classify_bench.py --repeat 20  # more samples per message

Parsing is done once beforehand and not timed: this measures `classify` alone, the
way the ingest pipeline calls it on an already parsed message. One warm-up pass
loads the lazy tables (dateparser's month names, the holiday calendars) first, as
a long-running daemon would have. Target: median ≤ 2 ms per message.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]

from mailbot.domain.classify import Context, classify  # noqa: E402
from mailbot.domain.parsing import parse_message, raw_from_bytes  # noqa: E402

CORPUS = REPO / "tests" / "data" / "replies"
TARGET_MEDIAN_MS = 2.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per message")
    args = parser.parse_args()
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))["files"]
    items = []
    for path, label in sorted(labels.items()):
        msg = parse_message(raw_from_bytes((CORPUS / path).read_bytes()))
        items.append((label["kind"], msg, Context(country=label.get("country"))))
    for _, msg, context in items:  # warm-up: lazy tables and calendars
        classify(msg, context)
    per_message: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, msg, context in items:
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            classify(msg, context)
            runs.append((time.perf_counter() - start) * 1000)
        per_message.append(statistics.median(runs))
        by_kind[kind].append(per_message[-1])
    print(f"{len(items)} messages, {args.repeat} runs each; ms per message (median of runs)")
    print(f"{'kind':17s} {'n':>4s} {'median':>8s} {'p99':>8s} {'max':>8s}")
    for kind, values in sorted(by_kind.items()) + [("all", per_message)]:
        print(
            f"{kind:17s} {len(values):4d} {statistics.median(values):8.3f} "
            f"{percentile(values, 0.99):8.3f} {max(values):8.3f}"
        )
    median = statistics.median(per_message)
    verdict = "ok" if median <= TARGET_MEDIAN_MS else "SLOWER THAN TARGET"
    print(f"median {median:.3f} ms (target ≤ {TARGET_MEDIAN_MS} ms): {verdict}")
    return 0 if median <= TARGET_MEDIAN_MS else 1


if __name__ == "__main__":
    sys.exit(main())
