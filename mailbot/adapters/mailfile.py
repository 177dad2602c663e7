"""Reading exported mail: an mbox file or a Maildir folder (read-only)."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from mailbot.errors import ImportFileError


def count_messages(path: Path, fmt: str) -> int:
    box = _open(path, fmt)
    try:
        return len(box.keys())
    finally:
        box.close()


def read_messages(path: Path, fmt: str) -> Iterator[tuple[bytes, datetime | None]]:
    """Each message's bytes and its arrival time (mbox "From " line, Maildir mtime)."""
    box = _open(path, fmt)
    try:
        for key in box.iterkeys():
            data = box.get_bytes(key)
            yield data, _arrival(box, key, fmt)
    finally:
        box.close()


def _open(path: Path, fmt: str) -> mailbox.Mailbox:
    if fmt == "mbox":
        if not path.is_file():
            raise ImportFileError(f"{path}: no such mbox file")
        return mailbox.mbox(path, create=False)
    if fmt == "maildir":
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise ImportFileError(f"{path}: not a Maildir (no cur/ or new/ inside)")
        return mailbox.Maildir(path, factory=None, create=False)
    raise ImportFileError(f"unknown mailbox format {fmt!r}", "use mbox or maildir")


def _arrival(box: mailbox.Mailbox, key: str, fmt: str) -> datetime | None:
    try:
        if fmt == "mbox":
            with box.get_file(key, from_=True) as f:  # type: ignore[call-arg]
                from_line = f.readline().decode("ascii", errors="replace").strip()
            # "From sender@example.com Tue Nov 24 10:00:00 2026"
            return _parse_from_line_date(
                from_line.split(None, 2)[2] if from_line.count(" ") >= 2 else ""
            )
        return datetime.fromtimestamp(box.get_message(key).get_date(), UTC)  # type: ignore[attr-defined]
    except (ValueError, IndexError, OSError, TypeError):
        return None


def _parse_from_line_date(stamp: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(stamp)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
