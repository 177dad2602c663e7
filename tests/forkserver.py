"""Start `mailbot` commands as real child processes without paying the imports each time.

    python -m tests.forkserver      # then, on stdin, one JSON line per command:
    {"argv": ["--config", "x.toml", "run", "--once"], "log": "/tmp/child.log"}

For each line it forks, and the child runs mailbot's CLI entry point with that argv,
its stdout and stderr appended to `log`; the server answers `pid <n>` at once and
`exit <code>` when the child has ended (-9 after a SIGKILL). The crash trials kill
these children; starting a fresh interpreter instead would spend ~1.2 s per trial in
imports, a phase where a kill can break nothing. The server imports mailbot only, no
threads run in it, so forking it is safe.
"""

from __future__ import annotations

import json
import os
import sys


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


if __name__ == "__main__":
    serve()
