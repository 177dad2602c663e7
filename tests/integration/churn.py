"""A mailbox that changes underneath a sync, and the check that the store caught up.

`Churn` runs in a thread with its own IMAP connection and, from a seeded random
generator, keeps appending mail to INBOX and Sent (some without a Message-ID, some
copied into a second folder), setting and clearing flags, expunging and moving
mail between INBOX and Archive. Every message carries a token `churn-<n>` in its
subject, so the server and the store can be compared message by message.

`killed_sync` starts `mailbot sync` as a real child process and SIGKILLs it at a
random moment. `server_view` / `store_view` give {(folder, uid): token} of both sides.
Used by tests/integration/test_sync_faults.py and bench/sync_fault_bench.py.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from imapclient import IMAPClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailbot.store.models import Folder, Message, MessageLocation
from tests.forkserver import Launcher
from tests.integration.syncrig import Env
from tests.mailgen import T0, mail

FOLDERS = ("INBOX", "Sent", "Archive")
_TOKEN = re.compile(r"churn-(\d+)")


def churn_mail(n: int, with_id: bool = True) -> bytes:
    inbound = n % 3 != 0
    sender = f"buyer{n % 11}@importer{n % 5}.com" if inbound else "anna@gmuv-lighting.cn"
    to = "sales@gmuv-lighting.cn" if inbound else f"buyer{n % 11}@importer{n % 5}.com"
    when = T0 + timedelta(minutes=n)
    return mail(n, sender, to, f"Lamps churn-{n}", when, message_id="auto" if with_id else None)


@dataclass
class Churn:
    """Changes the mailbox until `stop()`; `counts` says what it did."""

    client: IMAPClient
    rng: random.Random
    next_n: int = 0
    pause: float = 0.02
    counts: Counter = field(default_factory=Counter)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    error: BaseException | None = None

    def append(self, folder: str, n: int | None = None, with_id: bool = True) -> None:
        n = self.next_n if n is None else n
        self.next_n = max(self.next_n, n + 1)
        self.client.append(folder, churn_mail(n, with_id), (), T0 + timedelta(minutes=n))

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.35:
            self.append(self.rng.choice(("INBOX", "Sent")), with_id=self.rng.random() > 0.1)
            self.counts["append"] += 1
            return
        folder = self.rng.choice(FOLDERS) if roll < 0.75 else self.rng.choice(("INBOX", "Archive"))
        self.client.select_folder(folder)
        uids = self.client.search(["ALL"])
        if not uids:
            return
        uid = self.rng.choice(uids)
        if roll < 0.55:
            flag = self.rng.choice((b"\\Seen", b"\\Flagged", b"$Label1"))
            op = self.client.add_flags if self.rng.random() < 0.6 else self.client.remove_flags
            op([uid], [flag])
            self.counts["flag"] += 1
        elif roll < 0.70:
            self.client.delete_messages([uid])
            self.client.uid_expunge([uid])
            self.counts["expunge"] += 1
        elif roll < 0.75:
            self.client.copy([uid], "Sent" if folder != "Sent" else "INBOX")
            self.counts["copy"] += 1
        else:
            self.client.move([uid], "Archive" if folder == "INBOX" else "INBOX")
            self.counts["move"] += 1

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="churn", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self.step()
                time.sleep(self.pause)
        except BaseException as exc:  # reported by stop(), not lost in a thread
            self.error = exc

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
        if self.error is not None:
            raise self.error


def cli_config(user, path: Path, batch_size: int = 5, extra: str = "'Archive'") -> Path:
    path.write_text(
        "[company]\nown_domains=['gmuv-lighting.cn']\n"
        f"[database]\nurl='sqlite:///{path.parent / 'mailbot.db'}'\n"
        "[[mailboxes]]\nname='sales'\naddress='sales@gmuv-lighting.cn'\n[mailboxes.imap]\n"
        f"host='{user.host}'\nport={user.port}\nusername='{user.user}'\n"
        f"security='none'\npassword_env='MAILBOT_TEST_IMAP_PW'\nbatch_size={batch_size}\n"
        f"extra_folders=[{extra}]\n"
        "[logging]\nformat='json'\nlevel='warning'\n[verification]\nauto=false\n"
    )
    return path


def killed_sync(
    launcher: Launcher, config: Path, progress: Callable[[], int], rng: random.Random
) -> bool:
    """Run `mailbot sync` as a child; once it has changed the store (`progress` moved),
    SIGKILL it a random moment later. False: it finished first."""
    before = progress()
    pid = launcher.start(["--config", str(config), "sync"], config.with_suffix(".log"))
    deadline = time.monotonic() + 60
    while launcher.alive(pid) and progress() == before and time.monotonic() < deadline:
        time.sleep(0.01)
    pause = time.monotonic() + rng.uniform(0, 0.6)
    while launcher.alive(pid) and time.monotonic() < pause:
        time.sleep(0.01)
    launcher.kill(pid)
    return launcher.wait(pid) == -9


def location_count(sessions: sessionmaker[Session]) -> int:
    """Rows of where-mail-lives: any sync step that commits changes it."""
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(MessageLocation)) or 0


def server_view(client: IMAPClient) -> dict[tuple[str, int], int]:
    """(folder, UID) → churn number of every message on the server."""
    out = {}
    for folder in FOLDERS:
        client.select_folder(folder, readonly=True)
        uids = client.search()
        rows = client.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]) if uids else {}
        for uid, data in rows.items():
            subject = data[b"BODY[HEADER.FIELDS (SUBJECT)]"].decode()
            out[(folder, uid)] = int(_TOKEN.search(subject).group(1))
    return out


def store_view(sessions: sessionmaker[Session]) -> dict[tuple[str, int], int]:
    with sessions() as s:
        rows = s.execute(
            select(Folder.name, MessageLocation.uid, Message.subject)
            .join(MessageLocation, MessageLocation.folder_id == Folder.id)
            .join(Message, Message.id == MessageLocation.message_id)
        )
        return {(f, u): int(m.group(1)) if (m := _TOKEN.search(subj)) else -1
                for f, u, subj in rows}  # fmt: skip


def stored_numbers(sessions: sessionmaker[Session]) -> Counter:
    """How many message rows carry each churn number (1 each, or it is a duplicate)."""
    with sessions() as s:
        found = (_TOKEN.search(x) for x in s.scalars(select(Message.subject)))
        return Counter(int(m.group(1)) if m else -1 for m in found)  # -1: not a churn mail


@dataclass
class Outcome:
    server: dict[tuple[str, int], int]  # (folder, UID) → churn number, after the churn
    store: dict[tuple[str, int], int]  # the same from the store's locations
    rows: Counter  # churn number → message rows
    seen: set[int]  # numbers the store held at some point during the kills
    appended: set[int]  # every number the churn appended
    landed: int  # kills that hit a running sync
    counts: Counter  # what the churn did

    def problems(self) -> list[str]:
        """Everything that differs from the server, in words; [] when the store caught up."""
        out = []
        wrong = {k: v for k, v in self.server.items() if self.store.get(k) != v}
        extra = sorted(k for k in self.store if k not in self.server)
        twice = sorted(n for n, c in self.rows.items() if c > 1)
        # mailbot keeps every message: one expunged everywhere keeps its row, loses its places
        dropped = sorted(self.seen - set(self.rows))
        strange = sorted(set(self.rows) - self.appended)  # -1: a row that is no churn mail
        if wrong:
            out.append(f"{len(wrong)} server locations missing or wrong in the store: {wrong}")
        if extra:
            out.append(f"{len(extra)} store locations gone from the server: {extra[:20]}")
        if twice:
            out.append(f"{len(twice)} messages stored twice: {twice[:20]}")
        if dropped:
            out.append(f"{len(dropped)} stored messages dropped: {dropped[:20]}")
        if strange:
            out.append(f"{len(strange)} rows for mail never appended: {strange[:20]}")
        return out


def churn_and_kill(
    mailbox, tmp_path, seed: int, kills: int, preload: int, fork: bool = True
) -> Outcome:
    """Preload, then churn the mailbox while `kills` syncs are SIGKILLed; a final sync
    runs once the churn stops. Returns what the checks need. `fork`: children from
    tests/forkserver.py (imports paid once, where a kill can break nothing); False:
    each a whole `python -m mailbot`."""
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
    launcher = Launcher(fork)
    churn.start()
    try:
        for _ in range(kills):
            landed += killed_sync(launcher, config, lambda: location_count(env.sessions), rng)
            seen |= set(stored_numbers(env.sessions))
    finally:
        churn.stop()
        launcher.close()
    env.sync()
    return Outcome(server_view(admin), store_view(env.sessions), stored_numbers(env.sessions),
                   seen, set(range(churn.next_n)), landed, churn.counts)  # fmt: skip
