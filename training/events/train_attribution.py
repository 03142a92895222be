"""Learn the attribution cue lexicon from PolNeAR's training articles.

    . .venv/bin/activate
    nice -n 10 taskset -c 0 python training/events/train_attribution.py --shared ../shared

For every word stem, how often is it the head of an annotated attribution Cue, out of all its
occurrences in the train texts? Stems seen at least ``MIN_COUNT`` times as cue heads and with
a cue rate of at least ``MIN_RATE`` go into ``src/wirewatch/claims/data/cues.json`` with their
rate. Then parses ``--articles`` train articles and fits the cue filter
(``claims/model/cue_model.npz``, see ``wirewatch.claims.cue_model``). Only ``train/`` is read;
``dev/`` is kept for `wirewatch eval attribution`. A few minutes on one core.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.claims.cues import cue_head, cue_rates  # noqa: E402
from wirewatch.evaluate.attribution import read_ann, read_corpus  # noqa: E402
from wirewatch.events.text import stem, tokenize  # noqa: E402

OUT = ROOT / "src" / "wirewatch" / "claims" / "data" / "cues.json"
MIN_COUNT = 3
MIN_RATE = 0.12


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", default=None, help="spaCy pipeline to parse with (default: "
                    "$WIREWATCH_NLP_MODEL, else wirewatch's bundled model)")
    ap.add_argument("--articles", type=int, default=400,
                    help="train articles parsed for the cue filter (default 400)")
    args = ap.parse_args(argv)
    train = args.shared / "data" / "attribution" / "polnear" / "train"
    if not (train / "text").is_dir():
        print(f"error: {train}/text not found (give --shared PATH)", file=sys.stderr)
        return 2
    as_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    articles = 0
    for name, text, ann_path in read_corpus(train):
        articles += 1
        for tok, _, _ in tokenize(text):
            total[stem(tok)] += 1
        seen = set()
        for span in read_ann(ann_path, text)["cue"]:
            if span in seen:
                continue
            seen.add(span)
            head = cue_head(text[span[0]:span[1]])
            if head:
                as_cue[head] += 1
    lexicon = {}
    for head, n in as_cue.items():
        denom = total[head.split()[0]] if " " not in head else n
        rate = n / max(denom, n)
        if n >= MIN_COUNT and rate >= MIN_RATE:
            lexicon[head] = {"rate": round(rate, 3), "n": n}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    meta = {"_about": "attribution cue heads learned from PolNeAR train "
                      f"({articles} articles; research corpus, no licence stated: only these "
                      "counts are kept, no text); rate = share of the stem's occurrences that "
                      "head an annotated Cue", "_min_count": MIN_COUNT, "_min_rate": MIN_RATE}
    OUT.write_text(json.dumps({**meta, "cues": dict(sorted(lexicon.items()))}, indent=0) + "\n",
                   encoding="utf-8")
    print(f"{len(lexicon)} cue heads from {articles} articles -> {OUT}", file=sys.stderr)
    cue_rates.cache_clear()
    return train_cue_model(train, args.model, args.articles)


def train_cue_model(train: Path, model_name: str | None, n_articles: int) -> int:
    """Fit the cue filter on parsed train articles; the last fifth picks the threshold."""
    from wirewatch.claims.cue_model import MODEL, candidate_head, features
    from wirewatch.claims.quotes import find_quotes
    from wirewatch.events.linear import fit
    from wirewatch.nlp import load_pipeline

    nlp = load_pipeline(model_name)
    docs = list(read_corpus(train))[:n_articles]
    rows, labels, groups = [], [], []
    for k, (name, text, ann) in enumerate(docs):
        gold = read_ann(ann, text)["cue"]
        doc = nlp(text)
        quotes = find_quotes(text)
        for tok in doc:
            head = candidate_head(tok)
            if head is None:
                continue
            in_quote = any(q[0] < tok.idx < q[1] for q in quotes)
            sent = tok.sent
            has_q = any(q[0] < sent.end_char and q[1] > sent.start_char for q in quotes)
            rows.append(features(tok, head, in_quote, has_q))
            hit = any(s <= tok.idx < e for s, e in gold)
            labels.append("cue" if hit else "no")
            groups.append(k)
    cut = int(len(docs) * 0.8)
    tr = [i for i, g in enumerate(groups) if g < cut]
    te = [i for i, g in enumerate(groups) if g >= cut]
    model = fit([rows[i] for i in tr], [labels[i] for i in tr], l2=1e-3, epochs=200)
    ci = model.classes.index("cue")
    best = (0.0, 0.5)
    for th in [x / 20 for x in range(4, 16)]:
        tp = sum(1 for i in te if model.scores(rows[i])[ci] >= th and labels[i] == "cue")
        fp = sum(1 for i in te if model.scores(rows[i])[ci] >= th and labels[i] != "cue")
        fn = sum(1 for i in te if model.scores(rows[i])[ci] < th and labels[i] == "cue")
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, th))
    print(f"cue filter: {len(tr)} train / {len(te)} held-out candidates; held-out F1 "
          f"{best[0]:.3f} at threshold {best[1]}", file=sys.stderr)
    final = fit(rows, labels, l2=1e-3, epochs=200)
    final.save(MODEL)
    print(f"wrote {MODEL} (threshold to use: {best[1]})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
