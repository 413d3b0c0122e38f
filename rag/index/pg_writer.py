"""Writing the database backend: one transaction per change, under the schema's advisory lock.

Everything a writer does (files, documents, chunks, postings, the new generation's totals) is in
one transaction that `commit` ends: readers keep the old generation until then, and a writer
that dies (kill -9) leaves no trace, as the server rolls its transaction back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping
from typing import Any

import numpy as np
import psycopg
from psycopg import sql
from psycopg.types.json import Json

from rag.chunking import indexed_text
from rag.errors import RagError
from rag.index.backend import Changes, Settings
from rag.index.folder import library_versions, utc_now
from rag.index.lexical import tokenize
from rag.index.pg_bm25 import impact
from rag.index.pg_connect import register_vectors
from rag.index.pg_schema import LEXICAL, LIVE, build_indexes, create, lock, read_meta, reset
from rag.index.pg_search import DOCUMENT_COLUMNS, as_array, document_of

CHUNK_FIELDS = {
    "vid", "id", "doc_id", "ordinal", "start", "end", "text", "sentences", "tokens", "hash",
    "citations", "pages", "page_labels", "section",
}  # fmt: skip
COPY_CHUNKS = (
    "COPY rag_chunks (row_id, vid, chunk_id, doc_id, ordinal, start_offset, end_offset, text, sentences,"
    " tokens, text_hash, citations, institutions, pages, page_labels, section, extra, length, embedding,"
    " gen_added) FROM STDIN (FORMAT BINARY{freeze})"
)
COPY_POSTINGS = "COPY rag_postings (term, row_id, tf, impact) FROM STDIN (FORMAT BINARY{freeze})"
# Into tables made in this transaction, rows go in frozen and their pages marked all-visible
# (COPY FREEZE): BM25's index-only scans then skip the heap from the first question on, instead
# of after autovacuum's first pass over a bulk load.
FREEZE = ", FREEZE"
# The columns' types, in order: binary COPY sends vectors as their float32 bytes.
CHUNK_TYPES = [
    "int8", "int8", "text", "text", "int4", "int4", "int4", "text", "json", "int4", "text", "json",
    "text[]", "int4[]", "text[]", "text", "json", "int4", "vector", "int8",
]  # fmt: skip


# Document frequencies of the new generation from the old one's and the change: +1 per posting
# of a chunk it adds, -1 per posting of one it removes. A term whose count changes gets its live
# row closed and a new one (if any chunk still has it), as chunks are versioned.
TERM_CHANGES = """
    WITH delta AS (
        SELECT p.term, sum(CASE WHEN c.gen_added = %(new)s THEN 1 ELSE -1 END) AS change
        FROM rag_chunks c JOIN rag_postings p ON p.row_id = c.row_id
        WHERE (c.gen_added = %(new)s AND c.gen_removed IS NULL)
            OR (c.gen_removed = %(new)s AND c.gen_added <= %(old)s)
        GROUP BY p.term),
    closed AS (
        UPDATE rag_terms t SET gen_removed = %(new)s FROM delta
        WHERE t.term = delta.term AND delta.change <> 0 AND t.gen_removed IS NULL
        RETURNING t.term, t.df)
    INSERT INTO rag_terms (term, df, gen_added)
    SELECT d.term, coalesce(c.df, 0) + d.change, %(new)s FROM delta d LEFT JOIN closed c USING (term)
    WHERE d.change <> 0 AND coalesce(c.df, 0) + d.change > 0"""


class PgWriter:
    """A change being prepared in the writer's transaction; nothing of it is visible before commit."""

    def __init__(
        self, conn: psycopg.Connection[Any], settings: Callable[[], Settings], rebuild: bool, where: str
    ) -> None:
        self.conn = conn
        self.settings = settings
        self.rebuild = rebuild
        self.where = where
        self.committed = False
        self._start()

    def _start(self) -> None:
        """Lock, then read the committed state: under the lock nobody else changes it."""
        lock(self.conn, self.where)
        try:
            with self.conn.transaction():  # a savepoint: a failed read leaves the transaction usable
                self.meta = read_meta(self.conn, self.where)
        except (RagError, psycopg.Error):
            if not self.rebuild:  # a rebuild replaces tables this version cannot read
                raise
            self.meta = None
        if self.meta is not None:  # another writer may have made the extension since we connected
            register_vectors(self.conn)
        self.generation = int(self.meta["generation"]) if self.meta else 0
        # Fixed for the tables' life, a rebuild that keeps them included: readers of the old
        # generation bound its postings' impacts with it (pg_topk.py).
        self.impact_avg = (self.meta or {}).get("lexical", {}).get("impact_avg")
        self._ready = self.meta is not None and not self.rebuild
        self._fresh = not self._ready  # nothing committed is to be read back
        self._created = False  # tables made in this transaction: their indexes come at commit

    def _ensure(self) -> None:
        """Tables ready to take the next generation: created, or emptied for a rebuild."""
        if self._ready:
            return
        settings = self.settings()
        if self.meta is None or self.meta["model"].get("dimension") != settings.model["dimension"]:
            create(self.conn, settings, self.generation)
            self._created = True
            self.impact_avg = None
        else:
            reset(self.conn, settings, self.generation + 1)
        self._ready = True

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        if self._fresh:
            return {}
        rows = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM rag_documents WHERE {LIVE} ORDER BY row_id",
            {"g": self.generation},
        ).fetchall()
        return {row[0]: document_of(row) for row in rows}

    def vectors_for(self, hashes: Collection[str]) -> dict[str, np.ndarray]:
        if self._fresh or not hashes:
            return {}
        rows = self.conn.execute(
            f"SELECT DISTINCT ON (text_hash) text_hash, embedding FROM rag_chunks"
            f" WHERE text_hash = ANY(%(h)s) AND {LIVE}",
            {"h": list(dict.fromkeys(hashes)), "g": self.generation},
            binary=True,
        ).fetchall()
        return {h: as_array(v) for h, v in rows}

    def keep_file(self, content_hash: str, data: bytes) -> None:
        """The indexed file's bytes, so any instance can show its pages and the index be rebuilt."""
        self._ensure()
        self.conn.execute(
            "INSERT INTO rag_files VALUES (%s, %s) ON CONFLICT (content_hash) DO NOTHING",
            (content_hash, data),
        )

    def apply(self, changes: Changes) -> None:
        self._ensure()
        following = self.generation + 1
        gone = sorted(set(changes.documents) | set(changes.removed))
        for table in ("rag_documents", "rag_chunks"):
            self.conn.execute(
                sql.SQL(
                    "UPDATE {} SET gen_removed = %s WHERE doc_id = ANY(%s) AND gen_removed IS NULL"
                ).format(sql.Identifier(table)),
                (following, gone),
            )
        present = {
            r[0]
            for r in self.conn.execute(
                # bigint[]: compared with an int4[] the array is searched row by row, not hashed,
                # and a bulk load (no index on vid yet) turns quadratic.
                "SELECT vid FROM rag_chunks WHERE vid = ANY(%s::bigint[]) AND gen_removed IS NULL",
                ([int(r["vid"]) for r in changes.chunks],),
            )
        }
        kept = []
        for row, record in enumerate(changes.chunks):
            if record["vid"] in present:  # the same file given twice in one ingest
                continue
            present.add(record["vid"])
            kept.append((record, changes.vectors[row]))
        titles = {d: doc["title"] for d, doc in self.documents().items()}
        titles.update({d: doc["title"] for d, doc in changes.documents.items()})
        self._insert_chunks(kept, titles, following)
        counts = Counter(record["doc_id"] for record, _ in kept)
        with self.conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO rag_documents (doc_id, source, path, title, content_hash, chunks, added,"
                " updated, gen_added) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d,
                        i["source"],
                        i["path"],
                        i["title"],
                        i["content_hash"],
                        counts[d],
                        i["added"],
                        i["updated"],
                        following,
                    )
                    for d, i in changes.documents.items()
                ],
            )

    def _insert_chunks(
        self, kept: list[tuple[dict[str, Any], np.ndarray]], titles: dict[str, str], gen: int
    ) -> None:
        if not kept:
            return
        row_ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT nextval(pg_get_serial_sequence('rag_chunks', 'row_id')) FROM generate_series(1, %s)",
                (len(kept),),
            )
        ]
        postings, lengths = [], {}
        freeze = FREEZE if self._created else ""
        with self.conn.cursor() as cursor, cursor.copy(COPY_CHUNKS.format(freeze=freeze)) as copy:
            copy.set_types(CHUNK_TYPES)
            for row_id, (r, vector) in zip(row_ids, kept, strict=True):
                terms = tokenize(indexed_text(titles.get(r["doc_id"], ""), r["text"], r["ordinal"]))
                postings += [(term, row_id, tf) for term, tf in Counter(terms).items() if term]
                lengths[row_id] = len(terms) or 1  # bm25s indexes a chunk without words as one empty token
                extra = {k: v for k, v in r.items() if k not in CHUNK_FIELDS}
                copy.write_row(
                    (
                        row_id, r["vid"], r["id"], r["doc_id"], r["ordinal"], r["start"], r["end"], r["text"],
                        Json(r["sentences"]), r["tokens"], r["hash"], Json(r.get("citations", [])),
                        sorted({c["name"] for c in r.get("citations", [])}), r.get("pages"),
                        r.get("page_labels"), r.get("section"), Json(extra) if extra else None,
                        lengths[row_id], np.asarray(vector, dtype=np.float32), gen,
                    )
                )  # fmt: skip
        if self.impact_avg is None:  # the index's first chunks: their mean length, kept for good
            self.impact_avg = sum(lengths.values()) / len(lengths)
            lexical = {**LEXICAL, "impact_avg": self.impact_avg}
            self.conn.execute("UPDATE rag_meta SET lexical = %s", (Json(lexical),))
        with (
            self.conn.cursor() as cursor,
            cursor.copy(COPY_POSTINGS.format(freeze=freeze)) as copy,
        ):
            copy.set_types(["text", "int8", "int4", "float4"])
            for term, row_id, tf in postings:
                copy.write_row((term, row_id, tf, impact(tf, lengths[row_id], self.impact_avg)))

    def commit(self) -> int:
        """Close the generation: its totals and document frequencies for BM25, the meta row, old
        rows dropped; one COMMIT."""
        self._ensure()
        old, new = self.generation, self.generation + 1
        params = {"old": old, "new": new}
        if self._created:  # a first load or a rebuild: each index built once
            build_indexes(self.conn)
        # Rows no reader of the last two generations can see (the previous generation's stay for
        # readers that started a question just before this commit), and rows this change added
        # and removed again (their postings go with them), before anything is counted.
        for table in ("rag_chunks", "rag_documents", "rag_terms"):
            self.conn.execute(
                sql.SQL("DELETE FROM {} WHERE gen_removed <= %(old)s OR gen_removed <= gen_added").format(
                    sql.Identifier(table)
                ),
                params,
            )
        if self._created:  # every posting left is of this generation: one GROUP BY, then statistics
            self.conn.execute(
                "INSERT INTO rag_terms (term, df, gen_added) SELECT term, count(*), %(new)s"
                " FROM rag_postings GROUP BY term",
                params,
            )
            self.conn.execute("ANALYZE rag_chunks, rag_postings, rag_documents, rag_terms")
        else:
            self.conn.execute(TERM_CHANGES, params)
        chunks, tokens = self.conn.execute(
            "SELECT chunks, tokens FROM rag_generations WHERE generation = %(old)s", params
        ).fetchone() or (0, 0)
        added = self.conn.execute(
            "SELECT count(*), coalesce(sum(length), 0) FROM rag_chunks"
            " WHERE gen_added = %(new)s AND gen_removed IS NULL",
            params,
        ).fetchone()
        dropped = self.conn.execute(
            "SELECT count(*), coalesce(sum(length), 0) FROM rag_chunks"
            " WHERE gen_removed = %(new)s AND gen_added <= %(old)s",
            params,
        ).fetchone()
        now = utc_now()
        self.conn.execute(
            "INSERT INTO rag_generations VALUES (%s, %s, %s, %s)",
            (new, chunks + added[0] - dropped[0], tokens + added[1] - dropped[1], now),
        )
        self.conn.execute(
            "UPDATE rag_meta SET generation = %s, updated = %s, versions = %s",
            (new, now, Json(library_versions())),
        )
        self.conn.execute(
            "DELETE FROM rag_files f WHERE NOT EXISTS"
            " (SELECT 1 FROM rag_documents d WHERE d.content_hash = f.content_hash)"
        )
        self.conn.execute("DELETE FROM rag_generations WHERE generation < %(old)s", params)
        self.conn.commit()
        self.committed = True
        self.rebuild = False
        self._start()  # a writer that goes on holds the lock again, on the new generation
        return new
