"""Word (.docx): the paragraphs' text, with python-docx."""

from __future__ import annotations

from rag.documents.record import Extracted
from rag.errors import DocumentError


def read_docx(name: str, data: bytes) -> Extracted:
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
    return Extracted(text.strip("\n"), (document.core_properties.title or heading or "").strip())
