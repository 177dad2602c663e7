"""Crash trials: `kill -9` a real `mailbot run --once` during a batch of sends, recover, check.

One trial, on the rig (its Dovecot and SMTP sink) and a fresh mailbox and database:

1. Setup: N customers in Germany (one company each) asked on the same morning and were
   quoted the same afternoon, so all N first follow-ups fall due at one instant `at`.
   The history is synced in-process, so the child starts from a synced store.
   The batch mixes SMTP behaviours of the sink (tests/rig/smtp.py): most recipients
   accept, two are `slow…` (the answer to DATA comes `slow_seconds` late), one is
   `drop…` (connection cut after DATA: an honest unknown), one `reject…` (550), one
   `tempfail…` (451 every time: retried until the deadline, then failed).
2. `mailbot run --once --at <at>` starts as a child process (forked from
   tests/forkserver.py, which paid the imports once; `fork=False`: `python -m mailbot`)
   and gets SIGKILL either at a random moment of the batch — after the k-th message
   (k uniform) reached the sink, plus a uniform delay up to the longest gap between two
   messages in an uninterrupted run measured first (k = 0: up to its first message) —
   or, in a forced trial, the instant the sink has stored the message of a `slow…`
   recipient and still holds back its answer: between the end of DATA and the commit.
3. Where the kill landed is read from the store and the sink before recovery (PHASES).
4. Recovery: cycles in-process at `at`, and at the later instants retries wait for,
   until no outbox row is due.
5. Checks: the sink got no Message-ID twice and no outbox key twice; every message it
   got belongs to an outbox row; every row is final (sent, failed, cancelled, rejected)
   or unknown; a sent row has exactly one copy at the sink, an unknown at most one, a
   failed none; a row killed after DATA ends unknown (never resent); every customer has
   one row (no step lost); every sent row's copy is in the store (the thread goes on).

Used by tests/integration/test_crash_safety.py (≥30 trials) and bench/crash_bench.py.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config, load_config
from mailbot.services.cycle import Cycle
from mailbot.services.outbox import PLANNED, Outbox
from mailbot.services.planning import build_plan
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Message, OutboxMail
from tests.mailgen import T0, mail
from tests.rig.dovecot import DovecotServer
from tests.rig.smtp import SmtpServer

REPO = Path(__file__).resolve().parents[1]
OURS = "sales@gmuv-lighting.cn"
FINAL = {"sent", "failed", "cancelled", "rejected"}
FAULTS = ("slow", "slow", "drop", "reject", "tempfail")  # the rest of the batch accepts
PHASES = {
    "startup": "before the first send (imports, sync, plan, fence)",
    "smtp": "a row `sending`, its message not at the server yet",
    "data→commit": "a row `sending`, its message at the server: DATA ended, no commit",
    "copy": "the last send committed, its copy not in Sent/the store yet",
    "between": "between two sends (fence, build) or after the last",
    "exited": "the run ended before the kill",
}
RECOVERY_ROUNDS = 40
CONFIG = """\
[company]
name = "Guangming UV"
own_domains = ["gmuv-lighting.cn"]

[database]
url = "sqlite:///{db}"

[plan]
workers = 1

[sending]
mode = "live"
min_gap_seconds = 0
jitter_minutes = 0  # the whole batch in one run

[[mailboxes]]
name = "sales"
address = "{ours}"
display_name = "Anna Li"

[mailboxes.imap]
host = "{imap.host}"
port = {imap.port}
username = "{user}"
security = "none"
password_env = "MAILBOT_TEST_IMAP_PW"

[mailboxes.smtp]
host = "{smtp.host}"
port = {smtp.port}
username = ""
security = "none"
"""


@dataclass(frozen=True)
class Timing:
    """Seconds, from an uninterrupted run of the batch."""

    first: float  # from the start to the first message at the sink
    gap: float  # the longest wait between two messages at the sink
    total: float  # from the start to the exit

    def __str__(self) -> str:
        return (f"first message after {self.first:.2f} s, longest gap {self.gap:.2f} s, "
                f"exit after {self.total:.2f} s")  # fmt: skip


@dataclass
class Trial:
    """What one trial did and found."""

    number: int
    forced: bool
    phase: str = ""
    delay: float = 0.0  # seconds from start to kill
    statuses: Counter[str] = field(default_factory=Counter)
    unknown_delivered: int = 0  # unknown rows whose message did reach the server
    killed_after_data: int = 0  # rows the kill left `sending` with their message delivered
    duplicates: int = 0  # extra copies at the server, by Message-ID or by outbox key
    recovery_cycles: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class Tally:
    trials: list[Trial] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(t.statuses[status] for t in self.trials)

    @property
    def phases(self) -> Counter[str]:
        return Counter(t.phase for t in self.trials)

    @property
    def problems(self) -> list[str]:
        return [f"trial {t.number} ({t.phase}): {p}" for t in self.trials for p in t.problems]

    def table(self) -> str:
        forced = sum(t.forced for t in self.trials)
        lines = [
            f"crash trials: {len(self.trials)} ({forced} forced into DATA→commit), "
            f"{self.seconds:.1f} s",
            "| kill landed | trials | what it means |",
            "|---|---:|---|",
        ]
        lines += [f"| {p} | {self.phases[p]} | {w} |" for p, w in PHASES.items()]
        lines += [
            "",
            "| rows after recovery | count |",
            "|---|---:|",
            *(f"| {s} | {self.count(s)} |" for s in ("sent", "unknown", "failed", "cancelled")),
            f"| unknown, delivered once | {sum(t.unknown_delivered for t in self.trials)} |",
            f"| duplicates at the server | {sum(t.duplicates for t in self.trials)} |",
            f"| problems | {len(self.problems)} |",
        ]
        return "\n".join(lines)


class Launcher:
    """Starts `mailbot ARGS` as a child process: forked from tests/forkserver.py (imports
    paid once), or with `fork=False` as `python -m mailbot` (a whole interpreter start)."""

    def __init__(self, fork: bool = True) -> None:
        self.server = None
        if fork:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "tests.forkserver"], cwd=REPO, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            )  # fmt: skip
        self.children: dict[int, subprocess.Popen] = {}

    def start(self, args: list[str], log: Path) -> int:
        if self.server is None:
            with log.open("ab") as out:
                child = subprocess.Popen(
                    [sys.executable, "-m", "mailbot", *args],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=out,
                )
            self.children[child.pid] = child
            return child.pid
        assert self.server.stdin and self.server.stdout
        self.server.stdin.write(json.dumps({"argv": args, "log": str(log)}) + "\n")
        self.server.stdin.flush()
        return int(self._answer("pid"))

    def alive(self, pid: int) -> bool:
        if pid in self.children:
            return self.children[pid].poll() is None
        try:
            os.kill(pid, 0)  # the fork server reaps its children at once
        except ProcessLookupError:
            return False
        return True

    def kill(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def wait(self, pid: int) -> int:
        """The exit code; -9 when SIGKILL ended it."""
        if pid in self.children:
            return self.children.pop(pid).wait(timeout=120)
        return int(self._answer("exit"))

    def _answer(self, word: str) -> str:
        assert self.server is not None and self.server.stdout is not None
        line = self.server.stdout.readline().split()
        if len(line) != 2 or line[0] != word:
            raise RuntimeError(f"fork server said {line!r}, expected {word!r}")
        return line[1]

    def close(self) -> None:
        if self.server is not None:
            self.server.stdin.close()  # type: ignore[union-attr]  # it ends at EOF
            self.server.wait(timeout=30)
            self.server.stdout.close()  # type: ignore[union-attr]
            self.server = None


class CrashTrials:
    """Runs trials against a running Dovecot and SMTP sink; `run(n)` returns the tally."""

    def __init__(
        self,
        imap: DovecotServer,
        smtp: SmtpServer,
        workdir: Path,
        seed: int = 1,
        customers: int = 8,
        slow_seconds: float = 0.3,
        forced_every: int = 3,
        fork: bool = True,
    ) -> None:
        assert customers > len(FAULTS), "the batch needs accepting recipients too"
        self.imap, self.smtp, self.workdir = imap, smtp, workdir
        self.rng = random.Random(seed)
        self.customers, self.forced_every = customers, forced_every
        self.smtp.slow_seconds = slow_seconds
        self.timing: Timing | None = None
        os.environ["MAILBOT_TEST_IMAP_PW"] = imap.password  # before the fork server starts
        self.launcher = Launcher(fork)

    def __enter__(self) -> CrashTrials:
        return self

    def __exit__(self, *exc: object) -> None:
        self.launcher.close()

    def run(self, trials: int, progress=None) -> Tally:
        started = time.monotonic()
        self.timing = self.calibrate()
        tally = Tally()
        for n in range(1, trials + 1):
            trial = self.trial(n, forced=self.forced_every > 0 and n % self.forced_every == 0)
            tally.trials.append(trial)
            if progress:
                progress(trial)
        tally.seconds = time.monotonic() - started
        return tally

    # -- one trial -----------------------------------------------------------------------

    def calibrate(self) -> Timing:
        """An uninterrupted run: when the first message reaches the sink, and the longest
        wait between two (a `slow…` answer, a fence, a Sent copy)."""
        batch = Batch(self, 0)
        began = time.time()
        code = self.launcher.wait(batch.spawn())
        arrived = [began] + [r.received_at.timestamp() for r in self.smtp.messages]
        if code != 0 or len(arrived) != batch.reaching_data + 1:
            raise RuntimeError(f"the clean run failed ({code}):\n{batch.log_tail()}")
        batch.cleanup()
        gaps = [b - a for a, b in itertools.pairwise(arrived)]
        return Timing(first=gaps[0], gap=max(gaps[1:]), total=time.time() - began)

    def trial(self, number: int, forced: bool) -> Trial:
        batch = Batch(self, number)
        result = Trial(number, forced)
        began = time.monotonic()
        child = batch.spawn()
        if forced:
            nth = self.rng.randrange(FAULTS.count("slow"))
            self._wait(
                child, lambda got: len([r for r in got if r.rcpt_tos[0].startswith("slow")]) > nth
            )
        else:  # a random moment of the batch: after the k-th message reached the sink
            assert self.timing is not None
            k = self.rng.randrange(batch.reaching_data)
            self._wait(child, lambda got: len(got) >= k)
            span = (0, self.timing.first) if k == 0 else (0, self.timing.gap)
            time.sleep(self.rng.uniform(*span))
        self.launcher.kill(child)
        code = self.launcher.wait(child)
        result.delay = time.monotonic() - began
        result.phase = batch.phase() if code == -signal.SIGKILL else "exited"
        after_data = batch.sending_delivered()
        result.killed_after_data = len(after_data)
        result.recovery_cycles = batch.recover()
        batch.check(result, after_data)
        if result.problems:
            result.problems.append(f"child log: {batch.log}")
        else:
            batch.cleanup()
        return result

    def _wait(self, child: int, done) -> None:
        """Until `done(messages at the sink)` holds, or the child has ended."""
        while self.launcher.alive(child):
            if self.smtp.wait_until(done, timeout=0.05) is not None:
                return


class Batch:
    """One trial's mailbox, database and child process."""

    def __init__(self, trials: CrashTrials, number: int) -> None:
        self.trials, self.smtp = trials, trials.smtp
        self.dir = trials.workdir / f"trial-{number}"
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.user = trials.imap.new_user(f"crash-{number}")
        self.log = self.dir / "child.log"
        self.smtp.clear()
        self.recipients = self._fill(trials.rng, trials.customers)
        # those whose DATA completes: all but `reject…` and `tempfail…`
        self.reaching_data = sum(
            not to.startswith(("reject", "tempfail")) for to in self.recipients
        )
        config = CONFIG.format(db=self.dir / "mailbot.db", ours=OURS, imap=trials.imap,
                               user=self.user.user, smtp=self.smtp)  # fmt: skip
        self.config_file = self.dir / "mailbot.toml"
        self.config_file.write_text(config)
        self.config: Config = load_config(self.config_file)
        self.sessions: sessionmaker[Session] = session_factory(
            open_engine(self.config.database_url())
        )
        self.at = self._synced()

    def _fill(self, rng: random.Random, customers: int) -> list[str]:
        kinds = list(FAULTS) + ["buyer"] * (customers - len(FAULTS))
        rng.shuffle(kinds)  # where in the batch the slow and failing ones come
        recipients = [f"{kind}{i}@company{i}.de" for i, kind in enumerate(kinds)]
        asked, quoted = T0, T0 + timedelta(hours=5)
        inbox, sent = [], []
        for i, to in enumerate(recipients):
            inquiry, subject = f"<inq{i}@company{i}.de>", f"Inquiry {i}: UVC lamps 254nm"
            inbox.append((mail(2 * i, to, OURS, subject, asked, message_id=inquiry), asked))
            sent.append((mail(2 * i + 1, OURS, to, "Re: " + subject, quoted,
                              reply_to_id=inquiry), quoted))  # fmt: skip
        self.user.append("INBOX", inbox)
        self.user.append("Sent", sent)
        return recipients

    def _synced(self) -> datetime:
        """Sync the history at T0 + 1 day; the instant all first follow-ups are due."""
        Cycle(self.config, self.sessions, T0 + timedelta(days=1)).run(self.config.mailboxes)
        with self.sessions() as s:
            plan = build_plan(s, self.config, T0 + timedelta(days=30))
        dues = {i.decision.due_at for i in plan}
        assert len(plan) == len(self.recipients) and len(dues) == 1, dues
        return dues.pop()

    def spawn(self) -> int:
        args = ["--config", str(self.config_file), "run", "--once", "--at", self.at.isoformat()]
        return self.trials.launcher.start(args, self.log)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    # -- reading the state -----------------------------------------------------------

    def rows(self) -> list[OutboxMail]:
        with self.sessions() as s:
            return list(s.scalars(select(OutboxMail).order_by(OutboxMail.id)))

    def delivered(self) -> Counter[str]:
        return Counter(r.message()["Message-ID"] for r in self.smtp.messages)

    def stored(self, message_ids: list[str]) -> set[str]:
        with self.sessions() as s:
            query = select(Message.message_id).where(Message.message_id.in_(message_ids))
            return set(s.scalars(query))

    def phase(self) -> str:
        rows, got = self.rows(), self.delivered()
        sending = [r for r in rows if r.status == "sending"]
        if sending:
            return "data→commit" if sending[0].message_id in got else "smtp"
        tried = [r for r in rows if r.attempts]
        if not tried:
            return "startup"
        last = max(tried, key=lambda r: (r.updated_at, r.id))
        if last.status == "sent" and last.message_id not in self.stored([last.message_id]):
            return "copy"
        return "between"

    def sending_delivered(self) -> set[str]:
        """Keys of rows the kill left `sending` whose message the server has."""
        got = self.delivered()
        return {r.key for r in self.rows() if r.status == "sending" and r.message_id in got}

    # -- recovery and checks -----------------------------------------------------------

    def recover(self) -> int:
        """Cycles until no row is due; retries move the clock to their next attempt."""
        now = self.at
        for done in range(1, RECOVERY_ROUNDS + 1):
            Cycle(self.config, self.sessions, now).run(self.config.mailboxes)
            with self.sessions() as s:
                if Outbox(s).due(now):
                    continue  # e.g. the daily cap: not in this batch, but keep going
                waiting = [r for r in self.rows() if r.status == PLANNED]
            if not waiting:
                return done
            later = min(max(r.due_at, r.next_attempt_at or r.due_at) for r in waiting)
            now = max(now, later.replace(tzinfo=UTC) if later.tzinfo is None else later)
        return RECOVERY_ROUNDS + 1

    def check(self, trial: Trial, after_data: set[str]) -> None:
        rows, got = self.rows(), self.delivered()
        by_id = {r.message_id: r for r in rows if r.message_id}
        trial.statuses = Counter(r.status for r in rows)
        problems = trial.problems
        if trial.recovery_cycles > RECOVERY_ROUNDS:
            problems.append(f"still due after {RECOVERY_ROUNDS} recovery cycles")
        per_key = Counter(by_id[m].key for m in got.elements() if m in by_id)
        trial.duplicates = sum(n - 1 for n in got.values() if n > 1)
        trial.duplicates += sum(n - 1 for n in per_key.values() if n > 1)
        if trial.duplicates:
            problems.append(f"sent twice: {[m for m, n in got.items() if n > 1]}")
        problems += [f"delivered without an outbox row: {m}" for m in got if m not in by_id]
        for r in rows:
            copies = got.get(r.message_id, 0) if r.message_id else 0
            if r.status not in FINAL | {"unknown"}:
                problems.append(f"#{r.id} {r.recipient} left {r.status}")
            elif r.status == "unknown":
                trial.unknown_delivered += copies
                if copies > 1:
                    problems.append(f"#{r.id} unknown with {copies} copies")
            elif copies != (1 if r.status == "sent" else 0):
                problems.append(f"#{r.id} {r.status} with {copies} copies at the server")
            if r.key in after_data and r.status != "unknown":
                problems.append(f"#{r.id} killed after DATA, ends {r.status} (resent?)")
        customers = Counter(r.recipient for r in rows)
        lost = [to for to in self.recipients if customers[to] != 1]
        if lost:
            problems.append(f"customers without exactly one row: {lost}")
        sent = [r.message_id for r in rows if r.status == "sent"]
        missing = set(sent) - self.stored(sent)
        if missing:
            problems.append(f"{len(missing)} sent mail(s) never stored: the thread stalls")

    def cleanup(self) -> None:
        self.user.close()
        self.sessions.kw["bind"].dispose()
        shutil.rmtree(self.dir, ignore_errors=True)
