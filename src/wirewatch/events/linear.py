"""A multinomial logistic regression over sparse binary features, in numpy alone.

Small enough to read: training data are a thousand sentences, so full-batch Adam on a sparse
design (row, column) index is quick, and prediction is a sum of weight rows. Saved as one
``.npz`` (float16 weights, feature names, class names) -- no pickle, no extra dependency.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np


@dataclass
class LinearModel:
    features: dict[str, int]
    classes: list[str]
    weights: np.ndarray  # (n_features, n_classes), float32

    def scores(self, feats: Sequence[str]) -> np.ndarray:
        idx = [self.features[f] for f in set(feats) if f in self.features]
        z = self.weights[idx].sum(axis=0) if idx else np.zeros(len(self.classes), np.float32)
        z = z - z.max()
        p = np.exp(z)
        return p / p.sum()

    def scores_many(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """:meth:`scores` of many feature rows at once, shape (len(rows), n_classes): one
        gather and one segmented sum instead of a handful of numpy calls per row.
        ``np.add.reduceat`` adds each row's weight rows one after another, exactly as
        :meth:`scores` sums them (same floats)."""
        idx: list[int] = []
        counts: list[int] = []
        get = self.features.get
        for feats in rows:
            found = [j for f in set(feats) if (j := get(f)) is not None]
            idx.extend(found)
            counts.append(len(found))
        z = np.zeros((len(rows), len(self.classes)), np.float32)
        if idx:
            n = np.array(counts)
            starts = np.cumsum(n) - n
            some = n > 0  # a row with no known feature keeps its zeros
            z[some] = np.add.reduceat(self.weights[idx], starts[some], axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        names = np.array(sorted(self.features, key=self.features.get))
        # float16 halves the file; the coder's decisions do not move at that precision.
        np.savez_compressed(path, weights=self.weights.astype(np.float16), features=names,
                            classes=np.array(self.classes))

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        with np.load(path, allow_pickle=False) as z:
            names = [str(x) for x in z["features"]]
            return cls(features={f: i for i, f in enumerate(names)},
                       classes=[str(x) for x in z["classes"]],
                       weights=z["weights"].astype(np.float32))


def fit(rows: Sequence[Sequence[str]], labels: Sequence[str], *, l2: float = 1e-3,
        epochs: int = 300, lr: float = 0.1, min_count: int = 1,
        sample_weight: Sequence[float] | None = None, seed: int = 0) -> LinearModel:
    """Train on feature-string rows; features seen fewer than ``min_count`` times are dropped."""
    counts: dict[str, int] = {}
    for r in rows:
        for f in set(r):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    classes = sorted(set(labels))
    cidx = {c: i for i, c in enumerate(classes)}
    r_idx, c_idx = [], []
    for i, r in enumerate(rows):
        for f in sorted(set(r)):  # a fixed order: the same floats whatever the string hash seed
            j = vocab.get(f)
            if j is not None:
                r_idx.append(i)
                c_idx.append(j)
    ri, ci = np.array(r_idx), np.array(c_idx)
    n, k, d = len(rows), len(classes), len(vocab)
    y = np.zeros((n, k), np.float32)
    y[np.arange(n), [cidx[lbl] for lbl in labels]] = 1.0
    sw = np.ones(n, np.float32) if sample_weight is None else np.asarray(sample_weight, np.float32)
    sw = sw / sw.sum()
    w = np.zeros((d, k), np.float32)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        z = np.zeros((n, k), np.float32)
        np.add.at(z, ri, w[ci])
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g_rows = (p - y) * sw[:, None]
        grad = np.zeros_like(w)
        np.add.at(grad, ci, g_rows[ri])
        grad += l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return LinearModel(features=vocab, classes=classes, weights=w)
