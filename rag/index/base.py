"""What every vector store offers, and the FAISS helpers the exact and IVF stores share."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np


class VectorStore(Protocol):
    """What retrieval and ingest need from a vector engine (FAISS here, Milvus later)."""

    kind: str
    dimension: int

    def __len__(self) -> int: ...
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...
    def remove(self, ids: np.ndarray) -> int: ...
    def vectors(self, ids: np.ndarray) -> np.ndarray: ...
    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]: ...
    def save(self, path: Path) -> None: ...
    def params(self) -> dict[str, Any]: ...


def read_faiss(path: Path, dimension: int) -> Any:
    import faiss

    index = faiss.read_index(str(path))
    if index.d != dimension:
        raise ValueError(f"{path} holds {index.d}-dimensional vectors, expected {dimension}")
    return index


def pairs(ids: np.ndarray, scores: np.ndarray) -> list[tuple[int, float]]:
    return [(int(i), float(s)) for i, s in zip(ids, scores, strict=True) if i != -1]
