"""BM25 on the database (impact-ordered postings, early termination) equals brute force over the
same chunks: with and without a filter, after an ingest, a removal and a rebuild, old generations
still readable."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import psycopg
import pytest

from rag.chunking import indexed_text
from rag.index import Changes, Settings, open_backend, pg_lexical, pg_topk
from rag.index.lexical import LexicalIndex, tokenize
from rag.index.pg_bm25 import K1, B

DIM = 8
SETTINGS = Settings({"name": "probe", "dimension": DIM, "max_tokens": 10, "backend": "torch"}, {}, {})
PER_DOC = 20
QUESTIONS = [
    "w0 w1 w5 w50",
    "w0 w0 w3",  # a word twice counts twice, as in bm25s
    "w2 w300 w399",
    "w7",
    "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9",  # only common words: lists read deep
    "zzz w10 w11",  # a word no chunk has
    "w450 w451",  # words only the later ingest brings
]


def _texts(rng: np.random.Generator, count: int, words: int) -> list[str]:
    """Zipf-distributed words: the first few are in most chunks, lengths from 3 to 80."""
    weights = 1 / np.arange(1, words + 1) ** 1.1
    weights /= weights.sum()
    picks = [rng.choice(words, rng.integers(3, 80), p=weights) for _ in range(count)]
    return [" ".join(f"w{w}" for w in chosen) for chosen in picks]


def _documents(first_vid: int, texts: list[str]) -> tuple[list[dict], dict[str, dict]]:
    records, documents = [], {}
    for n, text in enumerate(texts):
        vid = first_vid + n
        doc = f"doc{vid // PER_DOC}"
        records.append({
            "vid": vid, "id": f"{vid:016x}", "doc_id": doc, "ordinal": vid % PER_DOC, "start": 0,
            "end": len(text), "text": text, "sentences": [[0, len(text)]], "tokens": 0,
            "hash": f"{vid:016x}", "citations": [],
        })  # fmt: skip
        documents[doc] = {
            "source": f"{doc}.txt", "path": f"/{doc}.txt", "title": f"Report {vid // PER_DOC}",
            "content_hash": "", "added": "", "updated": "",
        }  # fmt: skip
    return records, documents


def _write(url: str, changes: Changes, rebuild: bool = False) -> None:
    with open_backend(url).writer(lambda: SETTINGS, rebuild=rebuild) as writer:
        writer.apply(changes)
        writer.commit()


def _vectors(count: int) -> np.ndarray:
    return np.random.default_rng(count).normal(size=(count, DIM)).astype(np.float32)


class _Corpus:
    """A generation's chunks tokenized once, for brute force."""

    def __init__(self, chunks: dict[int, str]) -> None:
        self.vids = np.array(sorted(chunks), dtype=np.int64)
        tokens = [tokenize(chunks[v]) or [""] for v in self.vids]
        self.length = np.array([len(t) for t in tokens], dtype=np.float64)
        self.counts = [Counter(t) for t in tokens]
        self.reference = LexicalIndex.build(self.vids.tolist(), [chunks[v] for v in self.vids])
        self.row = {int(v): i for i, v in enumerate(self.vids)}

    def brute(self, question: str, k: int, allowed=None) -> list[tuple[int, float]]:
        """bm25s's formula in float64 over every chunk, summed in the query's word order."""
        average = self.length.mean()
        score = np.zeros(len(self.vids))
        for term, qtf in Counter(tokenize(question)).items():
            tf = np.array([c[term] for c in self.counts], dtype=np.float64)
            df = int((tf > 0).sum())
            if not df:
                continue
            idf = math.log(1 + (len(self.vids) - df + 0.5) / (df + 0.5))
            score += qtf * idf * np.where(tf > 0, tf / (tf + K1 * (1 - B + B * self.length / average)), 0.0)
        if allowed is not None:
            score = np.where(np.isin(self.vids, allowed), score, 0.0)
        order = np.lexsort((self.vids, -score))[:k]
        return [(int(self.vids[i]), float(score[i])) for i in order if score[i] > 0]


def _check(snapshot, chunks: dict[int, str], allowed=None) -> None:
    """Every question at several k: the same vids in the same order as brute force, and the
    scores bm25s gives them."""
    corpus = _Corpus(chunks)
    for question in QUESTIONS:
        tokens = [t for t in tokenize(question) if t in corpus.reference.model.vocab_dict]
        bm25s = corpus.reference.model.get_scores(tokens) if tokens else None
        for k in (1, 10, 100, 10_000):
            found = snapshot.lexical_search(question, k, allowed)
            expected = corpus.brute(question, k, allowed)
            assert [v for v, _ in found] == [v for v, _ in expected], (question, k)
            for vid, score in found:
                assert score == pytest.approx(float(bm25s[corpus.row[vid]]), rel=1e-5, abs=1e-5)


def _indexed(records: list[dict], documents: dict[str, dict]) -> dict[int, str]:
    """What the writer tokenizes for each chunk: its text headed by the document's title."""
    return {r["vid"]: indexed_text(documents[r["doc_id"]]["title"], r["text"], r["ordinal"]) for r in records}


def _document_frequencies(url: str, generation: int) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT term, df FROM rag_terms WHERE gen_added <= %(g)s"
            " AND (gen_removed IS NULL OR gen_removed > %(g)s)",
            {"g": generation},
        ).fetchall()
    return dict(rows)


def _expected_frequencies(chunks: dict[int, str]) -> dict[str, int]:
    return dict(Counter(term for text in chunks.values() for term in set(tokenize(text)) if term))


def test_bm25_on_the_database_equals_brute_force_through_ingest_removal_and_rebuild(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
):
    depths = []  # how deep each round read the lists
    read = pg_topk.ImpactLists._read

    def spy(lists: pg_topk.ImpactLists, depth: np.ndarray) -> None:
        depths.append(int(depth.max()))
        read(lists, depth)

    monkeypatch.setattr(pg_topk.ImpactLists, "_read", spy)
    rng = np.random.default_rng(11)
    records, documents = _documents(0, _texts(rng, 3000, 400))
    url = pg_url
    _write(url, Changes((), records, _vectors(len(records)), documents))
    chunks = _indexed(records, documents)
    backend = open_backend(url)
    first = backend.snapshot()
    first.lexical_start = 16  # the product starts at 1,000: here the loop must go deeper
    _check(first, chunks)
    assert max(depths) > 16 and 16 in depths, "the lists were read deeper than the first round"
    assert _document_frequencies(url, first.generation) == _expected_frequencies(chunks)
    allowed = np.random.default_rng(5).choice(3000, 900, replace=False)
    monkeypatch.setattr(pg_lexical, "SMALL_FILTER", 1.0)
    _check(first, chunks, allowed)  # a small filter: its rows scored one by one
    monkeypatch.setattr(pg_lexical, "SMALL_FILTER", 0)
    _check(first, chunks, allowed)  # a large one: the lists, restricted to it

    # An ingest: new chunks, some with words no chunk had; df and N move on, the old generation stays.
    more, more_documents = _documents(3000, _texts(np.random.default_rng(12), 400, 460))
    _write(url, Changes((), more, _vectors(len(more)), more_documents))
    second_chunks = {**chunks, **_indexed(more, more_documents)}
    second = backend.snapshot()
    second.lexical_start = 16
    assert (second.generation, second.count) == (first.generation + 1, 3400)
    _check(second, second_chunks, np.arange(0, 3400, 3))
    monkeypatch.setattr(pg_lexical, "SMALL_FILTER", 1.0)
    _check(second, second_chunks, np.arange(0, 3400, 7))
    _check(second, second_chunks)
    _check(first, chunks)  # a reader that started before the commit reads generation one, whole
    assert _document_frequencies(url, second.generation) == _expected_frequencies(second_chunks)

    # A removal of a third of the documents, new ones among them.
    gone = [f"doc{d}" for d in range(0, 170, 3)]
    _write(url, Changes(removed=gone))
    third_chunks = {v: t for v, t in second_chunks.items() if f"doc{v // PER_DOC}" not in gone}
    third = backend.snapshot()
    third.lexical_start = 16
    assert third.count == len(third_chunks) < 3400
    _check(third, third_chunks)
    _check(third, third_chunks, np.arange(0, 3400, 2))
    monkeypatch.setattr(pg_lexical, "SMALL_FILTER", 0)
    _check(third, third_chunks, np.arange(0, 3400, 2))  # chunks removed are in the lists, not live
    _check(second, second_chunks)
    assert _document_frequencies(url, third.generation) == _expected_frequencies(third_chunks)

    # A rebuild that keeps the tables: every row leaves, others come; the impacts' reference stays.
    rebuilt, rebuilt_documents = _documents(5000, _texts(np.random.default_rng(13), 1200, 300))
    _write(url, Changes((), rebuilt, _vectors(len(rebuilt)), rebuilt_documents), rebuild=True)
    fourth = backend.snapshot()
    fourth.lexical_start = 16
    fourth_chunks = _indexed(rebuilt, rebuilt_documents)
    assert fourth.impact_average == first.impact_average
    _check(fourth, fourth_chunks)
    _check(third, third_chunks)
    assert _document_frequencies(url, fourth.generation) == _expected_frequencies(fourth_chunks)


def test_the_bound_holds_when_the_average_outgrows_the_reference(pg_url: str):
    """Short chunks first (they fix the reference), then long ones: r < 1 in the bound."""
    rng = np.random.default_rng(21)
    short = [" ".join(f"w{w}" for w in rng.integers(0, 30, 4)) for _ in range(200)]
    records, documents = _documents(0, short)
    _write(pg_url, Changes((), records, _vectors(len(records)), documents))
    long, long_documents = _documents(200, _texts(rng, 1500, 60))
    _write(pg_url, Changes((), long, _vectors(len(long)), long_documents))
    snapshot = open_backend(pg_url).snapshot()
    assert snapshot.average_length > 4 * snapshot.impact_average
    snapshot.lexical_start = 8
    _check(snapshot, {**_indexed(records, documents), **_indexed(long, long_documents)})


def test_past_its_budget_a_search_returns_the_best_it_found_with_exact_scores(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
):
    """The budget caps the postings read; the chunks returned then are the best of those found,
    each with its exact score, and most of the exact top k."""
    settled, spent = [], []
    settle = pg_topk.ImpactLists._settle

    def spy(lists: pg_topk.ImpactLists) -> list[tuple[int, float]]:
        settled.append(True)
        spent.append(int(lists.read.sum()))
        return settle(lists)

    monkeypatch.setattr(pg_topk.ImpactLists, "_settle", spy)
    records, documents = _documents(0, _texts(np.random.default_rng(11), 3000, 400))
    _write(pg_url, Changes((), records, _vectors(len(records)), documents))
    chunks = _indexed(records, documents)
    corpus = _Corpus(chunks)
    snapshot = open_backend(pg_url).snapshot()
    snapshot.lexical_start, snapshot.lexical_budget = 16, 600
    overlaps = []
    for question in QUESTIONS[:6]:
        found = snapshot.lexical_search(question, 10)
        every = dict(corpus.brute(question, 10_000))
        exact = [v for v, _ in corpus.brute(question, 10)]
        assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
        for vid, score in found:
            assert score == pytest.approx(every[vid], rel=1e-5)
        overlaps.append(len({v for v, _ in found} & set(exact)) / max(len(exact), 1))
    assert settled and max(spent) <= 600, "the common words' lists were cut at the budget"
    assert np.mean(overlaps) >= 0.7, overlaps
    snapshot.lexical_budget = pg_topk.BUDGET  # the product's: these lists are read to the proof
    assert [v for v, _ in snapshot.lexical_search(QUESTIONS[4], 10)] == [
        v for v, _ in corpus.brute(QUESTIONS[4], 10)
    ]
