"""Chunking: sentence-aware chunks measured in model tokens, each an exact slice of its document."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TokenCounter = Callable[[Sequence[str]], list[int]]

# Abbreviations after which a full stop does not end a sentence (lower-cased, without the dot).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt no nos vs etc inc ltd co corp plc dept univ approx fig figs "
    "jan feb mar apr jun jul aug sep sept oct nov dec gen col lt sgt capt cmdr rep sen gov pres "
    "rev hon est al e.g i.e cf ca op vol pp".split()
)
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\n\s*""")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences: `document_text[start:end] == text` always holds."""

    chunk_id: str
    doc_id: str
    ordinal: int
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]  # document offsets of the sentences in this chunk
    tokens: int


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) into `text`, whitespace trimmed; line breaks always end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        if match.group().strip() and _is_abbreviation(text, match.start()):
            continue
        _add_trimmed(text, start, end, spans)
        start = match.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"'“":
        word_start -= 1
    word = text[word_start:dot].lower()
    # Single initials ("J. Smith") and listed abbreviations; dotted acronyms like "U.S." do end
    # a sentence when a capitalised word follows, which is the more common case in reports,
    # but not dotted initials inside a name ("Harvard T.H. Chan School").
    previous = text[max(0, word_start - 40) : word_start].split()
    inside_name = bool(previous) and previous[-1][:1].isupper() and previous[-1][-1:].isalpha()
    # "J.D. Power study shows ...": initials opening a sentence or a line cannot end it
    line = text[text.rfind("\n", 0, word_start) + 1 : word_start]
    opening = not line.strip() or line.rstrip()[-1:] in ".!?"
    initials = re.fullmatch(r"(?:[a-z]\.){1,3}[a-z]", word) is not None
    single = len(word) == 1 and word.isalpha()
    labelled = bool(previous) and previous[-1].endswith(":")  # "Source: U.S. Energy Information …"
    return word in _ABBREVIATIONS or single or (initials and (inside_name or opening or labelled))


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class Chunker:
    """Packs sentences into chunks of about `target_tokens` model tokens.

    Sizes are in the embedding model's word-pieces, so a chunk fits the model's input. A sentence
    is cut (at word boundaries) only when it alone exceeds `max_tokens`. Consecutive chunks share
    up to `overlap_tokens` worth of whole sentences, so an answer at a boundary is not split.
    """

    def __init__(
        self,
        count_tokens: TokenCounter,
        target_tokens: int = 180,
        overlap_tokens: int = 40,
        max_tokens: int = 254,
    ) -> None:
        if not isinstance(max_tokens, int) or max_tokens < 8:
            raise ValueError(f"max_tokens must be an integer >= 8, got {max_tokens!r}")
        if not isinstance(target_tokens, int) or not 8 <= target_tokens <= max_tokens:
            raise ValueError(f"target_tokens must be an integer in [8, {max_tokens}], got {target_tokens!r}")
        if not isinstance(overlap_tokens, int) or not 0 <= overlap_tokens < target_tokens:
            raise ValueError(
                f"overlap_tokens must be an integer in [0, target_tokens), got {overlap_tokens!r}"
            )
        self.count_tokens = count_tokens
        self.target_tokens = target_tokens
        self.overlap_tokens = overlap_tokens
        self.max_tokens = max_tokens

    def params(self) -> dict[str, int | str]:
        return {
            "unit": "model tokens",
            "target_tokens": self.target_tokens,
            "overlap_tokens": self.overlap_tokens,
            "max_tokens": self.max_tokens,
        }

    def chunk(self, doc_id: str, text: str) -> list[Chunk]:
        units = self._units(text)
        chunks: list[Chunk] = []
        i = 0
        while i < len(units):
            j, total = i, 0
            while j < len(units) and (j == i or total + units[j][2] <= self.target_tokens):
                total += units[j][2]
                j += 1
            start, end = units[i][0], units[j - 1][1]
            chunks.append(
                Chunk(
                    chunk_id=chunk_id_for(doc_id, start, text[start:end]),
                    doc_id=doc_id,
                    ordinal=len(chunks),
                    start=start,
                    end=end,
                    text=text[start:end],
                    sentences=tuple((s, e) for s, e, _ in units[i:j]),
                    tokens=total,
                )
            )
            if j == len(units):
                break
            back, shared = j, 0
            while back - 1 > i and shared + units[back - 1][2] <= self.overlap_tokens:
                back -= 1
                shared += units[back][2]
            i = back
        return chunks

    def _units(self, text: str) -> list[tuple[int, int, int]]:
        """Sentences with token counts; over-long ones cut into word runs that fit."""
        spans = split_sentences(text)
        counts = self.count_tokens([text[s:e] for s, e in spans]) if spans else []
        units: list[tuple[int, int, int]] = []
        for (s, e), n in zip(spans, counts, strict=True):
            if n <= self.max_tokens:
                units.append((s, e, n))
            else:
                units.extend(self._cut(text, s, e))
        return units

    def _cut(self, text: str, start: int, end: int) -> list[tuple[int, int, int]]:
        words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
        pieces: list[tuple[int, int, int]] = []
        for (s, e), n in zip(words, self.count_tokens([text[s:e] for s, e in words]), strict=True):
            if n > self.max_tokens:  # one "word" longer than the model's input: cut by characters
                width = max(1, (e - s) * self.max_tokens // n)
                pieces.extend((p, min(p + width, e), self.max_tokens) for p in range(s, e, width))
            else:
                pieces.append((s, e, n))
        out: list[tuple[int, int, int]] = []
        for s, e, n in pieces:
            if out and out[-1][2] + n <= self.max_tokens:
                out[-1] = (out[-1][0], e, out[-1][2] + n)
            else:
                out.append((s, e, n))
        return out


def chunk_id_for(doc_id: str, start: int, text: str) -> str:
    return hashlib.sha256(f"{doc_id}:{start}:{text}".encode()).hexdigest()[:16]


def text_hash(text: str) -> str:
    """Content hash of a chunk's text: equal text means an equal vector, so it is never re-embedded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def indexed_text(title: str, text: str, ordinal: int) -> str:
    """What the embedding and BM25 see for a chunk: later chunks are headed by the document's
    title, so a passage cut from the middle of a report still carries what the report is about."""
    return text if ordinal == 0 or not title or title in text else f"{title}\n{text}"
