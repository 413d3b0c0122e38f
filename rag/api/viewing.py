"""A passage in its document: the text around it, or its PDF page as an image, by passage id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rag.documents import file_hash, load_document, read_bytes, render_page
from rag.errors import DocumentError, RagError
from rag.index import Snapshot
from rag.search import page_reference

_CHUNK_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class PassageView:
    chunk_id: str
    title: str
    source: str
    where: str  # "p. 12", "pp. 3–4" or ""
    page: int | None  # the passage's first physical page, for paged documents
    text: str  # the whole document text
    start: int
    end: int


def _record(snapshot: Snapshot, chunk_id: str) -> dict:
    """The chunk record of an id from a request: only ids of indexed passages are looked up."""
    if not _CHUNK_ID.fullmatch(chunk_id):
        raise RagError(f"no passage {chunk_id!r}")
    try:
        return snapshot.chunk(int(chunk_id[:15], 16))
    except KeyError:
        raise RagError(f"no passage {chunk_id!r} in the index") from None


def _current_bytes(snapshot: Snapshot, document: dict) -> bytes:
    """The indexed file: the backend's copy when it keeps one (a database does, so any app
    instance can show it), else the file as it is now, refused when it has changed since."""
    kept = snapshot.file(document["content_hash"])
    if kept is not None:
        return kept
    try:
        data = read_bytes(Path(document["path"]))
    except DocumentError as exc:
        raise RagError(f"{document['source']}: {exc.reason}") from exc
    if file_hash(data) != document["content_hash"]:
        raise RagError(f"{document['source']} has changed since it was indexed; ingest it again")
    return data


def passage_view(snapshot: Snapshot, chunk_id: str) -> PassageView:
    record = _record(snapshot, chunk_id)
    document = snapshot.documents()[record["doc_id"]]
    data = _current_bytes(snapshot, document)
    text = load_document(Path(document["path"]), data).text
    pages = record.get("pages")
    return PassageView(
        chunk_id,
        document["title"],
        document["source"],
        page_reference(record.get("page_labels") or pages),
        pages[0] if pages else None,
        text,
        record["start"],
        record["end"],
    )


def page_image(snapshot: Snapshot, chunk_id: str) -> bytes:
    """The passage's first page, rendered, with its lines on that page highlighted."""
    record = _record(snapshot, chunk_id)
    document = snapshot.documents()[record["doc_id"]]
    if not record.get("pages") or not document["path"].lower().endswith(".pdf"):
        raise RagError(f"{document['source']} has no pages to show")
    data = _current_bytes(snapshot, document)
    return render_page(document["source"], data, record["pages"][0], record["text"])
