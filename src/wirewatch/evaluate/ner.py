"""Entity-level NER evaluation on CoNLL-style files, with conlleval semantics.

A CoNLL-style file has one token per line, whitespace-separated columns (first = token,
last = entity tag in IOB1 or IOB2/BIO), a blank line between sentences and ``-DOCSTART-``
lines that are ignored. An entity counts as correct only when both its exact token span
and its type match (as the conlleval script scores it).

The pipeline is run on the *gold* tokenisation, so predicted and gold spans are compared
token for token and tokeniser differences cannot be mistaken for NER errors.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from wirewatch.errors import ConfigError


@dataclass
class Sentence:
    """One sentence of a CoNLL file: its tokens, the raw lines and BIO (IOB2) tags."""

    words: list[str]
    tags: list[str]
    lines: list[str] = field(default_factory=list)
    doc_start: bool = False  # a -DOCSTART- preceded it: a new article begins here


def iob1_to_iob2(tags: Sequence[str]) -> list[str]:
    """Rewrite IOB1 tags (B- only between adjacent same-type entities) as IOB2.

    IOB2 input passes through unchanged, so callers need not know which scheme a file uses.
    """
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-"):
            typ = tag[2:]
            if prev == "O" or prev[2:] != typ:
                tag = "B-" + typ
        out.append(tag)
        prev = tag
    return out


def _check_tag(tag: str, where: str) -> str:
    if tag == "O" or (len(tag) > 2 and tag[:2] in ("B-", "I-", "E-", "S-")):
        # BIOES inputs are folded onto BIO: conlleval scores spans, not the scheme.
        if tag.startswith("E-"):
            return "I-" + tag[2:]
        if tag.startswith("S-"):
            return "B-" + tag[2:]
        return tag
    raise ConfigError(f"{where}: {tag!r} is not an entity tag (expected O, B-TYPE or I-TYPE)")


def read_conll(path: str | Path) -> list[Sentence]:
    """Read a CoNLL-style NER file; tags are returned as IOB2 whatever the input scheme."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such file (expected a CoNLL-style NER file)")
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    lines: list[str] = []
    doc_start = False

    def flush() -> None:
        nonlocal words, tags, lines, doc_start
        if words:
            sentences.append(Sentence(words, iob1_to_iob2(tags), lines, doc_start))
            doc_start = False
        words, tags, lines = [], [], []

    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            cols = line.split()
            if not cols:
                flush()
                continue
            if cols[0] == "-DOCSTART-":
                flush()
                doc_start = True
                continue
            if len(cols) < 2:
                raise ConfigError(
                    f"{path}:{lineno}: expected at least two columns (token ... tag), got {line!r}"
                )
            words.append(cols[0])
            tags.append(_check_tag(cols[-1], f"{path}:{lineno}"))
            lines.append(line)
    flush()
    if not sentences:
        raise ConfigError(f"{path}: no sentences found (is this a CoNLL-style NER file?)")
    return sentences


def bio_spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(start, end_exclusive, type) of each entity in a BIO sequence.

    A stray I- after O or after another type opens a new entity, as conlleval does.
    """
    spans: set[tuple[int, int, str]] = set()
    start, typ = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O" or tag.startswith("B-") or tag[2:] != typ:
            if start >= 0:
                spans.add((start, i, typ))
                start, typ = -1, ""
            if tag != "O":
                start, typ = i, tag[2:]
    return spans


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
            "tp": tp, "predicted": n_pred, "gold": n_gold}


def score_spans(
    gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]
) -> dict[str, object]:
    """conlleval-style precision/recall/F1 (percent) overall and per type from BIO tag lists."""
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    correct_tokens = total_tokens = 0
    for g_tags, p_tags in zip(gold, pred, strict=True):
        if len(g_tags) != len(p_tags):
            raise ValueError("gold and predicted tag sequences differ in length")
        g, p = bio_spans(iob1_to_iob2(g_tags)), bio_spans(iob1_to_iob2(p_tags))
        for s in g:
            n_gold[s[2]] += 1
        for s in p:
            n_pred[s[2]] += 1
        for s in g & p:
            tp[s[2]] += 1
        total_tokens += len(g_tags)
        correct_tokens += sum(a == b for a, b in zip(g_tags, p_tags))
    types = sorted(set(n_gold) | set(n_pred))
    result: dict[str, object] = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    result["token_accuracy"] = round(100 * correct_tokens / total_tokens, 2) if total_tokens else 0.0
    result["per_type"] = {t: _prf(tp[t], n_pred[t], n_gold[t]) for t in types}
    return result


def _label_map(label: str) -> str:
    # Pipelines trained on OntoNotes say PERSON; CoNLL says PER. Map the obvious one so a
    # stock spaCy model can be compared at all (other label sets are scored as they are).
    return {"PERSON": "PER"}.get(label, label)


def documents(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """The sentences grouped into articles at each ``-DOCSTART-``; a file without any
    ``-DOCSTART-`` line has no article boundaries, so each sentence stands alone."""
    if not any(s.doc_start for s in sentences):
        return [[s] for s in sentences]
    docs: list[list[Sentence]] = []
    for s in sentences:
        if s.doc_start or not docs:
            docs.append([])
        docs[-1].append(s)
    return docs


def predict_tags(nlp, sentences: Sequence[Sentence], batch_size: int = 256,
                 context: str = "document") -> list[list[str]]:
    """Run ``nlp`` on the gold tokens and return predicted BIO tags, one list per sentence.

    ``context="document"``: each article (``-DOCSTART-`` to ``-DOCSTART-``) is one Doc, with
    the gold sentence starts preset, the way wirewatch reads an article and the way the
    bundled model was trained. ``context="sentence"``: each sentence is a Doc of its own.
    """
    from spacy.tokens import Doc

    if context not in ("document", "sentence"):
        raise ValueError(f"context must be 'document' or 'sentence', not {context!r}")
    groups = documents(sentences) if context == "document" else [[s] for s in sentences]

    def doc_of(group: list[Sentence]) -> Doc:
        words = [w for s in group for w in s.words]
        starts = [i == 0 for s in group for i in range(len(s.words))]
        return Doc(nlp.vocab, words=words, sent_starts=starts)

    per_doc = max(1, batch_size // max(1, round(len(sentences) / len(groups))))
    out: list[list[str]] = []
    for group, doc in zip(groups, nlp.pipe((doc_of(g) for g in groups), batch_size=per_doc)):
        tags = ["O"] * len(doc)
        for ent in doc.ents:
            label = _label_map(ent.label_)
            tags[ent.start] = "B-" + label
            for i in range(ent.start + 1, ent.end):
                tags[i] = "I-" + label
        offset = 0
        for s in group:
            out.append(tags[offset:offset + len(s.words)])
            offset += len(s.words)
    return out


def evaluate_ner(
    nlp,
    path: str | Path,
    predictions_out: str | Path | None = None,
    limit: int | None = None,
    context: str = "document",
) -> dict[str, object]:
    """Score ``nlp``'s NER on a CoNLL file; optionally write the file plus a predicted-tag column.

    ``context`` says what the pipeline reads at once: each article (the default; see
    ``predict_tags``) or each sentence alone.

    Components that do not affect entities (parser, tagger...) are disabled while timing, so
    words/s is the cost of the NER and the encoder it reads (its own or a shared tok2vec).
    """
    sentences = read_conll(path)
    if limit is not None:
        sentences = sentences[:limit]
    from wirewatch.nlp.pipeline import components_for

    keep = {"entity_ruler", "span_ruler", "entity_consistency"} | {c for n in nlp.pipe_names if "ner" in n
                                              for c in components_for(nlp, n)}
    disabled = [n for n in nlp.pipe_names if n not in keep]
    n_words = sum(len(s.words) for s in sentences)
    with nlp.select_pipes(disable=disabled):
        t0 = time.perf_counter()
        pred = predict_tags(nlp, sentences, context=context)
        elapsed = time.perf_counter() - t0
    result = score_spans([s.tags for s in sentences], pred)
    result.update({
        "file": str(path),
        "context": context,
        "documents": len(documents(sentences)) if context == "document" else len(sentences),
        "sentences": len(sentences),
        "words": n_words,
        "words_per_second": round(n_words / elapsed) if elapsed > 0 else None,
    })
    if predictions_out is not None:
        write_predictions(sentences, pred, predictions_out)
        result["predictions"] = str(predictions_out)
    return result


def write_predictions(sentences: Sequence[Sentence], pred: Sequence[Sequence[str]],
                      out: str | Path) -> None:
    """The input lines plus one column (predicted BIO tag), in the layout conlleval reads."""
    n_cols = len(sentences[0].lines[0].split()) if sentences else 2
    # conlleval wants every line to have the same number of columns, -DOCSTART- included.
    doc_start = " ".join(["-DOCSTART-"] + ["-X-"] * (n_cols - 2) + ["O", "O"])
    with Path(out).open("w", encoding="utf-8") as fh:
        for sent, tags in zip(sentences, pred, strict=True):
            if sent.doc_start:
                fh.write(doc_start + "\n\n")
            for line, tag in zip(sent.lines, tags, strict=True):
                fh.write(f"{line} {tag}\n")
            fh.write("\n")
