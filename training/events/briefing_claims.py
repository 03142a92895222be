"""How many of the claims a briefing lists under "Who says what" PolNeAR's annotators also found.

``wirewatch eval attribution`` scores every claim span against PolNeAR's gold attributions. A
reader of a story report sees fewer: at most five claims for each of at most twelve named
speakers. This scores that list on a PolNeAR stream (``training/stories/polnear_stream.py``)
run through ``wirewatch run``: a listed claim is *found* when its cue overlaps a gold cue and
its speaker a gold source, *cue found* when its cue alone does (character overlap; the stream
drops each text's headline, so gold offsets are shifted to the stored text).

    python training/stories/polnear_stream.py --shared ../shared --split winter-1 --out S.jsonl
    wirewatch run S.jsonl --db STORE.db --out DIR
    python training/events/briefing_claims.py S.jsonl STORE.db DIR/briefing.json --shared ../shared

It prints both shares for the listed claims and for every claim the store holds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.evaluate.attribution import read_ann, read_corpus  # noqa: E402
from wirewatch.store import open_store  # noqa: E402


def _overlaps(span: tuple[int, int], gold: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and span[1] > s for s, e in gold)


def gold_spans(stream: Path, store, shared: Path) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """{stored article id: {"cue": [...], "source": [...]}} in the stored text's offsets."""
    names = {}
    for line in stream.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        names[(r["title"], r["date"])] = r["id"].removeprefix("polnear-")
    corpus = {}  # PolNeAR file name (no .txt) -> (text, annotation file)
    for split in ("train", "dev"):
        for name, text, ann in read_corpus(shared / "data" / "attribution" / "polnear" / split):
            corpus[name.removesuffix(".txt")] = (text, ann)
    out = {}
    for a in store.iter_articles():
        name = names.get((a.title, (a.published or "")[:10]))
        if name not in corpus:
            continue
        full, ann = corpus[name]
        offset = full.find(a.text[:300])
        if offset < 0:
            continue
        gold = read_ann(ann, full)
        out[a.id] = {role: [(s - offset, e - offset) for s, e in gold[role]] for role in ("cue", "source")}
    return out


def score(claims, gold) -> dict:
    claims = [c for c in claims if c.article_id in gold]
    cue = [_overlaps((c.cue.start, c.cue.end), gold[c.article_id]["cue"]) for c in claims]
    both = [ok and c.source is not None and _overlaps((c.source.start, c.source.end), gold[c.article_id]["source"])
            for ok, c in zip(cue, claims)]
    n = len(claims)
    return {"claims": n, "cue_found": round(sum(cue) / n, 3) if n else None,
            "found": round(sum(both) / n, 3) if n else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stream", type=Path, help="the stream `polnear_stream.py` wrote")
    ap.add_argument("store", type=Path)
    ap.add_argument("briefing", type=Path, help="the briefing.json `wirewatch run --out DIR` wrote")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    store = open_store(args.store)
    gold = gold_spans(args.stream, store, args.shared)
    every = store.claims()
    by_id = {c.id: c for c in every}
    listed = [by_id[i] for story in json.loads(args.briefing.read_text(encoding="utf-8"))["stories"]
              for section in story.get("extra", {}).get("sections", []) if section["id"] == "claims"
              for row in section["data"] for i in row["claims"] if i in by_id]
    print(json.dumps({"store": str(args.store), "articles_with_gold": len(gold),
                      "listed": score(listed, gold), "every_claim": score(every, gold)}))


if __name__ == "__main__":
    main()
