"""Benchmark: ingest against raw encoding, query latency by index size, memory, cold start."""

from __future__ import annotations

import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

from rag.chunking import Chunker, indexed_text
from rag.documents import discover, load_document
from rag.embedding import Embedder
from rag.errors import RagError
from rag.index_dir import IndexState, commit, new_manifest, write_lock
from rag.lexical import LexicalIndex
from rag.pipeline import RagIndex
from rag.store import FaissStore

DEFAULT_DOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "bbc-news"
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
    embedder.model.encode(
        inputs[:64], batch_size=embedder.batch_size
    )  # warm-up, as ingest's model is warm too
    started = time.perf_counter()
    embedder.model.encode(inputs, batch_size=embedder.batch_size, normalize_embeddings=True)
    raw = time.perf_counter() - started
    index = RagIndex(work / "index")
    index.embedder = embedder  # same warm model: the comparison is of work done, not of loading
    first = index.ingest([corpus])
    again = index.ingest([corpus])
    timings = first.timings
    return {
        "documents": len(files),
        "chunks": len(inputs),
        "raw_encode_s": round(raw, 2),
        "ingest_s": timings["total"],
        "embed_stage_s": timings.get("embed", 0.0),
        "attribution_s": timings.get("attribution", 0.0),
        "reingest_unchanged_s": again.timings["total"],
        "stages_s": timings,
        "ratio_embed_throughput_vs_raw": round(raw / max(timings.get("embed", 0.0), 1e-9), 3),
        "ratio_ingest_vs_raw_encode": round(timings["total"] / raw, 3),
        "ratio_reingest_vs_first": round(again.timings["total"] / timings["total"], 4),
        "attribution_share_of_ingest": round(timings.get("attribution", 0.0) / timings["total"], 3),
        "chunks_embedded_on_reingest": again.chunks_embedded,
    }, index


def synthetic_index(path: Path, size: int, texts: list[str], vectors: np.ndarray, dim: int) -> None:
    """An on-disk index of `size` chunks made from real chunks: texts cycled, vectors perturbed."""
    rng = np.random.default_rng(7)
    picks = rng.integers(0, len(texts), size)
    noise = rng.normal(0, 0.02, (size, dim)).astype(np.float32)
    synthetic = vectors[picks] + noise
    synthetic /= np.linalg.norm(synthetic, axis=1, keepdims=True)
    ids = np.arange(size, dtype=np.int64)
    store = FaissStore(dim)
    store.add(ids, synthetic)
    chunks = {
        int(i): {
            "vid": int(i),
            "id": f"{i:016x}",
            "doc_id": f"doc{i // 50}",
            "ordinal": int(i % 50),
            "start": 0,
            "end": len(texts[p]),
            "text": texts[p],
            "sentences": [[0, len(texts[p])]],
            "tokens": 0,
            "hash": f"{i:016x}",
            "citations": [],
        }
        for i, p in zip(ids, picks, strict=True)
    }
    manifest = new_manifest(
        {"name": "sentence-transformers/all-MiniLM-L6-v2", "dimension": dim, "max_tokens": 254},
        {"unit": "model tokens"},
        FaissStore.kind,
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
    lexical = LexicalIndex.build(ids.tolist(), [texts[p] for p in picks])
    with write_lock(path):
        commit(path, IndexState(manifest, chunks, store, lexical))


def bench_queries(index: RagIndex, sizes: list[int], work: Path, repeats: int) -> list[dict[str, Any]]:
    state = index.state()
    texts = [r["text"] for r in state.chunks.values()]
    vectors = state.store.vectors(np.array(list(state.chunks), dtype=np.int64))
    rows = [_time_index(index, f"real ({len(texts)} chunks)", len(texts), repeats)]
    for size in sizes:
        path = work / f"synthetic-{size}"
        synthetic_index(path, size, texts, vectors, index.embedder.dimension)
        synthetic = RagIndex(path)
        synthetic.embedder = index.embedder
        rows.append(_time_index(synthetic, "synthetic vectors", size, repeats))
        shutil.rmtree(path, ignore_errors=True)
    return rows


def _time_index(index: RagIndex, label: str, size: int, repeats: int) -> dict[str, Any]:
    index.ask(QUESTIONS[0])  # warm: loads the generation and builds the registry
    state = index.state()
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


def bench_cold_start(work: Path) -> dict[str, Any]:
    """Seconds from `python app.py` (seed report, fresh index) to its first answer over HTTP."""
    root = Path(__file__).resolve().parent.parent
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            str(root / "app.py"),
            "--index",
            str(work / "cold"),
            "--uploads",
            str(work / "uploads"),
            "--seeds",
            str(root / "seeds"),
            "--port",
            str(port),
        ],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_PROXY": "127.0.0.1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        while time.perf_counter() - started < 300:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        served = time.perf_counter() - started
        from gradio_client import Client

        Client(url, verbose=False).predict(QUESTIONS[0], 5, "", api_name="/search")
        answered = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"seconds_to_serving": round(served, 1), "seconds_to_first_answer": round(answered, 1)}


def run(docs: Path | None, sizes: list[int], limit: int | None, repeats: int, cold: bool) -> dict[str, Any]:
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
            "note": "synthetic indexes reuse the real chunks' texts and vectors with noise added",
        }
        if cold:
            result["cold_start"] = bench_cold_start(work)
    return result
