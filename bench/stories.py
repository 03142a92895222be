"""Story clustering at scale: does the cost per article stay flat as stories pile up?

Builds a synthetic stream of N articles in S = N / 5 stories, four new stories a day (so a
longer stream, not a denser one; each story a handful of topic words and two made-up names,
articles written from them plus common words, a story living two weeks), writes it in the Miranda et al. format, and runs the same online
clustering as `wirewatch eval clusters --text-only` (dedup and stories stages, no parse).
Prints articles/s, the story count and peak RSS per size, so the sizes can be compared.

    python bench/stories.py --sizes 1000 4000 16000

Not a test: it prints figures for docs/benchmarks.md. The stories are easy to tell apart
(the B-cubed it prints is a sanity check, not a quality figure).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.evaluate.clusters import evaluate_clusters  # noqa: E402
from wirewatch.stories.features import background  # noqa: E402

STORIES_PER_DAY = 4  # the stream's density stays the same at every size: only its length grows
SYLLABLES = "ka ro mi ta se lu va no ri de sho pan tel mar gon vis ar el".split()


def vocabulary() -> tuple[list[str], list[str]]:
    """(rarer words for topics, common words for filler) from the shipped background table."""
    _, df = background()
    ranked = [w for w, _ in sorted(df.items(), key=lambda kv: -kv[1]) if w.isalpha()]
    return ranked[1000:9000], ranked[:600]


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def build(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    topic_words, common = vocabulary()
    n_stories = max(1, n // 5)
    start = date(2023, 1, 1)
    stories = []
    for s in range(n_stories):
        stories.append({
            "id": f"s{s}",
            "words": rng.sample(topic_words, 12),
            "names": [f"{name(rng)} {name(rng)}", name(rng)],
            "day": start + timedelta(days=s // STORIES_PER_DAY),
        })
    rows = []
    for i in range(n):
        st = stories[i % n_stories]
        words = []
        for _ in range(120):
            r = rng.random()
            words.append(rng.choice(st["words"]) if r < 0.25 else rng.choice(st["names"]) if r < 0.32
                          else rng.choice(common))
        day = st["day"] + timedelta(days=rng.randrange(14))
        title = " ".join([st["names"][0]] + rng.sample(st["words"], 4))
        rows.append({"id": str(i), "date": day.isoformat(), "title": title,
                     "text": " ".join(words).capitalize() + ".", "cluster": st["id"]})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "stream.jsonl"
            path.write_text("\n".join(json.dumps(r) for r in build(n, args.seed)), encoding="utf-8")
            out = evaluate_clusters(path, text_only=True)
        results.append({"articles": n, "gold_stories": out["gold_stories"],
                        "predicted_stories": out["predicted_stories"],
                        "articles_per_s": out["articles_per_s"], "bcubed_f1": out["bcubed"]["f1"],
                        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
        print(json.dumps(results[-1]), flush=True)
    print(json.dumps({"machine": f"{platform.machine()}, {platform.python_version()}"}))


if __name__ == "__main__":
    main()
