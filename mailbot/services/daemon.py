"""`mailbot run`: the service. Thin wiring of jobs to an APScheduler 3 scheduler.

- one watcher per mailbox (watcher.py: IDLE, or polling); new mail schedules that
  mailbox's cycle `debounce_seconds` later (debounced, see domain/daemon_timing.py),
  which checks the leads its sync found before it plans (cycle.py);
- the periodic jobs of `daemon_jobs.PERIODIC` (cycle, lead re-checks, event pruning —
  the daily digest joins that list), each guarded: an error is one log line and an `error`
  event, and the job waits longer after each failure in a row;
- mailbox ownership (ownership.py): a replica syncs, watches and sends only the
  mailboxes whose lease it holds, at most its fair share while other replicas live;
  renewed every third of the ttl and again right before each send (`may_send`); a
  dead replica's mailboxes are taken over when their leases expire;
- the "sender" lease (sender_lease.py): the one replica that runs the store-wide
  jobs (digest, lead re-checks, pruning); the others wait and say who holds it;
- reload on SIGHUP or an edited config/template file: checked first, kept if bad;
- SIGTERM/SIGINT: the send in progress finishes and is recorded, then exit 0; a
  second signal exits at once (the outbox marks that send `unknown` next time).

This and the CLI are the only layers that read the wall clock.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import structlog
from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config, Mailbox
from mailbot.domain.daemon_timing import changed_files, debounced, lease_renewal
from mailbot.errors import ConfigError, MailbotError, TemporaryMailboxError
from mailbot.services.cycle import Cycle, Summary
from mailbot.services.daemon_jobs import PERIODIC, JobSpec, status_server
from mailbot.services.job_guard import JobGuard
from mailbot.services.ownership import Ownership
from mailbot.services.reload import Loaded, load_checked, watched_files
from mailbot.services.sender_lease import SenderLease
from mailbot.services.watcher import Watcher
from mailbot.store.service import record

log = structlog.get_logger("mailbot.daemon")
LONGEST_DEBOUNCE = timedelta(seconds=30)  # a steady trickle of mail still gets a cycle


def wall_clock() -> datetime:
    return datetime.now(UTC)


class Daemon:
    def __init__(
        self,
        config_file: Path,
        sessions: sessionmaker[Session],
        names: tuple[str, ...] = (),
        clock: Callable[[], datetime] = wall_clock,
    ) -> None:
        self.config_file, self.sessions, self.names, self.clock = (
            config_file, sessions, names, clock)  # fmt: skip
        self.workdir = Path(tempfile.mkdtemp(prefix="mailbot-daemon-"))
        self.attempt = 0
        try:  # a bad config or template: exit 2 before anything starts
            self.loaded: Loaded = self._load()
            for name in names:
                self.config.mailbox(name)
            if not self.mailboxes():
                raise ConfigError(f"{config_file}: no [[mailboxes]] configured",
                                  "add one; see config.example.toml")  # fmt: skip
        except MailbotError:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise
        self.lease = SenderLease(sessions)
        self.holder = self.lease.holder
        self.ownership = Ownership(sessions, self.holder,
                                   lambda: [m.name for m in self.mailboxes()])  # fmt: skip
        self.stop_event, self.hup = threading.Event(), threading.Event()
        self.reload_lock, self.cycle_lock = threading.Lock(), threading.Lock()
        self.guard = JobGuard(self.clock, self._event, self.stopping, self._retry_cap)
        self.new_mail: dict[str, tuple[datetime, datetime]] = {}
        self.watchers: dict[str, Watcher] = {}
        self.taken: set[str] = set()  # mailboxes taken whose watcher is not listening yet
        self.watch_generation = 0
        self.mtimes = watched_files(config_file)
        # a thread for every job that can run at once (watchers, soon-cycles, cycles of
        # mailboxes just taken, periodic): the lease renewal must never queue behind a cycle
        workers = 3 * len(self.mailboxes()) + len(PERIODIC) + 4
        self.scheduler = BackgroundScheduler(
            timezone=UTC, executors={"default": ThreadPoolExecutor(workers)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )  # fmt: skip
        # our own lines say it: a job's error is caught in `guard.run`, anything else here
        logging.getLogger("apscheduler").setLevel(logging.CRITICAL)
        self.scheduler.add_listener(self._escaped, EVENT_JOB_ERROR)

    @property
    def config(self) -> Config:
        return self.loaded.config

    def mailboxes(self) -> list[Mailbox]:
        return [m for m in self.config.mailboxes if not self.names or m.name in self.names]

    def stopping(self) -> bool:
        return self.stop_event.is_set()

    # -- running ------------------------------------------------------------------

    def serve(self) -> int:
        """Run until SIGTERM/SIGINT; 0 after a graceful stop."""
        self._signals()
        now = self.clock()
        self._event(now, "start", f"{self.holder}: {len(self.mailboxes())} mailbox(es)")
        log.info("daemon_started", holder=self.holder, mailboxes=[m.name for m in self.mailboxes()])
        self.renew_lease(now)
        http = status_server(self.config, self.sessions, self.clock, self.holder)
        if http is not None:
            http.start()
        self._schedule_periodic(first=now)
        self._schedule_watchers()
        self.scheduler.start()
        try:
            while not self.stop_event.wait(0.5):
                if self.hup.is_set():
                    self.hup.clear()
                    self.reload("SIGHUP")
        finally:
            log.info("daemon_stopping", detail="finishing the work in progress")
            self.scheduler.shutdown(wait=True)
            if http is not None:
                http.stop()
            self.lease.release()
            self.ownership.release_all()
            self._event(self.clock(), "stop", f"{self.holder}: stopped on request")
            shutil.rmtree(self.workdir, ignore_errors=True)
            log.info("daemon_stopped")
        return 0

    def _signals(self) -> None:
        def stop(signum: int, _frame: object) -> None:
            if self.stop_event.is_set():
                log.warning("daemon_killed", signal=signal.Signals(signum).name)
                shutil.rmtree(self.workdir, ignore_errors=True)
                os._exit(1)  # the second signal: at once; the outbox's `unknown` covers it
            log.info("daemon_signal", signal=signal.Signals(signum).name)
            self.stop_event.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, lambda _s, _f: self.hup.set())

    def _schedule_periodic(self, first: datetime | None = None) -> None:
        for spec in PERIODIC:
            job_id = f"every:{spec.name}"
            if not spec.enabled(self.config):
                if self.scheduler.get_job(job_id):
                    self.scheduler.remove_job(job_id)
                continue
            every = spec.every(self.config)
            extra = {"next_run_time": first} if first else {}
            self.scheduler.add_job(self._periodic, "interval", args=[spec], id=job_id,
                                   seconds=every.total_seconds(), replace_existing=True,
                                   **extra)  # fmt: skip

    def _periodic(self, spec: JobSpec) -> None:
        if spec.needs_lease and not self.lease.holding:
            return
        self.guard.run(spec.name, spec.every(self.config), lambda now: spec.run(self, now))

    def _escaped(self, event: JobExecutionEvent) -> None:
        """A job's error that `guard.run` did not catch (a bug): one line and an event."""
        exc = event.exception
        log.error("job_crashed", job=event.job_id, error=f"{type(exc).__name__}: {exc}")
        log.debug("job_traceback", job=event.job_id, exc_info=exc)
        self._event(self.clock(), "error", f"{event.job_id} crashed: {type(exc).__name__}: {exc}",
                    level="error")  # fmt: skip

    def _retry_cap(self) -> timedelta:
        return timedelta(minutes=self.config.daemon.retry_max_minutes)

    def _event(self, now: datetime, kind: str, detail: str = "", **kw: Any) -> None:
        try:
            with self.sessions.begin() as session:
                record(session, now, kind, detail, holder=self.holder, **kw)
        except Exception as exc:  # the store is down: the log line must do
            log.error("event_not_recorded", kind=kind, error=f"{type(exc).__name__}: {exc}")

    # -- the cycle ----------------------------------------------------------------

    def run_cycle(self, name: str, force: bool = False) -> None:
        d = self.config.daemon
        interval, poll = timedelta(minutes=d.cycle_minutes), timedelta(seconds=d.poll_seconds)
        self.guard.run(f"cycle:{name}", interval, lambda _now: self._cycle(name), name, force,
                     lost=poll)  # fmt: skip

    def _cycle(self, name: str) -> None:
        # one cycle at a time: sends keep their gap and order; the mailbox is not handed
        # back while its cycle runs
        with self.cycle_lock, self.ownership.busy(name):
            if not self.ownership.owns(name) or self.stopping():
                return
            loaded, now = self.loaded, self.clock()
            mailbox = loaded.config.mailbox(name)
            cycle = Cycle(loaded.config, self.sessions, now, templates=loaded.templates,
                          may_send=lambda: self.may_send(name))  # fmt: skip
            try:
                summary = cycle.run([mailbox])
            except TemporaryMailboxError:
                # a lost connection: the next periodic cycle may be minutes away and the
                # watcher may not see the mail it missed again, so retry after a poll
                poll = timedelta(seconds=loaded.config.daemon.poll_seconds)
                self._cycle_at(name, self.clock() + poll)
                raise
        self._cycle_events(now, name, summary)

    def _cycle_events(self, now: datetime, name: str, s: Summary) -> None:
        figures = {"proposed": len(s.proposed), "sent": len(s.sent), "skipped": len(s.skipped),
                   "failed": len(s.failed), "unknown": len(s.unknown)}  # fmt: skip
        with self.sessions.begin() as session:
            if name in s.synced:
                record(session, now, "sync", mailbox=name, holder=self.holder,
                       figures={"stored": s.synced[name]})  # fmt: skip
            record(session, now, "cycle", mailbox=name, holder=self.holder, figures=figures)
        log.info("cycle_done", mailbox=name, **figures, held=s.held or None)

    def on_mail(self, name: str, why: str = "new_mail") -> None:
        """The watcher saw new mail (or may have missed some: `why`): that mailbox's
        cycle soon, once per burst."""
        now = self.clock()
        first, _last = self.new_mail.get(name, (now, now))
        self.new_mail[name] = (first, now)
        quiet = timedelta(seconds=self.config.daemon.debounce_seconds)
        at = debounced(first, now, quiet, LONGEST_DEBOUNCE)
        log.info(why, mailbox=name, cycle_at=at.isoformat())
        self._cycle_at(name, at)

    def _cycle_at(self, name: str, at: datetime) -> None:
        self.scheduler.add_job(self._soon, "date", run_date=at, args=[name], id=f"soon:{name}",
                               replace_existing=True)  # fmt: skip

    def _soon(self, name: str) -> None:
        self.new_mail.pop(name, None)
        self.run_cycle(name, force=True)

    # -- leases: the mailboxes this replica owns, and the sender lease ----------------

    def _ttl(self) -> timedelta:
        return timedelta(seconds=self.config.daemon.lease_seconds)

    def renew_lease(self, now: datetime) -> bool:
        """Renew both; True while this replica holds the sender lease."""
        held = self.lease.renew(now, self._ttl(), lambda: None)
        self.ownership.renew(now, self._ttl(), self._taken)
        return held

    def _taken(self, name: str) -> None:
        if self.scheduler.running:  # not at start: what the old owner left, now
            self.taken.add(name)
            self.scheduler.add_job(self.run_cycle, args=[name], kwargs={"force": True},
                                   id=f"taken:{name}", replace_existing=True)  # fmt: skip

    def _listening(self, name: str) -> None:
        """A taken mailbox's watcher listens now: mail that came between the take-over
        cycle's sync and now was not announced, so one more cycle."""
        if name in self.taken:
            self.taken.discard(name)
            self.on_mail(name, "taken_over")

    def may_send(self, name: str) -> bool:
        """Right before each send: not stopping, and the mailbox renewed just now."""
        return not self.stopping() and self.ownership.renew_one(name, self.clock(), self._ttl())

    # -- watchers -----------------------------------------------------------------

    def _schedule_watchers(self) -> None:
        self.watch_generation += 1
        self.watchers.clear()
        for mailbox in self.mailboxes():
            self._watch_later(mailbox.name, self.watch_generation, self.clock())

    def _watch_later(self, name: str, generation: int, at: datetime) -> None:
        self.scheduler.add_job(self._watch, "date", run_date=at, args=[name, generation],
                               id=f"watch:{name}", replace_existing=True)  # fmt: skip

    def _watch(self, name: str, generation: int) -> None:
        def done() -> bool:
            return (self.stopping() or generation != self.watch_generation
                    or not self.ownership.owns(name))  # fmt: skip

        if self.stopping() or generation != self.watch_generation:
            return
        if not self.ownership.owns(name):  # another replica watches it: look again later
            self._watch_later(name, generation, self.clock() + lease_renewal(self._ttl()))
            return
        d = self.config.daemon
        watcher = self.watchers.get(name) or Watcher(
            self.config.mailbox(name).imap, lambda: self.on_mail(name), done,
            lambda s: self._wait(s, done), d.idle_minutes * 60, d.poll_seconds,
            on_ready=lambda: self._listening(name),
            on_catch_up=lambda: self.on_mail(name, "catch_up"),
        )  # fmt: skip
        self.watchers[name] = watcher
        key = f"watch:{name}"
        poll = timedelta(seconds=d.poll_seconds)
        self.guard.run(key, poll, lambda _now: watcher.watch(), name, force=True, lost=poll)
        if self.stopping() or generation != self.watch_generation:
            return
        wait = timedelta(0)
        if watcher.lost:  # the network, not the account: retry as often as polling would
            wait = poll
        elif key in self.guard.failures:
            wait = self.guard.backoff(key, poll)
        self._watch_later(name, generation, self.clock() + wait)

    def _wait(self, seconds: float, done: Callable[[], bool]) -> bool:
        """Sleep `seconds` in short steps; True as soon as `done()`."""
        left = seconds
        while left > 0 and not done():
            self.stop_event.wait(min(left, 1.0))
            left -= 1.0
        return done()

    # -- reload -------------------------------------------------------------------

    def _load(self) -> Loaded:
        self.attempt += 1
        return load_checked(self.config_file, self.workdir, self.attempt)

    def check_files(self) -> None:
        now = watched_files(self.config_file)
        changed = changed_files(self.mtimes, now)
        self.mtimes = now
        if changed:
            self.reload("changed: " + ", ".join(Path(p).name for p in changed))

    def reload(self, why: str) -> None:
        with self.reload_lock:
            now = self.clock()
            try:
                loaded = self._load()
            except MailbotError as exc:
                what = (exc.args[0] if exc.args else str(exc)).replace("\n", "; ")
                line = f"{what}: kept the running config and templates"
                log.error("reload_failed", why=why, error=line, hint=exc.hint or None)
                self._event(now, "reload_failed", line, level="error")
                return
            accounts = [m.model_dump() for m in self.mailboxes()]
            self.loaded = loaded
            self._schedule_periodic()
            if accounts != [m.model_dump() for m in self.mailboxes()]:
                self._schedule_watchers()
            log.info("reloaded", why=why)
            self._event(now, "reload", why)
