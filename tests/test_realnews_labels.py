"""Events labelled right or wrong on real news (training/events/realnews-*labels.jsonl) and the
script that scores a store's events against them (docs/events.md, "Precision on real news")."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training" / "events"))
try:
    import realnews_precision as rp
finally:
    sys.path.pop(0)

FILES = [ROOT / "training" / "events" / "realnews-labels.jsonl",
         ROOT / "training" / "events" / "realnews-heldout-labels.jsonl"]
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_label_files_hold_keys_and_labels_not_text():
    """The sentences stay in ../shared (research corpora): a row is a key (article, offsets,
    type, the two sides' names) and a label with the labeller's short reason."""
    for path in FILES:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(rows) >= 600, path.name
        for r in rows:
            assert set(r) <= {"stream", "article_id", "start", "end", "type", "modality", "actors", "recipients",
                              "group", "correct", "why"}, r
            assert r["type"] in TYPES and isinstance(r["correct"], bool) and 0 <= r["start"] < r["end"]
            assert all(len(name) < 80 for name in r["actors"] + r["recipients"]) and len(r["why"]) < 120
        # real news is mostly read wrong by the session-20 code: the labels say so, both ways
        right = sum(r["correct"] for r in rows)
        assert 0.1 < right / len(rows) < 0.6, path.name


def _events(*evs):
    return [{"evidence": [{"type": t, "actors": [{"text": a}], "recipients": [{"text": b}] if b else [],
                           "evidence": {"article_id": art, "start": start}} for art, start, t, a, b in evs]}]


def test_precision_counts_labelled_events_once_and_reports_the_rest(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(r) for r in [
        {"article_id": "a1", "start": 0, "type": "ASSAULT", "actors": ["Russia"], "recipients": ["Ukraine"], "correct": True},
        {"article_id": "a1", "start": 90, "type": "REJECT", "actors": ["King"], "recipients": ["RT"], "correct": False},
    ]), encoding="utf-8")
    events = tmp_path / "events.json"
    events.write_text(json.dumps(_events(("a1", 0, "ASSAULT", "Russia", "Ukraine"),
                                         ("a1", 0, "ASSAULT", "Russia", "Ukraine"),  # told twice: counted once
                                         ("a1", 90, "REJECT", "King", "RT"),
                                         ("a2", 5, "AID", "Iran", None))), encoding="utf-8")
    got = rp.score(rp.load_labels(labels), rp.event_keys(events))
    assert (got["events"], got["labelled"], got["unlabelled"], got["correct"], got["precision"]) == (3, 2, 1, 1, 0.5)
    assert got["by_type"] == {"ASSAULT": {"correct": 1, "wrong": 0}, "REJECT": {"correct": 0, "wrong": 1}}
