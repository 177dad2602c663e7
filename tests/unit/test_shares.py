"""Fair shares of mailboxes between replicas (domain/shares.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mailbot.domain.shares import fair_share, moves

BOXES = ["sales", "support1", "support2"]


def test_a_lone_replica_takes_every_mailbox():
    m = moves(BOXES, {}, "a", replicas=1)
    assert m.take == BOXES and m.hand_back == [] and m.share == 3


def test_a_second_replica_waits_for_what_the_first_hands_back():
    owners = dict.fromkeys(BOXES, "a")
    assert moves(BOXES, owners, "b", replicas=2).take == []  # all owned: nothing to take
    first = moves(BOXES, owners, "a", replicas=2)
    assert first.share == 2 and first.hand_back == ["support2"]
    owners.pop("support2")
    assert moves(BOXES, owners, "b", replicas=2).take == ["support2"]


def test_survivors_take_a_dead_replicas_mailboxes_once_its_leases_expired():
    owners = {"sales": "a", "support1": "b", "support2": "c"}
    assert moves(BOXES, owners, "a", replicas=3).take == []
    del owners["support2"]  # c died: its heartbeat and its lease expired
    assert moves(BOXES, owners, "a", replicas=2).take == ["support2"]


def test_a_replica_never_takes_beyond_its_share_while_others_live():
    assert moves(BOXES, {"sales": "a"}, "a", replicas=3).take == []
    assert moves(BOXES, {}, "a", replicas=2).take == ["sales", "support1"]


@given(
    n_boxes=st.integers(0, 7),
    n_replicas=st.integers(1, 5),
    owner_of=st.lists(st.integers(-1, 4), min_size=7, max_size=7),
)
def test_after_the_moves_no_replica_holds_more_than_its_share(n_boxes, n_replicas, owner_of):
    boxes = [f"m{i}" for i in range(n_boxes)]
    holders = [f"r{i}" for i in range(n_replicas)]
    pairs = zip(boxes, owner_of[:n_boxes], strict=True)
    owners = {b: holders[o % n_replicas] for b, o in pairs if o >= 0}  # -1: unowned
    share = fair_share(n_boxes, n_replicas)
    assert share * n_replicas >= n_boxes  # every mailbox fits in the shares
    for me in holders:
        m = moves(boxes, owners, me, n_replicas)
        mine = {b for b, h in owners.items() if h == me}
        after = (mine - set(m.hand_back)) | set(m.take)
        assert len(after) <= share
        assert set(m.take).isdisjoint(owners) and set(m.hand_back) <= mine
