"""Opening an index: the model and backend it was built with, checked against what was asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rag.attribution import ATTRIBUTION_INFO, Attributor
from rag.chunking import Chunker
from rag.embedding import Embedder, model_name_for
from rag.errors import IndexCorruptError, IndexMismatchError, RagError
from rag.index import IndexBackend, Settings


def open_checked(
    backend: IndexBackend, model: str | None, embedding_backend: str | None, batch_size: int | None
) -> tuple[Embedder, RagError | None]:
    """The embedder the index needs, and the problem every later read or write will report (an
    index of another format, model or embedding backend), if any; only a rebuild clears it."""
    problem: RagError | None = None
    try:
        manifest = backend.manifest()
    except (IndexMismatchError, IndexCorruptError) as exc:
        manifest, problem = None, exc
    recorded = manifest["model"]["name"] if manifest else None
    # Indexes from before the ONNX backend hold fp32 torch vectors.
    recorded_backend = manifest["model"].get("backend", "torch") if manifest else None
    where = backend.location
    if recorded and model is not None and model_name_for(model) != recorded:
        problem = IndexMismatchError(
            f"index {where} was built with model '{recorded}', not '{model_name_for(model)}'."
            f" Use another --index for the new model, or rebuild: python -m rag ingest PATH ..."
            f" --index {where} --model {model} --rebuild"
        )
    elif recorded_backend and embedding_backend is not None and embedding_backend != recorded_backend:
        problem = IndexMismatchError(
            f"index {where} was built with the {recorded_backend} backend, not {embedding_backend}."
            f" Use another --index, or rebuild: python -m rag ingest PATH ... --index {where}"
            f" --backend {embedding_backend} --rebuild"
        )
    embedder = Embedder(
        model if model is not None else recorded,
        batch_size=batch_size,
        backend=embedding_backend if embedding_backend is not None else recorded_backend,
    )
    return embedder, problem


@dataclass(frozen=True)
class Stages:
    """The stages an index is built with. The model loads only when a chunker or the settings
    are asked for, so commands that change nothing never load it."""

    embedder: Embedder
    attributor: Attributor
    target_tokens: int = 180
    overlap_tokens: int = 40

    def chunker(self) -> Chunker:
        return Chunker(
            self.embedder.count_tokens,
            target_tokens=self.target_tokens,
            overlap_tokens=self.overlap_tokens,
            max_tokens=self.embedder.max_tokens,
        )

    def settings(self) -> Settings:
        """What a new index records about how it is built."""
        chunking = self.chunker().params()
        model: dict[str, Any] = {
            "name": self.embedder.name,
            "dimension": self.embedder.dimension,
            "max_tokens": self.embedder.max_tokens,
            "backend": self.embedder.backend,
        }
        return Settings(model, chunking, ATTRIBUTION_INFO)
