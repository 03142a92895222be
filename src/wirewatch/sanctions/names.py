"""Name normalisation for screening: one canonical spelling for the many ways lists and news
spell the same name.

Both sides (the listed name and the screened one) go through the same folding, so a rule only
has to make variants collide; it never has to pick the "right" spelling. Steps, in order:

1. Unicode compatibility decomposition, accents dropped, casefold (``Müller`` -> ``muller``).
2. Apostrophes dropped inside names (``Ma'ruf`` -> ``maruf``); other punctuation, hyphens
   included, separates tokens (``Jong-Un`` -> ``jong un``; the compact form ``jongun`` also
   exists, see :class:`NameForm`).
3. Whole-token equivalents (``Mohammed``/``Muhammad``/``Mohamed``; Korean surnames as spelled
   in the South and the North: ``Lee``/``Rhee``/``Yi`` -> ``ri``, ``Park`` -> ``pak``...).
4. Romanisation rules inside tokens (``kh``->``h``, ``ou``->``u``, ``yo``->``e``, ``ph``->``f``,
   ``dzh``/``zh``/``dj``->``j``, non-initial ``y``->``i``...), then doubled letters collapsed
   (``Hassan``/``Hasan``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# letters NFKD does not decompose to ASCII
_SPECIAL = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ß": "ss"})
_APOSTROPHES = re.compile(r"['’`ʼ‘ʻʿʾ]")
_NON_WORD = re.compile(r"[\W_]+")

# whole-token equivalents, keys already casefolded and accent-free
_TOKEN_TABLE = {
    **dict.fromkeys(
        ["mohammad", "mohammed", "muhammad", "muhammed", "mohamed", "mohamad", "muhamad", "muhamed",
         "mohammod", "mohamud", "mohamoud", "mouhamed", "mehmet", "mehmed", "mohd"], "muhammad"),
    **dict.fromkeys(["ahmad", "ahmed", "ahmet", "ahmid"], "ahmad"),
    **dict.fromkeys(["abdel", "abdal", "abdoul", "abdoul", "abdul", "abd"], "abdul"),
    **dict.fromkeys(["el", "al", "ul"], "al"),
    **dict.fromkeys(["hussain", "hussein", "husain", "husayn", "hossein", "hosein", "husein"], "husain"),
    **dict.fromkeys(["yusuf", "yousef", "youssef", "yousuf", "yusef", "yossef"], "yusuf"),
    **dict.fromkeys(["osama", "usama", "oussama"], "usama"),
    **dict.fromkeys(["omar", "umar", "omer"], "umar"),
    # Korean surnames: Southern and Northern romanisations of the same name
    **dict.fromkeys(["lee", "rhee", "yi", "rhi", "ri", "li"], "ri"),
    **dict.fromkeys(["park", "bak", "pak"], "pak"),
    **dict.fromkeys(["choi", "choe", "chwe"], "choe"),
    **dict.fromkeys(["jeong", "jung", "chung", "chong", "jong"], "jong"),
    **dict.fromkeys(["rim", "lim", "im"], "rim"),
    **dict.fromkeys(["ryu", "yoo", "yu", "ryoo"], "ryu"),
    **dict.fromkeys(["gim", "kim"], "kim"),
    **dict.fromkeys(["shin", "sin"], "sin"),
    # organisation words
    **dict.fromkeys(["corp", "corporation"], "corporation"),
    **dict.fromkeys(["co", "company", "compagnie"], "company"),
    **dict.fromkeys(["ltd", "limited"], "limited"),
    **dict.fromkeys(["intl", "international"], "international"),
}

# inside-token rules, applied in order (multi-letter first)
_CANONICAL = frozenset(_TOKEN_TABLE.values())

_RULES = [
    ("dzh", "j"), ("tch", "ch"), ("zh", "j"), ("zj", "j"), ("dj", "j"), ("kh", "h"), ("gh", "g"),
    ("ph", "f"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("yo", "e"), ("q", "k"), ("ck", "k"),
]
_DOUBLES = re.compile(r"(.)\1+")


# table words long enough that one typo cannot turn one real name into another
# ("Mohgammed" -> muhammad, but "Ahmadi" must not become "ahmad")
_FUZZY_KEYS = [k for k in _TOKEN_TABLE if len(k) >= 6]


def _table(token: str) -> str:
    if token in _TOKEN_TABLE:
        return _TOKEN_TABLE[token]
    if len(token) >= 6:
        found = process.extractOne(token, _FUZZY_KEYS, scorer=Levenshtein.distance, score_cutoff=1)
        if found is not None:
            return _TOKEN_TABLE[found[0]]
    return token


def _fold_token(token: str) -> str:
    token = _table(token)
    if token in _CANONICAL:
        return token
    for old, new in _RULES:
        if old in token:
            token = token.replace(old, new)
    if len(token) > 1 and "y" in token[1:]:
        token = token[0] + token[1:].replace("y", "i")
    return _DOUBLES.sub(r"\1", token)


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The folded tokens of a name (see the module docstring for the rules)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_SPECIAL)
    text = _APOSTROPHES.sub("", text)
    return tuple(_fold_token(t) for t in _NON_WORD.sub(" ", text).split())


_PUNCT_NO_HYPHEN = re.compile(r"[^\w\s-]+")


def plain(name: str, hyphens: bool = True) -> str:
    """Casefold, punctuation and extra spaces dropped: to tell an exact match from a variant.

    With ``hyphens=False`` hyphens become spaces too (``Won-ho`` == ``Won ho``).
    """
    text = _PUNCT_NO_HYPHEN.sub(" ", name.casefold())
    if not hyphens:
        text = text.replace("-", " ")
    return " ".join(text.split())


def natural_order(name: str) -> str:
    """"KHOROSHEV, Dmitry Yuryevich" -> "Dmitry Yuryevich KHOROSHEV" (lists write persons surname first).

    Only a single comma with a short part on each side is read as surname inversion.
    """
    if name.count(",") != 1:
        return name
    head, tail = (part.strip() for part in name.split(","))
    if head and tail and len(head.split()) <= 3 and len(tail.split()) <= 4:
        return f"{tail} {head}"
    return name


@dataclass(frozen=True)
class NameForm:
    """The comparable forms of one name: tokens, tokens in sorted order, and compact (no spaces)."""

    tokens: tuple[str, ...]
    sorted: str
    compact: str

    @classmethod
    def of(cls, name: str, *, person: bool = True) -> "NameForm":
        """Forms of a name; a person's "SURNAME, Given" is put in natural order first."""
        tokens = name_tokens(natural_order(name) if person else name)
        return cls(tokens=tokens, sorted=" ".join(sorted(tokens)), compact="".join(tokens))
