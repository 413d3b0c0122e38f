"""Documents: find files, read .txt/.md/.html/.pdf/.docx into text with a title and content hash."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from rag.errors import DocumentError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
# Documented in the README: bigger files are skipped, so one stray dump cannot stall an ingest.
MAX_FILE_BYTES = 50 * 1024 * 1024
LEGACY_ENCODING = "cp1252"


@dataclass(frozen=True)
class Document:
    """A readable input file: its text is what chunk offsets refer to."""

    doc_id: str
    source: str  # as shown to users: relative to the working directory when inside it
    path: str  # absolute, what the id is derived from
    title: str
    text: str
    content_hash: str
    notice: str = ""  # what was done that the user should hear about, e.g. a legacy decode


@dataclass(frozen=True)
class Skipped:
    """An input file that was not ingested, with the reason."""

    path: str
    reason: str


def doc_id_for(path: str | os.PathLike[str]) -> str:
    """Stable id from the file's absolute path: the same file always maps to the same id."""
    absolute = Path(path).resolve().as_posix()
    return hashlib.sha256(absolute.encode("utf-8")).hexdigest()[:16]


def display_path(path: Path) -> str:
    """Path relative to the working directory when inside it, else absolute."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
        text, title = _read_pdf(name, data)
    elif suffix == ".docx":
        text, title = _read_docx(name, data)
    else:
        raw, notice = _decode(name, data)
        if suffix in (".html", ".htm"):
            text, title = _read_html(raw)
        else:
            text, title = raw, _markdown_title(raw) if suffix in (".md", ".markdown") else ""
    if not text.strip():
        raise DocumentError(name, "no text found")
    return Document(
        doc_id=doc_id_for(path),
        source=display_path(path),
        path=path.resolve().as_posix(),
        title=(title or _first_line(text) or path.stem)[:200],
        text=text,
        content_hash=file_hash(data),
        notice=notice,
    )


def _decode(name: str, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:8192]:
        raise DocumentError(name, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode(LEGACY_ENCODING)
    except UnicodeDecodeError as exc:
        raise DocumentError(name, "undecodable: neither UTF-8 nor cp1252") from exc
    return text, f"not valid UTF-8 (byte {first_bad}); decoded as {LEGACY_ENCODING}"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line
    return ""


def _markdown_title(text: str) -> str:
    match = re.search(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return match.group(1) if match else ""


class _VisibleText(HTMLParser):
    """Collects the text a browser would show; block elements become line breaks."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "table",
            "ul",
            "ol",
            "hr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0
        self.title = ""
        self.heading = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" or (tag == "h1" and not self.heading):
            self._in = tag
        if tag in self.HIDDEN:
            self.hidden_depth += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None
        if tag in self.HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.heading += data
        if not self.hidden_depth:
            self.parts.append(data)


def _read_html(raw: str) -> tuple[str, str]:
    parser = _VisibleText()
    parser.feed(raw)
    parser.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    text = re.sub(r" ?\n[ \n]*", "\n", text).strip()
    title = " ".join((parser.title or parser.heading).split())
    return text, title


def _read_pdf(name: str, data: bytes) -> tuple[str, str]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentError(name, f"corrupt PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise DocumentError(name, "PDF has no text layer (scanned images need OCR first)")
    return text, str(title).strip()


def _read_docx(name: str, data: bytes) -> tuple[str, str]:
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(name, f"corrupt DOCX ({type(exc).__name__})") from exc
    text = "\n".join(p.text for p in document.paragraphs)
    heading = next(
        (
            p.text
            for p in document.paragraphs
            if p.style is not None and p.style.name.startswith(("Title", "Heading")) and p.text.strip()
        ),
        "",
    )
    return text.strip("\n"), (document.core_properties.title or heading or "").strip()
