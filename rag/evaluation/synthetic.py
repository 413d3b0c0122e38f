"""Synthetic chunks for benchmarks at sizes no local corpus reaches: real sentences recombined.

A benchmark of 1M chunks needs 1M distinct chunks, and this machine has about 8,000 real ones
(the BBC corpus) and embeds about 50 chunks a second. Copying each real chunk 120 times with
noise (`perturbed`, the first generator) makes a degenerate index: a query's exact ten nearest
are ten of 120 near-identical copies, which no graph walk tells apart, and every word's postings
repeat the same impact 120 times, which no bound can prune. `recombined` makes chunks that are
as varied as real ones instead: each is a window of consecutive sentences of one real document
(as many sentences as a real chunk, drawn at random) with one sentence swapped for a sentence of
another document. Its text is those sentences joined; its vector is the token-weighted mean of
the sentences' own embeddings, renormalised (the model mean-pools tokens): on 600 such chunks of
the BBC corpus its cosine to the model's embedding of the joined text averaged 0.89 (5th
percentile 0.82). Sentences are embedded once (about 600 a second), not the million chunks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...
    def count_tokens(self, texts: list[str]) -> list[int]: ...


def perturbed(vectors: np.ndarray, picks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Copies of `vectors[picks]` with Gaussian noise (sigma 0.02), renormalised (the first
    generator, kept for small tests that need vectors near known ones)."""
    rows = vectors[picks] + rng.normal(0, 0.02, (len(picks), vectors.shape[1])).astype(np.float32)
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@dataclass(frozen=True)
class SentencePool:
    """Real sentences in document order, each document a run [first, first + count)."""

    texts: list[str]
    vectors: np.ndarray  # one unit vector per sentence, as the model embeds it alone
    weights: np.ndarray  # its token count: its share of a mean-pooled chunk
    documents: np.ndarray  # (first, count) per document
    lengths: np.ndarray  # sentences per real chunk: the windows' sizes are drawn from these

    @classmethod
    def from_chunks(cls, records: Iterable[dict[str, Any]], encoder: Encoder) -> SentencePool:
        """From an index's chunk records (document offsets per sentence); overlapping chunks
        give each sentence once."""
        by_doc: dict[str, dict[int, str]] = {}
        lengths = []
        for record in records:
            spans = by_doc.setdefault(record["doc_id"], {})
            for a, b in record["sentences"]:
                text = record["text"][a - record["start"] : b - record["start"]].strip()
                if text:
                    spans[a] = text
            lengths.append(max(1, len(record["sentences"])))
        texts, documents = [], []
        for spans in by_doc.values():
            documents.append((len(texts), len(spans)))
            texts += [spans[a] for a in sorted(spans)]
        if not texts:
            raise ValueError("no sentences to recombine: the index has no chunks")
        vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
        weights = np.asarray(encoder.count_tokens(texts), dtype=np.float32).clip(1)
        return cls(texts, vectors, weights, np.array(documents), np.array(lengths))

    def recombined(self, size: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
        """`size` chunks: their texts, and their vectors (rows of a float32 array)."""
        texts: list[str] = []
        vectors = np.zeros((size, self.vectors.shape[1]), dtype=np.float32)
        docs = rng.integers(0, len(self.documents), size)
        wanted = self.lengths[rng.integers(0, len(self.lengths), size)]
        foreign = rng.integers(0, len(self.texts), size)
        for i in range(size):
            first, count = self.documents[docs[i]]
            width = int(min(wanted[i], count))
            begin = first + int(rng.integers(0, count - width + 1))
            rows = list(range(begin, begin + width))
            rows[int(rng.integers(0, width))] = int(foreign[i])
            texts.append(" ".join(self.texts[r] for r in rows))
            vectors[i] = self.weights[rows] @ self.vectors[rows]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return texts, vectors
