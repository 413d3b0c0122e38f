"""Finding input files, reading their bytes under the size limit, and the reader for each format."""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rag.documents.docx import read_docx
from rag.documents.html import read_html
from rag.documents.pdf import read_pdf
from rag.documents.record import (
    Document,
    Extracted,
    Skipped,
    display_path,
    doc_id_for,
    file_hash,
)
from rag.documents.text import first_line, read_markdown, read_text
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


# One reader per format, each (file name for messages, bytes) -> Extracted; others are plain text.
READERS: dict[str, Callable[[str, bytes], Extracted]] = {
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".html": read_html,
    ".htm": read_html,
    ".md": read_markdown,
    ".markdown": read_markdown,
}


@contextlib.contextmanager
def _quiet_loggers() -> Iterator[None]:
    """pypdfium2, trafilatura and friends log through `logging`; a reader's messages are not the user's."""
    root = logging.getLogger()
    level = root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(level)


def load_document(path: Path, data: bytes | None = None) -> Document:
    """Parse one file into a Document, or raise DocumentError naming the file and the reason."""
    if data is None:
        data = read_bytes(path)
    name = str(path)
    if not data.strip():
        raise DocumentError(name, "empty file")
    suffix = path.suffix.lower()
    try:
        # Libraries warn on stderr about fonts and markup; what matters reaches the user as a notice.
        with warnings.catch_warnings(), _quiet_loggers():
            warnings.simplefilter("ignore")
            extracted = READERS.get(suffix, read_text)(name, data)
    except DocumentError:
        raise
    except Exception as exc:  # one bad file is skipped with its reason; the others go on
        message = " ".join(str(exc).split())[:200]
        raise DocumentError(name, f"unreadable: {type(exc).__name__}: {message}") from exc
    text = extracted.text
    if not text.strip():
        raise DocumentError(name, "no text found")
    return Document(
        doc_id=doc_id_for(path),
        source=display_path(path),
        path=path.resolve().as_posix(),
        title=(extracted.title or first_line(text) or path.stem)[:200],
        text=text,
        content_hash=file_hash(data),
        notice=extracted.notice,
        pages=extracted.pages,
        headings=extracted.headings,
    )
