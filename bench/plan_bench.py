"""Benchmark `mailbot plan` over a big store: 100k customers / 300k threads by default.

    python bench/plan_bench.py                                # the issue's target size
    python bench/plan_bench.py --customers 2000 --threads 6000  # quick check

A seeded generator writes the SQLite store directly (not timed; kept in
bench/results/ and reused for the same size and seed): customers spread over 50
countries (one in ten with no country known), one to three contacts each, some
with imported orders and tiers; threads of 1–6 messages alternating between us and
the customer, started uniformly over the `--years` (default 3) before the plan
instant, as in a mailbox with a few years of history: the plan decides the threads
active within `plan.open_days` (180) and learns from the last two years. Some
contacts are out of office, some suppressed. `--years 0.5` makes every thread open
(the worst case). Then `mailbot plan --json --at …` runs as a child process
(`measure.py`): wall time and peak RSS of the whole command, output included.
Target: ≤ 5 s and ≤ 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

from measure import machine_busy, measured  # noqa: E402

from mailbot.domain.hours import ZONES  # noqa: E402
from mailbot.store.db import open_engine  # noqa: E402

AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
COUNTRIES = sorted(ZONES)[:50]
TARGET_S, TARGET_MB = 5.0, 500


def _ts(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")


def build_store(
    path: Path, customers: int, threads: int, years: float, seed: int, body: int = 0
) -> None:
    rng = random.Random(seed)
    open_engine(f"sqlite:///{path}").dispose()  # the schema, by the migrations
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    start = AT - timedelta(days=365 * years)
    cust_rows, addr_rows, thread_rows, msg_rows, supp_rows = [], [], [], [], []
    for cid in range(1, customers + 1):
        country = None if cid % 10 == 0 else COUNTRIES[cid % len(COUNTRIES)]
        orders = rng.choice((0, 0, 0, 1, 2, 5))
        last_order = (AT - timedelta(days=rng.randrange(600))).date() if orders else None
        tier = "vip" if cid % 50 == 0 else None
        cust_rows.append(
            (
                cid,
                f"c{cid}.example",
                "company",
                f"Company {cid}",
                _ts(start),
                country,
                tier,
                orders,
                last_order and last_order.isoformat(),
            )
        )
        for k in range(rng.randint(1, 3)):
            absent = rng.random() < 0.03
            since = AT - timedelta(days=rng.randrange(1, 20)) if absent else None
            until = (since + timedelta(days=rng.randrange(3, 15))).date() if since else None
            status = "undeliverable" if rng.random() < 0.01 else "active"
            addr_rows.append(
                (
                    f"p{k}@c{cid}.example",
                    cid,
                    _ts(start),
                    _ts(AT),
                    status,
                    since and _ts(since),
                    until and until.isoformat(),
                )
            )
        if rng.random() < 0.01:
            supp_rows.append((cid, "unsubscribe", _ts(start)))
    mid = 0
    text = "x" * body  # a real store's rows carry bodies and headers: a few KB each
    for tid in range(1, threads + 1):
        cid = (tid - 1) % customers + 1
        t = start + timedelta(minutes=rng.randrange(int(365 * years * 24 * 60)))
        n = rng.randint(1, 6)
        outbound = rng.random() < 0.6
        first = t
        for _ in range(n):
            mid += 1
            sender = "sales@seller.example" if outbound else f"p0@c{cid}.example"
            msg_rows.append(
                (
                    mid,
                    f"<m{mid}@bench>",
                    tid,
                    cid,
                    "out" if outbound else "in",
                    sender,
                    _ts(t),
                    _ts(t),
                    "human",
                    int(not outbound),
                    text,
                )
            )
            last, last_dir = t, outbound
            t += timedelta(hours=rng.lognormvariate(3, 1))
            outbound = not outbound if rng.random() < 0.8 else outbound
        thread_rows.append(
            (
                tid,
                cid,
                f"Quote {tid}",
                f"quote {tid}",
                _ts(first),
                _ts(last),
                "out" if last_dir else "in",
                n,
            )
        )
    db.executemany(
        "INSERT INTO customers (id, key, kind, name, first_seen, country, tier, order_count,"
        " last_order) VALUES (?,?,?,?,?,?,?,?,?)",
        cust_rows,
    )
    db.executemany(
        "INSERT INTO customer_addresses (email, customer_id, first_seen, last_seen, status,"
        " absent_since, absent_until, name) VALUES (?,?,?,?,?,?,?,'')",
        addr_rows,
    )
    db.executemany(
        "INSERT INTO suppressions (customer_id, reason, since, detail) VALUES (?,?,?,'')", supp_rows
    )
    db.executemany(
        "INSERT INTO threads (id, customer_id, subject, subject_key, started_at,"
        " last_message_at, last_direction, message_count) VALUES (?,?,?,?,?,?,?,?)",
        thread_rows,
    )
    db.executemany(
        "INSERT INTO messages (id, message_id, thread_id, customer_id, direction, from_email,"
        " date, stored_at, kind, counts_as_reply, message_id_derived, from_name, to_emails,"
        " cc_emails, subject, date_from_header, \"references\", text, quoted, signature,"
        " html_only, attachments, size, headers, defects, delivery_status, enclosed_headers)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,0,'','[]','[]','',1,'[]',?,'','',0,'[]',0,'{}','[]','','')",
        msg_rows)  # fmt: skip
    db.commit()
    db.execute("ANALYZE")
    db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--threads", type=int, default=300_000)
    ap.add_argument("--years", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--body-bytes", type=int, default=0,
                    help="each message's text (0: empty; real mail: a few thousand)")  # fmt: skip
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--save", type=Path, metavar="FILE", help="write the plan JSON here")
    args = ap.parse_args()
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    body = f"-{args.body_bytes}b" if args.body_bytes else ""
    db = results / f"plan-{args.customers}-{args.threads}-{args.years:g}y-{args.seed}{body}.db"
    if not db.exists():
        print(f"building {db.name} …", flush=True)
        try:
            build_store(db, args.customers, args.threads, args.years, args.seed, args.body_bytes)
        except BaseException:
            db.unlink(missing_ok=True)
            raise
    config = results / f"plan-{args.customers}.toml"
    config.write_text(f'[company]\nown_domains = ["seller.example"]\n[database]\n'
                      f'url = "sqlite:///{db}"\n[logging]\nlevel = "warning"\n')  # fmt: skip
    argv = [sys.executable, "-m", "mailbot", "--config", str(config), "plan", "--json",
            "--at", AT.isoformat()]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for r in range(1, args.rounds + 1):
        busy, load = machine_busy(), os.getloadavg()[0]
        run = measured(argv, env, REPO).check("mailbot plan")
        others = machine_busy() - busy - run.cpu_seconds  # CPU that other processes used
        items = json.loads(run.stdout)
        states: dict[str, int] = {}
        for item in items:
            states[item["state"]] = states.get(item["state"], 0) + 1
        ok = run.seconds <= TARGET_S and run.tree_rss_mb <= TARGET_MB
        print(f"round {r}: {run.seconds:.2f} s, CPU {run.cpu_seconds:.2f} s (user+sys, all its "
              f"processes), peak RSS {run.tree_rss_mb:.0f} MB; machine: load {load:.2f} before, "
              f"{max(others, 0):.1f} CPU s used by others meanwhile", flush=True)  # fmt: skip
        print(f"  targets {TARGET_S} s, {TARGET_MB} MB: {'met' if ok else 'NOT met'}; "
              f"{len(items)} conversations {states}", flush=True)  # fmt: skip
        if args.save:  # to compare the decisions of two versions of the code
            args.save.write_text(run.stdout)


if __name__ == "__main__":
    main()
