"""Ambiguous and temporary SMTP outcomes end to end, through the CLI and the daemon.

421 after the final dot: the server may have kept the message (the rig's does), so
the row is `unknown` — shown by `mailbot log` and the digest, never sent again by
`run --once` or a daemon cycle; a person decides. 450 at RCPT (greylisting): retried
at its next attempt within `retry_for_hours`, then sent once. (5xx at RCPT: failed
and suppressed, test_run_cycle.py::test_a_refused_recipient_fails_and_is_suppressed.)
"""

from __future__ import annotations

import tomllib
from datetime import timedelta

import pytest

from tests.integration.cyclerig import (
    Rig,
    due_moment,
    mailbot_ok,
    quiet_customer,
    toml_text,
    write_toml,
)
from tests.integration.daemonrig import events, store, wait_until

pytestmark = pytest.mark.integration
CLOSING = "closing@acme-lighting.de"  # the rig's SMTP answers 421 after keeping the message
GREYLISTED = "greylist@acme-lighting.de"  # the rig's SMTP answers 450 to the first RCPT


def test_421_after_the_dot_is_unknown_shown_and_never_resent(mailbox, smtp, tmp_path, daemons):
    """`run --once` records `unknown`; log and digest name it; neither a second run nor
    a daemon's cycle sends it again: the server holds the one copy it kept."""
    quiet_customer(mailbox, to=CLOSING)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    write_toml(rig)
    out = mailbot_ok(rig, "run", "--once", "--at", now.isoformat())
    [row] = rig.rows()
    assert row.status == "unknown" and "421" in row.outcome, row.outcome
    assert "1 unknown" in out and f"unknown #{row.id}: may have been delivered" in out, out
    [kept] = smtp.messages
    assert kept.rcpt_tos == [CLOSING]

    log = mailbot_ok(rig, "log", "--status", "unknown")
    assert CLOSING in log and "421" in log, log
    digest = mailbot_ok(rig, "digest", "--at", (now + timedelta(hours=2)).isoformat())
    assert f"#{row.id} followup to {CLOSING}" in digest, digest

    later = mailbot_ok(rig, "run", "--once", "--at", (now + timedelta(days=1)).isoformat())
    assert "0 sent" in later and len(smtp.messages) == 1, later

    config = tmp_path / "mailbot.toml"
    data = tomllib.loads(config.read_text())
    data["logging"] = {"format": "json"}
    data["daemon"] = {"cycle_minutes": 1, "poll_seconds": 1, "lease_seconds": 3}
    config.write_text(toml_text(data))
    daemon = daemons(config)
    sessions = store(config)
    wait_until("a daemon cycle", lambda: events(sessions, "cycle"), timeout=30)
    assert daemon.stop() == 0, daemon.text()
    assert len(smtp.messages) == 1 and [r.status for r in rig.rows()] == ["unknown"]


def test_a_greylisted_recipient_is_retried_within_policy_and_sent_once(mailbox, smtp, tmp_path):
    """450 at RCPT: planned again for a later attempt inside retry_for_hours; that
    attempt sends it, once; later cycles send nothing more."""
    quiet_customer(mailbox, to=GREYLISTED)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    assert len(rig.run(now).retrying) == 1 and smtp.messages == []
    [row] = rig.rows()
    policy = timedelta(hours=rig.config.sending.retry_for_hours)
    assert row.status == "planned" and now < row.next_attempt_at < now + policy
    summary = rig.run(row.next_attempt_at)
    assert len(summary.sent) == 1 and len(smtp.messages) == 1
    assert rig.run(row.next_attempt_at + timedelta(days=1)).sent == []
    [row] = rig.rows()
    assert row.status == "sent" and row.attempts == 2 and len(smtp.messages) == 1
