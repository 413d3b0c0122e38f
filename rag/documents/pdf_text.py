"""Cleaning the text layer of PDF pages: glyphs, running headers and footers, wrapped lines, hyphens."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter

# Ligatures and other presentation forms (U+FB00-FB4F), odd spaces and soft hyphens: the text
# layer keeps the glyph, while BM25 and the tokenizer know only the letters ("ﬁnancial").
_COMPAT = re.compile(r"[\uFB00-\uFB4F\u00A0\u2000-\u200A\u202F\u205F\u3000]")
_DROP = re.compile(r"[\u00AD\u200B\uFEFF]")
# PDFium marks a hyphen at a line end with U+0002 (or U+FFFE) in place of "-\n"; join_lines
# then rejoins the word only where the next line goes on in lower case.
_SOFT_BREAK = re.compile(r"[\u0002\uFFFE]\s*")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$", re.I
)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_LIST_ITEM = re.compile(r"^(?:[-•▪◦*–]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
EDGE_LINES = 3  # lines at the top and the bottom of a page that may be a running header or footer
MAX_RUNNING = 120  # characters: a running header or footer is a short line


def normalise_glyphs(text: str) -> str:
    text = _DROP.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SOFT_BREAK.sub(lambda m: "-\n", text)
    return _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _shape(line: str) -> str:
    """A line with its digits blurred: "Page 7 of 90" and "Page 8 of 90" are one running footer."""
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of short lines that open, or that close, at least half the pages (three at least):
    running headers and footers, whatever their page number."""
    if len(pages) < 3:
        return set()
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        edges = [line for line in lines if 0 < len(line.strip()) <= MAX_RUNNING]
        tops.update({_shape(line) for line in edges[:EDGE_LINES]})
        bottoms.update({_shape(line) for line in edges[-EDGE_LINES:]})
    least = max(3, len(pages) / 2)
    return {shape for counts in (tops, bottoms) for shape, n in counts.items() if n >= least}


def strip_edges(lines: list[str], running: set[str]) -> list[str]:
    """The page's lines without its running header and footer and a bare page number at either end."""
    kept = list(lines)
    for end in (0, -1):
        for _ in range(EDGE_LINES):
            nonblank = [i for i, line in enumerate(kept) if line.strip()]
            if not nonblank:
                break
            i = nonblank[end]
            line = kept[i].strip()
            if len(line) <= MAX_RUNNING and (_shape(line) in running or _PAGE_NUMBER.match(line)):
                del kept[i]
            else:
                break
    return kept


def line_width(lines: list[str]) -> float:
    """The text's usual line width in characters: the median of its lines longer than a few words."""
    widths = [len(line) for line in lines if len(line) > 20]
    return statistics.median(widths) if len(widths) >= 2 else 0.0


def join_lines(lines: list[str], width: float | None = None) -> str:
    """One page's lines as paragraphs: a line that runs to the text's width continues on the
    next; a word hyphenated at a line end is rejoined when the next line goes on in lower case.
    Short lines (a paragraph's last, headings, list items) keep their line break."""
    lines = [" ".join(line.split()) for line in lines]
    width = line_width(lines) if width is None else width
    out: list[str] = []
    last = ""  # the previous line as it was on the page, before any joining
    for line in lines:
        if not line:
            if out and out[-1] != "":
                out.append("")
            last = ""
            continue
        if out and out[-1] and _continues(last, line, width):
            previous = out[-1]
            if _HYPHENATED.search(previous) and line[0].islower():
                out[-1] = previous[:-1] + line
            else:
                out[-1] = f"{previous} {line}"
        else:
            out.append(line)
        last = line
    return "\n".join(out).strip("\n")


def _continues(previous: str, line: str, width: float) -> bool:
    """Whether `line` goes on from the page line before it."""
    if _LIST_ITEM.match(line):
        return False
    if _HYPHENATED.search(previous) and line[0].islower():
        return True
    # The previous line was wrapped when it reached most of the page's line width; a line that
    # ends a sentence well short of it ends a paragraph, a heading or an item.
    full = width and len(previous) >= 0.75 * width
    return bool(full) and not (len(previous) < 0.9 * width and _SENTENCE_END.search(previous))


def clean_pages(raw_pages: list[str]) -> list[str]:
    """Each page's text cleaned: glyphs normalised, running headers and footers and page
    numbers dropped, wrapped lines joined."""
    pages = [normalise_glyphs(text).split("\n") for text in raw_pages]
    running = running_lines(pages)
    kept = [strip_edges(lines, running) for lines in pages]
    # One width for the whole document: a page of a few lines says little about it alone.
    width = line_width([" ".join(line.split()) for lines in kept for line in lines])
    return [join_lines(lines, width) for lines in kept]
