"""`mailbot run` as a service, in a subprocess, against the rig's Dovecot and SMTP.

The daemon reads the wall clock, so conversations are dated relative to now and the
calendars are open around the clock (no holidays, an all-day send window): a quote
sent 20 days ago is due at once, one sent an hour ago is not.
"""

from __future__ import annotations

import json
import signal
import smtplib
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from sqlalchemy import select

from mailbot.config import parse_config
from mailbot.services.cycle import Cycle
from mailbot.services.outbox import Outbox
from mailbot.services.planning import build_plan
from mailbot.store.models import LeadCheck
from mailbot.store.service import SENDER, lease
from tests.integration.cyclerig import Rig, due_moment, quiet_customer, toml_text
from tests.integration.daemonrig import (
    _load,
    conversation,
    events,
    rows,
    store,
    wait_until,
    write_config,
)
from tests.rig import dns as dns_rig
from tests.rig import free_port
from tests.rig.smtp import SmtpServer

pytestmark = pytest.mark.integration
PACKAGED = Path(__file__).parents[2] / "mailbot" / "templates" / "en" / "followup"


def test_a_reply_changes_the_decision_within_seconds(mailbox, smtp, imap_server, daemons, tmp_path):
    """Mail delivered over SMTP into the watched INBOX (IDLE) is synced and decided;
    a second mailbox has its own watcher and cycle."""
    quote = conversation(mailbox, 1, "hans@acme-lighting.de", timedelta(hours=1))
    support = imap_server.new_user("daemon-support")
    config = write_config(mailbox, smtp, tmp_path, more=(support,))
    daemon = daemons(config)
    sessions = store(config)
    wait_until("the first syncs", lambda: len(events(sessions, "sync")) >= 2)
    wait_until("two watchers", lambda: daemon.text().count('"watching"') == 2)
    cfg = parse_config(_load(config), config)
    with sessions() as s:
        [item] = build_plan(s, cfg, datetime.now(UTC))
    assert item.decision.state == "awaiting_customer"

    reply = EmailMessage()
    reply["From"], reply["To"] = "hans@acme-lighting.de", "sales@gmuv-lighting.cn"
    reply["Subject"], reply["Message-ID"] = "Re: Inquiry 1: UVC lamps", make_msgid()
    reply["In-Reply-To"], reply["References"] = quote, quote
    reply.set_content("Thanks, we will order 200 pieces next week.")
    with SmtpServer(deliver_to=imap_server) as relay:
        sent_at = time.monotonic()
        with smtplib.SMTP(relay.host, relay.port) as client:
            client.send_message(reply, to_addrs=[f"{mailbox.user}@rig.test"])

        def decided() -> bool:
            with sessions() as s:
                [item] = build_plan(s, cfg, datetime.now(UTC))
            return item.decision.state != "awaiting_customer"

        wait_until("the reply's decision", decided, timeout=15, every=0.05)
        latency = time.monotonic() - sent_at
    print(f"new mail to decision: {latency:.2f} s")
    assert latency < 10

    conversation(support, 7, "li@uvtech.de", timedelta(hours=1))
    stored = lambda: [e for e in events(sessions, "sync")  # noqa: E731
                      if e.mailbox == "support1" and e.figures["stored"] >= 1]  # fmt: skip
    wait_until("support1's own cycle", stored, timeout=10)
    support.close()
    assert daemon.stop() == 0 and smtp.messages == []
    assert '"mode": "idle"' in daemon.text() and '"new_mail"' in daemon.text()


def test_sigterm_during_a_send_finishes_it_and_exits_cleanly(mailbox, smtp, daemons, tmp_path):
    """The send in flight completes and is recorded `sent`; exit 0, lease released."""
    conversation(mailbox, 1, "slowhans@acme-lighting.de", timedelta(days=20))
    smtp.slow_seconds = 2.0  # the answer to DATA comes late: SIGTERM lands inside the send
    config = write_config(mailbox, smtp, tmp_path)
    daemon = daemons(config)
    smtp.wait_for(1, timeout=30)
    daemon.proc.send_signal(signal.SIGTERM)
    assert daemon.proc.wait(20) == 0, daemon.text()
    sessions = store(config)
    [row] = rows(sessions)
    assert row.status == "sent", (row.status, row.outcome)
    assert len(smtp.messages) == 1
    assert [e.kind for e in events(sessions, "stop")] == ["stop"]
    with sessions() as s:
        assert lease(s, SENDER) is None  # released on the way out


def test_a_second_signal_stops_at_once(mailbox, smtp, daemons, tmp_path):
    """The send in flight is left `sending`; the next start marks it unknown, never resent."""
    conversation(mailbox, 1, "slowhans@acme-lighting.de", timedelta(days=20))
    smtp.slow_seconds = 5.0
    config = write_config(mailbox, smtp, tmp_path)
    daemon = daemons(config)
    smtp.wait_for(1, timeout=30)
    daemon.proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    stopped = time.monotonic()
    daemon.proc.send_signal(signal.SIGTERM)
    assert daemon.proc.wait(5) == 1 and time.monotonic() - stopped < 2
    sessions = store(config)
    assert [r.status for r in rows(sessions)] == ["sending"]
    with sessions.begin() as s:
        assert Outbox(s).recover(datetime.now(UTC)) == 1
    assert [r.status for r in rows(sessions)] == ["unknown"] and len(smtp.messages) == 1


def test_two_daemons_never_double_send(mailbox, smtp, daemons, tmp_path, store_url):
    """One sends, the other waits and says for whom; it takes over when the holder dies.
    On SQLite and on PostgreSQL (the lease is a conditional UPDATE on both)."""
    for n, who in enumerate(("hans@acme-lighting.de", "li@uvtech.de", "marie@lumen.fr")):
        conversation(mailbox, n + 1, who, timedelta(days=20))
    # a longer lease than elsewhere: a loaded CI machine may delay a renewal by seconds
    config = write_config(mailbox, smtp, tmp_path, db_url=store_url, lease_seconds=5)
    first, second = daemons(config, "first"), daemons(config, "second")
    sessions = store(config)
    got = smtp.wait_for(3, timeout=30)
    # all three recorded before the kill below (one killed mid-send would be `unknown`)
    wait_until("three sent", lambda: [r.status for r in rows(sessions)] == ["sent"] * 3)
    waiting = wait_until("a lease_wait event", lambda: events(sessions, "lease_wait"))[-1]
    with sessions() as s:
        holder = lease(s, SENDER).holder
    assert holder in waiting.detail and "waiting" in waiting.detail
    active, standby = (first, second) if f":{first.proc.pid}:" in holder else (second, first)
    assert '"lease_wait"' in standby.text()

    active.proc.kill()  # the holder dies: its lease expires, the standby takes over
    assert active.proc.wait(10) == -signal.SIGKILL
    wait_until("the takeover", lambda: f":{standby.proc.pid}:" in _holder(sessions), timeout=15)
    conversation(mailbox, 4, "ana@lumen.fr", timedelta(days=20))
    got = smtp.wait_for(4, timeout=30)
    time.sleep(1.0)  # a double send would arrive now
    ids = Counter(r.message()["Message-ID"] for r in smtp.messages)
    assert len(got) == 4 and len(ids) == 4 and max(ids.values()) == 1, ids
    assert standby.stop() == 0
    assert sorted(r.status for r in rows(sessions)) == ["sent"] * 4


def _body(received) -> str:
    return received.message().get_body(("plain",)).get_content()


def _holder(sessions) -> str:
    with sessions() as s:
        info = lease(s, SENDER)
    return info.holder if info else ""


def test_a_broken_template_edit_keeps_the_old_one(mailbox, smtp, daemons, tmp_path):
    """A bad edit is refused (file:line in `reload_failed`); a good one is used next."""
    folder = tmp_path / "templates" / "en" / "followup"
    folder.mkdir(parents=True)
    for source in PACKAGED.glob("*.txt.j2"):
        head, end, tail = source.read_text().rpartition("{% endblock %}")  # the text block
        text = head + "Template v1.\n" + end + tail
        (folder / source.name).write_text(text)
    config = write_config(mailbox, smtp, tmp_path)
    daemon = daemons(config)
    sessions = store(config)
    wait_until("the first cycle", lambda: events(sessions, "cycle"))

    edited = folder / "gentle_reminder.txt.j2"
    good = edited.read_text()
    edited.write_text(good.replace("{{ signature", "{{ signature |||"))
    [failed] = wait_until("reload_failed", lambda: events(sessions, "reload_failed"))
    assert f"{edited}:" in failed.detail and failed.level == "error", failed.detail
    conversation(mailbox, 1, "hans@acme-lighting.de", timedelta(days=20))
    [first] = smtp.wait_for(1, timeout=30)
    assert "Template v1." in _body(first)

    edited.write_text(good.replace("Template v1.", "Template v2."))
    wait_until("reload", lambda: events(sessions, "reload"))
    conversation(mailbox, 2, "li@uvtech.de", timedelta(days=20))
    second = smtp.wait_for(2, timeout=30)[1]
    assert "Template v2." in _body(second)
    assert daemon.stop() == 0


def test_a_failing_mailbox_is_one_line_and_an_event(mailbox, smtp, daemons, tmp_path):
    """IMAP down: the daemon stays up and says so in one sentence per job."""
    down = type(
        "Down",
        (),
        {
            "host": mailbox.host,
            "port": free_port(),
            "user": mailbox.user,
            "password": mailbox.password,
        },
    )  # nothing listens there
    config = write_config(down, smtp, tmp_path, cycle_minutes=0.02, retry_max_minutes=0.05)
    daemon = daemons(config)
    sessions = store(config)
    jobs = lambda: {e.detail.split(" ")[0] for e in events(sessions, "error")}  # noqa: E731
    wait_until("the cycle's and the watcher's errors", lambda: len(jobs()) == 2, timeout=30)
    assert jobs() == {"cycle:sales", "watch:sales"}  # backoff itself: test_daemon_guard.py
    errors = events(sessions, "error")
    assert {e.mailbox for e in errors} == {"sales"} and {e.level for e in errors} == {"error"}
    assert any(e.detail.startswith("cycle:sales for mailbox sales failed: cannot reach IMAP ")
               for e in errors), [e.detail for e in errors]  # fmt: skip
    assert all("\n" not in e.detail for e in errors)
    assert daemon.proc.poll() is None  # still running
    daemon.proc.send_signal(signal.SIGHUP)  # a reload on request, too
    wait_until("reload", lambda: events(sessions, "reload"))
    assert daemon.stop() == 0
    text = daemon.text()
    assert mailbox.password not in text and "Traceback" not in text
    assert '"job_failed"' in text and '"retry_in_seconds"' in text


def test_a_cycle_that_lost_its_lease_sends_nothing(mailbox, smtp, tmp_path):
    """`may_send` is asked before each row and again right before its send."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    for answers in ([False], [True, False]):  # lost before the fence, or during it
        told = iter(answers)
        summary = Cycle(rig.config, rig.sessions, now, may_send=lambda t=told: next(t)).run(
            rig.config.mailboxes
        )
        assert summary.sent == [] and smtp.messages == [], summary
        assert [r.status for r in rig.rows()] == ["planned"]
        assert any("the lease was lost" in why for why in summary.held), summary.held
    summary = Cycle(rig.config, rig.sessions, now, may_send=lambda: True).run(rig.config.mailboxes)
    assert len(summary.sent) == 1 and len(smtp.messages) == 1


def test_the_daemon_sends_the_digest_and_serves_its_health(mailbox, smtp, daemons, tmp_path):
    """With [digest] and [http] set, the daemon mails the team its digest once (the
    hour has passed) and /healthz says healthy while it holds the lease."""
    import json
    import tomllib
    import urllib.request

    conversation(mailbox, 1, "hans@acme-lighting.de", timedelta(hours=1))
    config = write_config(mailbox, smtp, tmp_path)
    data = tomllib.loads(config.read_text())
    port = free_port()
    data["digest"] = {"enabled": True, "recipients": ["team@gmuv-lighting.cn"], "hour": "00:00"}
    data["http"] = {"listen": f"127.0.0.1:{port}"}
    config.write_text(toml_text(data))
    daemon = daemons(config)
    sessions = store(config)
    [digest] = smtp.wait_for(1, timeout=20)
    assert digest.rcpt_tos == ["team@gmuv-lighting.cn"]
    assert digest.message()["Auto-Submitted"] == "auto-generated"
    wait_until("a cycle", lambda: events(sessions, "cycle"))

    def healthy() -> dict | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as got:
                return json.loads(got.read()) if got.status == 200 else None
        except OSError:
            return None

    health = wait_until("/healthz 200", healthy, timeout=10, every=0.2)
    assert health["ok"] is True and health["holder"]
    assert len(events(sessions, "digest")) == 1
    assert daemon.stop() == 0
    assert len(smtp.messages) == 1  # the digest once, nothing else (the quote is fresh)


def test_new_mail_is_lead_checked_in_the_cycle_it_wakes(
    mailbox, smtp, dns_server, daemons, tmp_path
):
    """Not at the next `reverify`, hours away: the cycle new mail wakes checks its senders
    before it plans, so a lead whose domain does not exist gets no follow-up while the
    real lead that wrote after it gets theirs."""
    config = write_config(mailbox, smtp, tmp_path, reverify_hours=6)
    data = _load(config)
    data["verification"] = {"nameservers": [dns_server.host], "port": dns_server.port,
                            "timeout_seconds": 1}  # fmt: skip
    config.write_text(toml_text(data))
    daemon = daemons(config)
    sessions = store(config)
    wait_until("the first cycle", lambda: events(sessions, "cycle"))
    fake, real = f"buyer@{dns_rig.NXDOMAIN_NAME}", f"hans@{dns_rig.GOOD_DOMAIN}"
    conversation(mailbox, 1, fake, timedelta(days=20))
    conversation(mailbox, 2, real, timedelta(days=20))  # its cycle has synced both
    started = time.monotonic()
    [got] = smtp.wait_for(1, timeout=30)
    print(f"new mail to checked and sent: {time.monotonic() - started:.2f} s")
    assert got.rcpt_tos == [real]
    with sessions() as s:
        verdicts = {c.email: c.verdict for c in s.scalars(select(LeadCheck))}
    assert verdicts == {fake: "invalid", real: "valid"}
    assert [r.recipient for r in rows(sessions)] == [real]

    def lead_lines() -> list[dict]:
        logged = [json.loads(line) for line in daemon.text().splitlines() if line[:1] == "{"]
        return [e for e in logged if e["event"] == "leads_checked"]

    both = lambda: sum(e["addresses"] for e in lead_lines()) == 2  # noqa: E731
    wait_until("the cycles' leads_checked lines", both, timeout=10)
    # one line per check, named after the cycle that ran it (the job's bound context)
    assert {(e["job"], e["mailbox"]) for e in lead_lines()} == {("cycle:sales", "sales")}
    # the first cycle, on an empty mailbox, had nothing due: no line for it
    assert [e for e in lead_lines() if e["addresses"] == 0] == []
    assert daemon.stop() == 0 and len(smtp.messages) == 1
