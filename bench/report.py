"""The benchmark's results: what one size measured, and how it is reported.

`Result` holds everything `sync_bench.Bench` measured for one N; `report` turns it
into the Markdown page saved as bench/results/sync-<N>.md.
"""

from __future__ import annotations

import argparse
import os
import pstats
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

from checks import StoreCheck
from fill import CorpusStats
from measure import Run

REPO = Path(__file__).resolve().parent.parent
TARGET_RATIO, TARGET_NOCHANGE_MS, TARGET_RSS_MB = 1.5, 50.0, 250.0


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
    code_before: str = ""
    code_after: str = ""


def top_functions(path: Path, top: int) -> str:
    """Top functions by cumulative and by own time, without the entry-point chain.

    The chain from `MailboxSync.run` down to the per-folder loop holds ~100% of the
    time and says nothing, so functions above 90% of the total are left out.
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
    single = max(r.sync.run.max_rss_mb for r in result.rounds)
    ms = result.nochange["median_ms"] if result.nochange else float("nan")
    worst = result.nochange["max_ms"] if result.nochange else float("nan")
    return [
        f"- first sync / plain fetch: round 1 {first.ratio:.2f}, best {best:.2f} "
        f"(target ≤ {TARGET_RATIO}) → {_met(first.ratio <= TARGET_RATIO)}",
        f"- no-change sync median {ms:.1f} ms, max {worst:.1f} ms "
        f"(target ≤ {TARGET_NOCHANGE_MS:.0f} ms) → {_met(ms <= TARGET_NOCHANGE_MS)}",
        f"- peak memory, RSS summed over mailbot's processes (most at once: {procs}): "
        f"{rss:.0f} MB, largest single process {single:.0f} MB "
        f"(target ≤ {TARGET_RSS_MB:.0f} MB) → {_met(rss <= TARGET_RSS_MB)}",
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


def report(result: Result, args: argparse.Namespace) -> str:
    rows = [row_text(result, i) for i in range(len(result.rounds))]
    parts = [
        f"## mailbot sync benchmark, N = {result.n}\n",
        f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}, batch size {args.batch_size}, seed {args.seed}; "
        f"{code_line(result)}\n",
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
        f"- {args.runs} runs after 1 warm-up ({result.nochange['warmup_ms']:.1f} ms) on one "
        f"connection: min {result.nochange['min_ms']:.1f}, median "
        f"{result.nochange['median_ms']:.1f}, max {result.nochange['max_ms']:.1f} ms; "
        f"folders {result.nochange['folders']}",
        f"- the same IMAP commands alone (LIST, LIST SPECIAL-USE, SELECT each folder): "
        f"{result.nochange['server_median_ms']:.1f} ms (sum of medians) — the rest is "
        f"mailbot's own work",
        "- medians per command: "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in result.nochange["commands_median_ms"].items()),
    ]
    if result.phases:
        parts += ["", *phase_lines(result.phases)]
    if result.profile:
        parts += [
            "",
            f"### cProfile of one first sync, in one process ({result.profile_seconds:.1f} s "
            "under the profiler)",
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
        "| step | s | share | calls | last/first tenth of calls | peak RSS MB during it |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    grew, peaks = phases.get("growth", {}), phases.get("peak_rss_mb", {})
    top["everything else"] = top.pop("everything else")  # stays last
    peaks.setdefault("everything else", peaks.get("between steps"))

    def cells(label: str, value: float) -> str:
        ratio, peak = grew.get(label), peaks.get(label)
        trend = f"{ratio:.2f}×" if ratio is not None else ""
        held = f"{peak:.0f}" if peak is not None else ""
        return f"{value:.2f} | {value / total:.0%} | {calls.get(label, '')} | {trend} | {held} |"

    for label, value in top.items():
        lines.append(f"| **{label}** | {cells(label, value)}")
    for label, value in sorted(s.items(), key=lambda kv: -kv[1]):
        if label not in top:
            lines.append(f"| ↳ {label} | {cells(label, value)}")
    if split := phases.get("peak_rss_split_mb"):
        lines.append("\nEach side's own peak RSS (not at the same moment): " + ", ".join(
            f"{side} {mb:.0f} MB" for side, mb in split.items()))  # fmt: skip
    if phases["missing"]:
        lines.append(f"\n(not in this version of the code: {', '.join(phases['missing'])})")
    return lines


def code_line(result: Result) -> str:
    if result.code_before == result.code_after:
        return f"mailbot source {result.code_before} (unchanged during the run)"
    return (
        f"mailbot source CHANGED during the run ({result.code_before} → {result.code_after}): "
        "numbers may mix two versions"
    )
