"""Benchmark: ingest against raw encoding, query latency by index size, memory, cold start."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag.api import RagIndex
from rag.chunking import Chunker, indexed_text
from rag.documents import discover, load_document
from rag.embedding import Embedder
from rag.errors import RagError
from rag.evaluation.bench_process import bench_cold_start, bench_memory
from rag.evaluation.synthetic import SentencePool
from rag.index.faiss_store import FaissStore
from rag.index.folder import IndexState, commit, new_manifest, write_lock
from rag.index.lexical import LexicalIndex
from rag.index.stores import sized

DEFAULT_DOCS = Path(__file__).resolve().parents[3] / "shared" / "data" / "bbc-news"
QUESTIONS = [
    "How many AI researchers does China have?",
    "What did the bank say about interest rates?",
    "Which company reported higher profits?",
    "What did the minister announce?",
    "How many jobs will be cut?",
    "What did the survey find about broadband?",
]


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(1000 * statistics.median(ordered), 2),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
    }


def bench_ingest(docs: Path, work: Path, limit: int | None) -> tuple[dict[str, Any], RagIndex]:
    """Product ingest against raw `model.encode` of the same chunk inputs, same batch size."""
    files, _ = discover([docs])
    files = sorted(files)[:limit] if limit else sorted(files)
    corpus = work / "corpus"
    corpus.mkdir()
    for path in files:
        shutil.copy(path, corpus / path.name)
    embedder = Embedder()
    chunker = Chunker(embedder.count_tokens, max_tokens=embedder.max_tokens)
    inputs = []
    for path in sorted(corpus.iterdir()):
        document = load_document(path)
        inputs += [
            indexed_text(document.title, c.text, c.ordinal)
            for c in chunker.chunk(document.doc_id, document.text)
        ]
    inputs = list(dict.fromkeys(inputs))
    # The ceiling is raw fp32 `model.encode`; the int8 backend is also timed raw, alone.
    reference = embedder if embedder.backend == "torch" else Embedder(backend="torch")
    reference.model.encode(inputs[:64], batch_size=reference.batch_size)  # warm, as ingest's is
    started = time.perf_counter()
    reference.model.encode(inputs, batch_size=reference.batch_size, normalize_embeddings=True)
    raw_fp32 = time.perf_counter() - started
    raw = raw_fp32
    if embedder.backend != "torch":
        embedder.onnx.encode(inputs[:64], embedder.batch_size)
        started = time.perf_counter()
        embedder.onnx.encode(inputs, embedder.batch_size)
        raw = time.perf_counter() - started
    del reference
    index = RagIndex(work / "index")
    index.embedder = embedder  # same warm model: the comparison is of work done, not of loading
    first = index.ingest([corpus])
    again = index.ingest([corpus])
    timings = first.timings
    return {
        "documents": len(files),
        "chunks": len(inputs),
        "backend": embedder.backend,
        "raw_encode_s": round(raw, 2),
        "raw_fp32_model_encode_s": round(raw_fp32, 2),
        "speedup_backend_vs_fp32": round(raw_fp32 / raw, 2),
        "ingest_s": timings["total"],
        "embed_stage_s": timings.get("embed", 0.0),
        "attribution_s": timings.get("attribution", 0.0),
        "reingest_unchanged_s": again.timings["total"],
        "stages_s": timings,
        "ratio_embed_throughput_vs_raw": round(raw / max(timings.get("embed", 0.0), 1e-9), 3),
        "ratio_ingest_vs_raw_encode": round(timings["total"] / raw, 3),
        "ratio_ingest_vs_raw_fp32_model_encode": round(timings["total"] / raw_fp32, 3),
        "ratio_reingest_vs_first": round(again.timings["total"] / timings["total"], 4),
        "attribution_share_of_ingest": round(timings.get("attribution", 0.0) / timings["total"], 3),
        "chunks_embedded_on_reingest": again.chunks_embedded,
    }, index


def synthetic_index(path: Path, size: int, pool: SentencePool, dim: int, backend: str) -> np.ndarray:
    """An on-disk index of `size` chunks recombined from real sentences (synthetic.py)."""
    texts, synthetic = pool.recombined(size, np.random.default_rng(7))
    ids = np.arange(size, dtype=np.int64)
    store = FaissStore(dim)
    store.add(ids, synthetic)
    store = sized(store, ids.tolist())  # the kind the product would choose at this size
    chunks = {
        int(i): {
            "vid": int(i),
            "id": f"{i:016x}",
            "doc_id": f"doc{i // 50}",
            "ordinal": int(i % 50),
            "start": 0,
            "end": len(text),
            "text": text,
            "sentences": [[0, len(text)]],
            "tokens": 0,
            "hash": f"{i:016x}",
            "citations": [],
        }
        for i, text in zip(ids, texts, strict=True)
    }
    manifest = new_manifest(
        {
            "name": "sentence-transformers/all-MiniLM-L6-v2",
            "dimension": dim,
            "max_tokens": 254,
            "backend": backend,
        },
        {"unit": "model tokens"},
        store.kind,
    )
    manifest["documents"] = {
        f"doc{d}": {
            "source": f"synthetic/{d}.txt",
            "path": f"/synthetic/{d}.txt",
            "title": f"Synthetic {d}",
            "content_hash": "",
            "chunks": 50,
            "added": "",
            "updated": "",
        }
        for d in range(size // 50 + 1)
    }
    lexical = LexicalIndex.build(ids.tolist(), texts)
    with write_lock(path):
        commit(path, IndexState(manifest, chunks, store, lexical))
    return synthetic


def bench_queries(index: RagIndex, sizes: list[int], work: Path, repeats: int) -> list[dict[str, Any]]:
    state = index.snapshot().state
    rows = [_time_index(index, f"real ({len(state.chunks)} chunks)", len(state.chunks), repeats)]
    # Recall of the store against exact search: the questions plus 194 headlines as queries.
    titles = [d["title"] for d in state.manifest["documents"].values()]
    probes = QUESTIONS + [titles[i] for i in np.random.default_rng(3).permutation(len(titles))[:194]]
    queries = np.vstack([index.embedder.encode_query(q) for q in probes])
    pool = SentencePool.from_chunks(state.chunks.values(), index.embedder) if sizes else None
    for size in sizes:
        path = work / f"synthetic-{size}"
        started = time.perf_counter()
        exact = synthetic_index(path, size, pool, index.embedder.dimension, index.embedder.backend)
        built = time.perf_counter() - started
        synthetic = RagIndex(path)
        synthetic.embedder = index.embedder
        row = _time_index(synthetic, "synthetic vectors", size, repeats)
        row["build_s"] = round(built, 1)
        row["store_params"] = synthetic.snapshot().state.store.params()
        row["recall_at_10_vs_exact"] = _recall(synthetic.snapshot().state.store, exact, queries)
        rows.append(row)
        del synthetic, exact
        shutil.rmtree(path, ignore_errors=True)
    return rows


def _recall(store: Any, exact: np.ndarray, queries: np.ndarray) -> float:
    """Share of the exact top 10 (by inner product over every vector) that the store returns."""
    import faiss

    _, truth = faiss.knn(queries, exact, 10, metric=faiss.METRIC_INNER_PRODUCT)
    found = [{vid for vid, _ in store.search(q, 10)} for q in queries]
    return round(sum(len(set(t.tolist()) & f) for t, f in zip(truth, found, strict=True)) / truth.size, 4)


def _time_index(index: RagIndex, label: str, size: int, repeats: int) -> dict[str, Any]:
    index.ask(QUESTIONS[0])  # warm: loads the generation and builds the registry
    state = index.snapshot().state
    asks, raws = [], []
    for _ in range(repeats):
        for question in QUESTIONS:
            started = time.perf_counter()
            index.ask(question)
            asks.append(time.perf_counter() - started)
            started = time.perf_counter()
            state.store.search(index.embedder.encode_query(question), 5)
            raws.append(time.perf_counter() - started)
    ask, raw = _percentiles(asks), _percentiles(raws)
    return {
        "index": label,
        "chunks": size,
        "store": state.store.kind,
        "ask": ask,
        "raw_embed_plus_faiss": raw,
        "ratio_p50_ask_vs_raw": round(ask["p50_ms"] / raw["p50_ms"], 2),
    }


def index_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(
    docs: Path | None,
    sizes: list[int],
    limit: int | None,
    repeats: int,
    cold: bool,
    memory_docs: int = 5000,
) -> dict[str, Any]:
    docs = docs or DEFAULT_DOCS
    if not docs.exists():
        raise RagError(f"benchmark documents not found: {docs} (give --docs DIR)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ingest, index = bench_ingest(docs, work, limit)
        queries = bench_queries(index, sizes, work, repeats)
        size = index_bytes(index.path)
        result = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "docs": str(docs),
            "ingest": ingest,
            "queries": queries,
            "memory": {
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "index_bytes": size,
                "index_bytes_per_chunk": round(size / max(ingest["chunks"], 1)),
            },
            "note": "synthetic chunks recombine the real chunks' sentences (rag/evaluation/synthetic.py)",
        }
        if memory_docs:
            result["memory"]["index_alone"] = bench_memory(docs, work, memory_docs)
        if cold:
            result["cold_start"] = bench_cold_start(work)
    return result
