"""Where an approximate IVF index starts to pay: flat vs IVF search time and recall@10 by size.

Usage: python scripts/ivf_threshold.py [BEIR_DIR] [--sizes 10000,25000,50000,100000]

Base vectors are the BEIR corpus's real chunk embeddings (from the eval cache); larger sizes add
copies with Gaussian noise, as the benchmark does. Queries are the BEIR queries, embedded.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from rag.chunking import Chunker, indexed_text
from rag.embedding import Embedder
from rag.evaluation.beir import DEFAULT_CACHE, cached_vectors, load_beir
from rag.evaluation.synthetic import perturbed
from rag.index.faiss_store import FaissStore
from rag.index.ivf_store import IvfStore


def timed(store: object, queries: np.ndarray) -> tuple[float, list[list[int]]]:
    times, found = [], []
    for query in queries:
        started = time.perf_counter()
        hits = store.search(query, 10)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
        found.append([vid for vid, _ in hits])
    return 1000 * statistics.median(times), found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("beir", nargs="?", default="../shared/data/scifact")
    parser.add_argument("--sizes", default="10000,25000,50000,100000")
    args = parser.parse_args()
    corpus, queries, _ = load_beir(Path(args.beir), "test")
    embedder = Embedder()
    chunker = Chunker(embedder.count_tokens, max_tokens=embedder.max_tokens)
    texts = [
        indexed_text(title, chunk.text, chunk.ordinal)
        for doc_id, (title, text) in corpus.items()
        for chunk in chunker.chunk(doc_id, text)
    ]
    base, _ = cached_vectors(embedder, texts, DEFAULT_CACHE, progress=False)
    query_vectors = np.vstack([embedder.encode_query(q) for q in list(queries.values())[:200]])
    rng = np.random.default_rng(0)
    print("size    flat_ms  ivf_ms  nlist nprobe recall@10 build_s")
    for size in [int(s) for s in args.sizes.split(",")]:
        vectors = perturbed(base, rng.integers(0, len(base), size), rng)
        ids = np.arange(size, dtype=np.int64)
        flat = FaissStore(vectors.shape[1])
        flat.add(ids, vectors)
        started = time.perf_counter()
        ivf = IvfStore.build(ids, vectors)
        build = time.perf_counter() - started
        flat_ms, exact = timed(flat, query_vectors)
        ivf_ms, approx = timed(ivf, query_vectors)
        recall = sum(len(set(a) & set(e)) for a, e in zip(approx, exact, strict=True)) / (10 * len(exact))
        params = ivf.params()
        print(
            f"{size:<7} {flat_ms:7.2f} {ivf_ms:7.2f} {params['nlist']:6} {params['nprobe']:6} "
            f"{recall:9.3f} {build:7.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
