"""Benchmark of the PostgreSQL backend: ingest against the folder, dense search, recall and `ask` by size."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from rag.api import RagIndex
from rag.documents import discover
from rag.embedding import Embedder
from rag.errors import RagError
from rag.evaluation.bench import DEFAULT_DOCS, QUESTIONS, _percentiles
from rag.evaluation.synthetic import SentencePool
from rag.index import Changes, Settings, open_backend, pg_search
from rag.search.retrieve import CANDIDATES

BATCH = 50_000  # synthetic chunks per `apply`: a multiple of 50, the chunks of one synthetic document
Make = Callable[[int, np.random.Generator], tuple[list[str], np.ndarray]]
EF_SEARCH = (40, 100, 200, 400, 1000)  # graph walks measured for recall@10 (1,000 is pgvector's most)


def bench_ingest(docs: Path, work: Path, limit: int | None, url: str) -> tuple[dict[str, Any], RagIndex]:
    """The same documents ingested into a folder, then into the database, by one warm embedder."""
    files = sorted(discover([docs])[0])
    files = files[:limit] if limit else files
    corpus = work / "corpus"
    corpus.mkdir()
    for path in files:
        shutil.copy(path, corpus / path.name)
    embedder = Embedder()
    embedder.encode(["warm the model up"])
    folder = RagIndex(work / "index")
    folder.embedder = embedder
    first = folder.ingest([corpus])
    open_backend(url).drop()
    database = RagIndex(url)
    database.embedder = embedder
    second = database.ingest([corpus])
    folder_s, pg_s = first.timings["total"], second.timings["total"]
    return {
        "documents": len(files),
        "chunks": len(folder.snapshot().state.chunks),
        "folder_s": folder_s,
        "postgres_s": pg_s,
        "ratio_postgres_vs_folder": round(pg_s / folder_s, 3),
        "folder_stages_s": first.timings,
        "postgres_stages_s": second.timings,
    }, folder


def load_synthetic(url: str, settings: Settings, size: int, make: Make) -> np.ndarray:
    """`size` chunks from `make(count, rng)` (texts and vectors; synthetic.py) written through the
    backend's own writer, in batches, as one generation; returns the vectors, row i for vid i."""
    backend = open_backend(url)
    backend.drop()
    rng = np.random.default_rng(7)
    synthetic = np.empty((size, settings.model["dimension"]), dtype=np.float32)
    with backend.writer(lambda: settings, rebuild=True) as writer:
        for start in range(0, size, BATCH):
            ids = range(start, min(size, start + BATCH))
            texts, synthetic[ids.start : ids.stop] = make(len(ids), rng)
            records = [_record(i, text) for i, text in zip(ids, texts, strict=True)]
            documents = {
                f"doc{d}": {
                    "source": f"synthetic/{d}.txt",
                    "path": f"/synthetic/{d}.txt",
                    "title": f"Synthetic {d}",
                    "content_hash": "",
                    "added": "",
                    "updated": "",
                }
                for d in range(ids.start // 50, (ids.stop - 1) // 50 + 1)
            }
            writer.apply(Changes((), records, synthetic[ids.start : ids.stop], documents))
        writer.commit()
    return synthetic


def _record(i: int, text: str) -> dict[str, Any]:
    return {
        "vid": i,
        "id": f"{i:016x}",
        "doc_id": f"doc{i // 50}",
        "ordinal": i % 50,
        "start": 0,
        "end": len(text),
        "text": text,
        "sentences": [[0, len(text)]],
        "tokens": 0,
        "hash": f"{i:016x}",
        "citations": [],
    }


def _overlap(found: list[tuple[int, float]], exact: list[tuple[int, float]], n: int) -> float:
    want = {v for v, _ in exact[:n]}
    return len({v for v, _ in found[:n]} & want) / len(want) if want else 1.0


def _timed(work: Any, items: list[Any]) -> tuple[list[Any], dict[str, float]]:
    samples, results = [], []
    for item in items:
        started = time.perf_counter()
        results.append(work(item))
        samples.append(time.perf_counter() - started)
    return results, _percentiles(samples)


def measure(
    url: str, embedder: Embedder, exact: np.ndarray | None, queries: np.ndarray, repeats: int
) -> dict[str, Any]:
    """Dense search (the product's call: 100 candidates), BM25, the whole `ask`, and recall@10
    against exact inner-product search over `exact` (row i is vid i), when given."""
    import faiss

    index = RagIndex(url)
    index.embedder = embedder
    index.ask(QUESTIONS[0])  # warm: the generation, the registry, the first connections
    snapshot = index.snapshot()
    probes = list(queries)
    for query in probes[:50]:  # the index's pages into the cache, as a serving instance has them
        snapshot.dense_search(query, CANDIDATES)
    graph = snapshot.count >= pg_search.IVF_THRESHOLD
    _, dense = _timed(lambda q: snapshot.dense_search(q, CANDIDATES), probes)
    found, lexical = _timed(lambda q: snapshot.lexical_search(q, CANDIDATES), QUESTIONS * repeats)
    budget, snapshot.lexical_budget = snapshot.lexical_budget, 2**62  # the exact top k, however deep
    exact_lexical = [snapshot.lexical_search(q, CANDIDATES) for q in QUESTIONS]
    snapshot.lexical_budget = budget
    pairs = list(zip(found[: len(QUESTIONS)], exact_lexical, strict=True))
    questions = QUESTIONS * repeats
    _, raw = _timed(lambda q: snapshot.dense_search(embedder.encode_query(q), CANDIDATES), questions)
    _, ask = _timed(index.ask, QUESTIONS * repeats)
    row: dict[str, Any] = {
        "chunks": snapshot.count,
        "search": "hnsw" if graph else "exact",
        "dense_search_k100": dense,
        "bm25_k100": lexical,
        # the budget's cost in results: the share of the exact top 10 / 100 the product returns
        "bm25_overlap_with_exact": {
            f"top_{n}": round(float(np.mean([_overlap(f, e, n) for f, e in pairs])), 4) for n in (10, 100)
        },
        "embed_plus_dense_search": raw,
        "ask": ask,
    }
    if exact is None:
        return row
    _, truth = faiss.knn(queries, exact, 10, metric=faiss.METRIC_INNER_PRODUCT)
    default = pg_search.HNSW_EF_SEARCH
    sweep = EF_SEARCH if graph else (default,)
    row["recall_at_10_vs_exact"] = {}
    try:
        for ef in sweep:
            pg_search.HNSW_EF_SEARCH = ef
            found, timing = _timed(lambda q: snapshot.dense_search(q, 10), probes)
            hits = sum(len(set(t.tolist()) & {v for v, _ in f}) for t, f in zip(truth, found, strict=True))
            row["recall_at_10_vs_exact"][f"ef_search={ef}"] = {
                "recall": round(hits / truth.size, 4),
                "dense_search_k10": timing,
            }
    finally:
        pg_search.HNSW_EF_SEARCH = default
    found, _ = _timed(lambda q: snapshot.dense_search(q, CANDIDATES)[:10], probes)
    hits = sum(len(set(t.tolist()) & {v for v, _ in f}) for t, f in zip(truth, found, strict=True))
    row["recall_at_10_as_asked"] = round(hits / truth.size, 4)  # the top 10 of retrieval's 100
    return row


def run(url: str, docs: Path | None, sizes: list[int], limit: int | None, repeats: int) -> dict[str, Any]:
    docs = docs or DEFAULT_DOCS
    if not docs.exists():
        raise RagError(f"benchmark documents not found: {docs} (give --docs DIR)")
    backend = open_backend(url)
    if not hasattr(backend, "drop"):
        raise RagError("bench --index takes a postgresql:// URL (its tables are replaced)")
    with tempfile.TemporaryDirectory() as tmp:
        ingest, folder = bench_ingest(docs, Path(tmp), limit, url)
        embedder = folder.embedder
        state = folder.snapshot().state
        titles = [d["title"] for d in state.manifest["documents"].values()]
        probes = QUESTIONS + [titles[i] for i in np.random.default_rng(3).permutation(len(titles))[:194]]
        queries = np.vstack([embedder.encode_query(q) for q in probes])
        rows = [{"index": "real", **measure(url, embedder, None, queries, repeats)}]
        manifest = backend.manifest()
        settings = Settings(manifest["model"], manifest["chunking"], manifest.get("attribution") or {})
        pooled: dict[str, Any] = {}
        for size in sizes:
            if not pooled:  # the real sentences, embedded once for every size
                started = time.perf_counter()
                pool = SentencePool.from_chunks(state.chunks.values(), embedder)
                pooled = {"sentences": len(pool.texts), "embed_s": round(time.perf_counter() - started, 1)}
            started = time.perf_counter()
            exact = load_synthetic(url, settings, size, pool.recombined)
            built = time.perf_counter() - started
            row = {"index": "synthetic vectors", "load_and_build_s": round(built, 1)}
            row.update(measure(url, embedder, exact, queries, repeats))
            rows.append(row)
            del exact
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "docs": str(docs),
        "index": backend.location,
        "server": backend.server_info(),
        "ingest": ingest,
        "queries": rows,
        "synthetic": pooled,
        "note": "synthetic chunks recombine the real chunks' sentences (rag/evaluation/synthetic.py)",
    }
