"""Search: dense and BM25 candidates fused into one ranking (`retrieve`), and the extractive
answer with the no-answer rule (`answer`). Reads an index only through its Snapshot interface."""

from rag.search.answer import NO_ANSWER_THRESHOLD, Answer, AnswerSentence, Passage, compose, page_reference
from rag.search.retrieve import Hit, Retriever, Searchable

__all__ = [
    "NO_ANSWER_THRESHOLD",
    "Answer",
    "AnswerSentence",
    "Hit",
    "Passage",
    "Retriever",
    "Searchable",
    "compose",
    "page_reference",
]
