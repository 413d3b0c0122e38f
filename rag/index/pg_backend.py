"""The PostgreSQL backend: the index in a database (pgvector, BM25 in SQL), same behaviour as a folder.

`location` is the URL with its password masked: it is what status, errors and logs show. The
real URL stays in this object and its connections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from rag.index.backend import Settings, Status
from rag.index.folder_backend import FolderSnapshot, empty_state
from rag.index.pg_connect import Pool, connect, masked, translate, translated
from rag.index.pg_schema import LIVE, STORE, TABLES, has_relation, lock, read_meta
from rag.index.pg_search import PgSnapshot
from rag.index.pg_writer import PgWriter


class PgBackend:
    """An index in a PostgreSQL database. Reads need no lock; every write holds an advisory lock."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = masked(url)
        self.pool = Pool(url)
        self._snapshot: PgSnapshot | None = None
        self._lock = threading.Lock()

    def _read(self, work: Callable[[psycopg.Connection[Any]], Any]) -> Any:
        return self.pool.run(work)

    def manifest(self) -> dict[str, Any] | None:
        return self._read(lambda conn: read_meta(conn, self.location))

    def exists(self) -> bool:
        return self._generation() is not None

    def _generation(self) -> tuple[int, int, int, float | None] | None:
        """The committed generation, its totals and the impacts' reference average (BM25); None
        when there is no index yet."""

        def read(conn: psycopg.Connection[Any]) -> tuple[int, int, int, float | None] | None:
            if not has_relation(conn):
                return None
            row = conn.execute(
                # to_jsonb: an index of an older format has no such column (read_meta says so).
                "SELECT m.generation, g.chunks, g.tokens,"
                " (to_jsonb(m) -> 'lexical' ->> 'impact_avg')::float8 FROM rag_meta m"
                " JOIN rag_generations g ON g.generation = m.generation"
            ).fetchone()
            if row is None or row[0] == 0:
                return None
            return int(row[0]), int(row[1]), int(row[2]), row[3]

        return self._read(read)

    def snapshot(self) -> PgSnapshot | None:
        """The committed generation: one small query per question tells whether it changed."""
        current = self._generation()
        if current is None:
            return None
        with self._lock:
            if self._snapshot is None or self._snapshot.generation != current[0]:
                self._snapshot = PgSnapshot(self.pool, *current)
            return self._snapshot

    def empty(self, settings: Settings) -> FolderSnapshot:
        """Nothing indexed yet: the same empty snapshot the folder backend answers with."""
        return FolderSnapshot(empty_state(settings))

    @contextmanager
    def writer(self, settings: Callable[[], Settings], rebuild: bool = False) -> Iterator[PgWriter]:
        """One transaction; a second writer waits for the first (and says so on stderr)."""
        conn = connect(self.url, autocommit=False)
        try:
            with translated(self.url):
                writer = PgWriter(conn, settings, rebuild, self.location)
            try:
                yield writer
            except psycopg.Error as exc:
                raise translate(exc, self.url) from None
        finally:
            if not conn.closed:
                try:
                    conn.rollback()  # whatever was not committed, and the lock with it
                finally:
                    conn.close()

    def status(self) -> Status:
        """What the index holds, from its tables alone (no model is loaded)."""

        def read(conn: psycopg.Connection[Any]) -> Status:
            meta = read_meta(conn, self.location)
            if meta is None or not meta["generation"]:
                return Status(self.location, False, 0, 0, None, None, None, None, None, None, None, [])
            rows = conn.execute(
                f"SELECT source, chunks FROM rag_documents WHERE {LIVE}", {"g": meta["generation"]}
            ).fetchall()
            return Status(
                index=self.location,
                exists=True,
                documents=len(rows),
                chunks=sum(r[1] for r in rows),
                model=meta["model"]["name"],
                dimension=meta["model"]["dimension"],
                format_version=meta["format_version"],
                store=STORE,
                chunking=meta["chunking"],
                created=meta["created"],
                updated=meta["updated"],
                sources=sorted(r[0] for r in rows),
                backend=meta["model"].get("backend", "torch"),
            )

        return self._read(read)

    def drop(self) -> None:
        """Remove the index's tables, under the writer lock (the benchmark's indexes start empty)."""
        conn = connect(self.url, autocommit=False)
        try:
            with translated(self.url):
                lock(conn, self.location)
                for name in TABLES:
                    conn.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(name)))
                conn.commit()
        finally:
            conn.close()
        with self._lock:
            self._snapshot = None

    def server_info(self) -> dict[str, str | None]:
        """The server's version, pgvector's, and the settings that size index builds and caching."""
        names = ("maintenance_work_mem", "max_parallel_maintenance_workers", "shared_buffers", "work_mem")

        def read(conn: psycopg.Connection[Any]) -> dict[str, str | None]:
            info = {name: conn.execute("SELECT current_setting(%s)", (name,)).fetchone()[0] for name in names}
            info["server_version"] = conn.execute("SELECT current_setting('server_version')").fetchone()[0]
            row = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()
            info["pgvector"] = row[0] if row else None
            return info

        return self._read(read)
