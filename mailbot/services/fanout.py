"""Split read-only work over forked worker processes (the plan over 100k customers).

`fan_out(work, n)` runs `work(k, n)` for k = 0..n-1: share 0 in this process, the
others in forked children that send their result back pickled through a pipe.
Forking copies the loaded modules and config for free; each child opens its own
database connection. Where fork does not exist, or n is 1, everything runs here.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

from mailbot.errors import MailbotError

T = TypeVar("T")


def fan_out(work: Callable[[int, int], T], n: int) -> list[T]:
    if n <= 1 or not hasattr(os, "fork"):
        return [work(0, 1)]
    children: list[tuple[int, int]] = []
    for k in range(1, n):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, report, leave without running atexit hooks
            os.close(read_end)
            _report(write_end, lambda k=k: work(k, n))
        os.close(write_end)
        children.append((pid, read_end))
    try:
        results = [work(0, n)]
    finally:
        collected = [_collect(pid, fd) for pid, fd in children]
    return results + collected


def _report(fd: int, compute: Callable[[], object]) -> None:
    code = 0
    try:
        payload = pickle.dumps(("ok", compute()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - every failure must reach the parent
        payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
        code = 1
    try:
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(code)


def _collect(pid: int, fd: int) -> T:  # type: ignore[type-var]
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        raise MailbotError("a plan worker process died without a result")
    status, value = pickle.loads(data)
    if status != "ok":
        raise MailbotError(f"a plan worker failed: {value}")
    return value  # type: ignore[no-any-return]
