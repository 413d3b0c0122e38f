"""BEIR evaluation through the product's own chunking, embedding, indexes and retriever."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.chunking import Chunk, Chunker, indexed_text
from rag.embedding import Embedder
from rag.embedding.onnx import cache_root
from rag.errors import RagError
from rag.evaluation.metrics import mrr_at_k, ndcg_at_k, recall_at_k
from rag.index import Changes, Settings, open_backend
from rag.index.faiss_store import FaissStore
from rag.index.lexical import LexicalIndex
from rag.index.stores import ChunkSearch
from rag.search.retrieve import Retriever, Searchable

DEFAULT_CACHE = cache_root()
# Chunks searched per query: enough for 100 distinct documents even when most span 2-3 chunks.
SEARCH_DEPTH = 300


@dataclass(frozen=True)
class EvalResult:
    mode: str
    split: str
    queries: int
    documents: int
    chunks: int
    ndcg_at_10: float
    recall_at_100: float
    mrr_at_10: float
    ms_per_query: float
    embed_seconds: float
    cached_embeddings: bool
    backend: str = "torch"
    index: str = "memory"  # where the chunks were searched: in memory, or the backend at --index

    def as_json(self) -> dict[str, object]:
        return {
            "ndcg@10": self.ndcg_at_10,
            "recall@100": self.recall_at_100,
            "mrr@10": self.mrr_at_10,
            "queries": self.queries,
            "mode": self.mode,
            "split": self.split,
            "documents": self.documents,
            "chunks": self.chunks,
            "ms_per_query": self.ms_per_query,
            "embed_seconds": self.embed_seconds,
            "cached_embeddings": self.cached_embeddings,
            "backend": self.backend,
            "index": self.index,
        }


def _jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_beir(
    folder: Path, split: str
) -> tuple[dict[str, tuple[str, str]], dict[str, str], dict[str, dict[str, int]]]:
    """(documents as (title, title + " " + text), queries, qrels) of a BEIR-format folder."""
    needed = [folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / f"{split}.tsv"]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        raise RagError(f"not a BEIR folder ({', '.join(missing)} missing)")
    corpus = {
        d["_id"]: (d.get("title", ""), f"{d.get('title', '')} {d.get('text', '')}".strip())
        for d in _jsonl(needed[0])
    }
    queries = {q["_id"]: q["text"] for q in _jsonl(needed[1])}
    qrels: dict[str, dict[str, int]] = {}
    with open(needed[2], encoding="utf-8") as handle:
        next(handle)  # header: query-id corpus-id score
        for line in handle:
            qid, doc, grade = line.rstrip("\n").split("\t")
            qrels.setdefault(qid, {})[doc] = int(grade)
    return corpus, queries, qrels


def cached_vectors(
    embedder: Embedder, texts: list[str], cache: Path, progress: bool
) -> tuple[np.ndarray, bool]:
    """Embeddings keyed by model and content: a second run with the same texts embeds nothing."""
    # The backend is part of the key: int8 vectors are not fp32 vectors.
    key = embedder.name if embedder.backend == "torch" else f"{embedder.name}|{embedder.backend}"
    digest = hashlib.sha256(key.encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode()).digest())
    path = cache / "embeddings" / f"{digest.hexdigest()[:32]}.npy"
    if path.exists():
        return np.load(path), True
    vectors = embedder.encode(texts, progress=progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npy")
    np.save(tmp, vectors)
    os.replace(tmp, path)
    return vectors, False


def evaluate(
    folder: Path,
    split: str = "test",
    mode: str = "hybrid",
    model: str | None = None,
    cache: Path = DEFAULT_CACHE,
    progress: bool = False,
    backend: str | None = None,
    index: str | None = None,
) -> EvalResult:
    """nDCG@10, Recall@100, MRR@10 over the split's queries. With `index` (a folder or a
    postgresql:// URL, replaced) the chunks are written through that backend and searched there."""
    corpus, queries, qrels = load_beir(folder, split)
    embedder = Embedder(model, backend=backend)
    chunker = Chunker(embedder.count_tokens, max_tokens=embedder.max_tokens)
    doc_ids = list(corpus)
    owners, texts, chunks = [], [], []
    for number, doc_id in enumerate(doc_ids):
        title, text = corpus[doc_id]
        for chunk in chunker.chunk(doc_id, text):
            owners.append(number)
            texts.append(indexed_text(title, chunk.text, chunk.ordinal))
            chunks.append(chunk)
    started = time.perf_counter()
    vectors, cached = cached_vectors(embedder, texts, cache, progress)
    embed_seconds = time.perf_counter() - started
    if index is not None:
        searched: Searchable = written(index, embedder, chunker, chunks, vectors, corpus)
    else:
        ids = np.arange(len(texts), dtype=np.int64)
        store = FaissStore(embedder.dimension)
        store.add(ids, vectors)
        searched = ChunkSearch(store, LexicalIndex.build(ids.tolist(), texts))
    retriever = Retriever(searched, embedder, mode)
    scores: list[tuple[float, float, float]] = []
    started = time.perf_counter()
    for qid, relevant in qrels.items():
        ranked: list[str] = []
        for hit in retriever.search(queries[qid], SEARCH_DEPTH):
            doc = doc_ids[owners[hit.vid]]
            if doc not in ranked:  # a document scores as its best chunk
                ranked.append(doc)
        scores.append(
            (
                ndcg_at_k(ranked, relevant, 10),
                recall_at_k(ranked, relevant, 100),
                mrr_at_k(ranked, relevant, 10),
            )
        )
    elapsed = time.perf_counter() - started
    n = max(len(scores), 1)
    return EvalResult(
        mode,
        split,
        len(scores),
        len(doc_ids),
        len(texts),
        round(sum(s[0] for s in scores) / n, 4),
        round(sum(s[1] for s in scores) / n, 4),
        round(sum(s[2] for s in scores) / n, 4),
        round(1000 * elapsed / n, 2),
        round(embed_seconds, 1),
        cached,
        embedder.backend,
        open_backend(index).location if index is not None else "memory",
    )


def written(
    location: str,
    embedder: Embedder,
    chunker: Chunker,
    chunks: list[Chunk],
    vectors: np.ndarray,
    corpus: dict[str, tuple[str, str]],
) -> Searchable:
    """The chunks (vid i is chunk i) and their vectors written through the backend at `location`
    as one generation, replacing what it held; its snapshot searches as `ask` does."""
    backend = open_backend(location)
    if hasattr(backend, "drop"):  # a database: new tables, so the load builds each index once
        backend.drop()
    model = {
        "name": embedder.name,
        "dimension": embedder.dimension,
        "max_tokens": embedder.max_tokens,
        "backend": embedder.backend,
    }
    settings = Settings(model, chunker.params(), {})
    records = [
        {
            "vid": i,
            "id": f"{i:016x}",
            "doc_id": c.doc_id,
            "ordinal": c.ordinal,
            "start": c.start,
            "end": c.end,
            "text": c.text,
            "sentences": [[0, len(c.text)]],
            "tokens": c.tokens,
            "hash": f"{i:016x}",
            "citations": [],
        }
        for i, c in enumerate(chunks)
    ]
    documents = {
        d: {"source": d, "path": f"/beir/{d}", "title": title, "content_hash": "", "added": "", "updated": ""}
        for d, (title, _) in corpus.items()
    }
    with backend.writer(lambda: settings, rebuild=True) as writer:
        writer.apply(Changes((), records, vectors, documents))
        writer.commit()
    return backend.snapshot()
