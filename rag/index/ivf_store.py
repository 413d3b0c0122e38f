"""Approximate vector store for large indexes: FAISS IVF-Flat, with its probe depth measured."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from rag.index.base import pairs, read_faiss
from rag.index.faiss_store import FaissStore

TARGET_RECALL = 0.99  # recall@10 against exact search on the calibration queries
CALIBRATION_QUERIES = 256
TRAIN_POINTS_PER_LIST = 64  # k-means on a sample: FAISS warns below 39 points per centroid
EXACT_FILTER_LIMIT = 20_000  # a filtered search over at most this many ids is done exactly


class IvfStore(FaissStore):
    """Inverted lists over k-means cells of the vectors; a query scans `nprobe` cells. Adding,
    removing, fetching by id and saving are the exact store's, on another FAISS index."""

    kind = "faiss-ivf-flat"

    def __init__(self, dimension: int, index: Any, nprobe: int, trained_on: int) -> None:
        import faiss

        super().__init__(dimension, index)
        self.nprobe = nprobe
        self.trained_on = trained_on
        # A hashtable from id to list position: needed to remove and to fetch vectors by id.
        index.set_direct_map_type(faiss.DirectMap.Hashtable)

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, seed: int = 0) -> IvfStore:
        """Train cells on the vectors, add them, then pick the smallest nprobe reaching TARGET_RECALL."""
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        count, dimension = vectors.shape
        # 2·sqrt(n) cells (FAISS suggests 4-16·sqrt(n); fewer cells train faster, and nprobe is
        # measured anyway), with enough points per cell for k-means even on a tiny index.
        nlist = max(1, min(int(2 * math.sqrt(count)), count // 39))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, nlist, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(seed)
        sample = rng.choice(count, size=min(count, nlist * TRAIN_POINTS_PER_LIST), replace=False)
        index.cp.seed = seed
        index.train(vectors[np.sort(sample)])
        store = cls(dimension, index, 1, count)
        store.add(np.asarray(ids, dtype=np.int64), vectors)
        store.nprobe = store.calibrate(np.asarray(ids, dtype=np.int64), vectors, rng)
        return store

    def calibrate(self, ids: np.ndarray, vectors: np.ndarray, rng: np.random.Generator) -> int:
        """Smallest power-of-two nprobe whose recall@10 against exact search reaches the target,
        measured on query-like vectors made from stored ones."""
        import faiss

        picks = rng.choice(len(vectors), size=min(len(vectors), CALIBRATION_QUERIES), replace=False)
        # Questions sit between passages (cosine about 0.5-0.7 to the nearest), unlike a stored
        # vector queried against itself: the sum of two stored vectors and noise sits like that.
        others = rng.choice(len(vectors), size=len(picks), replace=False)
        noise = rng.normal(0, 1 / math.sqrt(vectors.shape[1]), (len(picks), vectors.shape[1]))
        queries = vectors[picks] + vectors[others] + noise.astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        _, exact = faiss.knn(queries, vectors, 10, metric=faiss.METRIC_INNER_PRODUCT)
        truth = [set(ids[row].tolist()) for row in exact]
        nprobe = 1
        while nprobe < self.index.nlist:
            _, found = self.index.search(queries, 10, params=faiss.SearchParametersIVF(nprobe=nprobe))
            hits = sum(len(t & set(row.tolist())) for t, row in zip(truth, found, strict=True))
            if hits / (10 * len(queries)) >= TARGET_RECALL:
                break
            nprobe *= 2
        # Real questions missed more than the calibration queries in scripts/ivf_threshold.py
        # (0.957 vs 0.99 at 100k); twice the probes costs well under a millisecond.
        return min(2 * nprobe, self.index.nlist)

    @classmethod
    def load(cls, path: Path, dimension: int, params: dict[str, Any]) -> IvfStore:
        return cls(dimension, read_faiss(path, dimension), int(params["nprobe"]), int(params["trained_on"]))

    def params(self) -> dict[str, Any]:
        return {"nlist": int(self.index.nlist), "nprobe": self.nprobe, "trained_on": self.trained_on}

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        k = min(k, len(self))
        if k <= 0 or (allowed is not None and not len(allowed)):
            return []
        query = query.reshape(1, -1).astype(np.float32)
        if allowed is not None and len(allowed) <= EXACT_FILTER_LIMIT:
            # A filter (one institution's passages) is usually small: score it exactly, since
            # its few vectors may sit in cells the probe would not visit.
            allowed = np.asarray(allowed, dtype=np.int64)
            scores = self.vectors(allowed) @ query[0]
            top = np.argsort(-scores)[:k]
            return pairs(allowed[top], scores[top])
        params = self._faiss.SearchParametersIVF(nprobe=self.nprobe)
        if allowed is not None:
            params.sel = self._faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        scores, ids = self.index.search(query, k, params=params)
        return pairs(ids[0], scores[0])
