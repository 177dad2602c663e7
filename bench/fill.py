"""Put a generated corpus straight into a Dovecot user's Maildir, then let Dovecot index it.

Writing files is far faster than 50,000 IMAP APPENDs. Dovecot's Maildir++ layout:
INBOX is `~/Maildir/{cur,new,tmp}`, the Sent folder `~/Maildir/.Sent/...`. A file's
mtime is the message's INTERNALDATE; the `S=`/`W=` fields of its name are its size
with LF and with CRLF line ends (what Dovecot itself writes, so it never has to
stat or read the file for RFC822.SIZE). Files belong to the uid/gid Dovecot's mail
processes run as (see `_accounts()` in tests/rig/dovecot.py).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus import Mail, generate

FOLDER_DIRS = {"INBOX": "", "Sent": ".Sent"}


@dataclass(frozen=True)
class Expected:
    """What the store should hold for one message."""

    folder: str
    token: str
    marker: str
    when: int  # INTERNALDATE, epoch seconds
    attachments: int
    html_only: bool


@dataclass
class CorpusStats:
    messages: int = 0
    bytes: int = 0
    threads: int = 0
    by_folder: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    with_attachments: int = 0
    html_only: int = 0
    largest: int = 0
    seconds: float = 0.0
    expected: dict[str, Expected] = field(default_factory=dict)  # by Message-ID

    @property
    def average(self) -> float:
        return self.bytes / self.messages if self.messages else 0.0


def fill_maildir(home: Path, n: int, seed: int, uid: int, gid: int) -> CorpusStats:
    """Write `n` messages under `home`/Maildir; return what was written."""
    started = time.perf_counter()
    stats = CorpusStats()
    dirs = {folder: _folder_dir(home, sub, uid, gid) for folder, sub in FOLDER_DIRS.items()}
    for mail in generate(n, seed):
        _write(dirs[mail.folder], mail, uid, gid)
        _count(stats, mail)
    for path in dirs.values():
        os.utime(path)  # make sure Dovecot sees the directories changed
    stats.seconds = time.perf_counter() - started
    return stats


def _folder_dir(home: Path, sub: str, uid: int, gid: int) -> Path:
    base = home / "Maildir" / sub if sub else home / "Maildir"
    for part in ("cur", "new", "tmp"):
        (base / part).mkdir(parents=True, exist_ok=True)
    if sub:
        (base / "maildirfolder").touch()
    for path in [home, home / "Maildir", base, *(base / p for p in ("cur", "new", "tmp"))]:
        os.chown(path, uid, gid)
    return base / "cur"


def _write(cur: Path, mail: Mail, uid: int, gid: int) -> None:
    stamp = mail.when.timestamp()
    size, vsize = len(mail.raw), len(mail.raw) + mail.raw.count(b"\n")
    flags = "S" if mail.seen else ""
    name = f"{int(stamp)}.M{mail.n:06d}P{os.getpid()}.bench,S={size},W={vsize}:2,{flags}"
    path = cur / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, mail.raw)
        os.fchown(fd, uid, gid)
    finally:
        os.close(fd)
    os.utime(path, (stamp, stamp))


def _count(stats: CorpusStats, mail: Mail) -> None:
    stats.messages += 1
    stats.bytes += len(mail.raw)
    stats.largest = max(stats.largest, len(mail.raw))
    stats.by_folder[mail.folder] = stats.by_folder.get(mail.folder, 0) + 1
    stats.by_language[mail.language] = stats.by_language.get(mail.language, 0) + 1
    stats.with_attachments += mail.attachments > 0
    stats.html_only += mail.html_only
    stats.threads += b"\nIn-Reply-To: " not in mail.raw
    mid = mail.raw.split(b"\nMessage-ID: ", 1)[1].split(b"\n", 1)[0].decode()
    stats.expected[mid] = Expected(
        mail.folder,
        mail.token,
        mail.marker,
        int(mail.when.timestamp()),
        mail.attachments,
        mail.html_only,
    )


def warm_page_cache(home: Path) -> int:
    """Read every message file once so no timed run pays for the disk."""
    total = 0
    for sub in FOLDER_DIRS.values():
        cur = home / "Maildir" / sub / "cur" if sub else home / "Maildir" / "cur"
        for entry in os.scandir(cur):
            with open(entry.path, "rb") as f:
                while chunk := f.read(1 << 20):
                    total += len(chunk)
    return total
