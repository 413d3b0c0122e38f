"""The database backend at scale, shown small: the HNSW path above the threshold (plan, recall,
filters), indexes built after a bulk load, and `rag bench` / `rag eval` with `--index`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import psycopg
import pytest
from pgvector.psycopg import register_vector

from rag.cli.parser import build_parser
from rag.evaluation.beir import evaluate
from rag.evaluation.pg_bench import load_synthetic
from rag.evaluation.synthetic import perturbed
from rag.index import Settings, open_backend, pg_search
from tests.conftest import DATA, SEED, run_cli

DIM = 32


def _explain(url: str, statement: str, params: dict) -> str:
    with psycopg.connect(url) as conn:
        register_vector(conn)
        return "\n".join(r[0] for r in conn.execute("EXPLAIN " + statement, params).fetchall())


def test_above_the_threshold_dense_search_walks_the_hnsw_graph(pg_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pg_search, "IVF_THRESHOLD", 1000)  # the product's is 50,000 chunks
    rng = np.random.default_rng(1)
    base = rng.normal(size=(400, DIM)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    settings = Settings({"name": "probe", "dimension": DIM, "max_tokens": 10, "backend": "torch"}, {}, {})
    texts = ["Coral reefs lost 14 percent.", "Rail freight grew in Germany.", "Salt was mined for centuries."]

    def near_base(count: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
        picks = rng.integers(0, len(base), count)
        return [texts[p % 3] for p in picks], perturbed(base, picks, rng)

    vectors = load_synthetic(pg_url, settings, 3000, near_base)
    with psycopg.connect(pg_url) as conn:  # built once, at the commit of the bulk load
        names = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'rag_%'")}
        assert {"rag_chunks_embedding_idx", "rag_postings_pkey", "rag_postings_row_id_idx"} <= names
        fkey = "SELECT count(*) FROM pg_constraint WHERE conname = 'rag_postings_row_id_fkey'"
        assert conn.execute(fkey).fetchone()[0] == 1
    snapshot = open_backend(pg_url).snapshot()
    assert snapshot.count == 3000
    query = vectors[7] + 0.05 * base[3]
    query /= np.linalg.norm(query)
    from pgvector import Vector

    params = {"q": Vector(query), "k": 10, "g": snapshot.generation, "allowed": [1, 2]}
    assert "rag_chunks_embedding_idx" in _explain(pg_url, pg_search.dense_sql(False, False), params)
    assert "rag_chunks_embedding_idx" not in _explain(pg_url, pg_search.dense_sql(True, False), params)
    queries = vectors[rng.choice(3000, 60, replace=False)] + rng.normal(0, 0.05, (60, DIM)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    found = [[v for v, _ in snapshot.dense_search(q, 10)] for q in queries]
    recall = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth.tolist(), found, strict=True)])
    assert recall >= 0.95
    # A filtered walk goes on until it has k rows (iterative scan) and keeps to the filter.
    allowed = rng.choice(3000, 200, replace=False)
    hits = snapshot.dense_search(queries[0], 10, allowed)
    expected = allowed[np.argsort(-(vectors[allowed] @ queries[0]))[:10]]
    assert len(hits) == 10 and {v for v, _ in hits} <= set(allowed.tolist())
    assert len({v for v, _ in hits} & set(expected.tolist())) >= 9


def _tiny_beir(folder: Path) -> Path:
    """A BEIR folder from the seed report: each sentence a document, its start a query."""
    folder.mkdir()
    sentences = [s.strip() for s in SEED.read_text(encoding="utf-8").replace("\n", " ").split(". ")]
    sentences = [s for s in sentences if len(s.split()) >= 8]
    documents = sentences[:40]
    with open(folder / "corpus.jsonl", "w") as corpus, open(folder / "queries.jsonl", "w") as queries:
        for n, text in enumerate(documents):
            corpus.write(json.dumps({"_id": f"d{n}", "title": "", "text": text}) + "\n")
            queries.write(json.dumps({"_id": f"q{n}", "text": " ".join(text.split()[:8])}) + "\n")
    (folder / "qrels").mkdir()
    lines = ["query-id\tcorpus-id\tscore"] + [f"q{n}\td{n}\t1" for n in range(len(documents))]
    (folder / "qrels" / "test.tsv").write_text("\n".join(lines) + "\n")
    return folder


def test_bench_and_eval_run_on_a_database_index(pg_url: str, tmp_path: Path):
    sizes = ["--sizes", "300", "--repeats", "1"]
    done = run_cli("bench", "--index", pg_url, "--docs", str(DATA / "docs"), *sizes, "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["server"]["pgvector"] >= "0.8" and result["ingest"]["ratio_postgres_vs_folder"] > 0
    real, synthetic = result["queries"]
    assert real["search"] == synthetic["search"] == "exact" and synthetic["chunks"] == 300
    assert synthetic["recall_at_10_as_asked"] == 1.0 and synthetic["ask"]["p50_ms"] > 0
    beir = _tiny_beir(tmp_path / "beir")
    memory = evaluate(beir, cache=tmp_path / "cache")
    folder = evaluate(beir, cache=tmp_path / "cache", index=str(tmp_path / "eval-index"))
    database = evaluate(beir, cache=tmp_path / "cache", index=pg_url)
    assert build_parser().parse_args(["eval", "--beir", str(beir), "--index", pg_url]).index == pg_url
    assert database.index.startswith("postgresql://") and folder.index == str(tmp_path / "eval-index")
    assert memory.queries == database.queries > 10 and memory.chunks == database.chunks
    assert abs(memory.ndcg_at_10 - database.ndcg_at_10) < 0.01
    assert abs(memory.ndcg_at_10 - folder.ndcg_at_10) < 0.01
