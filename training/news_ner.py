"""wirewatch's own labelled news sentences: a light markup, checked and turned into CoNLL.

CoNLL-2003 is 1996 Reuters copy. What a news-intelligence reader meets today (North Korean
leaders with hyphenated names, ministries, armed groups, drone and missile designations,
a title in front of every name) it shows rarely, so the project writes and labels its own
sentences. They are written for wirewatch (never copied from an article) and follow
CoNLL-2003's conventions: PER, ORG, LOC, MISC; demonyms ("Russian") are MISC; titles
and roles are not part of a name.

Markup, one sentence per line::

    # a comment line
    {PER Sergei Shoigu} arrived in {LOC Pyongyang} on Tuesday, {ORG KCNA} said.

A blank line ends a document (an article: the NER sees its sentences together).
Entities may not nest. ``python training/news_ner.py FILE.txt --out FILE.conll`` checks a
file (each problem names the file, line and reason) and writes the CoNLL version, with
tokens from spaCy's English tokenizer, IOB2 tags and ``-DOCSTART-`` between documents.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

LABELS = ("PER", "ORG", "LOC", "MISC")
_ENTITY = re.compile(r"\{(PER|ORG|LOC|MISC) ([^{}]+?)\}")
_BRACE = re.compile(r"[{}]")


class MarkupError(ValueError):
    """A line of the markup that cannot be read; the message names file, line and reason."""


@dataclass
class Sentence:
    text: str
    spans: list[tuple[int, int, str]]  # character offsets into text, label
    line: int


def parse_line(line: str, where: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Strip the markup from one line: the plain text and its entity character spans."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in _ENTITY.finditer(line):
        before = line[pos:m.start()]
        if _BRACE.search(before):
            raise MarkupError(f"{where}: unbalanced or unknown markup near {before.strip()[-30:]!r} "
                              f"(labels are {', '.join(LABELS)}: '{{PER Name}}')")
        out.append(before)
        length += len(before)
        name = m.group(2)
        if name != name.strip():
            raise MarkupError(f"{where}: entity {name!r} has spaces at its edge")
        spans.append((length, length + len(name), m.group(1)))
        out.append(name)
        length += len(name)
        pos = m.end()
    rest = line[pos:]
    if _BRACE.search(rest):
        raise MarkupError(f"{where}: unbalanced or unknown markup near {rest.strip()[:30]!r} "
                          f"(labels are {', '.join(LABELS)}: '{{PER Name}}')")
    out.append(rest)
    return "".join(out), spans


def read_markup(path: Path) -> list[list[Sentence]]:
    """Documents of sentences; raises MarkupError on the first bad line."""
    docs: list[list[Sentence]] = [[]]
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            if docs[-1]:
                docs.append([])
            continue
        text, spans = parse_line(line, f"{path}:{lineno}")
        docs[-1].append(Sentence(text, spans, lineno))
    return [d for d in docs if d]


def to_docs(docs: list[list[Sentence]], path: Path, nlp=None) -> list:
    """One spaCy Doc per document, with sentence starts and IOB2 entities; an entity that
    does not start and end on token boundaries is an error."""
    from spacy.tokens import Doc

    if nlp is None:
        import spacy

        nlp = spacy.blank("en")
    out = []
    for doc in docs:
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        starts: list[bool] = []
        for sent in doc:
            tokens = nlp.make_doc(sent.text)
            sent_tags = ["O"] * len(tokens)
            for start, end, label in sent.spans:
                span = tokens.char_span(start, end, alignment_mode="strict")
                if span is None:
                    raise MarkupError(f"{path}:{sent.line}: {sent.text[start:end]!r} does not start "
                                      f"and end on token boundaries")
                sent_tags[span.start] = "B-" + label
                for i in range(span.start + 1, span.end):
                    sent_tags[i] = "I-" + label
            kept = [i for i, t in enumerate(tokens) if not t.is_space]
            words += [tokens[i].text for i in kept]
            spaces += [bool(tokens[i].whitespace_) for i in kept]
            spaces[-1] = True  # sentences are joined by a space
            tags += [sent_tags[i] for i in kept]
            starts += [j == 0 for j in range(len(kept))]
        out.append(Doc(nlp.vocab, words=words, spaces=spaces, ents=tags, sent_starts=starts))
    return out


def to_conll(docs: list, path: Path | None = None) -> list[str]:
    """CoNLL lines (token, IOB2 tag) of the Docs from :func:`to_docs`."""
    lines: list[str] = []
    for doc in docs:
        lines += ["-DOCSTART- O", ""]
        for sent in doc.sents:
            for t in sent:
                tag = "O" if t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}"
                lines.append(f"{t.text} {tag}")
            lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path, help="markup files")
    ap.add_argument("--out", type=Path, help="write the CoNLL version here (all files together)")
    args = ap.parse_args(argv)
    docs: list[list[Sentence]] = []
    lines: list[str] = []
    bad = 0
    for path in args.files:
        try:
            these = read_markup(path)
            lines += to_conll(to_docs(these, path))
        except MarkupError as e:
            print(f"error: {e}", file=sys.stderr)
            bad += 1
            continue
        docs += these
    n_sent = sum(len(d) for d in docs)
    n_ent = sum(len(s.spans) for d in docs for s in d)
    n_tok = sum(1 for ln in lines if ln and not ln.startswith("-DOCSTART-"))
    print(f"{len(docs)} documents, {n_sent} sentences, {n_tok} tokens, {n_ent} entities")
    if args.out and not bad:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
