"""Answer: the ranked passages plus the one to three sentences that best answer the question."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

# A question is answered when its best passage has cosine similarity >= NO_ANSWER_THRESHOLD
# (bundled all-MiniLM-L6-v2), or when one of the passages contains at least MIN_TERM_COVERAGE of
# the question's content words: short questions naming a source ("What did the Lancet
# report?") embed far from long passages yet match them word for word. See docs/answering.md.
NO_ANSWER_THRESHOLD = 0.30
MIN_TERM_COVERAGE = 0.75
MAX_ANSWER_SENTENCES = 3
# A further sentence joins the answer only when it scores this close to the best one.
SENTENCE_KEEP_RATIO = 0.85

_STOPWORDS = frozenset(
    "a an and are as at be been by can could did do does for from had has have how i if in into "
    "is it its many much of on or say said says than that the their them there these they this "
    "to was were what when where which who whom whose why will with would about according".split()
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*")


@dataclass(frozen=True)
class Passage:
    rank: int
    score: float  # fused rank score: orders passages, not comparable across questions
    dense_score: float  # cosine similarity of question and passage
    source: str
    title: str
    doc_id: str
    chunk_id: str
    start: int
    end: int
    text: str
    institutions: list[dict[str, Any]] = field(default_factory=list)
    pages: list[int] | None = None  # first and last physical page (1-based) of a paged document
    page_labels: list[str] | None = None  # the same pages' printed labels, where the PDF has them
    section: str | None = None  # the nearest heading before the passage

    @property
    def where(self) -> str:
        """ "p. 12" or "pp. 12–13" (printed labels when the document has them); "" without pages."""
        return page_reference(self.page_labels or self.pages)


def page_reference(pages: list[Any] | None) -> str:
    if not pages:
        return ""
    first, last = pages
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


@dataclass(frozen=True)
class AnswerSentence:
    passage: int  # rank of the passage it comes from, the n of its [n] marker
    start: int  # document offsets
    end: int
    text: str


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    no_answer: bool
    passages: list[Passage]
    institutions: list[str] = field(default_factory=list)
    sentences: list[AnswerSentence] = field(default_factory=list)


def terms(text: str) -> set[str]:
    """Content words, lower-cased, with a light plural/verb-ending strip so forms match."""
    out = set()
    for token in _TOKEN.findall(text.lower()):
        if token in _STOPWORDS:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if len(token) > len(suffix) + 3 and token.endswith(suffix):
                token = token[: -len(suffix)]
                break
        out.add(token)
    return out


def select_sentences(
    question: str, passages: list[Passage], spans: dict[int, list[tuple[int, int]]]
) -> list[AnswerSentence]:
    """Pick up to three sentences by weighted question-term coverage plus their passage's score.

    `spans` maps a passage rank to its sentences' document offsets. A question word's weight is
    its inverse frequency among the candidate sentences (log(1 + N/df), the classic IDF form), so
    the rare word that names what is asked ("researchers") counts for more than the topic words
    every candidate shares ("China", "AI"). The passage's cosine score breaks ties.
    """
    wanted = terms(question)
    candidates: list[tuple[AnswerSentence, set[str], float]] = []
    for passage in passages:
        for start, end in spans.get(passage.rank, []):
            text = passage.text[start - passage.start : end - passage.start]
            candidates.append(
                (AnswerSentence(passage.rank, start, end, text), wanted & terms(text), passage.dense_score)
            )
    if any(found for _, found, _ in candidates):  # a sentence sharing no word with the question
        candidates = [c for c in candidates if c[1]]  # answers nothing when another shares some
    if not candidates:
        return []
    df = {t: sum(t in found for _, found, _ in candidates) for t in wanted}
    weight = {t: math.log(1 + len(candidates) / df[t]) if df[t] else 0.0 for t in wanted}
    total = sum(weight.values()) or 1.0
    scored = sorted(
        ((sum(weight[t] for t in found) / total + score, sentence) for sentence, found, score in candidates),
        key=lambda item: (-item[0], item[1].passage, item[1].start),
    )
    best = scored[0][0]
    chosen: list[AnswerSentence] = []
    seen: set[str] = set()
    for score, sentence in scored:
        if len(chosen) == MAX_ANSWER_SENTENCES or score < best * SENTENCE_KEEP_RATIO:
            break
        if sentence.text not in seen:  # overlapping chunks repeat sentences
            seen.add(sentence.text)
            chosen.append(sentence)
    chosen.sort(key=lambda s: (s.passage, s.start))
    return chosen


def is_relevant(question: str, passages: list[Passage]) -> bool:
    """The no-answer rule: see NO_ANSWER_THRESHOLD and MIN_TERM_COVERAGE."""
    if not passages:
        return False
    if max(p.dense_score for p in passages) >= NO_ANSWER_THRESHOLD:
        return True
    wanted = terms(question)
    return bool(wanted) and any(
        len(wanted & terms(p.text)) >= MIN_TERM_COVERAGE * len(wanted) for p in passages
    )


def compose(
    question: str, passages: list[Passage], spans: dict[int, list[tuple[int, int]]], institutions: list[str]
) -> Answer:
    """Build the Answer, or a plain no-answer when the best passage is not relevant enough."""
    if not is_relevant(question, passages):
        return Answer(
            question, "No relevant passage was found in the indexed documents.", True, passages, institutions
        )
    sentences = select_sentences(question, passages, spans)
    text = " ".join(f"{s.text} [{s.passage}]" for s in sentences)
    return Answer(question, text, False, passages, institutions, sentences)
