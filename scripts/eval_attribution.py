"""Precision and recall of cited institutions on a labelled JSONL set (ATTRIBUTION_GUIDELINES.md).

Usage: python scripts/eval_attribution.py FILE.jsonl [--split SPLIT] [--part dev|heldout] [--docs DIR]
       [--errors]
(splits: tune, heldout, heldout-6 ... heldout-136)
Each line: {"sentence", "cited": [{"institution", "aliases"}], ...}; with --docs DIR and "file",
"start", "end", the whole article is analysed (names defined elsewhere in it resolve), else the
sentence alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.attribution import Attributor
from rag.evaluation.metrics import score_sentence, total


def evaluate(
    rows: list[dict],
    attributor: Attributor,
    docs: Path | None = None,
    errors: bool = False,
    gated: bool = False,
) -> dict:
    scores, sentences, started = [], 0, time.perf_counter()
    cache: dict[str, list] = {}
    for row in rows:
        if docs is not None and "file" in row:
            if row["file"] not in cache:
                text = (docs / row["file"]).read_text(encoding="utf-8")
                cache[row["file"]] = [c for s in attributor.document(text, not gated) for c in s.cited]
                sentences += 1
            predicted = [c for c in cache[row["file"]] if row["start"] <= c.start < row["end"]]
        else:
            predicted = [c for s in attributor.document(row["sentence"], not gated) for c in s.cited]
            sentences += 1
        gold = [[g["institution"], *g.get("aliases", [])] for g in row["cited"]]
        score = score_sentence([[p.name, p.mention, *p.aliases] for p in predicted], gold)
        scores.append(score)
        if errors and (score.fp or score.fn):
            print(
                f"- {row['sentence'][:160]}\n    gold {gold}\n    got  {[(p.name, p.cue) for p in predicted]}"
            )
    t = total(scores)
    groups: dict[str, list] = {}
    for row, score in zip(rows, scores, strict=True):
        groups.setdefault(str(row.get("split", row.get("batch", ""))), []).append(score)
    by_split = {name: [total(s).tp, total(s).fp, total(s).fn] for name, s in groups.items()}
    return {
        "sentences": len(rows),
        "tp": t.tp,
        "fp": t.fp,
        "fn": t.fn,
        "precision": round(t.precision, 3),
        "recall": round(t.recall, 3),
        "f1": round(t.f1, 3),
        "seconds": round(time.perf_counter() - started, 2),
        "by_split": by_split,  # tp, fp, fn of each split (BBC) or batch (modern)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--split", help="only rows of this split (tune, heldout, heldout-6 ... heldout-136)")
    parser.add_argument("--docs", type=Path)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument(
        "--gated", action="store_true", help="as ingest reads: only sentences the cue gate passes are parsed"
    )
    parser.add_argument(
        "--part",
        choices=["dev", "heldout"],
        help="the modern set's part, split by document: sha256(file) odd is held out (docs/attribution.md)",
    )
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.split:
        rows = [r for r in rows if r.get("split") == args.split]
    if args.part:
        held = {r["file"] for r in rows if int(hashlib.sha256(r["file"].encode()).hexdigest(), 16) % 2}
        rows = [r for r in rows if (r["file"] in held) == (args.part == "heldout")]
    print(json.dumps(evaluate(rows, Attributor(), args.docs, args.errors, args.gated)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
