"""A post office that is a folder: each mail "sent" is written as an .eml file.

For `mailbot demo` (and anyone trying mailbot without a mail server): the outbox,
fence and log work exactly as with SMTP, but nothing leaves the machine. Unlike
dry-run, a mail written here counts as sent, so the next stage follows it.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from mailbot.adapters.smtp import Delivery, Outcome


class FolderPostOffice:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def refresh(self) -> None:
        """Nothing to sync: the store already holds all the mail there is."""

    def send(self, message: EmailMessage, sender: str, recipient: str) -> Delivery:
        n = len(list(self.folder.glob("*.eml"))) + 1
        path = self.folder / f"{n:04d}-{re.sub(r'[^A-Za-z0-9._@-]+', '_', recipient)}.eml"
        path.write_bytes(message.as_bytes())
        return Delivery(Outcome.SENT, 250, f"written to {path}", recipient)

    def keep_copy(self, data: bytes, sent_at: datetime) -> None:
        """The file is the copy."""
