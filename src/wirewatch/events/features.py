"""Features of a (sentence, source span, target span) triple for the linear event coder.

The event between two actors is mostly expressed by the words *between* them and right
after the source ("<s>Russia</s> has accused <t>Ukraine</t>", "<t>Kyiv</t> was shelled by
<s>Russia</s>"), so those words get their own feature groups; the rest of the sentence is a
weaker bag of words. Cue-lexicon hits become features too, so a verb seen rarely in training
still votes through its lexicon type. Tense and negation flags let the model learn the
codebook's rules (future cooperation -> AGREE, negated -> REJECT).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wirewatch.events.text import cue_stems, tokenize
from wirewatch.events.vocab import cue_hits, lexicon

MARK_RE = re.compile(r"</?[stST]>")
FUTURE = {"will", "would", "shall", "plan", "intend", "expect", "could", "might", "may",
          "ready", "willing", "prepar", "promis", "pledg", "offer", "agre", "vow", "seek"}
# Skipped when looking for the predicate after the source: auxiliaries, modals, adverbs,
# reporting filler and time words ("has also reportedly on Tuesday sent ...").
SKIP = {"be", "have", "do", "will", "would", "shall", "can", "could", "may", "might", "must",
        "also", "not", "now", "then", "still", "already", "just", "recently", "reportedly",
        "late", "earlier", "on", "last", "this", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "yesterday", "today", ",", "(", ")", "-", "–", "—",
        "who", "which", "that", "again", "further", "repeatedly", "officially", "formally",
        "publicly", "jointly", "previously", "again", "finally", "never", "say", "'s"}
NEGATION = {"not", "no", "never", "neither", "nor", "without", "refus", "declin", "deny",
            "reluctanc", "reluctant", "fail"}
STOP = {"the", "a", "an", "of", "and", "'s", ",", ".", "in", "on", "at", "\"", "“", "”",
        "'", "-", "(", ")"}


@dataclass
class Marked:
    """A sentence as tokens with the source and target token ranges ([start, end))."""

    tokens: list[str]
    source: tuple[int, int]
    target: tuple[int, int]


def parse_marked(marked: str) -> Marked:
    """Parse a PLV-style ``<s>…</s> … <t>…</t>`` sentence. Missing markers give empty ranges."""
    tokens: list[str] = []
    open_at: dict[str, int] = {}
    ranges: dict[str, tuple[int, int]] = {}
    pos = 0
    for m in MARK_RE.finditer(marked):
        tokens.extend(t for t, _, _ in tokenize(marked[pos:m.start()]))
        tag = m.group(0).lower()
        role = tag.strip("</>")
        if tag.startswith("</"):
            if role in open_at:
                ranges[role] = (open_at.pop(role), len(tokens))
        else:
            open_at[role] = len(tokens)
        pos = m.end()
    tokens.extend(t for t, _, _ in tokenize(marked[pos:]))
    for role, start in open_at.items():  # unclosed marker: runs to the end
        ranges.setdefault(role, (start, len(tokens)))
    n = len(tokens)
    return Marked(tokens, ranges.get("s", (n, n)), ranges.get("t", (n, n)))


def from_spans(text: str, source: tuple[int, int], target: tuple[int, int]) -> Marked:
    """The same structure from a plain sentence and character spans of source and target."""
    toks = tokenize(text)
    return Marked([t for t, _, _ in toks], token_range(toks, source), token_range(toks, target))


def token_range(toks: list[tuple[str, int, int]], span: tuple[int, int]) -> tuple[int, int]:
    """[first, last + 1) of the tokens overlapping the character span; (n, n) if none."""
    idx = [i for i, (_, s, e) in enumerate(toks) if s < span[1] and e > span[0]]
    return (idx[0], idx[-1] + 1) if idx else (len(toks), len(toks))


def mark(text: str, source: tuple[int, int], target: tuple[int, int]) -> str:
    """Insert ``<s>``/``<t>`` markers around two non-overlapping character spans."""
    inserts = sorted([(source[0], "<s>"), (source[1], "</s>"),
                      (target[0], "<t>"), (target[1], "</t>")], key=lambda x: x[0], reverse=True)
    for at, tag in inserts:
        text = text[:at] + tag + text[at:]
    return text


def _window(stems: list[str], start: int, end: int) -> list[str]:
    return [s for s in stems[max(0, start):max(0, end)] if s not in STOP]


@dataclass
class SentenceFeatures:
    """What :func:`pair_features` needs from a sentence, computed once however many actor
    pairs of the sentence are coded: stems, the sentence-wide bag of words and the
    cue-lexicon hits (each trigger type with hits, in lexicon order)."""

    tokens: list[str]
    stems: list[str]
    words: list[str]  # "w:" features
    lex_hits: list[tuple[str, list[int]]]


def sentence_features(tokens: list[str]) -> SentenceFeatures:
    stems = cue_stems(tokens)
    words = [f"w:{w}" for w in set(_window(stems, 0, len(stems)))]
    lex_hits = [(type_, hits) for type_, hits in cue_hits(stems, lexicon()["triggers"]).items() if hits]
    return SentenceFeatures(tokens, stems, words, lex_hits)


def featurize(m: Marked) -> list[str]:
    """Feature strings (binary) for one marked sentence."""
    return pair_features(sentence_features(m.tokens), m.source, m.target)


def pair_features(sf: SentenceFeatures, source: tuple[int, int], target: tuple[int, int]) -> list[str]:
    """Feature strings for one (source, target) token-range pair of a prepared sentence."""
    stems, tokens = sf.stems, sf.tokens
    n = len(stems)
    (s0, s1), (t0, t1) = source, target
    feats = ["bias"]
    first, second = ((s0, s1), (t0, t1)) if s0 <= t0 else ((t0, t1), (s0, s1))
    order = "st" if s0 <= t0 else "ts"
    feats.append("order:" + order)
    between = stems[first[1]:second[0]]
    gap = len(between)
    feats.append("gap:" + ("0" if gap == 0 else "1-3" if gap <= 3 else "4-8" if gap <= 8 else "9+"))
    content = [s for s in between if s not in STOP]
    for w in content:
        feats.append(f"b{order}:{w}")
    for a, b in zip(between, between[1:]):
        feats.append(f"bb:{a}_{b}")
    after_s = _window(stems, s1, s1 + 4)
    for i, w in enumerate(after_s[:3]):
        feats.append(f"as{i}:{w}")
        feats.append(f"as:{w}")
    pv = next((stems[i] for i in range(s1, min(n, s1 + 8))
               if stems[i] not in SKIP and not tokens[i].lower().endswith("ly")), None)
    bt1 = next((stems[i] for i in range(t0 - 1, max(-1, t0 - 4), -1)
                if stems[i] not in STOP), None)
    if pv:
        feats.append(f"pv:{pv}")
    if bt1:
        feats.append(f"bt1:{bt1}")
    for w in _window(stems, t1, t1 + 4):
        feats.append(f"at:{w}")
    for w in _window(stems, t0 - 3, t0):
        feats.append(f"bt:{w}")
    for w in _window(stems, s0 - 3, s0):
        feats.append(f"bs:{w}")
    feats.extend(sf.words)
    # Where the event words are: between the actors and just after the source.
    focus = set(range(first[1], second[0])) | set(range(s1, min(n, s1 + 6)))
    if s0 > t1:  # "<t>Kyiv</t> was shelled by <s>Russia</s>": also just before the source
        focus |= set(range(max(0, s0 - 4), s0))
    near_fut = any(stems[i] in FUTURE for i in focus if i < n)
    near_neg = any(stems[i] in NEGATION for i in focus if i < n)
    if near_fut:
        feats.append("fut")
        if pv:
            feats.append(f"pv:{pv}&fut")
        if bt1:
            feats.append(f"bt1:{bt1}&fut")
    if near_neg:
        feats.append("neg")
        if bt1:
            feats.append(f"bt1:{bt1}&neg")
    for type_, hits in sf.lex_hits:
        feats.append(f"lexw:{type_}")
        if any(h in focus for h in hits):
            feats.append(f"lex:{type_}")
            if near_fut:
                feats.append(f"lex:{type_}&fut")
            if near_neg:
                feats.append(f"lex:{type_}&neg")
    for w in set(stems[s0:s1]):
        feats.append(f"s:{w}")
    for w in set(stems[t0:t1]):
        feats.append(f"t:{w}")
    return feats
