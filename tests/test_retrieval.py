"""Retrieval: fusion functions, ranking metrics by hand, and `rag eval` end to end on a tiny BEIR set."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from rag.evaluation.metrics import mrr_at_k, ndcg_at_k, recall_at_k
from rag.search.retrieve import convex_combination, reciprocal_rank_fusion
from tests.conftest import DATA, run_cli

# -- fusion ------------------------------------------------------------------------------------


def test_rrf_adds_reciprocal_ranks():
    fused = dict(reciprocal_rank_fusion([[1, 2, 3], [3, 1]], k=60))
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)
    assert fused[2] == pytest.approx(1 / 62)


def test_rrf_disjoint_lists_interleave_and_ties_keep_first_seen_order():
    assert [i for i, _ in reciprocal_rank_fusion([[1, 2], [3, 4]])] == [1, 3, 2, 4]


def test_rrf_weights_tilt_the_ranking():
    assert reciprocal_rank_fusion([[1], [2]], weights=[1.0, 2.0])[0][0] == 2
    with pytest.raises(ValueError, match="2 weights for 1 rankings"):
        reciprocal_rank_fusion([[1]], weights=[1.0, 1.0])


def test_convex_combination_normalises_each_list():
    dense = [(1, 0.9), (2, 0.5), (3, 0.1)]
    lexical = [(3, 30.0), (2, 20.0)]
    fused = dict(convex_combination(dense, lexical, alpha=0.5))
    assert fused[1] == pytest.approx(0.5 * 1.0)  # top dense, absent from BM25 (counts as its minimum)
    assert fused[2] == pytest.approx(0.5 * 0.5 + 0.5 * 0.0)
    assert fused[3] == pytest.approx(0.5 * 0.0 + 0.5 * 1.0)


def test_convex_combination_weights_and_edge_cases():
    dense, lexical = [(1, 0.9), (2, 0.1)], [(2, 5.0), (1, 1.0)]
    assert convex_combination(dense, lexical, alpha=1.0)[0][0] == 1
    assert convex_combination(dense, lexical, alpha=0.0)[0][0] == 2
    assert convex_combination([], [(7, 3.0)], alpha=0.5) == [(7, 0.5)]
    assert convex_combination([(1, 0.4), (2, 0.4)], [], alpha=0.5) == [(1, 0.5), (2, 0.5)]
    with pytest.raises(ValueError, match="alpha must be in"):
        convex_combination(dense, lexical, alpha=1.5)


# -- metrics against hand-computed values -------------------------------------------------------


def test_metrics_by_hand():
    qrels = {"a": 1, "b": 2, "z": 1}
    ranked = ["x", "b", "a", "y"]
    dcg = 2 / math.log2(3) + 1 / math.log2(4)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(ranked, qrels, 10) == pytest.approx(dcg / idcg)
    assert ndcg_at_k(ranked, qrels, 1) == 0.0
    assert recall_at_k(ranked, qrels, 100) == pytest.approx(2 / 3)
    assert recall_at_k(ranked, qrels, 2) == pytest.approx(1 / 3)
    assert mrr_at_k(ranked, qrels, 10) == pytest.approx(1 / 2)
    assert mrr_at_k(["x", "y"], qrels, 10) == 0.0
    assert ndcg_at_k(["b", "a", "z"], qrels, 10) == pytest.approx(1.0)


# -- rag eval end to end ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_rag_eval_on_a_tiny_beir_set(mode: str, tmp_path: Path):
    args = ["eval", "--beir", str(DATA / "beir_tiny"), "--mode", mode, "--json", "--cache", str(tmp_path)]
    first = run_cli(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    result = json.loads(first.stdout)
    assert set(result) >= {"ndcg@10", "recall@100", "mrr@10", "queries", "mode"}
    assert result["queries"] == 4 and result["mode"] == mode
    assert result["ndcg@10"] > 0.9 and result["recall@100"] == 1.0
    assert result["cached_embeddings"] is False
    again = json.loads(run_cli(*args, cwd=tmp_path).stdout)
    assert again["cached_embeddings"] is True and again["ndcg@10"] == result["ndcg@10"]


def test_rag_eval_names_a_folder_that_is_not_beir(tmp_path: Path):
    done = run_cli("eval", "--beir", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 1 and "not a BEIR folder" in done.stderr
