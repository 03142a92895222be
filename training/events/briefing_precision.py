"""Precision of the events a briefing shows, against events labelled right or wrong by reading.

``realnews_precision.py`` scores every event the events layer keeps. A reader of a briefing
sees fewer: each story report lists at most a dozen events (``wirewatch.events.briefing``),
draws them in its timeline and actor network, and quotes one sentence for each. This scores
that list: an event shown counts as right when the reader's label of the sentence it quotes
says so (the labels are keyed by article, sentence offset, type and the two sides' texts, as
in ``realnews_precision.py``); shown events no label covers are counted and left out.

    wirewatch run STREAM.jsonl --db STORE.db --out DIR
    python training/events/briefing_precision.py STORE.db DIR/briefing.json LABELS.jsonl [...]

It prints, as ``realnews_precision.py`` does, the events shown, how many are labelled, how
many right and the precision, and the same for every event the store holds (what the briefing
chose from).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from realnews_precision import key, load_labels, score  # noqa: E402

from wirewatch.store import open_store  # noqa: E402


def _key(e) -> tuple:
    return key(e.evidence.article_id, e.evidence.start, e.type, [a.text for a in e.actors],
               [a.text for a in e.recipients])


def shown_events(store, briefing: dict) -> list[tuple]:
    """(story id, quoted evidence key) for each event a story report lists (not those it
    folds away as less certain)."""
    fused = {f.id: f for f in store.fused_events()}
    out = []
    for story in briefing["stories"]:
        members = {s["citation"]["article_id"] for s in story["sources"]}
        members |= {c["citation"]["article_id"] for s in story["sources"] for c in s["copies"]}
        for section in story.get("extra", {}).get("sections", []):
            if section["id"] != "events":
                continue
            for row in section["data"]:
                f = None if row.get("uncertain") else fused.get(row["id"])  # folded away: not shown
                if f is None:
                    continue
                # the report quotes the event's evidence from the story's own articles first
                quoted = sorted(f.evidence, key=lambda e: e.evidence.article_id not in members)[0]
                out.append((story["id"], _key(quoted)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("briefing", type=Path, help="the briefing.json `wirewatch run --out DIR` wrote")
    ap.add_argument("labels", type=Path, nargs="+")
    args = ap.parse_args()
    labels: dict[tuple, bool] = {}
    for path in args.labels:
        labels.update(load_labels(path))
    store = open_store(args.store)
    shown = shown_events(store, json.loads(args.briefing.read_text(encoding="utf-8")))
    every = [_key(e) for e in store.article_events()]
    print(json.dumps({"store": str(args.store), "shown": score(labels, [k for _, k in shown]),
                      "stories_with_events": len({s for s, _ in shown}), "every_event": score(labels, every)}))


if __name__ == "__main__":
    main()
