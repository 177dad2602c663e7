"""One crash trial's world: a rig mailbox and store (SQLite or PostgreSQL) with due follow-ups,
the child that sends them, where a kill landed, the recovery, and the checks.
See tests/crashtrials.py for the whole trial.
"""

from __future__ import annotations

import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config, load_config
from mailbot.services.cycle import Cycle
from mailbot.services.outbox import PLANNED, Outbox
from mailbot.services.planning import build_plan
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Message, OutboxMail
from tests.mailgen import T0, mail

if TYPE_CHECKING:
    from tests.crashtrials import CrashTrials

OURS = "sales@gmuv-lighting.cn"
FINAL = {"sent", "failed", "cancelled", "rejected"}
FAULTS = ("slow", "slow", "drop", "reject", "tempfail")  # the rest of the batch accepts
PHASES = {
    "startup": "before the first send (sync, plan, proposals, the first fence)",
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
url = "{db}"

[plan]
workers = 1

[sending]
mode = "live"
min_gap_seconds = 0
jitter_minutes = 0  # the whole batch in one run

[verification]
auto = false  # the customers' domains are invented; lead checks: test_lead_verification.py

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
    kept: str = ""  # the trial's directory, kept when it found a problem


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
        self.url = (trials.new_store(f"crash_{number}") if trials.new_store
                    else f"sqlite:///{self.dir / 'mailbot.db'}")  # fmt: skip
        config = CONFIG.format(db=self.url, ours=OURS, imap=trials.imap,
                               user=self.user.user, smtp=self.smtp)  # fmt: skip
        self.config_file = self.dir / "mailbot.toml"
        self.config_file.write_text(config)
        self.config: Config = load_config(self.config_file)
        self.sessions: sessionmaker[Session] = session_factory(open_engine(self.url))
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
