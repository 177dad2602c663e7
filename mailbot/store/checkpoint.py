"""Copying SQLite's write-ahead log into the database file off the committing thread.

With auto-checkpoint on, the commit that takes the WAL past its threshold also copies
every page in it to the database file and fsyncs both: a first sync's commits grew
slower as the store grew, and each checkpoint stalled the sync. Here the committing
connection only checkpoints past a much larger cap (SQLite's own auto-checkpoint, the
bound if this thread falls behind), and a thread with its own connection runs
`PRAGMA wal_checkpoint(PASSIVE)` once `pages` frames wait. sqlite3 releases the GIL
while it copies, so the other core does the work. A checkpoint never loses a committed
transaction, whoever runs it or wherever it is killed (https://sqlite.org/wal.html).
"""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
from pathlib import Path

# Held while the thread is inside SQLite, and by a fork: a child forked mid-checkpoint
# (the plan's workers) would inherit SQLite's mutexes locked and hang on its first open.
_IN_SQLITE = threading.Lock()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_IN_SQLITE.acquire,
        after_in_parent=_IN_SQLITE.release,
        after_in_child=_IN_SQLITE.release,
    )

# The wal-index header (https://sqlite.org/walformat.html#the_wal_index_file_format):
# mxFrame, the frames in the WAL, at byte 16; nBackfill, those already copied, at 96;
# both in the host's byte order.
_MX_FRAME, _N_BACKFILL = 16, 96


def waiting_frames(db: Path) -> int:
    """Frames of the WAL not yet copied into the database, read from the -shm file
    without a lock: a hint for when to checkpoint, never for correctness (0 if none)."""
    try:
        with open(f"{db}-shm", "rb") as shm:
            head = shm.read(_N_BACKFILL + 4)
    except OSError:
        return 0
    if len(head) < _N_BACKFILL + 4:
        return 0
    mx_frame = struct.unpack_from("=I", head, _MX_FRAME)[0]
    backfilled = struct.unpack_from("=I", head, _N_BACKFILL)[0]
    return max(mx_frame - backfilled, 0)


def checkpoint(db: Path) -> tuple[int, int, int]:
    """One PASSIVE checkpoint on a connection of its own: (busy, WAL frames, frames
    copied). PASSIVE never waits for, or blocks, readers and writers."""
    uri = f"{db.absolute().as_uri()}?mode=rw"  # never create a database that is gone
    con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        return con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        con.close()


class Checkpointer:
    """One per engine: `notify` after commits; a daemon thread, started at the first
    notify, checkpoints when `pages` frames wait, then again until it has caught up
    with the frames committed meanwhile, so the next writer can start the WAL over."""

    CATCH_UP = 4  # passes after the first; each copies only what came in during the last
    IDLE_SECONDS = 60.0  # a thread with no commit for this long ends (engines come and go)

    def __init__(self, db: Path, pages: int) -> None:
        self.db, self.pages = db, pages
        self.runs = 0  # checkpoints run, for tests and benchmarks
        self._due = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def notify(self, *_args: object) -> None:
        """Engine "commit" event: it fires before the commit itself, so a commit's own
        frames are seen at the next one; at 4 MB a checkpoint, that lag is nothing."""
        with self._lock:
            self._due.set()
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(
                    target=self._run, name="sqlite-checkpoint", daemon=True
                )
                self._thread.start()

    def close(self, *_args: object) -> None:
        self._closed = True
        self._due.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        while True:
            if not self._due.wait(self.IDLE_SECONDS):
                with self._lock:  # idle: end, and the next commit's notify starts one
                    if not self._due.is_set():
                        self._thread = None
                        return
                continue
            self._due.clear()
            if self._closed:
                return
            if waiting_frames(self.db) < self.pages:
                continue
            for _ in range(1 + self.CATCH_UP):
                try:
                    with _IN_SQLITE:
                        busy, frames, copied = checkpoint(self.db)
                except sqlite3.Error:  # locked or gone: the committing side's cap still holds
                    break
                self.runs += 1
                if busy or copied >= frames or self._closed:
                    break
