"""`mailbot plan`: what mailbot would do about every open conversation, and why."""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Callable
from datetime import UTC, datetime
from json.encoder import encode_basestring  # the C one; what ensure_ascii=False uses
from typing import TextIO
from zoneinfo import ZoneInfo

import click

from mailbot.cli.app import App
from mailbot.errors import MailbotError
from mailbot.services.calendars import Calendars
from mailbot.services.planning import PlanItem, Profile, collector_paused, plan_rendered
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
        "lead": _lead_json(item),
    }


def _lead_json(item: PlanItem) -> dict[str, object] | None:
    """The lead check that speaks for the thread (null: none of its addresses checked)."""
    lead = item.lead
    if lead is None:
        return None
    return {"address": lead.email, "verdict": lead.verdict, "score": lead.score,
            "reasons": list(lead.reasons), "followups": lead.followups}  # fmt: skip


def _json_line(item: PlanItem) -> str:
    """`item_json(item)` as json.dumps(…, ensure_ascii=False) writes it (a test holds the
    two equal), built directly: 50k dicts through the encoder cost a second of the plan.
    The pieces that repeat (the customer's part, a state, an action with its stage, a
    deadline's texts) are made once each."""
    d, w = item.decision, item.decision.window
    zone = item.customer.timezone
    since = d.since
    return (
        f'{_profile_json(item.customer)}"thread": {item.thread_id}, '
        f'"subject": {_str(item.subject)}, {_state_json(d.state)}'
        f"{'null' if since is None else _iso_json(since)}, "
        f"{_action_json(d.action, d.stage, d.template)}"
        f'"expected_at": {_moment(d.expected_at, zone, "expected_at")}, '
        f'"due_at": {_moment(d.due_at, zone, "due_at")}, '
        f'"overdue": {"true" if d.overdue else "false"}, '
        f'"reply_window_hours": {"null" if w is None else repr(round(w.hours, 2))}, '
        f'"reply_window_learned_from": {"null" if w is None else repr(w.replies)}, '
        f'"reason": {_str(d.reason)}, "lead": {"null" if item.lead is None else _lead_text(item)}}}'
    )


@functools.lru_cache(maxsize=256)
def _state_json(state: str) -> str:
    return f'"state": {_str(state)}, "since": '


@functools.lru_cache(maxsize=4096)
def _action_json(action: str, stage: int | None, template: str | None) -> str:
    return f'"action": {_str(action)}, "stage": {_num(stage)}, "template": {_str(template)}, '


def _iso_json(t: datetime) -> str:
    """`_str(_iso(t))`: an ISO text needs no escaping."""
    return f'"{_iso(t)}"'


def _lead_text(item: PlanItem) -> str:
    lead = _lead_json(item)  # small, and absent for threads of unchecked addresses
    return "null" if lead is None else json.dumps(lead, ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _profile_json(c: Profile) -> str:
    return (
        f'{{"customer": {_str(c.key)}, "customer_name": {_str(c.name)}, '
        f'"country": {_str(c.country)}, "timezone": {_str(c.timezone)}, '
        f'"tier": {_str(c.tier)}, "tier_source": {_str(c.tier_source)}, '
        f'"lifecycle": {_str(c.stage)}, "lifecycle_source": {_str(c.stage_source)}, '
    )


@functools.lru_cache(maxsize=1 << 16)  # deadlines and send moments repeat: 7k of 50k differ
def _moment(t: datetime | None, zone: str, name: str) -> str:
    """`t` in UTC and the customer's local time, as the "name" and "name_local" members."""
    return f'{_str(_iso(t))}, "{name}_local": {_str(_local(t, zone))}'


def _str(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _num(value: float | None) -> str:
    return "null" if value is None else repr(value)  # as json writes ints and finite floats


def _write_json(out: TextIO, lines: list[str], batch: int = 1000) -> None:
    """One object per line, a thousand lines per write: 50k conversations are tens of
    megabytes, and a write call per line cost more than encoding them."""
    out.write("[")
    for n in range(0, len(lines), batch):
        out.write(",\n" if n else "\n")
        out.write(",\n".join(lines[n : n + batch]))
    out.write("\n]\n" if lines else "]\n")
    out.flush()


def _text_block(item: PlanItem, seller_zone: ZoneInfo) -> str:
    d, c = item.decision, item.customer
    where = ", ".join(x for x in (c.country or "country unknown", c.timezone, c.tier) if x)
    action = d.action + (f" {d.stage} ({d.template})" if d.stage else "")
    line = f"  {d.state} → {action}"
    if d.due_at:
        ours = d.action in ("reply_by_hand", "hand_off")  # a person here acts: our clock
        zone, whose = (seller_zone, "our time") if ours else (ZoneInfo(c.timezone), "their time")
        local = d.due_at.astimezone(zone)
        line += f" at {local:%a %d %b %H:%M} {whose}, {d.due_at.astimezone(UTC):%Y-%m-%d %H:%M}Z"
    if d.overdue:
        line += "  [overdue]"
    text = f"\n{c.key} ({where})  #{item.thread_id} {item.subject}\n{line}\n  why: {d.reason}\n"
    return text + _lead_line(item)


def _lead_line(item: PlanItem) -> str:
    """The lead check, flagged for a person unless every follow-up may go out."""
    lead = item.lead
    if lead is None:
        return ""
    flag = {"first": "  [a person checks this lead: first follow-up only]",
            "none": "  [no automated mail]"}.get(lead.followups, "")  # fmt: skip
    head = f"  lead: {lead.verdict} {lead.score:.2f} ({lead.email}){flag}\n"
    return head + "".join(f"    - {why}\n" for why in lead.reasons)


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
    # The collector stays off until the output is written and the lines are gone: turned
    # on while they live, its first pass would walk them all for nothing (0.08 s at 50k).
    with collector_paused():
        _plan(app, now, customer, as_json)
    # The process ends soon. Spare its last garbage collection a walk over every object
    # the plan left (100k customers: 0.3 s). Only here, with the session closed: frozen
    # objects are never finalised, and a SQLite connection left to the collector would
    # then not checkpoint its WAL into the file at exit.
    gc.freeze()


def _plan(app: App, now: datetime, customer: str | None, as_json: bool) -> None:
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
        if as_json:
            render: Callable[[PlanItem], str] = _json_line
        else:
            render = functools.partial(_text_block, seller_zone=Calendars(app.config).seller().zone)
        blocks = plan_rendered(session, app.config, now, render, customer_id)
        session.rollback()  # a plan never writes
    out = click.get_text_stream("stdout")
    if as_json:
        _write_json(out, blocks)
    else:
        out.write(f"plan at {_iso(now)}: {len(blocks)} open conversations\n")
        for n in range(0, len(blocks), 1000):  # as in _write_json: few, large writes
            out.write("".join(blocks[n : n + 1000]))
        out.flush()
