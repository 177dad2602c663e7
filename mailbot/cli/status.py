"""`mailbot status`: how the installation is doing, from the store (no server is asked)."""

from __future__ import annotations

import json
import signal
import threading
from datetime import UTC, datetime, timedelta

import click
from pydantic import ValidationError

from mailbot.adapters.httpstatus import StatusServer
from mailbot.cli.app import App
from mailbot.cli.plan import parse_instant
from mailbot.config import Http
from mailbot.errors import ConfigError
from mailbot.services.status import Status, read_status


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.option("--at", "at", metavar="ISO-8601", help="As if the clock read this instant.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 unless the daemon holds a live sender lease (for HEALTHCHECK).",
)
@click.option("--serve", is_flag=True, help="Serve /healthz and /metrics until interrupted.")
@click.option(
    "--listen",
    metavar="HOST:PORT",
    help="With --serve: this address instead of [http].listen (port 0: any free).",
)
@click.pass_obj
def status(app: App, as_json: bool, at: str | None, check: bool, serve: bool,
           listen: str | None) -> None:  # fmt: skip
    """Last sync, outbox, sends vs the cap, unknown outcomes, errors, and the daemon."""
    if serve:
        _serve(app, at, listen)
        return
    now = parse_instant(at, app.clock()).astimezone(UTC)
    with app.sessions() as session:
        report = read_status(session, app.config, now)
    if check:
        d = report.daemon
        if not d.running:
            click.echo("not running: no live sender lease", err=True)
            raise SystemExit(1)
        click.echo(f"running: {d.holder}, lease until {_t(d.expires_at)}")
        return
    click.echo(json.dumps(report.to_json(), indent=2) if as_json else describe(report))


def _serve(app: App, at: str | None, listen: str | None) -> None:
    config = app.config
    if listen is not None:
        try:
            http = Http(**{**config.http.model_dump(), "listen": listen})
        except ValidationError as exc:
            words = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise ConfigError(f"--listen: {words}") from None
        config = config.model_copy(update={"http": http})
    if not config.http.listen:
        raise ConfigError("no address to listen on",
                          'set [http].listen = "127.0.0.1:9108", or pass --listen')  # fmt: skip
    clock = app.clock if at is None else (lambda: parse_instant(at, app.clock()))
    server = StatusServer(config, app.sessions, clock).start()
    host = config.http.address()[0]
    click.echo(f"serving http://{host}:{server.port}/healthz and /metrics (Ctrl-C stops)")
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    click.echo("stopped")


def describe(s: Status) -> str:
    d = s.daemon
    if d.running:
        renewed = _ago(s.now, d.renewed_at)
        lines = [f"daemon:  running as {d.holder} since {_t(d.since)}, "
                 f"renewed {renewed}, lease until {_t(d.expires_at)}"]  # fmt: skip
    elif d.holder:
        lines = [f"daemon:  not running (lease of {d.holder} expired {_t(d.expires_at)})"]
    else:
        lines = ["daemon:  not running (no sender lease)"]
    if d.last_cycle_at:
        figures = ", ".join(f"{v} {k}" for k, v in d.last_cycle.items())
        lines.append(f"         last cycle {_ago(s.now, d.last_cycle_at)}: {figures or '-'}")
    else:
        lines.append("         no cycle yet")
    for o in s.owners:
        if o.holder is None:
            lines.append(f"owner:   {o.mailbox}: none (a running replica takes it)")
        elif o.live:
            lines.append(f"owner:   {o.mailbox}: {o.holder} since {_t(o.since)}")
        else:
            lines.append(f"owner:   {o.mailbox}: {o.holder}, lease expired {_t(o.expires_at)}; "
                         "a live replica takes it over")  # fmt: skip
    if len(s.replicas) > 1:
        lines.append(f"replicas: {len(s.replicas)} live: " + ", ".join(s.replicas))
    for f in s.folders:
        when = f"synced {_ago(s.now, f.synced_at)}" if f.synced_at else "never synced"
        lines.append(f"sync:    {f.mailbox} {f.folder}: {when}"
                     + (f" — HELD: {f.held}" if f.held else ""))  # fmt: skip
    lines.append("outbox:  " + ", ".join(f"{n} {status}" for status, n in s.outbox.items()))
    lines += [f"sends:   {x.mailbox}: {x.today} today, {x.last_24h} in 24 h (cap {x.cap})"
              for x in s.sends]  # fmt: skip
    lines.append(f"unknown: {s.unknown_count} awaiting a decision"
                 + (" (`mailbot approve ID` resends, `mailbot reject ID` drops)"
                    if s.unknown_count else ""))  # fmt: skip
    lines += [f"         #{u.id} {u.mailbox} → {u.recipient}: {u.subject}" for u in s.unknown]
    lines.append(f"errors:  {s.errors_24h} in the last 24 h")
    lines += [f"         {_t(e.at)} {e.mailbox or '-'}: {e.detail}" for e in s.errors]
    return "\n".join(lines)


def _t(t: datetime | None) -> str:
    return f"{t.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if t else "-"


def _ago(now: datetime, t: datetime | None) -> str:
    if t is None:
        return "never"
    seconds = max(0, int((now - t).total_seconds()))
    span = timedelta(seconds=seconds)
    if seconds < 120:
        words = f"{seconds} s ago"
    elif seconds < 7200:
        words = f"{seconds // 60} min ago"
    elif span.days < 2:
        words = f"{seconds // 3600} h ago"
    else:
        words = f"{span.days} days ago"
    return f"{_t(t)} ({words})"
