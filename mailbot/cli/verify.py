"""`mailbot verify`: is this lead real? And the automatic check after sync and imports."""

from __future__ import annotations

import json
from datetime import datetime

import click

from mailbot.cli.app import App
from mailbot.domain.leadcheck import LeadVerdict
from mailbot.services.verification import check_addresses, check_due
from mailbot.store.leads import customer_addresses, due_addresses


@click.command()
@click.argument("addresses", nargs=-1)
@click.option("--due", is_flag=True, help="Every customer address never checked or expired.")
@click.option("--all", "everyone", is_flag=True, help="Every customer address, now.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, for scripts.")
@click.pass_obj
def verify(app: App, addresses: tuple[str, ...], due: bool, everyone: bool, as_json: bool) -> None:
    """Check ADDRESS… now (syntax, DNS, disposable and free-mail lists, role mailboxes,
    the website their mail names) and store each verdict with its reasons."""
    if sum((bool(addresses), due, everyone)) != 1:
        raise click.UsageError("name ADDRESS…, or pass --due or --all (one of them)")
    now = app.clock()
    with app.sessions.begin() as session:
        if addresses:
            wanted = list(dict.fromkeys(addresses))
        else:
            wanted = due_addresses(session, now) if due else customer_addresses(session)
        run = check_addresses(session, app.config, wanted, now)
    out = click.get_text_stream("stdout")
    for v in run.verdicts:
        out.write(_json_line(v, now) if as_json else _text(v))
    if not as_json:
        out.write(run.line() + "\n")
    out.flush()


def verify_new_leads(app: App, now: datetime | None = None) -> str | None:
    """After sync/import (and before a `run --once --no-sync`, whose cycle does not
    check): check new and expired addresses, if `auto`.
    A line saying what was found, or None when nothing was checked."""
    if not app.config.verification.auto:
        return None
    with app.sessions.begin() as session:
        run = check_due(session, app.config, now or app.clock())
    return run.line() if run.checked else None


def _text(v: LeadVerdict) -> str:
    return f"{v.email}: {v.verdict} (score {v.score:.2f})\n" + "".join(
        f"  - {why}\n" for why in v.reasons
    )


def _json_line(v: LeadVerdict, now: datetime) -> str:
    record = {
        "address": v.email,
        "verdict": v.verdict,
        "score": v.score,
        "reasons": list(v.reasons),
        "domain": v.domain,
        "details": v.details,
        "checked_at": now.isoformat(),
    }
    return json.dumps(record, ensure_ascii=False) + "\n"
