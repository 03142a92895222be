"""Text features for story similarity: content words, name phrases, TF-IDF weighting.

IDF combines a shipped background table (document frequencies over a few thousand news
documents, see training/stories/build_idf.py) with the counts of the store itself, so the
weights are sensible from the first article and adapt to the stream.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

from wirewatch.textnorm import fold_accents, function_words, normalise_for_hash

_WORD = re.compile(r"[a-z][a-z'\-]+")
# Capitalised sequences ("Kim Jong Un", "Galaxy Leader", "Red Sea"), allowing a few particles.
_NAME = re.compile(r"\b[A-Z][\w'\-]+(?:\s+(?:of|al|bin|de|al-)?\s*[A-Z][\w'\-]+)+")
_NAME_STOP = {"The", "A", "An", "In", "On", "At", "But", "And", "As", "It", "He", "She", "They", "This", "That"}

TITLE_WEIGHT = 2.0
NAME_WEIGHT = 2.0
ENTITY_WEIGHT = 3.0


@lru_cache(maxsize=None)
def stopwords(language: str | None = None) -> frozenset[str]:
    """English function words and news filler; for an article in another language, that
    language's function words as well (spaCy's lists, where spaCy has the language)."""
    raw = resources.files("wirewatch.stories").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    words = {w for line in raw.splitlines() if not line.startswith("#") for w in line.split()}
    if language not in (None, "en"):
        words |= {fold_accents(w) for w in function_words(language)}
    return frozenset(words)


def terms(text: str, language: str | None = None) -> list[str]:
    """Content words of a text: folded (case and accents), no stopwords, no numbers, at least 3 letters."""
    stop = stopwords(language)
    out = []
    for w in _WORD.findall(fold_accents(normalise_for_hash(text))):
        w = w.strip("'-")
        if len(w) >= 3 and w not in stop:
            out.append(w[:-2] if w.endswith("'s") else w)
    return out


def name_phrases(text: str) -> list[str]:
    """Multi-word capitalised phrases: a cheap proxy for shared actors and places."""
    out = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        while words and words[0] in _NAME_STOP:
            words = words[1:]
        if len(words) >= 2:
            out.append("n:" + normalise_for_hash(" ".join(words)))
    return out


def features(text: str, title: str = "", entities: Iterable[str] = (), language: str | None = None) -> Counter[str]:
    """Weighted feature counts for one article (entities: resolved entity ids, when known).

    An article in another language than English has every feature marked with its language
    ("es:satelite"), so it is compared with articles in its own language only: wirewatch reads
    English, and a name two languages share is no evidence that two articles tell one story
    (the Miranda et al. stream scores each language's stories apart)."""
    feats: Counter[str] = Counter()
    for t in terms(text, language):
        feats[t] += 1.0
    for t in terms(title, language):
        feats[t] += TITLE_WEIGHT
    for p in name_phrases(text + "\n" + title):
        feats[p] += NAME_WEIGHT
    for e in entities:
        feats["e:" + e] += ENTITY_WEIGHT
    if language not in (None, "en"):
        feats = Counter({f"{language}:{f}": w for f, w in feats.items()})
    return feats


def feature_language(feats: Iterable[str]) -> str | None:
    """The language ``features`` marked a vector's features with; None for English."""
    for f in feats:
        head, sep, _ = f.partition(":")
        return head if sep and head not in ("n", "e") else None
    return None


@lru_cache(maxsize=1)
def background() -> tuple[int, Mapping[str, int]]:
    path = resources.files("wirewatch.stories").joinpath("data/background_df.json.gz")
    with gzip.open(path.open("rb"), "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return int(data["documents"]), data["df"]


class DocFreq:
    """Document frequencies: background table + the stream's own counts."""

    def __init__(self, n: int = 0, df: Mapping[str, int] | None = None):
        self.bg_n, self.bg_df = background()
        self.n = n
        self.df: dict[str, int] = dict(df or {})
        self.delta: Counter[str] = Counter()  # counts added since the last take_delta()
        self.n_delta = 0

    def add(self, feats: Iterable[str]) -> None:
        self.n += 1
        self.n_delta += 1
        for f in feats:
            self.df[f] = self.df.get(f, 0) + 1
            self.delta[f] += 1

    def take_delta(self) -> tuple[int, Counter[str]]:
        """What was added since the last call (for persisting increments)."""
        out = (self.n_delta, self.delta)
        self.n_delta, self.delta = 0, Counter()
        return out

    def idf(self, term: str) -> float:
        if ":" in term:
            # Name phrases, entity ids and other languages' words: the background only knows
            # English words, so only the stream can say how common they are. An actor named in
            # most of a month's articles (a front-runner in primary season) weighs little, as a
            # common word does. (docs/stories.md, session 17)
            return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0
        return math.log((self.bg_n + self.n + 1) / (self.bg_df.get(term, 0) + self.df.get(term, 0) + 1)) + 1.0


def vectorize(feats: Mapping[str, float], df: DocFreq, top_k: int = 80) -> dict[str, float]:
    """Unit-length TF-IDF vector over the top_k heaviest features."""
    weights = {t: (1.0 + math.log(c)) * df.idf(t) for t, c in feats.items() if c > 0}
    top = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:top_k]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0
