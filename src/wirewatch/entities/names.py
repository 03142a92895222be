"""Personal names: cleaning, comparison keys, family names.

    >>> name_key("Vladimir V. Putin"), name_key("Kim Jong-Un"), name_key("Kim Jong Un")
    ('vladimir putin', 'kim jong un', 'kim jong un')
    >>> family_name("Kim Jong Un"), family_name("John F. Kirby"), family_name("Abdul-Malik al-Houthi")
    ('kim', 'kirby', 'al houthi')

Keys fold case, accents and hyphens and drop middle initials, so the written variants of one
name share a key. East Asian names keep the family name first (names.yaml ``family_first``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from wirewatch.entities.knowledge import knowledge

#: courtesy titles and the sex they mark: "Mr. Clinton" and "Mrs. Clinton" are two people
COURTESY = {"mr": "m", "mister": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "mme": "f"}

_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_EDGE = re.compile(r"^[\W_]+|[^\w.]+$|(?<![A-Z])\.+$")  # keeps the dot of "U.S." and "Jr."
_INITIAL = re.compile(r"^[a-z]\.?$", re.I)


def clean_name(text: str) -> str:
    """The name as written, without possessive, honorific, quotes or edge punctuation."""
    return _clean_name(text, knowledge())


@functools.lru_cache(maxsize=65536)
def _clean_name(text: str, kb) -> str:
    # Cached per knowledge object: resolution asks again for every mention of a name.
    text = _SPACES.sub(" ", text.strip())
    text = _POSSESSIVE.sub("", text)
    text = _EDGE.sub("", text)
    words = text.split(" ")
    while len(words) > 1 and words[0].rstrip(".").casefold() in kb.honorifics:
        words = words[1:]
    return " ".join(words)


def _ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def name_tokens(text: str, *, keep_initials: bool = False) -> list[str]:
    """Comparison tokens: folded, split on spaces and hyphens, middle initials dropped
    (unless that would leave a single token: "V. Putin" keeps its "v")."""
    raw = [w for w in re.split(r"[\s\-‐‑–]+", clean_name(text)) if w]
    tokens = [_ascii_fold(w).replace(".", "").replace("'", "").replace("’", "") for w in raw]
    pairs = [(r, t) for r, t in zip(raw, tokens) if t]
    if keep_initials:
        return [t for _, t in pairs]
    kept = [t for r, t in pairs if not _INITIAL.match(r)]
    return kept if len(kept) >= 2 else [t for _, t in pairs]


def name_key(text: str) -> str:
    return " ".join(name_tokens(text))


def is_family_first(tokens: list[str]) -> bool:
    """East Asian order: the first word is a common East Asian family name and the name is
    short ("Kim Jong Un", "Li Hongzhong"; not "Lee Anne Smith Johnson")."""
    return len(tokens) >= 2 and len(tokens) <= 4 and tokens[0] in knowledge().family_first


def split_name(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(family tokens, given tokens). Particles ("al", "van") stay with the family name."""
    tokens = name_tokens(text)
    if len(tokens) < 2:
        return tuple(tokens), ()
    if is_family_first(tokens):
        return (tokens[0],), tuple(tokens[1:])
    particles = knowledge().particles
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1] in particles:
        i -= 1
    return tuple(tokens[i:]), tuple(tokens[:i])


def family_name(text: str) -> str:
    return " ".join(split_name(text)[0])


def word_count(text: str) -> int:
    """Words as written ("al-Houthi" and "Jong-un" are one word each)."""
    return len(clean_name(text).split())


def looks_like_name(text: str) -> bool:
    """A plausible personal name: starts with a capital, has letters, no digits, not a
    pronoun or a lone lowercase word."""
    text = clean_name(text)
    if not text or any(ch.isdigit() for ch in text):
        return False
    if not text[0].isupper():
        return False
    return any(ch.isalpha() for ch in text)


MINOR_WORDS = {"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "al"}


def initials(name: str) -> str:
    """The capital initials of a name of two words or more ("Rapid Support Forces" -> "RSF");
    empty for one word."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in MINOR_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words)
