"""Questions answered while documents are uploaded: scripts/load.py, small, as a test of its logic.

The 20-client run with its latency and memory figures is a benchmark (docs/benchmarks.md), not a
timed assertion here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_clients_ask_while_an_upload_is_committed(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(4):
        (docs / f"note{n}.txt").write_text(
            f"The Harbour Board said cargo volumes rose by {n + 3} percent in the year to March.\n"
        )
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "load.py"),
            "--clients",
            "3",
            "--questions",
            "4",
            "--upload-docs",
            "4",
            "--long",
            "100",
            "--docs",
            str(docs),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0 and result["questions"] == 12
    assert result["documents_after"] == 5 and "Added 4" in result["upload"]["message"]
    assert result["rss_mb_after_100"] > 0 and result["p95_ms"] >= result["p50_ms"] > 0
