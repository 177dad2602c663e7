"""An SMTP sink for integration tests: aiosmtpd in a background thread.

Every accepted message is kept as a `Received` record that tests read and clear.
`SmtpServer(auth=("user", "password"))` demands AUTH (PLAIN or LOGIN, over plain TCP,
as a local relay might) before MAIL FROM and refuses other credentials with 535;
by default no login is asked for. Optionally each message is also appended to the
INBOX of a rig Dovecot user named by the recipient's local part, so a test can send
mail and then find it over IMAP.
"""

import asyncio
import datetime as dt
import email
import email.policy
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from . import HOST, RigError, RigUnavailable, free_port
from .dovecot import DovecotServer


@dataclass(frozen=True)
class Received:
    """One SMTP transaction as the server saw it."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    received_at: dt.datetime

    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


# Recipients whose local part starts with one of these make the server misbehave,
# so tests can drive every SMTP outcome against a real server.
FAULTS = {
    "tempfail": "451 4.3.0 Temporary local problem, try later",
    "reject": "550 5.1.1 User unknown",
    "busy": "452 4.2.2 Mailbox full",
}
DROP_AFTER_DATA = "drop"  # accept the message, then cut the connection before answering
CLOSING_AFTER_DATA = "closing"  # keep the message, then answer the final dot with 421
# The first RCPT to each such address gets 450 (greylisting); later ones are accepted.
GREYLIST = "greylist"
# Keep the message, then wait `SmtpServer.slow_seconds` before answering the final dot:
# a client killed meanwhile has delivered it without knowing (crash trials aim here).
SLOW_AFTER_DATA, SLOW_SECONDS = "slow", 1.0


class _Handler:
    """Called on aiosmtpd's thread; SmtpServer._record does the locking."""

    def __init__(self, server: "SmtpServer"):
        self.server = server

    async def handle_MAIL(self, smtp, session, envelope, address, mail_options) -> str:
        if self.server.auth is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from, envelope.mail_options = address, list(mail_options)
        return "250 OK"

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options) -> str:
        local = address.partition("@")[0].lower()
        for prefix, reply in FAULTS.items():
            if local.startswith(prefix):
                return reply
        if local.startswith(GREYLIST) and self.server._first_try(address):
            return "450 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope) -> str:
        dropped = any(r.lower().startswith(DROP_AFTER_DATA) for r in envelope.rcpt_tos)
        slow = any(r.lower().startswith(SLOW_AFTER_DATA) for r in envelope.rcpt_tos)
        closing = any(r.lower().startswith(CLOSING_AFTER_DATA) for r in envelope.rcpt_tos)
        self.server._record(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                bytes(envelope.original_content or envelope.content),
                dt.datetime.now(dt.UTC),
            )
        )
        if dropped:  # delivered, but the client never hears so: an ambiguous outcome
            smtp.transport.close()
        elif slow:
            await asyncio.sleep(self.server.slow_seconds)
        elif closing:  # kept, yet the answer says the server is going away
            return "421 4.3.2 Service shutting down, closing transmission channel"
        return "250 OK message accepted"


def _authenticator(
    user: str, password: str, attempts: list[tuple[str, str]]
) -> Callable[..., object]:
    """aiosmtpd's authenticator hook: the one configured login succeeds; every attempt
    is kept in `attempts`, so a test can tell that no password ever arrived."""
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(server, session, envelope, mechanism, auth_data) -> AuthResult:
        got = ("", "")
        if isinstance(auth_data, LoginPassword):
            got = (auth_data.login.decode(errors="replace"),
                   auth_data.password.decode(errors="replace"))  # fmt: skip
        attempts.append(got)
        return AuthResult(success=got == (user, password), handled=False)

    return check


class SmtpServer:
    """Start/stop the sink; `messages` is a snapshot of what arrived so far."""

    def __init__(
        self, deliver_to: DovecotServer | None = None, auth: tuple[str, str] | None = None,
        tls: ssl.SSLContext | None = None, starttls: bool = False,
    ):  # fmt: skip
        """`tls`: a server context: implicit TLS, or with `starttls` STARTTLS required
        before MAIL FROM (and offered after EHLO)."""
        self.host, self.port = HOST, 0
        self.deliver_to = deliver_to
        self.auth = auth  # (user, password) the server demands, or None for no AUTH
        self.tls, self.starttls = tls, starttls
        self.logins: list[tuple[str, str]] = []  # every AUTH attempt (login, password)
        self.slow_seconds = SLOW_SECONDS  # the pause before answering DATA to `slow…`
        self._received: list[Received] = []
        self._greylisted: set[str] = set()
        self._lock = threading.Condition()
        self._controller = None

    def start(self) -> "SmtpServer":
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            raise RigUnavailable("aiosmtpd not installed: pip install -e '.[test]'") from None
        self.port = free_port()
        login = {}
        if self.auth is not None:
            # Enforced in _Handler.handle_MAIL: aiosmtpd's auth_required warns without TLS.
            login = {"authenticator": _authenticator(*self.auth, self.logins),
                     "auth_require_tls": False}  # fmt: skip
        if self.tls is not None and self.starttls:
            login |= {"tls_context": self.tls, "require_starttls": True}
        elif self.tls is not None:
            login |= {"ssl_context": self.tls}
        self._controller = Controller(
            _Handler(self), hostname=self.host, port=self.port, server_hostname="rig.test", **login
        )
        try:
            self._controller.start()
        except Exception:
            self._controller.loop.close()
            self._controller = None
            raise
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller.loop.close()
            self._controller = None

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _record(self, received: Received) -> None:
        if self.deliver_to is not None:
            for rcpt in received.rcpt_tos:
                user = rcpt.rpartition("@")[0] or rcpt
                self.deliver_to.append_messages(
                    user, "INBOX", [(received.data, received.received_at)]
                )
        with self._lock:
            self._received.append(received)
            self._lock.notify_all()

    @property
    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()
            self._greylisted.clear()

    def _first_try(self, address: str) -> bool:
        """True the first time `address` is seen as a greylisted recipient."""
        with self._lock:
            first = address.lower() not in self._greylisted
            self._greylisted.add(address.lower())
            return first

    def wait_until(
        self, done: Callable[[list[Received]], bool], timeout: float = 10
    ) -> list[Received] | None:
        """Block until `done(messages)` holds; None if it did not within `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not done(self._received):
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._lock.wait(left)
            return list(self._received)

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        """Block until at least `count` messages arrived (for mail sent by a daemon)."""
        got = self.wait_until(lambda received: len(received) >= count, timeout)
        if got is None:
            raise RigError(f"expected {count} messages, got {len(self.messages)}")
        return got
