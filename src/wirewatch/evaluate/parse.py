"""Dependency-parse, POS and lemma evaluation on CoNLL-U files (UAS, LAS, UPOS and lemma accuracy).

The pipeline runs on the gold *syntactic words* of each sentence (multiword-token ranges
such as ``1-2`` and empty nodes such as ``8.1`` are skipped), so every predicted head and
label lines up with a gold one. Punctuation is scored like any other word, as the CoNLL
2018 shared task does.

Two labelled scores are reported:

* ``las``           exact match of the full UD relation, subtypes included (``nmod:poss``);
* ``las_universal`` match of the universal part only, before any ``:`` (``nmod``).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from wirewatch.errors import ConfigError


@dataclass
class UDSentence:
    words: list[str]
    heads: list[int]  # 1-based index of the head word, 0 for the root
    deprels: list[str]
    upos: list[str]
    spaces: list[bool]
    lemmas: list[str] = field(default_factory=list)  # empty: not scored


def read_conllu(path: str | Path) -> list[UDSentence]:
    """Read the basic-dependency layer of a CoNLL-U file."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such file (expected a CoNLL-U file)")
    sentences: list[UDSentence] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            sentences.append(UDSentence(
                words=[r[1] for r in rows],
                heads=[int(r[6]) for r in rows],
                deprels=[r[7] for r in rows],
                upos=[r[3] for r in rows],
                spaces=["SpaceAfter=No" not in r[9] for r in rows],
                lemmas=[r[2] for r in rows],
            ))
            rows.clear()

    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                flush()
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise ConfigError(
                    f"{path}:{lineno}: a CoNLL-U word line has 10 tab-separated columns, "
                    f"this one has {len(cols)}"
                )
            if "-" in cols[0] or "." in cols[0]:
                continue  # multiword-token range or empty node: not part of the basic tree
            if not cols[6].isdigit():
                raise ConfigError(f"{path}:{lineno}: HEAD {cols[6]!r} is not a number")
            rows.append(cols)
    flush()
    if not sentences:
        raise ConfigError(f"{path}: no sentences found (is this a CoNLL-U file?)")
    return sentences


def _universal(rel: str) -> str:
    return rel.split(":", 1)[0]


def score_parse(gold: Sequence[UDSentence], pred: Sequence[UDSentence]) -> dict[str, object]:
    """UAS, LAS (full relation), LAS on the universal relation, UPOS accuracy and lemma
    accuracy (case-insensitive; overall and on gold verbs, where the event rules read it), in
    percent. Lemmas are scored only where both sides have them."""
    n = uas = las = las_u = upos = 0
    lemma = Counter()
    rel_gold: Counter[str] = Counter()
    rel_ok: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if len(g.words) != len(p.words):
            raise ValueError("gold and predicted sentences differ in length")
        for i in range(len(g.words)):
            n += 1
            head_ok = g.heads[i] == p.heads[i]
            uas += head_ok
            las += head_ok and g.deprels[i].lower() == p.deprels[i].lower()
            same_u = _universal(g.deprels[i]).lower() == _universal(p.deprels[i]).lower()
            las_u += head_ok and same_u
            upos += g.upos[i] == p.upos[i]
            if g.lemmas and p.lemmas and g.lemmas[i] != "_":
                same = g.lemmas[i].lower() == p.lemmas[i].lower()
                lemma["n"] += 1
                lemma["ok"] += same
                if g.upos[i] == "VERB":
                    lemma["verbs"] += 1
                    lemma["verbs_ok"] += same
            rel_gold[_universal(g.deprels[i])] += 1
            rel_ok[_universal(g.deprels[i])] += head_ok and same_u

    def pct(x: int, d: int = n) -> float:
        return round(100 * x / d, 2) if d else 0.0

    scores = {
        "words": n,
        "uas": pct(uas),
        "las": pct(las),
        "las_universal": pct(las_u),
        "upos_accuracy": pct(upos),
        "las_universal_per_relation": {r: pct(rel_ok[r], rel_gold[r]) for r in sorted(rel_gold)},
    }
    if lemma["n"]:
        scores["lemma_accuracy"] = pct(lemma["ok"], lemma["n"])
        scores["verb_lemma_accuracy"] = pct(lemma["verbs_ok"], lemma["verbs"])
    return scores


#: What separates paragraphs in the article text wirewatch parses (ingest joins them so).
PARAGRAPH_BREAK = "\n\n"


def predict_parse(nlp, sentences: Sequence[UDSentence], batch_size: int = 256,
                  paragraph_break: bool = False) -> list[UDSentence]:
    """Run ``nlp`` on each sentence's gold words; one sentence per Doc, as in the gold file.

    The parser may still split a Doc into several sentences; those extra roots simply
    count as errors against the gold single tree. With ``paragraph_break`` each sentence
    follows a paragraph break, as the first sentence of every paragraph does in an article
    (spaCy keeps the break as a token of its own); the break is not scored, and a word
    attached to it counts as wrong.
    """
    from spacy.tokens import Doc

    lead = [PARAGRAPH_BREAK] if paragraph_break else []
    docs = (Doc(nlp.vocab, words=lead + s.words, spaces=[False] * len(lead) + s.spaces) for s in sentences)
    out: list[UDSentence] = []
    for doc in nlp.pipe(docs, batch_size=batch_size):
        doc = doc[len(lead):]
        # heads 1-based within the sentence, 0 for a root; -1 (never gold) for the break
        heads = [0 if t.head.i == t.i else (t.head.i - len(lead) + 1 if t.head.i >= len(lead) else -1)
                 for t in doc]
        # spaCy labels the root "ROOT"; UD says "root".
        rels = ["root" if t.dep_ == "ROOT" or h == 0 else t.dep_ for t, h in zip(doc, heads)]
        out.append(UDSentence(
            words=[t.text for t in doc], heads=heads, deprels=rels,
            upos=[t.pos_ for t in doc], spaces=[bool(t.whitespace_) for t in doc],
            lemmas=[t.lemma_ for t in doc],
        ))
    return out


def evaluate_parse(nlp, path: str | Path, limit: int | None = None,
                   paragraph_break: bool = False) -> dict[str, object]:
    """Score ``nlp``'s parser and POS on a CoNLL-U file; the NER is disabled while timing.
    ``paragraph_break``: see ``predict_parse``."""
    sentences = read_conllu(path)
    if limit is not None:
        sentences = sentences[:limit]
    disabled = [n for n in nlp.pipe_names if "ner" in n]
    with nlp.select_pipes(disable=disabled):
        t0 = time.perf_counter()
        pred = predict_parse(nlp, sentences, paragraph_break=paragraph_break)
        elapsed = time.perf_counter() - t0
    result = score_parse(sentences, pred)
    result.update({
        "file": str(path),
        "sentences": len(sentences),
        "paragraph_break": paragraph_break,
        "words_per_second": round(result["words"] / elapsed) if elapsed > 0 else None,
    })
    return result
