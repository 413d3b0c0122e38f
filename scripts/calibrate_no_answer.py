"""Measure the no-answer rule: seed questions must be answered, off-topic ones refused.

Usage: python scripts/calibrate_no_answer.py [../shared/eval/seed_questions.jsonl]
Prints, for each question, the best passage's cosine and whether it was answered, then the
refusal rate of relevant questions and the answer rate of off-topic ones.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.api import RagIndex  # noqa: E402

OFF_TOPIC = [
    "What is a good recipe for banana bread?",
    "Who won the 1998 football world cup?",
    "How do I change a car tyre?",
    "What is the capital of Australia?",
    "How tall is Mount Everest?",
    "When did the Roman empire fall?",
    "What are the symptoms of the flu?",
    "How many players are on a cricket team?",
    "What is the boiling point of water?",
    "Who wrote Pride and Prejudice?",
    "How do whales sleep?",
    "What is the best way to learn the guitar?",
    "What is the price of gold today?",
    "How do I bake sourdough?",
    "What time zone is Brazil in?",
    "How do I knit a scarf?",
    "Which planet has the most moons?",
    "What is the plot of Hamlet?",
    "How long should I boil an egg?",
    "Who painted the Mona Lisa?",
]


def main() -> int:
    path = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
    )
    relevant = [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        index = RagIndex(Path(tmp) / "index")
        index.ingest([ROOT / "seeds"])
        rows = []
        for kind, questions in (("relevant", relevant), ("off-topic", OFF_TOPIC)):
            for question in questions:
                answer = index.ask(question)
                best = max((p.dense_score for p in answer.passages), default=0.0)
                rows.append((kind, round(best, 3), not answer.no_answer, question))
    for row in rows:
        print(*row, sep="\t")
    refused = sum(1 for kind, _, answered, _ in rows if kind == "relevant" and not answered)
    answered_off = sum(1 for kind, _, answered, _ in rows if kind == "off-topic" and answered)
    print(
        json.dumps(
            {
                "relevant": len(relevant),
                "relevant_refused": refused,
                "off_topic": len(OFF_TOPIC),
                "off_topic_answered": answered_off,
                "relevant_min_cosine": min(r[1] for r in rows if r[0] == "relevant"),
                "off_topic_max_cosine": max(r[1] for r in rows if r[0] == "off-topic"),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
