"""The events stage: events and claims per article (actors resolved to entities), then fusion."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wirewatch.claims.extract import extract_claims, sentence_spans
from wirewatch.entities.knowledge import knowledge
from wirewatch.events.extract import extract_events
from wirewatch.events.fusion import fuse, stands_for_state
from wirewatch.events.mentions import ANAPHORS
from wirewatch.events.records import ActorRef
from wirewatch.events.verify import load_verifier, verifier_dir
from wirewatch.topic import is_sports_copy
from wirewatch.nlp.stage import doc_bytes_for, doc_from_bytes
from wirewatch.workers import Job

_log = logging.getLogger(__name__)


def _resolver(mentions: list, entities: Mapping[str, object]):
    """Map a mention span to the entity layer's entity (id and actor code) by character overlap.
    ``mentions``: the article's resolved mentions; ``entities``: {entity id: Entity or None}."""

    # A side the tagger missed ("... their refusal to support Trump.") is the entity its very
    # words name elsewhere in the article, when they always name the same one.
    by_text: dict[str, set[str]] = {}
    for m in mentions:
        by_text.setdefault(m.text, set()).add(m.entity_id)

    def resolve(ref: ActorRef) -> ActorRef:
        # The mention at the end of the phrase is its head: "North Korean leader Kim Jong Un"
        # is Kim (PRKGOV), not the longer "North Korean leader" (PRK); else the widest overlap.
        best, rank = None, (False, 0)
        for m in mentions:
            o = min(ref.end, m.end) - max(ref.start, m.start)
            if o > 0 and (m.end == ref.end, o) > rank:
                best, rank = m, (m.end == ref.end, o)
        if best is None:
            named = by_text.get(ref.text, set())
            e = entities.get(next(iter(named))) if len(named) == 1 else None
        else:
            e = entities.get(best.entity_id)
        if e is None:
            return ref
        return ActorRef(text=ref.text, start=ref.start, end=ref.end, entity_id=e.id, code=_actor_code(e), kind=e.type)

    return resolve


def _actor_code(entity) -> str | None:
    """A state is its country code; anyone else their own code, or their country's."""
    return entity.country if entity.type == "country" else (entity.code or entity.country)


@dataclass
class _ArticleInput:
    """What reading one article takes, gathered from the store so a worker process needs none."""

    id: str
    text: str
    published: str | None
    title: str | None
    doc: bytes  # DocBin bytes (the nlp stage's)
    mentions: list  # resolved entity mentions of the article
    entities: dict  # {entity id: Entity or None} for those mentions


def _inputs(store, ids: Sequence[str]) -> list[_ArticleInput]:
    docs = doc_bytes_for(store, ids)
    entities: dict[str, object] = {}
    by_article: dict[str, list] = {}
    for m in store.mentions(article_ids=list(docs)):  # one query for the batch
        if m.entity_id:
            by_article.setdefault(m.article_id, []).append(m)
    out = []
    for article_id in ids:
        article = store.get_article(article_id)
        data = docs.get(article_id)
        if article is None or data is None:  # not English: nothing to read
            continue
        mentions = by_article.get(article_id, [])
        for m in mentions:
            if m.entity_id not in entities:
                entities[m.entity_id] = store.get_entity(m.entity_id)
        out.append(_ArticleInput(article.id, article.text, article.published, article.title, data, mentions,
                                 {m.entity_id: entities[m.entity_id] for m in mentions}))
    return out


def _read(outlets: frozenset[str], item: _ArticleInput, verifier: Path | None = None) -> tuple[list, list]:
    """Events and claims of one article (runs in a worker process when there are many). A
    rule that fails on one article's text costs that article its events and claims, with a
    warning naming it, not the whole run."""
    try:
        return _read_one(outlets, item, verifier)
    except Exception as exc:  # noqa: BLE001 -- any bug in a rule: skip the article, say which
        _log.warning("events: article %s skipped: %s: %s", item.id, type(exc).__name__, exc)
        return [], []


def _read_one(outlets: frozenset[str], item: _ArticleInput, verifier: Path | None = None) -> tuple[list, list]:
    doc = doc_from_bytes(item.doc)
    resolve = _resolver(item.mentions, item.entities)
    sentences = sentence_spans(item.text, doc)  # one split for the claims and the events
    claims = extract_claims(item.id, item.text, doc, sentences)
    # a match report tells of games, not of deeds between actors (wirewatch/topic.py)
    found = [] if is_sports_copy(item.title or "", item.text) else extract_events(
        item.id, item.text, doc, item.published, resolve_actor=resolve, claims=claims, sentences=sentences)
    # An outlet named in a dateline ("VOSTOCHNY, Russia (Northwire) — …") is not an actor.
    events = [e for e in found if not any(p.text.strip("() ").casefold() in outlets for p in e.actors + e.recipients)
              and not _own_state(e, item.entities)]
    last = None  # the previous claim with a person as its speaker
    last_body = None  # ... and with a state, organisation or group as its speaker
    last_said = None  # the previous claim's speaker, whoever (None: not resolved)
    for c in sorted(claims, key=lambda c: c.cue.start):
        if c.source is None:
            continue
        # a place never speaks: "an indictment unsealed in a Brooklyn federal court" is no
        # statement of Brooklyn's
        inside = [m for m in item.mentions if m.start < c.source.end and m.end > c.source.start
                  and getattr(item.entities.get(m.entity_id), "type", None) != "location"]
        # "Kremlin spokesman Dmitry Peskov": the person speaks, the Kremlin is his affiliation
        # ... and "Yemen's Houthi movement" is the movement, not its possessor
        owned = [m for m in inside if not item.text.startswith(("'s", "’s"), m.end)] or inside
        hit = next((m for m in inside if _is_person(item, m)), owned[0] if owned else None)
        if hit is None and c.source.text.lower() in _PRONOUNS:
            hit = _antecedent(item, c.source.start, last)
        if hit is None and c.source.text.lower() == "it" and _relative(doc, item.text, c):
            # "The United States imposed sanctions on three companies that it said had ...":
            # "it" in a relative clause is the body its sentence opened with
            opened = _sentence_start(doc, c.source.start)
            hit = next((m for m in item.mentions if opened <= m.start and m.end <= c.source.start
                        and _is_body(item, m)), None)
        if hit is None and c.source.text.lower() == "it" and last_said is last_body:
            # the body that spoke just before (or, with no speaker before, the one body named
            # nearby); not when someone else spoke in between ("Israel's prime minister's
            # office called the seizure ... It described the vessel ...": not the Houthis)
            hit = _antecedent(item, c.source.start, last_body, person=False)
        if hit is None:
            hit = _described(item, c.source.text, c.source.start)
        c.entity_id = hit.entity_id if hit else None
        if hit is not None and _is_person(item, hit):
            last = hit
        elif hit is not None and _is_body(item, hit):
            last_body = hit
        last_said = hit if hit is not None else _NO_ONE
    _name_reporters(events, claims, item.entities)
    if _speakers_own_country(events, item.entities):
        events = [e for e in events if not _own_state(e, item.entities)]
    if verifier is not None:  # the events a reader would likely call wrong go (events/verify.py)
        events = load_verifier(verifier).keep(events, item.text, doc=doc)  # sides carry their kinds
    return events, claims


def _name_reporters(events: list, claims: list, entities: Mapping[str, object]) -> None:
    """An event reported in a claim carries the entity that claim's speaker was tied to
    ("He also said Russia was seeking ..." after Kirby spoke: John Kirby; "The agency": the
    National Intelligence Service), so the briefing can say who reports it, as the claims
    list does."""
    tied = {(c.cue.start, c.source.start): c.entity_id for c in claims if c.source is not None and c.entity_id}
    for e in events:
        src = e.attribution.source
        eid = tied.get((e.attribution.cue_start, src.start)) if src is not None and not src.entity_id else None
        entity = entities.get(eid) if eid else None
        if entity is not None:
            e.attribution.source = ActorRef(src.text, src.start, src.end, entity_id=eid, code=_actor_code(entity),
                                            kind=entity.type)


def _speakers_own_country(events: list, entities: Mapping[str, object]) -> bool:
    """ "The country" in what a state, or a state's government, forces or state media say is
    their own country: "The agency [KCNA] said ... the country would launch several more spy
    satellites" is North Korea, not the last state the article named before (the United States,
    among those that condemned the launch). Other speakers (a think tank, a newspaper) may
    well mean the country they are talking about, and are left as they were. Returns whether
    any side changed."""
    changed = False
    for e in events:
        src = e.attribution.source
        speaker = entities.get(src.entity_id) if src is not None and src.entity_id else None
        own = _state_of_speaker(speaker)
        if own is None:
            continue
        for sides in (e.actors, e.recipients):
            for i, p in enumerate(sides):
                if p.entity_id is None and p.code and p.code != own and len(p.code) == 3 and ANAPHORS.fullmatch(p.text):
                    sides[i] = dataclasses.replace(p, code=own)
                    changed = True
    return changed


_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD"}


def _state_of_speaker(entity) -> str | None:
    """The state a speaker speaks for: a state itself, its government, forces, legislature or
    courts, or its state media; None for anyone else."""
    country = getattr(entity, "country", None)
    if not country:
        return None
    if getattr(entity, "type", None) == "country" or getattr(entity, "sector", None) in _STATE_SECTORS:
        return country
    return country if "state media" in (getattr(entity, "role", None) or "") else None


def _own_state(e, entities: Mapping[str, object] | None = None) -> bool:
    """An actor acting on its own bare state ("Putin hosted Kim ... in Russia's Far East" read
    as RUSGOV → RUS), or a deed between two parties with the very same state-and-sector code:
    a misread, not an event. Domestic events keep a different sector on the other side
    (RUSGOV → RUSMED), and so do two people each named by name (``entities``: {entity id:
    Entity}): "Sen. Rand Paul has released a video that accuses Cruz" is USALEG → USALEG."""
    sides = [p for p in e.actors + e.recipients if p.code]
    if len(sides) != 2:
        return False
    a, b = (p.code for p in sides)
    if a == b and len(a) > 3 and e.type not in ("CONSULT", "COOPERATE", "AGREE", "SUPPORT"):
        # "the commander of US Air Forces Central, Lt Gen Alexus Grynkewich": one side, twice
        # named (USAMIL and USAMIL); two bodies of one state's same sector rarely strike,
        # supply or accuse each other in this news
        return not _two_named_people(sides, entities or {})
    # a person coded by country alone is not the state: "Sanders backed Clinton" (USALEG, USA)
    return a != b and a[:3] == b[:3] and any(stands_for_state(p) for p in sides)


def _two_named_people(sides: list, entities: Mapping[str, object]) -> bool:
    """Two sides that are two different people, each named by name (not "the commander ...")."""
    ids = {p.entity_id for p in sides if p.entity_id}
    return (len(sides) == 2 and len(ids) == 2
            and all(getattr(entities.get(i), "type", None) == "person" for i in ids)
            and all(p.text[:1].isupper() and p.text.split()[0].lower() not in ("the", "a", "an") for p in sides))


_PRONOUNS = {"he", "she"}
_RELATIVE_IT = re.compile(r"\b(?:that|which|whom|who)\s+it\b", re.I)
_NO_ONE = object()  # a speaker the store could not name
_ANTECEDENT_CHARS = 600  # about the two sentences before


def _relative(doc, text: str, c) -> bool:
    """The claim's cue heads a relative clause ("three companies that it said had ...",
    "two officials it accused of ...")."""
    if _RELATIVE_IT.search(text, max(0, c.source.start - 12), c.source.start + 2):
        return True
    if doc is None or not doc.has_annotation("DEP"):
        return False
    cue = doc.char_span(c.cue.start, c.cue.end, alignment_mode="expand")
    return cue is not None and any(t.dep_ in ("acl:relcl", "relcl") for t in cue)


def _sentence_start(doc, at: int) -> int:
    """Where the parsed sentence holding character ``at`` starts (``at`` without a parse)."""
    if doc is None or not doc.has_annotation("SENT_START"):
        return at
    return next((s.start_char for s in doc.sents if s.start_char <= at < s.end_char), at)


def _is_person(item: _ArticleInput, m) -> bool:
    return getattr(item.entities.get(m.entity_id), "type", None) == "person"


# "The agency said ...": a body named before by a name holding that word ("the foreign
# ministry": holding both words); "the bloc": the one international organisation named before
_BODY = re.compile(r"(?:the|The) (?:([a-z]+) )?(agency|ministry|council|committee|commission|court|bank|office|"
                   r"embassy|department|command|service|navy|army|administration|organisation|organization|"
                   r"group|bloc|alliance|force|think tank|watchdog|institute|monitor|panel|experts|company|"
                   r"firm|manufacturer|operator)$")
_ANY_BODY = {"organisation", "organization", "group"}  # any one body named before, not a word of its name
_IGO_BODY = {"bloc", "alliance"}
_NGO_BODY = {"think tank", "watchdog", "institute", "monitor"}  # "the think tank": the one NGO named before
_BUS_BODY = {"company", "firm", "manufacturer", "operator"}  # "the company said": the one business named before
_NOUN_WORDS = {"agency": {"agency", "service", "bureau"}}  # "the agency": the National Intelligence Service
# a description's modifier as the body's name may spell it
_MODIFIER_WORDS = {"defense": "defence", "defence": "defence", "foreign": "foreign"}
# a modifier that names the kind of body by another word than its name uses
_NAMED_INSTEAD = {"spy": "intelligence"}


def _described(item: _ArticleInput, source: str, at: int):
    """"The agency said the satellite would ...": the organisation named before whose name
    holds the description's noun (the Korean Central News Agency), when exactly one does
    within about two sentences before. "The spy agency" asks for "intelligence" in the name
    instead (the National Intelligence Service); "the foreign ministry" for both words;
    "the bloc" for the one international organisation named there."""
    m = _BODY.match(source.strip())
    if m is None:
        return None
    modifier, noun = m.group(1), m.group(2)

    def keep(e) -> bool:
        if getattr(e, "type", None) not in ("organisation", "group"):
            return False
        if noun in _IGO_BODY:
            return getattr(e, "sector", None) == "IGO"
        if noun in _NGO_BODY:
            return getattr(e, "sector", None) == "NGO"
        if noun in _BUS_BODY:
            return getattr(e, "sector", None) == "BUS"
        words = getattr(e, "name", "").lower().replace("defense", "defence").split()
        if modifier in _NAMED_INSTEAD:  # "the spy agency": an intelligence service, whatever its noun
            return _NAMED_INSTEAD[modifier] in words
        if modifier in _MODIFIER_WORDS and _MODIFIER_WORDS[modifier] not in words:
            return False
        return noun in _ANY_BODY or bool(_NOUN_WORDS.get(noun, {noun}) & set(words))

    return _the_one(item, at, keep)


def _the_one(item: _ArticleInput, at: int, keep):
    """The one entity ``keep`` accepts among those named in about the two sentences before
    ``at``; None when there is none, or several (then it is ambiguous)."""
    found = {m.entity_id: m for m in item.mentions
             if m.end <= at and at - m.start <= _ANTECEDENT_CHARS and keep(item.entities.get(m.entity_id))}
    return next(iter(found.values())) if len(found) == 1 else None


def _is_body(item: _ArticleInput, m) -> bool:
    """A state, organisation or armed group: what "it" can stand for as a speaker."""
    return getattr(item.entities.get(m.entity_id), "type", None) in _BODIES


_BODIES = {"country", "organisation", "group"}


def _antecedent(item: _ArticleInput, at: int, last_speaker, person: bool = True):
    """ "He said ...": the speaker of the claim just before, if a person within about two
    sentences ("Peskov said ... He said ..."); else the one person named in that stretch
    (none when several are: then it is ambiguous). ``person=False``: the same for "It said
    ...", with a state, organisation or group ("The ministry rejected the claims. It said
    ...")."""
    if last_speaker is not None and 0 <= at - last_speaker.end <= _ANTECEDENT_CHARS:
        return last_speaker
    kinds = {"person"} if person else _BODIES
    return _the_one(item, at, lambda e: getattr(e, "type", None) in kinds)


def read_articles(store, ids: Sequence[str], processes: int | None = None) -> tuple[list, list]:
    """(events, claims) of these articles as the events stage reads them (actors resolved,
    the verifier applied), in parallel when there are many; nothing is stored."""
    out: list[tuple[list, list]] = []
    _reading(store, ids, out.append).run(processes)
    return out[0]


def _reading(store, ids: Sequence[str], save) -> Job:
    """The job of reading these articles; ``save`` gets their (events, claims)."""
    outlets = frozenset(o.casefold() for o in store.sources())
    # the verifier's folder (None: WIREWATCH_EVENT_VERIFIER=off); a bad setting fails here, once
    verifier = verifier_dir()
    items = _inputs(store, ids)

    def done(results: list) -> None:
        save(([e for found, _ in results for e in found], [c for _, found in results for c in found]))

    return Job(functools.partial(_read, outlets, verifier=verifier), items, done, parallel=len(items) >= 48)


class EventStage:
    name = "events"
    requires: tuple[str, ...] = ("docs", "entities", "article.copy_group")
    assigns: tuple[str, ...] = ("events", "claims", "fused_events")

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes  # None: one per usable CPU (wirewatch.workers)

    def __call__(self, store, ids: Sequence[str]) -> None:
        self.process(store, ids)
        self.finish(store)

    def process(self, store, ids: Sequence[str]) -> None:
        """Events and claims of these articles, read in parallel; fusion waits for ``finish``."""
        self.plan(store, ids).run(**self.begin_run())

    def begin_run(self) -> dict:
        """A run of this stage starts; returns how the pipeline starts its workers
        (:class:`wirewatch.workers.Workers`)."""
        return {"processes": self.processes}

    def plan(self, store, ids: Sequence[str]) -> Job:
        """Reading these articles, as a job for worker processes; its results are stored."""
        return _reading(store, ids, lambda found: store.replace_article_events(ids, *found))

    def finish(self, store) -> None:
        # Fusion is recomputed over the whole store: evidence for one event can arrive in any batch.
        all_events = store.article_events()
        meta = {a.id: (a.copy_group, a.published) for a in (store.get_article(i) for i in {e.evidence.article_id for e in all_events}) if a}
        names = _Names(store)
        store.replace_fused_events([_named(f, names) for f in fuse(all_events, meta)])


class _Names:
    """The entity layer's names for fused events' parties, each looked up once."""

    def __init__(self, store) -> None:
        self.store = store
        self.by_id: dict[str, str | None] = {}
        self.countries: dict[str, str] | None = None

    def country(self, code: str) -> str | None:
        """The store's name for the state, else the knowledge base's: a state only ever met
        as a member of a collective ("Baltic governments": Estonia, Latvia, Lithuania) has
        no entity of its own, and its three events' parties must not all read "Baltic
        governments"."""
        if self.countries is None:
            self.countries = {}
            if hasattr(self.store, "entities"):
                for e in self.store.entities(type="country"):
                    self.countries.setdefault(e.country, e.name)
        if code in self.countries:
            return self.countries[code]
        name = knowledge().name_of(code)
        return name if name != code else None

    def entity(self, entity_id: str) -> str | None:
        if entity_id not in self.by_id:
            e = self.store.get_entity(entity_id) if hasattr(self.store, "get_entity") else None
            self.by_id[entity_id] = e.name if e is not None and e.type != "location" else None
        return self.by_id[entity_id]


def _named(f, names: _Names):
    """A fused event whose parties carry the entity layer's names ("Kim Jong Un" for an event
    first read as "Kim Jong" or "Kim"; "North Korea" for a state first named "Pyongyang"),
    not the wording of whichever article came first."""

    def rename(p):
        if p.key == p.code and p.code:  # the state itself
            name = names.country(p.code)
        else:
            name = names.entity(p.entity_id) if p.entity_id else None
        return dataclasses.replace(p, name=name) if name else p

    return dataclasses.replace(f, actors=[rename(p) for p in f.actors], recipients=[rename(p) for p in f.recipients])
