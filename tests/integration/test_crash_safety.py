"""kill -9 during a batch of real sends, then recovery: nothing twice, nothing hidden.

The trials themselves are in tests/crashtrials.py (bench/crash_bench.py runs more).
Set MAILBOT_CRASH_TRIALS / MAILBOT_CRASH_SEED to run more trials or another seed.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from mailbot.services.delivery import Delivering
from mailbot.services.planning import build_plan
from mailbot.store.models import Message
from tests.crashtrials import CrashTrials
from tests.integration.cyclerig import Rig, due_moment, quiet_customer, sent_folder_flags
from tests.stores import test_store

pytestmark = pytest.mark.integration
# 30 trials on SQLite; 10 on PostgreSQL, whose sends are ~3x slower: a kill in every
# phase on its transactions too (bench/crash_bench.py runs hundreds).
DEFAULT_TRIALS = 10 if test_store() == "postgres" else 30
TRIALS = int(os.environ.get("MAILBOT_CRASH_TRIALS", DEFAULT_TRIALS))
SEED = int(os.environ.get("MAILBOT_CRASH_SEED", "20260901"))


def test_kill_9_during_sends_never_sends_twice(imap_server, smtp, tmp_path, capsys, request):
    """30 trials (10 on PostgreSQL), a third forced between the end of DATA and the commit:
    no duplicate at the SMTP server, every row final or unknown, those kills end unknown
    with one copy."""
    new_store = None  # each trial its own store: a SQLite file, or a PostgreSQL database
    if test_store() == "postgres":
        server = request.getfixturevalue("postgres_server")
        template = request.getfixturevalue("postgres_template")
        new_store = lambda name: server.new_database(name, template=template)  # noqa: E731
    with CrashTrials(imap_server, smtp, tmp_path, seed=SEED, new_store=new_store) as trials:
        tally = trials.run(TRIALS)
    with capsys.disabled():
        print(f"\n{tally.table()}\n(seed {SEED}; uninterrupted run: {trials.timing})")
    assert tally.problems == []
    assert len(tally.trials) == TRIALS >= DEFAULT_TRIALS
    forced = [t for t in tally.trials if t.forced]
    assert len(forced) >= TRIALS // 3 and all(t.phase == "data→commit" for t in forced)
    assert all(t.killed_after_data == 1 for t in forced)  # checked: each ends unknown, 1 copy
    random_in_batch = [t for t in tally.trials if not t.forced and t.phase != "exited"]
    assert len(random_in_batch) >= TRIALS // 2
    assert sum(t.duplicates for t in tally.trials) == 0
    assert tally.count("sent") > 0 and tally.count("unknown") > 0


class Killed(BaseException):
    """Stands for the process dying: nothing in the cycle catches a BaseException."""


def test_a_copy_lost_to_a_crash_is_made_at_the_next_cycle(mailbox, smtp, tmp_path, monkeypatch):
    """Killed after the `sent` commit, before the copy to Sent: the next cycle copies the
    row's message to Sent and the store, so the thread moves on to stage 2; never resent."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)

    def die(self, session, built):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(Delivering, "_keep_copy", die)
        with pytest.raises(Killed):
            rig.run(now)
    [row] = rig.rows()
    assert row.status == "sent" and row.message_id not in sent_folder_flags(mailbox)
    rig.run(now + timedelta(minutes=5))
    assert b"\\Seen" in sent_folder_flags(mailbox)[row.message_id]
    with rig.sessions() as s:
        assert s.scalar(select(Message.id).where(Message.message_id == row.message_id))
        [item] = build_plan(s, rig.config, now + timedelta(minutes=5))
    assert item.decision.stage == 2 and len(smtp.messages) == 1
