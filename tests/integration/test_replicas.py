"""Two `mailbot run` replicas on one PostgreSQL, two mailboxes (two Dovecot users).

They split the mailboxes (one each, through the per-mailbox leases); each syncs and
sends only its own. A replica killed with SIGKILL leaves its mailbox to the other
once the lease expires, and what falls due there is sent exactly once.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mailbot.store.models import ServiceEvent
from mailbot.store.service import MAILBOX, leases
from tests.integration.cyclerig import toml_text
from tests.integration.daemonrig import (
    conversation,
    events,
    rows,
    store,
    wait_until,
    write_config,
)

pytestmark = pytest.mark.integration
LEASE = 4.0  # seconds; renewed every third. Short, so the hand-over takes seconds
RENEWAL = LEASE / 3
SLACK = 2.0  # a loaded 2-core CI machine delays a renewal or a cycle by a second or so


def owners(sessions) -> dict[str, str]:
    """mailbox → holder of its live lease."""
    now = datetime.now(UTC)
    with sessions() as s:
        return {x.name.removeprefix(MAILBOX): x.holder for x in leases(s, MAILBOX)
                if x.expires_at > now}  # fmt: skip


def pid_of(holder: str) -> int:
    return int(holder.split(":")[1])  # host:pid:random


def test_replicas_split_the_mailboxes_and_take_over_a_dead_ones(
    mailbox,
    smtp,
    imap_server,
    tmp_path,
    postgres_url,
    daemons,  # noqa: F811 (the fixture, imported)
):
    support = imap_server.new_user("replicas-support")
    conversation(mailbox, 1, "hans@acme-lighting.de", timedelta(days=20))
    conversation(support, 2, "li@uvtech.de", timedelta(days=20), "support1@gmuv-lighting.cn")
    config = write_config(mailbox, smtp, tmp_path, more=(support,), db_url=postgres_url,
                          lease_seconds=LEASE, cycle_minutes=0.05)  # fmt: skip
    data = tomllib.loads(config.read_text())
    data["mailboxes"][1]["smtp"] = data["mailboxes"][0]["smtp"]  # both send
    config.write_text(toml_text(data))
    sessions = store(config)  # migrated here, so the replicas start at once
    first, second = daemons(config, "first"), daemons(config, "second")
    pids = {first.proc.pid: first, second.proc.pid: second}

    def split() -> dict[str, str] | None:
        got = owners(sessions)
        mine = {pid_of(h) for h in got.values()}
        return got if set(got) == {"sales", "support1"} and mine == set(pids) else None

    owner = wait_until("one mailbox each", split, timeout=30)
    wait_until("both follow-ups sent", lambda: [r.status for r in rows(sessions)] == ["sent"] * 2,
               timeout=30)  # fmt: skip
    assert sorted(r.mailbox for r in rows(sessions)) == ["sales", "support1"]  # one each

    def cycles_since(at: datetime) -> list[ServiceEvent]:
        with sessions() as s:
            query = select(ServiceEvent).where(ServiceEvent.kind == "cycle", ServiceEvent.at > at)
            return list(s.scalars(query))

    # each mailbox is cycled (synced, sent) only by its owner while both live
    split_at = datetime.now(UTC)
    done = lambda: {e.mailbox for e in cycles_since(split_at)} == {"sales", "support1"}  # noqa: E731
    wait_until("a cycle of each mailbox", done, timeout=20)
    assert owners(sessions) == owner, "ownership moved while both replicas lived"
    assert {(e.mailbox, e.holder) for e in cycles_since(split_at)} == set(owner.items())

    victim, survivor = pids[pid_of(owner["sales"])], pids[pid_of(owner["support1"])]
    victim.proc.kill()
    killed = time.monotonic()
    assert victim.proc.wait(10) == -signal.SIGKILL
    conversation(mailbox, 3, "marie@lumen.fr", timedelta(days=20))  # due now, in its mailbox
    taken = lambda: owners(sessions).get("sales") == owner["support1"]  # noqa: E731
    wait_until("the hand-over", taken, timeout=LEASE + RENEWAL + 15, every=0.05)
    handover = time.monotonic() - killed
    got = smtp.wait_for(3, timeout=30)
    sent_after = time.monotonic() - killed
    print(f"hand-over {handover:.2f} s (lease {LEASE:g} s, renewal {RENEWAL:.2f} s); "
          f"kill to the follow-up sent {sent_after:.2f} s")  # fmt: skip
    assert handover <= LEASE + RENEWAL + SLACK

    time.sleep(1.0)  # a double send would arrive now
    ids = Counter(r.message()["Message-ID"] for r in smtp.messages)
    assert len(got) == 3 and len(ids) == 3 and max(ids.values()) == 1, ids
    assert got[2].rcpt_tos == ["marie@lumen.fr"]  # the dead replica's mailbox's follow-up
    assert sorted(r.status for r in rows(sessions)) == ["sent"] * 3
    taken_events = [e for e in events(sessions, "mailbox_taken") if e.mailbox == "sales"]
    assert taken_events[-1].holder == owner["support1"]

    shown = subprocess.run([sys.executable, "-m", "mailbot", "--config", str(config), "status"],
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert f"owner:   sales: {owner['support1']}" in shown.stdout, shown.stdout + shown.stderr
    assert f"owner:   support1: {owner['support1']}" in shown.stdout
    assert survivor.stop() == 0
    support.close()
