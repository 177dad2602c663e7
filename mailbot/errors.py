"""One exception tree for everything a user can cause or fix.

Every error carries a `hint`: one sentence saying what to do about it. Adapters
translate library exceptions into these at the boundary, so the CLI can print a
clear line instead of a traceback.
"""

from __future__ import annotations


class MailbotError(Exception):
    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} ({self.hint})" if self.hint else text


class ConfigError(MailbotError):
    exit_code = 2


class MailboxError(MailbotError):
    """The IMAP server refused, dropped or misunderstood us."""


class LoginRefused(MailboxError):
    """The server refused the username or password (IMAP or SMTP)."""


class TemporaryMailboxError(MailboxError):
    """Worth retrying: a dropped connection, a timeout, a server restart."""


class ImportFileError(MailbotError):
    exit_code = 2


class StoreError(MailbotError):
    pass
