"""The benchmarks' synthetic chunks: recombined from real sentences, distinct, with vectors that
are the token-weighted mean of their sentences' vectors (a fake encoder: pure logic)."""

from __future__ import annotations

import numpy as np
import pytest

from rag.evaluation.synthetic import SentencePool

DOCUMENT_A = "Rates rose. The bank said so. Prices fell sharply. Jobs grew."
DOCUMENT_B = "Coral reefs shrank. Scientists counted fish."


class WordEncoder:
    """One-hot vectors by a sentence's first word; token count = words."""

    def __init__(self) -> None:
        self.words: dict[str, int] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 16), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i, self.words.setdefault(text.split()[0], len(self.words))] = 1.0
        return rows

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]


def _records(doc_id: str, text: str, per_chunk: int) -> list[dict]:
    spans, start = [], 0
    for sentence in text.split(". "):
        end = start + len(sentence.rstrip(".")) + 1
        spans.append([start, end])
        start = end + 1
    chunks = [spans[i : i + per_chunk] for i in range(0, len(spans), per_chunk)]
    return [
        {"doc_id": doc_id, "start": c[0][0], "text": text[c[0][0] : c[-1][1]], "sentences": c} for c in chunks
    ]


def test_sentences_are_read_back_by_document_once_each():
    records = _records("a", DOCUMENT_A, 2) + _records("b", DOCUMENT_B, 1)
    pool = SentencePool.from_chunks(records + records[:1], WordEncoder())  # an overlapping chunk again
    assert pool.texts == ["Rates rose.", "The bank said so.", "Prices fell sharply.", "Jobs grew.",
                          "Coral reefs shrank.", "Scientists counted fish."]  # fmt: skip
    assert pool.documents.tolist() == [[0, 4], [4, 2]]
    assert pool.weights.tolist() == [2, 4, 3, 2, 3, 3] and sorted(set(pool.lengths.tolist())) == [1, 2]


def test_recombined_chunks_are_windows_with_one_foreign_sentence_and_mean_vectors():
    encoder = WordEncoder()
    pool = SentencePool.from_chunks(_records("a", DOCUMENT_A, 3) + _records("b", DOCUMENT_B, 2), encoder)
    texts, vectors = pool.recombined(400, np.random.default_rng(1))
    assert len(texts) == 400 and vectors.shape == (400, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert len(set(texts)) > 40  # varied, not a few chunks repeated
    index = {t: i for i, t in enumerate(pool.texts)}
    for text, vector in zip(texts[:50], vectors[:50], strict=True):
        rows = [index[s if s.endswith(".") else s + "."] for s in text.split(". ") if s]
        expected = pool.weights[rows] @ pool.vectors[rows]
        assert np.allclose(vector, expected / np.linalg.norm(expected), atol=1e-6)
        assert len(rows) <= 3


def test_an_empty_index_has_nothing_to_recombine():
    with pytest.raises(ValueError, match="no sentences"):
        SentencePool.from_chunks([], WordEncoder())
