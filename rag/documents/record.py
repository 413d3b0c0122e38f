"""The document record shared by every reader, and the ids and hashes derived from a file."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """One page of a paged document: its place in the document text."""

    number: int  # 1-based physical page
    label: str | None  # the printed label ("iv", "12") when the PDF defines page labels
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A heading of the document and where it starts in the document text."""

    title: str
    start: int
    level: int = 1


@dataclass(frozen=True)
class Extracted:
    """What a reader makes of one file's bytes."""

    text: str
    title: str = ""
    notice: str = ""  # what the user should hear about, e.g. a legacy decode
    pages: tuple[Page, ...] = ()
    headings: tuple[Heading, ...] = ()


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
    pages: tuple[Page, ...] = ()  # empty for formats without pages
    headings: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """An input file that was not ingested, with the reason."""

    path: str
    reason: str


def doc_id_for(path: str | os.PathLike[str]) -> str:
    """Stable id from the file's absolute path: the same file always maps to the same id."""
    absolute = Path(path).resolve().as_posix()
    # A name that is not valid UTF-8 reaches Python as surrogates; its bytes are hashed as they are.
    return hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def display_path(path: Path) -> str:
    """Path relative to the working directory when inside it, else absolute; always one printable line."""
    resolved = path.resolve()
    try:
        return shown_path(resolved.relative_to(Path.cwd().resolve()).as_posix())
    except ValueError:
        return shown_path(resolved.as_posix())


def text_path(path: str | os.PathLike[str]) -> str:
    """A path as valid text: bytes of a name that are not UTF-8 written as \\xff (the index is UTF-8)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path for messages: valid text on one line, control characters escaped as repr() does."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text_path(path))


# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
