"""`mailbot run --once` against the real Dovecot and SMTP server of the rig.

Tests taking `store_url` run twice: on a SQLite file and on the rig's PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from mailbot.config import parse_config
from mailbot.services.outbox import Outbox
from mailbot.services.planning import build_plan
from mailbot.store.models import Message, OutboxMail, SendEvent, Suppression
from mailbot.store.service import SENDER, lease, release_lease, take_lease
from tests.integration.cyclerig import (
    QUOTE,
    SUBJECT,
    Rig,
    customer_reply,
    due_moment,
    mailbot_ok,
    quiet_customer,
    sent_folder_flags,
    settings,
    write_toml,
)
from tests.mailgen import T0, mail

pytestmark = pytest.mark.integration


def test_a_silent_customer_gets_exactly_one_follow_up(mailbox, smtp, tmp_path, store_url):
    """One reply in the thread to the customer, a seen copy in Sent, nothing on a rerun."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path, db_url=store_url)
    now = due_moment(rig)
    summary = rig.run(now)
    assert len(summary.proposed) == 1 and len(summary.sent) == 1, summary
    [got] = smtp.messages
    msg = got.message()
    assert got.rcpt_tos == ["hans@acme-lighting.de"] and "hans@acme-lighting.de" in msg["To"]
    assert msg["In-Reply-To"] == QUOTE and QUOTE in msg["References"]
    assert SUBJECT in msg["Subject"] and msg["From"].startswith("Anna Li")
    assert b"\\Seen" in sent_folder_flags(mailbox)[msg["Message-ID"]]
    again = rig.run(now)
    assert again.proposed == [] and again.sent == [] and len(smtp.messages) == 1
    with rig.sessions() as s:  # the synced copy in Sent is the message we stored
        assert s.scalar(select(func.count()).select_from(Message)) == 3
    with rig.sessions() as s:  # our follow-up counts: the next step is stage 2, later
        [item] = build_plan(s, rig.config, now)
    assert item.decision.stage == 2 and item.decision.due_at > now


def test_a_customer_who_replied_gets_nothing(mailbox, smtp, tmp_path):
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    customer_reply(mailbox, T0 + timedelta(days=2))
    summary = rig.run(now)
    assert summary.proposed == [] and summary.sent == [] and smtp.messages == []


def test_fence_skips_when_they_answer_after_planning(mailbox, smtp, tmp_path):
    """Planned (awaiting approval), then they answer: the fence's own sync sees it."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path, mode="approve")
    now = due_moment(rig)
    assert len(rig.run(now).proposed) == 1 and smtp.messages == []
    customer_reply(mailbox, now - timedelta(minutes=1))
    with rig.sessions.begin() as s:
        [row] = s.scalars(select(OutboxMail)).all()
        Outbox(s).decide(row, now, approve=True, by="test")
    summary = rig.run(now, sync=False)  # only the fence syncs
    assert summary.sent == [] and smtp.messages == []
    [(row_id, why)] = summary.skipped
    assert "awaiting_us" in why
    with rig.sessions() as s:
        assert s.get(OutboxMail, row_id).status == "cancelled"
        events = [e.event for e in s.scalars(select(SendEvent).order_by(SendEvent.id))]
    assert events == ["planned", "approved", "skipped"]


def test_a_refused_recipient_fails_and_is_suppressed(mailbox, smtp, tmp_path):
    quiet_customer(mailbox, to="reject@acme-lighting.de")
    rig = Rig(mailbox, smtp, tmp_path)
    summary = rig.run(due_moment(rig))
    [(row_id, words)] = summary.failed
    assert "550" in words and smtp.messages == []
    with rig.sessions() as s:
        assert s.get(OutboxMail, row_id).status == "failed"
        sup = s.scalar(select(Suppression).where(Suppression.address == "reject@acme-lighting.de"))
    assert sup is not None and sup.reason == "rejected"


def test_an_unknown_outcome_is_never_resent(mailbox, smtp, tmp_path, store_url):
    quiet_customer(mailbox, to="drop@acme-lighting.de")
    rig = Rig(mailbox, smtp, tmp_path, db_url=store_url)
    now = due_moment(rig)
    first = rig.run(now)
    assert len(first.unknown) == 1 and len(smtp.messages) == 1
    later = rig.run(now + timedelta(days=1))
    assert later.proposed == [] and later.sent == [] and len(smtp.messages) == 1
    assert [r.status for r in rig.rows()] == ["unknown"]


def test_approve_mode_waits_for_a_person(mailbox, smtp, tmp_path):
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path, mode="approve")
    now = due_moment(rig)
    assert len(rig.run(now).proposed) == 1 and smtp.messages == []
    assert rig.run(now).sent == [] and smtp.messages == []
    write_toml(rig)
    out = mailbot_ok(rig, "approve", "--all")
    assert out.startswith("approved 1")
    out = mailbot_ok(rig, "run", "--once", "--at", now.isoformat())
    assert out.startswith("mode approve: 0 proposed, 1 sent") and len(smtp.messages) == 1
    assert smtp.messages[0].message()["Date"].endswith(now.strftime("%H:%M:%S +0000"))
    [entry] = json.loads(mailbot_ok(rig, "log", "--json"))
    assert entry["status"] == "sent" and entry["template"] and entry["subject"]
    assert [e["event"] for e in entry["events"]] == ["planned", "approved", "sent"]


def test_run_once_refuses_while_a_daemon_holds_the_sender_lease(mailbox, smtp, tmp_path, store_url):
    """A second sender would mark the daemon's send in flight `unknown`: it says who
    sends instead, sends nothing, and goes ahead once the lease is free."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path, db_url=store_url)
    now = due_moment(rig)
    write_toml(rig)
    wall = datetime.now(UTC)
    assert take_lease(rig.sessions, SENDER, "host:42:daemon", wall, timedelta(minutes=5))
    done = subprocess.run(
        [sys.executable, "-m", "mailbot", "--config", str(tmp_path / "mailbot.toml"),
         "run", "--once", "--at", now.isoformat()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and "host:42:daemon" in done.stderr
    assert "Traceback" not in done.stderr and smtp.messages == []
    release_lease(rig.sessions, SENDER, "host:42:daemon")
    assert mailbot_ok(rig, "run", "--once", "--at", now.isoformat()).startswith(
        "mode live: 1 proposed"
    )
    assert len(smtp.messages) == 1
    with rig.sessions() as s:
        assert lease(s, SENDER) is None  # released at the end


def test_dry_run_writes_files_and_never_blocks_a_live_send(mailbox, smtp, tmp_path):
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path, mode="dry-run")
    now = due_moment(rig)
    summary = rig.run(now)
    [path] = summary.written
    assert path.parent == tmp_path / "outbox-dry-run" and b"In-Reply-To" in path.read_bytes()
    assert smtp.messages == [] and rig.rows() == []
    rig.configure("live")
    assert len(rig.run(now).sent) == 1 and len(smtp.messages) == 1


def test_the_daily_cap_leaves_the_rest_for_later(mailbox, smtp, tmp_path):
    """Two customers due, a cap of one: one is sent, the other waits (still planned)."""
    quiet_customer(mailbox)
    other = mail(9, "li@uvtech.de", "sales@gmuv-lighting.cn", "Inquiry: UV sterilizer", T0,
                 message_id="<inq2@uvtech.de>")  # fmt: skip
    mailbox.append("INBOX", [(other, T0)])
    sent = T0 + timedelta(hours=5)
    answer = mail(10, "sales@gmuv-lighting.cn", "li@uvtech.de", "Re: Inquiry: UV sterilizer",
                  sent, reply_to_id="<inq2@uvtech.de>")  # fmt: skip
    mailbox.append("Sent", [(answer, sent)])
    data = settings(mailbox, smtp, tmp_path, "live")
    data["sending"]["daily_cap"] = 1
    rig = Rig(mailbox, smtp, tmp_path)
    rig.config = parse_config(data, tmp_path / "mailbot.toml")
    rig.run(T0)
    with rig.sessions() as s:
        dues = sorted(i.decision.due_at for i in build_plan(s, rig.config, T0 + timedelta(days=20)))
    assert dues[0] == dues[1]  # both in Germany, silent since the same day
    summary = rig.run(dues[0])
    assert len(summary.proposed) == 2 and len(summary.sent) == 1 and len(smtp.messages) == 1
    assert any("daily cap of 1" in h for h in summary.held)
    assert sorted(r.status for r in rig.rows()) == ["planned", "sent"]


def test_a_temporary_failure_is_retried_later_not_now(mailbox, smtp, tmp_path):
    """4xx: the row stays planned with a later attempt; the same cycle moment sends nothing."""
    quiet_customer(mailbox, to="tempfail@acme-lighting.de")
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    assert len(rig.run(now).retrying) == 1 and smtp.messages == []
    [row] = rig.rows()
    assert row.status == "planned" and row.next_attempt_at > now and row.attempts == 1
    assert rig.run(now).retrying == [] and rig.rows()[0].attempts == 1
    write_toml(rig)
    text = mailbot_ok(rig, "log", "--status", "planned")
    assert "tempfail@acme-lighting.de" in text and "retry: 451" in text
