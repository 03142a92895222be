"""Train the biaffine dependency parser over the shipped pipeline's frozen encoder.

    python training/biaffine/train.py --shared ../shared [--model src/wirewatch/nlp/model]
        [--hidden 200 --layers 2 --epochs 14] --out src/wirewatch/nlp/model/biaffine

1. Features: the pipeline's shared ``tok2vec`` output (``doc.tensor``) and the tagger's
   tags for every UD EWT sentence (gold words, one sentence per Doc, as ``wirewatch eval
   parse`` reads them). The encoder is not trained here: the NER, tagger and lemmatizer
   that share it are untouched.
2. A two-layer BiLSTM, biaffine arc scorer and bilinear labeller (Dozat & Manning 2017)
   trained with PyTorch on EWT train; the epoch with the best dev UAS (greedy heads) is kept.
3. The weights are written for ``wirewatch.nlp.biaffine.BiaffineModel`` (numpy, float16
   on disk), so wirewatch runs the parser without torch.

Needs torch (``pip install -r training/requirements-vectors.txt``, CPU build). About 40 s an
epoch on one core of the development machine for the default size.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))


def extract(model: str | None, path: Path) -> list[tuple[np.ndarray, list[str], list[int], list[str]]]:
    """(encoder output, predicted tags, gold heads, gold relations) per sentence of ``path``."""
    from spacy.tokens import Doc

    from wirewatch.evaluate.parse import read_conllu
    from wirewatch.nlp.pipeline import load_pipeline

    nlp = load_pipeline(model)
    sentences = read_conllu(path)
    docs = (Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sentences)
    out = []
    with nlp.select_pipes(enable=["tok2vec", "tagger"]):
        for s, doc in zip(sentences, nlp.pipe(docs, batch_size=64)):
            out.append((doc.tensor.astype(np.float32), [t.tag_ for t in doc], s.heads, s.deprels))
    return out


def build(args, tags: list[str], labels: list[str], width: int):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    class Parser(nn.Module):
        # Parameter names are the keys BiaffineModel reads.
        def __init__(self) -> None:
            super().__init__()
            d = width + args.tag_width
            self.tag = nn.Embedding(len(tags) + 1, args.tag_width)
            self.root = nn.Parameter(torch.zeros(d))
            self.lstm = nn.LSTM(d, args.hidden, num_layers=args.layers, bidirectional=True, batch_first=True,
                                dropout=args.dropout if args.layers > 1 else 0.0)
            o = 2 * args.hidden
            self.ad, self.ah = nn.Linear(o, args.arc), nn.Linear(o, args.arc)
            self.ld, self.lh = nn.Linear(o, args.label), nn.Linear(o, args.label)
            self.U = nn.Parameter(torch.zeros(args.arc, args.arc))
            self.u = nn.Parameter(torch.zeros(args.arc))
            self.W = nn.Parameter(torch.zeros(len(labels), args.label + 1, args.label + 1))
            self.drop = nn.Dropout(args.dropout)

        def forward(self, X, T, lengths, mask):
            h = torch.cat([X, self.tag(T)], -1)
            h[:, 0] = self.root
            h = self.drop(h)
            packed = pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
            h, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=X.shape[1])
            h = self.drop(h)
            ad = self.drop(F.leaky_relu(self.ad(h), 0.1))
            ah = self.drop(F.leaky_relu(self.ah(h), 0.1))
            S = torch.einsum("bid,de,bje->bij", ad, self.U, ah) + (ah @ self.u)[:, None, :]
            S = S.masked_fill(~mask[:, None, :], -1e9)
            ld = self.drop(F.leaky_relu(self.ld(h), 0.1))
            lh = self.drop(F.leaky_relu(self.lh(h), 0.1))
            return S, ld, lh

        def label_scores(self, ld, lh, heads):
            hh = torch.gather(lh, 1, heads.clamp(min=0)[..., None].expand(-1, -1, lh.shape[-1]))
            one = torch.ones(*ld.shape[:2], 1)
            return torch.einsum("bid,lde,bie->bil", torch.cat([ld, one], -1), self.W, torch.cat([hh, one], -1))

    return Parser()


def batches(data, tokens: int) -> list[list[int]]:
    order = sorted(range(len(data)), key=lambda i: len(data[i][2]))
    out, cur, n = [], [], 0
    for i in order:
        cur.append(i)
        n += len(data[i][2])
        if n >= tokens:
            out.append(cur)
            cur, n = [], 0
    if cur:
        out.append(cur)
    return out


def tensors(data, batch, tag_index, label_index, width):
    import torch

    L = max(len(data[i][2]) for i in batch) + 1
    X = torch.zeros(len(batch), L, width)
    T = torch.zeros(len(batch), L, dtype=torch.long)
    H = torch.full((len(batch), L), -100, dtype=torch.long)
    R = torch.full((len(batch), L), -100, dtype=torch.long)
    M = torch.zeros(len(batch), L, dtype=torch.bool)
    lengths = []
    for k, i in enumerate(batch):
        x, tags, heads, rels = data[i]
        n = len(heads)
        X[k, 1 : n + 1] = torch.from_numpy(x)
        T[k, 1 : n + 1] = torch.tensor([tag_index.get(t, 0) for t in tags])
        H[k, 1 : n + 1] = torch.tensor(heads)
        R[k, 1 : n + 1] = torch.tensor([label_index.get(r, 0) for r in rels])
        M[k, : n + 1] = True
        lengths.append(n + 1)
    return X, T, H, R, M, torch.tensor(lengths)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", default=None, help="pipeline whose encoder is read (default: the bundled one)")
    ap.add_argument("--out", type=Path, default=ROOT / "src/wirewatch/nlp/model/biaffine")
    ap.add_argument("--hidden", type=int, default=200)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--arc", type=int, default=256)
    ap.add_argument("--label", type=int, default=96)
    ap.add_argument("--tag-width", type=int, default=32)
    ap.add_argument("--dropout", type=float, default=0.33)
    ap.add_argument("--epochs", type=int, default=14)
    ap.add_argument("--batch-tokens", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tag-map", default="",
                    help="tags read as one, e.g. 'VBD:VBD|VBN,VBN:VBD|VBN' (the tagger confuses them on news)")
    ap.add_argument("--tag-dropout", type=float, default=0.0,
                    help="share of training words whose tag is hidden (the tagger is right on nearly every "
                         "training word it learnt from, far less often on news: the parser must not lean on it)")
    ap.add_argument("--ema", type=float, default=0.0,
                    help="evaluate and keep an exponential moving average of the weights with this decay (0: off)")
    args = ap.parse_args()

    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    from wirewatch.nlp.biaffine import BiaffineModel

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    ud = args.shared / "data/ud/en_ewt"
    t0 = time.time()
    train, dev = extract(args.model, ud / "en_ewt-ud-train.conllu"), extract(args.model, ud / "en_ewt-ud-dev.conllu")
    print(f"features: {len(train)} train and {len(dev)} dev sentences ({time.time() - t0:.0f} s)", flush=True)
    tag_map = dict(pair.split(":", 1) for pair in args.tag_map.split(",") if pair)
    train = [(x, [tag_map.get(t, t) for t in ts], h, r) for x, ts, h, r in train]
    dev = [(x, [tag_map.get(t, t) for t in ts], h, r) for x, ts, h, r in dev]
    width = train[0][0].shape[1]
    tags = sorted({t for _, ts, _, _ in train for t in ts})
    labels = sorted({r for _, _, _, rs in train for r in rs})
    tag_index = {t: i + 1 for i, t in enumerate(tags)}
    label_index = {r: i for i, r in enumerate(labels)}
    model = build(args, tags, labels, width)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, betas=(0.9, 0.9))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 0.75 ** (step / 2500))
    train_batches, dev_batches = batches(train, args.batch_tokens), batches(dev, 3000)

    average = {k: v.detach().clone() for k, v in model.state_dict().items()} if args.ema else None

    def dev_scores() -> tuple[float, float]:
        if average is not None:  # score the averaged weights; training goes on from the raw ones
            raw = {k: v.detach().clone() for k, v in model.state_dict().items()}
            model.load_state_dict(average)
        model.eval()
        n = uas = las = 0
        with torch.no_grad():
            for b in dev_batches:
                X, T, H, R, M, lengths = tensors(dev, b, tag_index, label_index, width)
                S, ld, lh = model(X, T, lengths, M)
                heads = S.argmax(-1)
                rels = model.label_scores(ld, lh, heads).argmax(-1)
                valid = H != -100
                n += valid.sum().item()
                uas += ((heads == H) & valid).sum().item()
                las += ((heads == H) & (rels == R) & valid).sum().item()
        model.train()
        if average is not None:
            model.load_state_dict(raw)
        return 100 * uas / n, 100 * las / n

    best, best_state, log = -1.0, None, []
    for epoch in range(1, args.epochs + 1):
        t = time.time()
        random.shuffle(train_batches)
        total = 0.0
        for b in train_batches:
            X, T, H, R, M, lengths = tensors(train, b, tag_index, label_index, width)
            if args.tag_dropout:
                T = T.masked_fill(torch.rand(T.shape) < args.tag_dropout, 0)  # 0: an unknown tag
            S, ld, lh = model(X, T, lengths, M)
            loss = F.cross_entropy(S.reshape(-1, S.shape[-1]), H.reshape(-1), ignore_index=-100)
            scores = model.label_scores(ld, lh, H)
            loss = loss + F.cross_entropy(scores.reshape(-1, scores.shape[-1]), R.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            total += loss.item()
            if average is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        average[k].mul_(args.ema).add_(v, alpha=1 - args.ema)
        uas, las = dev_scores()
        log.append({"epoch": epoch, "loss": round(total / len(train_batches), 4), "dev_uas_greedy": round(uas, 2),
                    "dev_las_greedy": round(las, 2), "seconds": round(time.time() - t)})
        print(json.dumps(log[-1]), flush=True)
        if uas > best:
            best = uas
            best_state = {k: v.detach().clone() for k, v in (average or model.state_dict()).items()}
    weights = {k: v.numpy() for k, v in best_state.items()}
    BiaffineModel(weights, tags, labels, tag_map).save(args.out)
    settings = {k: getattr(args, k) for k in ("hidden", "layers", "arc", "label", "tag_width", "dropout", "epochs",
                                               "batch_tokens", "seed", "ema", "tag_dropout", "tag_map")}
    (args.out / "training.json").write_text(json.dumps({"settings": settings, "log": log}, indent=1), encoding="utf-8")
    print(f"best dev UAS (greedy) {best:.2f}; written to {args.out}")


if __name__ == "__main__":
    main()
