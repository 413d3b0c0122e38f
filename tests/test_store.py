"""Vector stores: exact and IVF behind one interface, the size policy, and the index's use of it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rag.api import RagIndex
from rag.index import stores as store_ivf
from rag.index.faiss_store import FaissStore
from rag.index.folder import MANIFEST
from rag.index.ivf_store import IvfStore
from rag.index.stores import open_store, sized
from tests.conftest import SEED


def clustered(count: int, dimension: int = 32, seed: int = 0) -> np.ndarray:
    """Unit vectors around 40 centres, so that cells and neighbours mean something."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(40, dimension))
    rows = centres[rng.integers(0, 40, count)] + rng.normal(0, 0.3, (count, dimension))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def exact_top(vectors: np.ndarray, ids: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    return ids[np.argsort(-(vectors @ query))[:k]].tolist()


def test_ivf_store_adds_removes_fetches_and_finds_what_exact_search_finds(tmp_path: Path):
    vectors = clustered(3000)
    ids = np.arange(10_000, 13_000, dtype=np.int64)
    store = IvfStore.build(ids, vectors)
    assert len(store) == 3000 and 1 <= store.nprobe <= store.index.nlist
    np.testing.assert_allclose(store.vectors(ids[[5, 2999]]), vectors[[5, 2999]], atol=1e-6)

    queries = clustered(50, seed=1)
    recall = np.mean(
        [len({v for v, _ in store.search(q, 10)} & set(exact_top(vectors, ids, q, 10))) / 10 for q in queries]
    )
    assert recall >= 0.95

    extra = clustered(10, seed=2)
    store.add(np.arange(50, 60, dtype=np.int64), extra)
    assert store.search(extra[3], 1)[0][0] == 53
    assert store.remove(np.array([53, 10_000], dtype=np.int64)) == 2
    assert 53 not in {v for v, _ in store.search(extra[3], 20)} and len(store) == 3008

    allowed = np.array([10_001, 10_002, 10_003], dtype=np.int64)
    assert {v for v, _ in store.search(queries[0], 5, allowed)} == set(allowed.tolist())

    store.save(tmp_path / "v.faiss")
    loaded = open_store(IvfStore.kind, 32, tmp_path / "v.faiss", store.params())
    assert isinstance(loaded, IvfStore) and loaded.params() == store.params()
    assert loaded.search(extra[4], 1)[0][0] == 54 and loaded.remove(np.array([54])) == 1


def test_size_policy_switches_to_ivf_retrains_and_returns_to_exact(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(store_ivf, "IVF_THRESHOLD", 1000)
    vectors = clustered(6000)
    flat = FaissStore(32)
    flat.add(np.arange(900), vectors[:900])
    assert sized(flat, list(range(900))) is flat  # small: stays exact

    flat.add(np.arange(900, 1200), vectors[900:1200])
    ivf = sized(flat, list(range(1200)))
    assert ivf.kind == IvfStore.kind and ivf.trained_on == 1200 and len(ivf) == 1200
    assert sized(ivf, list(range(1200))) is ivf

    ivf.add(np.arange(1200, 6000), vectors[1200:])  # grew past RETRAIN_GROWTH x its training
    retrained = sized(ivf, list(range(6000)))
    assert retrained is not ivf and retrained.trained_on == 6000

    retrained.remove(np.arange(400, 6000))
    back = sized(retrained, list(range(400)))
    assert back.kind == FaissStore.kind and len(back) == 400
    np.testing.assert_allclose(back.vectors(np.array([7])), vectors[[7]], atol=1e-6)


def test_an_index_above_the_threshold_uses_ivf_and_keeps_add_and_remove(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Path
):
    monkeypatch.setattr(store_ivf, "IVF_THRESHOLD", 5)
    index = RagIndex(tmp_path / "index")
    index.ingest([corpus])
    manifest = json.loads((tmp_path / "index" / MANIFEST).read_text())
    assert manifest["store"]["kind"] == "faiss-ivf-flat" and manifest["store"]["count"] >= 5
    assert {"nlist", "nprobe", "trained_on"} <= set(manifest["store"])

    fresh = RagIndex(tmp_path / "index")  # loads the IVF generation from disk
    answer = fresh.ask("How many AI researchers does China have?")
    assert answer.passages and "China" in answer.passages[0].text
    removed = fresh.remove([corpus / SEED.name])
    assert removed.removed
    after = RagIndex(tmp_path / "index").ask("How many AI researchers does China have?")
    assert all(SEED.name not in p.source for p in after.passages)
