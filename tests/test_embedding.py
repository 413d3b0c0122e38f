"""The two embedding backends: fp32 torch and the local int8 ONNX export agree, and are recorded."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rag.api import RagIndex
from rag.embedding import Embedder
from rag.errors import IndexMismatchError
from rag.index.folder import MANIFEST
from tests.conftest import SEED, run_cli

TEXTS = [
    "According to the central bank, inflation will fall to 2% next year.",
    "Café owners in Zürich said the new rules were 'unworkable'.",
    "Short.",
    "word " * 400,  # longer than the model's input: cut at 256 word-pieces by both backends
]


@pytest.fixture(scope="module")
def backends() -> tuple[Embedder, Embedder]:
    return Embedder(backend="torch"), Embedder(backend="onnx-int8")


def test_int8_vectors_stay_close_to_fp32_and_queries_are_exact(backends: tuple[Embedder, Embedder]):
    torch_backend, onnx_backend = backends
    fp32, int8 = torch_backend.encode(TEXTS), onnx_backend.encode(TEXTS)
    assert int8.shape == fp32.shape and int8.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    assert (fp32 * int8).sum(axis=1).min() > 0.97  # int8 weights move a vector only slightly
    for text in TEXTS[:2]:  # the query graph is the exported fp32 model itself
        assert float(torch_backend.encode_query(text) @ onnx_backend.encode_query(text)) > 0.9999


def test_both_backends_count_the_same_word_pieces(backends: tuple[Embedder, Embedder]):
    torch_backend, onnx_backend = backends
    assert onnx_backend.count_tokens(TEXTS) == torch_backend.count_tokens(TEXTS)
    assert onnx_backend.max_tokens == torch_backend.max_tokens == 254
    assert onnx_backend.dimension == torch_backend.dimension == 384


def test_the_export_is_made_once_and_reused(backends: tuple[Embedder, Embedder]):
    folder = backends[1].onnx.folder
    meta = folder / "meta.json"
    before = meta.stat().st_mtime_ns
    again = Embedder(backend="onnx-int8")
    assert again.onnx.folder == folder and meta.stat().st_mtime_ns == before
    assert {"int8.onnx", "fp32.onnx", "tokenizer.json"} <= {p.name for p in folder.iterdir()}


def test_an_unknown_backend_is_refused_with_its_name():
    with pytest.raises(ValueError, match="'fp8'"):
        Embedder(backend="fp8")


def test_the_manifest_records_the_backend_and_a_mismatch_says_what_to_run(tmp_path: Path):
    index_dir = tmp_path / "index"
    done = run_cli("ingest", str(SEED), "--index", str(index_dir), "--backend", "torch", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((index_dir / MANIFEST).read_text())["model"]["backend"] == "torch"
    assert RagIndex(index_dir).embedder.backend == "torch"  # an open follows what it was built with
    with pytest.raises(IndexMismatchError, match="--backend onnx-int8 --rebuild"):
        RagIndex(index_dir, backend="onnx-int8").ask("anything")
    status = run_cli("status", "--index", str(index_dir), cwd=tmp_path)
    assert "torch" in status.stdout
