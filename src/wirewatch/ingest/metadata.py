"""Metadata helpers: dates, header blocks, boilerplate, titles, language."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import PurePath

from dateutil import parser as dateparser

from wirewatch.textnorm import function_words, sentence_spans

# A header block: `Key: value` lines at the very top, then a blank line.
HEADER_KEYS = {
    "title": "title", "headline": "title",
    "date": "published", "published": "published", "pubdate": "published",
    "source": "source", "outlet": "source", "publisher": "source",
    "url": "url", "link": "url",
    "author": "author", "byline": "author",
    "language": "language", "lang": "language",
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,20}):\s*(.*)$")
# The founding seed's form: " date 2023-11-14 U.S. intelligence has…"
_DATE_TOKEN = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[\s:]*", re.IGNORECASE)
def parse_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading `Key: value` block off the text. Returns (fields, rest)."""
    head, sep, rest = text.lstrip("\ufeff").partition("\n\n")
    if not sep:
        return {}, text
    fields: dict[str, str] = {}
    for line in head.strip().splitlines():
        m = _HEADER_LINE.match(line.strip())
        if not m or m.group(1).strip().lower() not in HEADER_KEYS:
            return {}, text  # not a header block: the first paragraph is article text
        fields[HEADER_KEYS[m.group(1).strip().lower()]] = m.group(2).strip()
    return fields, rest


def strip_date_token(text: str) -> tuple[str | None, str]:
    """Remove a leading ``date YYYY-MM-DD`` token. Returns (iso date or None, text)."""
    m = _DATE_TOKEN.match(text)
    if not m:
        return None, text
    return parse_date(m.group(1)), text[m.end():]


_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(path: str | None) -> str | None:
    """A day written in a file's name ("breitbart_2016-02-07_after-rubio.txt",
    "20231122-satellite.html") as ISO ``YYYY-MM-DD``; None when there is none (or several
    different ones, or an impossible day)."""
    if not path:
        return None
    found = {(m.group(1), m.group(3), m.group(4)) for m in _NAME_DATE.finditer(PurePath(path).name)}
    if len(found) != 1:
        return None
    y, mo, d = found.pop()
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None  # 2023-02-30


def source_in_name(path: str | None) -> str | None:
    """The outlet a saved article's file name opens with, before its day
    ("wash-post_2016-01-31_can-the-gop.txt" -> "wash-post"); None without such a prefix."""
    if not path or date_in_name(path) is None:
        return None
    name = PurePath(path).name
    m = _NAME_DATE.search(name)
    if not name[:m.start()].endswith(("_", "-")):
        return None
    prefix = name[:m.start()].strip(" _-.")
    return prefix if re.fullmatch(r"[A-Za-z][\w.-]{1,40}", prefix or "") else None


def parse_date(value: str | None) -> str | None:
    """Any reasonable date string → ISO ``YYYY-MM-DD``; None when it cannot be read."""
    if not value:
        return None
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    value = str(value).strip()
    try:
        parsed = dateparser.parse(value, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or parsed.year < 1900 or parsed.year > 2100:
        return None
    return parsed.strftime("%Y-%m-%d")


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    raw = resources.files("wirewatch.ingest").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    return tuple(
        re.compile(line, re.IGNORECASE)
        for line in raw.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def split_boilerplate(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Separate boilerplate paragraphs (credits, share/subscribe/cookie lines) from the text."""
    keep, removed = [], []
    for para in paragraphs:
        if len(para) < 400 and any(p.search(para) for p in _boilerplate_patterns()):
            removed.append(para)
        else:
            keep.append(para)
    return keep, removed


def split_headline(text: str) -> tuple[str, str]:
    """A plain text that opens with its headline on a line of its own, as saved articles do:
    ``(headline, the rest)``; else ``("", text)``. A headline is a one-line first paragraph
    of 3-25 words that does not end like a sentence ("Seoul launches its first spy
    satellite"). A short first paragraph that does ("North Korea fired a missile on
    Tuesday.") is the lead, and a byline ("By Jane Doe") is neither."""
    first, sep, rest = text.partition("\n\n")
    line = first.strip()
    if not sep or "\n" in line or not 3 <= len(line.split()) <= 25 or not rest.strip() \
            or _NOT_A_HEADLINE.match(line) or line.endswith((".", "!", "?", ":", ";", ",", "\"", "”", "’", "'")):
        return "", text
    return line, rest.strip()


# a byline, a timestamp or a picture credit on the first line is no headline
_NOT_A_HEADLINE = re.compile(r"(?i)(?:by\s|(?:last\s+)?updated\b|published\b|posted\b|(?:photo|image|video)\s*(?::|credit)|advertisement\b)")


def derive_title(text: str, limit: int = 120) -> str:
    """The first sentence, cut at a word boundary: what a reader would call the headline."""
    text = text.strip()
    spans = sentence_spans(text)
    first = text[spans[0][0]:spans[0][1]].strip() if spans else text
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


_EN_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as by was were has have had be it its from at "
    "said an are this which would will not but or their they".split()
)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code. English news is recognised from function words (fast, exact enough);
    anything else goes to py3langid's bundled model. An English text made mostly of names and
    figures (a results table: "Results of Polish first division soccer matches on Saturday:
    Amica Wronki 3 Hutnik Krakow 0 ...") has few function words, and the model names the
    language of its names, or a creole (Nigerian Pidgin for 31 of 946 Reuters stories): where
    the text holds English function words (one word in a hundred at least) and fewer of that
    language's own (spaCy's lists; none for a language spaCy does not know), it is English."""
    sample = text[:4000]
    if not any(c.isalpha() for c in sample):
        return None
    tokens = re.findall(r"[a-z]+", sample.lower())
    share = sum(t in _EN_FUNCTION_WORDS for t in tokens) / len(tokens) if tokens else 0.0
    if share >= 0.2 and len(tokens) >= 20:
        return "en"
    import py3langid

    lang = str(py3langid.classify(sample)[0])
    if lang != "en" and share >= 0.01:
        own = function_words(lang)  # empty for a language spaCy does not know (the creoles)
        words = re.findall(r"[^\W\d_]+", sample.casefold())
        if sum(w in own for w in words) / len(words) < share:
            return "en"
    return lang
