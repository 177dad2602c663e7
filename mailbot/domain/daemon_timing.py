"""The daemon's timing decisions, pure: debounce, backoff, IDLE renewal, file changes.

The daemon (mailbot/services/daemon.py) only wires these to the scheduler and the
clock; every rule about *when* lives here, with `now` as an argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

IDLE_FAILURES_BEFORE_POLLING = 2  # IDLE broke this often in a row: poll that mailbox


def debounced(first: datetime, last: datetime, quiet: timedelta, longest: timedelta) -> datetime:
    """When to run the cycle after new mail first seen at `first`, last at `last`:
    `quiet` after the last arrival (a burst is one cycle), but never later than
    `longest` after the first (a steady trickle still gets decided)."""
    return min(last + quiet, first + max(longest, quiet))


def retry_delay(failures: int, interval: timedelta, cap: timedelta) -> timedelta:
    """How long a job waits after `failures` failures in a row: its own interval, then
    doubling, never more than `cap` (and never less than the interval itself)."""
    if failures <= 0:
        return interval
    grown = interval * (2 ** min(failures - 1, 30))
    return max(interval, min(grown, cap))


def reissue_idle(started: float, now: float, idle_seconds: float) -> bool:
    """An IDLE begun at `started` (monotonic seconds) is to be renewed now: servers drop
    an IDLE after 30 minutes (RFC 2177), so it is re-issued every `idle_seconds`."""
    return now - started >= idle_seconds


def watch_mode(has_idle: bool, idle_failures: int) -> Literal["idle", "poll"]:
    """IDLE when the server offers it and it has not broken repeatedly; else polling."""
    if has_idle and idle_failures < IDLE_FAILURES_BEFORE_POLLING:
        return "idle"
    return "poll"


def try_idle_again(has_idle: bool, idle_failures: int, polled: float, retry_after: float) -> bool:
    """A mailbox polling because IDLE broke gives IDLE another try after `retry_after`
    seconds of polling (a proxy restart or a server upgrade should not mean polling for
    the rest of the daemon's life); one more break sends it back to polling."""
    return watch_mode(has_idle, idle_failures) == "poll" and has_idle and polled >= retry_after


def changed_files(
    before: Mapping[str, float | None], after: Mapping[str, float | None]
) -> list[str]:
    """Files added, removed or modified between two mtime snapshots, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def lease_renewal(ttl: timedelta) -> timedelta:
    """Renew a lease three times per ttl: two renewals may fail before it lapses."""
    return ttl / 3


def lease_wait_line(holder: str, since: datetime, expires: datetime, now: datetime) -> str:
    """What a waiting daemon says (log line and `lease_wait` event detail)."""
    held = _span(now - since)
    return (
        f"the sender lease is held by {holder} since {since:%Y-%m-%d %H:%M:%S}Z ({held}); "
        f"waiting, and taking over if it is not renewed by {expires:%H:%M:%S}Z"
    )


def _span(d: timedelta) -> str:
    seconds = max(0, int(d.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


REPEAT_FAILURE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Outage:
    """A job failing run after run: since when, how often, and what was last recorded."""

    since: datetime
    tries: int
    recorded: str
    recorded_at: datetime

    def again(self) -> Outage:
        return replace(self, tries=self.tries + 1)


def failure_worth_recording(
    outage: Outage | None, detail: str, now: datetime, every: timedelta = REPEAT_FAILURE_EVERY
) -> bool:
    """The first failure of a run is recorded, and one that says something new; the same
    one again at most once per `every` (a server down for a day, polled every 30 s, would
    otherwise write ~2,900 identical events and bury everything else in `status`)."""
    return outage is None or detail != outage.recorded or now - outage.recorded_at >= every
