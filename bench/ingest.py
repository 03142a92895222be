"""End-to-end ingest throughput: N .txt files (~600 words, header block) → store, with dedup.

    python bench/ingest.py --n 20000

Prints files/s for reading + normalising + storing (one transaction per batch), the dedup
stage separately, store size and peak RSS. Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wirewatch import pipeline  # noqa: E402
from wirewatch.config import Settings  # noqa: E402
from wirewatch.store import open_store  # noqa: E402

VOCAB_SEED = ("ministry officials said shipment artillery shells border port inspectors satellite images rail "
              "containers diplomats capital denied transfer weapons ammunition front sanctions resolution "
              "council envoy talks deal missile launch drone strike vessel cargo crew navy coast guard "
              "president minister spokesman agency statement report intelligence analysts warned confirmed").split()


def write_corpus(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    # English-like: function words are ~40% of running news text
    function = "the of and to in a that for on with as by was has is were it from at".split()
    vocab = function + VOCAB_SEED + [f"term{i}" for i in range(3000)]
    weights = [4.0] * len(function) + [1.0 / (i + 1) for i in range(len(vocab) - len(function))]
    for i in range(n):
        words = rng.choices(vocab, weights=weights, k=600)
        paras = [" ".join(words[j:j + 100]).capitalize() + "." for j in range(0, 600, 100)]
        (folder / f"{i:06d}.txt").write_text(
            f"Title: Report {i}\nDate: 2024-01-{1 + i % 28:02d}\nSource: Wire {i % 50}\n"
            f"URL: https://bench.example/{i}\n\n" + "\n\n".join(paras), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "txt"
        folder.mkdir()
        write_corpus(folder, args.n, args.seed)
        db = Path(tmp) / "bench.db"
        store = open_store(db)
        settings = Settings()
        t = time.perf_counter()
        summary = pipeline.ingest(store, [str(folder)], settings)
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        pipeline.run_stages(store, pipeline.stages_upto("dedup"), batch_size=settings.batch_size)
        dedup_s = time.perf_counter() - t
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
    print(json.dumps({
        "files": args.n,
        "stored": summary.added,
        "ingest_seconds": round(ingest_s, 1),
        "ingest_files_per_s": round(args.n / ingest_s, 1),
        "dedup_seconds": round(dedup_s, 1),
        "end_to_end_files_per_s": round(args.n / (ingest_s + dedup_s), 1),
        "store_bytes_per_article": round(size / max(summary.added, 1)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }, indent=2))


if __name__ == "__main__":
    main()
