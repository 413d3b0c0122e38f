"""Writes through the API: ingest paths (only what changed) and remove documents, one generation each."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from rag.api.changes import apply_changes
from rag.api.opening import Stages
from rag.api.reports import IngestReport, Notice, RemoveReport
from rag.documents import (
    DEFAULT_FILE_TIMEOUT,
    Document,
    ReaderProcess,
    Skipped,
    discover,
    doc_id_for,
    file_hash,
    load_document,
    read_bytes,
)
from rag.errors import DocumentError
from rag.index import IndexBackend


def ingest(
    backend: IndexBackend,
    stages: Stages,
    paths: list[Path],
    progress: bool,
    rebuild: bool,
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
) -> IngestReport:
    """Add new files, replace changed ones, drop files gone from the given folders. With a
    `file_timeout`, files are read in a worker process and one slower than that is skipped."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    reader = ReaderProcess(file_timeout) if file_timeout is not None else None
    load = reader.load if reader is not None else load_document
    with backend.writer(stages.settings, rebuild) as writer, reader or contextlib.nullcontext():
        # Unchanged files are told from the manifest alone: the index itself is loaded only
        # when something has to change, which keeps a re-ingest of the same files cheap.
        documents = writer.documents()
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
                document = load(path, data)
            except DocumentError as exc:
                skipped.append(Skipped(exc.path, exc.reason))
                continue
            writer.keep_file(document.content_hash, data)  # a database keeps the bytes it indexed
            if document.notice:
                notices.append(Notice(document.source, document.notice))
            fresh.append(document)
        # A folder that could not be listed keeps what was indexed from it: unseen is not deleted.
        unlisted = [Path(item.path) for item in skipped if Path(item.path).is_dir()]
        gone = [
            doc_id
            for doc_id, doc in documents.items()
            if doc_id not in seen and _under_any(doc["path"], paths) and not _under_any(doc["path"], unlisted)
        ]
        added = sum(d.doc_id not in documents for d in fresh)
        timings["read"] = time.perf_counter() - started
        embedded = 0
        if fresh or gone or rebuild:
            embedded = apply_changes(writer, fresh, gone, stages, progress, timings)
            mark = time.perf_counter()
            writer.commit()
            timings["write"] = time.perf_counter() - mark
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


def remove(backend: IndexBackend, stages: Stages, paths: list[Any]) -> RemoveReport:
    removed, missing = [], []
    with backend.writer(stages.settings) as writer:
        documents = writer.documents()
        ids = []
        for path in paths:
            doc_id = doc_id_for(path)
            if doc_id in documents:
                ids.append(doc_id)
                removed.append(documents[doc_id]["source"])
            else:
                missing.append(str(path))
        if ids:
            apply_changes(writer, [], ids, stages)
            writer.commit()
    return RemoveReport(removed, missing)


def _under_any(path: str, roots: list[Path]) -> bool:
    """Whether an indexed file lies inside one of the folders being ingested."""
    resolved = Path(path)
    return any(root.is_dir() and resolved.is_relative_to(root.resolve()) for root in roots)
