"""How well `wirewatch/topic.py` tells sports copy by its words, with headline desk tags as labels.

    python training/events/sports_check.py /tmp/conll-train.jsonl /tmp/conll-valid.jsonl \
        --clean /tmp/polnear-*.jsonl

Reuters tags its sports copy in the headline ("SOCCER - ...", "CRICKET - ..."), so a stream
built by ``training/stories/conll_stream.py`` labels itself: this prints how many tagged
articles the words alone find (the desk tag is left out of the test) and which untagged
articles they flag. Files after ``--clean`` hold no sports copy (PolNeAR's political news,
``training/stories/polnear_stream.py``): every article they flag is a false one. Numbers are in
docs/events.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from wirewatch.topic import desk_tag, is_sports_copy  # noqa: E402


def _articles(paths: list[str]) -> list[dict]:
    return [json.loads(line) for p in paths for line in Path(p).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tagged", nargs="+", help="JSON Lines streams whose headlines carry desk tags")
    ap.add_argument("--clean", nargs="*", default=[], help="JSON Lines streams with no sports copy")
    args = ap.parse_args()
    tagged = _articles(args.tagged)
    by_words = [is_sports_copy("", a["text"]) for a in tagged]  # the words alone, no headline
    sports = [desk_tag(a.get("title", "")) for a in tagged]
    found = sum(w and s for w, s in zip(by_words, sports))
    print(f"tagged streams: {len(tagged)} articles, {sum(sports)} with a sports desk tag; "
          f"the words find {found} ({found / max(1, sum(sports)):.0%})")
    for a, w, s in zip(tagged, by_words, sports):
        if w and not s:
            print(f"  flagged without a tag: {a.get('title', '')[:80]}")
    clean = _articles(args.clean)
    flagged = [a.get("title", "")[:80] for a in clean if is_sports_copy(a.get("title", ""), a["text"])]
    print(f"clean streams: {len(clean)} articles, {len(flagged)} flagged")
    for t in flagged:
        print(f"  {t}")


if __name__ == "__main__":
    main()
