"""Which mailboxes a replica should take or hand back: each its fair share.

Several `mailbot run` replicas on one store split the configured mailboxes between
them. A replica owns at most ceil(mailboxes / live replicas) while the others are
alive: it takes unowned mailboxes up to that share, and hands back what it holds
beyond it (a replica joined). A dead replica's mailboxes become unowned when their
leases expire, so the survivors' shares grow and they take them. Pure: the caller
reads the leases and applies the moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil


@dataclass(frozen=True)
class Moves:
    take: list[str]
    hand_back: list[str]
    share: int  # how many this replica may own now


def fair_share(mailboxes: int, replicas: int) -> int:
    return ceil(mailboxes / max(replicas, 1))


def moves(mailboxes: list[str], owners: dict[str, str], me: str, replicas: int) -> Moves:
    """`owners`: mailbox → holder of its live lease; `replicas`: live ones, me included."""
    share = fair_share(len(mailboxes), replicas)
    mine = [m for m in mailboxes if owners.get(m) == me]
    if len(mine) > share:  # hand back the last ones: the others take them
        return Moves([], mine[share:], share)
    free = [m for m in mailboxes if m not in owners]
    return Moves(free[: share - len(mine)], [], share)
