"""The lead check's reading, DNS and judging in a second interpreter, its verdicts saved here.

After a sync or an import the profile inference and the lead check are both CPU-bound
and independent (the check reads addresses, mail and lead checks; the inference writes
customers' fields and profile facts), so `aftersync.py` runs the check here while this
process infers. The child is a fresh interpreter (`python -m mailbot.services.leadproc`),
not a fork: a forked child starts with the parent's pages, and the sync's summed-RSS
target counts every process. It imports only what the check needs and never writes:
its verdicts come back through a temporary file, CHUNK at a time, and the parent saves
them once the child has finished. A child that fails or dies saves nothing; the
addresses stay due and the next run checks them.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING, Any

from mailbot.errors import ConfigError, MailbotError

if TYPE_CHECKING:  # the check's rules stay out of the parent until it saves
    from mailbot.config import Config
    from mailbot.domain.leadcheck import LeadVerdict


FAILED = 3  # the child's exit code when it could say why (its last record)


class LeadCheckFailed(MailbotError):
    """The lead check's process failed or died: none of its verdicts were saved."""


class LeadCheckApart:
    """One lead check running in a child interpreter. `verdicts()` waits for it."""

    def __init__(self, url: str, config: Config, addresses: Sequence[str]) -> None:
        self.started = time.perf_counter()
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by verdicts() or stop()
        job = {"url": url, "config": _settings(config), "addresses": list(addresses)}
        with tempfile.TemporaryFile() as given:  # a file, not a pipe: no wait for its imports
            pickle.dump(job, given, pickle.HIGHEST_PROTOCOL)
            given.seek(0)
            try:
                self._proc = subprocess.Popen(
                    [sys.executable, "-m", "mailbot.services.leadproc"],
                    stdin=given,
                    stdout=self._out,
                )
            except OSError:
                self._out.close()
                raise

    @property
    def pid(self) -> int:
        return self._proc.pid

    def stop(self) -> None:
        """Kill the child (the parent's own step failed: nothing will be saved)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._out.close()

    def verdicts(self) -> Iterator[list[LeadVerdict]]:
        """Wait for the child, then its verdicts a chunk at a time (read as they are
        saved: memory stays flat); `self.queries` once all are read. Raises ConfigError
        for the child's config errors (as the check in-process would), else
        LeadCheckFailed."""
        code = self._proc.wait()
        self._out.seek(0)
        try:
            if code != 0:  # FAILED: the last record says why; else it died
                raise _failure(code, _last(self._out))
            for record in _records(self._out):
                if record[0] == "done":
                    self.queries = record[1]
                else:
                    yield record[1]
        finally:
            self._out.close()


@dataclass(frozen=True)
class CheckSettings:
    """What the lead check reads of the Config, as plain data: the child then needs no
    pydantic and no mailbot.config (~11 MB of RSS and ~0.25 s of start-up)."""

    verification: SimpleNamespace  # [verification], its fields as attributes
    own_domains: frozenset[str]
    source: Path | None
    disposable: Path | None
    log_level: str
    log_format: str

    def disposable_file(self) -> Path | None:
        return self.disposable


def _settings(config: Config) -> CheckSettings:
    return CheckSettings(
        SimpleNamespace(**config.verification.model_dump()), config.own_domains,
        config.source, config.disposable_file(), config.logging.level, config.logging.format,
    )  # fmt: skip


def _last(out: IO[bytes]) -> tuple[Any, ...] | None:
    """The last whole record of a child that stopped (a killed one's may be cut short)."""
    kept: deque[tuple[Any, ...]] = deque(maxlen=1)
    with contextlib.suppress(Exception):
        kept.extend(_records(out))
    return kept[0] if kept else None


def _records(out: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    while True:
        try:
            yield pickle.load(out)
        except EOFError:
            return


def _failure(code: int, last: tuple[Any, ...] | None) -> MailbotError:
    nothing = "no verdicts saved; the next run checks these addresses again"
    if code == FAILED and last is not None and last[0] == "failed":
        _kind, config_error, message, hint = last
        if config_error:
            return ConfigError(message, hint)
        return LeadCheckFailed(f"lead check failed: {message}; {nothing}", hint)
    how = f"killed by signal {-code}" if code < 0 else f"exited with code {code}"
    return LeadCheckFailed(f"lead check process {how}; {nothing}", "see the lines above")


def _child() -> None:
    """Read the job from stdin, write pickled records to stdout: ("verdicts", chunk)…,
    then ("done", queries) and exit 0, or ("failed", is_config_error, message, hint)
    and exit FAILED."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not land among the records
    job = pickle.load(sys.stdin.buffer)
    config = job["config"]
    try:
        from mailbot.log import configure_logging
        from mailbot.services.verification import judge_addresses
        from mailbot.store.db import open_engine, session_factory

        configure_logging(config.log_level, config.log_format)
        engine = open_engine(job["url"])
        with session_factory(engine)() as session:
            queries = judge_addresses(
                session, config, job["addresses"],  # type: ignore[arg-type] # see CheckSettings
                lambda chunk: pickle.dump(("verdicts", chunk), out, pickle.HIGHEST_PROTOCOL),
            )  # fmt: skip
        engine.dispose()
        record: tuple[Any, ...] = ("done", queries)
    except MailbotError as exc:
        record = ("failed", isinstance(exc, ConfigError), exc.args[0], exc.hint)
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which says it
        record = ("failed", False, f"{type(exc).__name__}: {exc}", "")
    pickle.dump(record, out, pickle.HIGHEST_PROTOCOL)
    out.close()
    sys.exit(FAILED if record[0] == "failed" else 0)


if __name__ == "__main__":
    _child()
