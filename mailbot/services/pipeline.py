"""Parsing and classifying on the second core while the first talks to IMAP and SQLite.

A first sync is CPU-bound in three places: imapclient's response parsing,
our MIME parsing/classification, and the store. The middle one is pure, so a
worker process does it for batch k while the main process fetches batch k+1
and stores batch k-1. Small jobs run inline: a process is not worth starting.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Self

from mailbot.domain.classify import Classification, classify
from mailbot.domain.message import Direction, ParsedMessage, RawMessage
from mailbot.domain.parsing import parse_message
from mailbot.domain.parties import Us
from mailbot.domain.threading import direction_of

Parsed = list[tuple[int, ParsedMessage, Classification | None]]


def parse_batch(raws: list[tuple[int, RawMessage]], us: Us) -> Parsed:
    """(uid, parsed, verdict) for each raw message; inbound mail is classified."""
    out: Parsed = []
    for uid, raw in raws:
        msg = parse_message(raw)
        inbound = direction_of(msg, us) is Direction.INBOUND
        out.append((uid, msg, classify(msg) if inbound else None))
    return out


def _die_with_parent() -> None:
    """A forked worker holds its own end of the job pipe, so it never sees EOF when
    the sync is killed (kill -9): watch the parent and leave with it."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


class Parser:
    """`submit` returns a Future of `parse_batch`: in a worker process, or done inline."""

    def __init__(self, us: Us, background: bool) -> None:
        self.us = us
        self._pool: ProcessPoolExecutor | None = None
        if background and "fork" in multiprocessing.get_all_start_methods():
            # fork: the worker inherits the imported code, so it starts in milliseconds.
            self._pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("fork"), initializer=_die_with_parent
            )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, raws: list[tuple[int, RawMessage]]) -> Future[Parsed]:
        if self._pool is not None:
            return self._pool.submit(parse_batch, raws, self.us)
        done: Future[Parsed] = Future()
        done.set_result(parse_batch(raws, self.us))
        return done
