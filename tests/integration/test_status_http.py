"""`mailbot status` and the /healthz + /metrics endpoint on a prepared store.

The endpoint is a real HTTP server on a free loopback port, asked over a socket.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import timedelta

import pytest

from mailbot.adapters.httpstatus import StatusServer
from mailbot.config import parse_config
from mailbot.errors import ConfigError
from mailbot.store.db import open_engine, session_factory
from tests import statusdata as data
from tests.integration.clirun import mailbot
from tests.integration.cyclerig import toml_text

pytestmark = pytest.mark.integration


@pytest.fixture
def store(tmp_path):
    """A config file and its prepared store; returns the config path."""
    path = tmp_path / "mailbot.toml"
    path.write_text(toml_text(data.CONFIG) + "\n")
    config = parse_config(data.CONFIG, path)
    engine = open_engine(config.database_url())
    data.prepare(session_factory(engine))
    engine.dispose()  # on PostgreSQL: its connections closed now, not by the GC mid-test
    return path


def test_status_json_and_text(store):
    """--json carries the prepared figures; the text names the daemon and the errors."""
    done = mailbot("--config", str(store), "status", "--json", "--at", data.NOW.isoformat())
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["outbox"] == data.OUTBOX
    assert {x["mailbox"]: (x["today"], x["last_24h"]) for x in doc["sends"]} == data.SENDS
    assert doc["errors_24h"] == 2 and doc["unknown_count"] == 1
    assert doc["daemon"]["running"] is True and doc["daemon"]["holder"] == data.HOLDER
    text = mailbot("--config", str(store), "status", "--at", data.NOW.isoformat()).stdout
    assert f"running as {data.HOLDER}" in text
    assert "sales: 2 today, 3 in 24 h (cap 40)" in text
    assert "The database was locked." in text and "support INBOX: never synced" in text


def test_status_check_exit_codes(store):
    """--check: 0 while the lease is live, 1 once it expired (the container HEALTHCHECK)."""
    live = mailbot("--config", str(store), "status", "--check", "--at", data.NOW.isoformat())
    assert live.returncode == 0 and data.HOLDER in live.stdout
    late = (data.LEASE_UNTIL + timedelta(seconds=1)).isoformat()
    dead = mailbot("--config", str(store), "status", "--check", "--at", late)
    assert dead.returncode == 1 and "not running" in dead.stderr
    assert "Traceback" not in dead.stderr


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_status_server_healthz_and_metrics(store):
    """/healthz is 200 with a live lease and a fresh cycle, 503 after; /metrics has figures."""
    config = parse_config({**data.CONFIG, "http": {"listen": "127.0.0.1:0"}}, store)
    sessions = session_factory(open_engine(config.database_url()))
    clock = [data.NOW]
    server = StatusServer(config, sessions, lambda: clock[0]).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        code, body = get(base + "/healthz")
        assert code == 200 and json.loads(body)["ok"] is True
        code, metrics = get(base + "/metrics")
        assert code == 200
        for line in (
            'mailbot_outbox_mails{status="planned"} 2.0',
            'mailbot_outbox_mails{status="unknown"} 1.0',
            'mailbot_sends_today{mailbox="sales"} 2.0',
            'mailbot_sends_24h{mailbox="sales"} 3.0',
            "mailbot_unknown_outcomes 1.0",
            "mailbot_errors_24h 2.0",
            "mailbot_sender_lease_held 1.0",
            'mailbot_last_sync_age_seconds{folder="INBOX",mailbox="sales"} 600.0',
            'mailbot_last_sync_age_seconds{folder="INBOX",mailbox="support"} -1.0',
        ):
            assert line in metrics.splitlines(), line
        clock[0] = data.LEASE_UNTIL + timedelta(seconds=1)  # the daemon died
        code, body = get(base + "/healthz")
        assert code == 503 and "not running" in json.loads(body)["problem"]
        assert "mailbot_sender_lease_held 0.0" in get(base + "/metrics")[1]
        assert get(base + "/nothing")[0] == 404
    finally:
        server.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "/healthz", timeout=2)


def test_status_serve_until_terminated(store):
    """`status --serve --listen 127.0.0.1:0` prints its address, answers, stops on SIGTERM."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(store), "status", "--serve",
         "--listen", "127.0.0.1:0", "--at", data.NOW.isoformat()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )  # fmt: skip
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving http://127.0.0.1:"), line + proc.stderr.read()
        url = line.split()[1]
        code, body = get(url)
        assert code == 200 and json.loads(body)["holder"] == data.HOLDER
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill() if proc.poll() is None else None
    assert proc.returncode == 0, err
    assert "stopped" in out


def test_serve_refuses_a_remote_address(store):
    """--listen 0.0.0.0 without allow_remote: one sentence, exit 2, no traceback."""
    done = mailbot("--config", str(store), "status", "--serve", "--listen", "0.0.0.0:0")
    assert done.returncode == 2
    assert "reachable from other machines" in done.stderr and "Traceback" not in done.stderr


def test_a_taken_port_is_one_sentence(store):
    """A second server on the same port: a ConfigError naming the address, no traceback."""
    config = parse_config({**data.CONFIG, "http": {"listen": "127.0.0.1:0"}}, store)
    sessions = session_factory(open_engine(config.database_url()))
    with StatusServer(config, sessions, lambda: data.NOW) as first:
        taken = config.model_copy(
            update={"http": config.http.model_copy(update={"listen": f"127.0.0.1:{first.port}"})}
        )
        with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{first.port}"):
            StatusServer(taken, sessions, lambda: data.NOW).start()
        assert get(f"http://127.0.0.1:{first.port}/healthz")[0] == 200
