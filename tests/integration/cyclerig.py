"""The `run --once` rig: a config for the rig's Dovecot and SMTP sink, a `Cycle` runner over
it, and the quiet customer most send tests start from (they asked, we quoted, silence).
Shared by the integration tests that run cycles, the daemon and the CLI on a real store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from mailbot.config import Config, parse_config
from mailbot.services.cycle import Cycle
from mailbot.services.planning import build_plan
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import OutboxMail
from tests.mailgen import T0, mail

SUBJECT = "Inquiry: UVC lamps 254nm"
INQUIRY, QUOTE = "<inq1@acme-lighting.de>", "<quote1@gmuv-lighting.cn>"


def settings(user, smtp, tmp_path: Path, mode: str, db_url: str | None = None) -> dict:
    os.environ["MAILBOT_TEST_IMAP_PW"] = user.password
    server = {"host": user.host, "port": user.port, "username": user.user,
              "security": "none", "password_env": "MAILBOT_TEST_IMAP_PW"}  # fmt: skip
    return {
        "company": {"name": "Guangming UV", "own_domains": ["gmuv-lighting.cn"]},
        "database": {"url": db_url or f"sqlite:///{tmp_path / 'mailbot.db'}"},
        "plan": {"workers": 1},
        "sending": {"mode": mode, "min_gap_seconds": 0, "jitter_minutes": 0},
        "verification": {"auto": False},  # no DNS here: see test_lead_verification.py
        "mailboxes": [{
            "name": "sales", "address": "sales@gmuv-lighting.cn", "display_name": "Anna Li",
            "imap": server,
            "smtp": {"host": smtp.host, "port": smtp.port, "username": "", "security": "none"},
        }],
    }  # fmt: skip


class Rig:
    def __init__(self, user, smtp, tmp_path: Path, mode: str = "live", db_url: str | None = None):
        self.user, self.smtp, self.tmp, self.db_url = user, smtp, tmp_path, db_url
        self.config = self.configure(mode)
        self.sessions = session_factory(open_engine(self.config.database_url()))

    def configure(self, mode: str) -> Config:
        self.config = parse_config(settings(self.user, self.smtp, self.tmp, mode, self.db_url),
                                   self.tmp / "mailbot.toml")  # fmt: skip
        return self.config

    def run(self, now: datetime, sync: bool = True):
        return Cycle(self.config, self.sessions, now).run(self.config.mailboxes, sync=sync)

    def rows(self) -> list[OutboxMail]:
        with self.sessions() as s:
            return list(s.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def quiet_customer(user, to: str = "hans@acme-lighting.de") -> None:
    """They asked, we quoted the same day, then silence."""
    user.append("INBOX", [(mail(1, to, "sales@gmuv-lighting.cn", SUBJECT, T0,
                                message_id=INQUIRY), T0)])  # fmt: skip
    sent = T0 + timedelta(hours=5)
    user.append("Sent", [(mail(2, "sales@gmuv-lighting.cn", to, "Re: " + SUBJECT, sent,
                               reply_to_id=INQUIRY, message_id=QUOTE), sent)])  # fmt: skip


def customer_reply(user, when: datetime, sender: str = "hans@acme-lighting.de") -> None:
    raw = mail(3, sender, "sales@gmuv-lighting.cn", "Re: " + SUBJECT, when,
               body="Thanks, we will order 200 pieces next week.", reply_to_id=QUOTE)  # fmt: skip
    user.append("INBOX", [(raw, when)])


def due_moment(rig: Rig) -> datetime:
    """When the plan, read 20 days on, sends the first follow-up (the customer's morning)."""
    rig.run(T0, sync=True)  # store the history (nothing is due yet)
    with rig.sessions() as s:
        [item] = build_plan(s, rig.config, T0 + timedelta(days=20))
    assert item.decision.action == "follow_up" and item.decision.stage == 1
    return item.decision.due_at


def sent_folder_flags(user) -> dict[str, tuple[bytes, ...]]:
    """Message-ID → flags of every message in the rig's Sent folder."""
    client = user.client()
    client.select_folder("Sent", readonly=True)
    rows = client.fetch(client.search(["ALL"]), ["FLAGS", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
    header = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"
    return {v[header].decode().split(":", 1)[1].strip(): tuple(v[b"FLAGS"])
            for v in rows.values()}  # fmt: skip


def write_toml(rig: Rig) -> None:
    data = settings(rig.user, rig.smtp, rig.tmp, rig.config.sending.mode, rig.db_url)
    (rig.tmp / "mailbot.toml").write_text(toml_text(data))
    assert tomllib.loads(toml_text(data))


def toml_text(data: dict, prefix: str = "") -> str:
    """Just enough TOML for these configs (tables, arrays of tables, scalars)."""
    out, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value, False))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            tables.append((key, value, True))
        else:
            out.append(f"{key} = {json.dumps(value)}")
    for key, value, many in tables:
        name = f"{prefix}{key}"
        for item in value if many else [value]:
            out.append(f"\n[[{name}]]" if many else f"\n[{name}]")
            out.append(toml_text(item, name + "."))
    return "\n".join(out)


def mailbot_ok(rig: Rig, *args: str) -> str:
    """`mailbot --config <the rig's file> ARGS` in a real process; must succeed: stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "mailbot", "--config", str(rig.tmp / "mailbot.toml"), *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def answered_customer(user, who: str, n: int = 1) -> None:
    """They asked, we quoted, they thanked us: nothing to follow up."""
    ask = f"<ask{n}@{who.split('@')[1]}>"
    user.append("INBOX", [(mail(n * 10, who, "sales@gmuv-lighting.cn", "Price list", T0,
                                message_id=ask), T0)])  # fmt: skip
    quote = T0 + timedelta(hours=3)
    user.append("Sent", [(mail(n * 10 + 1, "sales@gmuv-lighting.cn", who, "Re: Price list",
                               quote, reply_to_id=ask, message_id=f"<q{n}@gmuv-lighting.cn>"),
                          quote)])  # fmt: skip
    thanks = T0 + timedelta(days=1)
    user.append("INBOX", [(mail(n * 10 + 2, who, "sales@gmuv-lighting.cn", "Re: Price list",
                                thanks, body="Thank you, noted.",
                                reply_to_id=f"<q{n}@gmuv-lighting.cn>"), thanks)])  # fmt: skip


def rig_with(user, smtp, tmp_path, **sections) -> Rig:
    data = settings(user, smtp, tmp_path, "live")
    data["profiles"] = {"acme-lighting.de": {"country": "DE"}, "uvtech.in": {"country": "IN"}}
    data["plan"]["we_owe_reply_hours"] = 10_000  # the thank-you needs no answer here
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    rig = Rig(user, smtp, tmp_path)
    rig.config = parse_config(data, tmp_path / "mailbot.toml")
    return rig


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour - 1, minute, tzinfo=UTC)  # CET = UTC+1
