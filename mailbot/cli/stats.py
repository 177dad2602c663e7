"""`mailbot stats`: how the automated mails did, per step, tier and country."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

import click
from rich.table import Table

from mailbot.cli.app import App
from mailbot.cli.plan import parse_instant
from mailbot.cli.review import console
from mailbot.domain.sendstats import Report, Step, Tally
from mailbot.services.sendstats import send_stats

COLUMNS = ("sent", "replied", "reply rate", "bounces", "unsubscribes")


@click.command("stats")
@click.option("--since", metavar="ISO-8601", help="Only mails sent at or after this instant.")
@click.option("--until", metavar="ISO-8601", help="Only mails sent before this instant.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for scripts.")
@click.pass_obj
def stats(app: App, since: str | None, until: str | None, as_json: bool) -> None:
    """Sent, replied, reply rate, bounces and unsubscribes per step, tier and country."""
    now = app.clock()
    start = parse_instant(since, now) if since else None
    end = parse_instant(until, now) if until else None
    if start and end and end <= start:
        raise click.BadParameter("must be after --since", param_hint="--until")
    with app.sessions() as session:
        report = send_stats(session, app.config, now, start, end)
    if as_json:
        click.echo(json.dumps(report_json(report, now, start, end), indent=1))
        return
    out = console()
    out.print(f"automated mails sent {_span(start, end)}, as of {_iso(now)}", highlight=False)
    steps = {step.label: t for step, t in report.by_step.items()}
    for title, groups in (("step", steps), ("tier", report.by_tier),
                          ("country", report.by_country)):  # fmt: skip
        out.print(_table(title, groups, report.total))


def _table(title: str, groups: Mapping[str, Tally], total: Tally) -> Table:
    table = Table(title=f"by {title}", title_justify="left", show_footer=bool(groups))
    table.add_column(title, footer="all")
    for name, value in zip(COLUMNS, _cells(total), strict=True):
        table.add_column(name, footer=value, justify="right")
    for name, tally in groups.items():
        table.add_row(name, *_cells(tally))
    return table


def _cells(t: Tally) -> list[str]:
    rate = "–" if t.reply_rate is None else f"{t.reply_rate:.0%}"
    return [str(t.sent), str(t.replied), rate, str(t.bounced), str(t.unsubscribed)]


def report_json(
    report: Report, now: datetime, since: datetime | None, until: datetime | None
) -> dict[str, object]:
    return {
        "at": _iso(now), "since": _iso(since), "until": _iso(until),
        "total": _counts(report.total),
        "by_step": [_step(s) | _counts(t) for s, t in report.by_step.items()],
        "by_tier": [{"tier": k} | _counts(t) for k, t in report.by_tier.items()],
        "by_country": [{"country": k} | _counts(t) for k, t in report.by_country.items()],
    }  # fmt: skip


def _step(s: Step) -> dict[str, object]:
    return {"step": s.label, "kind": s.kind, "stage": s.stage, "occasion": s.occasion}


def _counts(t: Tally) -> dict[str, object]:
    rate = None if t.reply_rate is None else round(t.reply_rate, 4)
    return {"sent": t.sent, "replied": t.replied, "reply_rate": rate,
            "bounced": t.bounced, "unsubscribed": t.unsubscribed}  # fmt: skip


def _span(since: datetime | None, until: datetime | None) -> str:
    if since and until:
        return f"from {_iso(since)} until {_iso(until)}"
    return f"since {_iso(since)}" if since else f"until {_iso(until)}" if until else "ever"


def _iso(t: datetime | None) -> str | None:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if t else None
