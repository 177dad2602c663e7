"""`mailbot plan`: what mailbot would do about every open conversation, and why."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click
from rich.markup import escape

from mailbot.cli.app import App
from mailbot.cli.review import console
from mailbot.errors import MailbotError
from mailbot.services.calendars import Calendars
from mailbot.services.planning import PlanItem, build_plan
from mailbot.store.overview import find_customer


def parse_instant(value: str | None, now: datetime) -> datetime:
    """--at: ISO-8601; a value without an offset is read as UTC."""
    if value is None:
        return now
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not ISO-8601 (e.g. 2026-03-20T09:00+03:00)", param_hint="--at"
        ) from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _iso(t: datetime | None) -> str | None:
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z") if t else None


def _local(t: datetime | None, zone: str) -> str | None:
    return t.astimezone(ZoneInfo(zone)).isoformat() if t else None


def item_json(item: PlanItem) -> dict[str, object]:
    d, c = item.decision, item.customer
    return {
        "customer": c.key,
        "customer_name": c.name,
        "country": c.country,
        "timezone": c.timezone,
        "tier": c.tier,
        "tier_source": c.tier_source,
        "lifecycle": c.stage,
        "lifecycle_source": c.stage_source,
        "thread": item.thread_id,
        "subject": item.subject,
        "state": d.state,
        "since": _iso(d.since),
        "action": d.action,
        "stage": d.stage,
        "template": d.template,
        "expected_at": _iso(d.expected_at),
        "expected_at_local": _local(d.expected_at, c.timezone),
        "due_at": _iso(d.due_at),
        "due_at_local": _local(d.due_at, c.timezone),
        "overdue": d.overdue,
        "reply_window_hours": round(d.window.hours, 2) if d.window else None,
        "reply_window_learned_from": d.window.replies if d.window else None,
        "reason": d.reason,
    }


def _write_json(items: list[PlanItem]) -> None:
    """One object per line (the C encoder; indent= is pure Python), streamed: 50k
    conversations are tens of megabytes of text."""
    out = click.get_text_stream("stdout")
    out.write("[")
    for n, item in enumerate(items):
        out.write(",\n" if n else "\n")
        out.write(json.dumps(item_json(item), ensure_ascii=False))
    out.write("\n]\n" if items else "]\n")
    out.flush()


def _print(items: list[PlanItem], at: datetime, seller_zone: ZoneInfo) -> None:
    out = console()
    out.print(f"[bold]plan at {_iso(at)}[/bold]: {len(items)} open conversations", highlight=False)
    for item in items:
        d, c = item.decision, item.customer
        where = ", ".join(x for x in (c.country or "country unknown", c.timezone, c.tier) if x)
        head = f"[bold]{escape(c.key)}[/bold] ({where})  #{item.thread_id} {escape(item.subject)}"
        out.print("\n" + head, highlight=False)
        action = d.action + (f" {d.stage} ({d.template})" if d.stage else "")
        line = f"  {d.state} → {action}"
        if d.due_at:
            ours = d.action in ("reply_by_hand", "hand_off")  # a person here acts: our clock
            zone, whose = (
                (seller_zone, "our time") if ours else (ZoneInfo(c.timezone), "their time")
            )
            local = d.due_at.astimezone(zone)
            line += (
                f" at {local:%a %d %b %H:%M} {whose}, {d.due_at.astimezone(UTC):%Y-%m-%d %H:%M}Z"
            )
        out.print(line + ("  [overdue]" if d.overdue else ""), highlight=False, markup=False)
        out.print(f"  why: {d.reason}", highlight=False, markup=False)


@click.command()
@click.option("--at", "at", metavar="ISO-8601", help="Plan as if the clock read this instant.")
@click.option(
    "--customer", "customer", metavar="X", help="Only this customer (domain, address, id)."
)
@click.option("--json", "as_json", is_flag=True, help="A JSON list, for scripts.")
@click.pass_obj
def plan(app: App, at: str | None, customer: str | None, as_json: bool) -> None:
    """Every open conversation: its state, the next action, when, and why. No side effects."""
    now = parse_instant(at, app.clock())
    with app.sessions() as session:
        customer_id = None
        if customer is not None:
            found = find_customer(session, customer)
            if found is None:
                raise MailbotError(
                    f"no customer matches {customer!r}",
                    "see `mailbot customers` for keys and addresses",
                )
            customer_id = found.id
        items = build_plan(session, app.config, now, customer_id)
        session.rollback()  # a plan never writes
    if as_json:
        _write_json(items)
    else:
        _print(items, now, Calendars(app.config).seller().zone)
