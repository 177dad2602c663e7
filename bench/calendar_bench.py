"""Time the business calendar the way the planner uses it: many customers, 50 countries.

    python bench/calendar_bench.py                  # 100k add_business_days calls
    python bench/calendar_bench.py --calls 500000 --customers 20000

One calendar per simulated customer (spread over 50 countries, some with learned
closures), starts spread over 2026–2027, 1–5 business days each. "cold" includes
building every calendar and every (country, year) working-day table; "warm" repeats
the same calls on the same calendars, as a long-running daemon would. Target: 100k
calls in well under 5 s, cold.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]

from mailbot.domain.calendar import BusinessCalendar, Closure  # noqa: E402
from mailbot.domain.hours import ZONES  # noqa: E402

COUNTRIES = sorted(ZONES)[:50]
TARGET_S = 5.0


def customers(count: int, rng: random.Random) -> list[BusinessCalendar]:
    """Calendars for `count` customers; one in ten has learned a company closure."""
    calendars = []
    for i in range(count):
        closures = ()
        if i % 10 == 0:
            start = date(2026, 1, 1) + timedelta(rng.randrange(700))
            closures = (Closure(start, start + timedelta(rng.randrange(3, 15))),)
        calendars.append(BusinessCalendar(COUNTRIES[i % len(COUNTRIES)], closures=closures))
    return calendars


def workload(calls: int, count: int, rng: random.Random) -> list[tuple[int, datetime, int]]:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        (rng.randrange(count), base + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
         rng.randint(1, 5))
        for _ in range(calls)
    ]  # fmt: skip


def run(calendars: list[BusinessCalendar], work: list[tuple[int, datetime, int]]) -> float:
    started = time.perf_counter()
    for who, t, n in work:
        calendars[who].add_business_days(t, n)
    return time.perf_counter() - started


def time_other(calendars: list[BusinessCalendar], work: list[tuple[int, datetime, int]]) -> None:
    for name, call in (
        ("is_business_moment", lambda c, t, n: c.is_business_moment(t)),
        ("next_opening", lambda c, t, n: c.next_opening(t)),
        ("business_time_between", lambda c, t, n: c.business_time_between(t, t + timedelta(n))),
    ):
        started = time.perf_counter()
        for who, t, n in work:
            call(calendars[who], t, n)
        per = (time.perf_counter() - started) / len(work) * 1e6
        print(f"| {name} (warm) | {per:.1f} µs/call |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = workload(args.calls, args.customers, rng)
    started = time.perf_counter()
    calendars = customers(args.customers, rng)
    build = time.perf_counter() - started
    cold = run(calendars, work)
    warm = run(calendars, work)
    print(f"{args.calls} add_business_days calls, {args.customers} customers, "
          f"{len(COUNTRIES)} countries\n")  # fmt: skip
    print("| measure | value |\n|---|---|")
    print(f"| build {args.customers} calendars | {build:.3f} s |")
    print(f"| cold: first pass (builds year tables) | {cold:.3f} s |")
    print(f"| warm: second pass | {warm:.3f} s ({warm / args.calls * 1e6:.1f} µs/call) |")
    time_other(calendars, work)
    total = build + cold
    verdict = "within" if total < TARGET_S else "OVER"
    print(f"\ncold total {total:.2f} s: {verdict} the {TARGET_S} s target")
    return 0 if total < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
