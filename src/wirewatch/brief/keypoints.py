"""Key points: extractive sentences chosen for centrality and diversity across sources.

A sentence is central when sentences from *other* independent sources (copy groups) say
something similar; corroboration is the number of independent sources with such a sentence.
Selection is maximal marginal relevance, so the points do not repeat each other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from wirewatch.records import Article
from wirewatch.stories.features import DocFreq, cosine, terms, vectorize

_SENT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[A-Z\u201c\"'(])")
SUPPORT_SIM = 0.35  # a sentence in another source this similar supports the point...
SUPPORT_SHARED = 4  # ...if they also share at least this many content words
REDUNDANT_SIM = 0.45  # a candidate this similar to a chosen point is a repeat


@dataclass
class Sentence:
    article: Article
    index: int
    start: int
    end: int
    text: str
    group: str  # copy group: independent source id

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class KeyPoint:
    sentence: Sentence
    score: float
    supporting: list[Sentence] = field(default_factory=list)  # similar sentences in other sources
    copies: list[Article] = field(default_factory=list)  # copies of the cited article (same text)

    @property
    def independent_sources(self) -> int:
        return 1 + len({s.group for s in self.supporting})

    @property
    def publications(self) -> int:
        return 1 + len(self.copies) + sum(1 for _ in self.supporting)


def split_sentences(article: Article) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    text = article.text
    for para in text.split("\n\n"):
        p_start = text.find(para, pos)
        for m in _iter_sentences(para):
            s, e = p_start + m[0], p_start + m[1]
            out.append(Sentence(article, len(out), s, e, text[s:e], article.copy_group or article.id))
        pos = p_start + len(para)
    return out


def _iter_sentences(para: str):
    start = 0
    for m in _SENT.finditer(para):
        yield (start, m.start() + len(m.group(0).rstrip()))
        start = m.end()
    if para[start:].strip():
        yield (start, len(para.rstrip()))


def key_points(articles: Sequence[Article], limit: int = 6, min_words: int = 8) -> list[KeyPoint]:
    """Pick up to ``limit`` key points from the story's articles (copies folded)."""
    canon = [a for a in articles if not a.copy_group or a.copy_group == a.id]
    if not canon:
        canon = list(articles)
    copies_of = {a.id: [c for c in articles if c.copy_group == a.id and c.id != a.id] for a in canon}
    sents = [s for a in canon for s in split_sentences(a) if len(s.text.split()) >= min_words]
    if not sents:
        return []
    # Content words only: shared names alone ("Kim Jong Un") do not make two sentences say the same thing.
    df = DocFreq()
    feats = [Counter(terms(s.text)) for s in sents]
    for f in feats:
        df.add(f.keys())
    vecs = [vectorize(f, df, top_k=40) for f in feats]

    support: list[list[int]] = [[] for _ in sents]
    for i in range(len(sents)):
        for j in range(i + 1, len(sents)):
            if sents[i].group == sents[j].group:
                continue
            if cosine(vecs[i], vecs[j]) >= SUPPORT_SIM and len(feats[i].keys() & feats[j].keys()) >= SUPPORT_SHARED:
                support[i].append(j)
                support[j].append(i)

    def base(i: int) -> float:
        groups = {sents[j].group for j in support[i]}
        lead_bonus = 0.5 if sents[i].index < 2 else 0.0  # news leads carry the story
        return len(groups) + lead_bonus

    chosen: list[int] = []
    candidates = sorted(range(len(sents)), key=lambda i: (-base(i), sents[i].article.published or "", i))
    for i in candidates:
        if len(chosen) >= limit:
            break
        if any(cosine(vecs[i], vecs[c]) >= REDUNDANT_SIM for c in chosen):
            continue
        chosen.append(i)
    points = []
    for i in chosen:
        best_per_group: dict[str, Sentence] = {}
        for j in support[i]:
            best_per_group.setdefault(sents[j].group, sents[j])
        points.append(KeyPoint(sents[i], round(base(i), 2), list(best_per_group.values()),
                               copies_of.get(sents[i].article.id, [])))
    return points
