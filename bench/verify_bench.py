"""Benchmark lead verification: 1,000 addresses on 200 domains against a local dnsmasq.

    python bench/verify_bench.py                     # the issue's size; target ≤ 10 s
    python bench/verify_bench.py --domains 20 --per-domain 5   # quick check

A seeded generator makes the domains and their records, served by the test rig's
dnsmasq (tests/rig/dns.py) on 127.0.0.1: most are companies with MX, MX host and
website; the rest only-A, null MX, MX to a missing host, NXDOMAIN, SERVFAIL (a zone
whose server fails), plus free-mail and a disposable domain. Addresses are
`--per-domain` people and role mailboxes per domain. Each round then runs
`mailbot verify ADDRESS… --json` as a child process (`measure.py`: wall time from
start to exit, interpreter start and migrations included, and peak RSS) into a
fresh SQLite store, and checks every verdict against the kind of its domain.
The per-domain cache makes 1,000 addresses cost about one domain's questions each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

from measure import measured  # noqa: E402

from tests.rig.dns import DnsServer, Record  # noqa: E402

TARGET_S = 10.0
# kind of domain → share of the domains, and the verdict its addresses must get
KINDS = {
    "company": (0.70, "valid"),
    "only_a": (0.06, "valid"),
    "null_mx": (0.05, "invalid"),
    "missing_mx": (0.05, "invalid"),
    "nxdomain": (0.05, "invalid"),
    "servfail": (0.04, "unknown"),
    "no_website": (0.05, "valid"),
}
PEOPLE = ["anna", "hans.mueller", "li.wei", "maria", "raj.patel", "omar", "kenji", "sofia"]


def domains_and_records(count: int, seed: int) -> tuple[dict[str, str], list[Record]]:
    """`count` domains: name → kind, and the dnsmasq records that make them so."""
    rng = random.Random(seed)
    kinds = [k for k, (share, _) in KINDS.items() for _ in range(round(share * count))]
    kinds = (kinds + ["company"] * count)[:count]
    rng.shuffle(kinds)
    domains, records = {}, []
    for n, kind in enumerate(kinds):
        name = f"firm{n:04d}-{rng.choice(['trade', 'light', 'parts', 'tech'])}.example"
        domains[name] = kind
        records += _records(name, kind, n)
    return domains, records


def _records(name: str, kind: str, n: int) -> list[Record]:
    ip = f"192.0.2.{n % 250 + 1}"
    if kind == "company":
        return [(name, "MX", f"10 mx.{name}"), (f"mx.{name}", "A", ip), (name, "A", ip),
                (f"www.{name}", "A", ip)]  # fmt: skip
    if kind == "only_a":
        return [(name, "A", ip)]
    if kind == "null_mx":
        return [(name, "MX", "0 .")]
    if kind == "missing_mx":
        return [(name, "MX", f"10 gone.{name}"), (name, "A", ip)]
    if kind == "nxdomain":
        return [(f"other.{name}", "A", ip)]  # the zone exists, the name does not
    if kind == "servfail":
        return [(name, "SERVFAIL", "")]
    return [(name, "MX", f"10 mx.{name}"), (f"mx.{name}", "A", ip)]  # no_website


def addresses(domains: dict[str, str], per_domain: int, seed: int) -> dict[str, str]:
    """address → the verdict it must get: people get their domain's; role mailboxes on
    a domain without website are suspicious (0.3 + 0.15)."""
    rng = random.Random(seed + 1)
    out = {}
    for domain, kind in domains.items():
        for k in range(per_domain):
            local = "info" if k == 0 else f"{rng.choice(PEOPLE)}{k}"
            verdict = KINDS[kind][1]
            if kind == "no_website" and local == "info":
                verdict = "suspicious"
            out[f"{local}@{domain}"] = verdict
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", type=int, default=200)
    parser.add_argument("--per-domain", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    domains, records = domains_and_records(args.domains, args.seed)
    wanted = addresses(domains, args.per_domain, args.seed)
    extra = {"buyer@gmail.com": "valid", "x1@mailinator.com": "invalid"}
    records += [("gmail.com", "MX", "5 mx.gmail.com"), ("mx.gmail.com", "A", "192.0.2.251")]
    wanted |= extra
    print(f"{len(wanted)} addresses on {len(domains) + len(extra)} domains; "
          f"{len(records)} DNS records; kinds {dict(Counter(domains.values()))}")  # fmt: skip
    with DnsServer(records) as server, tempfile.TemporaryDirectory() as tmp:
        rows = [_round(k, server, Path(tmp), wanted, args.concurrency) for k in range(args.rounds)]
    print("\n| round | addresses | wall s | peak RSS MB | CPU s | verdicts | all as expected |")
    print("|---:|---:|---:|---:|---:|---|---|")
    for row in rows:
        print(row)
    return 0


def _round(k: int, server: DnsServer, tmp: Path, wanted: dict[str, str], concurrency: int) -> str:
    folder = tmp / f"round{k}"
    folder.mkdir()
    cfg = folder / "mailbot.toml"
    cfg.write_text(
        f'[verification]\nnameservers = ["{server.host}"]\nport = {server.port}\n'
        f'timeout_seconds = 2\nconcurrency = {concurrency}\n[logging]\nlevel = "warning"\n'
    )
    argv = [sys.executable, "-m", "mailbot", "--config", str(cfg), "verify", *wanted, "--json"]
    run = measured(argv, dict(os.environ), folder).check("mailbot verify")
    got = {o["address"]: o["verdict"] for o in map(json.loads, run.stdout.splitlines())}
    wrong = {a: (v, got.get(a)) for a, v in wanted.items() if got.get(a) != v}
    for address, (want, have) in list(wrong.items())[:5]:
        print(f"  round {k}: {address}: expected {want}, got {have}", file=sys.stderr)
    counts = ", ".join(f"{n} {v}" for v, n in sorted(Counter(got.values()).items()))
    ok = "yes" if not wrong else f"no ({len(wrong)} differ)"
    verdict = "✓" if run.seconds <= TARGET_S else "✗"
    return (f"| {k + 1} | {len(got)} | {run.seconds:.2f} {verdict} | {run.tree_rss_mb:.0f} | "
            f"{run.cpu_seconds:.2f} | {counts} | {ok} |")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
