"""Attribution as ingest runs it, on every article of a folder: seconds and sentences per second.

Usage: python scripts/attribution_speed.py [--docs DIR]   (default ../shared/data/bbc-news)
Run it from two checkouts in turn to compare rule versions on the same machine and load.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.attribution import Attributor, sentences_with_citations
from rag.chunking import split_sentences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("../shared/data/bbc-news"))
    args = parser.parse_args()
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(args.docs.glob("*.txt"))
        if p.name != "SOURCE_README.txt"
    ]
    attributor = Attributor()
    _ = attributor.nlp  # loading the model is not part of the stage
    sentences = sum(len(split_sentences(t)) for t in texts)
    started = time.perf_counter()
    found = sentences_with_citations(attributor, texts)
    seconds = time.perf_counter() - started
    citations = sum(len(cited) for doc in found for _, _, cited in doc)
    print(
        json.dumps(
            {
                "documents": len(texts),
                "sentences": sentences,
                "seconds": round(seconds, 1),
                "sentences_per_s": round(sentences / seconds),
                "citations": citations,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
