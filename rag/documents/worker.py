"""Reading files in a worker process, so that one which hangs or crashes a reader is skipped alone."""

from __future__ import annotations

import contextlib
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rag.documents.record import Document, shown_path
from rag.errors import DocumentError
from rag.processes import SPAWN, die_with_parent

DEFAULT_FILE_TIMEOUT = 120.0  # seconds; documented with --file-timeout
STARTUP_TIMEOUT = 120.0  # seconds for a new worker to import the readers


READER_MEMORY_BYTES = 1400 << 20  # address space of a worker (1.47 GB); a reader needing more fails alone
_NO_MEMORY = "unreadable: needs more memory than a reader may use"


def _serve(conn: Connection, parent: int, memory: int = READER_MEMORY_BYTES) -> None:
    """The worker's loop: read each file it is sent and send back the document or the reason."""
    die_with_parent(parent)  # even in the middle of a file that takes forever
    import pypdfium2  # noqa: F401  (loaded before the memory cap, which then bounds reading alone)

    from rag.documents.load import load_document

    _cap_memory(memory)
    conn.send(("ready", None))  # imports done: the parent's clock starts with the first file
    while True:
        try:
            path, data = conn.recv()
        except EOFError:
            return
        except MemoryError:  # part of the message may still be in the pipe: this worker is done
            conn.send(("gone", _NO_MEMORY))
            return
        try:
            reply = ("ok", load_document(Path(path), data))
        except DocumentError as exc:
            reply = ("skip", exc.reason)
        except MemoryError:
            reply = ("skip", _NO_MEMORY)
        except Exception as exc:  # a bug must not print a traceback or stop the other files
            reply = ("skip", f"unreadable: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
        del data
        try:
            conn.send(reply)
        except MemoryError:  # pickling a huge document failed before anything was written
            conn.send(("skip", _NO_MEMORY))


def _cap_memory(limit: int) -> None:
    """Bound the worker's address space, so a hostile file ends in a MemoryError, not in swapping."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard < 0 else min(limit, hard), hard))
    except (ImportError, ValueError, OSError):
        pass  # no such limit on this platform, or a lower one already set


class ReaderProcess:
    """One worker process, started on the first file and replaced after a file it could not
    finish: a file over the time limit is skipped as too slow, one that kills the reader (a
    crash in a PDF library) as unreadable, and the next file gets a fresh worker. The worker's
    address space is capped (`memory`): a file needing more is named, and the machine never swaps."""

    def __init__(self, timeout: float = DEFAULT_FILE_TIMEOUT, memory: int = READER_MEMORY_BYTES) -> None:
        if not timeout > 0:
            raise ValueError(f"file timeout must be a positive number of seconds, got {timeout!r}")
        self.timeout = timeout
        self.memory = memory
        self._process: Any = None
        self._conn: Connection | None = None

    def load(self, path: Path, data: bytes) -> Document:
        try:
            reply = self._ask(str(path), data)
        except (EOFError, OSError):
            how = self._ending()
            self.close()
            raise DocumentError(
                shown_path(path), f"unreadable: the reader stopped on this file{how}"
            ) from None
        if reply is None:
            self.close()
            raise DocumentError(shown_path(path), f"too slow: reading took more than {self.timeout:g} s")
        status, value = reply
        if status == "gone":
            self.close()
        if status != "ok":
            raise DocumentError(shown_path(path), value)
        return value

    def _ask(self, path: str, data: bytes) -> Any:
        """The worker's reply about one file, or None when it took longer than the time limit."""
        conn = self._connection()
        try:
            conn.send((path, data))
        except OSError:
            # The worker is gone. If it ran out of memory taking this file, it said so first;
            # if it ended after the previous file, a fresh one takes this.
            with contextlib.suppress(EOFError, OSError):
                if conn.poll(1):
                    return conn.recv()
            self.close()
            conn = self._connection()
            conn.send((path, data))
        return conn.recv() if conn.poll(self.timeout) else None

    def _ending(self) -> str:
        """How a worker that stopped ended: " (SIGABRT)" when a signal killed it (a crash, or a
        library that aborts when it reaches the memory cap), else ""."""
        if self._process is None:
            return ""
        self._process.join(1)
        code = self._process.exitcode
        if code is None or -code not in signal.valid_signals():
            return ""
        return f" ({signal.Signals(-code).name})"

    def _connection(self) -> Connection:
        if self._conn is None:
            # spawn, not fork: the parent may hold model threads and the index lock, which a forked
            # child would inherit (and keep after a kill -9 of the parent).
            parent, child = SPAWN.Pipe()
            self._process = SPAWN.Process(target=_serve, args=(child, os.getpid(), self.memory), daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
            try:
                started = parent.poll(STARTUP_TIMEOUT) and parent.recv()[0] == "ready"
            except (EOFError, OSError):
                started = False
            if not started:
                self.close()
                raise RuntimeError("the document reader process did not start")
        return self._conn

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def __enter__(self) -> ReaderProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
