"""The Python API: open an index, ingest paths, ask, remove, status. The CLI and the app use it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.answer import Answer, Passage, compose
from rag.attribution import ATTRIBUTION_INFO, Attributor
from rag.chunking import Chunker
from rag.documents import (
    Document,
    Skipped,
    discover,
    display_path,
    doc_id_for,
    file_hash,
    load_document,
    read_bytes,
)
from rag.embedding import Embedder, model_name_for
from rag.errors import (
    DocumentError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    RagError,
)
from rag.index_dir import (
    MANIFEST,
    IndexState,
    commit,
    load_state,
    new_manifest,
    read_manifest,
    write_lock,
)
from rag.ingest import apply_changes
from rag.lexical import LexicalIndex
from rag.registry import Registry
from rag.retrieve import Retriever
from rag.store import FaissStore, open_store

DEFAULT_INDEX = "index"


@dataclass(frozen=True)
class Notice:
    path: str
    message: str


@dataclass(frozen=True)
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_embedded: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


@dataclass(frozen=True)
class RemoveReport:
    removed: list[str]
    not_indexed: list[str]


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


def index_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--index, else $RAG_INDEX, else ./index."""
    return Path(explicit or os.environ.get("RAG_INDEX") or DEFAULT_INDEX)


class RagIndex:
    """One index directory. Reads need no lock; every write holds the directory's writer lock."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        model: str | None = None,
        target_tokens: int = 180,
        backend: str | None = None,
        overlap_tokens: int = 40,
        batch_size: int | None = None,
    ) -> None:
        self.path = index_path(path)
        # A mismatched or unreadable index is reported by every read and write except a rebuild.
        self._problem: RagError | None = None
        try:
            manifest = read_manifest(self.path)
        except (IndexMismatchError, IndexCorruptError) as exc:
            manifest, self._problem = None, exc
        recorded = manifest["model"]["name"] if manifest else None
        # Indexes from before the ONNX backend hold fp32 torch vectors.
        recorded_backend = manifest["model"].get("backend", "torch") if manifest else None
        if recorded and model is not None and model_name_for(model) != recorded:
            self._problem = IndexMismatchError(
                f"index {self.path} was built with model '{recorded}', not '{model_name_for(model)}'."
                f" Use another --index for the new model, or rebuild: python -m rag ingest PATH ..."
                f" --index {self.path} --model {model} --rebuild"
            )
        elif recorded_backend and backend is not None and backend != recorded_backend:
            self._problem = IndexMismatchError(
                f"index {self.path} was built with the {recorded_backend} backend, not {backend}."
                f" Use another --index, or rebuild: python -m rag ingest PATH ... --index {self.path}"
                f" --backend {backend} --rebuild"
            )
        self.embedder = Embedder(
            model if model is not None else recorded,
            batch_size=batch_size,
            backend=backend if backend is not None else recorded_backend,
        )
        self.attributor = Attributor()
        self._chunking = (target_tokens, overlap_tokens)
        self._state: IndexState | None = None
        self._seen: tuple[int, int, int] | None = None  # manifest stat of the loaded generation

    # -- reading ---------------------------------------------------------------------------
    def state(self) -> IndexState:
        """The current generation, or an empty one when there is no index yet."""
        return self._current() or self._empty_state()

    def _current(self) -> IndexState | None:
        """The committed generation, reloaded when another process has committed a newer one."""
        if self._problem is not None:
            raise self._problem
        try:
            stat = (self.path / MANIFEST).stat()
        except FileNotFoundError:
            return None
        # Commits replace the manifest by rename, so an unchanged stat means an unchanged
        # generation: a question costs a stat, not a parse of the whole manifest.
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._state is not None and key == self._seen:
            return self._state
        manifest = read_manifest(self.path)
        if manifest is None:
            return None
        if self._state is None or self._state.generation != manifest.get("generation"):
            self._state = load_state(self.path, manifest)
        self._seen = key
        return self._state

    def _writable_state(self) -> IndexState:
        """A private copy of the committed generation for a writer to change: readers in other
        threads keep searching the generation they hold, then see the new one once committed."""
        if self._problem is not None:
            raise self._problem
        manifest = read_manifest(self.path)
        return load_state(self.path, manifest) if manifest is not None else self._empty_state()

    def _empty_state(self) -> IndexState:
        chunker = self._chunker()
        model = {
            "name": self.embedder.name,
            "dimension": self.embedder.dimension,
            "max_tokens": self.embedder.max_tokens,
            "backend": self.embedder.backend,
        }
        manifest = new_manifest(model, chunker.params(), FaissStore.kind)
        manifest["attribution"] = ATTRIBUTION_INFO
        return IndexState(
            manifest,
            {},
            open_store(FaissStore.kind, self.embedder.dimension),
            LexicalIndex.build([], []),
        )

    def _chunker(self) -> Chunker:
        target, overlap = self._chunking
        return Chunker(
            self.embedder.count_tokens,
            target_tokens=target,
            overlap_tokens=overlap,
            max_tokens=self.embedder.max_tokens,
        )

    def registry(self) -> Registry:
        """Cited institutions of the current generation (built once per generation)."""
        state = self._require()
        if state.registry is None:
            state.registry = Registry(state.chunks, state.manifest["documents"])
        return state.registry

    def _require(self) -> IndexState:
        state = self._current()
        if state is None:
            raise IndexMissingError(
                f"no index at {self.path}; build one with: python -m rag ingest PATH ... --index {self.path}"
            )
        return state

    def ask(
        self, question: str, k: int = 5, institution: str | None = None, document: str | None = None
    ) -> Answer:
        """Top-k passages and an extractive answer; `institution` keeps passages citing it,
        `document` (a doc id or source path) passages from that document."""
        if not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a positive integer, got {k!r}")
        state = self._require()
        registry = self.registry()
        allowed = None
        if institution is not None:
            if registry.canonical(institution) is None:
                known = ", ".join(i.name for i in registry.institutions(claims=False)[:10]) or "none"
                raise RagError(f"no passage cites '{institution}'; cited institutions include: {known}")
            allowed = np.array(registry.vids(institution), dtype=np.int64)
        if document is not None:
            doc_id = _find_document(state, document)
            in_doc = np.array(state.by_doc.get(doc_id, []), dtype=np.int64)
            allowed = in_doc if allowed is None else np.intersect1d(allowed, in_doc)
        hits = Retriever(state.store, state.lexical, self.embedder).search(question, k, allowed)
        passages, spans = [], {}
        for hit in hits:
            record = state.chunks[hit.vid]
            document = state.manifest["documents"][record["doc_id"]]
            passages.append(
                Passage(
                    rank=hit.rank,
                    score=round(hit.score, 4),
                    dense_score=round(hit.dense, 4),
                    source=document["source"],
                    title=document["title"],
                    doc_id=record["doc_id"],
                    chunk_id=record["id"],
                    start=record["start"],
                    end=record["end"],
                    text=record["text"],
                    institutions=_passage_institutions(record, registry),
                )
            )
            spans[hit.rank] = [tuple(s) for s in record["sentences"]]
        names = list(dict.fromkeys(i["name"] for p in passages for i in p.institutions))
        return compose(question, passages, spans, names)

    def status(self) -> Status:
        return status_of(self.path, read_manifest(self.path))

    # -- writing ---------------------------------------------------------------------------
    def ingest(
        self, paths: Iterable[str | os.PathLike[str]], progress: bool = False, rebuild: bool = False
    ) -> IngestReport:
        """Add new files, replace changed ones, drop files gone from the given folders."""
        paths = [Path(p) for p in paths]
        timings: dict[str, float] = {}
        started = time.perf_counter()
        with write_lock(self.path):
            if self._problem is not None and not rebuild:
                raise self._problem
            # Unchanged files are told from the manifest alone: the index itself is loaded only
            # when something has to change, which keeps a re-ingest of the same files cheap.
            manifest = None if rebuild else read_manifest(self.path)
            documents = manifest["documents"] if manifest else {}
            files, skipped = discover(paths)
            notices: list[Notice] = []
            fresh: list[Document] = []
            seen: set[str] = set()
            unchanged = 0
            for path in files:
                doc_id = doc_id_for(path)
                seen.add(doc_id)
                try:
                    data = read_bytes(path)
                    if doc_id in documents and documents[doc_id]["content_hash"] == file_hash(data):
                        unchanged += 1
                        continue
                    document = load_document(path, data)
                except DocumentError as exc:
                    skipped.append(Skipped(exc.path, exc.reason))
                    continue
                if document.notice:
                    notices.append(Notice(document.source, document.notice))
                fresh.append(document)
            gone = [
                doc_id
                for doc_id, doc in documents.items()
                if doc_id not in seen and _under_any(doc["path"], paths)
            ]
            added = sum(d.doc_id not in documents for d in fresh)
            timings["read"] = time.perf_counter() - started
            embedded = 0
            if fresh or gone or rebuild:
                state = load_state(self.path, manifest) if manifest else self._empty_state()
                embedded = apply_changes(
                    state, fresh, gone, self._chunker(), self.embedder, self.attributor, progress, timings
                )
                mark = time.perf_counter()
                commit(self.path, state)
                timings["write"] = time.perf_counter() - mark
                self._state, self._problem = state, None
        timings["total"] = time.perf_counter() - started
        return IngestReport(
            added,
            len(fresh) - added,
            unchanged,
            len(gone),
            embedded,
            skipped,
            notices,
            {k: round(v, 3) for k, v in timings.items()},
        )

    def remove(self, paths: Iterable[str | os.PathLike[str]]) -> RemoveReport:
        removed, missing = [], []
        with write_lock(self.path):
            state = self._writable_state()
            ids = []
            for path in paths:
                doc_id = doc_id_for(path)
                if doc_id in state.manifest["documents"]:
                    ids.append(doc_id)
                    removed.append(state.manifest["documents"][doc_id]["source"])
                else:
                    missing.append(str(path))
            if ids:
                apply_changes(state, [], ids, self._chunker(), self.embedder, self.attributor)
                commit(self.path, state)
                self._state = state
        return RemoveReport(removed, missing)


def _find_document(state: IndexState, document: str) -> str:
    documents = state.manifest["documents"]
    if document in documents:
        return document
    for doc_id, doc in documents.items():
        if document in (doc["source"], doc["path"]):
            return doc_id
    raise RagError(f"no document '{document}' in the index")


def _passage_institutions(record: dict[str, Any], registry: Registry) -> list[dict[str, Any]]:
    """One entry per institution the passage cites, named as the registry merged it."""
    out: dict[str, dict[str, Any]] = {}
    for c in record.get("citations", []):
        name = registry.canonical(c["name"]) or c["name"]
        out.setdefault(
            name,
            {
                "name": name,
                "mention": c["mention"],
                "kind": c["kind"],
                "cue": c["cue"],
                "start": c["start"],
                "end": c["end"],
                "sentence_start": c["sentence_start"],
                "sentence_end": c["sentence_end"],
                "inherited": c["inherited"],
            },
        )
    return list(out.values())


def status_of(root: Path, manifest: dict[str, Any] | None) -> Status:
    """What the index holds, from its manifest alone (no model is loaded)."""
    if manifest is None:
        return Status(str(root), False, 0, 0, None, None, None, None, None, None, None, [])
    documents = manifest["documents"]
    return Status(
        index=str(root),
        exists=True,
        documents=len(documents),
        chunks=sum(d["chunks"] for d in documents.values()),
        model=manifest["model"]["name"],
        dimension=manifest["model"]["dimension"],
        format_version=manifest["format_version"],
        store=manifest["store"]["kind"],
        chunking=manifest["chunking"],
        created=manifest["created"],
        updated=manifest["updated"],
        sources=sorted(d["source"] for d in documents.values()),
        backend=manifest["model"].get("backend", "torch"),
    )


def _under_any(path: str, roots: list[Path]) -> bool:
    """Whether an indexed file lies inside one of the folders being ingested."""
    resolved = Path(path)
    return any(root.is_dir() and resolved.is_relative_to(root.resolve()) for root in roots)


__all__ = ["IngestReport", "RagIndex", "RemoveReport", "Status", "display_path", "index_path"]
