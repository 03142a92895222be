"""Precision of the events layer on real news, against events labelled correct or wrong by reading.

The extraction sets (examples/events/) score events against gold events of arms-transfer
news, the domain the coder was trained for. An analyst also feeds wirewatch general wire copy
and political news, where no gold events exist. This measures the other side: of the events
wirewatch reads in such streams, how many are right. Each labelled event is keyed by its
article, the character offset of its sentence, its type and its two sides' texts; the label
says whether a reader, given the sentence, the type, the modality and the two sides, found
it a faithful coding (guidelines in docs/events.md, "Precision on real news").

    python training/events/realnews_precision.py training/events/realnews-labels.jsonl EVENTS.json [...]

EVENTS.json: `wirewatch events --json` of a store built from the labelled streams
(`training/stories/polnear_stream.py --split dev`, `training/stories/conll_stream.py --split
valid`, each through `wirewatch run`). The labels file holds keys and labels only; the
sentences stay in ../shared. Events the labels do not cover are counted and left out of the
precision (a rule that adds events needs them labelled before it can be scored).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path


def key(article_id: str, start: int, type_: str, actors: list[str], recipients: list[str]) -> tuple:
    return article_id, start, type_, tuple(actors), tuple(recipients)


def load_labels(path: Path) -> dict[tuple, bool]:
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            labels[key(r["article_id"], r["start"], r["type"], r["actors"], r["recipients"])] = bool(r["correct"])
    return labels


def event_keys(events_json: Path) -> list[tuple]:
    """One key per piece of evidence (an article's event) of the fused events."""
    out = []
    for fused in json.loads(events_json.read_text(encoding="utf-8")):
        for e in fused["evidence"]:
            ev = e["evidence"]
            out.append(key(ev["article_id"], ev["start"], e["type"], [a["text"] for a in e["actors"]],
                           [a["text"] for a in e["recipients"]]))
    return out


def score(labels: dict[tuple, bool], keys: list[tuple]) -> dict:
    keys = list(dict.fromkeys(keys))  # one event told twice in a sentence counts once
    known = [k for k in keys if k in labels]
    right = [k for k in known if labels[k]]
    by_type: dict[str, Counter] = {}
    for k in known:
        by_type.setdefault(k[2], Counter())["right" if labels[k] else "wrong"] += 1
    return {
        "events": len(keys),
        "labelled": len(known),
        "unlabelled": len(keys) - len(known),
        "correct": len(right),
        "precision": round(len(right) / len(known), 3) if known else None,
        "by_type": {t: {"correct": c["right"], "wrong": c["wrong"]} for t, c in sorted(by_type.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labels", type=Path)
    ap.add_argument("events", type=Path, nargs="+", help="`wirewatch events --json` output(s)")
    args = ap.parse_args()
    labels = load_labels(args.labels)
    for path in args.events:
        print(json.dumps({"events_file": str(path), **score(labels, event_keys(path))}))


if __name__ == "__main__":
    main()
