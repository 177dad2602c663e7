"""The store side of UIDVALIDITY resets: history, the re-map flag and the breaker.

`note_reset` is called by the sync in the transaction that starts a re-map;
`mailbox_hold` is asked by the sync (is the breaker open?) and by the send cycle
(is a folder being re-mapped?); `reset_breaker` is `mailbot sync --reset-breaker`.
The decision itself is in domain/renumbering.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.config import Config
from mailbot.domain.renumbering import (
    breaker_sentence,
    breaker_trips,
    recent_resets,
    remap_sentence,
)
from mailbot.errors import MailboxError
from mailbot.store.models import Folder
from mailbot.store.service import record


class SyncBreakerOpen(MailboxError):
    """A mailbox whose folders the server keeps re-numbering: no sync, no send."""


def _window(config: Config) -> timedelta:
    return timedelta(hours=config.sync.uidvalidity_window_hours)


def _history(folder: Folder) -> list[datetime]:
    return [datetime.fromisoformat(t) for t in folder.uidvalidity_resets or []]


def note_reset(session: Session, config: Config, folder: Folder, now: datetime) -> str | None:
    """Record one reset of `folder`; the breaker's sentence when this one trips it."""
    window, limit = _window(config), config.sync.uidvalidity_resets_max
    history = recent_resets([*_history(folder), now], now, window)
    folder.uidvalidity_resets = [t.isoformat() for t in history]
    record(session, now, "uidvalidity_reset", f"{folder.name} changed UIDVALIDITY",
           level="warning", mailbox=folder.mailbox, figures={"resets": len(history)})  # fmt: skip
    if not breaker_trips(history, now, limit, window):
        return None
    folder.breaker_tripped_at = now
    sentence = breaker_sentence(folder.mailbox, folder.name, len(history), window)
    record(session, now, "sync_breaker", sentence, level="error", mailbox=folder.mailbox)
    return sentence


def breaker_open(session: Session, config: Config, mailbox: str) -> str | None:
    """The breaker's sentence when a folder of `mailbox` tripped it, else None."""
    for folder in _folders(session, mailbox):
        if folder.breaker_tripped_at is not None:
            return breaker_sentence(mailbox, folder.name, len(_history(folder)), _window(config))
    return None


def mailbox_hold(session: Session, config: Config, mailbox: str) -> str | None:
    """Why `mailbox` must not send now (breaker open, or a folder in re-map), or None."""
    why = breaker_open(session, config, mailbox)
    if why:
        return why
    for folder in _folders(session, mailbox):
        if folder.remap_started_at is not None:
            return remap_sentence(folder.name, folder.remap_started_at)
    return None


def reset_breaker(session: Session, mailbox: str, now: datetime) -> list[str]:
    """Close the breaker of `mailbox` and forget its reset history; the folders it
    was open for (the next sync re-maps them once more)."""
    reopened = []
    for folder in _folders(session, mailbox):
        if folder.breaker_tripped_at is not None:
            reopened.append(folder.name)
        folder.breaker_tripped_at, folder.uidvalidity_resets = None, []
    if reopened:
        record(session, now, "sync_breaker_reset", "closed by `mailbot sync --reset-breaker`",
               mailbox=mailbox, figures={"folders": reopened})  # fmt: skip
    return reopened


def _folders(session: Session, mailbox: str) -> list[Folder]:
    query = select(Folder).where(Folder.mailbox == mailbox).order_by(Folder.id)
    return list(session.scalars(query))
