"""`mailbot event` and `mailbot import orders`: what happened to a customer's orders."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mailbot.cli.app import App
from mailbot.cli.plan import parse_instant
from mailbot.config import ORDER_EVENTS
from mailbot.domain.order_csv import OrderRow, read_orders
from mailbot.errors import ImportFileError, MailbotError
from mailbot.services.orders import OrderLog
from mailbot.store.overview import find_customer


@click.command("event")
@click.argument("customer_ref", metavar="CUSTOMER")
@click.argument("kind", type=click.Choice(ORDER_EVENTS))
@click.option("--ref", default="", help="The order number.")
@click.option("--tracking", default="", help="Tracking number or link (shipping notices).")
@click.option("--product", default="", help="Product name (re-order reminders use its interval).")
@click.option("--contact", help="The buyer's address, when not the usual contact.")
@click.option("--at", "at", metavar="ISO-8601", help="When it happened (default: now).")
@click.pass_obj
def event(
    app: App, customer_ref: str, kind: str, ref: str, tracking: str, product: str,
    contact: str | None, at: str | None,
) -> None:  # fmt: skip
    """Record an order event for CUSTOMER (domain, address or id); care mails follow it."""
    when = parse_instant(at, app.clock())
    with app.sessions.begin() as session:
        customer = find_customer(session, customer_ref)
        if customer is None:
            raise MailbotError(f"no customer {customer_ref!r}", "see `mailbot customers`")
        row = OrderRow(0, customer.key, kind, when, ref.strip(), tracking.strip(),
                       product.strip(), contact.strip().lower() if contact else None)  # fmt: skip
        stored, new = OrderLog(session, app.clock(), "cli").record(customer, row)
        click.echo(f"{'recorded' if new else 'already recorded'}: #{stored.id} {customer.key} "
                   f"{kind} {ref or '(no ref)'} at {when:%Y-%m-%d %H:%M}Z")  # fmt: skip


@click.command("orders")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate and count, store nothing.")
@click.pass_obj
def import_orders(app: App, file: Path, dry_run: bool) -> None:
    """Record order events from a CSV FILE (all or nothing; safe to repeat)."""
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{file}: cannot read: {exc}", "save it as UTF-8 CSV") from None
    parsed = read_orders(text)
    with app.sessions() as session:
        report = OrderLog(session, app.clock(), "import").record_all(parsed.rows) \
            if not parsed.problems else None  # fmt: skip
        problems = parsed.problems or (report.problems if report else [])
        for problem in problems:
            click.echo(f"{file}: {problem}", err=True)
        if problems or report is None:
            session.rollback()
            raise ImportFileError(
                f"{file}: {len(problems)} problem(s), nothing imported",
                "fix the cells named above and run the command again",
            )
        if dry_run:
            session.rollback()
        else:
            session.commit()
    verb = "would record" if dry_run else "recorded"
    click.echo(f"{file}: {verb} {len(report.recorded)} event(s), {report.known} already known")
