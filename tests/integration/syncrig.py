"""A `MailboxSync` over the rig's Dovecot into a fresh store, for the sync tests: the config
(small fetch batches, so a few mails span several), a runner and row counts."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from mailbot.adapters.imap import ImapMailbox
from mailbot.config import Config, parse_config
from mailbot.services.sync import MailboxSync
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import Message, MessageLocation

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def config_for(user, tmp_path: Path, db_url: str | None = None, **imap_extra) -> Config:
    os.environ["MAILBOT_TEST_IMAP_PW"] = user.password
    return parse_config(
        {
            "company": {"own_domains": ["gmuv-lighting.cn"]},
            "database": {"url": db_url or f"sqlite:///{tmp_path / 'mailbot.db'}"},
            "mailboxes": [
                {
                    "name": "sales",
                    "address": "sales@gmuv-lighting.cn",
                    "imap": {
                        "host": user.host,
                        "port": user.port,
                        "username": user.user,
                        "security": "none",
                        "password_env": "MAILBOT_TEST_IMAP_PW",
                        "batch_size": 7,
                        **imap_extra,
                    },
                }
            ],
        },
        tmp_path / "mailbot.toml",
    )


class Env:
    def __init__(self, user, tmp_path: Path, db_url: str | None = None, **imap_extra):
        self.user = user
        self.config = config_for(user, tmp_path, db_url, **imap_extra)
        self.sessions = session_factory(open_engine(self.config.database_url()))

    def sync(self):
        job = MailboxSync(self.config, self.config.mailboxes[0], self.sessions, lambda: NOW)
        with ImapMailbox(self.config.mailboxes[0].imap) as imap:
            return {r.folder: r for r in job.run(imap)}

    def count(self, stmt):
        with self.sessions() as s:
            return s.scalar(stmt)

    def messages(self) -> int:
        return self.count(select(func.count()).select_from(Message))

    def locations(self) -> int:
        return self.count(select(func.count()).select_from(MessageLocation))


def load(user, items):
    for folder in ("INBOX", "Sent"):
        user.append(folder, [(raw, when) for f, raw, when in items if f == folder])
