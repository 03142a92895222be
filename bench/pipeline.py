"""Full-pipeline benchmark: ingest → every analysis stage → briefing, on a synthetic corpus.

Builds N ~600-word articles from the sample corpus (paragraphs of one story recombined, with
word-level edits so they are not copies, dates jittered) as .txt files, then times ingest and
each stage separately, and reports articles/s, per-stage seconds and peak RSS.

    python bench/pipeline.py --n 2000

Not a test: it prints figures for docs/benchmarks.md. The parse is matrix products, so its
speed depends on the BLAS kernels numpy's OpenBLAS runs; ``blas_kernels`` in the output says
which ran. Where the machine forces older kernels (``OPENBLAS_CORETYPE``, see
docs/benchmarks.md), ``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python bench/pipeline.py``
measures what OpenBLAS chooses by itself.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch import pipeline  # noqa: E402
from wirewatch.brief import write_briefing  # noqa: E402
from wirewatch.config import Settings  # noqa: E402
from wirewatch.ingest import Ingester  # noqa: E402
from wirewatch.records import Article  # noqa: E402
from wirewatch.store import open_store  # noqa: E402

FILLER = ("officials analysts diplomats reported confirmed warned noted described shipment launch talks sanctions "
          "missiles ammunition drones vessel port border agreement statement ministry military intelligence").split()


def build_corpus(folder: Path, n: int, seed: int) -> int:
    rng = random.Random(seed)
    labels = json.loads((ROOT / "examples/corpus/labels.json").read_text())
    by_story = defaultdict(list)
    ing = Ingester(Settings())
    story_of = {e["url"] or str(ROOT / "examples/corpus" / e["file"]): e["story"] for e in labels["articles"]}
    for a in ing.read([str(ROOT / "examples/corpus")]):
        if isinstance(a, Article):
            by_story[story_of[a.url or a.path]].append(a)
    stories = sorted(by_story)
    words_total = 0
    for i in range(n):
        story = rng.choice(stories)
        paras = [p for a in by_story[story] for p in a.paragraphs]
        rng.shuffle(paras)
        body, count = [], 0
        for p in paras:
            words = p.split()
            for _ in range(max(1, len(words) // 12)):  # ~8% word edits: never a copy
                words[rng.randrange(len(words))] = rng.choice(FILLER)
            body.append(" ".join(words))
            count += len(words)
            if count >= 600:
                break
        words_total += count
        day = date(2023, 6, 1) + timedelta(days=rng.randrange(300))
        (folder / f"{i:05d}.txt").write_text(
            f"Title: {story} report {i}\nDate: {day.isoformat()}\nSource: Bench Wire {i % 40}\n"
            f"URL: https://bench.example/{i}\n\n" + "\n\n".join(body), encoding="utf-8")
    return words_total


def _blas_kernels() -> str:
    """The kernels numpy's BLAS runs (OpenBLAS names them after a CPU: "Haswell", "SkylakeX")."""
    from threadpoolctl import threadpool_info

    return ", ".join(sorted({str(i.get("architecture")) for i in threadpool_info() if i.get("user_api") == "blas"}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        words = build_corpus(corpus, args.n, args.seed)
        store = open_store(Path(tmp) / "bench.db")
        settings = Settings.from_env()  # WIREWATCH_BATCH_SIZE etc., as the product reads them
        timings = {}
        t0 = time.perf_counter()
        summary = pipeline.ingest(store, [str(corpus)], settings)
        timings["ingest"] = time.perf_counter() - t0
        for stage in pipeline.default_stages():
            t = time.perf_counter()
            pipeline.run_stages(store, [stage], batch_size=settings.batch_size)
            timings[stage.name] = time.perf_counter() - t
        t = time.perf_counter()
        write_briefing(store, Path(tmp) / "out")
        timings["brief"] = time.perf_counter() - t
        total = sum(timings.values())
        n_stories = len(store.stories())
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the stages' worker processes (forked per batch, two at a time): the largest one's peak
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({
        "articles": summary.added,
        "words_per_article": round(words / args.n),
        "stories": n_stories,
        "seconds": {k: round(v, 2) for k, v in timings.items()},
        "total_seconds": round(total, 2),
        "articles_per_s": round(summary.added / total, 1),
        "peak_rss_mb": round(peak_mb),  # this process
        "peak_worker_rss_mb": round(child_mb),  # the largest worker; two run beside this process
        "peak_total_bound_mb": round(peak_mb + 2 * child_mb),  # at most this much at once (shared pages counted twice)
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "blas_kernels": _blas_kernels(),
    }, indent=2))


if __name__ == "__main__":
    main()
