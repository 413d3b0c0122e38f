"""A PDF page as a PNG image, with the lines of a passage on it highlighted."""

from __future__ import annotations

import io
import re
import unicodedata

from rag.errors import DocumentError

_WORD = re.compile(r"\w+", re.UNICODE)
HIGHLIGHT = (255, 214, 0, 110)  # translucent yellow, RGBA
ANCHOR_WORDS = 4  # words that must match in a row where the passage starts and where it ends


def _words(text: str) -> list[tuple[str, int, int]]:
    """Words with their offsets, compared by their compatibility form ("ﬁnance" is "finance")."""
    return [
        (unicodedata.normalize("NFKC", m.group()).lower(), m.start(), m.end()) for m in _WORD.finditer(text)
    ]


def locate(page_text: str, passage: str) -> tuple[int, int] | None:
    """The character range of the page's text layer that holds (the part on this page of) a
    passage: from the first run of its opening words to the last run of its closing words.
    Cleaning joined hyphenated words and dropped headers, so exact matching would miss; runs of
    a few words in a row are stable against both."""
    page = _words(page_text.replace("\ufffe", ""))
    wanted = [w for w, _, _ in _words(passage)]
    if not page or not wanted:
        return None
    size = min(ANCHOR_WORDS, len(wanted))
    # Where each run of `size` words starts on the page: built once, looked up per run.
    runs: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(page) - size + 1):
        runs.setdefault(tuple(w for w, _, _ in page[i : i + size]), []).append(i)
    # The passage may start on an earlier page or end on a later one: the first of its runs found
    # here opens it, the last found at or after that closes it.
    found = [runs.get(tuple(wanted[k : k + size]), []) for k in range(len(wanted) - size + 1)]
    start = next((hits[0] for hits in found if hits), None)
    if start is None:
        return None
    end = next((hits[-1] + size - 1 for hits in reversed(found) if hits and hits[-1] >= start), None)
    return (page[start][1], page[end][2]) if end is not None else None


def render_page(name: str, data: bytes, number: int, passage: str = "", scale: float = 1.5) -> bytes:
    """Page `number` (1-based) as PNG, the passage's lines on it marked."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DocumentError(name, f"cannot open PDF ({exc})") from exc
    try:
        if not 1 <= number <= len(pdf):
            raise DocumentError(name, f"no page {number} (the PDF has {len(pdf)})")
        page = pdf[number - 1]
        image = page.render(scale=scale).to_pil().convert("RGBA")
        textpage = page.get_textpage()
        try:
            boxes = _boxes(textpage, passage) if passage else []
        finally:
            textpage.close()
        height = page.get_height()
    finally:
        pdf.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, bottom, right, top in boxes:
        draw.rectangle(
            [left * scale - 1, (height - top) * scale - 1, right * scale + 1, (height - bottom) * scale + 1],
            fill=HIGHLIGHT,
        )
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def _boxes(textpage: object, passage: str) -> list[tuple[float, float, float, float]]:
    """Rectangles of the text lines the passage covers on this page (PDF coordinates)."""
    count = textpage.count_chars()  # type: ignore[attr-defined]
    text = textpage.get_text_range(0, count)  # type: ignore[attr-defined]
    found = locate(text, passage) if len(text) == count else None
    if found is None:
        return []
    start, end = found
    rects = textpage.count_rects(start, end - start)  # type: ignore[attr-defined]
    return [textpage.get_rect(i) for i in range(rects)]  # type: ignore[attr-defined]
