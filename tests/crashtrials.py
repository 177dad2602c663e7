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
One trial's mailbox, store, checks: tests/crashbatch.py; the children: tests/forkserver.py.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.crashbatch import FAULTS, PHASES, Batch, Trial
from tests.forkserver import Launcher
from tests.rig.dovecot import DovecotServer
from tests.rig.smtp import SmtpServer


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
        return [f"trial {t.number} ({t.phase}, kept in {t.kept}): {p}"
                for t in self.trials for p in t.problems]  # fmt: skip

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
        new_store: Callable[[str], str] | None = None,
    ) -> None:
        assert customers > len(FAULTS), "the batch needs accepting recipients too"
        self.imap, self.smtp, self.workdir = imap, smtp, workdir
        self.rng = random.Random(seed)
        self.customers, self.forced_every = customers, forced_every
        self.new_store = new_store  # a trial's store URL by name; None: a SQLite file
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
            result.kept = str(batch.dir)  # the store, config and child log, to look into
        else:
            batch.cleanup()
        return result

    def _wait(self, child: int, done) -> None:
        """Until `done(messages at the sink)` holds, or the child has ended."""
        while self.launcher.alive(child):
            if self.smtp.wait_until(done, timeout=0.05) is not None:
                return
