"""Moving an index between backends: chunks with their vectors and citations, documents, files.

Nothing is embedded or attributed again: the records and vectors of the source's committed
generation are written to the target as one new generation (a rebuild of the target).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.errors import IndexMissingError
from rag.index.backend import Changes, IndexBackend, Settings

DOCUMENT_FIELDS = ("source", "path", "title", "content_hash", "added", "updated")


@dataclass(frozen=True)
class Exported:
    """What a copy moves: how the index was built, and everything its generation holds."""

    settings: Settings
    documents: Mapping[str, dict[str, Any]]
    records: list[dict[str, Any]]
    vectors: np.ndarray | None
    files: Mapping[str, bytes] = field(default_factory=dict)  # content hash -> bytes kept


def export(backend: IndexBackend) -> Exported:
    """The committed generation of any backend, read whole."""
    manifest = backend.manifest()
    snapshot = backend.snapshot()
    if manifest is None or snapshot is None:
        raise IndexMissingError(f"no index at {backend.location} to copy")
    settings = Settings(manifest["model"], manifest["chunking"], manifest.get("attribution") or {})
    documents = {
        doc_id: {name: doc.get(name) for name in DOCUMENT_FIELDS}
        for doc_id, doc in snapshot.documents().items()
    }
    if hasattr(snapshot, "export"):  # the database reads its rows in order, vectors and files
        records, vectors, files = snapshot.export()
        return Exported(settings, documents, records, vectors, files)
    state = snapshot.state  # the folder backend holds its generation in memory
    vids = np.array(list(state.chunks), dtype=np.int64)
    vectors = state.store.vectors(vids) if len(vids) else None
    return Exported(settings, documents, list(state.chunks.values()), vectors)


def load(target: IndexBackend, exported: Exported, files: Mapping[str, bytes]) -> int:
    """Replace whatever the target held by the exported generation; returns its generation."""
    with target.writer(lambda: exported.settings, rebuild=True) as writer:
        for content_hash, data in files.items():
            writer.keep_file(content_hash, data)
        writer.apply(Changes((), exported.records, exported.vectors, exported.documents))
        return writer.commit()
