"""Reading one generation of the database backend: chunk records, dense search, BM25.

Dense search is exact (a scan, as the folder backend's flat FAISS store) while the generation is
below the folder's IVF threshold, and uses the HNSW index above it. BM25 (pg_lexical.py) is
computed from the postings, the chunk lengths and the generation's totals and document
frequencies, with the tokenizer and the formula of bm25s's Lucene variant that `lexical.py` uses,
so both backends score a question alike.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rag.attribution import Registry
from rag.index import pg_lexical, pg_topk
from rag.index.lexical import tokenize
from rag.index.pg_bm25 import Totals
from rag.index.pg_connect import Pool
from rag.index.pg_schema import LIVE
from rag.index.stores import IVF_THRESHOLD

# Candidates the graph walk keeps (at least retrieval's 100): with the index's m = 32 and
# ef_construction = 128, recall@10 against exact search was 0.953 at 1M chunks (docs/benchmarks.md).
HNSW_EF_SEARCH = 400
CHUNK_COLUMNS = (
    "vid, chunk_id, doc_id, ordinal, start_offset, end_offset, text, sentences, tokens, text_hash,"
    " citations, pages, page_labels, section, extra"
)
DOCUMENT_COLUMNS = "doc_id, source, path, title, content_hash, chunks, added, updated"


def record_of(row: Sequence[Any]) -> dict[str, Any]:
    """A chunk row as the chunk record the folder backend stores (same keys, same values)."""
    record = {
        "vid": row[0],
        "id": row[1],
        "doc_id": row[2],
        "ordinal": row[3],
        "start": row[4],
        "end": row[5],
        "text": row[6],
        "sentences": _json(row[7]),
        "tokens": row[8],
        "hash": row[9],
        "citations": _json(row[10]),
        "pages": row[11],
        "page_labels": row[12],
        "section": row[13],
    }
    record.update(_json(row[14]) or {})
    return record


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def document_of(row: Sequence[Any]) -> dict[str, Any]:
    keys = ("source", "path", "title", "content_hash", "chunks", "added", "updated")
    return dict(zip(keys, row[1:], strict=True))


class PgCitations(Registry):
    """The registry of a generation, built from the chunks that cite anything; the institution
    filter is answered by the GIN index on each chunk's cited names."""

    def __init__(self, snapshot: PgSnapshot, chunks: Mapping[int, dict[str, Any]], documents: Any) -> None:
        super().__init__(chunks, documents)
        self._snapshot = snapshot
        self._names: dict[str, set[str]] = {}
        for record in chunks.values():
            for c in record.get("citations", []):
                self._names.setdefault(self.canonical(c["name"]) or c["name"], set()).add(c["name"])

    def vids(self, name: str) -> list[int]:
        canonical = self.canonical(name)
        if canonical is None:
            return []
        query = f"SELECT vid FROM rag_chunks WHERE institutions && %(names)s AND {LIVE} ORDER BY row_id"
        params = {"names": sorted(self._names.get(canonical, ())), "g": self._snapshot.generation}
        return [r[0] for r in self._snapshot.pool.run(lambda c: c.execute(query, params).fetchall())]


class PgSnapshot:
    """One committed generation, read-only; safe to share between threads (each query borrows a
    connection of the pool)."""

    def __init__(
        self, pool: Pool, generation: int, chunks: int, tokens: int, impact_average: float | None = None
    ) -> None:
        self.pool = pool
        self.generation = generation
        self.count = chunks
        self.average_length = tokens / chunks if chunks else 0.0
        self.impact_average = impact_average  # the reference the postings' impacts were made with
        self.lexical_start = pg_topk.START  # postings read per term in BM25's first round
        self.lexical_budget = pg_topk.BUDGET  # postings read in all, at most
        self._documents: dict[str, dict[str, Any]] | None = None
        self._registry: PgCitations | None = None

    def _all(self, query: str, binary: bool = False, **params: Any) -> list[tuple[Any, ...]]:
        params["g"] = self.generation
        return self.pool.run(lambda conn: conn.execute(query, params, binary=binary).fetchall())

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        """Loaded once per generation: documents are few beside chunks."""
        if self._documents is None:
            rows = self._all(f"SELECT {DOCUMENT_COLUMNS} FROM rag_documents WHERE {LIVE} ORDER BY row_id")
            self._documents = {row[0]: document_of(row) for row in rows}
        return self._documents

    def chunk(self, vid: int) -> dict[str, Any]:
        rows = self._all(f"SELECT {CHUNK_COLUMNS} FROM rag_chunks WHERE vid = %(vid)s AND {LIVE}", vid=vid)
        if not rows:
            raise KeyError(vid)
        return record_of(rows[0])

    def chunks_of(self, doc_id: str) -> list[int]:
        query = f"SELECT vid FROM rag_chunks WHERE doc_id = %(doc)s AND {LIVE} ORDER BY row_id"
        return [r[0] for r in self._all(query, doc=doc_id)]

    def cited_by_document(self) -> dict[str, set[str]]:
        query = (
            "SELECT doc_id, array_agg(DISTINCT n) FILTER (WHERE n IS NOT NULL), min(row_id) FROM rag_chunks"
            f" LEFT JOIN LATERAL unnest(institutions) n ON true WHERE {LIVE} GROUP BY doc_id ORDER BY 3"
        )
        return {doc: set(names or ()) for doc, names, _ in self._all(query)}

    def citations(self) -> PgCitations:
        """Built once per generation, on first use, from the chunks that cite something."""
        if self._registry is None:
            rows = self._all(
                f"SELECT {CHUNK_COLUMNS} FROM rag_chunks WHERE cardinality(institutions) > 0"
                f" AND {LIVE} ORDER BY row_id"
            )
            chunks = {row[0]: record_of(row) for row in rows}
            self._registry = PgCitations(self, chunks, self.documents())
        return self._registry

    def file(self, content_hash: str) -> bytes | None:
        """The indexed file's bytes, kept in the database at ingest."""
        rows = self.pool.run(
            lambda c: c.execute(
                "SELECT content FROM rag_files WHERE content_hash = %s", (content_hash,)
            ).fetchall()
        )
        return bytes(rows[0][0]) if rows else None

    def dense_search(self, query: np.ndarray, k: int, allowed: Any = None) -> list[tuple[int, float]]:
        if k <= 0 or (allowed is not None and not len(allowed)):
            return []
        exact = self.count < IVF_THRESHOLD
        sql = dense_sql(exact, allowed is not None)
        params = {"q": _vector(query), "k": k, "g": self.generation, "allowed": _ids(allowed)}

        def search(conn: Any) -> list[tuple[Any, ...]]:
            if exact:
                return conn.execute(sql, params).fetchall()
            with conn.transaction():
                # A filtered graph walk goes on until it has k rows (pgvector >= 0.8).
                conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(max(HNSW_EF_SEARCH, k)),))
                conn.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)")
                return conn.execute(sql, params).fetchall()

        rows = self.pool.run(search)
        return sorted(((int(v), float(s)) for v, s in rows), key=lambda p: -p[1])

    def dense_scores(self, query: np.ndarray, vids: Sequence[int]) -> list[float]:
        rows = self._all(
            f"SELECT vid, -(embedding <#> %(q)s) FROM rag_chunks WHERE vid = ANY(%(vids)s) AND {LIVE}",
            q=_vector(query),
            vids=_ids(vids),
        )
        scores = {int(v): float(s) for v, s in rows}
        return [scores[int(v)] for v in vids]

    def lexical_search(self, question: str, k: int, allowed: Any = None) -> list[tuple[int, float]]:
        """bm25s's scores, exact, from the postings (pg_lexical.py, pg_topk.py have the method)."""
        counts = Counter(tokenize(question))
        if not counts or not self.count or (allowed is not None and not len(allowed)):
            return []
        keep = None if allowed is None else np.asarray(allowed, dtype=np.int64).reshape(-1)
        totals = Totals(self.generation, self.count, self.average_length, self.impact_average)
        return self.pool.run(
            lambda conn: pg_lexical.search(
                conn, counts, k, totals, keep, self.lexical_start, self.lexical_budget
            )
        )

    def export(self) -> tuple[list[dict[str, Any]], np.ndarray, dict[str, bytes]]:
        """Every chunk record in order, their vectors, and the files kept: what a copy moves."""
        rows = self._all(
            f"SELECT {CHUNK_COLUMNS}, embedding FROM rag_chunks WHERE {LIVE} ORDER BY row_id", binary=True
        )
        records = [record_of(row[:-1]) for row in rows]
        vectors = np.vstack([as_array(row[-1]) for row in rows]) if rows else None
        hashes = sorted({d["content_hash"] for d in self.documents().values()})
        files = self._all(
            "SELECT content_hash, content FROM rag_files WHERE content_hash = ANY(%(h)s)", h=hashes
        )
        return records, vectors, {h: bytes(data) for h, data in files}


def dense_sql(exact: bool, filtered: bool) -> str:
    """The dense search's statement. `+ 0` keeps the planner off the HNSW index: a small
    generation is searched exactly, as the folder backend searches its flat store."""
    order = "(embedding <#> %(q)s) + 0" if exact else "embedding <#> %(q)s"
    where = f"{LIVE} AND vid = ANY(%(allowed)s)" if filtered else LIVE
    return f"SELECT vid, -(embedding <#> %(q)s) FROM rag_chunks WHERE {where} ORDER BY {order} LIMIT %(k)s"


def as_array(value: Any) -> np.ndarray:
    """A `vector` value as float32 numpy, bit for bit (read in binary: no decimal round trip)."""
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)


def _vector(query: np.ndarray) -> Any:
    from pgvector import Vector

    return Vector(np.asarray(query, dtype=np.float32).reshape(-1))


def _ids(values: Any) -> list[int] | None:
    return None if values is None else [int(v) for v in np.asarray(values).reshape(-1)]
