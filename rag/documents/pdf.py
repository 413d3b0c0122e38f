"""PDF: the text layer of every page, with pypdf."""

from __future__ import annotations

from rag.documents.record import Extracted
from rag.errors import DocumentError


def read_pdf(name: str, data: bytes) -> Extracted:
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
    return Extracted(text, str(title).strip())
