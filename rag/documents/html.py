"""HTML: the text a browser would show, and the page's title."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from rag.documents.record import Extracted
from rag.documents.text import decode


class _VisibleText(HTMLParser):
    """Collects the text a browser would show; block elements become line breaks."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "table",
            "ul",
            "ol",
            "hr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0
        self.title = ""
        self.heading = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" or (tag == "h1" and not self.heading):
            self._in = tag
        if tag in self.HIDDEN:
            self.hidden_depth += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None
        if tag in self.HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.heading += data
        if not self.hidden_depth:
            self.parts.append(data)


def read_html(name: str, data: bytes) -> Extracted:
    """The visible text of a page and its title."""
    raw, notice = decode(name, data)
    text, title = _visible(raw)
    return Extracted(text, title, notice)


def _visible(raw: str) -> tuple[str, str]:
    parser = _VisibleText()
    parser.feed(raw)
    parser.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    text = re.sub(r" ?\n[ \n]*", "\n", text).strip()
    title = " ".join((parser.title or parser.heading).split())
    return text, title
