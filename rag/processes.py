"""Helper processes that take nothing of their parent's with them and never outlive it.

Helpers are started with "spawn": a fresh interpreter inherits no descriptor of its parent (the
index's writer lock above all: a forked helper would keep the index locked after a `kill -9` of
its parent) and none of its threads. Each one calls `die_with_parent` first. `run_batches` spreads
batches over helpers while the parent works on them too. Imports nothing from rag.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

SPAWN = multiprocessing.get_context("spawn")
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL = 0.5  # seconds between the fallback's looks at the parent
IN_FLIGHT = 2  # batches sent ahead to each helper, so that it never waits for the next one
PATIENCE = 300.0  # seconds without a reply after which this process takes the helpers' batches back


def die_with_parent(parent: int) -> None:
    """A helper's first call: when its parent dies, whatever killed it, the kernel kills the helper
    (Linux's PR_SET_PDEATHSIG; "parent" is the thread that started it, and here that thread
    waits for its helpers), and a thread that watches os.getppid() ends it on other systems."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)


def _serve(inbox: Connection, outbox: Connection, parent: int, setup: Callable[[], Any]) -> None:
    """A helper's loop: `setup` makes its function once; each (index, batch) gets (index, result)."""
    die_with_parent(parent)
    work = setup()
    while True:
        try:
            index, batch = inbox.recv()
        except (EOFError, OSError):  # the parent has finished (or is gone)
            return
        outbox.send((index, work(batch)))


class _Helper:
    def __init__(self, setup: Callable[[], Any], replies: queue.SimpleQueue[Any]) -> None:
        inbox, self._send_end = SPAWN.Pipe(duplex=False)
        self._receive_end, outbox = SPAWN.Pipe(duplex=False)
        self.process = SPAWN.Process(target=_serve, args=(inbox, outbox, os.getpid(), setup), daemon=True)
        self.process.start()
        inbox.close()
        outbox.close()
        self.pending: set[int] = set()
        self.stopped = False
        # Replies are read as soon as they come, so a helper never waits on a full pipe.
        self._reader = threading.Thread(target=self._receive, args=(replies,), daemon=True)
        self._reader.start()

    def _receive(self, replies: queue.SimpleQueue[Any]) -> None:
        with contextlib.suppress(EOFError, OSError):
            while True:
                replies.put((self, *self._receive_end.recv()))
        replies.put((self, None, None))  # the helper has stopped

    def give(self, todo: deque[int], batches: Sequence[Any]) -> None:
        if todo and not self.stopped:
            index = todo.popleft()
            self.pending.add(index)
            with contextlib.suppress(OSError):  # a helper that died: its end-of-file returns the batch
                self._send_end.send((index, batches[index]))

    def close(self) -> None:
        self._send_end.close()  # the helper's loop ends on end-of-file
        self.process.join(2)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        self._reader.join(2)
        self._receive_end.close()


def run_batches(
    batches: Sequence[Any],
    local: Callable[[Any], Any],
    setup: Callable[[], Callable[[Any], Any]],
    decode: Callable[[Any], Any],
    helpers: int,
) -> list[Any]:
    """Every batch's result, in order. `helpers` spawned processes take batches from the front
    (each makes its function with `setup`, a module-level function; `decode` turns what it sends
    back into a result), while this process runs `local` on batches from the back: it starts at
    once and the helpers join in when they are ready. A helper that dies leaves its batches here."""
    results: list[Any] = [None] * len(batches)
    todo = deque(range(len(batches)))
    replies: queue.SimpleQueue[Any] = queue.SimpleQueue()
    pool: list[_Helper] = []
    try:
        pool += [_Helper(setup, replies) for _ in range(helpers)]
        for helper in pool * IN_FLIGHT:
            helper.give(todo, batches)
        while todo or any(helper.pending for helper in pool):
            try:
                helper, index, payload = replies.get(block=not todo, timeout=PATIENCE)
            except queue.Empty:
                if not todo:  # the helpers are stuck: their batches are done here instead
                    for helper in pool:
                        helper.stopped = True
                        todo.extend(sorted(helper.pending))
                        helper.pending.clear()
                    continue
                index = todo.pop()
                results[index] = local(batches[index])
                continue
            if index is None:
                helper.stopped = True
                todo.extend(sorted(helper.pending))
                helper.pending.clear()
                continue
            helper.pending.discard(index)
            results[index] = decode(payload)
            helper.give(todo, batches)
        return results
    finally:
        for helper in pool:
            helper.close()
