"""`mailbot doctor`: check config, servers, DNS, database and templates; say what to fix."""

from __future__ import annotations

import click

from mailbot.cli.app import App
from mailbot.errors import ConfigError
from mailbot.services.doctor import FAIL, run_checks


@click.command()
@click.option("--mailbox", "names", multiple=True, help="Only this mailbox (repeatable).")
@click.pass_obj
def doctor(app: App, names: tuple[str, ...]) -> None:
    """Is this installation ready? One line per check (ok / warn / FAIL) with what to do.

    Logs in to IMAP and SMTP (nothing is sent), asks the lead-check resolver for your
    own domain's MX, writes to the database (rolled back) and renders every template.
    Exit status 1 when any check fails, 2 when the config itself is invalid.
    """
    try:
        config = app.config
    except ConfigError as exc:
        click.echo(f"{FAIL} config: {exc}")
        raise SystemExit(2) from None
    click.echo(f"ok   config: {app.config_file} ({len(config.mailboxes)} mailboxes)")
    if names:
        config = config.model_copy(update={"mailboxes": [config.mailbox(n) for n in names]})
    failed = 0
    for result in run_checks(config, app.clock()):
        click.echo(result.line())
        failed += result.failed
    if failed:
        click.echo(f"{failed} check(s) failed", err=True)
        raise SystemExit(1)
    click.echo("all checks passed: `mailbot run` is ready")
