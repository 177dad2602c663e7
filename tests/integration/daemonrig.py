"""Driving `mailbot run` children against the rig's Dovecot and SMTP: their config,
conversations dated relative to now (the daemon reads the wall clock), and polling the
store they write. The `daemons` fixture is in tests/integration/conftest.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from mailbot.config import parse_config
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import OutboxMail, ServiceEvent
from tests.integration.cyclerig import toml_text
from tests.mailgen import mail

ALL_DAY = {"start": "00:00", "end": "23:59", "days": [0, 1, 2, 3, 4, 5, 6]}


def write_config(
    user, smtp, tmp: Path, more: tuple = (), db_url: str | None = None, **daemon: Any
) -> Path:
    """`more`: further rig users, each a mailbox of its own (`support1`…)."""
    os.environ["MAILBOT_TEST_IMAP_PW"] = user.password
    server = {"host": user.host, "port": user.port, "username": user.user,
              "security": "none", "password_env": "MAILBOT_TEST_IMAP_PW"}  # fmt: skip
    data = {
        "company": {"name": "Guangming UV", "own_domains": ["gmuv-lighting.cn"]},
        "database": {"url": db_url or f"sqlite:///{tmp / 'mailbot.db'}"},
        "plan": {"workers": 1, "send_window_start": "00:00", "send_window_end": "23:59"},
        "calendar": {"countries": {c: {"hours": ALL_DAY, "categories": []}
                                   for c in ("DE", "CN", "FR")}},
        "greetings": {"enabled": False},
        "care": {"enabled": False},
        "sending": {"mode": "live", "min_gap_seconds": 0, "jitter_minutes": 0,
                    "customer_gap_days": 0},
        "verification": {"auto": False},  # no DNS in this sandbox
        "logging": {"format": "json"},
        "daemon": {"cycle_minutes": 1, "poll_seconds": 1, "debounce_seconds": 0.2,
                   "lease_seconds": 3, "watch_seconds": 0.5, **daemon},
        "mailboxes": [{
            "name": "sales", "address": "sales@gmuv-lighting.cn", "display_name": "Anna Li",
            "imap": server,
            "smtp": {"host": smtp.host, "port": smtp.port, "username": "", "security": "none"},
        }],
    }  # fmt: skip
    for n, other in enumerate(more, 1):
        os.environ[f"MAILBOT_TEST_IMAP_PW{n}"] = other.password
        data["mailboxes"].append({
            "name": f"support{n}", "address": f"support{n}@gmuv-lighting.cn",
            "imap": {**server, "username": other.user, "password_env": f"MAILBOT_TEST_IMAP_PW{n}"},
        })  # fmt: skip
    path = tmp / "mailbot.toml"
    path.write_text(toml_text(data))
    parse_config(_load(path), path)  # the test's own config is valid
    return path


def _load(path: Path) -> dict:
    import tomllib

    return tomllib.loads(path.read_text())


def conversation(
    user, n: int, customer: str, quoted_ago: timedelta, ours: str = "sales@gmuv-lighting.cn"
) -> str:
    """They asked `ours`, we quoted `quoted_ago`; the quote's Message-ID."""
    asked = datetime.now(UTC) - quoted_ago - timedelta(hours=1)
    inquiry, quote = f"<inq{n}@{customer.split('@')[1]}>", f"<quote{n}@gmuv-lighting.cn>"
    subject = f"Inquiry {n}: UVC lamps"
    user.append("Sent", [(mail(2 * n, ours, customer, "Re: " + subject,
                               asked + timedelta(hours=1), reply_to_id=inquiry,
                               message_id=quote), asked + timedelta(hours=1))])  # fmt: skip
    user.append("INBOX", [(mail(2 * n + 1, customer, ours, subject, asked,
                                message_id=inquiry), asked)])  # fmt: skip
    return quote


class Running:
    """One `mailbot run` child; its log lines in a file."""

    def __init__(self, config: Path, name: str = "daemon") -> None:
        self.log = config.parent / f"{name}.log"
        with self.log.open("w") as err:  # the child keeps its own copy of the file
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mailbot", "--config", str(config), "run"],
                stdout=subprocess.DEVNULL, stderr=err, env=os.environ.copy(),
            )  # fmt: skip

    def stop(self, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def text(self) -> str:
        return self.log.read_text()


def store(config: Path):
    return session_factory(open_engine(parse_config(_load(config), config).database_url()))


def wait_until(what: str, check: Callable[[], Any], timeout: float = 20, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def events(sessions, kind: str) -> list[ServiceEvent]:
    with sessions() as s:
        return list(s.scalars(select(ServiceEvent).where(ServiceEvent.kind == kind)))


def rows(sessions) -> list[OutboxMail]:
    with sessions() as s:
        return list(s.scalars(select(OutboxMail).order_by(OutboxMail.id)))
