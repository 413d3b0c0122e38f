"""Index: what lives on disk and how it is searched; the only package that writes the index.

`backend` defines the interface every index backend implements (open and check, snapshot to
read, writer to change under a lock); `folder_backend` implements it on a directory in the
format of `folder` (manifest, generations, lock) with vector stores (`faiss_store`,
`ivf_store`, chosen by size in `stores`, sharing `base`) and BM25 (`lexical`); `pg_backend`
implements it in a PostgreSQL database (`pg_connect`, `pg_schema`, `pg_search`, `pg_writer`).
"""

from __future__ import annotations

import os
from pathlib import Path

from rag.index.backend import Changes, Citations, IndexBackend, Settings, Snapshot, Status, Writer
from rag.index.folder_backend import FolderBackend

DEFAULT_INDEX = "index"


def index_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--index, else $RAG_INDEX, else ./index."""
    return Path(explicit or os.environ.get("RAG_INDEX") or DEFAULT_INDEX)


def open_backend(location: str | os.PathLike[str] | None = None) -> IndexBackend:
    """The backend for a location: a postgresql:// (or postgres://) URL is a database, anything
    else a folder. Imported on demand: folder users never load the database driver."""
    where = location or os.environ.get("RAG_INDEX") or DEFAULT_INDEX
    if isinstance(where, str) and where.lower().startswith(("postgresql://", "postgres://")):
        from rag.index.pg_backend import PgBackend

        return PgBackend(where)
    return FolderBackend(index_path(location))


__all__ = [
    "DEFAULT_INDEX",
    "Changes",
    "Citations",
    "FolderBackend",
    "IndexBackend",
    "Settings",
    "Snapshot",
    "Status",
    "Writer",
    "index_path",
    "open_backend",
]
