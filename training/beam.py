"""Fine-tune a trained wirewatch pipeline with a beam-search objective for its parser.

    python training/beam.py --model src/wirewatch/nlp/model --out training/runs/beam \
        --steps 3000 --beam-width 4

The greedy parser of ``training/configs/joint.cfg`` learns from one oracle path per sentence;
a beam parser is updated on whole competing analyses (spaCy's ``update_beam``: the gold
parse against the beam's best wrong ones), which can fix the early, locally tempting
attachments a greedy parser commits to. This script starts from the pipeline that already
ships (or any assembled pipeline) and keeps training every component on the joint corpus,
as the joint run did, with the parser's updates and predictions made through a beam. The
shared encoder therefore keeps learning from NER and tagging as well, so the NER does not
drift away from its encoder.

Every ``--eval-every`` steps the averaged weights are scored on UD EWT dev (spaCy's scorer)
and CoNLL-2003 dev; the best UD LAS is kept in ``OUT/model-best`` (with float16 storage, as
shipped). Needs ``training/corpus/`` from ``train.py --only convert``. Writes its log to
stdout (tab-separated: step, seconds, losses, dev scores).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = HERE / "corpus"


def load_for_training(model: Path):
    """The pipeline at ``model`` with its weights widened to float32 and none of the
    run-time components wirewatch adds at load (those are not part of the package)."""
    import spacy

    from wirewatch.nlp import architectures  # noqa: F401  (registers wirewatch's layers)
    from wirewatch.nlp.pipeline import _float32_vectors, _float32_weights

    nlp = spacy.load(model)
    _float32_vectors(nlp)
    _float32_weights(nlp)
    return nlp


def set_beam(nlp, width: int, density: float = 0.01, update_prob: float = 1.0) -> None:
    """Parse (and update) through a beam of ``width``; 1 is the greedy parser."""
    parser = nlp.get_pipe("parser")
    parser.cfg["beam_width"] = width
    parser.cfg["beam_density"] = density
    parser.cfg["beam_update_prob"] = update_prob if width > 1 else 0.0


def score(nlp, ud_dev, ner_dev) -> dict:
    ud = nlp.evaluate(ud_dev)
    ner = nlp.evaluate(ner_dev)
    return {"uas": ud["dep_uas"] * 100, "las": ud["dep_las"] * 100, "ents_f": ner["ents_f"] * 100}


def save(nlp, out: Path) -> None:
    sys.path.insert(0, str(HERE))
    from train import compact_weights
    from vectors import compact_on_disk

    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    compact_on_disk(out)
    compact_weights(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=REPO / "src/wirewatch/nlp/model")
    ap.add_argument("--out", type=Path, default=HERE / "runs" / "beam")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--beam-width", type=int, default=4)
    ap.add_argument("--learn-rate", type=float, default=0.0005)
    ap.add_argument("--batch-words", type=int, default=1000)
    ap.add_argument("--dropout", type=float, default=0.15)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from spacy.training import Corpus
    from spacy.training.batchers import minibatch_by_words
    from spacy.util import fix_random_seed
    from threadpoolctl import threadpool_limits

    limits = threadpool_limits(limits=1, user_api="blas")  # noqa: F841  (one core per run)
    fix_random_seed(args.seed)
    nlp = load_for_training(args.model)
    set_beam(nlp, args.beam_width)
    train = list(Corpus(CORPUS / "joint-train.spacy")(nlp))
    ud_dev = list(Corpus(CORPUS / "ud-dev.spacy")(nlp))
    ner_dev = list(Corpus(CORPUS / "ner-dev.spacy")(nlp))

    optimizer = nlp.resume_training()
    optimizer.learn_rate = args.learn_rate
    start = time.time()
    best = score(nlp, ud_dev, ner_dev)
    print("step\tseconds\tlosses\tuas\tlas\tents_f", flush=True)
    print(f"0\t{time.time() - start:.0f}\t-\t{best['uas']:.2f}\t{best['las']:.2f}\t"
          f"{best['ents_f']:.2f}", flush=True)
    save(nlp, args.out / "model-best")
    step, losses = 0, {}
    rng = random.Random(args.seed)
    while step < args.steps:
        rng.shuffle(train)
        for batch in minibatch_by_words(train, size=args.batch_words, tolerance=0.2):
            nlp.update(batch, drop=args.dropout, sgd=optimizer, losses=losses)
            step += 1
            if step % args.eval_every == 0 or step == args.steps:
                with nlp.use_params(optimizer.averages):
                    now = score(nlp, ud_dev, ner_dev)
                    loss = ",".join(f"{k}={v:.0f}" for k, v in sorted(losses.items()))
                    print(f"{step}\t{time.time() - start:.0f}\t{loss}\t{now['uas']:.2f}\t"
                          f"{now['las']:.2f}\t{now['ents_f']:.2f}", flush=True)
                    if now["las"] > best["las"]:
                        best = now
                        save(nlp, args.out / "model-best")
                losses = {}
            if step >= args.steps:
                break
    print(f"best\t{best}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
