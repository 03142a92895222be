"""Text normalisation shared by ingest (ids, hashing) and dedup (shingles).

The stored text keeps its typography (NFC, curly quotes stay); only the *hashing* and
*shingling* view is folded: quotes and dashes to ASCII, case folded, whitespace collapsed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import re
import unicodedata

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
    }
)
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


_COMBINING = re.compile("[\u0300-\u036f]")


def fold_accents(text: str) -> str:
    """ "hutíes" → "huties", "Gómez" → "Gomez": letters without their accents."""
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


@functools.lru_cache(maxsize=None)
def function_words(language: str) -> frozenset[str]:
    """A language's function words, casefolded, from spaCy's lists (shipped with spaCy, no
    download); empty where spaCy has none for the language."""
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
    except (ImportError, ValueError):
        return frozenset()
    return frozenset(w.casefold() for w in module.STOP_WORDS)


def clean_text(text: str) -> str:
    """The stored form: NFC, unified newlines, trimmed lines, paragraphs separated by one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    paras: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n")]
        para = " ".join(ln for ln in lines if ln)
        if para:
            paras.append(_WS.sub(" ", para))
    return "\n\n".join(paras)


def normalise_for_hash(text: str) -> str:
    """The folded view used for hashing: NFKC, ASCII quotes/dashes, casefolded, single spaces.

    ``str.split()`` and the ``\\s+`` regex agree on what whitespace is, and the quote/dash
    fold only touches non-ASCII characters, so ASCII text (most news copy) skips it: about
    ten times faster than folding and collapsing with a regex (a test checks they agree)."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = text.translate(_FOLD)
    return " ".join(text.casefold().split())


def words(text: str, *, normalised: str | None = None) -> list[str]:
    """Word tokens of the folded view (used for shingles and word counts). ``normalised``:
    ``normalise_for_hash(text)``, when the caller has it already."""
    return _WORD.findall(normalise_for_hash(text) if normalised is None else normalised)


def text_hash(text: str, *, normalised: str | None = None) -> str:
    view = normalise_for_hash(text) if normalised is None else normalised
    return hashlib.sha256(view.encode("utf-8")).hexdigest()[:16]


def article_id(text: str, origin: str | None, *, normalised: str | None = None) -> str:
    """Stable article id: hash of the normalised text and its origin (URL, else outlet)."""
    view = normalise_for_hash(text) if normalised is None else normalised
    key = view + "\x00" + (origin or "").strip().casefold()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


_SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
# Words after which a full stop does not end a sentence (titles, months, initials are handled apart).
_ABBREV = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt rep sen gov pres st jr sr vs no co corp inc ltd "
    "sens reps govs messrs rev "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.u a.m p.m etc approx dept est fig".split()
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a paragraph-structured text (rule-based, fast).

    Splits at ., ! or ? followed by space and a capital, but not after initials ("John F.
    Kirby"), common abbreviations ("U.S.", "Gen.", "Nov.") or inside a paragraph break.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n\n"):
        start = text.find(para, pos)
        pos = start + len(para)
        s = 0
        for m in _SENT_END.finditer(para):
            before = para[s : m.start()].rsplit(None, 1)[-1] if para[s : m.start()].strip() else ""
            word = before.rstrip(".").lower()
            if (len(word) == 1 and word.isalpha()) or word in _ABBREV or word.replace(".", "") in _ABBREV:
                continue
            end = m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))
            spans.append((start + s, start + end))
            s = m.end()
        if para[s:].strip():
            spans.append((start + s, start + len(para.rstrip())))
    return spans


_DATELINE = re.compile(r"\s*[A-Z][A-Z'’.\- ]+(?:,\s*[A-Z][\w'’.\- ]+){0,2}\s*(?:\([^()\n]{1,60}\))?\s*[—–]\s*"
                       # "DES MOINES - ": a spaced hyphen only after a capitalised place name of
                       # whole words ("U.S. - Russia relations" is no dateline)
                       r"|\s*[A-Z]{2,}(?:[ '’-][A-Z]{2,})*(?:,\s*[A-Z][\w'’.\- ]+){0,2}\s*(?:\([^()\n]{1,60}\))?\s+-\s+")


def dateline_end(text: str) -> int:
    """End of an opening dateline ("KYIV (Meridian Press) — ", "VOSTOCHNY, Russia — "), else 0:
    it names where and who wrote, never who says or does, and is no part of a key point."""
    m = _DATELINE.match(text[:120])
    return m.end() if m else 0


def longest_alternation(words) -> str:
    """A regular expression (no flags, no anchors) matching, at any position, the longest of
    ``words`` that occurs there: what ``"|".join`` of the words sorted longest first
    matches, written as a trie so the engine reads each character once instead of trying
    every word in turn ("North Korea|North Macedonia|Norway" → ``Nor(?:th (?:Korea|...)|way)``).
    At a word that goes on into a longer one, the longer is tried first, and the shorter
    only when the rest of the pattern fails after the longer (a word boundary, say)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)
