"""The WAL is copied into the database by the checkpoint thread, not by commits, and stays
bounded either way."""

import os
import sqlite3
import threading
import time

import pytest

from mailbot.store import db
from mailbot.store.checkpoint import Checkpointer, checkpoint, waiting_frames

pytestmark = pytest.mark.sqlite_only(reason="SQLite's write-ahead log")

PAGE = 4096


def _small_thresholds(monkeypatch):
    """A checkpoint every 100 pages and a cap of 1,000, so a few MB show what 16 MB would."""
    monkeypatch.setattr(db, "CHECKPOINT_PAGES", 100)
    monkeypatch.setattr(db, "WAL_CAP_PAGES", 1000)


def _write(engine, path, batches):
    """Commit `batches` transactions of 100 rows of 1 KB; return the largest WAL file seen."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB)")
    largest = 0
    for _ in range(batches):
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO blobs (body) VALUES (?)", [(os.urandom(1000),) for _ in range(100)]
            )
        largest = max(largest, os.path.getsize(f"{path}-wal"))
        time.sleep(0.002)  # a sync waits for IMAP and its parser between batches
    return largest


def test_waiting_frames_reads_what_sqlite_reports(tmp_path):
    path = tmp_path / "w.db"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE t (x BLOB)")
    con.executemany("INSERT INTO t VALUES (?)", [(os.urandom(2000),) for _ in range(50)])
    waiting = waiting_frames(path)
    busy, frames, copied = checkpoint(path)
    assert (busy, frames, copied) == (0, waiting, waiting) and waiting > 20
    assert waiting_frames(path) == 0
    con.close()
    assert waiting_frames(tmp_path / "none.db") == 0  # no -shm file: nothing waits


def test_commits_leave_checkpoints_to_the_thread(tmp_path, monkeypatch):
    """Past the checkpoint threshold but under the cap, commits copy nothing into the
    database file; the thread, once running, copies it all, and every row is there."""
    _small_thresholds(monkeypatch)
    path = tmp_path / "c.db"
    engine = db.open_engine(f"sqlite:///{path}")
    db.CHECKPOINTERS[engine].close()  # stopped, so that only commits could checkpoint
    _write(engine, path, 20)  # ~500 pages: 5x the threshold, half the cap
    assert waiting_frames(path) > 400  # no commit checkpointed
    checkpointer = Checkpointer(path, 100)
    checkpointer.notify()
    deadline = time.monotonic() + 10
    while waiting_frames(path) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting_frames(path) == 0 and checkpointer.runs >= 1
    assert os.path.getsize(path) > 2 * 1024 * 1024  # the rows are in the database file
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM blobs").scalar() == 2_000
    checkpointer.close()
    assert not checkpointer._thread.is_alive()


def test_the_wal_stays_bounded_while_writing(tmp_path, monkeypatch):
    """Thread or no thread, SQLite's auto-checkpoint at the cap bounds the WAL file, even
    when the thread cannot keep up (commits faster than it copies)."""
    _small_thresholds(monkeypatch)
    for running in (True, False):
        path = tmp_path / f"b{running}.db"
        engine = db.open_engine(f"sqlite:///{path}")
        checkpointer = db.CHECKPOINTERS[engine]
        if not running:
            checkpointer.close()
        largest = _write(engine, path, 120)  # ~3,000 pages
        assert (checkpointer.runs > 0) == running
        # A commit's own checkpoint gives up while the thread's runs (measured: up to
        # ~1,450 frames here, commits 2 ms apart); without the thread, the cap plus one batch.
        bound = 2000 if running else 1000 + 40
        assert largest < bound * (PAGE + 24)
        assert os.path.getsize(path) > 10 * 1024 * 1024  # checkpoints copied the rows over
        engine.dispose()


def test_a_fork_waits_for_a_running_checkpoint():
    """A child forked mid-checkpoint would inherit SQLite's mutexes locked: fork waits."""
    from mailbot.store import checkpoint as module

    entered, waited = threading.Event(), 0.3

    def checkpointing():
        with module._IN_SQLITE:
            entered.set()
            time.sleep(waited)

    thread = threading.Thread(target=checkpointing)
    thread.start()
    entered.wait()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    took = time.monotonic() - started
    os.waitpid(pid, 0)
    thread.join()
    assert took >= waited * 0.8


def test_an_idle_thread_ends_and_the_next_commit_starts_another(tmp_path):
    """Engines come and go (a test suite opens thousands): a thread with no commit to
    follow for IDLE_SECONDS ends, and the next commit starts a new one."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'i.db'}")
    checkpointer = db.CHECKPOINTERS[engine]
    checkpointer.IDLE_SECONDS = 0.1
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    first = checkpointer._thread
    assert first is not None
    first.join(timeout=5)
    assert not first.is_alive() and checkpointer._thread is None
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    second = checkpointer._thread
    assert second is not None and second is not first and second.is_alive()
    engine.dispose()
    assert not second.is_alive()
