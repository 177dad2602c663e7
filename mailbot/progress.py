"""Progress for long operations: a bar on a terminal, log lines elsewhere."""

from __future__ import annotations

import sys
import time

import structlog
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

log = structlog.get_logger("mailbot.progress")


class RateColumn(TransferSpeedColumn):
    def render(self, task):  # type: ignore[no-untyped-def]
        speed = task.finished_speed or task.speed
        return f"{speed:,.0f} msg/s" if speed else "– msg/s"


class BarProgress:
    """A rich progress bar with rate and ETA, on stderr."""

    def __init__(self) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task: TaskID | None = None

    def start(self, folder: str, total: int) -> None:
        self._bar.start()
        self._task = self._bar.add_task(folder, total=total)

    def advance(self, count: int) -> None:
        if self._task is not None:
            self._bar.advance(self._task, count)

    def finish(self) -> None:
        self._bar.stop()
        self._task = None


class LogProgress:
    """Structured progress lines at most every `every` seconds (for logs, not people)."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self.name, self.total, self.done = "", 0, 0
        self._t0 = self._last = 0.0

    def start(self, folder: str, total: int) -> None:
        self.name, self.total, self.done = folder, total, 0
        self._t0 = self._last = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._emit(now)

    def finish(self) -> None:
        if self.total:
            self._emit(time.monotonic())

    def _emit(self, now: float) -> None:
        elapsed = max(now - self._t0, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else None
        log.info(
            "progress",
            task=self.name,
            done=self.done,
            total=self.total,
            rate_per_s=round(rate, 1),
            eta_s=round(eta, 1) if eta is not None else None,
        )


def progress_for_terminal() -> BarProgress | LogProgress:
    return BarProgress() if sys.stderr.isatty() else LogProgress()
