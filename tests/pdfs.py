"""PDFs made for the tests with reportlab and pypdf: running headers, columns, ligatures, labels."""

from __future__ import annotations

import os
from pathlib import Path

TOPICS = ["credit", "housing", "labour", "energy", "trade", "fiscal"]
HEADER = "Annual Report 2025 - Bank of Examples"


def _canvas(path: Path, title: str = "") -> object:
    import reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import registerFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    # Vera ships with reportlab and has the ﬁ and ﬂ ligature glyphs.
    registerFont(TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    c = canvas.Canvas(str(path), pagesize=A4)
    if title:
        c.setTitle(title)
    return c


def report(path: Path, pages: int = 6, title: str = "report_final_v2.docx") -> Path:
    """A report whose pages have a running header, a page-number footer, ligature glyphs, a word
    hyphenated across a line end, one outline entry per page, and a large title on page 1."""
    from reportlab.lib.pagesizes import A4

    c = _canvas(path, title)
    width, height = A4
    for number in range(pages):
        topic = TOPICS[number % len(TOPICS)]
        c.setFont("Vera", 9)
        c.drawString(72, height - 40, HEADER)
        c.drawString(width / 2, 30, f"Page {number + 1}")
        if number == 0:
            c.setFont("Vera", 24)
            c.drawString(72, height - 100, "Monetary Policy Review")
        c.setFont("Vera", 11)
        c.drawString(72, height - 125, f"The {topic.title()} Outlook")
        c.bookmarkPage(f"p{number}")
        c.addOutlineEntry(f"The {topic.title()} Outlook", f"p{number}", level=0)
        lines = [
            f"The committee reviewed the ﬁnancial conditions of the {topic} market and found that infor-",
            f"mation on {topic} ﬂows was incomplete, while the Bank of Examples said that {topic} pressure",
            f"would ease as the {topic} outlook improves.",
            f"A second paragraph on {topic} runs over the width of the page with more detail on {topic}",
            f"data and ends on this short {topic} line.",
        ]
        y = height - 150
        for line in lines:
            c.drawString(72, y, line)
            y -= 14
        c.showPage()
    c.save()
    return path


def with_labels(source: Path, path: Path) -> Path:
    """The same PDF with page labels: i, ii for the front matter, then 1, 2, …"""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle

    writer = PdfWriter()
    writer.append(PdfReader(source))
    count = len(writer.pages)
    writer.set_page_label(0, 1, style=PageLabelStyle.LOWERCASE_ROMAN)
    writer.set_page_label(2, count - 1, style=PageLabelStyle.DECIMAL, start=1)
    writer.write(path)
    return path


def encrypted(source: Path, path: Path, user_password: str) -> Path:
    """An AES-256 encrypted copy: an owner password only (opens without one) or a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    writer.write(path)
    return path


def two_columns(path: Path) -> Path:
    """One page of two columns whose lines sit side by side: A1..A20 left, B1..B20 right."""
    from reportlab.lib.pagesizes import A4

    c = _canvas(path)
    width, height = A4
    c.setFont("Vera", 10)
    for i in range(20):
        # Drawn line by line across both columns, so the text layer interleaves them.
        c.drawString(60, height - 80 - i * 14, f"A{i + 1} left column sentence {i + 1} here.")
        c.drawString(width / 2 + 20, height - 80 - i * 14, f"B{i + 1} right column sentence {i + 1} there.")
    c.showPage()
    c.save()
    return path


def image_only(path: Path) -> Path:
    """A page with a drawing and no text: what a scan looks like to a text extractor."""
    c = _canvas(path)
    c.rect(100, 100, 300, 300, fill=1)
    c.showPage()
    c.save()
    return path
