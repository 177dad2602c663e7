"""`mailbot doctor`: is this installation ready to run? Small checks, each a result.

Every check talks to the real thing (IMAP login and folders, SMTP up to AUTH with
nothing sent, the lead-check resolver, the database, the templates) and turns any
failure into one sentence with a hint. None raises for what a user can cause; the
CLI prints the results and sets the exit status.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from mailbot.adapters.dns import DnsProbe
from mailbot.adapters.imap import ImapMailbox
from mailbot.adapters.smtp import SmtpSender
from mailbot.config import Config, Mailbox, ServerAccount
from mailbot.domain.leadcheck import NODATA, NXDOMAIN, OK
from mailbot.domain.mailcontext import sample_contexts
from mailbot.errors import LoginRefused, MailbotError, TemporaryMailboxError
from mailbot.services.renumbering import breaker_open, mailbox_hold
from mailbot.services.sync import SENT_NAMES
from mailbot.services.templates import Templates, check_config_templates
from mailbot.store.db import HEAD, current_revision, open_engine, session_factory, shown_url
from mailbot.store.service import record

OK_, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass(frozen=True)
class Result:
    check: str  # "imap login", "smtp", "dns"…
    outcome: str  # ok / warn / FAIL
    detail: str  # one sentence
    hint: str = ""
    mailbox: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome == FAIL

    def line(self) -> str:
        where = f"[{self.mailbox}] " if self.mailbox else ""
        hint = f" — {self.hint}" if self.hint and self.outcome != OK_ else ""
        return f"{self.outcome:<4} {where}{self.check}: {self.detail}{hint}"


def run_checks(config: Config, now: datetime) -> Iterator[Result]:
    """Every check in order, as each finishes (the network ones take a moment)."""
    yield from check_database(config, now)
    yield from check_templates(config)
    yield check_dns(config)
    if not config.mailboxes:
        yield Result("mailboxes", FAIL, "no [[mailboxes]] configured",
                     "add one (`mailbot init` writes a starter config)")  # fmt: skip
    for mailbox in config.mailboxes:
        yield from check_imap(mailbox)
        yield check_smtp(mailbox, config.sending.mode)


# -- the database ----------------------------------------------------------------------


def check_database(config: Config, now: datetime) -> Iterator[Result]:
    url = config.database_url()
    shown = shown_url(url)  # never a password
    try:
        engine = open_engine(url)  # migrates to HEAD
        revision = current_revision(engine)
        with session_factory(engine)() as session:  # a write, rolled back: is it writable?
            record(session, now, "doctor", "write check")
            session.flush()
            session.rollback()
        engine.dispose()
    except MailbotError as exc:
        yield Result("database", FAIL, f"{shown}: {_message(exc)}", exc.hint or _DB_HINT)
        return
    except SQLAlchemyError as exc:
        first = str(exc).splitlines()[0]
        yield Result("database", FAIL, f"{shown} is not writable: {first}", _DB_HINT)
        return
    if revision != HEAD:
        yield Result("database", FAIL, f"{shown} is at schema {revision}, not {HEAD}",
                     "upgrade mailbot, or restore the database of this version")  # fmt: skip
        return
    yield Result("database", OK_, f"{shown} writable, schema {HEAD}")
    yield from check_sync_holds(config)


def check_sync_holds(config: Config) -> Iterator[Result]:
    """A sync breaker left open, or a re-map a killed sync left half done."""
    engine = open_engine(config.database_url())
    with session_factory(engine)() as session:
        holds = [(m.name, breaker_open(session, config, m.name),
                  mailbox_hold(session, config, m.name)) for m in config.mailboxes]  # fmt: skip
    engine.dispose()
    for name, breaker, why in holds:
        if breaker:
            yield Result("sync", FAIL, breaker, "", name)
        elif why:
            yield Result("sync", WARN, why, "the next `mailbot sync` completes the re-map", name)


_DB_HINT = "check [database].url, and that this user may write the file and its folder"


# -- templates -------------------------------------------------------------------------


def check_templates(config: Config) -> Iterator[Result]:
    templates = Templates.for_config(config)
    problems = templates.check(sample_contexts) + check_config_templates(config, templates)
    hint = "fix the file; `mailbot preview` shows a template as a customer gets it"
    for problem in problems:
        yield Result("templates", FAIL, str(problem), hint)
    if not problems:
        files = templates.files()
        langs = sorted({f.language for f in files})
        yield Result("templates", OK_, f"{len(files)} files render for a sample customer "
                     f"({', '.join(langs)})")  # fmt: skip


# -- DNS (lead checks) -----------------------------------------------------------------


def check_dns(config: Config) -> Result:
    domains = sorted(config.own_domains) or sorted(
        {m.address.rsplit("@", 1)[1] for m in config.mailboxes}
    )
    # a lead check that is switched off cannot hurt: its failure is only a warning
    bad = FAIL if config.verification.auto else WARN
    servers = ", ".join(config.verification.nameservers) or "the system's resolver"
    if not domains:
        return Result("dns", WARN, "no own domain to ask about",
                      "set [company].own_domains or add a mailbox")  # fmt: skip
    domain = domains[0]
    try:
        answer = asyncio.run(DnsProbe(config.verification).answer(domain, "MX"))
    except MailbotError as exc:
        return Result("dns", bad, str(exc), exc.hint)
    hint = (
        "check [verification].nameservers and port, or turn [verification].auto off"
        if config.verification.auto
        else "lead checks are off ([verification].auto = false); `mailbot verify` needs this"
    )
    if answer.status == OK:
        mx = ", ".join(answer.records)
        return Result("dns", OK_, f"{servers} answers: MX of {domain} is {mx}")
    if answer.status == NODATA:
        return Result("dns", OK_, f"{servers} answers: {domain} has no MX record")
    if answer.status == NXDOMAIN:
        return Result("dns", bad, f"{servers} says your own domain {domain} does not exist: "
                      "lead checks would call every address invalid", hint)  # fmt: skip
    return Result("dns", bad, f"{servers} gave no answer for {domain} ({answer.why})", hint)


# -- IMAP and SMTP ---------------------------------------------------------------------


def check_imap(mailbox: Mailbox) -> Iterator[Result]:
    a, name = mailbox.imap, mailbox.name
    step = "imap login"
    try:
        with ImapMailbox(a) as imap:
            yield Result(step, OK_, f"{a.username} at {a.host}:{a.port}", mailbox=name)
            step = "imap folders"
            folders = imap.folders()
            special = imap.sent_folder()
            inbox = imap.select("INBOX")
    except MailbotError as exc:
        yield Result(step, FAIL, _message(exc), _hint(exc, a, "imap"), name)
        return
    yield from _folders(mailbox, [f.name for f in folders], special, inbox.exists)


def _folders(
    mailbox: Mailbox, names: list[str], special: str | None, inbox: int
) -> Iterator[Result]:
    name, imap = mailbox.name, mailbox.imap
    listing = "folders on the server: " + ", ".join(names)
    yield Result("imap folders", OK_, f"INBOX ({inbox} messages)", mailbox=name)
    if imap.sent_folder:
        found = imap.sent_folder if imap.sent_folder in names else None
        how = "sent_folder"
    else:
        found = special or next((n for n in SENT_NAMES if n in names), None)
        how = "SPECIAL-USE \\Sent" if special else "its name"
    if found:
        yield Result("imap folders", OK_, f"Sent is {found!r} (by {how})", mailbox=name)
    elif imap.sent_folder:
        yield Result("imap folders", FAIL, f"sent_folder {imap.sent_folder!r} does not exist",
                     "set imap.sent_folder to one of the " + listing, name)  # fmt: skip
    else:
        yield Result("imap folders", FAIL, "no Sent folder (none flagged \\Sent, none by name)",
                     "set imap.sent_folder; " + listing, name)  # fmt: skip
    for extra in imap.extra_folders:
        if extra not in names:
            yield Result("imap folders", FAIL, f"extra folder {extra!r} does not exist",
                         "fix imap.extra_folders; " + listing, name)  # fmt: skip


def check_smtp(mailbox: Mailbox, mode: str) -> Result:
    a, name = mailbox.smtp, mailbox.name
    if a is None:
        outcome = OK_ if mode == "dry-run" else WARN
        return Result("smtp", outcome, "no [mailboxes.smtp]: this mailbox cannot send",
                      "add one to send from it", name)  # fmt: skip
    try:
        greeting = SmtpSender(a).probe()
    except MailbotError as exc:
        return Result("smtp", FAIL, _message(exc), _hint(exc, a, "smtp"), name)
    auth = f", AUTH {' '.join(greeting.auth_methods)}" if greeting.auth_methods else ""
    detail = f"{a.host}:{a.port} {greeting.protocol}, {greeting.tls}{auth}, {greeting.login}"
    return Result("smtp", OK_, detail + " (nothing sent)", mailbox=name)


def _hint(exc: MailbotError, a: ServerAccount, which: str) -> str:
    if isinstance(exc, LoginRefused):
        source = (f"the variable named by password_env ({a.password_env})" if a.password_env
                  else f"the password_file ({a.password_file})" if a.password_file
                  else "password_env or password_file (none is set)")  # fmt: skip
        return f"check the username ({a.username}) and {source}"
    if isinstance(exc, TemporaryMailboxError):
        return (f"check {which} host and port ({a.host}:{a.port}) and security "
                f'("{a.security}"), and that the server is reachable from here')  # fmt: skip
    return exc.hint


def _message(exc: MailbotError) -> str:
    """The sentence without the adapter's hint: doctor gives its own."""
    return str(exc.args[0]) if exc.args else str(exc)
