"""Which vector store an index lives in: exact while small, IVF when large; opened by recorded kind."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

from rag.index.base import VectorStore
from rag.index.faiss_store import FaissStore
from rag.index.ivf_store import IvfStore

# Measured with `python scripts/ivf_threshold.py` (docs/benchmarks.md): below this many vectors an
# exact flat search costs under about 3 ms, so approximation buys little and costs recall.
IVF_THRESHOLD = 50_000
# Rebuild the IVF when the index has grown this much past the size its centroids were trained
# on: lists grow long and slow. Back to exact search when it shrinks well below the threshold.
RETRAIN_GROWTH = 4


def sized(store: VectorStore, ids: Collection[int]) -> VectorStore:
    """The store this many vectors should live in: exact while small, IVF above the threshold,
    retrained once it has outgrown its cells. `ids` are every id the store holds; they are read
    only when the store is rebuilt."""
    count = len(store)
    is_ivf = isinstance(store, IvfStore)
    to_ivf = not is_ivf and count >= IVF_THRESHOLD
    retrain = is_ivf and count > RETRAIN_GROWTH * store.trained_on
    to_flat = is_ivf and count < IVF_THRESHOLD // 2
    if not (to_ivf or retrain or to_flat):
        return store
    keys = np.fromiter(ids, dtype=np.int64, count=len(ids))
    if to_flat:
        flat = FaissStore(store.dimension)
        flat.add(keys, store.vectors(keys))
        return flat
    return IvfStore.build(keys, store.vectors(keys))


def open_store(
    kind: str, dimension: int, path: Path | None = None, params: dict[str, Any] | None = None
) -> VectorStore:
    """Create an empty store, or load one from `path`, by the kind the manifest records."""
    kinds: dict[str, Any] = {FaissStore.kind: FaissStore, IvfStore.kind: IvfStore}
    if kind not in kinds:
        raise ValueError(f"unknown vector store kind {kind!r}")
    if path is None:
        if kind != FaissStore.kind:
            raise ValueError(f"a {kind} store is built from vectors, not created empty")
        return FaissStore(dimension)
    return kinds[kind].load(path, dimension, params or {})


class ChunkSearch:
    """Dense and BM25 search over a vector store and a lexical index held in memory."""

    def __init__(self, store: VectorStore, lexical: Any) -> None:
        self.store = store
        self.lexical = lexical

    def dense_search(self, query: np.ndarray, k: int, allowed: Any = None) -> list[tuple[int, float]]:
        return self.store.search(query, k, _ids(allowed))

    def dense_scores(self, query: np.ndarray, vids: Any) -> list[float]:
        return (self.store.vectors(np.asarray(vids, dtype=np.int64)) @ query).tolist()

    def lexical_search(self, question: str, k: int, allowed: Any = None) -> list[tuple[int, float]]:
        return self.lexical.search(question, k, _ids(allowed))


def _ids(allowed: Any) -> np.ndarray | None:
    return None if allowed is None else np.asarray(allowed, dtype=np.int64)
