"""Tokens and stems for the event coder: no model needed, identical at training and run time.

The coder must not depend on the bundled spaCy model (it may be absent or retrained), so it
uses a regex tokenizer and a light stemmer. The stemmer only has to map inflections of one
word to one string ("supplied", "supplies", "supplying" -> "supply"); the strings need not be
words. The lexicon goes through the same function, so it can be written in plain words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

# Initialisms keep their final period ("U.S.", "U.N."), so "U.S. intelligence" stays whole.
TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)

_IRREGULAR = {
    "sold": "sell", "met": "meet", "gave": "give", "given": "give", "held": "hold",
    "fought": "fight", "struck": "strike", "took": "take", "taken": "take", "shot": "shoot",
    "sent": "send", "told": "tell", "said": "say", "says": "say", "made": "make",
    "brought": "bring", "began": "begin", "begun": "begin", "won": "win", "led": "lead",
    "left": "leave", "spoke": "speak", "spoken": "speak", "stood": "stand", "sought": "seek",
    "thought": "think", "fled": "flee", "froze": "freeze", "frozen": "freeze",
    "broke": "break", "broken": "break", "bought": "buy", "paid": "pay", "kept": "keep",
    "drew": "draw", "drawn": "draw", "ran": "run", "chose": "choose", "chosen": "choose",
    "rose": "rise", "risen": "rise", "knew": "know", "known": "know", "saw": "see",
    "seen": "see", "came": "come", "went": "go", "gone": "go", "wrote": "write",
    "written": "write", "withdrew": "withdraw", "withdrawn": "withdraw", "forgave": "forgive",
    "threw": "throw", "thrown": "throw", "shook": "shake", "was": "be", "were": "be",
    "is": "be", "are": "be", "been": "be", "being": "be", "am": "be", "'s": "'s",
    "has": "have", "had": "have", "having": "have", "did": "do", "does": "do", "done": "do",
    "men": "man", "women": "woman", "children": "child", "hung": "hang", "lost": "lose",
    "meant": "mean", "felt": "feel", "found": "find", "got": "get", "gotten": "get",
    "hid": "hide", "hidden": "hide", "slain": "slay", "slew": "slay", "swore": "swear",
    "sworn": "swear", "undertook": "undertake", "overtook": "overtake", "built": "build",
    "spent": "spend", "lent": "lend", "bore": "bear", "borne": "bear", "u.s.": "us",
    "n't": "not", "wo": "will", "ca": "can", "'ll": "will", "'d": "would",
}
_VOWELS = set("aeiouy")


# Verbs whose "re-" only says "again": "reimposed sanctions" is imposing them, "resupplied"
# supplying. (Not every "re": "reject", "retreat", "report" are words of their own.)
_AGAIN = ("impos", "deploy", "suppl", "arm", "instat", "launch", "establish", "sanction", "attack")
# "note", "noted", "notes", "noting" would all strip to "not", the negation
_NOTE = frozenset({"note", "notes", "noted", "noting"})
_AGAIN_RE = re.compile(r"re-?(%s)" % "|".join(_AGAIN))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    again = _AGAIN_RE.match(w)
    if again is not None and len(w) > 4:
        return stem(w[again.start(1):])
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
        return _strip_e(w)
    if w in _NOTE:
        return "note"  # not "not": "noted" is no negation, and no refusal
    if w in ("plane", "planes"):
        return "plane"  # not "plan": "fighter planes" plan nothing
    if not w.isalpha() or len(w) <= 3:
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("eed") and len(w) > 4:
        return _strip_e(w[:-1])  # agreed -> agree -> agre, like "agree" itself
    for suffix, min_len in (("ing", 6), ("ed", 5)):
        if w.endswith(suffix) and len(w) >= min_len:
            base = w[: -len(suffix)]
            if not (_VOWELS & set(base)):
                break  # "sing", "red": no vowel left, not an inflection
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsze":
                base = base[:-1]  # stopped -> stop, shipping -> ship
            return _strip_e(base)
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    return _strip_e(w)


# "in what he called its struggle against imperialism", "a group that is called Wagner":
# "call" naming a thing, not a telephone call or a call for something. The words after it that
# make it a call after all: "what he called for", "was called off", "called on Moscow to".
_NAMING_LEAD = frozenset({"be", "is", "are", "was", "were", "been", "being"})
_CALL_PARTICLES = frozenset({"for", "on", "off", "in", "up", "out", "back", "to", "upon"})


def cue_stems(tokens: Sequence[str]) -> list[str]:
    """The stems of a tokenized sentence for matching cue words, with "call" used to name
    something ("what he called", "is called") kept out: it is no phone call (CONSULT) and no
    demand. Memoised: the coder and several of the extractor's checks read one sentence."""
    return list(_cue_stems(tuple(tokens)))


@functools.lru_cache(maxsize=256)
def _cue_stems(tokens: tuple[str, ...]) -> tuple[str, ...]:
    stems = [stem(t) for t in tokens]
    for i, s in enumerate(stems):
        if s != "call" or (i + 1 < len(tokens) and tokens[i + 1].lower() in _CALL_PARTICLES):
            continue
        lead = [t.lower() for t in tokens[max(0, i - 4):i]]
        if (lead and lead[-1] in _NAMING_LEAD) or "what" in lead:
            stems[i] = "called-as-name"
    return tuple(stems)


def _strip_e(w: str) -> str:
    # "release"/"released"/"releasing" all become "releas".
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def _clitic(tok: str) -> int:
    """Length of a clitic split off the end of ``tok`` ("n't", "'s"), else 0."""
    if "'" not in tok and "’" not in tok:  # most words: no clitic to look for
        return 0
    low = tok.lower()
    if low.endswith(("n't", "n’t")) and len(tok) > 3:
        return 3
    if low.endswith(("'s", "’s")) and len(tok) > 2:
        return 2
    return 0


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) triples; contractions split like "do" + "n't"."""
    return list(_tokenize(text))


@functools.lru_cache(maxsize=512)
def _tokenize(text: str) -> tuple[tuple[str, int, int], ...]:
    # memoised: the event rules read the same sentence and its parts again and again
    out = []
    for m in TOKEN_RE.finditer(text):
        tok, start, end = m.group(0), m.start(), m.end()
        k = _clitic(tok)
        if k:
            out.append((tok[:-k], start, end - k))
            out.append((tok[-k:], end - k, end))
        else:
            out.append((tok, start, end))
    return tuple(out)


def count_tokens(text: str) -> int:
    """``len(tokenize(text))``, without building the tokens."""
    return sum(2 if _clitic(m.group(0)) else 1 for m in TOKEN_RE.finditer(text))


# A full stop after these does not end a sentence ("U.S.", "Nov. 22", "John F. Kirby").
_ABBREV = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "adm", "gov", "sen",
           "rep", "st", "jr", "sr", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd", "u.s", "u.n", "u.k",
           "e.u", "d.c", "approx", "est", "fig", "vol", "pres", "prof", "rev", "maj", "brig",
           "sens", "reps", "govs", "messrs"}  # plural titles: "Sens. Ted Cruz and Marco Rubio"
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*\S)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) character spans of sentences; paragraph breaks always end one.

    Rule-based on purpose: sentence boundaries must not depend on which parser is installed
    (event evidence and claim indexes refer to them), and news text is regular enough.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == ".":
            w = _word_before(text, start, m.start() + 1).lower().rstrip(".")
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
        end = m.end() if m.group(0)[0] in ".!?" else m.start()
        if text[start:end].strip():
            spans.append(_strip(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends at ``end`` (not before ``start``): what
    ``re.search(r"[\\w.]+$", text[start:end])`` finds, without copying and scanning the slice."""
    i = end
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:end]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
