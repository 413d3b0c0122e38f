"""Metrics: attribution precision/recall under the labelling guidelines, and ranking metrics."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rag.attribution.institutions import name_key as norm_name


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_sentence(predicted: Iterable[Iterable[str]], gold: Iterable[Iterable[str]]) -> PRF:
    """Match predicted institutions (each a set of names: canonical, mention, aliases) to gold
    ones (canonical and aliases). Each gold institution is matched at most once."""
    gold_sets = [{norm_name(n) for n in names} for names in gold]
    matched = [False] * len(gold_sets)
    tp = fp = 0
    for names in predicted:
        keys = {norm_name(n) for n in names}
        hit = next((i for i, g in enumerate(gold_sets) if not matched[i] and g & keys), None)
        if hit is None:
            if any(keys & g for g in gold_sets):  # a second mention of an already matched source
                continue
            fp += 1
        else:
            matched[hit] = True
            tp += 1
    return PRF(tp, fp, matched.count(False))


def total(scores: Iterable[PRF]) -> PRF:
    tp = fp = fn = 0
    for s in scores:
        tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    return PRF(tp, fp, fn)


# -- ranking metrics (BEIR conventions: graded relevance from qrels, ranks counted from 1) ------


def ndcg_at_k(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain (Järvelin & Kekäläinen 2002) with gain = grade
    and discount log2(rank + 1), as trec_eval and BEIR compute it."""
    dcg = sum(relevant.get(doc, 0) / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], start=1))
    ideal = sorted((g for g in relevant.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg else 0.0


def recall_at_k(ranked: list[str], relevant: dict[str, int], k: int = 100) -> float:
    wanted = {doc for doc, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def mrr_at_k(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    for rank, doc in enumerate(ranked[:k], start=1):
        if relevant.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0
