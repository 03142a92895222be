"""Resolve the date expressions of a sentence against the article's publication date.

    find_dates("Shoigu visited Pyongyang on Tuesday.", "2023-11-14")
    # [DateRef(text='on Tuesday', date='2023-11-14', precision='day', relative=True, ...)]

Precision is ``day``, ``week`` (Monday of that week), ``month`` (YYYY-MM), ``year`` (YYYY) or
``unknown`` ("recently": relative, no date). ``relative`` is True when the date was resolved
against the publication date: deictic expressions ("on Tuesday", "last week", "yesterday",
"recently", "this month") and calendar dates without a year ("on Nov. 22", "in September",
whose year is taken from the publication date); "in September 2023" and ISO dates are not. News reports mostly look
back, so a bare weekday or month is the latest one on or before publication, unless the
sentence is about the future ("will meet on Tuesday"), then the next one. Ordinals of a
duration ("now in its 19th month") are not dates and are skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
              "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<month>january|february|march|april|may|june|july|august|september|october|"
          r"november|december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|"
          r"nov\.?|dec\.?)")
_FUTURE = re.compile(r"\b(will|shall|'ll|plans? to|is to|are to|scheduled|expected to|next)\b",
                     re.I)

PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(r"\b(?:on\s+)?" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
                       r"(?:,?\s+(?P<y>\d{4}))?\b(?!\s*(?:month|year|day|week))", re.I)),
    ("dmy", re.compile(r"\b(?:on\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
                       + r"(?:,?\s+(?P<y>\d{4}))?\b", re.I)),
    ("my", re.compile(r"\b(?:in\s+|since\s+|by\s+|early\s+|late\s+|mid-?)?" + _MONTH
                      + r"(?:\s+(?P<y>\d{4}))?\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|during|by)\s+(?P<y>(?:19|20)\d{2})\b", re.I)),
    ("weekday", re.compile(r"\b(?:(?P<which>last|this|next|on|late|early)\s+)?(?P<wd>monday|"
                           r"tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("deictic", re.compile(r"\b(?P<expr>yesterday|today|tonight|last night|recently|"
                           r"(?:last|this|next|earlier this|later this)\s+"
                           r"(?:week|month|year))\b", re.I)),
]


@dataclass(frozen=True)
class DateRef:
    text: str
    date: str | None
    precision: str  # day | week | month | year | unknown
    relative: bool
    start: int
    end: int


def date_span(value: str | dt.date | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of an ISO date, month (YYYY-MM) or year (YYYY), as events and
    their flags are dated; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value, value
    text = str(value).strip()[:10]
    try:
        if len(text) == 4:
            y = int(text)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:7])
            return dt.date(y, m, 1), dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        day = dt.date.fromisoformat(text)
        return day, day
    except ValueError:
        return None


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTH_ABBR.get(w)


def find_dates(sentence: str, published: str | None) -> list[DateRef]:
    """Every date expression in ``sentence``, resolved where the publication date allows."""
    return list(_find_dates(sentence, published))


@functools.lru_cache(maxsize=256)
def _find_dates(sentence: str, published: str | None) -> tuple[DateRef, ...]:
    # memoised: an event is dated from its sentence, and a sentence often tells of several
    pub = _parse_published(published)
    taken: list[tuple[int, int]] = []
    out: list[DateRef] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(sentence):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            ref = _resolve(kind, m, pub, _about_future(sentence, m.start(), m.end()))
            if ref is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(ref)
    return tuple(sorted(out, key=lambda r: r.start))


# Where the passage a date expression stands in ends: a quotation, a colon or semicolon, a dash.
_PASSAGE_END = re.compile(r"[;:\"“”—–]|''|``|\s-\s")


def _about_future(sentence: str, start: int, end: int) -> bool:
    """Whether the passage of ``sentence`` holding the date expression at [start, end) speaks of
    the future ("will meet on Tuesday"). The passage, not the whole sentence: in "Grant
    defended his father Tuesday on Facebook, saying: 'And while I will say ...'" the quoted
    "will" does not move Tuesday forward."""
    lo = max((m.end() for m in _PASSAGE_END.finditer(sentence, 0, start)), default=0)
    hi = next((m.start() for m in _PASSAGE_END.finditer(sentence, end)), len(sentence))
    return bool(_FUTURE.search(sentence, lo, hi))


def _resolve(kind: str, m: re.Match, pub: dt.date | None, future: bool) -> DateRef | None:
    text, s, e = m.group(0), m.start(), m.end()
    g = m.groupdict()
    if kind == "iso":
        try:
            d = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        except ValueError:
            return None
        return DateRef(text, d.isoformat(), "day", False, s, e)
    if kind in ("mdy", "dmy"):
        month = _month(g["month"])
        if month is None or (g["month"].lower() == "may" and kind == "mdy" and not g.get("y")
                             and not text.lower().startswith("on")):
            return None  # "may 2" without "on" is too often the verb
        year = int(g["y"]) if g.get("y") else _infer_year(pub, month, future)
        try:
            d = dt.date(year, month, int(g["d"])) if year else None
        except ValueError:
            return None
        return DateRef(text, d.isoformat() if d else None, "day" if d else "unknown",
                       not g.get("y"), s, e)
    if kind == "my":
        month = _month(g["month"])
        if month is None or (g["month"].lower() in ("may", "march") and not g.get("y")
                             and not re.match(r"(in|since|by|early|late|mid)", text, re.I)):
            return None  # the verbs "may" and "march"
        year = int(g["y"]) if g.get("y") else _infer_year(pub, month, future)
        return DateRef(text, f"{year:04d}-{month:02d}" if year else None,
                       "month" if year else "unknown", not g.get("y"), s, e)
    if kind == "year":
        return DateRef(text, g["y"], "year", False, s, e)
    if kind == "weekday":
        target = WEEKDAYS.index(g["wd"].lower())
        if pub is None:
            return DateRef(text, None, "unknown", True, s, e)
        which = (g.get("which") or "").lower()
        fwd = which == "next" or (future and which != "last")
        delta = (target - pub.weekday()) % 7 if fwd else -((pub.weekday() - target) % 7)
        if which == "last" and delta == 0:
            delta = -7
        return DateRef(text, (pub + dt.timedelta(days=delta)).isoformat(), "day", True, s, e)
    if kind == "deictic":
        return _deictic(g["expr"].lower(), text, s, e, pub)
    return None


def _deictic(expr: str, text: str, s: int, e: int, pub: dt.date | None) -> DateRef:
    if expr == "recently" or pub is None:
        return DateRef(text, None, "unknown", True, s, e)
    if expr in ("today", "tonight"):
        return DateRef(text, pub.isoformat(), "day", True, s, e)
    if expr in ("yesterday", "last night"):
        return DateRef(text, (pub - dt.timedelta(days=1)).isoformat(), "day", True, s, e)
    shift = -1 if expr.startswith("last") else 1 if expr.startswith("next") else 0
    unit = expr.split()[-1]
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
        return DateRef(text, monday.isoformat(), "week", True, s, e)
    if unit == "month":
        y, mth = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
        return DateRef(text, f"{y:04d}-{mth + 1:02d}", "month", True, s, e)
    return DateRef(text, f"{pub.year + shift:04d}", "year", True, s, e)


def _infer_year(pub: dt.date | None, month: int, future: bool) -> int | None:
    if pub is None:
        return None
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def best_date(sentence: str, published: str | None, focus: int | None = None) -> DateRef | None:
    """The date expression nearest to char offset ``focus`` (or the first one), leaving out
    one inside a relative or concessive clause that does not hold ``focus`` ("urged the
    council to renew the panel's mandate, which Russia vetoed last year": the urging is not
    last year's; "accused Holt of being a Democrat, though he has been a registered
    Republican since 2003": nor is the accusation 2003's)."""
    refs = find_dates(sentence, published)
    if focus is not None:
        asides = [(m.start(), _aside_end(sentence, m.end())) for m in _ASIDE.finditer(sentence)]
        refs = [r for r in refs if not any(lo <= r.start < hi and not lo <= focus < hi for lo, hi in asides)]
    if not refs:
        return None
    if focus is None:
        return refs[0]
    return min(refs, key=lambda r: min(abs(r.start - focus), abs(r.end - focus)))


_ASIDE = re.compile(r",\s+(?:which|who|whom|whose|though|although|even though|whereas)\b")


def _aside_end(sentence: str, at: int) -> int:
    """Where a relative clause opened at ``at`` ends: its closing comma, or the sentence's end."""
    comma = sentence.find(",", at)
    return comma if comma >= 0 else len(sentence)
