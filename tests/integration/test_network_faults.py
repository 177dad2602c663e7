"""`mailbot run` behind a TCP proxy that cuts its IMAP and SMTP connections at random.

While the network misbehaves a customer answers and a new customer writes; once it
calms down the daemon must catch up within two poll intervals, still running, with
every error a one-line event and no follow-up sent twice. CI runs ~20 s of chaos;
bench/chaos_bench.py runs minutes of it (MAILBOT_CHAOS_SECONDS here does the same).
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from mailbot.adapters.imap import ImapMailbox
from mailbot.config import ImapAccount, parse_config
from mailbot.errors import TemporaryMailboxError
from mailbot.services.planning import build_plan
from mailbot.store.models import Message
from tests.integration.daemonrig import (
    _load,
    conversation,
    events,
    rows,
    store,
    wait_until,
    write_config,
)
from tests.mailgen import mail
from tests.rig.proxy import TcpProxy

pytestmark = pytest.mark.integration
POLL = 2.0  # [daemon] poll_seconds
CHAOS_SECONDS = float(os.environ.get("MAILBOT_CHAOS_SECONDS", "20"))
SEED = int(os.environ.get("MAILBOT_CHAOS_SEED", "8"))
# an exception the daemon did not expect shows as "<job> failed: SomeError: …"
UNEXPECTED = re.compile(r"failed: [A-Z][A-Za-z]*(Error|Exception)\b")


def via(proxy: TcpProxy, server) -> SimpleNamespace:
    """`server` (a rig user or the SMTP sink) as reached through `proxy`."""
    return SimpleNamespace(host=proxy.host, port=proxy.port, user=getattr(server, "user", ""),
                           password=getattr(server, "password", ""))  # fmt: skip


def stored(sessions, message_id: str) -> bool:
    with sessions() as s:
        return s.scalar(select(Message.id).where(Message.message_id == message_id)) is not None


def test_the_daemon_converges_after_its_connections_were_cut_at_random(
    mailbox, smtp, daemons, tmp_path
):
    """Cuts and refused connections for CHAOS_SECONDS: afterwards the reply and the new
    inquiry are in the store within two poll intervals; nothing escaped, nothing doubled."""
    quote = conversation(mailbox, 1, "hans@acme-lighting.de", timedelta(hours=1))
    with TcpProxy(mailbox.port) as imap, TcpProxy(smtp.port) as relay:
        config = write_config(via(imap, mailbox), via(relay, smtp), tmp_path,
                              poll_seconds=POLL, cycle_minutes=0.5)  # fmt: skip
        daemon = daemons(config)
        sessions = store(config)
        wait_until("the first sync", lambda: events(sessions, "sync"), timeout=30)
        cfg = parse_config(_load(config), config)

        imap.chaos(SEED)
        relay.chaos(SEED + 1)
        time.sleep(CHAOS_SECONDS / 2)
        reply_id = _answer(mailbox, quote)
        time.sleep(CHAOS_SECONDS / 2 - 1)
        inquiry_id = _new_customer(mailbox)  # a quote 20 days old: a follow-up is due
        time.sleep(1)  # the last mail arrives just before the network calms down
        imap.calm()
        relay.calm()
        calmed = time.monotonic()

        def caught_up() -> bool:
            if not (stored(sessions, reply_id) and stored(sessions, inquiry_id)):
                return False
            with sessions() as s:
                plan = build_plan(s, cfg, datetime.now(UTC))
            hans = [i for i in plan if i.subject.endswith("Inquiry 1: UVC lamps")]
            return bool(hans) and hans[0].decision.state != "awaiting_customer"

        wait_until("the store to catch up", caught_up, timeout=60, every=0.05)
        converged = time.monotonic() - calmed
        print(
            f"chaos {CHAOS_SECONDS:.0f} s: {imap.cuts} IMAP and {relay.cuts} SMTP connections "
            f"cut, {imap.refused + relay.refused} refused; caught up {converged:.2f} s after"
        )
        assert imap.cuts + imap.refused > 0  # the chaos did hit the daemon's IMAP
        assert converged < 2 * POLL, f"caught up only after {converged:.1f} s"

        # the due follow-up: sent once; `unknown` if a cut hid the server's answer; or,
        # refused before DATA, planned again minutes later (outbox.RETRY_STEPS)
        def decided() -> list:
            got = rows(sessions)
            return [r for r in got if r.status in ("sent", "unknown")
                    or (r.status == "planned" and r.attempts >= 1)]  # fmt: skip

        [row] = wait_until("the follow-up's outcome", decided, timeout=60)
        time.sleep(POLL)  # a double send would arrive now
        ids = Counter(r.message()["Message-ID"] for r in smtp.messages)
        assert max(ids.values(), default=1) == 1, ids
        expected = {"sent": {row.message_id}, "planned": set()}.get(row.status)
        if expected is not None:  # `unknown`: the server may or may not have it
            assert set(ids) == expected, (row.status, row.outcome, ids)
        print(f"follow-up: {row.status} ({row.outcome}), {len(smtp.messages)} at the sink")
        assert daemon.proc.poll() is None, daemon.text()
        assert daemon.stop() == 0
    text = daemon.text()
    assert "Traceback" not in text and '"job_crashed"' not in text, text[-3000:]
    errors = events(sessions, "error")
    for e in errors:
        assert "\n" not in e.detail and not UNEXPECTED.search(e.detail), e.detail


def _answer(user, quote: str) -> str:
    reply_id = "<reply1@acme-lighting.de>"
    when = datetime.now(UTC)
    user.append("INBOX", [(mail(11, "hans@acme-lighting.de", "sales@gmuv-lighting.cn",
                                "Re: Inquiry 1: UVC lamps", when, reply_to_id=quote,
                                message_id=reply_id,
                                body="Thanks, we will order 200 pieces next week."),
                           when)])  # fmt: skip
    return reply_id


def _new_customer(user) -> str:
    # `slow…`: the sink keeps the message and answers the final dot a second later, so
    # a cut may land inside the send (an `unknown`), not only between connections
    conversation(user, 2, "slowli@uvtech.de", timedelta(days=20))
    return "<inq2@uvtech.de>"


def test_a_connection_cut_during_login_is_lost_not_a_refused_login(mailbox):
    """The line drops right as LOGIN goes out: retry soon, not "wrong password" (which
    would back off for up to retry_max_minutes and send the user to check the password)."""
    os.environ["MAILBOT_TEST_CUT_PW"] = mailbox.password
    with TcpProxy(mailbox.port) as wire:
        wire.cut_on = b" LOGIN "
        account = ImapAccount(host=wire.host, port=wire.port, username=mailbox.user,
                              security="none", password_env="MAILBOT_TEST_CUT_PW")  # fmt: skip
        with pytest.raises(TemporaryMailboxError) as lost:
            ImapMailbox(account).connect()
    assert wire.cuts == 1
    assert str(lost.value).startswith(f"IMAP connection to {wire.host} lost while logging in: ")
