"""PDF: the text layer of every page with pypdfium2, page labels, outline headings and a title."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from rag.documents.pdf_text import clean_pages
from rag.documents.record import Extracted, Heading, Page
from rag.errors import DocumentError

PAGE_SEPARATOR = "\n\n"
# A metadata title that is a file name or a word processor's placeholder is no title.
_BOILER_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - .*|untitled.*|document\d*|slide \d+|title|none|"
    r".*\.(?:docx?|pdf|pptx?|xlsx?|txt|rtf|indd|qxd|tex|dvi)|[\w-]+_[\w-]+)$",
    re.IGNORECASE,
)
GUTTER = 0.04  # share of the page width a gap between two columns spans at least


def read_pdf(name: str, data: bytes) -> Extracted:
    import pypdfium2 as pdfium

    notices: list[str] = []
    failure: Exception | None = None  # why PDFium refused the file before it was rebuilt
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise DocumentError(name, "encrypted: needs a password") from exc
        pdf = _open_rebuilt(data)
        if pdf is None:
            raise DocumentError(name, f"corrupt PDF ({exc})") from exc
        notices.append("damaged or cut short: read from the objects that survive")
        failure = exc
    try:
        raw, lost = [], 0
        for i in range(len(pdf)):
            try:
                raw.append(_page_text(pdf[i]))
            except Exception:  # a damaged page is left empty; the others are read
                raw.append("")
                lost += 1
        cleaned = clean_pages(raw)
        pages, parts, offset = [], [], 0
        for index, text in enumerate(cleaned):
            if parts:
                offset += len(PAGE_SEPARATOR)
            pages.append(
                Page(index + 1, _safely(pdf.get_page_label, index) or None, offset, offset + len(text))
            )
            parts.append(text)
            offset += len(text)
        text = PAGE_SEPARATOR.join(parts)
        if failure is not None and not text.strip():
            raise DocumentError(name, f"corrupt PDF ({failure})") from failure
        if lost and not text.strip():
            raise DocumentError(name, f"corrupt PDF (none of its {len(raw)} pages could be read)")
        if not text.strip():
            raise DocumentError(name, "PDF has no text layer (scanned images need OCR first)")
        if lost:
            notices.append(f"{lost} of {len(raw)} pages unreadable")
        elif notices:
            notices.append(f"{sum(bool(t.strip()) for t in raw)} of {len(raw)} pages with text")
        title = _safely(_metadata_title, pdf) or _safely(_largest_text, pdf) or ""
        headings = _safely(_outline, pdf, text, pages) or ()
    finally:
        pdf.close()
    return Extracted(text, title, "; ".join(notices), tuple(pages), headings)


def _open_rebuilt(data: bytes) -> Any:
    import pypdfium2 as pdfium

    from rag.documents.pdf_repair import rebuilt

    repaired = rebuilt(data)
    try:
        return None if repaired is None else pdfium.PdfDocument(repaired)
    except pdfium.PdfiumError:
        return None


def _safely(read: Callable[..., Any], *args: Any) -> Any:
    """A title, label or outline from a damaged PDF is worth less than its text: None on failure."""
    try:
        return read(*args)
    except Exception:
        return None


def _page_text(page: Any) -> str:
    """The page's text in reading order: a page with a clear gutter is read column by column."""
    textpage = page.get_textpage()
    try:
        columns = _columns(textpage, page.get_width())
        if columns is None:
            # get_text_bounded, unlike get_text_range, keeps characters beyond the BMP.
            return textpage.get_text_bounded()
        height = page.get_height()
        return "\n".join(textpage.get_text_bounded(left, 0, right, height) for left, right in columns)
    finally:
        textpage.close()


def _columns(textpage: Any, width: float) -> list[tuple[float, float]] | None:
    """Two column bands when the page's text lines leave an empty vertical gutter between two
    well-filled halves; None for single-column pages."""
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    if len(rects) < 8 or width <= 0:
        return None
    middle = width / 2
    # A line that crosses the middle (a title, a full-width paragraph) is ignored only if rare.
    crossing = [r for r in rects if r[0] < middle - GUTTER * width / 2 and r[2] > middle + GUTTER * width / 2]
    left = [r for r in rects if r[2] <= middle + GUTTER * width / 2]
    right = [r for r in rects if r[0] >= middle - GUTTER * width / 2]
    if len(crossing) > 0.2 * len(rects) or min(len(left), len(right)) < 0.25 * len(rects):
        return None
    gap_start = max(r[2] for r in left)
    gap_end = min(r[0] for r in right)
    if gap_end - gap_start < GUTTER * width / 2:
        return None
    cut = (gap_start + gap_end) / 2
    return [(0, cut), (cut, width)]


def _metadata_title(pdf: Any) -> str:
    title = " ".join(str(pdf.get_metadata_value("Title") or "").split())
    return "" if not title or _BOILER_TITLE.match(title) else title


def _largest_text(pdf: Any) -> str:
    """The first page's text in its largest font: what a reader takes for the title."""
    import pypdfium2.raw as raw

    if not len(pdf):
        return ""
    textpage = pdf[0].get_textpage()
    try:
        count = min(textpage.count_chars(), 4000)
        sizes = [round(raw.FPDFText_GetFontSize(textpage.raw, i), 1) for i in range(count)]
        text = textpage.get_text_range(0, count)
    finally:
        textpage.close()
    if len(text) != len(sizes) or not sizes:
        return ""
    letters = [size for size, char in zip(sizes, text, strict=True) if char.isalnum()]
    if not letters:
        return ""
    largest = max(letters)
    # A page set in one size has no title that stands out.
    if largest <= Counter(letters).most_common(1)[0][0]:
        return ""
    picked = "".join(c if s == largest else "\n" for s, c in zip(sizes, text, strict=True))
    runs = [" ".join(run.split()) for run in picked.split("\n") if len(run.strip()) > 1]
    title = " ".join(runs)[:200]
    return title if sum(c.isalpha() for c in title) >= 3 else ""


def _outline(pdf: Any, text: str, pages: list[Page]) -> tuple[Heading, ...]:
    """The bookmarks, each placed where its title starts on its page (else at the page's start)."""
    headings = []
    for item in pdf.get_toc():
        dest = item.get_dest()
        index = dest.get_index() if dest is not None else None
        title = " ".join(str(item.get_title() or "").split())
        if not title or index is None or not 0 <= index < len(pages):
            continue
        page = pages[index]
        found = text.find(title, page.start, page.end)
        headings.append(Heading(title, found if found >= 0 else page.start, item.level + 1))
    return tuple(sorted(headings, key=lambda h: h.start))
