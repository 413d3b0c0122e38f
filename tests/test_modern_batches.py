"""The labelled modern batches are well-formed: every label points at its sentence in its document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BATCHES = Path(__file__).parent / "data" / "modern_batches"
FIELDS = ["file", "start", "end", "sentence", "cited", "mentioned_not_cited", "note", "batch"]


@pytest.mark.parametrize("path", sorted(BATCHES.glob("batch_*.jsonl")), ids=lambda p: p.stem)
def test_each_label_points_at_its_sentence(path: Path):
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert records
    for record in records:
        assert list(record) == FIELDS
        assert record["batch"] == path.stem.split("_")[1]
        text = (BATCHES / "docs" / record["file"]).read_text(encoding="utf-8")
        assert text[record["start"] : record["end"]] == record["sentence"]
        for cited in record["cited"]:
            assert cited["institution"] and isinstance(cited["aliases"], list)
