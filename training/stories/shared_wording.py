"""Diagnostic: how much wording do the article pairs of one story that the clusterer keeps
apart share, against those it joins and those of different stories?

    wirewatch eval clusters STREAM.jsonl --text-only --predictions PRED.jsonl
    python training/stories/shared_wording.py STREAM.jsonl PRED.jsonl [STREAM PRED ...]

Pairs of articles at most ``--days`` apart, in three groups (same gold story and the same
predicted story; same gold story, different predicted stories; different gold stories);
for each, the share of pairs with any word n-gram in common and with any n-gram inside
quotation marks in common. docs/stories.md (session 18) reads it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from datetime import date
from pathlib import Path

_WORD = re.compile(r"[a-z0-9']+")
_QUOTED = re.compile(r'[“"]([^”"]{20,400})[”"]')


def ngrams(text: str, n: int) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def quoted_ngrams(text: str, n: int) -> set[str]:
    return set().union(*(ngrams(m.group(1), n) for m in _QUOTED.finditer(text)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path, help="STREAM PRED pairs")
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--n", type=int, default=7, help="n-gram length over the whole text")
    ap.add_argument("--quoted-n", type=int, default=6, help="n-gram length inside quotation marks")
    args = ap.parse_args()
    if len(args.files) % 2:
        ap.error("give STREAM PRED pairs")
    counts = {"same story, joined": [0, 0, 0], "same story, kept apart": [0, 0, 0], "different stories": [0, 0, 0]}
    for stream, pred_file in zip(args.files[::2], args.files[1::2]):
        arts = [json.loads(line) for line in stream.read_text(encoding="utf-8").splitlines() if line.strip()]
        pred = {r["id"]: r["story"] for r in map(json.loads, pred_file.read_text(encoding="utf-8").splitlines())}
        grams = {a["id"]: (ngrams(a["text"], args.n), quoted_ngrams(a["text"], args.quoted_n)) for a in arts}
        for a, b in itertools.combinations(arts, 2):
            if abs((date.fromisoformat(a["date"][:10]) - date.fromisoformat(b["date"][:10])).days) > args.days:
                continue
            if a["cluster"] != b["cluster"]:
                key = "different stories"
            else:
                key = "same story, joined" if pred[a["id"]] == pred[b["id"]] else "same story, kept apart"
            (ga, qa), (gb, qb) = grams[a["id"]], grams[b["id"]]
            c = counts[key]
            c[0] += 1
            c[1] += bool(ga & gb)
            c[2] += bool(qa & qb)
    for key, (n, shared, quoted) in counts.items():
        print(f"{key:24s} pairs {n:6d}  share a {args.n}-gram {shared / max(n, 1):.3f}"
              f"  share a quoted {args.quoted_n}-gram {quoted / max(n, 1):.3f}")


if __name__ == "__main__":
    main()
