"""Turn a CoNLL-2003 file into a dated news stream with wirewatch's own story labels.

CoNLL-2003's English files are Reuters wire copy from late August 1996, in order: train holds
946 articles over nine days, valid 216 over two. Each article opens with its headline and
a dateline ("BEIJING 1996-08-22"), so the files are a dense stream of real news, the kind
the story clusterer meets in use. wirewatch labelled which articles tell the same story
(``training/stories/conll2003-stories.json``: article numbers and story labels only, no
text; the guidelines are in that file). This script joins those labels to the text in
``../shared`` and writes the format ``wirewatch eval clusters`` reads (JSON Lines of
``{"id", "date", "title", "text", "cluster"}``, as in Miranda et al. 2018):

    python training/stories/conll_stream.py --shared ../shared --split valid --out /tmp/valid.jsonl
    wirewatch eval clusters /tmp/valid.jsonl --text-only

``--dump FILE`` writes, instead, each article's number, date, headline and opening for
whoever labels a split.

The text stays in ../shared (Reuters RCV1, research use); only the labels are in the repo.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).with_name("conll2003-stories.json")
FILES = {"train": "train.txt", "valid": "valid.txt"}

_DATELINE = re.compile(r"\b(199\d-\d\d-\d\d)\b")
_NO_SPACE_BEFORE = {".", ",", ":", ";", "?", "!", ")", "]", "}", "%", "'s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}


@dataclass
class ConllArticle:
    number: int  # 0-based, in file order
    sentences: list[str]
    date: str | None

    @property
    def title(self) -> str:
        return self.sentences[0] if self.sentences else ""

    @property
    def body(self) -> list[str]:
        """The sentences after the headline and the dateline (and byline, when there is one)."""
        rest = self.sentences[1:]
        for i, sentence in enumerate(rest[:3]):
            if _DATELINE.search(sentence):
                return rest[i + 1:]
        return rest


def detokenize(tokens: list[str], quote_open: bool = False) -> str:
    """CoNLL's space-separated tokens back into running text, closely enough for clustering.
    ``quote_open``: a quotation opened in an earlier sentence is still open (see
    ``read_conll``), so this sentence's first straight quote closes it."""
    out: list[str] = []
    glue_next = False
    for tok in tokens:
        if tok == '"':
            if quote_open:
                out.append(tok)
            else:
                out.append(" " + tok if out else tok)
                glue_next = True
            quote_open = not quote_open
            continue
        if not out or glue_next or tok in _NO_SPACE_BEFORE:
            out.append(tok)
        else:
            out.append(" " + tok)
        glue_next = tok in _NO_SPACE_AFTER
    return "".join(out).strip()


def read_conll(path: Path) -> list[ConllArticle]:
    articles: list[ConllArticle] = []
    sentences: list[str] = []
    tokens: list[str] = []

    def close_sentence() -> None:
        if tokens:
            # a quotation may run over several sentences: the count of straight quotes so far
            # in the article says whether one is open
            opened = sum(s.count('"') for s in sentences) % 2 == 1
            sentences.append(detokenize(tokens, opened))
            tokens.clear()

    def close_article() -> None:
        close_sentence()
        if sentences:
            date = next((m.group(1) for s in sentences[:3] if (m := _DATELINE.search(s))), None)
            articles.append(ConllArticle(len(articles), list(sentences), date))
            sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_article()
        elif line.strip():
            tokens.append(line.split()[0])
        else:
            close_sentence()
    close_article()
    return articles


def _fill_dates(articles: list[ConllArticle]) -> None:
    """An article without a dateline takes the date of the article before it (the file is in order)."""
    last = next((a.date for a in articles if a.date), None)
    for article in articles:
        if article.date:
            last = article.date
        else:
            article.date = last


def stream(shared: Path, split: str, labels_path: Path = LABELS) -> list[dict]:
    articles = read_conll(shared / "data" / "ner" / "conll2003" / FILES[split])
    _fill_dates(articles)
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["splits"][split]["articles"]
    if len(labels) != len(articles):
        raise SystemExit(f"{labels_path}: {len(labels)} labels for {split}, but {len(articles)} articles in the file")
    return [
        {
            "id": f"conll-{split}-{a.number:04d}",
            "date": a.date,
            "title": a.title,
            "text": "\n\n".join(a.body) or a.title,
            "cluster": labels[str(a.number)],
        }
        for a in articles
    ]


def dump(shared: Path, split: str, out) -> None:
    articles = read_conll(shared / "data" / "ner" / "conll2003" / FILES[split])
    _fill_dates(articles)
    for a in articles:
        opening = " ".join(a.body[:3])
        out.write(f"#{a.number}\t{a.date}\t{a.title}\n    {opening[:600]}\n\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--split", choices=sorted(FILES), required=True)
    ap.add_argument("--out", type=Path, help="JSON Lines for `wirewatch eval clusters`")
    ap.add_argument("--dump", type=Path, help="write a reading list for labelling instead")
    args = ap.parse_args()
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            dump(args.shared, args.split, fh)
        return
    if not args.out:
        sys.exit("give --out FILE (or --dump FILE)")
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in stream(args.shared, args.split):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
