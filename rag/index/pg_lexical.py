"""BM25 in the database: the generation's document frequencies, then a small filter's rows scored
one by one, or the top k of impact-ordered postings (pg_topk.py); scores are bm25s's (pg_bm25.py).

Document frequencies are kept per generation in `rag_terms` by the writer (pg_writer.py), so a
question reads one row per term instead of counting postings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import psycopg

from rag.index.pg_bm25 import Totals, idf, scores, top
from rag.index.pg_schema import LIVE
from rag.index.pg_topk import BUDGET, START, ImpactLists

# A filter keeping at most this share of the N chunks is scored row by row, a cost that grows
# with the filter; the lists' grows with N (measured: the two met near 5% at 100,000 and at
# 1,000,000 chunks, docs/benchmarks.md).
SMALL_FILTER = 0.05
DF = f"SELECT term, df FROM rag_terms WHERE term = ANY(%(terms)s) AND {LIVE}"
# A small filter: its live chunks, each with the postings of the query's terms (primary key).
FILTERED = f"""
    SELECT c.vid, c.length, p.term, p.tf FROM rag_chunks c
    LEFT JOIN rag_postings p ON p.row_id = c.row_id AND p.term = ANY(%(terms)s)
    WHERE c.vid = ANY(%(allowed)s::bigint[]) AND {LIVE}"""


def search(
    conn: psycopg.Connection[Any],
    counts: Mapping[str, int],
    k: int,
    totals: Totals,
    allowed: np.ndarray | None = None,
    start: int = START,
    budget: int = BUDGET,
) -> list[tuple[int, float]]:
    """The top k chunks by BM25 (score desc, then vid) among `allowed` vids when given: exact
    within `budget` postings read (pg_topk.py)."""
    df = dict(conn.execute(DF, {"terms": list(counts), "g": totals.generation}).fetchall())
    terms = [t for t in counts if df.get(t)]  # bm25s drops words outside the vocabulary
    if not terms or k <= 0:
        return []
    weights = np.array([counts[t] * idf(df[t], totals.count) for t in terms])
    if allowed is not None and len(allowed) <= SMALL_FILTER * totals.count:
        return _filtered(conn, terms, weights, k, totals, allowed)
    frequencies = [df[t] for t in terms]
    return ImpactLists(conn, terms, weights, frequencies, k, totals, allowed).run(start, budget)


def _filtered(
    conn: psycopg.Connection[Any],
    terms: list[str],
    weights: np.ndarray,
    k: int,
    totals: Totals,
    allowed: np.ndarray,
) -> list[tuple[int, float]]:
    """Every live chunk of the filter scored: one statement, by vid then primary key."""
    params = {"terms": terms, "allowed": [int(v) for v in allowed], "g": totals.generation}
    rows = conn.execute(FILTERED, params).fetchall()
    column = {t: i for i, t in enumerate(terms)}
    vids = sorted({r[0] for r in rows})
    row = {v: i for i, v in enumerate(vids)}
    tf = np.zeros((len(vids), len(terms)))
    length = np.ones(len(vids))
    for vid, size, term, count in rows:
        length[row[vid]] = size
        if term is not None:
            tf[row[vid], column[term]] = count
    return top(np.array(vids, dtype=np.int64), scores(tf, length, weights, totals.average), k)
