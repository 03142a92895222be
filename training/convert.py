"""Convert the shared training data into spaCy DocBin files under training/corpus/.

    python training/convert.py --shared ../shared

Writes (training/corpus/ is git-ignored; the data stays in ../shared, never in the repo):

    ner-train.spacy    CoNLL-2003 train.txt minus its last documents (the held-out slice)
    ner-heldout.spacy  the last ~1,000 sentences of train.txt, never used for training/tuning
    ner-heldout.txt    the same slice as a CoNLL file, for ``wirewatch eval ner``
    ner-dev.spacy      CoNLL-2003 valid.txt
    ud-train.spacy, ud-dev.spacy, ud-test.spacy   UD English EWT (CoNLL-U)
    news-train.spacy   wirewatch's own labelled news sentences (training/news/*.txt, written
                       for the project; see training/news/GUIDELINES.md)
    joint-train.spacy, joint-dev.spacy   all of the above in one file each, for the joint
                       training (configs/joint.cfg): a Doc is annotated for NER or for
                       tags/parse, never both; the news documents appear NEWS_REPEAT times
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

from wirewatch.evaluate.ner import Sentence, documents, read_conll  # noqa: E402

NER_DIR = Path("data/ner/conll2003")
UD_DIR = Path("data/ud/en_ewt")
HELDOUT_SENTENCES = 1000
NEWS_DIR = HERE / "news"
# The news sentences are ~7% of CoNLL's; seen twice per epoch they carry the
# conventions of current security news without outweighing CoNLL.
NEWS_REPEAT = 2


def _to_doc(vocab: Vocab, article: list[Sentence]) -> Doc:
    words = [w for s in article for w in s.words]
    ents = [t for s in article for t in s.tags]
    # Sentence starts are marked so the NER never sees a span crossing a sentence boundary
    # and the held-out doc keeps the original segmentation.
    starts = [i == 0 for s in article for i in range(len(s.words))]
    return Doc(vocab, words=words, ents=ents, sent_starts=starts)


def convert_ner(shared: Path, out: Path) -> dict[str, int]:
    vocab = Vocab()
    train = documents(read_conll(shared / NER_DIR / "train.txt"))
    # Hold out whole articles from the end until ~1,000 sentences: splitting inside an
    # article would leak its named entities into training.
    held: list[list[Sentence]] = []
    while train and sum(len(a) for a in held) < HELDOUT_SENTENCES:
        held.insert(0, train.pop())
    dev = documents(read_conll(shared / NER_DIR / "valid.txt"))
    counts = {}
    for name, arts in (("ner-train", train), ("ner-heldout", held), ("ner-dev", dev)):
        DocBin(docs=[_to_doc(vocab, a) for a in arts]).to_disk(out / f"{name}.spacy")
        counts[name] = sum(len(a) for a in arts)
    with (out / "ner-heldout.txt").open("w", encoding="utf-8") as fh:
        for art in held:
            fh.write("-DOCSTART- -X- -X- O\n\n")
            for s in art:
                fh.write("\n".join(s.lines) + "\n\n")
    return counts


def convert_ud(shared: Path, out: Path) -> dict[str, int]:
    from spacy.training.converters import conllu_to_docs

    counts = {}
    for split in ("train", "dev", "test"):
        text = (shared / UD_DIR / f"en_ewt-ud-{split}.conllu").read_text(encoding="utf-8")
        # 10 sentences per Doc: the parser learns sentence boundaries only if a Doc has several.
        docs = list(conllu_to_docs(text, n_sents=10, merge_subtokens=False, no_print=True))
        DocBin(docs=docs, store_user_data=False).to_disk(out / f"ud-{split}.spacy")
        counts[f"ud-{split}"] = sum(len(list(d.sents)) for d in docs)
    return counts


def convert_news(out: Path) -> dict[str, int]:
    sys.path.insert(0, str(HERE))
    from news_ner import read_markup, to_docs

    docs = [d for path in sorted(NEWS_DIR.glob("*.txt")) for d in to_docs(read_markup(path), path)]
    DocBin(docs=docs).to_disk(out / "news-train.spacy")
    return {"news-train": sum(len(list(d.sents)) for d in docs)}


def convert_joint(out: Path) -> dict[str, int]:
    """One train and one dev file holding both corpora. In dev the UD docs come first:
    spaCy's dependency scorer reports nothing (UAS 0) when the first dev doc has no parse."""
    vocab = Vocab()
    counts = {}
    train = ("ner-train", *("news-train",) * NEWS_REPEAT, "ud-train")
    for split, parts in (("train", train), ("dev", ("ud-dev", "ner-dev"))):
        docs = [d for part in parts for d in DocBin().from_disk(out / f"{part}.spacy").get_docs(vocab)]
        DocBin(docs=docs, store_user_data=False).to_disk(out / f"joint-{split}.spacy")
        counts[f"joint-{split} (docs)"] = len(docs)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared",
                    help="the shared folder holding data/ner and data/ud (default: ../shared)")
    ap.add_argument("--out", type=Path, default=HERE / "corpus")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = convert_ner(args.shared, args.out)
    counts.update(convert_ud(args.shared, args.out))
    counts.update(convert_news(args.out))
    counts.update(convert_joint(args.out))
    for name, n in counts.items():
        print(f"{name}: {n}" + ("" if "docs" in name else " sentences"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
