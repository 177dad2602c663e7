"""The business calendars' memo on disk, so each `mailbot plan` need not rebuild them.

Building 50 countries' holiday tables (importing each country's module, computing
its Islamic and lunar dates) costs seconds; the answers only change with the
`holidays` release, which is part of the file name. A missing, unreadable or stale
file is simply rebuilt; the file is JSON, never code. Location: `$MAILBOT_CACHE_DIR`,
else `$XDG_CACHE_HOME/mailbot`, else `~/.cache/mailbot`.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import structlog

from mailbot.domain import workdays

log = structlog.get_logger(__name__)
FORMAT = 1


@lru_cache(maxsize=1)
def _release() -> str:
    return version("holidays")


_loaded: set[Path] = set()  # a long-running process reads the file once


def cache_file() -> Path:
    base = os.environ.get("MAILBOT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "mailbot"
    )
    return Path(base) / f"calendars-holidays-{_release()}-v{FORMAT}.json"


def load() -> None:
    path = cache_file()
    if path in _loaded:
        return
    _loaded.add(path)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        log.warning("calendar_cache.unreadable", path=str(path), error=str(exc))
        return
    if isinstance(entries, dict):
        workdays.memo_load(entries)
        workdays.memo_saved()


def save() -> None:
    """Write what was learned, if anything; never fail the caller over a cache."""
    entries = workdays.memo_snapshot()
    if entries is None:
        return
    path = cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False,
                                         encoding="utf-8") as tmp:  # fmt: skip
            json.dump(entries, tmp, ensure_ascii=False)
        os.replace(tmp.name, path)  # atomic: a reader sees the old file or the new one
        workdays.memo_saved()
    except OSError as exc:
        log.warning("calendar_cache.unwritable", path=str(path), error=str(exc))
