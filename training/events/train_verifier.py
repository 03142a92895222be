"""Train the event verifier (wirewatch.events.verify) on events labelled right or wrong by readers.

Each labelled stream is a store built by ``wirewatch run`` over a real-news stream
(``training/stories/polnear_stream.py``, ``training/stories/conll_stream.py``) and a labels
file of keys (``training/events/realnews-*.jsonl``). The store's events that a label covers
are the training rows; events no label covers are left out. The sentences stay in the stores
(built from ../shared); the model holds feature weights only.

    python training/events/train_verifier.py cv STREAM=STORE.db ... --labels L.jsonl ...
    python training/events/train_verifier.py fit STREAM=STORE.db ... --labels L.jsonl ... \\
        --threshold 0.3 --out src/wirewatch/events/model

``cv`` reads each stream with a model fitted on the others (leave one stream out) and prints,
per threshold, the share of right and of wrong events kept, pooled over the held-out readings.
``score`` reads held-out streams with the verifier the events stage would use (the shipped
one, or the folder ``WIREWATCH_EVENT_VERIFIER`` names). ``from-pairs PAIRS --stream NAME --out
LABELS`` turns ``wirewatch eval extraction --predictions`` output into labels.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.events.linear import fit  # noqa: E402
from wirewatch.events.verify import features, load_verifier, verifier_dir  # noqa: E402
from wirewatch.nlp.stage import docs_for  # noqa: E402
from wirewatch.store import open_store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realnews_precision import key, load_labels  # noqa: E402

PARAMS = {"l2": 1e-2, "epochs": 200, "lr": 0.05, "min_count": 2}
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def rows_of(store_path: Path, labels: dict[tuple, bool]) -> tuple[list[list[str]], list[str]]:
    store = open_store(store_path)
    kinds: dict[str, str | None] = {}

    def kind_of(entity_id: str) -> str | None:
        if entity_id not in kinds:
            e = store.get_entity(entity_id)
            kinds[entity_id] = e.type if e is not None else None
        return kinds[entity_id]

    texts: dict[str, str] = {}
    events = store.article_events()
    docs = docs_for(store, sorted({e.evidence.article_id for e in events}))
    by_article: dict[str, list] = {}
    for e in events:
        by_article.setdefault(e.evidence.article_id, []).append(e)
    rows, ys, seen = [], [], set()
    for e in events:
        k = key(e.evidence.article_id, e.evidence.start, e.type, [a.text for a in e.actors],
                [a.text for a in e.recipients])
        if k not in labels or k in seen:
            continue
        seen.add(k)
        aid = e.evidence.article_id
        if aid not in texts:
            texts[aid] = store.get_article(aid).text
        rows.append(features(e, texts[aid], kind_of, docs.get(aid), by_article[aid]))
        ys.append("right" if labels[k] else "wrong")
    return rows, ys


def load_streams(specs: list[str], label_files: list[Path]) -> dict[str, tuple[list, list]]:
    labels: dict[tuple, bool] = {}
    for path in label_files:
        labels.update(load_labels(path))
    out = {}
    for spec in specs:
        name, _, path = spec.partition("=")
        out[name] = rows_of(Path(path), labels)
        rights = out[name][1].count("right")
        print(f"{name}: {len(out[name][1])} labelled events, {rights} right", file=sys.stderr)
    return out


def right_probability(model, rows) -> np.ndarray:
    return model.scores_many(rows)[:, model.classes.index("right")]


def cross_validate(streams: dict[str, tuple[list, list]]) -> None:
    pooled_p, pooled_y = [], []
    for held in streams:
        rows = [r for n, (rs, _) in streams.items() if n != held for r in rs]
        ys = [y for n, (_, yl) in streams.items() if n != held for y in yl]
        model = fit(rows, ys, **PARAMS)
        p = right_probability(model, streams[held][0])
        y = np.array([v == "right" for v in streams[held][1]])
        pooled_p.append(p)
        pooled_y.append(y)
        print(json.dumps({"held_out": held, "events": len(y), "right": int(y.sum()),
                          **{f"{t}": _kept(p, y, t) for t in THRESHOLDS}}))
    p, y = np.concatenate(pooled_p), np.concatenate(pooled_y)
    print(json.dumps({"held_out": "pooled", "events": len(y), "right": int(y.sum()), "auc": _auc(p, y),
                      **{f"{t}": _kept(p, y, t) for t in THRESHOLDS}}))


def score_shipped(streams: dict[str, tuple[list, list]]) -> None:
    """The verifier the events stage would use on labelled streams it was
    not trained on: per stream and pooled, at its own threshold and at the others."""
    folder = verifier_dir()
    if folder is None:
        raise SystemExit("score: WIREWATCH_EVENT_VERIFIER=off names no verifier to score")
    verifier = load_verifier(folder)
    pooled_p, pooled_y = [], []
    for name, (rows, ys) in streams.items():
        p = right_probability(verifier.model, rows)
        y = np.array([v == "right" for v in ys])
        pooled_p.append(p)
        pooled_y.append(y)
        print(json.dumps({"stream": name, "events": len(y), "right": int(y.sum()), "auc": _auc(p, y),
                          "precision_without": round(float(y.mean()), 3),
                          f"at {verifier.threshold}": _kept(p, y, verifier.threshold)}))
    p, y = np.concatenate(pooled_p), np.concatenate(pooled_y)
    print(json.dumps({"stream": "pooled", "events": len(y), "right": int(y.sum()), "auc": _auc(p, y),
                      "precision_without": round(float(y.mean()), 3),
                      **{f"at {t}": _kept(p, y, t) for t in (verifier.threshold, *THRESHOLDS)}}))


def _auc(p: np.ndarray, y: np.ndarray) -> float:
    """The chance that a right event scores above a wrong one (ties count half)."""
    pos, neg = p[y], p[~y]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return round(float(wins / (len(pos) * len(neg))), 3)


def _kept(p: np.ndarray, y: np.ndarray, t: float) -> dict:
    keep = p >= t
    return {"right_kept": round(float(keep[y].mean()), 3) if y.any() else None,
            "wrong_kept": round(float(keep[~y].mean()), 3) if (~y).any() else None,
            "precision": round(float(y[keep].mean()), 3) if keep.any() else None}


def labels_from_pairs(pairs: Path, out: Path, stream: str) -> None:
    """Labels for the events of an extraction set, from `wirewatch eval extraction GOLD
    --predictions PAIRS` (run with WIREWATCH_EVENT_VERIFIER=off): an event that matches a gold
    event is right, any other is wrong (the sets' gold lists every event of their articles)."""

    def texts(sides: list[str]) -> list[str]:
        return [s.rsplit(" (", 1)[0] for s in sides]

    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for line in pairs.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            p = row.get("predicted")
            if p is None:
                continue
            fh.write(json.dumps({"stream": stream, "article_id": p["article_id"], "start": p["start"],
                                 "type": p["type"], "modality": p["modality"], "actors": texts(p["actors"]),
                                 "recipients": texts(p["recipients"]), "correct": row["status"] == "tp"}) + "\n")
            n += 1
    print(f"{out}: {n} labels")


def main() -> None:
    if sys.argv[1:2] == ["from-pairs"]:
        ap = argparse.ArgumentParser(description=labels_from_pairs.__doc__)
        ap.add_argument("cmd")
        ap.add_argument("pairs", type=Path)
        ap.add_argument("--stream", required=True)
        ap.add_argument("--out", type=Path, required=True)
        args = ap.parse_args()
        labels_from_pairs(args.pairs, args.out, args.stream)
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cmd", choices=("cv", "fit", "score"))
    ap.add_argument("streams", nargs="+", help="NAME=STORE.db")
    ap.add_argument("--labels", type=Path, action="append", required=True)
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    streams = load_streams(args.streams, args.labels)
    if args.cmd == "cv":
        cross_validate(streams)
        return
    if args.cmd == "score":
        score_shipped(streams)
        return
    if args.threshold is None or args.out is None:
        ap.error("fit needs --threshold and --out")
    rows = [r for rs, _ in streams.values() for r in rs]
    ys = [y for _, yl in streams.values() for y in yl]
    model = fit(rows, ys, **PARAMS)
    args.out.mkdir(parents=True, exist_ok=True)
    model.save(args.out / "verifier.npz")
    meta = {
        "name": "wirewatch-event-verifier",
        "version": dt.date.today().isoformat(),
        "method": "logistic regression over features of a finished event (wirewatch.events.verify.features)",
        "threshold": args.threshold,
        "params": PARAMS,
        "n_features": len(model.features),
        "training": {n: {"events": len(yl), "right": yl.count("right")} for n, (_, yl) in streams.items()},
        "labels": [str(p) for p in args.labels],
        "data": ("events wirewatch read in real-news streams, labelled right or wrong by blind readers "
                 "(the label files above: keys and labels only, wirewatch's own). Texts: PolNeAR "
                 "(political news, 2016; research corpus, no licence stated) and CoNLL-2003 (Reuters RCV1, "
                 "research use), read from ../shared for training only. Also the events of wirewatch's own "
                 "extraction dev set (examples/events/dev.jsonl; training/events/extraction-dev-labels.jsonl: "
                 "right = matches a gold event), so that the arms-transfer news the layer is for stays in view. "
                 "Feature names hold single stemmed words and parse labels; no sentence is in the model."),
    }
    (args.out / "verifier.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out / 'verifier.npz'}: {len(model.features)} features, threshold {args.threshold}")


if __name__ == "__main__":
    main()
