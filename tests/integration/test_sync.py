"""IMAP sync against the real Dovecot of the test rig."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mailbot.store.models import Customer, Message, Thread
from tests.integration.syncrig import Env, load
from tests.mailgen import T0, conversation, mail

pytestmark = pytest.mark.integration


@pytest.fixture
def env(mailbox, tmp_path, store_url):
    """Tests taking `env` run twice: on a SQLite file and on the rig's PostgreSQL."""
    return Env(mailbox, tmp_path, store_url)


def test_first_sync_reads_inbox_and_sent_and_threads_them(env, mailbox):
    """Customer mail in INBOX and staff replies in Sent become one thread per conversation."""
    items = conversation(1, "hans@acme-lighting.de", T0, replies=2)
    items += conversation(2, "raj@gmail.com", T0, replies=1)
    load(mailbox, items)
    reports = env.sync()
    assert reports["INBOX"].stored == 3 and reports["Sent"].stored == 2
    assert env.messages() == 5
    assert env.count(select(func.count()).select_from(Thread)) == 2
    assert env.count(select(func.count()).select_from(Customer)) == 2
    with env.sessions() as s:
        thread = s.scalar(select(Thread).join(Customer).where(Customer.key == "acme-lighting.de"))
        assert thread.message_count == 3 and thread.last_direction == "in"


def test_same_message_in_two_folders_is_stored_once(env, mailbox):
    """A copy in INBOX and Sent is one message with two locations."""
    raw = mail(1, "anna@gmuv-lighting.cn", "hans@acme-lighting.de", "Quote", T0)
    mailbox.append("INBOX", [(raw, T0)])
    mailbox.append("Sent", [(raw, T0)])
    env.sync()
    assert env.messages() == 1 and env.locations() == 2


def test_incremental_sync_fetches_only_new_mail(env, mailbox):
    """A second sync with nothing new changes nothing; a new reply is picked up alone."""
    load(mailbox, conversation(1, "hans@acme-lighting.de", T0, replies=1))
    env.sync()
    again = env.sync()
    assert all(r.unchanged for r in again.values())
    reply = mail(
        9,
        "hans@acme-lighting.de",
        "sales@gmuv-lighting.cn",
        "Re: Inquiry 1: UVC lamps 254nm",
        T0 + timedelta(days=2),
        reply_to_id="<c1.1@gmuv-lighting.cn>",
    )
    mailbox.append("INBOX", [(reply, T0 + timedelta(days=2))])
    third = env.sync()
    assert third["INBOX"].stored == 1 and third["Sent"].unchanged
    assert env.count(select(func.count()).select_from(Thread)) == 1


def test_uidvalidity_change_remaps_without_duplicates(env, mailbox):
    """After a UIDVALIDITY reset the folder is re-mapped: same messages, no duplicates."""
    load(mailbox, conversation(1, "hans@acme-lighting.de", T0, replies=3))
    env.sync()
    before = env.messages()
    mailbox.reset_uidvalidity("INBOX")
    report = env.sync()["INBOX"]
    assert report.remapped and report.stored == 0 and report.duplicates == 2
    assert env.messages() == before and env.locations() == before


def test_expunged_and_moved_messages(mailbox, tmp_path):
    """A message moved to another synced folder keeps one row; its old location goes."""
    env = Env(mailbox, tmp_path, extra_folders=["Archive"])
    client = mailbox.client()
    client.create_folder("Archive")
    load(mailbox, conversation(1, "hans@acme-lighting.de", T0, replies=2))
    env.sync()
    client.select_folder("INBOX")
    client.move(client.search(["ALL"])[:1], "Archive")
    reports = env.sync()
    assert reports["INBOX"].expunged == 1 and reports["Archive"].duplicates == 1
    assert env.messages() == 3 and env.locations() == 3


def test_unparseable_message_is_stored_with_defects(env, mailbox):
    """Garbage bytes never stop a sync: stored, defect recorded, later mail still synced."""
    junk = b"\x00\xff\xfe garbage without headers \r\n\r\n\x81\x82"
    good = mail(2, "hans@acme-lighting.de", "sales@gmuv-lighting.cn", "Hello", T0)
    mailbox.append("INBOX", [(junk, T0), (good, T0)])
    report = env.sync()["INBOX"]
    assert report.stored == 2 and report.defects >= 1
    with env.sessions() as s:
        defects = [m.defects for m in s.scalars(select(Message))]
    assert any(defects)


def test_server_restart_between_syncs_converges(env, mailbox, imap_server):
    """A restarted server (connection gone) is a temporary error; the next sync converges."""
    load(mailbox, conversation(1, "hans@acme-lighting.de", T0, replies=1))
    env.sync()
    load(mailbox, conversation(2, "li@acme-lighting.de", T0, replies=1))
    imap_server.restart()
    env.sync()
    assert env.messages() == 4


def test_kill_during_first_sync_then_resume(mailbox, tmp_path):
    """kill -9 in the middle of a first sync; the restarted sync stores every message once."""
    items = []
    for n in range(60):
        items += conversation(n, f"buyer{n}@importer{n % 7}.com", T0 + timedelta(hours=n), 1)
    load(mailbox, items)
    env = Env(mailbox, tmp_path)
    cfg = tmp_path / "mailbot.toml"
    cfg.write_text(
        "[company]\nown_domains=['gmuv-lighting.cn']\n[[mailboxes]]\nname='sales'\n"
        "address='sales@gmuv-lighting.cn'\n[mailboxes.imap]\n"
        f"host='{mailbox.host}'\nport={mailbox.port}\nusername='{mailbox.user}'\n"
        "security='none'\npassword_env='MAILBOT_TEST_IMAP_PW'\nbatch_size=5\n"
        "[logging]\nformat='json'\n[verification]\nauto=false\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailbot", "--config", str(cfg), "sync"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and env.messages() < 20:
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    assert _gone_within(lambda: not _processes_mentioning(str(cfg)), 5), "orphan parse worker"
    partial = env.messages()
    assert 0 < partial < len(items), "the kill should land mid-sync"
    env.sync()
    assert env.messages() == len(items) and env.locations() == len(items)


def _processes_mentioning(text: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _gone_within(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()
