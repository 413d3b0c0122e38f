"""Lexical search: BM25 over chunk texts with bm25s, stemmed, kept beside the vectors on disk."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+", flags=re.UNICODE)
VIDS = "vids.npy"


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def tokenize(text: str) -> list[str]:
    """Lower-cased word stems without English stop words ("researchers" -> "research")."""
    stop = _stopwords()
    return _stemmer().stemWords([w for w in _WORD.findall(text.lower()) if w not in stop])


class LexicalIndex:
    """BM25 (Robertson & Zaragoza's Okapi weighting, Lucene variant) over chunks keyed by vector id."""

    def __init__(self, model: Any, vids: np.ndarray, params: dict[str, Any]) -> None:
        self.model = model
        self.vids = vids
        self.params = params
        self._row = {int(v): i for i, v in enumerate(vids)}

    @classmethod
    def build(
        cls, vids: Sequence[int], texts: Sequence[str], k1: float = 1.2, b: float = 0.75
    ) -> LexicalIndex:
        import bm25s

        model = bm25s.BM25(k1=k1, b=b)
        if texts:
            model.index([tokenize(t) or [""] for t in texts], show_progress=False)
        return cls(model, np.asarray(vids, dtype=np.int64), {"k1": k1, "b": b})

    def __len__(self) -> int:
        return len(self.vids)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        tokens = [t for t in tokenize(query) if t in getattr(self.model, "vocab_dict", {})]
        if not tokens or not len(self.vids):
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.vids), dtype=np.float32)
            rows = [self._row[int(v)] for v in allowed if int(v) in self._row]
            mask[rows] = 1.0
        scores = self.model.get_scores(tokens, weight_mask=mask)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.vids[i]), float(scores[i])) for i in top if scores[i] > 0]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / VIDS, self.vids)
        (folder / "lexical.json").write_text(json.dumps(self.params))
        if len(self.vids):
            self.model.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        vids = np.load(folder / VIDS)
        params = json.loads((folder / "lexical.json").read_text())
        if not len(vids):
            return cls.build([], [], **params)
        model = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(model, vids, params)
