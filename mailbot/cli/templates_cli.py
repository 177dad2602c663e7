"""`mailbot check` and `mailbot preview`: is every template sound, what would a customer get."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from mailbot.cli.app import App
from mailbot.cli.plan import parse_instant
from mailbot.domain.mailcontext import mail_context, sample_contexts
from mailbot.domain.subjects import reply_subject
from mailbot.errors import MailbotError
from mailbot.services.mailfacts import Prepared, occasion_for, prepare_mail
from mailbot.services.templates import (
    Rendered,
    Templates,
    check_config_templates,
)
from mailbot.store.overview import find_customer

TEMPLATES_OPTION = click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Template folder overriding the packaged set (default: templates/ beside the config).",
)


@click.command()
@TEMPLATES_OPTION
@click.pass_obj
def check(app: App, templates_dir: Path | None) -> None:
    """Validate the config and every template: syntax and undefined variables, with file:line."""
    config = app.config  # loading validates it; a bad config exits 2 here
    templates = Templates.for_config(config, templates_dir)
    problems = templates.check(sample_contexts) + check_config_templates(config, templates)
    for problem in problems:
        click.echo(str(problem))
    files = templates.files()
    if problems:
        click.echo(f"{len(problems)} problem(s) in {len(files)} template files", err=True)
        raise SystemExit(2)
    languages = sorted({f.language for f in files})
    names = sorted({f.name for f in files})
    click.echo(
        f"ok: config {config.source or '(defaults)'}, {len(files)} template files, "
        f"{len(names)} templates in {len(languages)} languages ({', '.join(languages)})"
    )


@click.command()
@click.argument("template")
@click.option("--customer", "customer_ref", required=True, metavar="X",
              help="The customer (domain, address or id).")  # fmt: skip
@click.option("--at", "at", metavar="ISO-8601", help="As if the clock read this instant.")
@click.option("--thread", "thread_id", type=int, metavar="ID",
              help="This thread instead of their latest open one.")  # fmt: skip
@click.option(
    "--occasion",
    metavar="KEY",
    help="Greetings: this occasion (christmas, diwali…) instead of their next one.",
)
@click.option("--ref", "order_ref", default="", metavar="REF", help="Care: the order reference.")
@click.option("--tracking", default="", metavar="TEXT", help="Care: the tracking number.")
@TEMPLATES_OPTION
@click.pass_obj
def preview(
    app: App,
    template: str,
    customer_ref: str,
    at: str | None,
    thread_id: int | None,
    occasion: str | None,
    order_ref: str,
    tracking: str,
    templates_dir: Path | None,
) -> None:
    """Render TEMPLATE (e.g. followup/gentle_reminder) as a customer would get it. Sends nothing."""
    now = parse_instant(at, app.clock())
    templates = Templates.for_config(app.config, templates_dir)
    name = templates.resolve(template)
    with app.sessions() as session:
        customer = find_customer(session, customer_ref)
        if customer is None:
            raise MailbotError(
                f"no customer matches {customer_ref!r}",
                "see `mailbot customers` for keys and addresses",
            )
        prepared = prepare_mail(session, app.config, customer, now, thread_id)
        kind, _, short = name.partition("/")
        if kind == "greeting":
            prepared = occasion_for(session, prepared, customer, short, now, occasion)
        session.rollback()  # a preview never writes
    facts = replace(prepared.facts, order_ref=order_ref, tracking=tracking)
    if name.startswith("followup/") and prepared.thread_id is None:
        raise MailbotError(
            f"{customer.key} has no open conversation at {now:%Y-%m-%d %H:%M %Z}",
            "a follow-up is a reply in a thread: pass --thread ID, or try a greeting",
        )
    is_followup = name.startswith("followup/")
    due = prepared.followup_due if is_followup else None
    send_at = max(now, due) if due else now
    lang = templates.choose(name, prepared.languages)
    context = mail_context(facts, prepared.calendar, send_at, lang)
    click.echo(_show(name, prepared, templates.render(name, lang, context), send_at))


REPLY_NOTE = "(sent as a reply: the composer adds In-Reply-To and References)"
NEW_THREAD_NOTE = "(context only: this mail starts a new thread)"


def _show(name: str, p: Prepared, r: Rendered, send_at: datetime) -> str:
    wanted = ", ".join(p.languages) or "unknown"
    local = send_at.astimezone(p.calendar.zone)
    lines = [
        f"Template: {name} [{r.language_used}; customer's languages: {wanted}] {r.file}",
        f"From:     {p.sender or '(no mailbox configured)'}",
        f"To:       {p.to or '(no address)'}",
        f"Subject:  {r.subject}",
    ]
    if p.thread_id is not None and name.startswith("followup/"):
        as_reply = reply_subject(p.facts.thread_subject, r.language_used)
        lines[-1] = f"Subject:  {as_reply}"
        lines.append(f"Thread:   #{p.thread_id} {REPLY_NOTE}")
    elif p.thread_id is not None:
        lines.append(f"Thread:   #{p.thread_id} {NEW_THREAD_NOTE}")
    zone = p.calendar.zone.key
    lines.append(
        f"Send at:  {local:%a %Y-%m-%d %H:%M} {zone} (dates like the offer expiry count from here)"
    )
    lines += [f"Note:     {n}" for n in p.notes]
    lines += ["", "--- text ---", r.text.rstrip("\n")]
    if r.html is not None:
        lines += ["--- html ---", r.html.rstrip("\n")]
    return "\n".join(lines)
