"""Commands about reading replies: `inspect` a message, manage `suppressions`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table
from sqlalchemy import select

from mailbot.cli.app import App
from mailbot.cli.review import console
from mailbot.domain.classify import Context, classify
from mailbot.domain.parsing import parse_message, raw_from_bytes
from mailbot.errors import MailbotError
from mailbot.services.ingest import verdict_json
from mailbot.services.replies import ReplyEffects
from mailbot.store.models import Suppression


def inspect_file(path: Path, country: str | None) -> dict[str, object]:
    """Classify one file; any failure becomes a line that says so, never a traceback."""
    try:
        msg = parse_message(raw_from_bytes(path.read_bytes()))
        out = verdict_json(classify(msg, Context(country=country)))
        return {
            "file": str(path),
            "subject": msg.subject,
            "from": msg.from_.email if msg.from_ else None,
            **out,
        }
    except Exception as exc:  # noqa: BLE001 - the promise is one line per input
        return {
            "file": str(path),
            "kind": None,
            "return_date": None,
            "return_date_certain": None,
            "bounce": None,
            "reasons": [f"could not read or classify: {exc}"],
        }


def _describe(row: dict) -> str:
    lines = [f"{row['file']}: {row['kind'] or 'unreadable'}"]
    if row.get("return_date"):
        sure = "certain" if row.get("return_date_certain") else "uncertain"
        lines.append(f"  back on {row['return_date']} ({sure})")
    if row.get("bounce"):
        b = row["bounce"]
        kind = "permanent" if b["permanent"] else "temporary"
        lines.append(f"  {kind} failure {b['status'] or ''} for {', '.join(b['recipients'])}")
    if row.get("replacement"):
        lines.append(f"  new contact: {row['replacement']}")
    lines += [f"  because {reason}" for reason in row["reasons"]]
    return "\n".join(lines)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--country", help="The sender's country (ISO code): day/month order, holidays.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def inspect(files: tuple[Path, ...], country: str | None, as_json: bool) -> None:
    """Classify .eml FILES: human, out_of_office, bounce, unsubscribe… and why."""
    for path in files:
        row = inspect_file(path, country.upper() if country else None)
        click.echo(json.dumps(row, ensure_ascii=False) if as_json else _describe(row))


@click.command()
@click.option("--add", "add", metavar="ADDRESS", help="Suppress this address by hand.")
@click.option("--remove", "remove", metavar="ADDRESS", help="Lift this address's suppression.")
@click.option("--reason", default="manual", show_default=True, help="Why (with --add).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def suppressions(app: App, add: str | None, remove: str | None, reason: str, as_json: bool) -> None:
    """Addresses that get no automated mail, why and since when."""
    with app.sessions.begin() as session:
        if add:
            added = ReplyEffects(session, app.config.replies, app.clock()).suppress(
                add.strip().lower(), None, "manual", reason, None
            )
            click.echo(f"{add}: {'suppressed' if added else 'already suppressed'}")
        if remove:
            _lift(session, remove.strip().lower(), app.clock())
            click.echo(f"{remove}: suppression lifted")
        rows = session.scalars(
            select(Suppression).where(Suppression.removed_at.is_(None)).order_by(Suppression.since)
        ).all()
        if add or remove:
            return
        if as_json:
            click.echo(json.dumps([_suppression_json(r) for r in rows], indent=1))
            return
        table = Table(title=f"{len(rows)} suppressions", title_justify="left")
        for name in ("address / customer", "reason", "since (UTC)", "detail"):
            table.add_column(name)
        for r in rows:
            table.add_row(
                r.address or f"customer #{r.customer_id}",
                r.reason,
                r.since.strftime("%Y-%m-%d %H:%M"),
                r.detail,
            )
        console().print(table)


def _lift(session, address: str, now) -> None:  # type: ignore[no-untyped-def]
    rows = session.scalars(
        select(Suppression).where(Suppression.address == address, Suppression.removed_at.is_(None))
    ).all()
    if not rows:
        raise MailbotError(f"{address} is not suppressed")
    for row in rows:
        row.removed_at = now


def _suppression_json(r: Suppression) -> dict[str, object]:
    return {
        "address": r.address,
        "customer_id": r.customer_id,
        "reason": r.reason,
        "detail": r.detail,
        "since": r.since.isoformat(),
        "source_message_id": r.source_message_id,
    }
