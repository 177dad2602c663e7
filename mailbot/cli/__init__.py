"""The `mailbot` command line: thin wrappers that load config, call a service, print."""

from __future__ import annotations

import sys

import click

from mailbot.cli.app import App
from mailbot.cli.demo import demo
from mailbot.cli.mail import import_group, sync
from mailbot.cli.plan import plan
from mailbot.cli.replies import inspect, suppressions
from mailbot.cli.review import customers, thread
from mailbot.errors import MailbotError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


for command in (sync, import_group, customers, thread, plan, demo, inspect, suppressions):
    cli.add_command(command)


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
