"""`mailbot log`: every automated mail and what happened to it, for people to review."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import click
from sqlalchemy import select

from mailbot.cli.app import App
from mailbot.cli.plan import parse_instant
from mailbot.domain.sendstats import step_of
from mailbot.services.calendars import Calendars
from mailbot.store.models import Customer, OutboxMail, SendEvent
from mailbot.store.overview import find_customer

# --csv: one row per mail, the JSON fields with the events reduced to the last one.
CSV_FIELDS = (
    "id", "key", "kind", "status", "customer", "thread", "stage", "occasion", "step",
    "template", "mailbox", "recipient", "subject", "message_id", "timezone", "due_at",
    "due_at_local", "sent_at", "sent_at_local", "outcome", "reason", "last_event",
    "last_event_at", "last_event_at_local", "last_event_detail",
)  # fmt: skip


@click.command("log")
@click.option("--since", metavar="ISO-8601", help="Only mails changed since this instant.")
@click.option("--customer", "customer_ref", metavar="X", help="Only this customer.")
@click.option("--status", help="Only this status (planned, approval, sent, failed, unknown…).")
@click.option("--json", "as_json", is_flag=True, help="One JSON list of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row, one mail per row.")
@click.pass_obj
def log(
    app: App,
    since: str | None,
    customer_ref: str | None,
    status: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Planned, sent, skipped, failed and unknown mails, with UTC and customer-local times."""
    if as_json and as_csv:
        raise click.UsageError("--json and --csv: choose one")
    with app.sessions() as session:
        query = select(OutboxMail, Customer).join(Customer, Customer.id == OutboxMail.customer_id)
        if since:
            query = query.where(OutboxMail.updated_at >= parse_instant(since, app.clock()))
        if customer_ref:
            customer = find_customer(session, customer_ref)
            query = query.where(OutboxMail.customer_id == (customer.id if customer else -1))
        if status:
            query = query.where(OutboxMail.status == status)
        calendars = Calendars(app.config)
        entries = []
        for row, cust in session.execute(query.order_by(OutboxMail.id)):
            zone = calendars.customer(cust.country, cust.subdivision, cust.timezone, cust.key).zone
            events = session.scalars(
                select(SendEvent).where(SendEvent.outbox_id == row.id).order_by(SendEvent.id)
            )
            entries.append(_entry(row, cust, zone.key, list(events)))
    if as_json:
        click.echo(json.dumps(entries, ensure_ascii=False, indent=1))
    elif as_csv:
        _write_csv(entries)
    else:
        for e in entries:
            _print(e)


def _print(e: dict[str, Any]) -> None:
    thread = f"thread #{e['thread']}" if e["thread"] is not None else "no thread"
    click.echo(
        f"#{e['id']} {e['status']:<9} {e['customer']} {thread} {e['step']} "
        f"{e['template']} → {e['recipient']} [{e['mailbox']}]"
    )
    click.echo(f"    due {e['due_at']} ({e['due_at_local']} {e['timezone']})"
               + (f"  subject: {e['subject']}" if e["subject"] else ""))  # fmt: skip
    for ev in e["events"]:
        click.echo(f"    {ev['at']} ({ev['at_local']}) {ev['event']}: {ev['detail']}")


def _write_csv(entries: list[dict[str, Any]]) -> None:
    out = click.get_text_stream("stdout")
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for e in entries:
        last = e["events"][-1] if e["events"] else {}
        writer.writerow(
            e | {"last_event": last.get("event"), "last_event_at": last.get("at"),
                 "last_event_at_local": last.get("at_local"),
                 "last_event_detail": last.get("detail")}
        )  # fmt: skip
    out.flush()


def _entry(row: OutboxMail, cust: Customer, zone: str, events: list[SendEvent]) -> dict:
    return {
        "id": row.id, "key": row.key, "kind": row.kind, "status": row.status,
        "customer": cust.key, "thread": row.thread_id, "stage": row.stage,
        "occasion": row.occasion,
        "step": step_of(row.kind, row.stage, row.occasion, row.template).label,
        "template": row.template, "mailbox": row.mailbox, "recipient": row.recipient,
        "subject": row.subject, "message_id": row.message_id, "timezone": zone,
        "due_at": _utc(row.due_at), "due_at_local": _local(row.due_at, zone),
        "sent_at": _utc(row.sent_at), "sent_at_local": _local(row.sent_at, zone),
        "outcome": row.outcome, "reason": row.reason,
        "events": [{"at": _utc(e.at), "at_local": _local(e.at, zone), "event": e.event,
                    "detail": e.detail} for e in events],
    }  # fmt: skip


def _utc(t: datetime | None) -> str | None:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if t else None


def _local(t: datetime | None, zone: str) -> str | None:
    return t.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if t else None
