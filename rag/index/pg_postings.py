"""The postings BM25 reads, as numpy arrays: pages of impact-ordered lists, postings by key, and
the candidates' liveness and length in a generation."""

from __future__ import annotations

from typing import Any

import numpy as np
import psycopg

from rag.index.pg_schema import LIVE

# The next page of each unfinished list, in index order (an index-only scan), one statement a
# round; each column as one array in its binary form (`array_send`), read by numpy in one go.
PAGES = """
    SELECT q.i, array_send(array_agg(p.row_id)), array_send(array_agg(p.tf)),
        array_send(array_agg(p.impact))
    FROM unnest(%(terms)s::text[], %(skip)s::int[], %(take)s::int[], %(i)s::int[]) AS q(term, skip, take, i)
    CROSS JOIN LATERAL (
        SELECT row_id, tf, impact FROM rag_postings WHERE term = q.term
        ORDER BY impact DESC, row_id OFFSET q.skip LIMIT q.take) p
    GROUP BY q.i"""
CHUNKS = f"SELECT row_id, vid, length FROM rag_chunks WHERE row_id = ANY(%(ids)s::bigint[]) AND {LIVE}"
# Some terms' postings of some chunks, by primary key (term, row_id).
PAIRS = """
    SELECT row_id, term, tf, impact FROM rag_postings
    WHERE term = ANY(%(terms)s) AND row_id = ANY(%(ids)s::bigint[])"""


def pages(
    conn: psycopg.Connection[Any], terms: list[str], skip: np.ndarray, take: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Postings `skip` to `skip + take` of each term's list, best first: the term's index in
    `terms`, row id, tf and impact of each."""
    params = {"terms": terms, "skip": skip.tolist(), "take": take.tolist(), "i": list(range(len(terms)))}
    rows = conn.execute(PAGES, params, binary=True).fetchall()
    ids = [_array(r[1], ">i8") for r in rows]
    return (
        np.concatenate([np.full(len(a), r[0]) for r, a in zip(rows, ids, strict=True)] or [np.empty(0, int)]),
        np.concatenate(ids or [np.empty(0, np.int64)]),
        np.concatenate([_array(r[2], ">i4") for r in rows] or [np.empty(0)]),
        np.concatenate([_array(r[3], ">f4") for r in rows] or [np.empty(0)]),
    )


def pairs(
    conn: psycopg.Connection[Any], terms: list[str], ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The postings these terms have among these chunks: term index, row id, tf, impact."""
    rows = conn.execute(PAIRS, {"terms": terms, "ids": ids.tolist()}).fetchall()
    index = {term: i for i, term in enumerate(terms)}
    return (
        np.array([index[r[1]] for r in rows], dtype=np.int64),
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[2] for r in rows], dtype=np.float64),
        np.array([r[3] for r in rows], dtype=np.float64),
    )


def chunks(
    conn: psycopg.Connection[Any], ids: np.ndarray, generation: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chunks among these row ids that the generation holds: row id, vid, length."""
    rows = conn.execute(CHUNKS, {"ids": ids.tolist(), "g": generation}).fetchall()
    return (
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=np.int64),
        np.array([r[2] for r in rows], dtype=np.float64),
    )


def _array(data: bytes, dtype: str) -> np.ndarray:
    """A one-dimensional array without nulls from its binary form: a 20-byte header, then each
    element as its 4-byte length and its big-endian value."""
    values = np.frombuffer(data, dtype=[("size", ">i4"), ("value", dtype)], offset=20)["value"]
    return values.astype(np.float64 if dtype == ">f4" else np.int64)
