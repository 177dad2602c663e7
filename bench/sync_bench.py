"""Benchmark `mailbot sync` against a private Dovecot filled with N generated messages.

    python bench/sync_bench.py --sizes 10000 50000      # the issue's targets
    python bench/sync_bench.py --sizes 500              # a quick check

For each N, in one run and against one server: fill the Maildir (corpus.py,
fill.py), let Dovecot index it and read every file once (not timed), then per round
time a plain imapclient fetch of every whole message and mailbot's first sync into
a fresh SQLite store, check the store row by row (checks.py), and finally time
no-change incremental syncs on one open connection (incremental.py). If the first
sync is slower than 1.5x the plain fetch, it is run once more under cProfile.
Results: a Markdown table on stdout and bench/results/sync-<N>.md. See README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO)]  # tests.rig; the bench modules are beside this file

from checks import StoreCheck, check_store  # noqa: E402
from fill import CorpusStats, fill_maildir, warm_page_cache  # noqa: E402
from measure import Run, ServerCpu, machine_busy, measured  # noqa: E402

from tests.rig.dovecot import DovecotServer, MailUser  # noqa: E402

PASSWORD_ENV = "MAILBOT_BENCH_IMAP_PW"
TARGET_RATIO, TARGET_NOCHANGE_MS, TARGET_RSS_MB = 1.5, 50.0, 250.0
CONFIG = """\
[company]
own_domains = ["gmuv-lighting.cn"]

[[mailboxes]]
name = "bench"
address = "sales@gmuv-lighting.cn"

[mailboxes.imap]
host = "{host}"
port = {port}
username = "{user}"
password_env = "{password_env}"
security = "none"
batch_size = {batch}
read_timeout = 300.0

[database]
url = "sqlite:///{db}"

[logging]
level = "warning"
format = "json"
"""


@dataclass(frozen=True)
class Timed:
    run: Run
    server_cpu: float  # Dovecot's CPU seconds meanwhile
    other_cpu: float  # CPU seconds of everything else on the machine meanwhile

    @property
    def seconds(self) -> float:
        return self.run.seconds


@dataclass
class Round:
    plain: Timed
    plain_bytes: int
    sync: Timed
    check: StoreCheck

    @property
    def ratio(self) -> float:
        return self.sync.seconds / self.plain.seconds


@dataclass
class Result:
    n: int
    corpus: CorpusStats
    index_seconds: float = 0.0
    rounds: list[Round] = field(default_factory=list)
    nochange: dict | None = None
    profile: str = ""
    phases: dict | None = None
    profile_seconds: float = 0.0
    uid_order_inversions: int = 0


class Bench:
    def __init__(self, args: argparse.Namespace, server: DovecotServer, work: Path) -> None:
        self.args, self.server, self.work = args, server, work
        path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        self.env = {**os.environ, "PYTHONPATH": path, PASSWORD_ENV: server.password}
        self.cpu = ServerCpu(server._proc.pid)

    def run(self, n: int) -> Result:
        user = self.server.new_user(f"bench-{n}")
        result = Result(n, CorpusStats())
        self.prepare(user, result)
        for number in range(1, self.args.rounds + 1):
            result.rounds.append(self.round(user, result.corpus, number))
            note(f"round {number}: {row_text(result, number - 1)}")
        result.nochange = self.nochange(self.work / f"round-{self.args.rounds}" / "mailbot.toml")
        note(f"no-change sync: {result.nochange['median_ms']:.1f} ms median")
        result.phases = self.phases(user)
        if self.should_profile(result):
            self.profile(user, result)
        return result

    # -- preparation (not timed) ------------------------------------------------
    def prepare(self, user: MailUser, result: Result) -> None:
        client = user.client()  # logging in creates the Maildir and the Sent folder
        client.select_folder("Sent", readonly=True)
        user.close()
        home = self.server.root / "home" / user.user
        owner = (self.server.root / "home").stat()  # the rig chowns it to the mail user
        note(f"writing {result.n} messages into {home}/Maildir ...")
        corpus = fill_maildir(home, result.n, self.args.seed, owner.st_uid, owner.st_gid)
        note(f"  {corpus.bytes / 1e6:.0f} MB in {corpus.seconds:.0f} s; indexing ...")
        started = time.perf_counter()
        self.server.doveadm("force-resync", "-u", user.user, "*")
        result.index_seconds = time.perf_counter() - started
        result.uid_order_inversions = self.verify_server(user, corpus)
        warm_page_cache(home)
        result.corpus = corpus

    def verify_server(self, user: MailUser, corpus: CorpusStats) -> int:
        """Dovecot sees every message; returns how many UIDs are out of arrival order."""
        client = user.client()
        inversions = 0
        try:
            for folder, count in corpus.by_folder.items():
                info = client.select_folder(folder, readonly=True)
                if info[b"EXISTS"] != count:
                    raise RuntimeError(
                        f"Dovecot shows {info[b'EXISTS']} in {folder}, wrote {count}"
                    )
                uids = sorted(client.search(["ALL"]))
                ordered = []
                for start in range(0, len(uids), 2000):  # a command line is at most 64 KB
                    dates = client.fetch(uids[start : start + 2000], ["INTERNALDATE"])
                    ordered += [dates[uid][b"INTERNALDATE"] for uid in sorted(dates)]
                inversions += sum(a > b for a, b in zip(ordered, ordered[1:], strict=False))
        finally:
            user.close()
        return inversions

    # -- one round: plain fetch, then mailbot -------------------------------------
    def round(self, user: MailUser, corpus: CorpusStats, number: int) -> Round:
        plain = self.timed_on_server(self.plain_fetch_argv(user), "plain fetch")
        fetched = json.loads(plain.run.stdout)
        if fetched["messages"] != corpus.messages:
            raise RuntimeError(f"plain fetch got {fetched['messages']} of {corpus.messages}")
        cfg = self.write_config(user, self.work / f"round-{number}")
        sync = self.timed_on_server(self.mailbot_argv(cfg, "sync"), "mailbot sync")
        check = check_store(self.db_of(cfg), corpus)
        if number < self.args.rounds:
            shutil.rmtree(cfg.parent)  # keep only the last store (for the no-change runs)
        return Round(plain, fetched["bytes"], sync, check)

    def timed_on_server(self, argv: list[str], what: str) -> Timed:
        server, machine = self.cpu.total(), machine_busy()
        run = measured(argv, self.env, REPO).check(what)
        time.sleep(0.5)  # let Dovecot's master reap the imap process
        server, machine = self.cpu.total() - server, machine_busy() - machine
        return Timed(run, server, max(0.0, machine - server - run.cpu_seconds))

    def plain_fetch_argv(self, user: MailUser) -> list[str]:
        return [
            sys.executable,
            str(BENCH / "plain_fetch.py"),
            "--host",
            user.host,
            "--port",
            str(user.port),
            "--user",
            user.user,
            "--password-env",
            PASSWORD_ENV,
            "--batch",
            str(self.args.batch_size),
        ]

    def mailbot_argv(self, cfg: Path, *command: str, python: list[str] | None = None) -> list[str]:
        return [*(python or [sys.executable]), "-m", "mailbot", "--config", str(cfg), *command]

    def write_config(self, user: MailUser, folder: Path) -> Path:
        folder.mkdir(parents=True)
        cfg = folder / "mailbot.toml"
        cfg.write_text(
            CONFIG.format(
                host=user.host,
                port=user.port,
                user=user.user,
                password_env=PASSWORD_ENV,
                batch=self.args.batch_size,
                db=folder / "mailbot.db",
            )
        )
        return cfg

    @staticmethod
    def db_of(cfg: Path) -> Path:
        return cfg.parent / "mailbot.db"

    # -- no-change sync and profile ---------------------------------------------
    def nochange(self, cfg: Path) -> dict:
        argv = [
            sys.executable,
            str(BENCH / "incremental.py"),
            "--config",
            str(cfg),
            "--runs",
            str(self.args.runs),
        ]
        return json.loads(measured(argv, self.env, REPO).check("no-change sync").stdout)

    def phases(self, user: MailUser) -> dict:
        cfg = self.write_config(user, self.work / "phases")
        argv = [sys.executable, str(BENCH / "phases.py"), "--config", str(cfg)]
        try:
            return json.loads(measured(argv, self.env, REPO).check("phase timing").stdout)
        except RuntimeError as exc:  # keep the numbers measured so far
            note(str(exc)[-2000:])
            return {"error": str(exc).splitlines()[0]}
        finally:
            shutil.rmtree(cfg.parent)

    def should_profile(self, result: Result) -> bool:
        if self.args.profile == "never":
            return False
        slow = any(r.ratio > TARGET_RATIO for r in result.rounds)
        return self.args.profile == "always" or (slow and result.n <= self.args.profile_max)

    def profile(self, user: MailUser, result: Result) -> None:
        note("profiling the first sync under cProfile ...")
        cfg = self.write_config(user, self.work / "profile")
        out = self.args.results / f"sync-{result.n}.prof"
        python = [sys.executable, "-m", "cProfile", "-o", str(out)]
        run = measured(self.mailbot_argv(cfg, "sync", python=python), self.env, REPO)
        if run.returncode != 0:
            result.profile = f"profiled sync failed (exit {run.returncode}): {run.stderr[-1500:]}"
            return
        result.profile_seconds = run.seconds
        result.profile = top_functions(out, self.args.profile_top)


def top_functions(path: Path, top: int) -> str:
    """Top functions by cumulative and by own time, without the entry-point chain.

    The chain from `runpy` down to the per-folder loop holds ~100% of the time and
    says nothing, so functions above 90% of the total are left out.
    """
    stats = pstats.Stats(str(path))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = [
        (ct, tt, nc, _where(file, line, func))
        for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
    ]
    cumulative = sorted((r for r in rows if r[0] < 0.9 * total), reverse=True)[:top]
    own = sorted(rows, key=lambda r: r[1], reverse=True)[:15]
    out = [f"{total:.1f} s profiled in total", ""]
    for title, chosen in (
        (f"top {top} by cumulative time", cumulative),
        ("top 15 by own time", own),
    ):
        out += [f"{title}:", f"{'cum s':>8} {'cum %':>6} {'own s':>8} {'calls':>9}  function"]
        out += [
            f"{ct:8.2f} {ct / total:6.1%} {tt:8.2f} {nc:9d}  {where}"
            for ct, tt, nc, where in chosen
        ]
        out.append("")
    return "\n".join(out)


def _where(file: str, line: int, func: str) -> str:
    for marker in ("site-packages/", f"{REPO}/", f"{sysconfig.get_paths()['stdlib']}/"):
        if marker in file:
            file = file.split(marker, 1)[1]
    return f"{file}:{line}({func})" if line else func


# -- report -----------------------------------------------------------------------
HEADER = (
    "| N | avg msg KB | total MB | round | plain fetch s | mailbot first sync s | ratio "
    "| client CPU s (plain / mailbot) | Dovecot CPU s (plain / mailbot) "
    "| other load CPU s (plain / mailbot) | peak memory MB: mailbot RSS (PSS) / plain RSS "
    "| no-change sync ms (median / max) | store rows |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def row_text(result: Result, index: int) -> str:
    r = result.rounds[index]
    c = result.corpus
    last = index == len(result.rounds) - 1
    nochange = (
        f"{result.nochange['median_ms']:.1f} / {result.nochange['max_ms']:.1f}"
        if last and result.nochange
        else "–"
    )
    rows = f"{r.check.messages} / {c.messages} {'ok' if r.check.ok else 'FAIL'}"
    return (
        f"| {result.n} | {c.average / 1000:.1f} | {c.bytes / 1e6:.0f} | {index + 1} "
        f"| {r.plain.seconds:.1f} | {r.sync.seconds:.1f} | {r.ratio:.2f} "
        f"| {r.plain.run.cpu_seconds:.1f} / {r.sync.run.cpu_seconds:.1f} "
        f"| {r.plain.server_cpu:.1f} / {r.sync.server_cpu:.1f} "
        f"| {r.plain.other_cpu:.1f} / {r.sync.other_cpu:.1f} "
        f"| {r.sync.run.tree_rss_mb:.0f} ({r.sync.run.tree_pss_mb:.0f}) / "
        f"{r.plain.run.tree_rss_mb:.0f} | {nochange} | {rows} |"
    )


def verdicts(result: Result) -> list[str]:
    first = result.rounds[0]
    best = min(r.ratio for r in result.rounds)
    rss = max(r.sync.run.tree_rss_mb for r in result.rounds)
    procs = max(r.sync.run.processes for r in result.rounds)
    ms = result.nochange["median_ms"] if result.nochange else float("nan")
    worst = result.nochange["max_ms"] if result.nochange else float("nan")
    return [
        f"- first sync / plain fetch: round 1 {first.ratio:.2f}, best {best:.2f} "
        f"(target ≤ {TARGET_RATIO}) → {_met(first.ratio <= TARGET_RATIO)}",
        f"- no-change sync median {ms:.1f} ms, max {worst:.1f} ms "
        f"(target ≤ {TARGET_NOCHANGE_MS:.0f} ms) → {_met(ms <= TARGET_NOCHANGE_MS)}",
        f"- peak memory, RSS summed over mailbot's processes (most at once: {procs}): "
        f"{rss:.0f} MB (target ≤ {TARGET_RSS_MB:.0f} MB) → {_met(rss <= TARGET_RSS_MB)}",
    ]


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def corpus_lines(result: Result) -> list[str]:
    c = result.corpus
    langs = ", ".join(f"{k} {v}" for k, v in sorted(c.by_language.items(), key=lambda x: -x[1]))
    folders = ", ".join(f"{k} {v}" for k, v in c.by_folder.items())
    return [
        f"- {c.messages} messages ({folders}) in {c.threads} conversations; "
        f"{c.bytes / 1e6:.1f} MB, average {c.average / 1000:.1f} KB, largest "
        f"{c.largest / 1e6:.2f} MB; {c.with_attachments} with attachments, "
        f"{c.html_only} HTML-only",
        f"- languages: {langs}",
        f"- written in {c.seconds:.0f} s; `doveadm force-resync` {result.index_seconds:.1f} s; "
        f"UIDs out of arrival order: {result.uid_order_inversions}",
    ]


def check_lines(result: Result) -> list[str]:
    lines = []
    for i, r in enumerate(result.rounds, 1):
        c = r.check
        state = (
            "all checks passed"
            if c.ok
            else "FAILED: " + ", ".join(f"{k} ×{v}" for k, v in c.counts.items())
        )
        lines.append(
            f"- round {i}: {c.messages} messages, {c.locations} locations, {c.threads} threads, "
            f"{c.customers} customers, {c.with_defects} with parse defects; {state}"
        )
        for check, examples in c.failures.items():
            lines += [f"  - {check}: `{e}`" for e in examples]
        stderr = r.sync.run.stderr.strip()
        if stderr:
            tail = stderr.splitlines()[-5:]
            lines.append(f"  - mailbot stderr ({len(stderr.splitlines())} lines), last:")
            lines += [f"    `{line[:300]}`" for line in tail]
    return lines


def report(result: Result, bench: Bench) -> str:
    rows = [row_text(result, i) for i in range(len(result.rounds))]
    parts = [
        f"## mailbot sync benchmark, N = {result.n}\n",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}, batch size {bench.args.batch_size}, seed {bench.args.seed}\n",
        HEADER,
        *rows,
        "",
        *verdicts(result),
        "",
        "### Corpus",
        *corpus_lines(result),
        "",
        "### Store check",
        *check_lines(result),
        "",
        "### No-change sync",
        f"- {bench.args.runs} runs after 1 warm-up ({result.nochange['warmup_ms']:.1f} ms) on one "
        f"connection: min {result.nochange['min_ms']:.1f}, median "
        f"{result.nochange['median_ms']:.1f}, max {result.nochange['max_ms']:.1f} ms; "
        f"folders {result.nochange['folders']}",
        f"- the same IMAP commands alone (LIST, LIST SPECIAL-USE, SELECT each folder): median "
        f"{result.nochange['server_median_ms']:.1f} ms — the rest is mailbot's own work",
    ]
    if result.phases:
        parts += ["", *phase_lines(result.phases)]
    if result.profile:
        parts += [
            "",
            f"### cProfile of one first sync ({result.profile_seconds:.1f} s under the profiler)",
            "```",
            result.profile.strip(),
            "```",
        ]
    return "\n".join(parts) + "\n"


def phase_lines(phases: dict) -> list[str]:
    title = "### Where the first sync's time goes (main process, timers, no profiler)"
    if "error" in phases:
        return [title, f"- phase timing failed: {phases['error']}"]
    s, calls, total = phases["seconds"], phases["calls"], phases["total"]
    top = {label: s[label] for label in phases["top"]}
    top["everything else"] = total - sum(top.values())
    lines = [
        title,
        f"- one more first sync into a fresh store: {total:.1f} s, {phases['stored']} stored",
        "",
        "| step | s | share | calls |",
        "|---|---:|---:|---:|",
    ]
    for label, value in top.items():
        lines.append(
            f"| **{label}** | {value:.2f} | {value / total:.0%} | {calls.get(label, '')} |"
        )
    for label, value in sorted(s.items(), key=lambda kv: -kv[1]):
        if label not in top:
            lines.append(f"| ↳ {label} | {value:.2f} | {value / total:.0%} | {calls[label]} |")
    if phases["missing"]:
        lines.append(f"\n(not in this version of the code: {', '.join(phases['missing'])})")
    return lines


def note(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def check_disk(sizes: list[int]) -> None:
    need = max(sizes) * 120_000  # corpus (~52 KB a message) + stores + Dovecot index
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free < need:
        sys.exit(
            f"need about {need / 1e9:.1f} GB free in {tempfile.gettempdir()}, "
            f"have {free / 1e9:.1f} GB"
        )


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument(
        "--rounds", type=int, default=2, help="plain fetch + first sync pairs per size (default 2)"
    )
    ap.add_argument("--runs", type=int, default=20, help="timed no-change syncs (default 20)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument(
        "--profile",
        choices=["auto", "always", "never"],
        default="auto",
        help=f"auto: when the ratio exceeds {TARGET_RATIO} and N <= --profile-max",
    )
    ap.add_argument("--profile-max", type=int, default=10_000)
    ap.add_argument("--profile-top", type=int, default=25)
    ap.add_argument("--results", type=Path, default=BENCH / "results")
    ap.add_argument("--keep", action="store_true", help="keep the temp dirs (printed)")
    return ap.parse_args()


def bench_one(args: argparse.Namespace, n: int) -> str:
    server = DovecotServer()
    work = Path(tempfile.mkdtemp(prefix="mailbot-bench-"))
    try:
        server.start()
        bench = Bench(args, server, work)
        result = bench.run(n)
        text = report(result, bench)
        (args.results / f"sync-{n}.md").write_text(text)
        return text
    finally:
        if args.keep:
            server.stop()
            note(f"kept {server.root} and {work}")
        else:
            server.cleanup()
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    args = parse_args()
    check_disk(args.sizes)
    args.results.mkdir(parents=True, exist_ok=True)
    texts = [bench_one(args, n) for n in args.sizes]
    print("\n".join(texts))
    if len(args.sizes) > 1:
        summary = [HEADER] + [
            line
            for t in texts
            for line in t.splitlines()
            if line.startswith("| ") and not line.startswith("| N ")
        ]
        print("\n".join(["## Summary", *summary]))


if __name__ == "__main__":
    main()
