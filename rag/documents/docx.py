"""Word (.docx): body paragraphs and tables in document order, then foot- and endnotes, with headings.

Tables: every paragraph of a cell is a line of its own and every row ends with a blank line. The
sentence splitter breaks at ". " and at line breaks only, so a line per cell is what keeps each
sentence inside its cell (cells joined by " | " would make "Kenya | 412 MW | 2023" one sentence);
the blank line keeps a row together for the eye. A merged cell is read once: a gridSpan cell is
one w:tc anyway and vMerge/hMerge continuations are skipped. A nested table is read where it
stands, inside its cell. Text boxes anchored in a paragraph follow it.

Left out: headers, footers, comments and tracked deletions (insertions are kept, as Word shows them).
Foot- and endnotes follow the body under a line "Notes", one line each, in the order of their ids.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag.documents.record import Extracted, Heading
from rag.documents.ziplimits import check_zip
from rag.errors import DocumentError

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from lxml.etree import _Element

# A password-protected Office file is an OLE compound file holding the encrypted zip in a stream
# named "EncryptedPackage"; directory entry names are UTF-16LE. An OLE file without that stream is
# an old binary Office file (.doc) under a new suffix.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
# Wrappers (content controls, custom XML) that hold paragraphs, rows or cells as if they were absent.
_WRAPPERS = frozenset(_W + t for t in ("sdt", "sdtContent", "customXml"))
# Run containers inside a paragraph whose text Word shows; w:del and w:moveFrom are not among them.
_INLINE = _WRAPPERS | frozenset(
    _W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "dir", "bdo")
)
_RUN_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_BOX_HOLDERS = frozenset((_W + "drawing", _W + "pict", _W + "object", _ALTERNATE))

_HEADING_STYLE = re.compile(r"heading\s*([1-9])|(title)", re.IGNORECASE)
# Core titles that name the software, a template or a file rather than the document.
_BOILER_TITLE = re.compile(
    r"microsoft( office)? word\s*-.*|untitled\b.*|document\s*\d*|word document"
    r"|[^/\\]*\.(docx?|docm|dot[xm]?|rtf|odt|pdf|txt|html?)",
    re.IGNORECASE,
)


def read_docx(name: str, data: bytes) -> Extracted:
    """The text of a .docx (see the module docstring), its headings and a title."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise DocumentError(name, "encrypted: needs a password")
        raise DocumentError(name, "not a DOCX file (an old Word .doc?)")
    check_zip(name, data)  # zip bombs are refused before python-docx unpacks anything

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise DocumentError(name, f"corrupt DOCX ({type(exc).__name__})") from exc

    writer = _Writer(_style_names(document))
    writer.blocks(document.element.body)
    body_headings = list(writer.headings)
    notes, notice = _notes(document, writer.styles)
    if notes:
        writer.gap()
        writer.line("Notes", level=1)
        for note in notes:
            writer.line(note)
    title = _core_title(document) or next(
        (h.title for level in (0, 1) for h in body_headings if h.level == level), ""
    )
    return Extracted(writer.text(), title, notice, headings=tuple(writer.headings))


class _Writer:
    """Lines of text, and the offset of each heading in their join."""

    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles  # style id -> style name
        self.lines: list[str] = []
        self.size = 0  # len("\n".join(self.lines))
        self.headings: list[Heading] = []

    def line(self, text: str, level: int | None = None) -> None:
        start = self.size + 1 if self.lines else 0
        self.lines.append(text)
        self.size = start + len(text)
        if level is not None:
            self.headings.append(Heading(text, start, level))

    def gap(self) -> None:
        if self.lines and self.lines[-1]:
            self.line("")

    def text(self) -> str:
        lines = list(self.lines)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def blocks(self, parent: _Element) -> None:
        """Paragraphs and tables of a body, cell, text box or note, in their order."""
        for child in parent:
            if child.tag == _W + "p":
                self.paragraph(child)
            elif child.tag == _W + "tbl":
                self.table(child)
            elif child.tag in _WRAPPERS:
                self.blocks(child)
            elif child.tag == _ALTERNATE and len(child):
                self.blocks(child[0])  # the first choice; the others say the same for older readers

    def paragraph(self, paragraph: _Element) -> None:
        parts: list[str] = []
        boxes: list[_Element] = []
        _inline_text(paragraph, parts, boxes)
        text = "".join(parts).strip()
        level = self._heading_level(paragraph)
        if level is not None:
            text = " ".join(text.split())  # a heading is one line, so its title is found verbatim
        if text:
            self.line(text, level)
        for box in boxes:
            self.blocks(box)

    def table(self, table: _Element) -> None:
        self.gap()
        for row in _children(table, "tr"):
            for cell in _children(row, "tc"):
                if not _continues_merge(cell):
                    self.blocks(cell)
            self.gap()

    def _heading_level(self, paragraph: _Element) -> int | None:
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if style is None:
            return None
        style_id = style.get(_W + "val", "")
        # An id missing from styles.xml still says what it is ("Heading2") in the files that do that.
        match = _HEADING_STYLE.fullmatch(self.styles.get(style_id) or style_id)
        if match is None:
            return None
        return 0 if match.group(2) else int(match.group(1))


def _inline_text(parent: _Element, parts: list[str], boxes: list[_Element]) -> None:
    """Append the shown text of a paragraph's runs to `parts` and its text boxes to `boxes`."""
    for child in parent:
        if child.tag == _W + "r":
            for item in child:
                if item.tag == _W + "t":
                    parts.append(item.text or "")
                elif item.tag == _W + "br":
                    # A page or column break is not a line break in the text (python-docx agrees).
                    parts.append("\n" if item.get(_W + "type", "textWrapping") == "textWrapping" else "")
                elif item.tag in _RUN_CHARS:
                    parts.append(_RUN_CHARS[item.tag])
                elif item.tag in _BOX_HOLDERS:
                    boxes.extend(_text_boxes(item))
        elif child.tag in _INLINE:
            _inline_text(child, parts, boxes)
        elif child.tag == _ALTERNATE and len(child):
            _inline_text(child[0], parts, boxes)


def _text_boxes(element: _Element) -> Iterator[_Element]:
    """Text box contents under a drawing; Word writes each box twice (DrawingML, then a VML fallback)."""
    for child in element[:1] if element.tag == _ALTERNATE else element:
        if child.tag == _W + "txbxContent":
            yield child  # a box inside this box is reached when its paragraphs are read
        else:
            yield from _text_boxes(child)


def _children(parent: _Element, name: str) -> Iterator[_Element]:
    for child in parent:
        if child.tag == _W + name:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, name)


def _continues_merge(cell: _Element) -> bool:
    """A cell that continues a merge started above (vMerge) or to the left (legacy hMerge)."""
    properties = cell.find(_W + "tcPr")
    if properties is None:
        return False
    for tag in ("vMerge", "hMerge"):
        merge = properties.find(_W + tag)
        if merge is not None and merge.get(_W + "val", "continue") != "restart":
            return True
    return False


def _style_names(document: WordDocument) -> dict[str, str]:
    names: dict[str, str] = {}
    for style in document.styles.element.iterfind(_W + "style"):
        name = style.find(_W + "name")
        names[style.get(_W + "styleId", "")] = "" if name is None else name.get(_W + "val", "")
    return names


def _notes(document: WordDocument, styles: dict[str, str]) -> tuple[list[str], str]:
    """Footnotes then endnotes, each one line, in id order; a notice when a notes part is unreadable."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml
    from lxml import etree

    notes: list[str] = []
    notice = ""
    for reltype, kind in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote")):
        try:
            root = parse_xml(document.part.part_related_by(reltype).blob)
        except KeyError:
            continue
        except etree.XMLSyntaxError:
            notice = f"{kind}s left out: their part is not valid XML"
            continue
        found: list[tuple[int, str]] = []
        for note in root.iterfind(_W + kind):
            # Separator notes hold the rule Word draws above the notes, not text.
            if note.get(_W + "type", "normal") != "normal":
                continue
            writer = _Writer(styles)
            writer.blocks(note)
            text = " ".join(" ".join(writer.lines).split())
            if text:
                found.append((_note_id(note), text))
        notes.extend(text for _, text in sorted(found, key=lambda pair: pair[0]))
    return notes, notice


def _note_id(note: _Element) -> int:
    raw = note.get(_W + "id", "")
    return int(raw) if raw.lstrip("-").isdigit() else 0


def _core_title(document: WordDocument) -> str:
    """The title in the document properties, unless it is missing or boilerplate."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        # Asking python-docx for core_properties directly invents "Word Document" when the part is absent.
        part = document.part.package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        return ""
    title = " ".join((part.core_properties.title or "").split())
    return "" if not title or _BOILER_TITLE.fullmatch(title) else title
