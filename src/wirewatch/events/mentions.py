"""Actor mentions in a sentence, as the event extractor needs them.

From the NER (PER, ORG, LOC, GPE, NORP, and MISC when it is a demonym like "North Korean"),
widened to the phrase an analyst would name as the actor: "South Korea's military", "the
Biden administration", "U.S. intelligence", "Russian Defense Minister Sergei Shoigu"
(a demonym, a title and a name are one actor). A demonym that only qualifies a thing
("Iranian drones") is not an actor. "The country" / "the regime" borrow the most recent
country mentioned (one-step coreference, kept in ``antecedent``). Without NER, a gazetteer of
states, capitals, seats of government and demonyms (the entity layer's knowledge) stands in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wirewatch.entities.knowledge import LAW_NAME, PARTY_PREFIX, fold, knowledge
from wirewatch.textnorm import longest_alternation

ACTOR_LABELS = {"PER", "PERSON", "ORG", "LOC", "GPE", "NORP", "MISC", "FAC"}
ROLE_NOUNS = {
    "military", "army", "navy", "government", "administration", "intelligence", "forces",
    "force", "troops", "officials", "ministry", "minister", "president", "leader", "spokesman",
    "spokeswoman", "spokesperson", "envoy", "ambassador", "embassy", "defense", "defence",
    "foreign", "prime", "secretary", "chief", "chiefs", "regime", "authorities", "state",
    "media", "agency", "police", "guard", "coast", "air", "joint", "staff", "of", "general",
    "commander", "diplomats", "delegation", "parliament", "lawmakers", "customs", "treasury",
    "department", "office", "council", "court", "prosecutors", "war", "security", "national",
    "deputy", "vice", "supreme", "top", "senior", "white", "house", "kremlin", "pentagon",
    "governments", "ministries", "militaries", "leaders", "authority", "states", "countries", "nations",
    # who sanctions and export controls name: "sanctioned Iranian firms and officials"
    "firms", "companies", "banks", "manufacturers", "suppliers",
    # ... and the people and businesses charged or sanctioned: "two Chinese nationals", "an
    # Iranian company" (one word of trade may stand between: "an Iranian aerospace company")
    "firm", "company", "manufacturer", "supplier", "nationals", "citizens", "businessmen", "businessman",
}
_TRADES = ("company", "companies", "firm", "firms", "manufacturer", "manufacturers", "supplier", "suppliers")
ANAPHORS = re.compile(r"\b(?:the|The) (?:country|nation|regime|kingdom|state|republic)\b")
# "Tehran denies arming the group": the last armed group or movement named before
GROUP_ANAPHORS = re.compile(r"\b(?:the|The) (?:group|militia|movement|rebels|militants)\b")
# Intergovernmental bodies events name as actors, by their name in the entity knowledge.
_IGO_CODES = {"United Nations": "UN", "NATO": "NATO", "European Union": "EU"}


@dataclass
class Mention:
    text: str
    start: int
    end: int
    label: str
    country: str | None = None  # ISO3-like code when the mention is a country or demonym
    antecedent: str | None = None
    antecedent_at: tuple[int, int] | None = None  # where the antecedent of a group anaphor is


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, str]:
    """Names of states and places → country code, from the entity layer's knowledge:
    countries and their aliases ("DPRK"), capitals and seats of government ("Pyongyang",
    "the Kremlin"), and a few intergovernmental bodies. Country names that are also
    people's names ("Jordan", "Chad") are left to the NER, as the entity layer does."""
    kb = knowledge()
    names = {form: hit.country for form, hit in kb.exact.items()
             if hit.kind in ("country", "capital", "seat") and hit.country and form not in kb.gazetteer_skip}
    for form, hit in kb.exact.items():
        if hit.kind == "organisation" and hit.name in _IGO_CODES:
            names[form] = _IGO_CODES[hit.name]
    return names


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """"North Korean" → PRK, from the entity layer's knowledge."""
    return {form: hit.country for form, hit in knowledge().exact.items() if hit.kind == "demonym" and hit.country}


@functools.lru_cache(maxsize=1)
def _gazetteer_re() -> re.Pattern:
    # the longest name at each place ("North Korean" before "North Korea"), as a trie
    return re.compile(r"(?<![\w.])(?:" + longest_alternation(set(_gazetteer()) | set(_demonyms())) + r")(?![\w])")


def country_of(text: str) -> str | None:
    t = re.sub(r"^(?:the|The)\s+", "", text.strip())
    t = re.sub(r"(?:'s|’s)$", "", t)
    return _gazetteer().get(t) or _demonyms().get(t)


def _is_demonym(text: str) -> bool:
    if text in _demonyms():
        return True
    # "Iran", "Japan", "Sudan" end like demonyms but are places; "Houthi" is a group.
    if not re.fullmatch(r"[A-Z][a-z]+(?:an|ese|ish|i|ic)", text) or text in _gazetteer():
        return False
    hit = knowledge().exact.get(text)
    return hit is None or hit.kind == "demonym"


def find_mentions(text: str, s0: int, s1: int, sent: Any = None,
                  doc_ents: Sequence[Any] | None = None) -> list[Mention]:
    """Actor mentions inside ``text[s0:s1]``; ``sent`` is the spaCy span (with NER) if any.
    ``doc_ents``: ``sent.doc.ents`` when the caller has it (reading many sentences of one
    doc): ``Span.ents`` rebuilds every entity of the whole doc on each call."""
    raw: list[Mention] = []
    if sent is not None and getattr(sent, "doc", None) is not None and \
            sent.doc.has_annotation("ENT_IOB"):
        ents = sent.ents if doc_ents is None else _within(doc_ents, sent)
        kb = knowledge()
        for ent in ents:
            label = ent.label_
            if label not in ACTOR_LABELS:
                continue
            # the span's words as the text has them (``Span.text`` rebuilds them token by token)
            start, end = ent.start_char, ent.end_char
            name = text[start:end]
            if label == "MISC" and not _is_demonym(name):
                continue
            if not _plausible(name) or fold(name) in kb.weapons:
                continue  # NER noise, or a weapon's name ("Shahed") read as a name
            if fold(name) in kb.not_actors or LAW_NAME.match(name):
                continue  # never an actor for the entity layer either ("Obamacare", "Affordable Care Act")
            raw.append(Mention(name, start, end, label, country_of(name)))
    for m in _gazetteer_re().finditer(text, s0, s1):
        if not any(r.start < m.end() and m.start() < r.end for r in raw):
            raw.append(Mention(m.group(0), m.start(), m.end(),
                               "NORP" if m.group(0) in _demonyms() else "GPE", country_of(m.group(0))))
    raw.sort(key=lambda m: m.start)
    merged = _merge(text, raw)
    out = []
    parsed = sent is not None and getattr(sent, "doc", None) is not None and sent.doc.has_annotation("POS")
    for m in merged:
        wide = _widen(text, m, s1)
        if wide.end > m.end and parsed and _compound_goes_on(sent, wide.end):
            wide = m  # "the Knevichi military airfield" is a place, not "the Knevichi military"
        m = wide
        if _is_demonym(m.text) and _qualifies_thing(text, m.end):
            continue
        if m.label not in ("PER", "PERSON") and (re.match(r"[-‑][a-z]", text[m.end:m.end + 2])
                                                or re.search(r"[a-z][-‑]$", text[max(0, m.start - 2):m.start])):
            continue  # "Iran-aligned", "Russia-backed", "inter-Korean": a modifier, not an actor
        if _state_tag(text, m):
            continue
        out.append(m)
    return out


_BEFORE_TAG = re.compile(r"(?:\(|\b[RDI]\s?[-–]\s?)$")


def _state_tag(text: str, m: Mention) -> bool:
    """A member of Congress's state after the name: "John McCain (Ariz.)", "Paul Ryan
    (R-Wis.)", "Sen. Ted Cruz, R-Texas": where the member sits, never an actor ("McCain
    (Ariz.) ... denounced Trump's comments" was Arizona accusing Trump)."""
    if m.text in ("R", "D", "I") and re.match(r"\s?[-–]\s?[A-Z]", text[m.end:m.end + 3]):
        return True  # the party letter alone: "(R-Wis.)", "R-Texas"
    if knowledge().state_of_tag(m.text) is None:
        return False
    return bool(PARTY_PREFIX.match(m.text) or _BEFORE_TAG.search(text, max(0, m.start - 4), m.start))


def _within(ents: Sequence[Any], sent: Any) -> list[Any]:
    """The entities (sorted, non-overlapping, like ``Doc.ents``) wholly inside ``sent``:
    what ``sent.ents`` gives."""
    return [e for e in ents if e.start >= sent.start and e.end <= sent.end]


_NOT_ACTORS = {"additionally", "amidst", "however", "despite", "while", "meanwhile", "also",
               "image", "according", "moreover", "furthermore"}


def _plausible(text: str) -> bool:
    """NER noise: sentence-initial adverbs, stray possessives, lower-case fragments."""
    t = text.strip()
    if not t or not (t[0].isupper() or t[0].isdigit()) or t.lower() in _NOT_ACTORS:
        return False
    if re.search(r"[-‑]\d", t):
        return False  # a rocket or a missile ("Chollima-1", "Hwasong-18", "KN-23")
    return not (" " not in t and t.lower().endswith("ly"))


def _merge(text: str, ms: list[Mention]) -> list[Mention]:
    """Join "Russian" + "Defense Minister" + "Sergei Shoigu" into one mention."""
    out: list[Mention] = []
    for m in ms:
        if out:
            prev = out[-1]
            gap = text[prev.end:m.start]
            if gap in ("-", "‑") and prev.label == "PER":  # "Kim Jong" + "-" + "Un"
                out[-1] = Mention(text[prev.start:m.end], prev.start, m.end, prev.label,
                                  prev.country)
                continue
            words = gap.split()
            if prev.end <= m.start and "," not in gap and all(
                    w.lower() in ROLE_NOUNS or (w[:1].isupper() and w.lower() not in
                                                {"and", "or", "to", "with"}) for w in words) \
                    and (words or gap == " ") and (_is_demonym(prev.text) or
                                                   prev.text.split()[-1].lower() in ROLE_NOUNS):
                out[-1] = Mention(text[prev.start:m.end], prev.start, m.end, m.label,
                                  prev.country or m.country)
                continue
        out.append(m)
    return out


_WIDEN_RE = re.compile(r"(?:['’]s)?(?:\s+(?:[A-Z][a-z]+\s+|[a-z]+\s+(?=(?:" + "|".join(_TRADES) + r")\b))?(?:"
                       + "|".join(sorted(ROLE_NOUNS - {"of", "war", "state"}, key=len, reverse=True)) + r")\b)+")


def _widen(text: str, m: Mention, limit: int) -> Mention:
    start = m.start
    hyphen = re.match(r"[-‑]\w+", text[m.end:limit])
    if hyphen and m.label in ("PER", "PERSON"):  # "Kim Jong" + "-un"
        m = Mention(text[m.start:m.end + hyphen.end()], m.start, m.end + hyphen.end(), m.label,
                    m.country, m.antecedent)
    tail = _WIDEN_RE.match(text, m.end, limit)
    end = tail.end() if tail and tail.end() > m.end else m.end
    if text[max(0, start - 4):start].lower() == "the " and (end > m.end or m.label == "ORG"):
        start -= 4  # "the Biden administration", "the Pentagon"; not "the Russia-Ukraine war"
    if end == m.end and start == m.start:
        return m
    return Mention(text[start:end], start, end, m.label, m.country, m.antecedent)


def _compound_goes_on(sent: Any, end: int) -> bool:
    """The word after char ``end`` is a lower-case noun: the noun compound goes on."""
    for tok in sent:
        if tok.idx >= end and not tok.is_space:
            return tok.pos_ == "NOUN" and tok.is_lower
    return False


# Event nouns whose demonym is their agent: "Russian help for the North's satellite
# programme" is Russia helping, "Iranian support for the Houthis" Iran supporting.
AGENT_NOUNS = {"help", "aid", "assistance", "support", "backing", "supplies", "deliveries", "shipments",
               "transfers", "exports", "involvement", "attack", "attacks", "strikes", "shelling",
               "invasion", "aggression", "interference"}


def _qualifies_thing(text: str, end: int) -> bool:
    """ "Iranian drones", "Iranian-designed drones": a demonym followed by a lower-case noun
    that is not a role noun, or joined by a hyphen to a word ("-made", "-designed")."""
    if re.match(r"[-‑][a-z]", text[end:end + 2]):
        return True
    if re.match(r"\s+[A-Z][A-Za-z]*[-‑]?\d", text[end:end + 12]):
        return True  # "a North Korean KN-23 missile", "Russian Su-30 jets": a model, not a party
    nxt = re.match(r"\s+([a-z][a-z-]+)", text[end:end + 30])
    return bool(nxt) and nxt.group(1) not in ROLE_NOUNS and nxt.group(1) not in {"and", "or"} \
        and nxt.group(1) not in AGENT_NOUNS


# "the country's northwest coast": the anaphor names a place there, not a party
_PLACE_OF = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}(?:coast|coastline|border|borders|territory|airspace|waters|"
                       r"north|south|east|west|northwest|northeast|southwest|southeast|capital|soil|mainland|region)\b")


def _is_group(m: Mention) -> bool:
    name = re.sub(r"^(?:the|The)\s+", "", m.text)
    hit = knowledge().exact.get(name)
    return hit is not None and hit.kind == "group"


def anaphors(text: str, s0: int, s1: int, previous: list[Mention], found: list[Mention] = ()) -> list[Mention]:
    """ "The country" etc. in the sentence, each tied to the last country mentioned before it,
    earlier in the sentence (``found``: "a report by the UN Panel of Experts on North Korea
    says the country sold ...") or in the sentences before; "the group", "the militia" to the
    last armed group or movement named before (by the entity knowledge)."""
    out: list[Mention] = []
    before = next((m for m in reversed(previous) if m.country), None)
    for a in ANAPHORS.finditer(text, s0, s1):
        if _PLACE_OF.match(text, a.end(), s1):
            continue
        last = before
        if not text.startswith(("'s", "’s"), a.end()):
            # in the sentence itself only a state named as such ("on North Korea says the
            # country"), not a demonym's person ("the first Russian defence minister to visit
            # the country"), and not for a possessor ("The United States, Britain, France and
            # Germany announced new sanctions on Iran Air, the country's flag carrier": Iran's)
            last = max((m for m in found if m.country and m.label in ("GPE", "LOC") and m.end <= a.start()),
                       key=lambda m: m.end, default=last)
        if last is not None:
            out.append(Mention(a.group(0), a.start(), a.end(), "GPE", last.country, last.text))
    group = next((m for m in reversed(previous) if m.antecedent_at is None and _is_group(m)), None)
    if group is not None:
        out += [Mention(a.group(0), a.start(), a.end(), "ORG", None, group.text, (group.start, group.end))
                for a in GROUP_ANAPHORS.finditer(text, s0, s1) if not _PLACE_OF.match(text, a.end(), s1)]
    return out


_PERSONAL = {"he", "she"}
_PRONOUN_REACH = 400  # characters back to the antecedent: about the sentence before


def pronoun_anaphors(sent: Any, previous: list[Mention], found: list[Mention]) -> list[Mention]:
    """ "He said ...", "she told reporters ...": a personal pronoun that is the subject of a
    clause, tied to the last person named before it, in this sentence (``found``) or within
    about one sentence before (``previous``). A pronoun whose nearest candidate is itself a
    pronoun takes that one's antecedent. Needs a parse: without one, nothing."""
    if sent is None or not getattr(sent, "doc", None) or not sent.doc.has_annotation("DEP"):
        return []
    out: list[Mention] = []
    for tok in sent:
        if tok.lower_ not in _PERSONAL or not tok.dep_.startswith("nsubj"):
            continue
        start = tok.idx
        before = [m for m in previous + found + out if m.end <= start]
        person = next((m for m in reversed(before) if m.label in ("PER", "PERSON")), None)
        if person is None or start - person.end > _PRONOUN_REACH:
            continue
        at = person.antecedent_at or (person.start, person.end)
        out.append(Mention(tok.text, start, start + len(tok.text), "PER", None,
                           person.antecedent or person.text, at))
    return out


_BODY_PRONOUNS = {"it": False, "they": True}  # pronoun -> stands for a plural phrase
_THINKING = {"believe", "think", "suspect", "fear", "expect", "hope", "assume", "know", "understand",
             "feel", "consider", "doubt", "estimate", "assess", "conclude", "judge"}


def body_pronouns(sent: Any, previous: list[Mention], found: list[Mention]) -> list[Mention]:
    """ "North Korea said it would deploy new weapons", "The Houthis said they would keep
    attacking ships": "it"/"they" as the subject of what a state, organisation or group is
    reported to have said, tied to that speaker; and "It said ..." opening a sentence, tied to
    the subject of the sentence before when that names a state or body ("The ministry
    rejected the claims. It said ..."). Only these two places: elsewhere "it" is as often a
    thing ("it was launched") and "they" people not named. A singular speaker for "it", a
    plural one for "they"; never a person (that is "he"/"she"). Needs a parse."""
    if sent is None or not getattr(sent, "doc", None) or not sent.doc.has_annotation("DEP"):
        return []
    out: list[Mention] = []
    for tok in sent:
        plural = _BODY_PRONOUNS.get(tok.lower_)
        if plural is None or not tok.dep_.startswith("nsubj") or tok.head.lemma_.lower() in _THINKING:
            continue  # "officials said they believe Russia helped": a belief is no deed of theirs
        speaker = _reporter_of(tok)
        if speaker is None and tok.i == sent.start and sent.start > 0 and _reports(tok):
            speaker = _subject(sent.doc[sent.start - 1].sent.root)
        if speaker is None:
            continue
        known = previous + found + out
        m = next((m for m in known if m.start <= speaker.idx < m.end), None) or _named_in(speaker, known)
        if m is None or m.label in ("PER", "PERSON") or m.end > tok.idx or tok.idx - m.end > _PRONOUN_REACH:
            continue
        if plural != _plural(speaker, m) and not (speaker.tag_ == "NNP" and not m.country):
            continue  # a name of a body ("Hamas", "the Houthis") takes either
        out.append(Mention(tok.text, tok.idx, tok.idx + len(tok.text), m.label, m.country,
                           m.antecedent or m.text, m.antecedent_at or (m.start, m.end)))
    return out


def _named_in(head: Any, known: list[Mention]) -> Mention | None:
    """The mention among a speaker phrase's words before its head, when the head itself is no
    mention ("Yemen's Houthi rebels": "Houthi"; a possessor only when nothing nearer is)."""
    lefts = sorted(head.lefts, key=lambda t: (t.dep_ == "nmod:poss", -t.i))
    for t in lefts:
        m = next((m for m in known if m.start <= t.idx < m.end), None)
        if m is not None:
            return m
    return None


def _plural(head: Any, m: Mention) -> bool:
    """A state is one ("the United States said it"); else the head word's number."""
    if m.country and m.label in ("GPE", "LOC") or m.antecedent_at is None and m.text in _gazetteer():
        return False
    return head.tag_ in ("NNS", "NNPS")


def _says(verb: Any) -> bool:
    from wirewatch.claims.extract import reporting_verb

    return reporting_verb(verb)


def _reports(subject: Any) -> bool:
    """ "It said the accusations were baseless": the active subject of a saying verb that
    has a reported clause (not "It was launched", "It launched a satellite")."""
    verb = subject.head
    return subject.dep_ == "nsubj" and _says(verb) and any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)


def _subject(verb: Any) -> Any | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")), None)


def _reporter_of(pronoun: Any) -> Any | None:
    """The subject of the saying verb whose reported clause ``pronoun`` is the subject of:
    "North Korea said [it would ...]" -> "Korea"; through "and" between reported clauses."""
    clause = pronoun.head
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or not _says(clause.head):
        return None
    return _subject(clause.head)

