"""HTML: a page's main text without navigation, banners and footers, its title and its headings."""

from __future__ import annotations

import codecs
import re

import lxml.html
import trafilatura
from lxml import etree

from rag.documents.html_flat import flattened
from rag.documents.record import Extracted, Heading
from rag.documents.text import bom_encoding, decode

# Never shown by a browser, or shown only as widgets whose labels are not the page's text.
HIDDEN = frozenset(
    "head title script style noscript template svg math iframe object embed canvas select option "
    "button textarea input datalist audio video map".split()
)
BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main nav ol p pre section summary "
    "table tbody tfoot thead tr ul".split()
)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Page furniture by element, ARIA role, or a word in its class, id or label.
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "header", "menu", "dialog", "form"})
FURNITURE_ROLES = frozenset(
    "navigation banner contentinfo search complementary dialog alertdialog menu menubar toolbar".split()
)
FURNITURE_PARTS = tuple(
    "cookie consent gdpr onetrust didomi newsletter breadcrumb menu navbar sidebar subscribe advert social "
    "sitemap editsection catlinks".split()
)
FURNITURE_WORDS = frozenset(
    "nav menu footer share sharing related promo ad ads popup modal search skip masthead toolbar "
    "pagination comments sponsored".split()
)
# Labels browsers treat as another encoding (WHATWG): latin-1 pages are really windows-1252, and so on.
CHARSET_ALIASES = dict(
    pair.split("=")
    for pair in "iso-8859-1=cp1252 iso8859-1=cp1252 latin1=cp1252 l1=cp1252 us-ascii=cp1252 ascii=cp1252 "
    "iso-8859-9=cp1254 gb2312=gb18030 gbk=gb18030 shift_jis=cp932 euc-kr=cp949 tis-620=cp874".split()
)
_META_CHARSET = re.compile(
    rb"(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE
)
_CELL, _BREAK = "\x1f", "\x1e"  # placeholders until a line is finished: cell boundary, forced line break
_FILE_NAME = re.compile(r"\.(?:html?|pdf|docx?|txt)$|^[^\s]*[_-][^\s]*$", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")

Line = tuple[str, int]  # text and heading level (0: not a heading)


def read_html(name: str, data: bytes) -> Extracted:
    """The main text of a page (all its visible text when that finds too little), title and headings."""
    raw, notice = decode_html(name, data)
    root, too_deep = _parse(raw)
    if too_deep:  # libxml2 drops what lies past 256 levels: the page is read flattened instead
        raw, notice = flattened(raw, notice)
        root, _ = _parse(raw)
    title = _title(root)
    _hide(root)
    visible = _lines(root)
    _prune_furniture(root)
    lines = _lines(root)
    main = _main_content(raw, lines)
    for candidate in (main, lines):
        if _enough(candidate, visible):
            lines = candidate
            break
    else:
        lines = visible
    text, headings = _join(lines)
    # Left to the caller the title would be the first line, which may be a lone "☐" or "•".
    title = title or next((line for line, _ in lines if any(ch.isalpha() for ch in line)), "")
    return Extracted(text, title, notice, headings=headings)


def decode_html(name: str, data: bytes) -> tuple[str, str]:
    """A byte-order mark wins, then a charset the page declares in its first 2 KB, then guessing."""
    declared = None if bom_encoding(data) else _META_CHARSET.search(data[:2048])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        try:
            encoding = codecs.lookup(CHARSET_ALIASES.get(label, label)).name
        except LookupError:
            encoding = ""
        # A page that can declare its charset in ASCII is not UTF-16/32, whatever it says.
        if encoding and not encoding.startswith(("utf-16", "utf-32")):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                pass
            else:
                plain = encoding == "utf-8" or data.isascii()
                return text, "" if plain else f"decoded as {encoding} (declared by the page)"
    return decode(name, data)


def _parse(raw: str) -> tuple[etree._Element, bool]:
    """The tree, and whether the parser stopped at its depth limit (what lay deeper is lost)."""
    # libxml2's HTML parser mends what browsers mend (a <div> or stray text in <head>, an unclosed
    # <head>) by moving it to the body; encoded again so an XML declaration cannot make it refuse a str.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(raw.encode("utf-8", errors="replace"), parser=parser)
    except etree.ParserError:  # nothing but comments or whitespace: an empty page, not an error
        return lxml.html.document_fromstring("<html><body></body></html>"), False
    return root, any("depth" in error.message.lower() for error in parser.error_log)


def _hide(root: etree._Element) -> None:
    for element in list(root.iter()):
        tag = _tag(element)
        style = (element.get("style") or "").replace(" ", "").lower()
        if element.getparent() is not None and (
            tag in HIDDEN or element.get("hidden") is not None or "display:none" in style
        ):
            element.drop_tree()  # keeps the tail: the text after the element is still shown


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _prune_furniture(root: etree._Element) -> None:
    """Drop navigation, menus, banners, search boxes and footers, but never what holds the main text."""
    body = root.find("body")
    total = len(_text_of(body if body is not None else root)) or 1
    for element in list(root.iter()):
        if element.getparent() is None or _tag(element) == "body" or not _is_furniture(element):
            continue
        if element.xpath("boolean(descendant-or-self::*[self::main or self::article or @role='main'])"):
            continue
        # An article's own header, or one carrying the h1, holds the headline; a wrapper holding most
        # of the text ("page has-sidebar") is the page itself.
        if _tag(element) == "header" and element.xpath("boolean(ancestor::article | ancestor::main | .//h1)"):
            continue
        if len(_text_of(element)) <= total * 0.5:
            element.drop_tree()


def _is_furniture(element: etree._Element) -> bool:
    names = " ".join(element.get(key, "") for key in ("class", "id", "aria-label"))
    words = {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", names)}  # navMenu: nav, menu
    return (
        _tag(element) in FURNITURE_TAGS
        or element.get("role", "").lower() in FURNITURE_ROLES
        or element.get("aria-hidden") == "true"  # decorative, or a copy of text for screen readers
        or any(part in names.lower() for part in FURNITURE_PARTS)
        or not words.isdisjoint(FURNITURE_WORDS)
    )


def _text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _lines(root: etree._Element) -> list[Line]:
    """The text a browser shows, one line per block; table cells joined by ' | ' within their row."""
    body = root.find("body")
    lines: list[Line] = []
    parts: list[str] = []
    level = pre = 0
    cells: list[bool] = []  # per open table cell: does it hold running text (a layout cell)?

    def flush() -> None:
        for piece in "".join(parts).split(_BREAK):
            piece = re.sub(rf"^[\s{_CELL}]+|[\s{_CELL}]+$", "", piece)
            piece = " ".join(re.sub(rf"\s*{_CELL}[\s{_CELL}]*", " | ", piece).split())
            if piece:
                lines.append((piece, level))
        parts.clear()

    def add(text: str | None) -> None:
        if text:
            parts.append(text.replace("\n", _BREAK) if pre else text)

    for event, element in etree.iterwalk(body if body is not None else root, events=("start", "end")):
        tag = _tag(element)
        if event == "start":
            if tag in BLOCKS:
                flush()
            level = HEADINGS.get(tag, level)
            pre += tag == "pre"
            if tag in ("td", "th"):
                cells.append(len(_text_of(element)) > 200)
                add(_CELL)
            elif tag == "br":
                # A break in a short cell ("Brinell<br>HBW") wraps a label; in a layout cell it ends a line.
                add(" " if cells and not cells[-1] else _BREAK)
            add(element.text)
        else:
            if tag in BLOCKS:
                flush()
            if tag in HEADINGS:
                level = 0
            pre -= tag == "pre"
            if tag in ("td", "th"):
                cells.pop()
            add(element.tail)
    flush()
    return lines


def _main_content(raw: str, lines: list[Line]) -> list[Line]:
    """The lines trafilatura counts as the page's main content, rendered our way.

    trafilatura finds the article well but renders it its own way (tables as '| a |', a leading h1
    dropped, layout tables flattened to one line), so its text only votes on which of our lines stay.
    Its recall mode can drop a table its default mode keeps, and the default drops headings: a line
    either keeps is kept.
    """
    found = "\n".join(_trafilatura(raw, recall) for recall in (True, False))
    if not found.strip():
        return []
    words = _tokens(found)
    trigrams = set(zip(words, words[1:], words[2:], strict=False))
    starts = set()
    # Rows and single cells of its '| a | b |' tables both count as places a line may start.
    for segment in found.replace("|", "\n").splitlines() + found.replace("|", " ").splitlines():
        tokens = _tokens(segment)
        starts.update(tuple(tokens[:k]) for k in range(1, 4))
    verdict: list[bool | None] = []
    for text, level in lines:
        tokens = _tokens(text)
        grams = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
        if len(tokens) > 3:
            matched = sum(g in trigrams for g in grams) >= 0.8 * len(grams)
        else:
            matched = bool(tokens) and tuple(tokens) in starts
        # trafilatura drops bylines, datelines and captions with the furniture: short lines and
        # headings it did not keep are decided below by the lines around them.
        verdict.append(True if matched else None if level or len(tokens) <= 12 else False)
    # A heading, byline or date just before kept text introduces it: trafilatura drops a leading h1.
    for i, value in enumerate(verdict):
        lead = list(range(i - 1, max(i - 4, -1), -1))
        lead = lead[: next((k for k, j in enumerate(lead) if verdict[j] is not None), len(lead))]
        if value and any(lines[j][1] for j in lead):
            first = max(k for k, j in enumerate(lead) if lines[j][1])
            for j in lead[: first + 1]:
                verdict[j] = True
    before, after = _nearest(verdict), _nearest(verdict[::-1])[::-1]
    for i, value in enumerate(verdict):
        if value is None:
            # Between kept lines a short line stays; a bullet or checkbox goes with the text beside it.
            verdict[i] = (before[i] or after[i]) if not _tokens(lines[i][0]) else (before[i] and after[i])
    return [line for line, keep in zip(lines, verdict, strict=True) if keep]


def _trafilatura(raw: str, recall: bool) -> str:
    try:  # the page as a string, never a URL: nothing is fetched
        return (
            trafilatura.extract(raw, include_tables=True, include_comments=False, favor_recall=recall) or ""
        )
    except Exception:  # a failure there leaves the visible text, which is never worse than nothing
        return ""


def _nearest(verdict: list[bool | None]) -> list[bool]:
    """For each line, the verdict on the closest decided line before it (False at the start)."""
    out, last = [], False
    for value in verdict:
        out.append(last)
        last = last if value is None else value
    return out


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _enough(lines: list[Line], visible: list[Line]) -> bool:
    size = sum(len(text) for text, _ in lines)
    return size >= 200 or size >= 0.2 * sum(len(text) for text, _ in visible)


def _join(lines: list[Line]) -> tuple[str, tuple[Heading, ...]]:
    headings: list[Heading] = []
    offset = 0
    for text, level in lines:
        if 1 <= level <= 3:
            headings.append(Heading(text, offset, level))
        offset += len(text) + 1
    return "\n".join(text for text, _ in lines), tuple(headings)


def _title(root: etree._Element) -> str:
    """<title>, unless it is missing or looks like a file name: then the first h1 or og:title."""
    found = root.xpath("//title[not(ancestor::svg)]")
    title = _text_of(found[0]) if found else ""
    if title and not _FILE_NAME.search(title):
        return title
    h1 = root.find(".//h1")
    heading = _text_of(h1) if h1 is not None else ""
    og = root.xpath("string(//meta[@property='og:title' or @name='og:title']/@content)")
    return heading or " ".join(str(og).split())
