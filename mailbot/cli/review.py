"""Commands for people reviewing the store: `customers`, `thread`."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import datetime

import click
from rich.console import Console
from rich.table import Table

from mailbot.cli.app import App
from mailbot.domain.tiers import History
from mailbot.errors import MailbotError
from mailbot.services.calendars import Calendars
from mailbot.services.planning import describe_profile
from mailbot.store.leads import checks_by_address
from mailbot.store.models import LeadCheck
from mailbot.store.overview import (
    CustomerRow,
    ThreadView,
    customer_rows,
    customer_threads,
    find_customer,
)


def console() -> Console:
    """Wide output when piped (files, CI logs); the terminal's width otherwise."""
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "–"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _profile(app: App, row: CustomerRow, calendars: Calendars) -> dict[str, object]:
    c = row.customer
    if c is None:
        return {}
    sources = row.sources or {}
    last_inbound = row.last_inbound.date() if row.last_inbound else None
    latest = max((d for d in (c.last_order, last_inbound) if d), default=None)
    history = History(c.order_count, c.last_order, row.answers, latest)
    cal = calendars.customer(c.country, c.subdivision, c.timezone, c.key)
    p = describe_profile(app.config, c, history, app.clock().date(), cal)
    explicit = app.config.profiles.get(c.key)
    zone_source = sources.get("timezone") or ("country default" if p.country else "assumed")
    return {
        "name": c.name,
        "country": p.country,
        "country_source": "config" if explicit and explicit.country else sources.get("country"),
        "timezone": p.timezone,
        "timezone_source": "config" if explicit and explicit.timezone else zone_source,
        "languages": c.languages,
        "languages_source": sources.get("languages"),
        "tier": p.tier,
        "tier_source": p.tier_source,
        "lifecycle": p.stage,
        "lifecycle_source": p.stage_source,
    }


def customer_json(
    row: CustomerRow, profile: dict[str, object], checks: Mapping[str, LeadCheck] | None = None
) -> dict[str, object]:
    found = [checks[a] for a in row.addresses if a in checks] if checks is not None else []
    return {
        "customer": row.key,
        "kind": row.kind,
        **profile,
        "addresses": row.addresses,
        "leads": [_check_json(c) for c in found],
        "threads": row.threads,
        "messages": row.messages,
        "last_inbound": _iso(row.last_inbound),
        "last_outbound": _iso(row.last_outbound),
        "wrote_last": row.wrote_last,
    }


def _check_json(c: LeadCheck) -> dict[str, object]:
    return {"address": c.email, "verdict": c.verdict, "score": c.score, "reasons": c.reasons,
            "checked_at": _iso(c.checked_at)}  # fmt: skip


def _verdicts(addresses: list[str], checks: Mapping[str, LeadCheck]) -> str:
    """One line per address, beside the addresses column: verdict and score, or "–"."""
    return "\n".join(
        f"{checks[a].verdict} {checks[a].score:.2f}" if a in checks else "–" for a in addresses
    )


def _short(source: object) -> str:
    return str(source).split(":", 1)[0] if source else "?"


def profiles_of(app: App, rows: list[CustomerRow]) -> list[dict[str, object]]:
    calendars = Calendars(app.config)
    return [_profile(app, r, calendars) for r in rows]


def customer_table(
    rows: list[CustomerRow],
    profiles: list[dict[str, object]],
    checks: Mapping[str, LeadCheck] | None = None,
) -> Table:
    """The customer table; with `checks`, a lead-check column beside the addresses."""
    table = Table(title=f"{len(rows)} customers", title_justify="left")
    for name in (
        "customer",
        "country / zone (source)",
        "tier / stage (source)",
        "addresses",
        *(("lead check",) if checks is not None else ()),
        "threads",
        "last inbound (UTC)",
        "last outbound (UTC)",
        "wrote last",
    ):
        table.add_column(name, overflow="fold")
    for r, p in zip(rows, profiles, strict=True):
        place = f"{p.get('country') or '??'} ({_short(p.get('country_source'))})\n"
        place += f"{p.get('timezone')} ({_short(p.get('timezone_source'))})"
        tier = f"{p.get('tier')} ({_short(p.get('tier_source'))})\n"
        tier += f"{p.get('lifecycle')} ({_short(p.get('lifecycle_source'))})"
        table.add_row(
            r.key,
            place,
            tier,
            "\n".join(r.addresses),
            *((_verdicts(r.addresses, checks),) if checks is not None else ()),
            str(r.threads),
            _when(r.last_inbound),
            _when(r.last_outbound),
            r.wrote_last,
        )
    return table


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON list, for scripts.")
@click.pass_obj
def customers(app: App, as_json: bool) -> None:
    """Every customer: where they are, tier and stage (with sources), each address's lead
    check, threads, who wrote last."""
    with app.sessions() as session:
        rows = customer_rows(session)
        checks = checks_by_address(session)
    profiles = profiles_of(app, rows)
    if as_json:
        listed = [customer_json(r, p, checks) for r, p in zip(rows, profiles, strict=True)]
        click.echo(json.dumps(listed, ensure_ascii=False, indent=1))
    else:
        console().print(customer_table(rows, profiles, checks))


def _print_thread(console: Console, view: ThreadView) -> None:
    console.print(
        f"\n[bold]#{view.id} {view.subject or '(no subject)'}[/bold]  "
        f"{len(view.messages)} messages, last from "
        f"{'us' if view.last_direction == 'out' else 'customer'}",
        highlight=False,
    )
    for m in view.messages:
        arrow = "→" if m.direction == "out" else "←"
        first = _gist(m.text)
        console.print(
            f"  {_when(m.date)} {arrow} {m.sender}: {first[:90]}", markup=False, highlight=False
        )


def _gist(text: str) -> str:
    """The first line that says something: skip "Dear Anna," style salutations."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines:
        if not (len(line) <= 40 and line.endswith((",", "،", "，", ":"))):
            return line
    return lines[0] if lines else ""


@click.command()
@click.argument("customer")
@click.pass_obj
def thread(app: App, customer: str) -> None:
    """A CUSTOMER's threads in order (by domain, address or id)."""
    with app.sessions() as session:
        found = find_customer(session, customer)
        if found is None:
            raise MailbotError(
                f"no customer matches {customer!r}",
                "see `mailbot customers` for keys and addresses",
            )
        views = customer_threads(session, found.id)
    out = console()
    out.print(f"[bold]{found.key}[/bold] ({found.kind}), {len(views)} threads", highlight=False)
    for view in views:
        _print_thread(out, view)
