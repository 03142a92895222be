"""How far two annotators' story labels agree: B-cubed and pairwise, the first file as gold.

    python training/stories/agreement.py training/stories/polnear-dev-stories.json \
        training/stories/second-annotator/polnear-dev-stories.json
    python training/stories/agreement.py training/stories/conll2003-stories.json \
        training/stories/second-annotator/conll2003-valid-stories.json --split valid

A label file is ``{"articles": {key: story}}`` or, for CoNLL, ``{"splits": {split: {"articles":
...}}}``. B-cubed F1 is symmetric in the two files (precision and recall swap).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.evaluate.clustering_metrics import bcubed, pairwise  # noqa: E402


def labels(path: Path, split: str | None) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if "splits" in data:
        if split is None:
            sys.exit(f"{path} holds splits ({', '.join(data['splits'])}): name one with --split")
        data = data["splits"][split]
    return {str(k): str(v) for k, v in data["articles"].items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("first", type=Path)
    ap.add_argument("second", type=Path)
    ap.add_argument("--split", help="the CoNLL split, for a file that holds several")
    args = ap.parse_args()
    a, b = labels(args.first, args.split), labels(args.second, args.split)
    if set(a) != set(b):
        sys.exit(f"the two files label different articles ({len(set(a) ^ set(b))} differ)")
    print(json.dumps({"articles": len(a), "stories": [len(set(a.values())), len(set(b.values()))],
                      "bcubed": bcubed(a, b), "pairwise": pairwise(a, b)}, indent=2))


if __name__ == "__main__":
    main()
