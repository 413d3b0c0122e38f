"""The exact vector store: FAISS inner product over every vector, keyed by chunk id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rag.index.base import pairs, read_faiss


class FaissStore:
    """Exact inner-product search over normalised vectors (cosine), keyed by int64 chunk ids."""

    kind = "faiss-flat-ip"

    def __init__(self, dimension: int, index: object | None = None) -> None:
        import faiss

        self._faiss = faiss
        self.dimension = dimension
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))

    @classmethod
    def load(cls, path: Path, dimension: int, params: dict[str, Any] | None = None) -> FaissStore:
        return cls(dimension, read_faiss(path, dimension))

    def params(self) -> dict[str, Any]:
        return {}

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )

    def remove(self, ids: np.ndarray) -> int:
        if not len(ids):
            return 0
        return int(self.index.remove_ids(np.asarray(ids, dtype=np.int64)))

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        if not len(ids):
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.asarray(self.index.reconstruct_batch(np.asarray(ids, dtype=np.int64)), dtype=np.float32)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        k = min(k, len(self))
        if k <= 0 or (allowed is not None and not len(allowed)):
            return []
        params = None
        if allowed is not None:
            selector = self._faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = self._faiss.SearchParameters(sel=selector)
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        return pairs(ids[0], scores[0])

    def save(self, path: Path) -> None:
        self._faiss.write_index(self.index, str(path))
