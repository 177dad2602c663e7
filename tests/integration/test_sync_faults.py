"""Sync faults on the rig's Dovecot: a mailbox that changes while syncs are killed."""

from __future__ import annotations

import random

import pytest

from tests.integration.churn import (
    Churn,
    churn_mail,
    cli_config,
    killed_sync,
    location_count,
    server_view,
    store_view,
    stored_numbers,
)
from tests.integration.test_sync import Env
from tests.mailgen import T0

pytestmark = pytest.mark.integration


def churn_and_kill(mailbox, tmp_path, seed: int, kills: int, preload: int) -> dict:
    """Preload, then churn the mailbox while `kills` syncs are SIGKILLed; a final sync
    runs once the churn stops. Returns what the checks need."""
    rng = random.Random(seed)
    env = Env(mailbox, tmp_path, extra_folders=["Archive"])
    admin = mailbox.client()
    admin.create_folder("Archive")
    churn = Churn(mailbox.client(), rng)
    for n in range(preload):
        churn.append("INBOX" if n % 3 else "Sent", n, with_id=n % 10 != 0)
    config = cli_config(mailbox, tmp_path / "mailbot.toml")
    seen: set[int] = set()  # churn numbers the store held at some point
    landed = 0
    churn.start()
    try:
        for _ in range(kills):
            landed += killed_sync(config, lambda: location_count(env.sessions), rng)
            seen |= set(stored_numbers(env.sessions))
    finally:
        churn.stop()
    env.sync()
    return {
        "server": server_view(admin),
        "store": store_view(env.sessions),
        "rows": stored_numbers(env.sessions),
        "seen": seen,
        "appended": set(range(churn.next_n)),
        "landed": landed,
        "counts": churn.counts,
    }


@pytest.mark.parametrize("seed", [20261124])  # more seeds and kills: bench/sync_fault_bench.py
def test_changing_mailbox_with_killed_syncs_converges(mailbox, tmp_path, seed):
    """Appends, flag changes, expunges, copies and moves while `mailbot sync` is killed
    five times: after one final sync every (folder, UID) on the server is in the store
    with the right message, nothing else is, and each message is stored once."""
    got = churn_and_kill(mailbox, tmp_path, seed, kills=5, preload=120)
    why = f"seed {seed}, churn {dict(got['counts'])}, kills mid-sync {got['landed']}"
    server, store, rows = got["server"], got["store"], got["rows"]
    assert got["counts"]["expunge"] and got["counts"]["move"], why  # the churn did churn
    missing = {k: v for k, v in server.items() if store.get(k) != v}
    extra = {k: v for k, v in store.items() if k not in server}
    assert not missing, f"{why}: on the server, not (or wrong) in the store: {missing}"
    assert not extra, f"{why}: in the store, gone from the server: {extra}"
    assert not {n: c for n, c in rows.items() if c > 1}, f"{why}: stored twice"
    assert set(server.values()) <= set(rows), why
    # mailbot keeps every message: one expunged everywhere keeps its row, loses its places
    kept = got["seen"] - set(server.values())
    assert kept <= set(rows), f"{why}: expunged messages dropped from the store"
    assert set(rows) <= got["appended"], why


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


@pytest.fixture
def env_sqlite(mailbox, tmp_path):
    return Env(mailbox, tmp_path), mailbox
