"""Run a command as a child process and measure it: wall time, peak RSS, CPU.

`os.wait4` returns the resource usage of exactly that child, so peak RSS is the
child's own high-water mark (`ru_maxrss`, KiB on Linux) — not the sum over every
process this benchmark has ever waited for, which `RUSAGE_CHILDREN` would give.
Output goes to files, not pipes, so a chatty child can never block on a full pipe.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    argv: list[str]
    returncode: int
    seconds: float
    max_rss_mb: float
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
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        out.seek(0)
        err.seek(0)
        return Run(
            argv=argv,
            returncode=proc.returncode,
            seconds=seconds,
            max_rss_mb=usage.ru_maxrss / 1024,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


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
