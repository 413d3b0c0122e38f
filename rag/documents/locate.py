"""Where an offset lies in a document: its page (number and printed label) and its section heading."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rag.documents.record import Heading, Page


def page_at(pages: Sequence[Page], offset: int) -> Page | None:
    """The page whose text holds `offset`; an offset in the gap between pages belongs to the next."""
    if not pages:
        return None
    index = bisect_right([p.start for p in pages], offset) - 1
    if index < 0:
        return pages[0]
    page = pages[index]
    if offset >= page.end and index + 1 < len(pages):
        return pages[index + 1]
    return page


def page_span(pages: Sequence[Page], start: int, end: int) -> tuple[Page, Page] | None:
    """First and last page of the text `start:end` (None for a document without pages)."""
    first = page_at(pages, start)
    last = page_at(pages, max(start, end - 1))
    return (first, last) if first and last else None


def section_at(headings: Sequence[Heading], offset: int) -> str | None:
    """The nearest heading at or before `offset`."""
    index = bisect_right([h.start for h in headings], offset) - 1
    return headings[index].title if index >= 0 else None


def location(pages: Sequence[Page], headings: Sequence[Heading], start: int, end: int) -> dict:
    """What a chunk or sentence records of its place: pages, their labels, its section."""
    span = page_span(pages, start, end)
    labelled = span is not None and span[0].label is not None and span[1].label is not None
    return {
        "pages": [span[0].number, span[1].number] if span else None,
        "page_labels": [span[0].label, span[1].label] if labelled else None,
        "section": section_at(headings, start),
    }
