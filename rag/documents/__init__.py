"""Documents: find input files and read each format into a Document; the only package that opens them.

One reader per format (`text`, `html`, `pdf`, `docx`), each returning text and a title; this
module finds files, reads their bytes under the size limit and dispatches by suffix.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rag.documents.docx import read_docx
from rag.documents.html import read_html
from rag.documents.pdf import read_pdf
from rag.documents.record import Document, Skipped, display_path, doc_id_for, file_hash
from rag.documents.text import decode, first_line, read_text
from rag.errors import DocumentError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
# Documented in the README: bigger files are skipped, so one stray dump cannot stall an ingest.
MAX_FILE_BYTES = 50 * 1024 * 1024


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders (recursively, hidden entries left out) into supported files."""
    found: dict[Path, None] = {}
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    _accept(Path(root) / name, found, skipped)
        elif path.is_file():
            _accept(path, found, skipped)
        else:
            skipped.append(Skipped(str(raw), "not found"))
    return list(found), skipped


def _accept(path: Path, found: dict[Path, None], skipped: list[Skipped]) -> None:
    if path.suffix.lower() in SUPPORTED_SUFFIXES:
        found[path] = None
    else:
        skipped.append(Skipped(str(path), f"unsupported type '{path.suffix or 'no extension'}'"))


def read_bytes(path: Path) -> bytes:
    """Read a file, refusing what is too large before reading it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(str(path), f"over the size limit ({size} bytes > {MAX_FILE_BYTES})")
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def load_document(path: Path, data: bytes | None = None) -> Document:
    """Parse one file into a Document, or raise DocumentError naming the file and the reason."""
    if data is None:
        data = read_bytes(path)
    name = str(path)
    if not data.strip():
        raise DocumentError(name, "empty file")
    suffix = path.suffix.lower()
    notice = ""
    if suffix == ".pdf":
        text, title = read_pdf(name, data)
    elif suffix == ".docx":
        text, title = read_docx(name, data)
    elif suffix in (".html", ".htm"):
        raw, notice = decode(name, data)
        text, title = read_html(raw)
    else:
        text, title, notice = read_text(name, data, markdown=suffix in (".md", ".markdown"))
    if not text.strip():
        raise DocumentError(name, "no text found")
    return Document(
        doc_id=doc_id_for(path),
        source=display_path(path),
        path=path.resolve().as_posix(),
        title=(title or first_line(text) or path.stem)[:200],
        text=text,
        content_hash=file_hash(data),
        notice=notice,
    )


__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "Document",
    "Skipped",
    "discover",
    "display_path",
    "doc_id_for",
    "file_hash",
    "load_document",
    "read_bytes",
]
