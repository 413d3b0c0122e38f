"""Agreement of two annotators on the same sentences, scored as the product is: the first as gold."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.evaluation.metrics import score_sentence, total


def _names(cited: list[dict]) -> list[list[str]]:
    return [[c["institution"], *c.get("aliases", [])] for c in cited]


def agreement(first: list[dict], second: list[dict]) -> tuple[dict, list[str]]:
    """tp/fp/fn of the second annotator against the first, and the sentences they differ on."""
    by_span = {(r["file"], r["start"], r["end"]): r for r in first}
    scores, differences = [], []
    for row in second:
        gold = by_span[(row["file"], row["start"], row["end"])]
        score = score_sentence(_names(row["cited"]), _names(gold["cited"]))
        scores.append(score)
        if score.fp or score.fn:
            first_names = [c["institution"] for c in gold["cited"]]
            second_names = [c["institution"] for c in row["cited"]]
            differences.append(
                f"- {row['sentence'][:120]}\n    first {first_names}\n    second {second_names}"
            )
    t = total(scores)
    summary = {"sentences": len(second), "tp": t.tp, "fp": t.fp, "fn": t.fn}
    summary |= {"precision": round(t.precision, 3), "recall": round(t.recall, 3)}
    return summary, differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("first", nargs="+", help="the first annotator's batch files")
    parser.add_argument("--second", required=True, help="the second annotator's labels of the same sentences")
    args = parser.parse_args()
    first = [json.loads(line) for path in args.first for line in Path(path).read_text("utf-8").splitlines()]
    second = [json.loads(line) for line in Path(args.second).read_text("utf-8").splitlines()]
    summary, differences = agreement(first, second)
    print("\n".join(differences))
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
