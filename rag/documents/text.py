"""Plain text and Markdown: decoding bytes, and the title a text file gives itself."""

from __future__ import annotations

import re

from rag.documents.record import Extracted
from rag.errors import DocumentError

LEGACY_ENCODING = "cp1252"


def read_text(name: str, data: bytes) -> Extracted:
    """Plain text, with a notice of any legacy decode; the title is left to the caller."""
    raw, notice = decode(name, data)
    return Extracted(raw, "", notice)


def read_markdown(name: str, data: bytes) -> Extracted:
    """Markdown as text, titled by its first heading."""
    raw, notice = decode(name, data)
    return Extracted(raw, markdown_title(raw), notice)


def decode(name: str, data: bytes) -> tuple[str, str]:
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


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line
    return ""


def markdown_title(text: str) -> str:
    match = re.search(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return match.group(1) if match else ""
