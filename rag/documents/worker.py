"""Reading files in a worker process, so that one which hangs or crashes a reader is skipped alone."""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rag.documents.record import Document
from rag.errors import DocumentError

DEFAULT_FILE_TIMEOUT = 120.0  # seconds; documented with --file-timeout
STARTUP_TIMEOUT = 120.0  # seconds for a new worker to import the readers


def _serve(conn: Connection) -> None:
    """The worker's loop: read each file it is sent and send back the document or the reason."""
    from rag.documents.load import load_document

    conn.send(("ready", None))  # imports done: the parent's clock starts with the first file
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        path, data = request
        try:
            conn.send(("ok", load_document(Path(path), data)))
        except DocumentError as exc:
            conn.send(("skip", exc.reason))


class ReaderProcess:
    """One worker process, started on the first file and replaced after a file it could not
    finish: a file over the time limit is skipped as too slow, one that kills the reader (a
    crash in a PDF library) as unreadable, and the next file gets a fresh worker."""

    def __init__(self, timeout: float = DEFAULT_FILE_TIMEOUT) -> None:
        if not timeout > 0:
            raise ValueError(f"file timeout must be a positive number of seconds, got {timeout!r}")
        self.timeout = timeout
        self._process: Any = None
        self._conn: Connection | None = None

    def load(self, path: Path, data: bytes) -> Document:
        conn = self._connection()
        conn.send((str(path), data))
        try:
            ready = conn.poll(self.timeout)
            reply = conn.recv() if ready else None
        except (EOFError, OSError):
            self.close()
            raise DocumentError(str(path), "unreadable: the reader stopped on this file") from None
        if reply is None:
            self.close()
            raise DocumentError(str(path), f"too slow: reading took more than {self.timeout:g} s")
        status, value = reply
        if status == "skip":
            raise DocumentError(str(path), value)
        return value

    def _connection(self) -> Connection:
        if self._conn is None:
            # spawn, not fork: the parent may hold model threads that a forked child would inherit.
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child,), daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
            if not parent.poll(STARTUP_TIMEOUT) or parent.recv()[0] != "ready":
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
