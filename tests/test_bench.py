"""A smoke run of the benchmark on a tiny corpus: the command works and reports every figure."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import DATA, run_cli


def test_bench_smoke_run_reports_every_figure(tmp_path: Path):
    done = run_cli(
        "bench",
        "--docs",
        str(DATA / "docs"),
        "--sizes",
        "300",
        "--repeats",
        "1",
        "--no-cold-start",
        "--memory-docs",
        "12",
        "--json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    ingest = result["ingest"]
    assert ingest["documents"] == len(list((DATA / "docs").iterdir()))
    for key in (
        "ratio_embed_throughput_vs_raw",
        "ratio_ingest_vs_raw_encode",
        "ratio_reingest_vs_first",
        "attribution_share_of_ingest",
    ):
        assert ingest[key] > 0
    assert ingest["chunks_embedded_on_reingest"] == 0
    assert [row["chunks"] for row in result["queries"]][1:] == [300]
    assert all(
        row["ask"]["p50_ms"] > 0 and row["raw_embed_plus_faiss"]["p50_ms"] > 0 for row in result["queries"]
    )
    assert result["memory"]["index_bytes_per_chunk"] > 0 and "synthetic" in result["note"]
    # An exact store must find exactly what exact search finds: the recall measure is sound.
    synthetic = result["queries"][1]
    assert synthetic["store"] == "faiss-flat-ip" and synthetic["recall_at_10_vs_exact"] == 1.0
    alone = result["memory"]["index_alone"]
    assert alone["documents"] == 12 and alone["chunks"] > 0
    assert alone["ingest_peak_rss_mb"] > 0 and alone["ask_peak_rss_mb"] > 0
    assert ingest["backend"] in ("torch", "onnx-int8") and ingest["speedup_backend_vs_fp32"] > 0


def test_bench_says_clearly_when_the_data_is_absent(tmp_path: Path):
    done = run_cli("bench", "--docs", str(tmp_path / "missing"), cwd=tmp_path)
    assert done.returncode == 1 and "benchmark documents not found" in done.stderr
