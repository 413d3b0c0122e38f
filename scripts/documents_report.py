"""What reading makes of each file of a folder, and how fast a long PDF is read: docs/documents.md.

    python scripts/documents_report.py [FOLDER]     # default ../shared/data/real-docs-dev

Prints a Markdown table (file, result, characters, pages, headings, title or reason, ms) and the
time per page of reading a generated 600-page report (reportlab, from requirements-dev.txt).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.documents import discover, load_document  # noqa: E402
from rag.errors import DocumentError  # noqa: E402
from tests import pdfs  # noqa: E402


def table(folder: Path) -> None:
    files, skipped = discover([folder])
    print("| file | result | chars | pages | headings | title, or the reason | ms |")
    print("|---|---|---|---|---|---|---|")
    for path in sorted(files):
        started = time.perf_counter()
        try:
            document = load_document(path)
        except DocumentError as exc:
            ms = (time.perf_counter() - started) * 1000
            print(f"| {path.relative_to(folder)} | skipped | | | | {exc.reason} | {ms:.0f} |")
            continue
        ms = (time.perf_counter() - started) * 1000
        title = document.title.replace("|", "\\|")[:60]
        note = f" (note: {document.notice})" if document.notice else ""
        pages, headings = len(document.pages) or "", len(document.headings) or ""
        print(
            f"| {path.relative_to(folder)} | read{note} | {len(document.text)} | {pages} | "
            f"{headings} | {title} | {ms:.0f} |"
        )
    for item in skipped:
        print(f"| {Path(item.path).name} | skipped | | | | {item.reason} | |")


def long_pdf(pages: int = 600) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = pdfs.report(Path(tmp) / "long.pdf", pages=pages)
        load_document(path)  # warm: imports and the PDFium library
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            document = load_document(path)
            runs.append(time.perf_counter() - started)
    seconds = statistics.median(runs)
    print(
        f"\n{pages}-page generated report: {len(document.text)} chars, read and cleaned in "
        f"{seconds:.2f} s (median of 3), {1000 * seconds / pages:.2f} ms a page"
    )


if __name__ == "__main__":
    table(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "real-docs-dev")
    long_pdf()
