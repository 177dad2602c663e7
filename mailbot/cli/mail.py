"""Commands that bring mail in: `sync` from IMAP, `import` from an export."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import click

from mailbot.adapters.imap import ImapMailbox
from mailbot.adapters.mailfile import count_messages, read_messages
from mailbot.cli.app import App
from mailbot.cli.customers_io import import_customers
from mailbot.cli.orders import import_orders
from mailbot.errors import ConfigError
from mailbot.progress import progress_for_terminal
from mailbot.services import renumbering
from mailbot.services.aftersync import LeadsBeside
from mailbot.services.importer import import_messages
from mailbot.services.profiles import infer_profiles
from mailbot.services.renumbering import SyncBreakerOpen
from mailbot.services.sync import MailboxSync


@click.command()
@click.option("--mailbox", "names", multiple=True, help="Only this mailbox (repeatable).")
@click.option("--reset-breaker", is_flag=True, help="Close the UIDVALIDITY breaker, then sync.")
@click.pass_obj
def sync(app: App, names: tuple[str, ...], reset_breaker: bool) -> None:
    """Fetch new mail from INBOX, Sent and extra folders into the store."""
    mailboxes = [app.config.mailbox(n) for n in names] or app.config.mailboxes
    if not mailboxes:
        raise ConfigError(
            f"{app.config_file}: no [[mailboxes]] configured", "add one; see config.example.toml"
        )
    stopped: list[SyncBreakerOpen] = []
    for mailbox in mailboxes:
        if reset_breaker:
            with app.sessions.begin() as session:
                closed = renumbering.reset_breaker(session, mailbox.name, app.clock())
            if closed:
                click.echo(f"{mailbox.name}: breaker closed for {', '.join(closed)}")
        job = MailboxSync(app.config, mailbox, app.sessions, app.clock, progress_for_terminal())
        with ImapMailbox(mailbox.imap) as imap:
            try:
                reports = job.run(imap)
            except SyncBreakerOpen as exc:  # this mailbox only: the others still sync
                click.echo(f"{mailbox.name}: {exc}", err=True)
                stopped.append(exc)
                continue
            for r in reports:
                click.echo(
                    f"{mailbox.name}/{r.folder}: {r.stored} new, {r.duplicates} known, "
                    f"{r.expunged} gone"
                    + (" (UIDVALIDITY changed: re-mapped)" if r.remapped else "")
                )
    _after_storing(app)
    if stopped:
        raise stopped[0]


@click.group("import")
def import_group() -> None:
    """Seed history from an mbox file or a Maildir folder."""


def _import(app: App, path: Path, fmt: str) -> None:
    progress = progress_for_terminal()
    progress.start(path.name, count_messages(path, fmt))
    report = import_messages(
        read_messages(path, fmt), app.config, app.sessions, app.clock, progress
    )
    click.echo(
        f"{path}: {report.stored} stored, {report.duplicates} already known, "
        f"{report.defects} with parse defects"
    )
    _after_storing(app)


def _after_storing(app: App) -> None:
    """Country, zone and languages from the new mail (DOMAIN.md §2); and, if `auto`, is
    each new customer real? (services/verification.py), in a second process meanwhile
    when many are due (services/aftersync.py)."""
    now = app.clock()
    leads = LeadsBeside(app.sessions, app.config, now) if app.config.verification.auto else None
    with leads or nullcontext(), app.sessions.begin() as session:
        run = infer_profiles(session, app.config, now)
    changed = ", ".join(f"{n} {name}" for name, n in sorted(run.changed.items())) or "nothing new"
    click.echo(f"profiles: {run.customers} customer(s) read; inferred {changed}")
    found = leads.finish() if leads is not None else None
    if found is not None and found.checked:
        click.echo(found.line())


@import_group.command("mbox")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_obj
def import_mbox(app: App, file: Path) -> None:
    """Import an mbox FILE (safe to repeat: known messages are skipped)."""
    _import(app, file, "mbox")


@import_group.command("maildir")
@click.argument("folder", type=click.Path(path_type=Path))
@click.pass_obj
def import_maildir(app: App, folder: Path) -> None:
    """Import a Maildir FOLDER (safe to repeat)."""
    _import(app, folder, "maildir")


import_group.add_command(import_customers)
import_group.add_command(import_orders)
