"""RagIndex, the Python API: each method is a few calls into documents, index, search and attribution."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from rag.api.asking import ask as answer_question
from rag.api.ingesting import ingest as ingest_paths
from rag.api.ingesting import remove as remove_paths
from rag.api.opening import Stages, open_checked
from rag.api.reports import IngestReport, RemoveReport
from rag.api.viewing import PassageView, page_image, passage_view
from rag.attribution import Attributor
from rag.documents import DEFAULT_FILE_TIMEOUT
from rag.embedding import Embedder
from rag.errors import IndexMissingError, RagError
from rag.index import Citations, Snapshot, Status, open_backend
from rag.search import Answer


class RagIndex:
    """One index. Reads need no lock; every write holds the index's writer lock."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        model: str | None = None,
        target_tokens: int = 180,
        backend: str | None = None,
        overlap_tokens: int = 40,
        batch_size: int | None = None,
    ) -> None:
        self.index_backend = open_backend(path)
        self.location = self.index_backend.location  # a folder, or a database URL without its password
        self.path = Path(self.location)
        embedder, self._problem = open_checked(self.index_backend, model, backend, batch_size)
        self.stages = Stages(embedder, Attributor(), target_tokens, overlap_tokens)

    @property
    def embedder(self) -> Embedder:
        return self.stages.embedder

    @embedder.setter
    def embedder(self, embedder: Embedder) -> None:
        """Swap in another embedder of the same model (a warm one, say)."""
        self.stages = replace(self.stages, embedder=embedder)

    @property
    def attributor(self) -> Attributor:
        return self.stages.attributor

    # -- reading ---------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.index_backend.exists()

    def snapshot(self) -> Snapshot:
        """The committed generation, or an empty one when there is no index yet."""
        return self._current() or self.index_backend.empty(self.stages.settings())

    def _current(self) -> Snapshot | None:
        if self._problem is not None:
            raise self._problem
        return self.index_backend.snapshot()

    def _require(self) -> Snapshot:
        snapshot = self._current()
        if snapshot is None:
            raise IndexMissingError(
                f"no index at {self.location}; build one with: "
                f"python -m rag ingest PATH ... --index {self.location}"
            )
        return snapshot

    def registry(self) -> Citations:
        """Cited institutions of the current generation: aliases merged, passages, claims."""
        return self._require().citations()

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        """Every indexed document's source, title, chunk count and dates, by document id."""
        return self._require().documents() if self.exists() else {}

    def cited_by_document(self) -> dict[str, set[str]]:
        """The institutions each document's passages cite, by document id."""
        return self._require().cited_by_document() if self.exists() else {}

    def ask(
        self, question: str, k: int = 5, institution: str | None = None, document: str | None = None
    ) -> Answer:
        """Top-k passages and an extractive answer; `institution` keeps passages citing it,
        `document` (a doc id or source path) passages from that document."""
        return answer_question(self._require(), self.embedder, question, k, institution, document)

    def passage_view(self, chunk_id: str) -> PassageView:
        """A passage in its document's current text (the file must be unchanged since ingest)."""
        return passage_view(self._require(), chunk_id)

    def page_image(self, chunk_id: str) -> bytes:
        """A PDF passage's first page as PNG, its lines highlighted."""
        return page_image(self._require(), chunk_id)

    def status(self) -> Status:
        return self.index_backend.status()

    # -- writing ---------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        progress: bool = False,
        rebuild: bool = False,
        file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
    ) -> IngestReport:
        """Add new files, replace changed ones, drop files gone from the given folders; a file
        whose reading takes over `file_timeout` seconds is skipped (None: no limit, read here)."""
        if self._problem is not None and not rebuild:
            raise self._problem
        files = [Path(p) for p in paths]
        report = ingest_paths(self.index_backend, self.stages, files, progress, rebuild, file_timeout)
        self._problem = None
        return report

    def remove(self, paths: Iterable[str | os.PathLike[str]]) -> RemoveReport:
        if self._problem is not None:
            raise self._problem
        return remove_paths(self.index_backend, self.stages, list(paths))


def status(path: str | os.PathLike[str] | None = None) -> Status:
    """What the index at `path` holds, from its manifest alone: no model is loaded."""
    return open_backend(path).status()


__all__ = ["RagError", "RagIndex", "status"]
