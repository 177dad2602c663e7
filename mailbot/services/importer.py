"""Seeding history from an export: mbox or Maildir through the ingest path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config
from mailbot.domain.parsing import parse_message, raw_from_bytes
from mailbot.services.ingest import Ingestor, Outcome
from mailbot.services.sync import NoProgress, Progress
from mailbot.store.mailstore import MailStore

BATCH = 500


@dataclass
class ImportReport:
    stored: int = 0
    duplicates: int = 0
    defects: int = 0


def import_messages(
    messages: Iterable[tuple[bytes, datetime | None]],
    config: Config,
    sessions: sessionmaker[Session],
    clock: Callable[[], datetime],
    progress: Progress | None = None,
) -> ImportReport:
    """Store every message once; safe to run again on the same export."""
    progress = progress or NoProgress()
    report = ImportReport()
    it = iter(messages)
    while batch := list(islice(it, BATCH)):
        with sessions.begin() as session:
            ingestor = Ingestor(MailStore(session), config, clock())
            parsed = [parse_message(raw_from_bytes(data, arrived)) for data, arrived in batch]
            report.defects += sum(bool(p.defects) for p in parsed)
            outcomes = ingestor.ingest_batch([(p, None) for p in parsed])
            report.stored += outcomes.count(Outcome.STORED)
            report.duplicates += outcomes.count(Outcome.DUPLICATE)
        progress.advance(len(batch))
    progress.finish()
    return report
