"""Start `mailbot` commands as real child processes without paying the imports each time.

    python -m tests.forkserver      # then, on stdin, one JSON line per command:
    {"argv": ["--config", "x.toml", "run", "--once"], "log": "/tmp/child.log"}

For each line it forks, and the child runs mailbot's CLI entry point with that argv,
its stdout and stderr appended to `log`; the server answers `pid <n>` at once and
`exit <code>` when the child has ended (-9 after a SIGKILL). The crash trials kill
these children; starting a fresh interpreter instead would spend ~1.2 s per trial in
imports, a phase where a kill can break nothing. The server imports mailbot only, no
threads run in it, so forking it is safe. `Launcher` is the client side (and can start
`python -m mailbot` instead, for comparison).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from mailbot.config import DATABASE_ENV

REPO = Path(__file__).resolve().parents[1]


def serve() -> None:
    from mailbot.cli import main
    from mailbot.cli import run as _run  # noqa: F401  # the command and the services it uses

    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(main, job["argv"], job["log"])
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {os.waitstatus_to_exitcode(status)}", flush=True)


def _child(main, argv: list[str], log: str) -> None:
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    sys.argv = ["mailbot", *argv]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


class Launcher:
    """Starts `mailbot ARGS` as a child process: forked from tests/forkserver.py (imports
    paid once), or with `fork=False` as `python -m mailbot` (a whole interpreter start)."""

    def __init__(self, fork: bool = True) -> None:
        self.server = None
        # Each child's config names its store: no test run's $MAILBOT_DATABASE_URL over it.
        self.env = {k: v for k, v in os.environ.items() if k != DATABASE_ENV}
        if fork:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "tests.forkserver"], cwd=REPO, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=self.env,
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
                    env=self.env,
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


if __name__ == "__main__":
    serve()
