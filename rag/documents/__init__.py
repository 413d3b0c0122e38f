"""Documents: find input files and read each format into a Document; the only package that opens them.

`load` finds files, reads their bytes under the size limit and hands them to the reader of their
format (`text`, `html`, `pdf` with `pdf_text`, `docx`), each returning an `Extracted`: text, title,
pages and headings. `worker` reads in a separate process with a time limit, `locate` maps offsets
to pages and sections, `pdf_view` renders a page with a passage highlighted.
"""

from rag.documents.load import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    discover,
    load_document,
    read_bytes,
)
from rag.documents.locate import location, page_at
from rag.documents.pdf_view import render_page
from rag.documents.record import (
    Document,
    Extracted,
    Heading,
    Page,
    Skipped,
    display_path,
    doc_id_for,
    file_hash,
)
from rag.documents.worker import DEFAULT_FILE_TIMEOUT, ReaderProcess

__all__ = [
    "DEFAULT_FILE_TIMEOUT",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "Document",
    "Extracted",
    "Heading",
    "Page",
    "ReaderProcess",
    "Skipped",
    "discover",
    "display_path",
    "doc_id_for",
    "file_hash",
    "load_document",
    "location",
    "page_at",
    "read_bytes",
    "render_page",
]
