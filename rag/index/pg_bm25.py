"""bm25s's BM25 for the database backend: its parameters, postings' impacts, exact scores, their order.

The score is bm25s's Lucene variant, as `lexical.py` computes it over a folder:

    score(d) = sum over query terms t of  qtf(t) * idf(t) * tf / (tf + K(d)),
    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)),   K(d) = k1 * (1 - b) + k1 * b * len(d) / avg

with N, avg and df those of the reader's generation, before any filter, as bm25s does. Scores are
summed in float64 term by term in the query's order, so equal chunks get equal scores and ties
fall to the smaller vid, as they did when one SQL statement ordered them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from rag.index.pg_schema import LEXICAL

K1, B = LEXICAL["k1"], LEXICAL["b"]


@dataclass(frozen=True)
class Totals:
    """What a generation's scores depend on: N, the average length, the impacts' reference."""

    generation: int
    count: int
    average: float
    impact_average: float | None


def idf(df: int, count: int) -> float:
    return math.log(1 + (count - df + 0.5) / (df + 0.5))


def impact(tf: int, length: int, reference: float) -> float:
    """A posting's impact: its part of the score under the reference average (the writer's)."""
    return tf / (tf + K1 * (1 - B) + K1 * B * length / reference)


def parts(tf: np.ndarray, length: np.ndarray, average: float) -> np.ndarray:
    """The tf part of each (chunk, term) of a matrix of tf's, one row per chunk; 0 where tf is."""
    return np.where(tf > 0, tf / (tf + K1 * (1 - B + B * length[:, None] / average)), 0.0)


def scores(tf: np.ndarray, length: np.ndarray, weights: np.ndarray, average: float) -> np.ndarray:
    """Exact scores (weights: qtf * idf per term), summed term by term in the query's order."""
    total, part = np.zeros(len(length)), parts(tf, length, average)
    for t, weight in enumerate(weights):
        total += weight * part[:, t]
    return total


def top(vids: np.ndarray, score: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best by score, ties by vid; zeros dropped."""
    order = np.lexsort((vids, -score))[:k]
    return [(int(vids[i]), float(score[i])) for i in order if score[i] > 0]


def through_impact(impact: np.ndarray, ratio: float) -> np.ndarray:
    """A part tf / (tf + K) bounded through its impact (pg_topk.py): with ratio r = min(1, A_ref /
    avg) the most it can be, with R = max(1, A_ref / avg) the least."""
    s = np.minimum(impact, 1.0)
    return s / (s + ratio * (1 - s))


def kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest value, -inf when there are fewer than k."""
    return float(np.partition(values, len(values) - k)[len(values) - k]) if len(values) >= k else -np.inf
