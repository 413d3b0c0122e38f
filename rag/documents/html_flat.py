"""HTML nested deeper than libxml2 goes (256 levels) loses everything past that depth: such a page
is read again from its markup flattened, every block a line and no element inside another."""

from __future__ import annotations

import re

# What a browser never shows as text, removed with its content (to the end when never closed).
_UNSHOWN = re.compile(r"<!--|<(script|style|template|noscript)\b", re.IGNORECASE)
# A tag ends at its ">" or where the next one starts: no search runs past a "<", so none is quadratic.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*>?")
_BREAKS = re.compile(r"<br>(?:\s*<br>)+")  # the blank lines of 100,000 closing </div> are one
_LINE_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr "
    "li main nav ol p pre section table td th tr ul".split()
)


def flattened(markup: str, notice: str) -> tuple[str, str]:
    """The markup with every block tag made a line break and every other tag dropped, the title
    kept; and the notice saying so."""
    said = "nested too deeply to keep its layout: read as plain lines"
    flat = _BREAKS.sub("<br>", _TAG.sub(_flat_tag, _shown(markup)))
    return flat, "; ".join(n for n in (notice, said) if n)


def _flat_tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name == "title":
        return match.group()
    return "<br>" if name in _LINE_TAGS else ""


def _shown(markup: str) -> str:
    parts, at = [], 0
    while found := _UNSHOWN.search(markup, at):
        parts.append(markup[at : found.start()])
        end = re.compile("-->" if found.group(1) is None else f"</{found.group(1)}[^<>]*>?", re.IGNORECASE)
        closing = end.search(markup, found.end())
        if closing is None:
            return " ".join(parts)
        at = closing.end()
    parts.append(markup[at:])
    return " ".join(parts)
