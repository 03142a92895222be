"""Put a trained biaffine parser into a pipeline directory in place of its transition parser.

    python training/biaffine/install.py --weights DIR [--model src/wirewatch/nlp/model] [--out DIR]

``--weights``: what training/biaffine/train.py wrote. The pipeline's ``parser`` becomes the
``wirewatch_biaffine_parser`` component (which finds sentences itself, so the
``sentence_guard`` the transition parser needed goes too); everything else is unchanged.
Without ``--out`` the pipeline directory is changed in place.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))


def install(model: Path, weights: Path, out: Path) -> None:
    from thinc.api import Config

    from wirewatch.nlp.biaffine import BIAFFINE_PARSER

    if out != model:
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(model, out)
    config = Config().from_disk(out / "config.cfg", interpolate=False)
    for name in ("parser", "sentence_guard"):
        config["components"].pop(name, None)
        config["initialize"]["components"].pop(name, None)
    config["components"]["parser"] = {"factory": BIAFFINE_PARSER}
    pipeline = [p for p in config["nlp"]["pipeline"] if p != "sentence_guard"]
    config["nlp"]["pipeline"] = pipeline
    config["training"]["frozen_components"] = [p for p in config["training"].get("frozen_components", [])
                                               if p != "sentence_guard"]
    config.to_disk(out / "config.cfg")
    for name in ("parser", "sentence_guard"):
        if (out / name).exists():
            shutil.rmtree(out / name)
    (out / "parser").mkdir()
    for f in ("cfg.json", "weights.npz", "training.json"):
        if (weights / f).exists():
            shutil.copy(weights / f, out / "parser" / f)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    for key in ("pipeline", "components"):
        meta[key] = [p for p in meta.get(key, []) if p != "sentence_guard"]
    meta.get("labels", {}).pop("sentence_guard", None)
    meta.setdefault("labels", {})["parser"] = json.loads((weights / "cfg.json").read_text())["labels"]
    meta["parser"] = {"architecture": "biaffine (Dozat & Manning 2017) over the frozen shared tok2vec, numpy",
                      "trained_by": "training/biaffine/train.py"}
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weights", type=Path, required=True)
    ap.add_argument("--model", type=Path, default=ROOT / "src/wirewatch/nlp/model")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    install(args.model, args.weights, args.out or args.model)


if __name__ == "__main__":
    main()
