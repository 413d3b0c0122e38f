"""Copying an index to another location or backend (folder <-> PostgreSQL) without re-embedding."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rag.documents import file_hash, read_bytes
from rag.errors import DocumentError, RagError
from rag.index import open_backend
from rag.index.copy import export, load


@dataclass(frozen=True)
class CopyReport:
    source: str  # locations as shown: a database URL without its password
    target: str
    documents: int
    chunks: int
    files: int  # original files the target keeps (a database keeps them; a folder does not)
    generation: int


def copy_index(
    source: str | os.PathLike[str] | None, target: str | os.PathLike[str], replace: bool = False
) -> CopyReport:
    """Copy the committed index at `source` to `target`; refused when `target` holds an index,
    unless `replace`."""
    origin, destination = open_backend(source), open_backend(target)
    if origin.location == destination.location:
        raise RagError(f"cannot copy {origin.location} onto itself")
    exported = export(origin)
    if destination.exists() and not replace:
        raise RagError(f"{destination.location} already holds an index; add --replace to overwrite it")
    files = dict(exported.files)
    for doc in exported.documents.values():
        if doc["content_hash"] in files:
            continue
        try:  # the folder backend keeps no bytes: take the file when it is still as indexed
            data = read_bytes(Path(doc["path"]))
        except DocumentError:
            continue
        if file_hash(data) == doc["content_hash"]:
            files[doc["content_hash"]] = data
    generation = load(destination, exported, files)
    snapshot = destination.snapshot()
    # Whether the target keeps files at all (a database does, a folder does not): ask for one.
    keeps = bool(files) and snapshot is not None and snapshot.file(next(iter(files))) is not None
    return CopyReport(
        origin.location,
        destination.location,
        len(exported.documents),
        len(exported.records),
        len(files) if keeps else 0,
        generation,
    )
