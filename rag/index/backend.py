"""The one interface an index backend implements: a folder of FAISS files, or a PostgreSQL database.

A backend is opened on a location and checked (`manifest`), read through a `Snapshot` of its
committed generation, and written through a `Writer` that holds the writer lock and makes a
whole change visible at once (`commit`). Nothing here assumes a folder or in-memory vectors:
vectors cross the interface only as query vectors in and rows for new chunks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np


@dataclass(frozen=True)
class Settings:
    """How a new index is built: recorded in its manifest and checked when it is opened."""

    model: dict[str, Any]  # name, dimension, max_tokens, backend
    chunking: dict[str, Any]
    attribution: dict[str, Any]


@dataclass(frozen=True)
class Changes:
    """One generation's worth of change: documents dropped, chunks added with their vectors.

    `chunks` are chunk records (vid, id, doc_id, ordinal, start, end, text, sentences, tokens,
    hash, citations); row i of `vectors` belongs to chunk i. `documents` holds the metadata of
    every added or replaced document (source, path, title, content_hash, added, updated); the
    backend fills in its chunk count.
    """

    removed: Collection[str] = ()
    chunks: Sequence[dict[str, Any]] = ()
    vectors: np.ndarray | None = None
    documents: Mapping[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Status:
    index: str
    exists: bool
    documents: int
    chunks: int
    model: str | None
    dimension: int | None
    format_version: int | None
    store: str | None
    chunking: dict[str, Any] | None
    created: str | None
    updated: str | None
    sources: list[str]
    backend: str | None = None


class Citations(Protocol):
    """The cited institutions of a generation, merged across aliases (rag.attribution.Registry)."""

    def canonical(self, name: str) -> str | None: ...
    def vids(self, name: str) -> list[int]: ...
    def institutions(self, claims: bool = True) -> list[Any]: ...


class Snapshot(Protocol):
    """One committed generation, read-only; safe to share between threads answering questions."""

    generation: int

    def documents(self) -> Mapping[str, Mapping[str, Any]]: ...
    def chunk(self, vid: int) -> dict[str, Any]: ...
    def chunks_of(self, doc_id: str) -> list[int]: ...
    def cited_by_document(self) -> dict[str, set[str]]: ...
    def dense_search(
        self, query: np.ndarray, k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]: ...
    def dense_scores(self, query: np.ndarray, vids: Sequence[int]) -> list[float]: ...
    def lexical_search(
        self, question: str, k: int, allowed: Sequence[int] | None = None
    ) -> list[tuple[int, float]]: ...
    def citations(self) -> Citations: ...
    def file(self, content_hash: str) -> bytes | None: ...  # the indexed file, when the backend keeps it


class Writer(Protocol):
    """A change being prepared under the writer lock; readers see nothing of it before `commit`."""

    def documents(self) -> Mapping[str, Mapping[str, Any]]: ...
    def vectors_for(self, hashes: Collection[str]) -> dict[str, np.ndarray]: ...
    def keep_file(self, content_hash: str, data: bytes) -> None: ...  # a backend may ignore it
    def apply(self, changes: Changes) -> None: ...
    def commit(self) -> int: ...


class IndexBackend(Protocol):
    """Where an index lives. `manifest` raises IndexMismatchError or IndexCorruptError for an index
    this version cannot read, and returns None where there is no index yet."""

    location: str

    def manifest(self) -> dict[str, Any] | None: ...
    def exists(self) -> bool: ...
    def snapshot(self) -> Snapshot | None: ...
    def empty(self, settings: Settings) -> Snapshot: ...
    def writer(
        self, settings: Callable[[], Settings], rebuild: bool = False
    ) -> AbstractContextManager[Writer]: ...
    def status(self) -> Status: ...
