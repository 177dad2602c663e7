"""Sync faults on the rig's Dovecot: a mailbox that changes while syncs are killed."""

from __future__ import annotations

import pytest

from mailbot.adapters.imap import ImapMailbox
from tests.integration.churn import churn_and_kill, churn_mail
from tests.integration.syncrig import Env
from tests.mailgen import T0

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("seed", [20261124])  # more seeds and kills: bench/sync_fault_bench.py
def test_changing_mailbox_with_killed_syncs_converges(mailbox, tmp_path, seed):
    """Appends, flag changes, expunges, copies and moves while `mailbot sync` is killed
    five times: after one final sync every (folder, UID) on the server is in the store
    with the right message, nothing else is, and each message is stored once."""
    got = churn_and_kill(mailbox, tmp_path, seed, kills=5, preload=120)
    why = f"seed {seed}, churn {dict(got.counts)}, kills mid-sync {got.landed}"
    assert got.counts["expunge"] and got.counts["move"], why  # the churn did churn
    assert got.problems() == [], why


def test_flag_changes_fetch_nothing(env_sqlite):
    """The store keeps no IMAP flags: a flag change (HIGHESTMODSEQ moves) costs a UID
    SEARCH, and fetches, re-locates or stores nothing."""
    env, mailbox = env_sqlite
    mailbox.append("INBOX", [(churn_mail(n), T0) for n in range(4)])
    env.sync()
    client = mailbox.client()
    client.select_folder("INBOX")
    client.add_flags(client.search()[:2], [b"\\Seen", b"\\Flagged"])
    report = env.sync()["INBOX"]
    assert not report.unchanged  # the change was seen…
    assert (report.stored, report.duplicates, report.expunged) == (0, 0, 0)  # …and cost nothing
    assert env.messages() == 4 and env.locations() == 4


def test_expunge_plus_append_between_syncs_is_seen(env_sqlite):
    """EXISTS is the same before and after (one gone, one new): the gone one is still found."""
    env, mailbox = env_sqlite
    uids = mailbox.append("INBOX", [(churn_mail(n), T0) for n in range(3)])
    env.sync()
    client = mailbox.client()
    client.select_folder("INBOX")
    client.delete_messages(uids[:1])
    client.uid_expunge(uids[:1])
    mailbox.append("INBOX", [(churn_mail(3), T0)])
    report = env.sync()["INBOX"]
    assert (report.expunged, report.stored) == (1, 1)
    assert env.messages() == 4 and env.locations() == 3  # the expunged one keeps its row


def test_mail_expunged_by_another_session_mid_fetch_is_not_stored(env_sqlite):
    """Dovecot answers a FETCH of mail another session just expunged with a NIL header (or
    NIL text): that is no message — before, all such ghosts became one empty stored row."""
    env, mailbox = env_sqlite
    uids = mailbox.append("INBOX", [(churn_mail(n), T0) for n in range(3)])
    other = mailbox.client()
    other.select_folder("INBOX")
    with ImapMailbox(env.config.mailboxes[0].imap) as imap:
        imap.select("INBOX")
        other.delete_messages(uids[:1])
        other.uid_expunge(uids[:1])  # this session is not told before its next command
        got = imap.fetch_meta(uids)
        assert sorted(got) == uids[1:]
        other.delete_messages(uids[1:2])
        other.uid_expunge(uids[1:2])  # between the header and the text
        imap.fill_parts(got)
        assert sorted(got) == uids[2:] and b"churn-2" in got[uids[2]].header


@pytest.fixture
def env_sqlite(mailbox, tmp_path):
    return Env(mailbox, tmp_path), mailbox
