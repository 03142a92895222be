"""Build the background document-frequency table the story clusterer starts from.

With only a handful of articles, online IDF is noise; a background table from a few thousand
news documents gives sensible term weights from the first article on. Only terms seen in at
least MIN_DF documents are kept, and only their counts (no text) are stored.

    python training/stories/build_idf.py --shared ../shared

Sources (training/evaluation use; counts only are shipped):
- CoNLL-2003 English train (Reuters RCV1 news, 1996; research use): one document per -DOCSTART-.
- PolNeAR train texts (US political news, 2016; research corpus): one document per file.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from wirewatch.stories.features import terms

MIN_DF = 3


def conll_docs(path: Path):
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            if words:
                yield " ".join(words)
            words = []
        elif line.strip():
            words.append(line.split()[0])
    if words:
        yield " ".join(words)


def build(shared: Path, terms_of=terms) -> dict:
    """The background table's payload: document frequencies of ``terms_of`` over the sources."""
    data = shared / "data"
    df: Counter[str] = Counter()
    n = 0
    sources = []
    docs = list(conll_docs(data / "ner/conll2003/train.txt"))
    sources.append({"name": "CoNLL-2003 English train", "documents": len(docs), "licence": "research use (Reuters RCV1)"})
    polnear = sorted((data / "attribution/polnear/train/text").glob("*.txt"))
    sources.append({"name": "PolNeAR train texts", "documents": len(polnear), "licence": "research corpus, no licence stated"})
    for text in docs + [p.read_text(encoding="utf-8") for p in polnear]:
        df.update(set(terms_of(text)))
        n += 1
    kept = {t: c for t, c in df.items() if c >= MIN_DF}
    return {"documents": n, "min_df": MIN_DF, "sources": sources, "df": dict(sorted(kept.items()))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared", type=Path)
    ap.add_argument("--out", default=Path(__file__).resolve().parents[2] / "src/wirewatch/stories/data/background_df.json.gz", type=Path)
    args = ap.parse_args()
    payload = build(args.shared)
    n, kept = payload["documents"], payload["df"]
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump(payload, fh, separators=(",", ":"))
    print(f"{n} documents, {len(kept)} terms -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
