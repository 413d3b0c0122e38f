"""The labelled modern batches are well-formed: every label points at its sentence in its document."""

from __future__ import annotations

import json
import sys
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


def test_second_annotator_labels_the_first_annotators_sentences():
    """The second annotator's labels (docs/attribution.md, agreement) cover the same sentences."""
    second = [json.loads(line) for line in (BATCHES / "second_annotator" / "batches_28_31.jsonl").open()]
    first = {
        (r["file"], r["start"], r["end"])
        for n in ("28", "29", "30", "31")
        for r in map(json.loads, (BATCHES / f"batch_{n}.jsonl").open())
    }
    assert {(r["file"], r["start"], r["end"]) for r in second} == first
    for record in second:
        assert list(record) == FIELDS


def test_agreement_scores_the_second_annotator_against_the_first():
    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    from attribution_agreement import agreement

    def row(start: int, *names: str) -> dict:
        cited = [
            {"institution": n, "aliases": ["IMF"] if n == "International Monetary Fund" else []}
            for n in names
        ]
        return {"file": "a.txt", "start": start, "end": start + 5, "sentence": "x", "cited": cited}

    first = [row(0, "International Monetary Fund"), row(10, "OECD", "World Bank"), row(20)]
    second = [row(0, "IMF"), row(10, "OECD"), row(20, "Gallup")]
    summary, differences = agreement(first, second)
    assert (summary["tp"], summary["fp"], summary["fn"]) == (2, 1, 1)  # an alias matches the canonical name
    assert len(differences) == 2
