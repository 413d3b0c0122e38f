"""Finding input files, reading their bytes under the size limit, and the reader for each format."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
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
    shown_path,
    text_path,
)
from rag.documents.text import first_line, read_markdown, read_text
from rag.errors import DocumentError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
# Documented in the README: bigger files are skipped, so one stray dump cannot stall an ingest.
MAX_FILE_BYTES = 50 * 1024 * 1024


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders (recursively, hidden entries left out) into supported regular files.

    A link is followed only when its target lies inside one of the given paths, and each file and
    folder is taken once; a link elsewhere, a broken link, a link loop, an unlistable folder and
    anything but a regular file (a named pipe would block its reader forever) are named with the reason.
    """
    given = [Path(raw) for raw in paths]
    roots = [Path(os.path.realpath(path)) for path in given]
    found: dict[Path, None] = {}
    seen: set[str] = set()  # real paths of the files and folders taken
    skipped: list[Skipped] = []
    for path in given:
        try:
            info = os.stat(path)
        except OSError as exc:
            reason = "not found" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else _os_reason(exc)
            skipped.append(Skipped(shown_path(path), reason))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, roots, found, seen, skipped)
        else:
            _take(path, info, found, seen, skipped)
    return list(found), skipped


def _walk(
    top: Path, roots: list[Path], found: dict[Path, None], seen: set[str], skipped: list[Skipped]
) -> None:
    """Depth first, files of a folder before its subfolders, each level in name order."""
    stack = [top]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            skipped.append(Skipped(shown_path(folder), _os_reason(exc)))
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    path, info = _follow(path, roots)
                else:
                    info = entry.stat(follow_symlinks=False)
            except DocumentError as exc:
                skipped.append(Skipped(exc.path, exc.reason))
                continue
            except OSError as exc:
                skipped.append(Skipped(shown_path(path), _os_reason(exc)))
                continue
            if stat.S_ISDIR(info.st_mode):
                folders.append(path)
            else:
                _take(path, info, found, seen, skipped)
        stack.extend(reversed(folders))


def _follow(link: Path, roots: list[Path]) -> tuple[Path, os.stat_result]:
    """The real path a link leads to and what is there, if that lies inside one of the roots."""
    try:
        info = os.stat(link)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise DocumentError(shown_path(link), "broken link (its target does not exist)") from None
        raise DocumentError(shown_path(link), _os_reason(exc)) from None
    target = Path(os.path.realpath(link))
    if not any(target.is_relative_to(root) for root in roots):
        raise DocumentError(shown_path(link), "link outside the ingested folder")
    return target, info


def _take(
    path: Path, info: os.stat_result, found: dict[Path, None], seen: set[str], skipped: list[Skipped]
) -> None:
    if not stat.S_ISREG(info.st_mode):
        skipped.append(Skipped(shown_path(path), f"not a regular file ({_kind(info.st_mode)})"))
    elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
        skipped.append(Skipped(shown_path(path), f"unsupported type '{path.suffix or 'no extension'}'"))
    elif (real := os.path.realpath(path)) not in seen:
        seen.add(real)
        found[path] = None


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a device or other special file")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "disappeared before it was read"
    return f"cannot read: {exc.strerror or exc}"


def read_bytes(path: Path) -> bytes:
    """Read a regular file, refusing what is too large before reading it. The file is opened without
    blocking and checked through that descriptor, so a file swapped for a named pipe after it was
    listed cannot hang the reading, and one that grows meanwhile is read no further than the limit."""
    name = shown_path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise DocumentError(name, _os_reason(exc)) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(name, f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > MAX_FILE_BYTES:
            raise DocumentError(name, f"over the size limit ({info.st_size} bytes > {MAX_FILE_BYTES})")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # grown since: read on, up to one byte past the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise DocumentError(name, _os_reason(exc)) from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(name, f"over the size limit (more than {MAX_FILE_BYTES} bytes)")
    return data


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
    name = shown_path(path)
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
        path=text_path(path.resolve().as_posix()),
        title=(extracted.title or first_line(text) or path.stem)[:200],
        text=text,
        content_hash=file_hash(data),
        notice=extracted.notice,
        pages=extracted.pages,
        headings=extracted.headings,
    )
