"""Titles around a name -> role, country and sector.

Reads the tokens next to a person's name, in the three shapes news uses:

    Russian Defense Minister Sergei Shoigu          affiliation + title before the name
    A Houthi military spokesman, Yahya Saree        the same, with a comma
    Sergei Shoigu, Russia's defence minister        apposition after the name ("..., the Y of Z")

and the same shape without a name ("the Russian defence minister"), which extraction keeps as
a *description* to link to a person later. Works on tokens and dictionary look-ups, never on
the parser, so it behaves the same with any spaCy pipeline (or a hand-built Doc).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from wirewatch.entities.knowledge import Hit, Title, fold, knowledge

MAX_TITLE = 6  # "chairman of the joint chiefs of staff"
MAX_AFFIL = 6  # "the U.N. Security Council", "Foreign, Commonwealth and Development Office"
MAX_UNIT = 3
# places and capitals give a country only ("Kharkiv Mayor Ihor Terekhov" -> UKR)
_AFFIL_KINDS = ("country", "demonym", "seat", "organisation", "group", "place", "capital")
_DETERMINERS = {"the", "a", "an"}


@dataclass
class Role:
    """What a title says about someone. ``start``/``end`` are token indices of the whole
    phrase (determiner and affiliation included), for descriptions."""

    role: str
    country: str | None
    sector: str | None
    head: bool
    affiliation: str | None
    start: int
    end: int
    definite: bool = False  # begins with "the" or a possessive: names one person
    place: str | None = None  # a place within the country the post belongs to ("Florida" senator)


def _text(doc: Doc, i: int, j: int) -> str:
    """Text of tokens [i, j) as written (``doc.text`` is rebuilt on every access: avoid it)."""
    return doc[i:j].text


def title_of(doc: Doc, i: int, j: int) -> Title | None:
    """The title written by tokens [i, j), with an optional prefix ("deputy foreign minister")."""
    kb = knowledge()
    if j <= i or fold(doc[i].text) not in kb.title_starts:
        return None
    if not all(t.is_alpha or t.text in ("-", ".") or t.text.endswith(".") for t in doc[i:j]):
        return None
    if doc[j - 1].text == "." or any(t.text == "." and (t.i == i or len(doc[t.i - 1]) > 3) for t in doc[i:j]):
        return None  # a full stop ends a sentence ("met the president. Putin ..."); "Lt. Gen." is fine
    text = fold(_text(doc, i, j)).replace(" - ", "-")
    found = kb.titles.get(text)
    if found is not None:
        return found
    for prefix in kb.prefixes:
        if text.startswith(prefix + " ") or text.startswith(prefix + "-"):
            base = kb.titles.get(text[len(prefix) + 1 :])
            if base is not None:
                return Title(f"{prefix} {base.role}", base.sector, False, base.country)
    return None


def affiliation_of(doc: Doc, i: int, j: int) -> Hit | None:
    if j <= i or doc[i].is_space or doc[j - 1].is_space or (
            doc[j - 1].is_punct and doc[j - 1].text not in ("'s", "’s", ".")):
        return None
    hit = knowledge().lookup(_text(doc, i, j))
    if hit is not None and hit.kind in ("organisation", "group") and tail_of_other_name(doc, i, hit):
        return None  # "Indonesian Democratic Party leader Megawati": not the US Democratic Party
    return hit if hit is not None and hit.kind in _AFFIL_KINDS else None


def tail_of_other_name(doc: Doc, i: int, hit: Hit) -> bool:
    """Whether a known organisation named from token ``i`` on is the tail of another body's
    name: a country or demonym other than the organisation's runs into it ("Indonesian" +
    "Democratic Party"), or a capitalised word the data does not know ("Kurdistan" +
    "Democratic Party", "Nepali" + "Congress"). "United States" + "Senate" and "U.S." +
    "Democratic Party" are the organisation itself."""
    kb = knowledge()
    for k in range(i - 1, max(-1, i - 4), -1):  # a known name of up to three words right before
        if doc[k].is_space or (doc[k].is_punct and doc[k].text != "."):
            break
        before = kb.lookup(_text(doc, k, i))
        if before is not None:
            return before.kind in ("country", "demonym") and before.country is not None and \
                hit.country is not None and before.country != hit.country
    prev = doc[i - 1] if i > 0 else None
    return (prev is not None and prev.is_alpha and prev.text[:1].isupper() and not prev.is_stop
            and bool(prev.whitespace_) and "\n" not in prev.whitespace_)


def unit_of(doc: Doc, i: int, j: int) -> str | None:
    if j <= i or doc[i].is_space or doc[j - 1].is_space:
        return None
    return knowledge().units.get(fold(_text(doc, i, j)))


def combine(title: Title, affil: Hit | None, unit: str | None) -> tuple[str | None, str | None]:
    """(country, sector) of a titled person. Members of an IGO, armed group, company or
    media outlet take its sector; otherwise the title's sector wins, then the unit's
    ("foreign ministry spokesman"), then the affiliation's ("White House spokesman")."""
    country = affil.country if affil is not None and affil.country else title.country
    if affil is not None and affil.kind in ("place", "capital"):
        return country, title.sector
    if affil is not None and affil.kind in ("organisation", "group") and affil.sector in ("IGO", "REB", "BUS", "MED", "NGO", "OPP"):
        return country, affil.sector
    return country, title.sector or unit or (affil.sector if affil is not None else None)


def longest_before(doc: Doc, end: int, lo: int, maxlen: int, fn):
    """Longest match of ``fn`` over token spans ending at ``end`` (exclusive), not before lo."""
    for n in range(min(maxlen, end - lo), 0, -1):
        found = fn(doc, end - n, end)
        if found is not None:
            return found, end - n
    return None, end


def longest_forward(doc: Doc, start: int, hi: int, maxlen: int, fn):
    for n in range(min(maxlen, hi - start), 0, -1):
        found = fn(doc, start, start + n)
        if found is not None:
            return found, start + n
    return None, start


def _marker(tok: Token | None) -> str | None:
    """The word before a title, folded; also across a hyphen ("then-President", "ex-minister")."""
    if tok is not None and tok.text in ("-", "‐") and tok.i > 0:
        tok = tok.doc[tok.i - 1]
    return fold(tok.text) if tok is not None else None


def _not_current(tok: Token | None) -> bool:
    """'former', 'then' ...: the title is not the person's post now."""
    return _marker(tok) in knowledge().not_current


def _former(tok: Token | None) -> bool:
    """'former' or 'ex': a post the person has left, which says who they are now ("former US
    President Donald Trump": a former president of the USA, no member of its government)."""
    return _marker(tok) in ("former", "ex")


def _as_former(role: Role) -> Role:
    return replace(role, role=f"former {role.role}", sector=None)


def role_before(doc: Doc, start: int, lo: int) -> Role | None:
    """The title right before token ``start`` (the name), looking no further back than ``lo``."""
    end = start
    if end - 1 >= lo and doc[end - 1].text == ",":
        end -= 1  # "A Houthi military spokesman, Yahya Saree"
    title, t_start = longest_before(doc, end, lo, MAX_TITLE, title_of)
    if title is None and end < start:
        # "The UN special rapporteur on human rights in Myanmar, Tom Andrews": the title's
        # remit ("on ...", "for ...") stands between it and the comma
        remit = next((k for k in range(end - 1, max(lo, end - 9) - 1, -1)
                      if doc[k].lower_ in ("on", "for") or doc[k].text in (",", ";", ".")), None)
        if remit is not None and doc[remit].lower_ in ("on", "for"):
            title, t_start = longest_before(doc, remit, lo, MAX_TITLE, title_of)
    if title is None:
        return None
    unit, u_start = longest_before(doc, t_start, lo, MAX_UNIT, unit_of)
    affil, a_start = longest_before(doc, u_start, lo, MAX_AFFIL, affiliation_of)
    if affil is None and t_start - 2 >= lo and doc[t_start - 1].text == ",":
        # "the commander of US Air Forces Central, Lieutenant General X"
        affil, a2 = longest_before(doc, t_start - 1, lo, MAX_AFFIL, affiliation_of)
        if affil is None or a2 - 1 < lo or doc[a2 - 1].lower_ != "of":
            affil = None
    if affil is None:
        # "CENTCOM commander General X": a post before the rank, and the affiliation before both
        post, p_start = longest_before(doc, u_start, lo, MAX_TITLE, title_of)
        if post is not None:
            affil, a2 = longest_before(doc, p_start, lo, MAX_AFFIL, affiliation_of)
            if affil is not None:
                a_start = a2
    if affil is None:
        a_start = u_start  # "foreign ministry spokesman X": a sector, no country
    first = a_start
    if affil is None:
        affil = _delegation_of(doc, first, lo)  # "a Chinese delegation led by Politburo member X"
    definite = False
    if first - 1 >= lo and doc[first - 1].lower_ in _DETERMINERS:
        definite = doc[first - 1].lower_ == "the"
        if not definite and end == start:
            return None  # "a President Trump would ...": someone he might become, not his post
        first -= 1
    if affil is not None and _text(doc, a_start, u_start).lower().startswith("the "):
        definite = True
    if affil is not None and _text(doc, a_start, u_start).endswith(("'s", "’s")):
        definite = True
    marker = doc[first - 1] if first - 1 >= lo else None
    if _not_current(marker) or _not_current(doc[a_start]):
        if not (_former(marker) or _former(doc[a_start])):
            return None
        former = True
    else:
        former = False
    if (affil is None and first == t_start and end < start and doc[t_start].text[:1].islower()
            and first - 1 >= lo and doc[first - 1].lower_ in ("for", "be", "become", "becoming", "being")):
        # "the nomination for president, Hillary Clinton", "whether the other is qualified to
        # be president, Clinton on Monday ...": a post sought, not held (unlike "voted for
        # President Ronald Reagan", a title written as one, before no comma)
        return None
    country, sector = combine(title, affil, unit)
    role = Role(title.role, country, sector, title.head, affil and affil.name, first, start, definite,
                place=_place(affil))
    return _as_former(role) if former else role


_LED_BY = {"delegation", "team", "mission", "contingent"}


def _delegation_of(doc: Doc, i: int, lo: int) -> Hit | None:
    """The affiliation of "<affiliation> delegation led/headed by" right before token ``i``."""
    if i - 3 < lo or doc[i - 1].lower_ != "by" or doc[i - 2].lower_ not in ("led", "headed") \
            or doc[i - 3].lower_ not in _LED_BY:
        return None
    affil, _ = longest_before(doc, i - 3, lo, MAX_AFFIL, affiliation_of)
    return affil


def role_after(doc: Doc, end: int, hi: int) -> Role | None:
    """The apposition after a name: ", the Russian defence minister", ", spokesman of Iran's
    foreign ministry"."""
    i = end
    if i >= hi or doc[i].text != ",":
        return None
    i += 1
    if i < hi and doc[i].lower_ in _DETERMINERS:
        i += 1
    former = i < hi and _former(doc[i])
    if i < hi and _not_current(doc[i]):
        if not former:
            return None
        i += 1
    affil, i = longest_forward(doc, i, hi, MAX_AFFIL, affiliation_of)
    unit, i = longest_forward(doc, i, hi, MAX_UNIT, unit_of)
    title, j = longest_forward(doc, i, hi, MAX_TITLE, title_of)
    if title is None:
        return None
    if affil is None and j + 1 < hi and doc[j].lower_ in ("of", "at", "for"):
        k = j + 1 + (doc[j + 1].lower_ == "the")
        affil, k2 = longest_forward(doc, k, hi, MAX_AFFIL, affiliation_of)
        if affil is None:
            unit, k2 = longest_forward(doc, k, hi, MAX_UNIT, unit_of)
            if unit is not None:  # "spokesman of Iran's foreign ministry" is handled above
                j = k2
        else:
            j = k2
    if j < hi and (doc[j].is_title and doc[j].is_alpha or doc[j].tag_ in ("VBD", "VBZ", "VBP", "MD")):
        # "Donald Trump, Sen. Ted Cruz and ...": the title of the next name; "than Clinton,
        # the Ohio governor said", "Against Clinton, the Ohio governor earned 51 percent": the
        # subject of a clause (a finite verb follows), not an apposition
        return None
    country, sector = combine(title, affil, unit)
    role = Role(title.role, country, sector, title.head, affil and affil.name, end, j, place=_place(affil))
    return _as_former(role) if former else role


def _place(affil: Hit | None) -> str | None:
    """The place a post is of, when its affiliation is a place within a country ("the Florida
    senator", "Kharkiv Mayor"): two such posts of one country are two people."""
    return affil.name if affil is not None and affil.kind in ("place", "capital") else None
