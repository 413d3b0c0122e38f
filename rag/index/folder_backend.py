"""The folder backend: the index as files in one directory, read by snapshot, written by generation."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from rag.attribution import Registry
from rag.chunking import indexed_text
from rag.index.backend import Changes, Settings, Status
from rag.index.faiss_store import FaissStore
from rag.index.folder import (
    MANIFEST,
    IndexState,
    commit,
    load_state,
    new_manifest,
    read_manifest,
    write_lock,
)
from rag.index.lexical import LexicalIndex
from rag.index.stores import ChunkSearch, open_store, sized

DOCUMENT_FIELDS = ("source", "path", "title", "content_hash")


class FolderSnapshot(ChunkSearch):
    """One generation loaded in memory: FAISS vectors, BM25, chunk records, manifest."""

    def __init__(self, state: IndexState) -> None:
        super().__init__(state.store, state.lexical)
        self.state = state
        self.generation = state.generation

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        return self.state.manifest["documents"]

    def chunk(self, vid: int) -> dict[str, Any]:
        return self.state.chunks[vid]

    def chunks_of(self, doc_id: str) -> list[int]:
        return self.state.by_doc.get(doc_id, [])

    def cited_by_document(self) -> dict[str, set[str]]:
        cited: dict[str, set[str]] = {}
        for record in self.state.chunks.values():
            cited.setdefault(record["doc_id"], set()).update(c["name"] for c in record.get("citations", []))
        return cited

    def file(self, content_hash: str) -> bytes | None:
        """A folder keeps no copy of its files: the page view reads them where they were indexed."""
        return None

    def citations(self) -> Registry:
        """Built once per generation, on first use."""
        if self.state.registry is None:
            self.state.registry = Registry(self.state.chunks, self.state.manifest["documents"])
        return self.state.registry


class FolderWriter:
    """A private copy of the committed generation, loaded only once something has to change."""

    def __init__(self, root: Path, settings: Callable[[], Settings], rebuild: bool, on_commit: Any) -> None:
        self.root = root
        self.settings = settings
        self.rebuild = rebuild
        self._on_commit = on_commit
        self._manifest: dict[str, Any] | None = None
        self._read = False
        self._state: IndexState | None = None

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        """The committed documents, from the manifest alone: telling unchanged files costs no load."""
        manifest = self._committed_manifest()
        return manifest["documents"] if manifest else {}

    def _committed_manifest(self) -> dict[str, Any] | None:
        if not self._read:
            self._manifest, self._read = (None if self.rebuild else read_manifest(self.root)), True
        return self._manifest

    def _loaded(self) -> IndexState:
        if self._state is None:
            manifest = self._committed_manifest()
            self._state = load_state(self.root, manifest) if manifest else empty_state(self.settings())
        return self._state

    def vectors_for(self, hashes: Collection[str]) -> dict[str, np.ndarray]:
        state = self._loaded()
        known = {r["hash"]: vid for vid, r in state.chunks.items()}
        found = [h for h in dict.fromkeys(hashes) if h in known]
        rows = state.store.vectors(np.array([known[h] for h in found], dtype=np.int64))
        return dict(zip(found, rows, strict=True))

    def keep_file(self, content_hash: str, data: bytes) -> None:
        """Files stay where they are (seeds/, uploads/): the folder does not copy them."""

    def apply(self, changes: Changes) -> None:
        state = self._loaded()
        for doc_id in set(changes.documents) | set(changes.removed):
            old = state.by_doc.pop(doc_id, [])
            state.store.remove(np.array(old, dtype=np.int64))
            for vid in old:
                del state.chunks[vid]
            state.manifest["documents"].pop(doc_id, None)
        ids, rows = [], []
        for row, record in enumerate(changes.chunks):
            vid = record["vid"]
            if vid in state.chunks:  # the same file given twice in one ingest
                continue
            ids.append(vid)
            rows.append(changes.vectors[row])
            state.chunks[vid] = record
            state.by_doc.setdefault(record["doc_id"], []).append(vid)
        if ids:
            state.store.add(np.array(ids, dtype=np.int64), np.vstack(rows))
        state.store = sized(state.store, state.chunks.keys())
        titles = {d: doc["title"] for d, doc in state.manifest["documents"].items()}
        titles.update({d: doc["title"] for d, doc in changes.documents.items()})
        state.lexical = LexicalIndex.build(
            list(state.chunks),
            [
                indexed_text(titles.get(r["doc_id"], ""), r["text"], r["ordinal"])
                for r in state.chunks.values()
            ],
        )
        state.registry = None
        for doc_id, info in changes.documents.items():
            state.manifest["documents"][doc_id] = {
                **{name: info[name] for name in DOCUMENT_FIELDS},
                "chunks": len(state.by_doc.get(doc_id, [])),
                "added": info["added"],
                "updated": info["updated"],
            }

    def commit(self) -> int:
        state = self._loaded()
        generation = commit(self.root, state)
        self._on_commit(state)
        return generation


class FolderBackend:
    """An index directory. Reads need no lock; every write holds the directory's writer lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.location = str(root)
        self._snapshot: FolderSnapshot | None = None
        self._seen: tuple[int, int, int] | None = None  # manifest stat of the loaded generation

    def manifest(self) -> dict[str, Any] | None:
        return read_manifest(self.root)

    def exists(self) -> bool:
        return (self.root / MANIFEST).exists()

    def snapshot(self) -> FolderSnapshot | None:
        """The committed generation, reloaded when another process has committed a newer one."""
        try:
            stat = (self.root / MANIFEST).stat()
        except FileNotFoundError:
            return None
        # Commits replace the manifest by rename, so an unchanged stat means an unchanged
        # generation: a question costs a stat, not a parse of the whole manifest.
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._snapshot is not None and key == self._seen:
            return self._snapshot
        manifest = read_manifest(self.root)
        if manifest is None:
            return None
        if self._snapshot is None or self._snapshot.generation != manifest.get("generation"):
            self._snapshot = FolderSnapshot(load_state(self.root, manifest))
        self._seen = key
        return self._snapshot

    def empty(self, settings: Settings) -> FolderSnapshot:
        return FolderSnapshot(empty_state(settings))

    @contextmanager
    def writer(self, settings: Callable[[], Settings], rebuild: bool = False) -> Iterator[FolderWriter]:
        """The settings are asked for only when the index is created or rebuilt."""
        with write_lock(self.root):
            yield FolderWriter(self.root, settings, rebuild, self._committed)

    def _committed(self, state: IndexState) -> None:
        self._snapshot = FolderSnapshot(state)

    def status(self) -> Status:
        return status_of(self.root, read_manifest(self.root))


def empty_state(settings: Settings) -> IndexState:
    manifest = new_manifest(settings.model, settings.chunking, FaissStore.kind)
    manifest["attribution"] = settings.attribution
    return IndexState(
        manifest,
        {},
        open_store(FaissStore.kind, int(settings.model["dimension"])),
        LexicalIndex.build([], []),
    )


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
