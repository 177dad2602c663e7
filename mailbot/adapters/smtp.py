"""Handing one message to the mailbox's SMTP server, with an honest outcome.

The outcome is what matters for "exactly once": `sent` (250 after DATA),
`temporary` (4xx — but 421 after DATA —, nothing was transmitted, or a refusal
before RCPT — a wrong password, AUTH required, MAIL FROM refused — is our account's
fault, not the recipient's: safe to retry), `permanent` (5xx to RCPT or DATA: never retry,
suppress the recipient), or `unknown` — the connection broke after the message
was transmitted and before the server's answer, or the answer to the final dot
was 421 (the server closing down), so it may have been delivered.
An unknown send is never retried by mailbot; a person decides.

`redirect_all_to` is enforced here, at the last step, so no code path can reach a
real customer while it is set.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum

import aiosmtplib

from mailbot.config import SmtpAccount
from mailbot.errors import LoginRefused, MailboxError

_WORDS = {
    421: "the server is closing the connection (busy or shutting down)",
    450: "the mailbox is temporarily unavailable",
    451: "the server had a local error",
    452: "the server is out of storage",
    454: "TLS or authentication is temporarily unavailable",
    500: "the server did not understand a command",
    530: "the server requires authentication",
    535: "the user name or password was refused",
    550: "the mailbox does not exist or refuses mail",
    551: "the user is not local to this server",
    552: "the message exceeds the mailbox's storage",
    553: "the mailbox name is not allowed",
    554: "the transaction failed (often: rejected as spam or by policy)",
}


class Outcome(StrEnum):
    SENT = "sent"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Delivery:
    outcome: Outcome
    code: int | None
    words: str  # for people: what happened, in plain words
    recipient: str  # the envelope recipient actually used (redirects show here)


def explain(code: int | None, message: str = "") -> str:
    """'550 the mailbox does not exist or refuses mail (5.1.1 User unknown)'."""
    if code is None:
        return message or "no answer from the server"
    general = _WORDS.get(code) or (
        "temporary failure" if 400 <= code < 500 else "permanent failure" if code >= 500 else ""
    )
    detail = f"({message.strip()})" if message.strip() else ""
    return " ".join(x for x in (str(code), general, detail) if x)


class SmtpSender:
    def __init__(self, account: SmtpAccount, redirect_all_to: str | None = None) -> None:
        self.account = account
        self.redirect_all_to = redirect_all_to

    def send(self, message: EmailMessage, sender: str, recipient: str) -> Delivery:
        target = self.redirect_all_to or recipient
        if self.redirect_all_to:
            del message["X-Mailbot-Redirected-From"]
            message["X-Mailbot-Redirected-From"] = recipient
        return asyncio.run(self._send(message, sender, target))

    async def _send(self, message: EmailMessage, sender: str, recipient: str) -> Delivery:
        a = self.account
        client = aiosmtplib.SMTP(
            hostname=a.host,
            port=a.port,
            use_tls=a.security == "tls",
            start_tls=a.security == "starttls",
            tls_context=self._tls(),
            timeout=a.read_timeout,
        )
        try:  # nothing of the message has left before DATA: any failure is retryable
            await asyncio.wait_for(client.connect(), a.connect_timeout)
            password = a.password
            if password is not None:
                await client.login(a.username, password.get_secret_value())
            await client.mail(sender)
            await client.rcpt(recipient)
        except aiosmtplib.SMTPRecipientRefused as exc:
            return _refused(exc.code, exc.message, recipient, client)
        except aiosmtplib.SMTPResponseException as exc:
            # Refused before RCPT (login, AUTH required, MAIL FROM): our account or
            # server is at fault, not the recipient — temporary, so no one is suppressed.
            await _quit(client)
            words = "before the recipient: " + explain(exc.code, exc.message)
            return Delivery(Outcome.TEMPORARY, exc.code, words, recipient)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            client.close()  # no connection, or no trusted one: no AUTH and nothing sent
            words = f"before sending: {_probe_error(exc, f'{a.host}:{a.port}', a.security)}"
            return Delivery(Outcome.TEMPORARY, None, words, recipient)
        try:
            response = await client.data(message.as_bytes())
        except aiosmtplib.SMTPResponseException as exc:  # the server answered: not delivered
            await _quit(client)
            if exc.code == 421:  # "closing": it may have kept the message before hanging up
                words = "after the message was sent: " + explain(exc.code, exc.message)
                return Delivery(Outcome.UNKNOWN, exc.code, words, recipient)
            kind = Outcome.PERMANENT if exc.code >= 500 else Outcome.TEMPORARY
            return Delivery(kind, exc.code, explain(exc.code, exc.message), recipient)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            client.close()
            words = f"the connection broke after the message was sent, before the answer: {exc}"
            return Delivery(Outcome.UNKNOWN, None, words, recipient)
        await _quit(client)
        return Delivery(Outcome.SENT, response.code, explain(response.code, response.message),
                        recipient)  # fmt: skip

    def probe(self) -> Greeting:
        """Connect, EHLO, STARTTLS and log in as a send would, then QUIT: no MAIL FROM,
        nothing sent. For `mailbot doctor`; a failure is a `MailboxError` with a hint."""
        return asyncio.run(self._probe())

    async def _probe(self) -> Greeting:
        a = self.account
        client = aiosmtplib.SMTP(hostname=a.host, port=a.port, use_tls=a.security == "tls",
                                 start_tls=a.security == "starttls", tls_context=self._tls(),
                                 timeout=a.read_timeout)  # fmt: skip
        where = f"{a.host}:{a.port}"
        try:
            await asyncio.wait_for(client.connect(), a.connect_timeout)
            await client.ehlo()  # after STARTTLS too: what the server offers inside TLS
            banner = "ESMTP" if client.esmtp_extensions else "SMTP"
            password = a.password
            if password is not None:
                await client.login(a.username, password.get_secret_value())
        except aiosmtplib.SMTPAuthenticationError as exc:
            client.close()
            raise LoginRefused(f"SMTP login to {where} refused: {explain(exc.code, exc.message)}",
                               _LOGIN_HINT) from None  # fmt: skip
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            client.close()
            raise _probe_error(exc, where, a.security) from None
        await _quit(client)
        login = f"logged in as {a.username}" if a.password is not None else "no login configured"
        tls = {"tls": "TLS", "starttls": "STARTTLS", "none": "no TLS"}[a.security]
        return Greeting(banner, tls, login, sorted(client.server_auth_methods))

    def _tls(self) -> ssl.SSLContext | None:
        if self.account.security == "none":
            return None
        context = ssl.create_default_context(
            cafile=str(self.account.ca_file) if self.account.ca_file else None
        )
        if not self.account.verify_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context


_LOGIN_HINT = "check username and the variable named by password_env (or the password_file)"


@dataclass(frozen=True, slots=True)
class Greeting:
    """What `SmtpSender.probe` learned without sending anything."""

    protocol: str  # ESMTP / SMTP
    tls: str  # TLS / STARTTLS / no TLS
    login: str
    auth_methods: list[str]


def _probe_error(exc: BaseException, where: str, security: str) -> MailboxError:
    """A failed connection in words a user can act on."""
    cause = exc.__cause__ or exc.__context__
    tls_error = next((e for e in (exc, cause) if isinstance(e, ssl.SSLError)), None)
    if isinstance(tls_error, ssl.SSLCertVerificationError):
        return MailboxError(
            f"TLS certificate of {where} not trusted: {tls_error.verify_message}",
            "set smtp.ca_file to the server's CA, or fix the certificate",
        )
    if "STARTTLS EXTENSION NOT SUPPORTED" in str(exc).upper():
        return MailboxError(
            f"SMTP server {where} does not offer STARTTLS, so mailbot did not log in",
            'use security = "tls" on port 465, or fix the server',
        )
    if tls_error is not None or "STARTTLS" in str(exc).upper():
        reason = getattr(tls_error, "reason", None)
        words = reason.replace("_", " ").lower() if reason else str(exc)
        return MailboxError(f"TLS with SMTP server {where} failed: {words}",
                            f'check security (now "{security}"): port 465 is usually "tls", '
                            'port 587 "starttls"')  # fmt: skip
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return MailboxError(f"SMTP server {where} refused us: {explain(exc.code, exc.message)}",
                            "check the smtp host, port and security")  # fmt: skip
    if "AUTH" in str(exc).upper():
        return MailboxError(f"SMTP server {where} offers no login (AUTH): {exc}",
                            'use security = "starttls" or "tls" (many servers offer AUTH only '
                            "over TLS), or drop password_env if it needs none")  # fmt: skip
    errno = getattr(cause, "errno", None) or getattr(exc, "errno", None)
    words = os.strerror(errno) if errno else (str(exc) or type(exc).__name__)
    return MailboxError(
        f"cannot reach SMTP server {where}: {words}",
        "check smtp host and port, and that this machine may connect there",
    )


def _refused(code: int, message: str, recipient: str, client: aiosmtplib.SMTP) -> Delivery:
    client.close()
    kind = Outcome.PERMANENT if code >= 500 else Outcome.TEMPORARY
    return Delivery(kind, code, explain(code, message), recipient)


async def _quit(client: aiosmtplib.SMTP) -> None:
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        client.close()
