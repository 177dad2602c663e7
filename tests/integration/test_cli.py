"""The `mailbot` command as a user runs it: a real process, real files, real servers."""

from __future__ import annotations

import email
import gc
import json
import re
import sqlite3

import pytest

from tests.integration.clirun import mailbot
from tests.mailgen import T0, conversation

pytestmark = pytest.mark.integration


def test_demo_imports_sample_and_prints_customers(tmp_path):
    """`mailbot demo` needs no server and shows a customer table from the sample mailbox."""
    done = mailbot("demo", "--dir", str(tmp_path / "demo"))
    assert done.returncode == 0, done.stderr
    assert "customers" in done.stdout and "Imported" in done.stdout
    listed = mailbot("--config", str(tmp_path / "demo" / "mailbot.toml"), "customers", "--json")
    rows = json.loads(listed.stdout)
    assert len(rows) >= 20
    assert {r["wrote_last"] for r in rows} >= {"us", "customer"}
    assert not any(r["customer"].endswith("gmuv-lighting.cn") for r in rows)
    # The replayed quarter: every mail the outbox counts as sent is a file in the folder,
    # follow-ups answer their thread and greetings start their own.
    counted = re.search(r"Outbox: (\d+) sent", done.stdout)
    assert counted, done.stdout[-2000:]
    sent = sorted((tmp_path / "demo" / "sent-by-mailbot").glob("*.eml"))
    assert len(sent) == int(counted.group(1)) > 0
    mails = [email.message_from_bytes(p.read_bytes()) for p in sent]
    kinds = {m.get("X-Mailbot-Kind") for m in mails}
    assert "greeting" in kinds
    assert all(m["In-Reply-To"] for m in mails if m.get("X-Mailbot-Kind") is None)
    assert not any(m["In-Reply-To"] for m in mails if m.get("X-Mailbot-Kind"))
    assert len({m["Message-ID"] for m in mails}) == len(mails)


@pytest.mark.sqlite_only(reason="looks for the demo's SQLite connections left open")
def test_demo_closes_its_database_connections(tmp_path):
    """The demo opens its own store: it must close it, not leave it to the garbage
    collector (a connection never closed leaves its WAL unmerged into the file)."""
    from click.testing import CliRunner

    from mailbot.cli import cli

    gc.collect()
    gc.disable()  # what the collector would close is what this test looks for
    try:
        done = CliRunner().invoke(cli, ["demo", "--dir", str(tmp_path / "demo")])
        assert done.exit_code == 0, done.output
        db = str((tmp_path / "demo" / "mailbot.db").resolve())
        open_ones = [c for c in gc.get_objects()
                     if isinstance(c, sqlite3.Connection) and _file_of(c) == db]  # fmt: skip
    finally:
        gc.enable()
    assert open_ones == []


def _file_of(connection: sqlite3.Connection) -> str | None:
    try:
        return connection.execute("PRAGMA database_list").fetchone()[2]
    except sqlite3.ProgrammingError:  # closed
        return None


def test_bad_config_exits_2_naming_file_and_key(tmp_path):
    """A typo in the config is one clear line and exit status 2, not a traceback."""
    cfg = tmp_path / "mailbot.toml"
    cfg.write_text("[company]\nown_domain = ['x.cn']\n")
    done = mailbot("--config", str(cfg), "customers")
    assert done.returncode == 2
    assert str(cfg) in done.stderr and "company.own_domain" in done.stderr
    assert "Traceback" not in done.stderr


def test_config_from_environment_variable(tmp_path):
    """MAILBOT_CONFIG is used when --config is absent."""
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text("[company]\nown_domains = ['gmuv-lighting.cn']\n")
    # An empty MAILBOT_DATABASE_URL counts as unset: the default store, beside the config.
    env = {"MAILBOT_CONFIG": str(cfg), "MAILBOT_DATABASE_URL": ""}
    done = mailbot("customers", "--json", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert (tmp_path / "mailbot.db").exists()


def test_sync_then_customers_and_thread(mailbox, tmp_path, store_url):
    """sync → customers → thread, end to end against Dovecot, on SQLite and PostgreSQL."""
    items = conversation(1, "hans@acme-lighting.de", T0, replies=2)
    for folder in ("INBOX", "Sent"):
        mailbox.append(folder, [(raw, when) for f, raw, when in items if f == folder])
    cfg = tmp_path / "mailbot.toml"
    cfg.write_text(
        "[company]\nown_domains=['gmuv-lighting.cn']\n[[mailboxes]]\nname='sales'\n"
        "address='sales@gmuv-lighting.cn'\n[mailboxes.imap]\n"
        f"host='{mailbox.host}'\nport={mailbox.port}\nusername='{mailbox.user}'\n"
        "security='none'\npassword_env='PW'\n[verification]\nauto=false\n"
        f"[database]\nurl='{store_url}'\n"
    )
    env = {"PW": mailbox.password}
    synced = mailbot("--config", str(cfg), "sync", env=env)
    assert synced.returncode == 0, synced.stderr
    assert "sales/INBOX: 2 new" in synced.stdout and "sales/Sent: 1 new" in synced.stdout
    assert mailbox.password not in synced.stderr + synced.stdout
    rows = json.loads(mailbot("--config", str(cfg), "customers", "--json").stdout)
    assert [(r["customer"], r["threads"], r["wrote_last"]) for r in rows] == [
        ("acme-lighting.de", 1, "customer")
    ]
    shown = mailbot("--config", str(cfg), "thread", "hans@acme-lighting.de")
    assert shown.returncode == 0 and shown.stdout.count("hans@acme-lighting.de:") == 2


def test_wrong_password_is_one_clear_line(mailbox, tmp_path):
    """A refused login says what to check; no traceback."""
    cfg = tmp_path / "mailbot.toml"
    cfg.write_text(
        "[[mailboxes]]\nname='sales'\naddress='sales@gmuv-lighting.cn'\n[mailboxes.imap]\n"
        f"host='{mailbox.host}'\nport={mailbox.port}\nusername='{mailbox.user}'\n"
        "security='none'\npassword_env='PW'\n"
    )
    done = mailbot("--config", str(cfg), "sync", env={"PW": "wrong"})
    assert done.returncode == 1
    assert "login" in done.stderr and "password" in done.stderr
    assert "Traceback" not in done.stderr


def test_suppressions_add_list_remove(tmp_path):
    """A manual suppression is listed with its reason, and can be lifted again."""
    cfg = tmp_path / "mailbot.toml"
    cfg.write_text("[company]\nown_domains = ['gmuv-lighting.cn']\n")
    base = ("--config", str(cfg), "suppressions")
    added = mailbot(*base, "--add", "Buyer@Example.com", "--reason", "asked by phone")
    assert added.returncode == 0 and "suppressed" in added.stdout
    again = mailbot(*base, "--add", "buyer@example.com")
    assert "already suppressed" in again.stdout
    rows = json.loads(mailbot(*base, "--json").stdout)
    assert [(r["address"], r["reason"], r["detail"]) for r in rows] == [
        ("buyer@example.com", "manual", "asked by phone")
    ]
    assert mailbot(*base, "--remove", "buyer@example.com").returncode == 0
    assert json.loads(mailbot(*base, "--json").stdout) == []
    missing = mailbot(*base, "--remove", "nobody@example.com")
    assert missing.returncode == 1 and "not suppressed" in missing.stderr
