"""Score the event coder on sentences with marked actors (the PLV_train.tsv layout).

Input: a TSV with a header and at least ``marked_sentence`` (``<s>source</s>`` and
``<t>target</t>`` marked) and ``gold_root``; ``sentence`` is optional. Output: accuracy,
macro-F1 over the gold labels present, per-class P/R/F1, a confusion table and speed.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from wirewatch.errors import ConfigError

REQUIRED = ("marked_sentence", "gold_root")


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 (over gold classes) and per-class precision/recall/F1/support."""
    labels = sorted(set(gold))
    per: dict[str, dict[str, float]] = {}
    for c in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    n = len(gold)
    return {
        "n": n,
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / n if n else 0.0,
        "macro_f1": sum(d["f1"] for d in per.values()) / len(per) if per else 0.0,
        "per_class": per,
    }


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a PLV-format TSV; ``ConfigError`` naming what is missing."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t")
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise ConfigError(f"{path}: missing column(s) {', '.join(missing)}; expected a "
                                  "tab-separated file with a header naming marked_sentence "
                                  "and gold_root (the PLV_train.tsv layout)")
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise ConfigError(f"{path}: not a readable TSV ({exc})") from exc
    if not rows:
        raise ConfigError(f"{path}: no rows after the header")
    for i, r in enumerate(rows):
        if not (r.get("marked_sentence") or "").strip() or not (r.get("gold_root") or "").strip():
            raise ConfigError(f"{path}: row {i + 1} has an empty marked_sentence or gold_root")
    return rows


def evaluate_events(path: Path, predictions_out: Path | None = None,
                    coder: Any = None) -> dict[str, Any]:
    from wirewatch.events.coder import load_coder, sentence_hash
    from wirewatch.events.modality import modality_of

    rows = read_tsv(path)
    coder = coder or load_coder()
    overlap = sum(1 for r in rows
                  if sentence_hash(r.get("sentence") or r["marked_sentence"]) in coder.training_hashes)
    if overlap:
        print(f"warning: {overlap} of {len(rows)} rows of {path.name} are sentences the coder "
              "was trained on; these figures overstate held-out accuracy (see docs/events.md "
              "for cross-validated figures)", file=sys.stderr)
    gold, pred, out = [], [], []
    t0 = time.perf_counter()
    for i, r in enumerate(rows):
        coded = coder.code_marked(r["marked_sentence"])
        gold.append(r["gold_root"].strip())
        pred.append(coded.root)
        sentence = r.get("sentence") or coded_sentence(r["marked_sentence"])
        out.append({"row": i, "root": coded.root, "plover": coded.plover,
                    "modality": modality_of(sentence).modality,
                    "confidence": round(coded.confidence, 4)})
    elapsed = time.perf_counter() - t0
    result = scores(gold, pred)
    labels = sorted(set(gold) | set(pred))
    confusion = Counter(zip(gold, pred))
    result["confusion"] = {g: {p: confusion[(g, p)] for p in labels if confusion[(g, p)]}
                           for g in labels if any(confusion[(g, p)] for p in labels)}
    result["sentences_per_s"] = round(len(rows) / elapsed, 1) if elapsed > 0 else None
    result["rows_seen_in_training"] = overlap
    result["file"] = str(path)
    if predictions_out is not None:
        predictions_out.parent.mkdir(parents=True, exist_ok=True)
        with predictions_out.open("w", encoding="utf-8") as f:
            for rec in out:
                f.write(json.dumps(rec) + "\n")
    return result


def coded_sentence(marked: str) -> str:
    import re

    return re.sub(r"</?[stST]>", "", marked)
