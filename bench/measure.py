"""Run a command as a child process and measure it: wall time, peak memory, CPU.

`os.wait4` returns the resource usage of exactly that child and the children it
reaped (mailbot forks a parser worker): CPU is their sum, `ru_maxrss` the
high-water mark of the largest single process (KiB on Linux). Processes that live
side by side add up, though, so a sampler also sums RSS and PSS over the whole
process tree every 50 ms (PSS splits pages a fork shares, so it does not count
them twice). Output goes to files, not pipes, so a chatty child never blocks.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    argv: list[str]
    returncode: int
    seconds: float
    max_rss_mb: float  # the largest single process (kernel high-water mark)
    tree_rss_mb: float  # sampled peak of the summed RSS of all its processes
    tree_pss_mb: float  # the same, proportional set size
    processes: int  # most processes seen at once
    cpu_seconds: float
    stdout: str
    stderr: str

    def check(self, what: str) -> Run:
        if self.returncode != 0:
            raise RuntimeError(
                f"{what} failed with exit code {self.returncode}: {' '.join(self.argv)}\n"
                f"--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-6000:]}"
            )
        return self


def measured(argv: list[str], env: dict[str, str], cwd: Path) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        memory = TreeMemory(proc.pid)
        memory.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        memory.finish()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        out.seek(0)
        err.seek(0)
        return Run(
            argv=argv,
            returncode=proc.returncode,
            seconds=seconds,
            max_rss_mb=usage.ru_maxrss / 1024,
            tree_rss_mb=max(memory.rss_kb / 1024, usage.ru_maxrss / 1024),
            tree_pss_mb=memory.pss_kb / 1024,
            processes=memory.processes,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


class TreeMemory(threading.Thread):
    """Samples the summed RSS/PSS of a process and its descendants until `finish`."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True, name=f"memory-{pid}")
        self.pid, self.interval = pid, interval
        self.rss_kb = self.pss_kb = self.processes = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pids = _tree(self.pid)
            totals = [_rollup(pid) for pid in pids]
            self.rss_kb = max(self.rss_kb, sum(t[0] for t in totals))
            self.pss_kb = max(self.pss_kb, sum(t[1] for t in totals))
            self.processes = max(self.processes, len(pids))
            self._done.wait(self.interval)

    def finish(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # exited meanwhile
            continue
    return found


def _rollup(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB of one process; zeros if it is gone or a zombie."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


class ServerCpu:
    """CPU used by a server and all its (reaped) children, e.g. Dovecot's imap processes.

    Dovecot's master reaps each imap process when its connection ends, so the
    process's CPU time lands in the master's cutime/cstime.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.tick = os.sysconf("SC_CLK_TCK")

    def total(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
        return (utime + stime + cutime + cstime) / self.tick


def machine_busy() -> float:
    """CPU seconds all processes on this machine have used since boot (from /proc/stat).

    Compared with what the measured child and the server used over the same span,
    it shows how much else ran meanwhile, i.e. whether a run was disturbed.
    """
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
