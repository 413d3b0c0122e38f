"""Retrieval: dense FAISS search and BM25, fused into one ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from rag.embedding import Embedder

# How many candidates each retriever contributes before fusion: deep enough that a passage
# ranked low by one method but high by the other still meets in the fused list.
CANDIDATES = 100
RRF_K = 60
# Weight of the dense score in the convex combination; chosen on SciFact's train queries
# (docs/retrieval.md).
DENSE_WEIGHT = 0.55
MODES = ("hybrid", "dense", "bm25")


class Searchable(Protocol):
    """What retrieval needs of an index (rag.index.Snapshot has it): dense and BM25 candidates,
    and the cosine of chunks found by BM25 alone."""

    def dense_search(self, query: np.ndarray, k: int, allowed: Any = None) -> list[tuple[int, float]]: ...
    def dense_scores(self, query: np.ndarray, vids: Sequence[int]) -> list[float]: ...
    def lexical_search(self, question: str, k: int, allowed: Any = None) -> list[tuple[int, float]]: ...


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk: vector id, rank (1-based), fused score and the dense cosine."""

    vid: int
    rank: int
    score: float
    dense: float


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Fuse ranked id lists: score(d) = sum_i w_i / (k + rank_i(d)), ranks counted from 1.

    Cormack, Clarke & Buettcher, "Reciprocal Rank Fusion outperforms Condorcet and individual
    rank learning methods", SIGIR 2009. k = 60 is the paper's constant: it damps the weight of
    the very first ranks so that one retriever's top hit cannot outvote agreement lower down.
    Ties are broken by first appearance, so the result is deterministic.
    """
    weights = weights or [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


def convex_combination(
    dense: Sequence[tuple[int, float]], lexical: Sequence[tuple[int, float]], alpha: float = DENSE_WEIGHT
) -> list[tuple[int, float]]:
    """score(d) = alpha * mm(dense(d)) + (1 - alpha) * mm(bm25(d)), mm = min-max over each list.

    Bruch, Gai & Ingber, "An Analysis of Fusion Functions for Hybrid Retrieval", ACM TOIS 2023:
    a tuned convex combination of normalised scores beats RRF and needs few training queries.
    Min-max puts both retrievers on [0, 1] per query; a candidate missing from one list gets 0
    there, the score of that list's weakest candidate. Ties keep first-seen order.
    """
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], got {alpha!r}")
    fused: dict[int, float] = {}
    for scores, weight in ((dense, alpha), (lexical, 1.0 - alpha)):
        if not scores:
            continue
        low, high = min(s for _, s in scores), max(s for _, s in scores)
        span = high - low
        for item, score in scores:
            normalised = (score - low) / span if span > 0 else 1.0
            fused[item] = fused.get(item, 0.0) + weight * normalised
    return sorted(fused.items(), key=lambda pair: -pair[1])


class Retriever:
    """Embeds the question once, asks both indexes, and fuses their rankings."""

    def __init__(self, index: Searchable, embedder: Embedder, mode: str = "hybrid") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        self.index = index
        self.embedder = embedder
        self.mode = mode

    def search(self, question: str, k: int, allowed: np.ndarray | None = None) -> list[Hit]:
        if not question.strip():
            return []
        query = self.embedder.encode_query(question)
        depth = max(CANDIDATES, k)
        dense = self.index.dense_search(query, depth, allowed) if self.mode != "bm25" else []
        lexical = self.index.lexical_search(question, depth, allowed) if self.mode != "dense" else []
        fused = convex_combination(dense, lexical) if self.mode == "hybrid" else dense or lexical
        fused = fused[:k]
        cosine = dict(dense)
        missing = [v for v, _ in fused if v not in cosine]
        if missing:  # found by BM25 alone: its cosine still matters for the no-answer rule
            cosine.update(zip(missing, self.index.dense_scores(query, missing), strict=True))
        return [Hit(vid, rank, score, float(cosine[vid])) for rank, (vid, score) in enumerate(fused, start=1)]
