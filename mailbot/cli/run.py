"""`mailbot run --once`, `approve`, `reject`: carry out the plan, and people's decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click
from sqlalchemy import select

from mailbot.cli.app import App
from mailbot.cli.plan import parse_instant
from mailbot.cli.verify import verify_new_leads
from mailbot.config import Mailbox
from mailbot.errors import ConfigError, MailbotError
from mailbot.services.cycle import Cycle, Summary
from mailbot.services.outbox import APPROVAL, Outbox
from mailbot.services.sender_lease import SenderLease
from mailbot.store.models import OutboxMail
from mailbot.store.service import SENDER, lease

ONCE_LEASE_MINUTES = 5  # renewed before each send; a killed run frees it after this


@click.command()
@click.option("--once", is_flag=True, help="One cycle, then exit (default: run as a service).")
@click.option("--at", "at", metavar="ISO-8601", help="(--once) As if the clock read this instant.")
@click.option("--mailbox", "names", multiple=True, help="Only this mailbox (repeatable).")
@click.option("--no-sync", is_flag=True, help="(--once) Plan from the store as it is.")
@click.pass_obj
def run(app: App, once: bool, at: str | None, names: tuple[str, ...], no_sync: bool) -> None:
    """Sync, plan, and send the follow-ups that are due (per [sending].mode): once, or
    as a service until SIGTERM (watching each mailbox, see [daemon])."""
    if not once:
        if at or no_sync:
            raise click.UsageError("--at and --no-sync go with --once")
        from mailbot.services.daemon import Daemon  # the scheduler loads only here

        app.config  # noqa: B018 — loads the config and sets up logging, or exits 2
        raise SystemExit(Daemon(app.config_file, app.sessions, names).serve())
    now = parse_instant(at, app.clock()).astimezone(UTC)
    mailboxes = [app.config.mailbox(n) for n in names] or app.config.mailboxes
    if not mailboxes:
        raise ConfigError(f"{app.config_file}: no [[mailboxes]] configured",
                          "add one; see config.example.toml")  # fmt: skip
    # A syncing cycle checks the leads due after its sync (cycle.py); a replay from the
    # store has no sync, so the expired and unchecked ones are checked here, once.
    leads = verify_new_leads(app, now) if no_sync else None
    summary = _once_with_lease(app, now, mailboxes, not no_sync)
    click.echo(describe(summary, app.config.sending.mode))
    if leads:
        click.echo(leads)


def _once_with_lease(app: App, now: datetime, mailboxes: list[Mailbox], sync: bool) -> Summary:
    """One cycle as the only sender: a running daemon holds the lease, and a second
    sender would mark its send in flight `unknown` at start (the recovery step)."""
    sender = SenderLease(app.sessions)
    ttl = timedelta(minutes=ONCE_LEASE_MINUTES)
    if not sender.renew(app.clock(), ttl, lambda: None):
        with app.sessions() as session:
            held = lease(session, SENDER)
        who = f"{held.holder} since {held.acquired_at:%Y-%m-%d %H:%M:%S}Z" if held else "another"
        raise MailbotError(f"another mailbot is sending from this database ({who})",
                           "let the daemon do it, or stop it first (`mailbot status`)")  # fmt: skip
    try:
        may_send = lambda: sender.renew(app.clock(), ttl, lambda: None)  # noqa: E731
        return Cycle(app.config, app.sessions, now, may_send=may_send).run(mailboxes, sync=sync)
    finally:
        sender.release()


def describe(s: Summary, mode: str) -> str:
    lines = [f"mode {mode}: {len(s.proposed)} proposed, {len(s.sent)} sent, "
             f"{len(s.skipped)} skipped, {len(s.failed)} failed, {len(s.unknown)} unknown, "
             f"{len(s.retrying)} to retry"]  # fmt: skip
    if s.recovered:
        lines.append(f"  {s.recovered} interrupted send(s) marked unknown: see `mailbot log`")
    lines += [f"  skipped #{i}: {why}" for i, why in s.skipped]
    lines += [f"  failed #{i}: {why}" for i, why in s.failed]
    lines += [f"  unknown #{i}: may have been delivered; a person decides" for i in s.unknown]
    lines += [f"  held: {why}" for why in s.held]
    lines += [f"  dry-run: {path}" for path in s.written]
    if s.leads is not None and s.leads.checked:
        lines.append(s.leads.line())
    return "\n".join(lines)


@click.command()
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "everything", is_flag=True, help="Every mail awaiting approval.")
@click.pass_obj
def approve(app: App, ids: tuple[int, ...], everything: bool) -> None:
    """Let outbox mails ID… go out at the next `mailbot run` (also: unknown outcomes)."""
    _decide(app, ids, everything, True)


@click.command()
@click.argument("ids", nargs=-1, type=int, required=True)
@click.pass_obj
def reject(app: App, ids: tuple[int, ...]) -> None:
    """Never send outbox mails ID…."""
    _decide(app, ids, False, False)


def _decide(app: App, ids: tuple[int, ...], everything: bool, yes: bool) -> None:
    if not ids and not everything:
        raise click.UsageError("name outbox IDs (see `mailbot log`) or pass --all")
    now = app.clock()
    with app.sessions.begin() as session:
        if everything:
            rows = list(session.scalars(select(OutboxMail).where(OutboxMail.status == APPROVAL)))
        else:
            rows = [_row(session.get(OutboxMail, i), i) for i in ids]
        outbox = Outbox(session)
        for row in rows:
            try:
                outbox.decide(row, now, approve=yes, by="cli")
            except ValueError as exc:
                raise MailbotError(str(exc), "see `mailbot log`") from None
    verb = "approved" if yes else "rejected"
    click.echo(f"{verb} {len(rows)}: " + (", ".join(f"#{r.id}" for r in rows) or "none"))


def _row(row: OutboxMail | None, wanted: int) -> OutboxMail:
    if row is None:
        raise MailbotError(f"no outbox mail #{wanted}", "see `mailbot log`")
    return row
