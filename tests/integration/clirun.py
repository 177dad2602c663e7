"""The `mailbot` command in a real process, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys


def mailbot(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mailbot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=300,  # a hang guard: `demo` takes ~45 s on SQLite, ~2 min on PostgreSQL
    )
