"""The `mailbot` command line: thin wrappers that load config, call a service, print."""

from __future__ import annotations

import importlib
import sys

import click

from mailbot.cli.app import App
from mailbot.errors import MailbotError

# Each command is imported only when run: `mailbot plan` does not pay for the
# parser and classifier, and `--help` stays quick.
COMMANDS = {
    "sync": "mailbot.cli.mail:sync",
    "import": "mailbot.cli.mail:import_group",
    "customers": "mailbot.cli.review:customers",
    "thread": "mailbot.cli.review:thread",
    "plan": "mailbot.cli.plan:plan",
    "demo": "mailbot.cli.demo:demo",
    "inspect": "mailbot.cli.replies:inspect",
    "suppressions": "mailbot.cli.replies:suppressions",
    "export": "mailbot.cli.customers_io:export_group",
    "check": "mailbot.cli.templates_cli:check",
    "preview": "mailbot.cli.templates_cli:preview",
    "run": "mailbot.cli.run:run",
    "approve": "mailbot.cli.run:approve",
    "reject": "mailbot.cli.run:reject",
    "log": "mailbot.cli.outbox_log:log",
    "event": "mailbot.cli.orders:event",
    "verify": "mailbot.cli.verify:verify",
    "stats": "mailbot.cli.stats:stats",
    "digest": "mailbot.cli.digest:digest",
    "status": "mailbot.cli.status:status",
    "doctor": "mailbot.cli.doctor:doctor",
    "init": "mailbot.cli.init:init",
    "migrate-db": "mailbot.cli.migrate_db:migrate_db",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return super().get_command(ctx, name)
        module, attr = COMMANDS[name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    metavar="FILE",
    envvar=None,
    help="Config file (default: $MAILBOT_CONFIG, else ./mailbot.toml).",
)
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.version_option(package_name="mailbot")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """mailbot: follow-up mail for cross-border B2B sales teams."""
    ctx.obj = App(config_path, verbose=verbose)
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except MailbotError as exc:
        click.echo(f"mailbot: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
