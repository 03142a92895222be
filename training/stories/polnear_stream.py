"""Turn the PolNeAR dev articles into a dated news stream with wirewatch's own story labels.

PolNeAR's dev split is 84 articles from seven US outlets (Breitbart, HuffPost, the New York
Times, Politico, USA Today, the Washington Post, the Western Journal), 8 September - 7
October 2016: one month of election coverage, where several outlets tell the same happening
in their own words -- the kind of stream wirewatch is for. wirewatch labelled which articles
tell the same story (``training/stories/polnear-dev-stories.json``: file names and story
labels only, no text; the guidelines are in that file), blind to any clustering output. It
was held out until session 16, and has been read since for the decisions docs/stories.md
records.

Two months of the train split (July and August 2016, 163 articles) are labelled the same
way (``polnear-train-stories.json``): the tuning set for this kind of stream (``--split
train``). Two more (May and June 2016, 171 articles, ``polnear-check-stories.json``) are a
second held-out set, labelled in session 17 (``--split check``), and March and April 2016
(173 articles, ``polnear-spring-stories.json``, ``--split spring``) a third, and November
2015 - February 2016 (313 articles, ``polnear-winter-stories.json``) a fourth, read as two
streams (``--split winter-1``: November-December, ``--split winter-2``: January-February).

This script joins those labels to the texts and metadata in ``../shared`` and writes the
format ``wirewatch eval clusters`` reads (JSON Lines of ``{"id", "date", "title", "text",
"cluster"}``, as in Miranda et al. 2018):

    python training/stories/polnear_stream.py --shared ../shared --out /tmp/polnear-dev.jsonl
    wirewatch eval clusters /tmp/polnear-dev.jsonl

The text stays in ../shared (PolNeAR, research use); only the labels are in the repo.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

LABELS = Path(__file__).with_name("polnear-dev-stories.json")
#: Two months of the train split (July and August 2016) labelled the same way, for tuning.
TRAIN_LABELS = Path(__file__).with_name("polnear-train-stories.json")
#: May and June 2016 of the train split, labelled the same way: a second held-out set.
CHECK_LABELS = Path(__file__).with_name("polnear-check-stories.json")
#: March and April 2016 of the train split: a third held-out set.
SPRING_LABELS = Path(__file__).with_name("polnear-spring-stories.json")
#: November 2015 - February 2016 of the train split: a fourth held-out set, two streams.
WINTER_LABELS = Path(__file__).with_name("polnear-winter-stories.json")
#: Each split's label file, the PolNeAR folder that holds its texts, and its months (None: all
#: the file labels).
SPLITS = {"dev": (LABELS, "dev", None), "train": (TRAIN_LABELS, "train", None),
          "check": (CHECK_LABELS, "train", None), "spring": (SPRING_LABELS, "train", None),
          "winter-1": (WINTER_LABELS, "train", ("2015-11", "2015-12")),
          "winter-2": (WINTER_LABELS, "train", ("2016-01", "2016-02"))}


def _metadata(shared: Path) -> dict[str, dict[str, str]]:
    """PolNeAR's metadata rows by file name (without .txt): publisher, date, title."""
    path = shared / "data" / "attribution" / "polnear" / "metadata.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}


def _body(text: str, title: str) -> str:
    """The article without the headline it opens with (on one line or two; the clusterer
    weighs the title on its own)."""
    want, seen = _letters(title), ""
    lines = text.split("\n")
    for i, line in enumerate(lines[:3]):
        seen += _letters(line)
        if seen == want:
            rest = "\n".join(lines[i + 1:]).strip()
            return rest or text.strip()
        if not want.startswith(seen):
            break
    return text.strip()


def _letters(line: str) -> str:
    return re.sub(r"\W+", "", line).casefold()


def stream(shared: Path, split: str = "dev") -> list[dict]:
    """The labelled articles of ``split`` (dev: all 84; train: July and August 2016; check:
    May and June 2016; spring: March and April 2016; winter-1 and winter-2: November-December
    2015 and January-February 2016) in date order (file name within a day)."""
    labels_path, folder_name, months = SPLITS[split]
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["articles"]
    if months is not None:  # file names carry the day: outlet_YYYY-MM-DD_slug
        labels = {name: label for name, label in labels.items() if name.split("_")[1][:7] in months}
    meta = _metadata(shared)
    folder = shared / "data" / "attribution" / "polnear" / folder_name / "text"
    files = [f for f in sorted(folder.glob("*.txt")) if split == "dev" or f.stem in labels]
    if {f.stem for f in files} != set(labels):
        raise SystemExit(f"{labels_path}: the labelled files and those in {folder} differ")
    records = []
    for f in files:
        row = meta[f.stem]
        records.append({
            "id": f"polnear-{f.stem}",
            "date": row["publication_date"],
            "title": row["title"],
            "source": row["publisher"],
            "text": _body(f.read_text(encoding="utf-8"), row["title"]),
            "cluster": labels[f.stem],
        })
    records.sort(key=lambda r: (r["date"], r["id"]))
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--split", choices=tuple(SPLITS), default="dev",
                    help="dev: the held-out set; train: July and August 2016, the tuning set; "
                         "check: May and June 2016, a second held-out set; spring: March and April 2016, a third; "
                         "winter-1, winter-2: November-December 2015 and January-February 2016, a fourth")
    ap.add_argument("--out", type=Path, required=True, help="JSON Lines for `wirewatch eval clusters`")
    args = ap.parse_args()
    if not (args.shared / "data" / "attribution" / "polnear" / SPLITS[args.split][1] / "text").is_dir():
        sys.exit(f"no PolNeAR {SPLITS[args.split][1]} texts under {args.shared}/data/attribution/polnear")
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in stream(args.shared, args.split):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
