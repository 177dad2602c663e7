"""`mailbot digest`: show the team's digest for an instant, or send it."""

from __future__ import annotations

from datetime import UTC

import click

from mailbot.cli.app import App
from mailbot.cli.plan import parse_instant
from mailbot.errors import ConfigError, MailbotError
from mailbot.services.digest import build_digest, send_digest


@click.command()
@click.option("--at", "at", metavar="ISO-8601", help="As if the clock read this instant.")
@click.option("--send", is_flag=True, help="Send it to [digest].recipients now.")
@click.option("--force", is_flag=True, help="With --send: even if today's was sent.")
@click.option("--html", "as_html", is_flag=True, help="Print the HTML part instead of the text.")
@click.pass_obj
def digest(app: App, at: str | None, send: bool, force: bool, as_html: bool) -> None:
    """Print the digest that would go out at that instant; --send sends it."""
    now = parse_instant(at, app.clock()).astimezone(UTC)
    if force and not send:
        raise click.UsageError("--force only goes with --send")
    if not send:
        made = build_digest(app.config, app.sessions, now)
        click.echo(made.html if as_html else f"Subject: {made.subject}\n\n{made.text}", nl=False)
        return
    if not app.config.digest.recipients:
        raise ConfigError(f"{app.config_file}: [digest] recipients is empty",
                          "list the team's addresses, e.g. recipients = [\"sales@…\"]")  # fmt: skip
    result = send_digest(app.config, app.sessions, now, force=force)
    if result.note:
        click.echo(f"not sent: {result.note}")
        return
    for line in result.failed:
        click.echo(f"not delivered: {line}", err=True)
    if not result.sent:
        raise MailbotError(f"the digest for {result.day} reached none of its recipients")
    click.echo(f"sent the digest for {result.day} to {', '.join(result.delivered)}: "
               f"{result.subject}")  # fmt: skip
