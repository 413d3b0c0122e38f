"""Plain text and Markdown: decoding bytes, unwrapping hard-wrapped lines, titles and headings."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from itertools import pairwise

from charset_normalizer import from_bytes

from rag.documents.record import Extracted, Heading
from rag.errors import DocumentError

# UTF-32 marks first: FF FE 00 00 also starts with the UTF-16-LE mark.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tried before charset-normalizer, whose guesses on short texts favour rarer code pages
# (cp1250 for French, mac_cyrillic for Russian); each is kept only if the text it gives is plausible.
COMMON_LEGACY = ("cp1252", "cp1250", "cp1251", "cp1253")
# Typographic marks that sit between letters in real text; other symbols there betray a wrong code page.
_INWORD_OK = frozenset("’‘‐‑–—·")


def read_text(name: str, data: bytes) -> Extracted:
    """Plain text with hard-wrapped paragraphs unwrapped; the title is left to the caller."""
    raw, notice = decode(name, data)
    return Extracted(unwrap(raw), "", notice)


def read_markdown(name: str, data: bytes) -> Extracted:
    """Markdown as text, titled by its first heading, its headings located."""
    raw, notice = decode(name, data)
    headings = markdown_headings(raw)
    return Extracted(raw, headings[0].title if headings else "", notice, headings=headings)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces and the mark's length."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def decode(name: str, data: bytes) -> tuple[str, str]:
    """Text and a notice naming any encoding other than UTF-8 that was used."""
    marked = bom_encoding(data)
    if marked:
        encoding, skip = marked
        text = data[skip:].decode(encoding, errors="replace")
        if encoding == "utf-8":
            return text, ""
        return text, f"decoded as {encoding.upper()} (byte-order mark)"
    unmarked = _utf16_or_32(data)
    if unmarked:
        encoding, text = unmarked
        return text, f"decoded as {encoding.upper()} (no byte-order mark; told by its NUL bytes)"
    if b"\x00" in data[:8192]:
        raise DocumentError(name, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    damaged = data.decode("utf-8", errors="replace")
    bad = damaged.count("\ufffd")
    good = sum(1 for ch in damaged if ord(ch) > 127) - bad
    # Real UTF-8 with a few stray bytes: reading it as a code page would garble every accent.
    if good >= 3 * bad:
        return damaged, f"not valid UTF-8 (byte {first_bad}); decoded as UTF-8, {bad} bad bytes replaced"
    guessed = _legacy(data)
    if guessed is None:
        raise DocumentError(name, "undecodable: not UTF-8 and no other encoding gives plausible text")
    encoding, text = guessed
    return text, f"not valid UTF-8 (byte {first_bad}); decoded as {encoding}"


def _utf16_or_32(data: bytes) -> tuple[str, str] | None:
    """UTF-16/32 without a mark, told by where its NULs fall in mostly-Latin text."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8 or b"\x00" not in sample:
        return None
    quarter = len(sample) // 4
    nul = [sum(1 for b in sample[k::4] if b == 0) / quarter for k in range(4)]
    odd, even = (nul[1] + nul[3]) / 2, (nul[0] + nul[2]) / 2
    if nul[2] > 0.9 and nul[3] > 0.9 and nul[0] < 0.1:
        encoding = "utf-32-le"
    elif nul[0] > 0.9 and nul[1] > 0.9 and nul[3] < 0.1:
        encoding = "utf-32-be"
    elif odd > 0.5 and even < 0.1:
        encoding = "utf-16-le"
    elif even > 0.5 and odd < 0.1:
        encoding = "utf-16-be"
    else:
        return None
    text = data.decode(encoding, errors="replace")
    head = text[:2048]
    # Binary formats can have the same NUL rhythm; their "text" is full of controls or bad units.
    junk = sum(1 for ch in head if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and not ch.isspace()))
    return (encoding, text) if junk <= len(head) * 0.01 else None


def _legacy(data: bytes) -> tuple[str, str] | None:
    """The first common code page, then charset-normalizer's candidates, that gives plausible text."""
    tried: dict[str, float] = {}
    texts: dict[str, str] = {}

    def plausible(encodings: list[str]) -> str | None:
        for encoding in encodings:
            try:
                name = codecs.lookup(encoding).name
            except LookupError:
                continue
            # UTF-16/32 would turn any even-length byte soup into CJK; they were handled by mark or NULs.
            if name in tried or name.startswith("utf"):
                continue
            try:
                texts[name] = data.decode(name)
            except UnicodeDecodeError:
                tried[name] = 1.0
                continue
            tried[name] = _oddness(texts[name][:50_000])
            if tried[name] <= 0.01:
                return name
        return None

    found = plausible(list(COMMON_LEGACY)) or plausible([m.encoding for m in from_bytes(data)])
    if found is None and tried:
        found = min(tried, key=tried.__getitem__)
        if tried[found] > 0.05:
            return None
    return (found, texts[found]) if found else None


def _oddness(text: str) -> float:
    """Share of non-ASCII characters that look like a wrong code page: mixed scripts, stray symbols."""
    foreign = sum(1 for ch in text if ord(ch) > 127)
    if not foreign:
        return 0.0
    # C1 controls and unassigned code points come only from a wrong table; C0 controls (a DOS
    # end-of-file ^Z) are the same bytes in every code page and say nothing.
    if any(ord(ch) > 127 and unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") for ch in text):
        return 1.0
    odd = 0
    latin = accented = 0
    for word in re.findall(r"[^\W\d_]+", text):
        scripts = {_script(ch) for ch in word if ch.isalpha()}
        # "еЯнбй": an accented capital inside a lower-case word is Greek read as Cyrillic and the like.
        lower_then_upper = any(a.islower() and b.isupper() and ord(b) > 127 for a, b in pairwise(word))
        odd += len(scripts) > 1 or lower_then_upper
        if scripts == {"LATIN"}:
            latin += len(word)
            accented += sum(1 for ch in word if ord(ch) > 127)
    # CJK punctuation (U+3000 up) sits between ideographs by right; ASCII is the same in every code page.
    for match in re.finditer(r"(?<=[^\W\d_])[^\w\s\x00-\x7f\u3000-\uffff](?=[^\W\d_])", text):
        odd += match.group() not in _INWORD_OK
    # Cyrillic or Greek read as a Latin code page comes out as nearly all accented letters.
    if latin >= 20 and accented > latin * 0.5:
        return 1.0
    return odd / foreign


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "UNKNOWN").split()[0]
    return "CJK" if name in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH") else name


_LIST_ITEM = re.compile(r"\s*(?:[-*•‣◦▪–>]|\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)\]]*\s*$")
_LABEL = re.compile(r"\s*(?:sources?|notes?|photo|credits?|date|published|updated|by)\s*:", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# "March 3, 2024", "Monday, 4 March", "2024-03-04", "NAIROBI, March 3 (Reuters) -"
_DATELINE = re.compile(
    rf"\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}})\b"
    r"|\s*\d{4}-\d{2}-\d{2}\b|\s*[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*, .{0,40}\(\w[\w ]*\) [-–—]"
)
_NUMBERED_HEADING = re.compile(r"\s*(?:\d+(?:\.\d+)+\.?|\d+\.|[IVX]+\.)\s+[A-Z]")
_COLUMNS = re.compile(r"\S {3,}\S|\t")


def unwrap(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs with a space, so text length and offsets are kept.

    Only text whose lines mostly end near one width counts as wrapped; a line is joined to the next
    only when it is near that width and ends no sentence, and the next starts no new block.
    """
    lines = text.split("\n")
    stripped = [line.rstrip("\r").rstrip() for line in lines]
    lengths = Counter(len(line) for line in stripped if line.strip())
    near, width = max(
        (sum(n for length, n in lengths.items() if abs(length - w) <= w * 0.15), w) for w in range(50, 101)
    )
    # Headings, datelines and the last lines of paragraphs are short in any text: judge the long lines.
    long = sum(n for length, n in lengths.items() if length >= width / 2)
    if near < 4 or near < long * 0.6:
        return text
    # The wrap width proper: the longest usual line, not the centre of the window.
    width = max(length for length in lengths if length <= width * 1.15)
    out = list(text)
    offset = 0
    for i, line in enumerate(lines[:-1]):
        offset += len(line)
        if _joins(stripped[i], stripped[i + 1], stripped[i + 2] if i + 2 < len(lines) else "", width):
            out[offset] = " "
            if line.endswith("\r"):
                out[offset - 1] = " "
        offset += 1
    return "".join(out)


def _joins(line: str, following: str, after: str, width: int) -> bool:
    if not line.strip() or not following.strip() or _SENTENCE_END.search(line):
        return False
    first_word = following.split()[0]
    if len(line) < width * 0.75 and len(line) + 1 + len(first_word) <= width:
        return False  # short: the writer ended the line, the wrapper did not
    marker = _LIST_ITEM.match(line)
    text_start = marker.end() if marker else len(line) - len(line.lstrip())
    if len(following) - len(following.lstrip()) > text_start:
        return False
    if any(p.match(following) for p in (_LIST_ITEM, _LABEL, _DATELINE, _NUMBERED_HEADING)):
        return False
    if _LABEL.match(line) or _COLUMNS.search(line) or _COLUMNS.search(following.strip()):
        return False
    return not (_looks_like_heading(line) or _looks_like_heading(following, after))


def _looks_like_heading(line: str, after: str | None = None) -> bool:
    words = line.split()
    if line.lstrip().startswith("#") or (line.upper() == line and any(c.isalpha() for c in line)):
        return True
    # A short title-cased line standing alone before a blank line.
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return (
        after is not None
        and not after.strip()
        and not _SENTENCE_END.search(line)
        and len(words) <= 10
        and bool(long_words)
        and all(w[0].isupper() for w in long_words)
    )


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line
    return ""


_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*\r?$")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*\r?$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def markdown_headings(text: str) -> tuple[Heading, ...]:
    """ATX (`#`) and setext (underlined) headings outside code fences, at their exact offsets."""
    headings: list[Heading] = []
    fence = ""
    offset = 0
    previous: tuple[int, str] | None = None  # a one-line paragraph that an underline may make a heading
    before_blank = True
    for line in text.split("\n"):
        fenced = _FENCE.match(line)
        if fence:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = ""
            candidate = None
        elif fenced:
            fence, candidate = fenced.group(1), None
        elif (atx := _ATX.match(line)) and atx.group(2).strip("# \t"):
            headings.append(Heading(atx.group(2), offset + atx.start(2), len(atx.group(1))))
            candidate = None
        elif previous and (underline := _SETEXT.match(line)):
            start, title = previous
            headings.append(Heading(title, start, 1 if underline.group(1)[0] == "=" else 2))
            candidate = None
        elif line.strip() and before_blank and not _LIST_ITEM.match(line) and not line.startswith("    "):
            indent = len(line) - len(line.lstrip())
            candidate = (offset + indent, line.strip())
        else:
            candidate = None
        previous = candidate
        before_blank = not line.strip()
        offset += len(line) + 1
    return tuple(headings)
