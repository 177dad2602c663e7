"""Benchmark `mailbot sync` against a private Dovecot filled with N generated messages.

    python bench/sync_bench.py --sizes 10000 50000      # the issue's targets
    python bench/sync_bench.py --sizes 500              # a quick check

For each N, in one run and against one server: fill the Maildir (corpus.py,
fill.py), let Dovecot index it and read every file once (not timed), then per round
time a plain imapclient fetch of every whole message and mailbot's first sync into
a fresh SQLite store, check the store row by row (checks.py), and finally time
no-change incremental syncs on one open connection (incremental.py) and split one
more first sync into its steps (phases.py). If the first sync is slower than 1.5x
the plain fetch, it is run once more under cProfile (profile_sync.py). Results
(report.py): a Markdown table on stdout and bench/results/sync-<N>.md. See README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO)]  # tests.rig; the bench modules are beside this file

from checks import check_store  # noqa: E402
from dnszone import start_dns, verification_section  # noqa: E402
from fill import CorpusStats, fill_maildir, warm_page_cache  # noqa: E402
from measure import ServerCpu, machine_busy, measured  # noqa: E402
from report import (  # noqa: E402
    HEADER,
    TARGET_RATIO,
    Result,
    Round,
    Timed,
    report,
    row_text,
    top_functions,
)

from tests.rig.dns import DnsServer  # noqa: E402
from tests.rig.dovecot import DovecotServer, MailUser  # noqa: E402

PASSWORD_ENV = "MAILBOT_BENCH_IMAP_PW"
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


class Bench:
    def __init__(
        self, args: argparse.Namespace, server: DovecotServer, dns: DnsServer, work: Path
    ) -> None:
        self.args, self.server, self.dns, self.work = args, server, dns, work
        path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        self.env = {**os.environ, "PYTHONPATH": path, PASSWORD_ENV: server.password}
        self.cpu = ServerCpu(server._proc.pid)

    def run(self, n: int) -> Result:
        user = self.server.new_user(f"bench-{n}")
        result = Result(n, CorpusStats(), code_before=code_fingerprint())
        self.prepare(user, result)
        for number in range(1, self.args.rounds + 1):
            result.rounds.append(self.round(user, result.corpus, number))
            note(f"round {number}: {row_text(result, number - 1)}")
        result.nochange = self.nochange(self.work / f"round-{self.args.rounds}" / "mailbot.toml")
        note(f"no-change sync: {result.nochange['median_ms']:.1f} ms median")
        result.phases = self.phases(user)
        if self.should_profile(result):
            self.profile(user, result)
        result.code_after = code_fingerprint()
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
            + verification_section(self.dns)  # the lead check asks the rig, not the host
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
        argv = [sys.executable, str(BENCH / "profile_sync.py"), "--config", str(cfg)]
        run = measured([*argv, "--out", str(out)], self.env, REPO)
        shutil.rmtree(cfg.parent)
        if run.returncode != 0:
            result.profile = f"profiled sync failed (exit {run.returncode}): {run.stderr[-1500:]}"
            return
        info = json.loads(run.stdout)
        result.profile_seconds = info["seconds"]
        inline = "parser inline, " if info["parser_inline"] else ""
        result.profile = f"({inline}{info['stored']} stored)\n" + top_functions(
            out, self.args.profile_top
        )


def code_fingerprint() -> str:
    """A hash of mailbot's source, to tell whether it changed while we measured."""
    digest = hashlib.sha1()
    for path in sorted((REPO / "mailbot").rglob("*.py")):
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


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
    server, dns = DovecotServer(), None
    work = Path(tempfile.mkdtemp(prefix="mailbot-bench-"))
    try:
        server.start()
        dns = start_dns()
        bench = Bench(args, server, dns, work)
        result = bench.run(n)
        text = report(result, args)
        (args.results / f"sync-{n}.md").write_text(text)
        return text
    finally:
        if dns is not None:
            dns.cleanup()
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
            line for t in texts for line in t.splitlines() if re.match(r"\| \d+ \|", line)
        ]
        print("\n".join(["## Summary", *summary]))


if __name__ == "__main__":
    main()
