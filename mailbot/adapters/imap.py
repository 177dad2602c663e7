"""The IMAP adapter: the only module that talks to the mail server for reading.

It returns plain dataclasses (`FolderStatus`, `RawMessage`) and turns
imapclient/socket exceptions into mailbot's own (`MailboxError`, or
`TemporaryMailboxError` when a retry may help).

Fetching is frugal: headers, BODYSTRUCTURE and only the text parts the product
reads — never attachment bytes — in batches, so memory stays flat whatever
the mailbox size.
"""

from __future__ import annotations

import logging
import re
import ssl
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from mailbot.adapters import imapwire
from mailbot.adapters.bodystructure import parts_from_bodystructure
from mailbot.config import ImapAccount
from mailbot.domain.message import RawMessage
from mailbot.domain.parsing import wanted_parts
from mailbot.errors import LoginRefused, MailboxError, TemporaryMailboxError

TEXT_LIMIT = 262_144  # bytes of one text part we fetch; the rest is never read
META_ITEMS = ["BODY.PEEK[HEADER]", "BODYSTRUCTURE", "INTERNALDATE", "RFC822.SIZE"]

log = structlog.get_logger("mailbot.imap")


@dataclass(frozen=True)
class FolderStatus:
    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int
    highestmodseq: int | None


@dataclass(frozen=True)
class FolderInfo:
    name: str
    flags: tuple[str, ...]


def tls_context(account: ImapAccount) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(account.ca_file) if account.ca_file else None)
    if not account.verify_certificate:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


@contextmanager
def _translated(action: str, host: str) -> Iterator[None]:
    try:
        yield
    except LoginError as exc:
        if isinstance(exc.__context__, IMAPClientAbortError):  # the line dropped mid-LOGIN
            raise TemporaryMailboxError(
                f"IMAP connection to {host} lost while logging in: {exc.__context__}",
                "the next sync retries",
            ) from None
        raise LoginRefused(
            f"IMAP login to {host} refused: {_text(exc)}",
            "check the username and the password source (password_env / password_file)",
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise MailboxError(
            f"TLS certificate of {host} not trusted: {exc.verify_message}",
            "set imap.ca_file to the server's CA, or fix the certificate",
        ) from None
    except ssl.SSLError as exc:
        if action != "connecting" or isinstance(exc, ssl.SSLEOFError | ssl.SSLZeroReturnError):
            raise TemporaryMailboxError(
                f"IMAP connection to {host} lost while {action}: {exc}", "the next sync retries"
            ) from None
        # a handshake that fails the same way every time: the port or security is wrong
        reason = (exc.reason or str(exc)).replace("_", " ").lower()
        raise MailboxError(
            f"TLS with IMAP server {host} failed: {reason}",
            'check imap security and port: 993 is usually "tls", 143 "starttls"',
        ) from None
    except (IMAPClientAbortError, OSError, EOFError) as exc:
        what = (f"cannot reach IMAP server {host}" if action == "connecting"
                else f"IMAP connection to {host} lost while {action}")  # fmt: skip
        raise TemporaryMailboxError(f"{what}: {exc}", "the next sync retries") from None
    except IMAPClientError as exc:
        raise MailboxError(f"IMAP server {host} refused {action}: {_text(exc)}") from None


def _text(exc: Exception) -> str:
    arg = exc.args[0] if exc.args else exc
    text = arg.decode(errors="replace") if isinstance(arg, bytes) else str(arg)
    # imapclient puts the server's bytes into its message as a repr: b'[AUTH…] …'
    quoted = _BYTES_REPR.fullmatch(text)
    return quoted.group(2) if quoted else text


_BYTES_REPR = re.compile(r"b(['\"])(.*)\1", re.DOTALL)


class ImapMailbox:
    """One logged-in IMAP connection. Use as a context manager."""

    def __init__(self, account: ImapAccount) -> None:
        self.account = account
        self.host = account.host
        self._client: IMAPClient | None = None
        self.condstore = False

    def __enter__(self) -> ImapMailbox:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            raise MailboxError("IMAP connection is not open")
        return self._client

    def connect(self) -> None:
        try:
            self._connect()
        except BaseException:  # refused after the socket opened: leave no socket behind
            client, self._client = self._client, None
            if client is not None:
                with suppress(OSError):
                    client.shutdown()
            raise

    def _connect(self) -> None:
        a = self.account
        timeout = SocketTimeout(connect=a.connect_timeout, read=a.read_timeout)
        with _translated("connecting", a.host):
            client = IMAPClient(
                a.host,
                port=a.port,
                ssl=a.security == "tls",
                # only TLS needs one: loading the CA store costs ~60 ms a connection
                ssl_context=tls_context(a) if a.security == "tls" else None,
                timeout=timeout,
            )
            client.normalise_times = False  # keep the server's zone: aware datetimes
            if not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG):
                # imapclient sets imaplib's debug level to 5: imaplib then formats every
                # line and literal it reads for a logger that drops them (~10% of a sync).
                client._imap.debug = 0
            self._client = client
            if a.security == "starttls":
                if not client.has_capability("STARTTLS"):  # never LOGIN in clear text
                    raise MailboxError(
                        f"IMAP server {a.host}:{a.port} does not offer STARTTLS, so mailbot "
                        "did not log in",
                        'use security = "tls" on port 993, or fix the server',
                    )
                client.starttls(tls_context(a))
            password = a.password.get_secret_value() if a.password else ""
            client.login(a.username, password)
            if client.has_capability("CONDSTORE") and client.has_capability("ENABLE"):
                client.enable("CONDSTORE")
                self.condstore = True

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except (IMAPClientError, OSError, EOFError):
            client.shutdown() if hasattr(client, "shutdown") else None

    # -- folders ---------------------------------------------------------------
    def folders(self) -> list[FolderInfo]:
        with _translated("listing folders", self.host):
            rows = self.client.list_folders()
        return [FolderInfo(name, tuple(_s(f) for f in flags)) for flags, _d, name in rows]

    def sent_folder(self) -> str | None:
        with _translated("finding the Sent folder", self.host):
            return self.client.find_special_folder(rb"\Sent")

    def select(self, folder: str) -> FolderStatus:
        with _translated(f"opening folder {folder!r}", self.host):
            info = self.client.select_folder(folder, readonly=True)
        modseq = info.get(b"HIGHESTMODSEQ")
        return FolderStatus(
            name=folder,
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else None,
            exists=int(info.get(b"EXISTS", 0)),
            highestmodseq=int(modseq) if modseq is not None and self.condstore else None,
        )

    def append(
        self,
        folder: str,
        message: bytes,
        flags: tuple[bytes, ...] = (b"\\Seen",),
        when: datetime | None = None,
    ) -> None:
        """Store `message` in `folder` (our sent copy: seen, so staff see it as read)."""
        with _translated(f"saving a copy to {folder!r}", self.host):
            self.client.append(folder, message, flags=flags, msg_time=when)

    # -- watching INBOX (the daemon) ---------------------------------------------
    def supports_idle(self) -> bool:
        return bool(self.client.has_capability("IDLE"))

    def inbox_mark(self) -> tuple[int | None, int]:
        """(UIDNEXT, MESSAGES) of INBOX: a change means mail arrived (polling)."""
        with _translated("checking INBOX", self.host):
            info = self.client.folder_status("INBOX", [b"UIDNEXT", b"MESSAGES"])
        uidnext = info.get(b"UIDNEXT")
        return (int(uidnext) if uidnext is not None else None, int(info.get(b"MESSAGES", 0)))

    def idle_start(self) -> None:
        """Enter IDLE on the selected folder (`select("INBOX")` first)."""
        with _translated("starting IDLE", self.host):
            self.client.idle()

    def idle_wait(self, seconds: float) -> bool:
        """Wait up to `seconds` in IDLE; True when the server announced new mail."""
        started = time.monotonic()
        with _translated("waiting in IDLE", self.host):
            responses = self.client.idle_check(timeout=seconds)
        if not responses and time.monotonic() - started < seconds / 2:
            # imapclient returns nothing at once when the server closed the socket
            raise TemporaryMailboxError(f"IMAP server {self.host} closed the IDLE connection")
        return _new_mail(responses)

    def idle_end(self) -> bool:
        """Leave IDLE; True when its last responses announced new mail."""
        with _translated("ending IDLE", self.host):
            _text, responses = self.client.idle_done()
        return _new_mail(responses)

    # -- messages --------------------------------------------------------------
    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs above `last_uid` in the selected folder, ascending."""
        with _translated("searching for new mail", self.host):
            uids = self.client.search(["UID", f"{last_uid + 1}:*"])
        return sorted(u for u in uids if u > last_uid)  # "n:*" returns the last UID if none >n

    def all_uids(self) -> set[int]:
        with _translated("listing messages", self.host):
            return set(self.client.search(["ALL"]))

    def fetch(self, uids: list[int]) -> dict[int, RawMessage]:
        """Headers, structure and the wanted text parts of `uids`."""
        messages = self.fetch_meta(uids)
        self.fill_parts(messages)
        return messages

    def send_meta(self, uids: list[int]) -> imapwire.Sent | None:
        """Ask for `fetch_meta(uids)` now, read the answer later: the server prepares it
        meanwhile. Until `fetch_meta(uids, sent)` no other command may be used."""
        with _translated("fetching messages", self.host):
            return imapwire.send_uid_fetch(self.client._imap, uids, META_ITEMS)

    def fetch_meta(
        self, uids: list[int], sent: imapwire.Sent | None = None
    ) -> dict[int, RawMessage]:
        """Header block, BODYSTRUCTURE, INTERNALDATE and size; no body bytes yet."""
        if not uids:
            return {}
        with _translated("fetching messages", self.host):
            meta = self._fetch_rows(uids, META_ITEMS, sent)
        # Another session expunged it and this one was not told yet: Dovecot answers with a
        # NIL header, size 0 and a 1970 date. Not mail: one ghost row would stand for them all.
        return {uid: _raw_from_meta(data) for uid, data in meta.items()
                if data.get(b"BODY[HEADER]") is not None}  # fmt: skip

    def fill_parts(self, messages: dict[int, RawMessage]) -> None:
        """Fetch the text parts `wanted_parts` picks, in one FETCH per distinct layout."""
        by_sections: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for uid, raw in messages.items():
            sections = tuple(p.section for p in wanted_parts(raw.parts))
            if sections:
                by_sections[sections].append(uid)
        for sections, uids in by_sections.items():
            items = [f"BODY.PEEK[{s}]<0.{TEXT_LIMIT}>" for s in sections]
            with _translated("fetching message text", self.host):
                rows = self._fetch_rows(uids, items)
            for uid in uids:
                data = rows.get(uid)
                if data is None or _nil_part(data, sections):
                    del messages[uid]  # expunged since its header came: no text to store
                else:
                    _attach_payloads(messages[uid], sections, data)

    def _fetch_rows(
        self, uids: list[int], items: list[str], sent: imapwire.Sent | None = None
    ) -> dict[int, dict[bytes, Any]]:
        """`UID FETCH` rows shaped as imapclient's `fetch` gives them, parsed by imapwire.

        imapclient's own parser reads responses one character at a time and was the
        largest cost of a first sync. This module owns the IMAP library, so it may hand
        imapclient's imaplib connection (private `_imap`) to imapwire (`connect` also
        quiets its debug level). If imapwire is unsure of an answer, imapclient fetches
        the batch again.
        """
        try:
            if sent is not None:  # asked for already: read the answer
                return imapwire.read_uid_fetch(self.client._imap, sent)
            return imapwire.uid_fetch(self.client._imap, uids, items)
        except imapwire.UnparsedResponse as exc:
            log.warning("imap_fetch_unparsed", host=self.host, uids=len(uids), reason=str(exc))
            return self.client.fetch(uids, items)


def _new_mail(responses: list[Any]) -> bool:
    """An untagged `n EXISTS` or `n RECENT` among IDLE responses: mail arrived."""
    return any(len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT") for r in responses
               if isinstance(r, tuple))  # fmt: skip


def _s(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def _raw_from_meta(data: dict[bytes, object]) -> RawMessage:
    header = data.get(b"BODY[HEADER]") or b""
    assert isinstance(header, bytes)
    parts, defects = parts_from_bodystructure(data.get(b"BODYSTRUCTURE"))
    internal = data.get(b"INTERNALDATE")
    if isinstance(internal, datetime):
        internal = internal.astimezone(UTC) if internal.tzinfo else internal.replace(tzinfo=UTC)
    else:
        internal = None
    size = data.get(b"RFC822.SIZE")
    return RawMessage(
        header=header,
        parts=parts,
        size=int(size) if isinstance(size, int) else 0,
        internal_date=internal,
        structure_defects=defects,
    )


def _nil_part(data: dict[bytes, object], sections: tuple[str, ...]) -> bool:
    """A part answered NIL (not an empty string): the message was expunged meanwhile."""
    keys = (f"BODY[{s}]{tail}".encode() for s in sections for tail in ("<0>", ""))
    return any(key in data and data[key] is None for key in keys)


def _attach_payloads(raw: RawMessage, sections: tuple[str, ...], data: dict[bytes, object]) -> None:
    by_section = {p.section: p for p in raw.parts}
    for section in sections:
        payload = data.get(f"BODY[{section}]<0>".encode()) or data.get(f"BODY[{section}]".encode())
        part = by_section.get(section)
        if part is None:
            continue
        part.payload = payload if isinstance(payload, bytes) else b""
        if part.size > TEXT_LIMIT:
            raw.structure_defects.append(f"text part {section} truncated at {TEXT_LIMIT} bytes")
