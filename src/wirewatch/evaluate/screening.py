"""Evaluate name screening on labelled CSVs: listed names that must hit, other names that must not.

Inputs are two CSV files with a header row and at least a ``full_name`` column; optional
``date_of_birth`` (YYYY[-MM-DD]), ``nationality`` (any spelling or ISO code), ``kind``,
``list_ref`` (for positives: the party the name belongs to) and ``perturbation`` (how the name
was altered; recall is then also reported per perturbation).

Figures, at the screener's operating threshold: recall on positives, false-positive rate on
negatives, precision = TP / (TP + FP) (depends on the positive/negative mix: report both sets'
sizes with it), and names screened per second (screening only, list loading excluded).
A sweep over thresholds is included so the operating point can be re-chosen from one run.
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wirewatch.errors import ConfigError
from wirewatch.sanctions.screening import Query, Screener

SWEEP = (0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.96)


@dataclass
class Outcome:
    file: str
    row: int
    name: str
    score: float
    list_ref: str | None
    expected_ref: str | None
    perturbation: str | None


def read_names(path: str | Path) -> list[dict[str, str]]:
    """Rows of a names CSV; ConfigError if the file is missing or has no full_name column."""
    p = Path(path)
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "full_name" not in reader.fieldnames:
                raise ConfigError(f"{p}: needs a header row with a full_name column (got {reader.fieldnames})")
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except OSError as exc:
        raise ConfigError(f"cannot read {p}: {exc.strerror or exc}") from None


def _screen_all(screener: Screener, rows: list[dict[str, str]], file: str) -> list[Outcome]:
    queries = [
        Query(row["full_name"], country=row.get("nationality") or None, dob=row.get("date_of_birth") or None,
              kind=row.get("kind") or None)
        for row in rows
    ]
    # threshold 0: keep the best candidate's score even below the operating point (for the sweep)
    results = screener.screen_many(queries, limit=1, threshold=0.0)
    out = []
    for i, (row, hits) in enumerate(zip(rows, results), start=1):
        top = hits[0] if hits else None
        out.append(Outcome(
            file=file, row=i, name=row["full_name"], score=top.score if top else 0.0,
            list_ref=top.list_ref if top else None, expected_ref=row.get("list_ref") or None,
            perturbation=row.get("perturbation") or None,
        ))
    return out


def _metrics(pos: list[Outcome], neg: list[Outcome], threshold: float) -> dict[str, Any]:
    tp = sum(o.score >= threshold for o in pos)
    fp = sum(o.score >= threshold for o in neg)
    with_ref = [o for o in pos if o.expected_ref]
    right = sum(o.score >= threshold and o.list_ref == o.expected_ref for o in with_ref)
    return {
        "threshold": threshold,
        "recall": round(tp / len(pos), 4) if pos else None,
        "recall_right_party": round(right / len(with_ref), 4) if with_ref else None,
        "false_positive_rate": round(fp / len(neg), 4) if neg else None,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "true_positives": tp, "false_positives": fp,
    }


def evaluate_screening(
    screener: Screener, positives: list[dict[str, str]], negatives: list[dict[str, str]],
    *, predictions: str | Path | None = None,
) -> dict[str, Any]:
    """Screen both sets; returns the figures as a JSON-ready dict (optionally writes predictions)."""
    start = time.perf_counter()
    pos = _screen_all(screener, positives, "positives")
    neg = _screen_all(screener, negatives, "negatives")
    elapsed = time.perf_counter() - start
    total = len(pos) + len(neg)
    result: dict[str, Any] = {
        "positives": len(pos), "negatives": len(neg),
        "list_parties": len(screener), "list_names": screener.names_indexed,
        **_metrics(pos, neg, screener.threshold),
        "names_per_second": round(total / elapsed, 1) if elapsed > 0 else None,
        "seconds": round(elapsed, 3),
    }
    kinds = Counter(o.perturbation for o in pos if o.perturbation)
    if kinds:
        result["recall_by_perturbation"] = {
            k: round(sum(o.score >= screener.threshold for o in pos if o.perturbation == k) / n, 4)
            for k, n in sorted(kinds.items())
        }
    result["sweep"] = [_metrics(pos, neg, t) for t in SWEEP]
    result["missed_positives"] = [
        {"row": o.row, "name": o.name, "score": o.score, "expected": o.expected_ref}
        for o in pos if o.score < screener.threshold
    ][:20]
    result["false_positive_names"] = [
        {"row": o.row, "name": o.name, "score": o.score, "list_ref": o.list_ref}
        for o in neg if o.score >= screener.threshold
    ][:20]
    if predictions:
        with Path(predictions).open("w", encoding="utf-8") as fh:
            for o in pos + neg:
                hit = o.score >= screener.threshold
                fh.write(json.dumps({
                    "file": o.file, "row": o.row, "name": o.name, "hit": hit,
                    "score": o.score, "list_ref": o.list_ref if hit else None,
                }, ensure_ascii=False) + "\n")
    return result
