"""UIDVALIDITY resets, several in one run, on the rig's Dovecot and SMTP sink: no
duplicate, no changed decision, no send while a folder is re-mapped; too many resets
trip the breaker, which stops that mailbox's syncs and sends until it is reset."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from mailbot.adapters.imap import ImapMailbox
from mailbot.cli import cli
from mailbot.cli.plan import item_json
from mailbot.cli.status import describe
from mailbot.services.cycle import Cycle
from mailbot.services.doctor import check_sync_holds
from mailbot.services.planning import build_plan
from mailbot.services.renumbering import SyncBreakerOpen, reset_breaker
from mailbot.services.status import read_status
from mailbot.services.sync import MailboxSync, NoProgress
from mailbot.store.models import Message, MessageLocation, OutboxMail, ServiceEvent
from tests.integration.churn import cli_config
from tests.integration.cyclerig import Rig, due_moment, quiet_customer
from tests.mailgen import T0, conversation

pytestmark = pytest.mark.integration


class Crash(Exception):
    """Stands for a kill: raised once the first batch of a walk is committed."""


class CrashAfterFirstBatch(NoProgress):
    def advance(self, count: int) -> None:
        raise Crash


def sync(rig: Rig, now, progress=None):
    box = rig.config.mailboxes[0]
    job = MailboxSync(rig.config, box, rig.sessions, lambda: now, progress)
    with ImapMailbox(box.imap) as imap:
        return {r.folder: r for r in job.run(imap)}


def interrupted_sync(rig: Rig, now) -> None:
    with pytest.raises(Crash):
        sync(rig, now, CrashAfterFirstBatch())


def plan(rig: Rig, now) -> list[dict]:
    with rig.sessions() as s:
        return [item_json(i) for i in build_plan(s, rig.config, now)]


def counts(rig: Rig) -> tuple[int, int]:
    with rig.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Message)),
                s.scalar(select(func.count()).select_from(MessageLocation)))  # fmt: skip


def setup(mailbox, smtp, tmp_path, db_url=None) -> tuple[Rig, object, int]:
    """One quiet customer due for a follow-up, and more mail to re-map (a thread whose
    customer wrote last: we owe them an answer, mailbot sends nothing there)."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path, db_url=db_url)
    due = due_moment(rig)
    for folder, raw, when in conversation(7, "li@lamps-import.com", T0, 4):
        mailbox.append(folder, [(raw, when)])
    sync(rig, T0)
    return rig, due, 7  # 2 + 5 messages, one place each


def test_resets_in_one_run_change_nothing_and_hold_sends_while_remapping(mailbox, smtp, tmp_path):
    rig, now, total = setup(mailbox, smtp, tmp_path)
    before = plan(rig, now)
    assert counts(rig) == (total, total)
    for k, folder in enumerate(("INBOX", "Sent", "INBOX")):  # 3 resets: the breaker's limit
        at = now + timedelta(minutes=k)
        mailbox.reset_uidvalidity(folder)
        interrupted_sync(rig, at)  # the re-map started, then the sync died
        summary = Cycle(rig.config, rig.sessions, at).run(rig.config.mailboxes, sync=False)
        assert summary.sent == [] and smtp.messages == [], summary
        assert any(f"{folder} is being re-mapped" in h for h in summary.held), summary.held
        reports = sync(rig, at)  # the next sync completes the walk
        assert reports[folder].stored == 0, reports[folder]
        assert counts(rig) == (total, total)
        assert plan(rig, now) == before  # no decision changed
    summary = rig.run(now + timedelta(minutes=5))
    assert len(summary.sent) == 1 and len(smtp.messages) == 1, summary
    sync(rig, now + timedelta(minutes=5))
    assert counts(rig) == (total + 1, total + 1)  # our follow-up, once, found in Sent


def test_one_reset_too_many_trips_the_breaker(mailbox, smtp, tmp_path, store_url):
    """Runs on SQLite and PostgreSQL (the reset history is a JSON column)."""
    rig, now, total = setup(mailbox, smtp, tmp_path, store_url)
    limit = rig.config.sync.uidvalidity_resets_max
    for k in range(limit):
        mailbox.reset_uidvalidity("INBOX")
        assert sync(rig, now + timedelta(minutes=k))["INBOX"].remapped
    mailbox.reset_uidvalidity("INBOX")
    trip = now + timedelta(minutes=limit)
    with pytest.raises(SyncBreakerOpen) as caught:
        sync(rig, trip)
    words = f"INBOX of mailbox sales changed UIDVALIDITY {limit + 1} times in 24 h"
    assert words in str(caught.value) and "--reset-breaker" in str(caught.value)
    assert counts(rig) == (total, total)  # the old map stays; nothing forgotten or doubled
    with rig.sessions() as s:
        kinds = list(s.scalars(select(ServiceEvent.kind).order_by(ServiceEvent.id)))
        assert kinds.count("uidvalidity_reset") == limit + 1 and "sync_breaker" in kinds
        assert words in describe(read_status(s, rig.config, trip))
    [doctor] = check_sync_holds(rig.config)
    assert doctor.failed and words in doctor.line()
    later = trip + timedelta(minutes=1)  # syncing and sending stay stopped
    summary = rig.run(later)
    assert summary.sent == [] and smtp.messages == [], summary
    assert any(words in h for h in summary.held), summary.held
    with rig.sessions() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMail)) == 1  # waits, planned
    with rig.sessions.begin() as s:
        assert reset_breaker(s, "sales", later) == ["INBOX"]
    assert sync(rig, later)["INBOX"].remapped  # counted afresh: one reset, re-mapped
    assert list(check_sync_holds(rig.config)) == []
    summary = rig.run(later)
    assert len(summary.sent) == 1 and len(smtp.messages) == 1, summary


def test_sync_command_names_the_open_breaker_and_resets_it(mailbox, smtp, tmp_path):
    rig, now, total = setup(mailbox, smtp, tmp_path)
    for k in range(rig.config.sync.uidvalidity_resets_max + 1):
        mailbox.reset_uidvalidity("Sent")
        with contextlib.suppress(SyncBreakerOpen):
            sync(rig, now + timedelta(minutes=k))
    config = cli_config(mailbox, tmp_path / "cli.toml", extra="")  # the same store file
    runner = CliRunner()
    stopped = runner.invoke(cli, ["--config", str(config), "sync"])
    assert isinstance(stopped.exception, SyncBreakerOpen)
    assert "Sent of mailbox sales changed UIDVALIDITY 4 times in 24 h" in stopped.output
    done = runner.invoke(cli, ["--config", str(config), "sync", "--reset-breaker"])
    assert done.exit_code == 0, done.output
    assert "sales: breaker closed for Sent" in done.output
    assert "sales/Sent: 0 new" in done.output and "re-mapped" in done.output
    assert counts(rig) == (total, total)
