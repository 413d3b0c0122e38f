"""Choose the hybrid fusion on a BEIR split (train only), with the product's own components.

Usage: python scripts/tune_fusion.py ../shared/data/scifact [--split train]
Prints nDCG@10 / Recall@100 for dense, BM25, RRF (several k) and convex combinations.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.chunking import Chunker, indexed_text
from rag.embedding import Embedder
from rag.evaluation.beir import DEFAULT_CACHE, cached_vectors, load_beir
from rag.evaluation.metrics import ndcg_at_k, recall_at_k
from rag.index.faiss_store import FaissStore
from rag.index.lexical import LexicalIndex
from rag.search.retrieve import convex_combination, reciprocal_rank_fusion

DEPTH = 300


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("beir", type=Path)
    parser.add_argument("--split", default="train")
    parser.add_argument("--k1", type=float, default=1.2)
    parser.add_argument("--b", type=float, default=0.75)
    args = parser.parse_args()
    corpus, queries, qrels = load_beir(args.beir, args.split)
    embedder = Embedder()
    chunker = Chunker(embedder.count_tokens, max_tokens=embedder.max_tokens)
    doc_ids, owners, texts = list(corpus), [], []
    for n, doc_id in enumerate(doc_ids):
        title, text = corpus[doc_id]
        for chunk in chunker.chunk(doc_id, text):
            owners.append(n)
            texts.append(indexed_text(title, chunk.text, chunk.ordinal))
    vectors, _ = cached_vectors(embedder, texts, DEFAULT_CACHE, progress=False)
    ids = np.arange(len(texts), dtype=np.int64)
    store = FaissStore(embedder.dimension)
    store.add(ids, vectors)
    lexical = LexicalIndex.build(ids.tolist(), texts, k1=args.k1, b=args.b)
    runs = []
    for qid, relevant in qrels.items():
        query = embedder.encode_query(queries[qid])
        runs.append((relevant, store.search(query, DEPTH), lexical.search(queries[qid], DEPTH)))

    def score(fuse) -> tuple[float, float]:
        ndcg = recall = 0.0
        for relevant, dense, bm25 in runs:
            ranked: list[str] = []
            for vid, _ in fuse(dense, bm25):
                doc = doc_ids[owners[vid]]
                if doc not in ranked:
                    ranked.append(doc)
            ndcg += ndcg_at_k(ranked, relevant, 10)
            recall += recall_at_k(ranked, relevant, 100)
        return round(ndcg / len(runs), 4), round(recall / len(runs), 4)

    results = {"dense": score(lambda d, b: d), "bm25": score(lambda d, b: b)}
    for k in (10, 30, 60, 100):
        results[f"rrf k={k}"] = score(
            lambda d, b, k=k: reciprocal_rank_fusion([[v for v, _ in d], [v for v, _ in b]], k)
        )
    for alpha in (0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
        results[f"convex alpha={alpha}"] = score(lambda d, b, a=alpha: convex_combination(d, b, a))
    print(
        json.dumps(
            {"split": args.split, "queries": len(runs), "k1": args.k1, "b": args.b, **results}, indent=1
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
