"""`mailbot import customers` and `mailbot export customers`: customer CSV in and out."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TextIO

import click

from mailbot.cli.app import App
from mailbot.cli.verify import verify_new_leads
from mailbot.domain.crm_columns import GENERIC_COLUMNS, LAYOUTS
from mailbot.domain.crm_csv import Rules, read_customers, to_row
from mailbot.domain.parties import Us
from mailbot.errors import ImportFileError, MailbotError
from mailbot.services.customer_import import CustomerImport, ImportReport, export_rows


@click.command("customers")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--layout",
    type=click.Choice(["auto", *LAYOUTS]),
    default="auto",
    show_default=True,
    help="Column layout; auto tells it from the header.",
)
@click.option(
    "--date-format",
    type=click.Choice(["dmy", "mdy"]),
    help="How to read slash dates like 03/04/1980 (ISO dates always work).",
)
@click.option("--dry-run", is_flag=True, help="Validate and count, store nothing.")
@click.pass_obj
def import_customers(
    app: App, file: Path, layout: str, date_format: str | None, dry_run: bool
) -> None:
    """Upsert customers and contacts from a CSV FILE (all or nothing)."""
    config = app.config
    rules = Rules(
        Us(config.own_addresses, config.own_domains),
        tuple(t.name for t in config.tiers),
        date_format,
    )
    parsed = read_customers(_read(file), layout, rules)
    for warning in parsed.warnings:
        click.echo(f"{file}: warning: {warning}", err=True)
    for problem in parsed.problems:
        click.echo(f"{file}: {problem}", err=True)
    if parsed.problems:
        raise ImportFileError(
            f"{file}: {len(parsed.problems)} problem(s), nothing imported",
            "fix the cells named above and run the command again",
        )
    with app.sessions() as session:
        report = CustomerImport(session, app.clock(), config.replies, file.name).run(
            parsed.customers
        )
        if dry_run:
            session.rollback()
        else:
            session.commit()
    click.echo(_summary(file, parsed.layout, report, dry_run))
    found = None if dry_run else verify_new_leads(app)
    if found:
        click.echo(found)


def _read(file: Path) -> str:
    try:
        return file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(f"no such file: {file}") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read {file}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{file}: not UTF-8 text (byte {exc.start})",
            "save it from your spreadsheet as 'CSV UTF-8'",
        ) from None


def _summary(file: Path, layout: str, r: ImportReport, dry_run: bool) -> str:
    text = (
        f"{file} ({layout}): customers {r.customers_created} created, "
        f"{r.customers_updated} updated, {r.customers_unchanged} unchanged; "
        f"contacts {r.contacts_created} created, {r.contacts_updated} updated, "
        f"{r.contacts_unchanged} unchanged"
    )
    if r.suppressed:
        text += f"; {r.suppressed} opted-out address(es) suppressed"
    if r.opt_outs_lifted:
        text += (f"; {r.opt_outs_lifted} opted-out address(es) left unsuppressed: a person "
                 "lifted their opt-out (`mailbot suppressions --add` to re-add)")  # fmt: skip
    return text + (" (dry run: nothing stored)" if dry_run else "")


@click.group("export")
def export_group() -> None:
    """Write store data out as files."""


@export_group.command("customers")
@click.argument("file", default="-", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
def export_customers(app: App, file: Path) -> None:
    """Write customers and contacts to FILE (default: stdout) in the generic CSV layout."""
    with app.sessions() as session:
        rows = [to_row(values) for values in export_rows(session)]
    if str(file) == "-":
        _write(sys.stdout, rows)
        return
    try:
        # A BOM so Excel reads it as UTF-8; import strips it.
        with file.open("w", encoding="utf-8-sig", newline="") as out:
            _write(out, rows)
    except OSError as exc:
        raise MailbotError(f"cannot write {file}: {exc.strerror}") from None
    click.echo(f"{file}: {len(rows)} rows", err=True)


def _write(out: TextIO, rows: list[list[str]]) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(GENERIC_COLUMNS)
    writer.writerows(rows)
