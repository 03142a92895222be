"""Clustering scores: B-cubed and pairwise precision/recall/F1 (pure functions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, float]:
    """B-cubed over the items in ``gold`` (Bagga & Baldwin): per-item precision/recall, averaged."""
    items = list(gold)
    gold_sets: dict[str, set[str]] = defaultdict(set)
    pred_sets: dict[str, set[str]] = defaultdict(set)
    for i in items:
        gold_sets[gold[i]].add(i)
        pred_sets[pred[i]].add(i)
    p = r = 0.0
    for i in items:
        same_pred = pred_sets[pred[i]]
        same_gold = gold_sets[gold[i]]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    n = len(items) or 1
    p, r = p / n, r / n
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}


def pairwise(gold: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, float]:
    """Pairwise: a pair of items is positive when both are in one cluster."""
    items = list(gold)

    def pairs(labels: Mapping[str, str]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(labels[i] for i in items).values())

    joint = Counter((gold[i], pred[i]) for i in items)
    tp = sum(c * (c - 1) // 2 for c in joint.values())
    pred_pairs, gold_pairs = pairs(pred), pairs(gold)
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}
