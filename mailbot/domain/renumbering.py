"""When a server keeps re-numbering a folder (UIDVALIDITY resets): the sync breaker.

One reset is routine (a restored or migrated mailbox): the folder is re-mapped by
Message-ID. Many in a short time mean the server is broken, and re-mapping again
and again only hides it; so more than `limit` resets within `window` trip the
breaker. Pure functions: the reset history and `now` are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta


def recent_resets(history: Iterable[datetime], now: datetime, window: timedelta) -> list[datetime]:
    """The resets inside the window that ends at `now`, oldest first."""
    return sorted(t for t in history if now - window < t <= now)


def breaker_trips(
    history: Iterable[datetime], now: datetime, limit: int, window: timedelta
) -> bool:
    """More than `limit` resets within `window` up to `now`."""
    return len(recent_resets(history, now, window)) > limit


def breaker_sentence(mailbox: str, folder: str, resets: int, window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    return (
        f"{folder} of mailbox {mailbox} changed UIDVALIDITY {resets} times in {hours:g} h — "
        "the server is re-numbering its mail; mailbot stopped syncing and sending for "
        f"{mailbox} until you run `mailbot sync --mailbox {mailbox} --reset-breaker`"
    )


def remap_sentence(folder: str, since: datetime) -> str:
    return (
        f"{folder} is being re-mapped after a UIDVALIDITY change (since {since:%Y-%m-%d %H:%M} "
        "UTC): sends wait until the sync has walked it again"
    )
