"""Incremental IMAP sync of one mailbox into the store.

Per folder the store keeps UIDVALIDITY, the last UID stored, UIDNEXT, EXISTS
and (with CONDSTORE) HIGHESTMODSEQ. A sync:

1. SELECTs the folder. Same UIDVALIDITY/UIDNEXT/EXISTS/HIGHESTMODSEQ as last
   time → nothing changed, done (one round trip).
2. UIDVALIDITY changed → the folder's UIDs mean nothing any more: forget its
   locations and walk it again. Messages are matched by Message-ID first, so
   known ones are only re-located, never stored twice or re-downloaded.
3. Anything changed → `UID SEARCH ALL` (UIDs only) against the stored UIDs: the
   ones gone were expunged or moved away, so drop those locations (the messages
   stay; a moved message reappears in its new folder). Not a count: an expunge
   plus an append between two syncs leaves EXISTS as it was. Flags are not stored,
   so a flag change (HIGHESTMODSEQ moves) costs this search and fetches nothing.
4. UIDs above the last stored one are fetched in batches. Each batch commits
   together with the new last UID, so a sync killed half-way resumes where it
   stopped, and a message is never stored twice (Message-ID is unique).
5. Only when the walk completes are UIDNEXT/EXISTS/HIGHESTMODSEQ recorded, and
   a re-map's flag cleared (while it is set the mailbox sends nothing).
6. Too many UIDVALIDITY resets trip a breaker (services/renumbering.py): the
   mailbox stops syncing and sending until `mailbot sync --reset-breaker`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import structlog
from sqlalchemy.orm import Session, sessionmaker

from mailbot.adapters.imap import FolderStatus, ImapMailbox
from mailbot.adapters.imapwire import Sent
from mailbot.config import Config, Mailbox
from mailbot.domain.parsing import stated_message_id
from mailbot.domain.parties import Us
from mailbot.errors import MailboxError
from mailbot.services.ingest import Ingestor, Location, Outcome
from mailbot.services.pipeline import Parsed, Parser
from mailbot.services.renumbering import SyncBreakerOpen, breaker_open, note_reset
from mailbot.store.mailstore import MailStore
from mailbot.store.models import Folder

log = structlog.get_logger("mailbot.sync")

_BREAKER_HINT = "ask the mail provider why the folder keeps being re-numbered"
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "INBOX.Sent", "Gesendet", "已发送")


class Progress(Protocol):
    def start(self, folder: str, total: int) -> None: ...
    def advance(self, count: int) -> None: ...
    def finish(self) -> None: ...


class NoProgress:
    def start(self, folder: str, total: int) -> None: ...
    def advance(self, count: int) -> None: ...
    def finish(self) -> None: ...


@dataclass(frozen=True)
class _Fetched:
    uids: list[int]
    known: dict[int, int]  # uid → primary key of a message we already hold
    parsed: Future[Parsed]


@dataclass
class FolderReport:
    mailbox: str
    folder: str
    stored: int = 0
    duplicates: int = 0
    expunged: int = 0
    remapped: bool = False
    unchanged: bool = False
    defects: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


class MailboxSync:
    def __init__(
        self,
        config: Config,
        mailbox: Mailbox,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
        progress: Progress | None = None,
    ) -> None:
        self.config, self.mailbox, self.sessions = config, mailbox, sessions
        self.clock = clock
        self.progress = progress or NoProgress()
        self.us = Us(config.own_addresses, config.own_domains)
        self.log = log.bind(mailbox=mailbox.name)

    def folders_to_sync(self, imap: ImapMailbox) -> list[tuple[str, str]]:
        names = [f.name for f in imap.folders()]
        sent = self.mailbox.imap.sent_folder or imap.sent_folder()
        sent = sent or next((n for n in SENT_NAMES if n in names), None)
        wanted = [("INBOX", "inbox")]
        if sent:
            wanted.append((sent, "sent"))
        else:
            self.log.warning("sent_folder_not_found", folders=names)
        wanted += [(name, "extra") for name in self.mailbox.imap.extra_folders]
        for name, _role in wanted:
            if name not in names and name.upper() != "INBOX":
                raise MailboxError(
                    f"folder {name!r} does not exist in mailbox {self.mailbox.name}",
                    "folders on the server: " + ", ".join(names),
                )
        return wanted

    def run(self, imap: ImapMailbox) -> list[FolderReport]:
        return [self.sync_folder(imap, name, role) for name, role in self.folders_to_sync(imap)]

    def sync_folder(self, imap: ImapMailbox, name: str, role: str) -> FolderReport:
        started = time.perf_counter()
        report = FolderReport(self.mailbox.name, name)
        status = imap.select(name)
        tripped = None
        with self.sessions.begin() as session:
            if why := breaker_open(session, self.config, self.mailbox.name):
                raise SyncBreakerOpen(why, _BREAKER_HINT)
            folder = MailStore(session).folder(self.mailbox.name, name, role)
            folder_id, unchanged = folder.id, _unchanged(folder, status)
            if not unchanged:
                report.remapped, tripped = self._check_validity(session, folder, status)
                if not tripped:
                    report.expunged = self._drop_expunged(imap, session, folder, status)
        if tripped:  # committed with the reset that tripped it; the folder keeps its map
            self.log.error("sync_breaker_tripped", folder=name, reason=tripped)
            raise SyncBreakerOpen(tripped, _BREAKER_HINT)
        if unchanged:
            report.unchanged = True
        else:
            self._fetch_new(imap, folder_id, report)
            self._record_status(folder_id, status)
        report.seconds = time.perf_counter() - started
        self.log.info("folder_synced", **_log_fields(report))
        return report

    def _check_validity(
        self, session: Session, folder: Folder, status: FolderStatus
    ) -> tuple[bool, str | None]:
        """(re-mapping?, the breaker's sentence if this reset tripped it)."""
        if folder.uidvalidity in (None, status.uidvalidity):
            folder.uidvalidity = status.uidvalidity
            return False, None
        self.log.warning(
            "uidvalidity_changed",
            folder=folder.name,
            old=folder.uidvalidity,
            new=status.uidvalidity,
        )
        now = self.clock()
        tripped = note_reset(session, self.config, folder, now)
        if tripped:
            return False, tripped
        MailStore(session).forget_locations(folder)
        folder.uidvalidity, folder.last_uid = status.uidvalidity, 0
        folder.uidnext = folder.highestmodseq = folder.message_count = None
        folder.remap_started_at = now  # sends wait until _record_status clears it
        return True, None

    def _drop_expunged(
        self, imap: ImapMailbox, session: Session, folder: Folder, status: FolderStatus
    ) -> int:
        store = MailStore(session)
        known = store.known_uids(folder)
        if not known:
            return 0
        gone = known - imap.all_uids()
        if gone:
            store.forget_locations(folder, gone)
        return len(gone)

    def _fetch_new(self, imap: ImapMailbox, folder_id: int, report: FolderReport) -> None:
        """Fetch, parse and store new UIDs, three batches at a time: while batch k is
        stored, the server prepares batch k+2's headers and the worker parses k+1."""
        with self.sessions() as session:
            last_uid = session.get(Folder, folder_id).last_uid  # type: ignore[union-attr]
        uids = imap.uids_after(last_uid)
        size = self.mailbox.imap.batch_size
        batches = [uids[i : i + size] for i in range(0, len(uids), size)]
        self.progress.start(f"{self.mailbox.name}/{report.folder}", len(uids))
        waiting: deque[_Fetched] = deque()  # downloaded, not stored yet
        try:
            with Parser(self.us, background=len(batches) > 1) as parser:
                for batch in batches:
                    sent = imap.send_meta(batch)
                    if len(waiting) == 2:
                        self._store(folder_id, waiting.popleft(), report)
                    waiting.append(self._download(imap, batch, parser, sent))
                while waiting:
                    self._store(folder_id, waiting.popleft(), report)
        finally:
            self.progress.finish()

    def _download(
        self, imap: ImapMailbox, batch: list[int], parser: Parser, sent: Sent | None
    ) -> _Fetched:
        """Headers first; bodies only of messages the store does not hold yet."""
        raws = imap.fetch_meta(batch, sent)
        stated = {uid: mid for uid, raw in raws.items() if (mid := stated_message_id(raw.header))}
        with self.sessions() as session:
            held = MailStore(session).message_ids_known(stated.values())
        known = {uid: held[mid] for uid, mid in stated.items() if mid in held}
        todo = {uid: raw for uid, raw in raws.items() if uid not in known}
        imap.fill_parts(todo)
        return _Fetched(batch, known, parser.submit(sorted(todo.items())))

    def _store(self, folder_id: int, fetched: _Fetched, report: FolderReport) -> None:
        """One transaction per batch, together with the folder's new last UID."""
        parsed = fetched.parsed.result()
        with self.sessions.begin() as session:
            store = MailStore(session)
            folder = session.get(Folder, folder_id)
            assert folder is not None
            store.add_locations([(folder.id, uid, pk) for uid, pk in fetched.known.items()])
            ingestor = Ingestor(store, self.config, self.clock())
            items = [(msg, Location(folder, uid)) for uid, msg, _ in parsed]
            verdicts = {msg.message_id: v for _, msg, v in parsed if v is not None}
            outcomes = ingestor.ingest_batch(items, verdicts)
            folder.last_uid = max(folder.last_uid, *fetched.uids)
        report.duplicates += len(fetched.known) + outcomes.count(Outcome.DUPLICATE)
        report.stored += outcomes.count(Outcome.STORED)
        report.defects += sum(bool(msg.defects) for _, msg, _ in parsed)
        self.progress.advance(len(fetched.uids))

    def _record_status(self, folder_id: int, status: FolderStatus) -> None:
        with self.sessions.begin() as session:
            folder = session.get(Folder, folder_id)
            assert folder is not None
            folder.uidnext, folder.message_count = status.uidnext, status.exists
            folder.highestmodseq = status.highestmodseq
            folder.synced_at = self.clock()
            folder.remap_started_at = None  # the walk completed: the map is whole again


def _unchanged(folder: Folder, status: FolderStatus) -> bool:
    return (
        folder.uidvalidity == status.uidvalidity
        and folder.uidnext is not None
        and folder.uidnext == status.uidnext
        and folder.message_count == status.exists
        and folder.highestmodseq == status.highestmodseq
    )


def _log_fields(report: FolderReport) -> dict[str, object]:
    return {
        "folder": report.folder,
        "stored": report.stored,
        "duplicates": report.duplicates,
        "expunged": report.expunged,
        "remapped": report.remapped,
        "unchanged": report.unchanged,
        "defects": report.defects,
        "seconds": round(report.seconds, 3),
    }
