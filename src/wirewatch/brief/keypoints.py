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

import numpy as np

from wirewatch.records import Article
from wirewatch.textnorm import dateline_end, sentence_spans
from wirewatch.stories.features import DocFreq, terms, vectorize

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
        return 1 + len(self.copies) + len(self.supporting)


def split_sentences(article: Article) -> list[Sentence]:
    text = article.text
    out = []
    for i, (s, e) in enumerate(sentence_spans(text)):
        # "WASHINGTON (Northwire) — " is no part of what is said; it opens the text, or the
        # paragraph after a headline line ("Can the GOP stop Trump?\n\nDES MOINES - ...")
        if i < 3 and (s == 0 or text[max(0, s - 2):s] == "\n\n"):
            s += dateline_end(text[s:e])
        out.append(Sentence(article, i, s, e, text[s:e], article.copy_group or article.id))
    return out


def key_points(
    articles: Sequence[Article],
    limit: int = 6,
    min_words: int = 8,
    max_articles: int = 60,
    sentences_per_article: int = 8,
) -> list[KeyPoint]:
    """Pick up to ``limit`` key points from the story's articles (copies folded).

    Cost is bounded on big stories: the most recent ``max_articles`` independent texts and the
    first ``sentences_per_article`` sentences of each (where news puts what matters).
    """
    canon = [a for a in articles if not a.copy_group or a.copy_group == a.id]
    if not canon:
        canon = list(articles)
    canon = sorted(canon, key=lambda a: a.published or "", reverse=True)[:max_articles]
    copies_of = {a.id: [c for c in articles if c.copy_group == a.id and c.id != a.id] for a in canon}
    # A copy group's canonical text may be a longer piece that took in another whole (a wire
    # story republished with paragraphs added on top): that member's lead is then deep in
    # the canonical text, past the sentences read. So each distinct text of a group gives its
    # own first sentences; a sentence the group has already given is not read twice.
    canon_texts = {c.text_hash for c in canon}
    members = sorted((a for a in articles if a.copy_group and a.copy_group != a.id and a.copy_group in copies_of
                      and a.text_hash not in canon_texts), key=lambda a: a.published or "", reverse=True)
    readers = list(canon) + members[: max(0, max_articles - len(canon))]  # the cost stays bounded
    seen: set[tuple[str, str]] = set()
    sents = []
    for a in readers:
        for s in split_sentences(a)[:sentences_per_article]:
            key = (s.group, " ".join(s.text.split()))
            if len(s.text.split()) >= min_words and key not in seen:
                seen.add(key)
                sents.append(s)
    if not sents:
        return []
    # Content words only: shared names alone ("Kim Jong Un") do not make two sentences say the same thing.
    df = DocFreq()
    feats = [Counter(terms(s.text)) for s in sents]
    for f in feats:
        df.add(f.keys())
    vecs = [vectorize(f, df, top_k=40) for f in feats]
    sim, shared = _similarities(vecs)
    groups = np.array([hash(s.group) for s in sents])
    other_source = groups[:, None] != groups[None, :]
    supports = (sim >= SUPPORT_SIM) & (shared >= SUPPORT_SHARED) & other_source
    support = [list(np.flatnonzero(row)) for row in supports]

    def base(i: int) -> float:
        n_groups = len({sents[j].group for j in support[i]})
        lead_bonus = 0.5 if sents[i].index < 2 else 0.0  # news leads carry the story
        return n_groups + lead_bonus - leans_back(sents[i].text)

    chosen: list[int] = []
    finished = [i for i in range(len(sents)) if not unfinished(sents[i].text)]
    whole = [i for i in finished if not quotation_piece(sents[i].text) and not web_debris(sents[i].text)]
    candidates = sorted(whole or finished or range(len(sents)),
                        key=lambda i: (-base(i), sents[i].article.published or "", i))
    for i in candidates:
        if len(chosen) >= limit:
            break
        if any(sim[i, c] >= REDUNDANT_SIM for c in chosen):
            continue
        chosen.append(i)
    points = []
    for i in chosen:
        best_per_group: dict[str, Sentence] = {}
        for j in sorted(support[i], key=lambda j: -sim[i, j]):
            best_per_group.setdefault(sents[j].group, sents[j])
        points.append(KeyPoint(sents[i], round(base(i), 2), list(best_per_group.values()),
                               copies_of.get(sents[i].article.id, [])))
    return points


_POINTING = re.compile(r"(?:It|He|She|They|This|These|That|Those|Such|Its|His|Her|Their)\b")
_DEFINITE = re.compile(r"The [a-z]+ (?:[a-z]+ )?(?:said|says|came|followed|added|noted|was|were|is|are|had|has|did|do|does)\b")


# "..., it said." -- a speaker only the sentence before can name
_POINTING_SPEAKER = re.compile(r"[,”\"]\s+(?:it|he|she|they)\s+(?:said|says|added|adds|told\s+\w+)\W*$")


_FINISHED = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def unfinished(sentence: str) -> bool:
    """A line that does not end like a sentence: a table's caption or row ("standings after
    games played on Wednesday (tabulate under won,", "San Diego 3 NEW YORK 2 (10 innings)"), a
    "Related:" headline. It makes a key point only in a story that has no sentence."""
    return not _FINISHED.search(sentence)


def quotation_piece(sentence: str) -> bool:
    """A quotation without its speaker: a sentence cut from a longer quotation, whose marks do
    not pair up ("“Everywhere we go, we’re trying to work ourselves out of a job.", "But comfort
    and culture is two different things.”"), or one quoted whole with no word outside the
    marks ("“I can do what I like with my possessions.”"). Read alone it hides who speaks, so
    it makes a key point only in a story that has no other sentence. Opening and closing marks
    of any style count together ("“We are going to win so much," Trump said" pairs up), as do
    the doubled apostrophes some outlets quote with (''It's nonsense,'')."""
    doubled = sentence.count("''")
    marks = sentence.count("“") + sentence.count("”") + sentence.replace("''", "").count('"')
    if marks % 2 or doubled % 2:
        return True
    text = sentence.strip()
    if doubled == 2 and not marks:
        return text.startswith("''") and text.endswith("''")
    return marks == 2 and text[:1] in "“\"" and text[-1:] in "”\""


# a link, or a tag left by an embedded post: "... https://t.co/hgmcGSKWTv", "<tweet author=...>"
_WEB = re.compile(r"https?://|\bwww\.\w|\bpic\.twitter\.com/|</?[a-z][\w-]*(?:\s[^<>]*)?/?>")


def web_debris(sentence: str) -> bool:
    """A line of an embedded post or a link, not a sentence of the article: like a quotation
    piece, it makes a key point only in a story that has nothing else."""
    return bool(_WEB.search(sentence))


def leans_back(sentence: str) -> float:
    """How much a sentence leans on one before it, which a key point read alone cannot show:
    1 for an opening pronoun ("It set up buffer zones ...") or a pronoun for a speaker
    ("Among the items recovered were ..., it said."), 0.5 for an opening description
    that points back ("The disclosure came a month after ...", "The organisation said ...")."""
    text = sentence.lstrip(" \"“'‘(")
    if _POINTING.match(text) or _POINTING_SPEAKER.search(text.rstrip()):
        return 1.0
    return 0.5 if _DEFINITE.match(text) else 0.0


def _similarities(vecs: list[dict[str, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Cosine similarity and shared-term counts between all sentence vectors (dense, bounded size)."""
    vocab: dict[str, int] = {}
    for v in vecs:
        for t in v:
            vocab.setdefault(t, len(vocab))
    m = np.zeros((len(vecs), max(len(vocab), 1)), dtype=np.float32)
    for i, v in enumerate(vecs):
        for t, w in v.items():
            m[i, vocab[t]] = w
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m = m / np.where(norms == 0, 1, norms)
    binary = (m > 0).astype(np.float32)
    return m @ m.T, binary @ binary.T
