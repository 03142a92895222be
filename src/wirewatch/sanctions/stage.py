"""Two stages over the store: screen the resolved actors, and flag the events.

``ScreeningStage`` ("screening", after the entities stage) screens every person, organisation
and group entity (its name and its usable aliases) against the active sanctions lists with the
:class:`~wirewatch.sanctions.screening.Screener` at its operating threshold, the entity's
country as nationality tie-breaker, and replaces the stored hits. Entity resolution is
recomputed store-wide, so hits are too; a run with the same list versions and the same names
as the last one is skipped (the fingerprint is stored with each run).

``SanctionFlagStage`` ("sanction_flags", after the events stage) flags the events of each new
article (:func:`wirewatch.sanctions.flags.flag_events`) and stores the flags. Events come from
the store's ``article_events`` when it has them, else they are read here as the events stage
reads them (:func:`wirewatch.events.stage.read_articles`), without storing them. Actors are linked to
entities by their character span, so a listed party among them gives a "listed party" flag.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from wirewatch.sanctions.flags import flag_events
from wirewatch.sanctions.records import ActorHit, SanctionFlag
from wirewatch.sanctions.regimes import load_regimes
from wirewatch.sanctions.screening import OPERATING_THRESHOLD, Query, Screener

SCREENED_TYPES = ("person", "organisation", "group")
EventsProvider = Callable[[Any, Sequence[str]], list[Any]]


@dataclass
class ScreeningRun:
    """What one screening call did: ``skipped`` says why nothing was screened."""

    entities: int = 0
    names: int = 0
    hits: int = 0
    seconds: float = 0.0
    skipped: str | None = None
    other_state: int = 0  # hits dropped: a state body matched a listed body of another state


def _other_state(entity: Any, party: Any) -> bool:
    """A government or military body of one state is never a listed body of another.

    Listed state bodies rarely carry a nationality on the lists (the UN list's DPRK Ministry of
    National Defence has none), so the screener's nationality tie-breaker cannot tell Russia's
    "Defence Ministry" from the DPRK's "MINISTRY OF DEFENCE" alias; the countries the party's
    regimes target can. Only for entities whose actor code says GOV or MIL and whose country is known.
    """
    sector = entity.sector or ""
    if not entity.country or not ("GOV" in sector or "MIL" in sector) or party is None:
        return False
    known = load_regimes()
    countries = [n for n in party.nationalities if len(n) == 3 and n.isupper()] or [
        c for r in party.regimes if r in known for c in known[r].countries]
    return bool(countries) and entity.country not in countries


def _names(entity: Any) -> list[str]:
    """The entity's name and the aliases worth screening.

    Left out: descriptions ("the Russian defence minister", lowercase on purpose in the entity
    layer) and, for people, one-word forms ("Shoigu"): a lone family name matches too many
    listed people to mean anything.
    """
    out = [entity.name]
    seen = {entity.name.casefold()}
    for alias in entity.aliases:
        if not alias or alias[0].islower() or alias.casefold() in seen:
            continue
        if entity.type == "person" and len(alias.split()) < 2:
            continue
        seen.add(alias.casefold())
        out.append(alias)
    return out


def _fingerprint(lists: Sequence[int], queries: Sequence[tuple[str, Query]], threshold: float) -> str:
    key = [list(lists), threshold, [(eid, q.name, q.country, q.kind) for eid, q in queries]]
    return hashlib.sha1(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()


def screen_entities(store: Any, *, threshold: float | None = None, force: bool = False,
                    screener: Screener | None = None) -> ScreeningRun:
    """Screen every person/organisation/group entity and replace the stored hits.

    Nothing to do (and no error) when no list is loaded. ``force`` screens again even when the
    lists and names are those of the last run.
    """
    lists = store.active_list_ids()
    if not lists and screener is None:
        return ScreeningRun(skipped="no sanctions list is loaded")
    cutoff = OPERATING_THRESHOLD if threshold is None else threshold
    entities = [e for e in store.entities() if e.type in SCREENED_TYPES]
    queries: list[tuple[str, Query]] = []
    for e in entities:
        # only people get a kind: asking for "organization" would down-weight listed vessels,
        # which news text names like organisations
        kind = "person" if e.type == "person" else None
        queries.extend((e.id, Query(name, country=e.country, kind=kind)) for name in _names(e))
    fingerprint = _fingerprint(lists, queries, cutoff)
    last = store.last_screening()
    if not force and last is not None and last["fingerprint"] == fingerprint:
        return ScreeningRun(entities=last["entities"], names=last["names"], hits=last["hits"],
                            skipped="same lists and names as the last run")
    started = time.perf_counter()
    screener = screener or Screener(store.listed_parties(), threshold=cutoff)
    by_id = {e.id: e for e in entities}
    parties = {(p.source, p.list_ref): p for p in screener.parties}
    best: dict[tuple[str, str, str], ActorHit] = {}
    other_state = 0
    results = screener.screen_many([q for _, q in queries], threshold=cutoff) if queries else []
    for (eid, query), hits in zip(queries, results):
        ent = by_id[eid]
        for h in hits:
            if _other_state(ent, parties.get((h.source, h.list_ref))):
                other_state += 1
                continue
            key = (eid, h.source, h.list_ref)
            if key not in best or h.score > best[key].score:
                best[key] = ActorHit(
                    entity_id=eid, entity_name=ent.name, entity_type=ent.type, screened_name=query.name,
                    list_ref=h.list_ref, source=h.source, party_name=h.party_name, matched_name=h.matched_name,
                    score=h.score, reason=h.reason, kind=h.kind, regimes=list(h.regimes),
                )
    seconds = time.perf_counter() - started
    hits_out = sorted(best.values(), key=lambda h: (-h.score, h.entity_name, h.list_ref))
    store.replace_entity_hits(hits_out, lists=lists, fingerprint=fingerprint, entities=len(entities),
                              names=len(queries), seconds=seconds)
    return ScreeningRun(entities=len(entities), names=len(queries), hits=len(hits_out), seconds=seconds,
                        other_state=other_state)


class ScreeningStage:
    """Resolved actors -> sanctions list hits (the whole store each time; skipped when unchanged)."""

    name = "screening"
    requires: tuple[str, ...] = ("entities", "sanctions_lists")
    assigns: tuple[str, ...] = ("entity_screening", "screening_runs")

    def __init__(self, threshold: float | None = None) -> None:
        self.threshold = threshold
        self.last: ScreeningRun | None = None

    def __call__(self, store: Any, ids: Sequence[str]) -> None:
        self.last = screen_entities(store, threshold=self.threshold)


# -- flags ----------------------------------------------------------------------------------------
def listed_by_entity(store: Any) -> dict[str, list[ActorHit]]:
    """Stored screening hits grouped by entity id ({} when the store has none)."""
    out: dict[str, list[ActorHit]] = defaultdict(list)
    if hasattr(store, "entity_hits"):
        for hit in store.entity_hits():
            out[hit.entity_id].append(hit)
    return dict(out)


def link_actors(store: Any, events: Sequence[Any]) -> None:
    """Fill ``entity_id`` (and a missing ``code``) of each actor from the entity mention at its span."""
    if not hasattr(store, "mentions"):
        return
    by_article: dict[str, list[Any]] = {}
    for ev in events:
        aid = ev.evidence.article_id
        if aid not in by_article:
            by_article[aid] = store.mentions(article_id=aid)
        for ref in [*ev.actors, *ev.recipients]:
            if getattr(ref, "entity_id", None):
                continue
            hit = next((m for m in by_article[aid] if m.start < ref.end and ref.start < m.end), None)
            if hit is not None:
                ref.entity_id = hit.entity_id
                ref.code = ref.code or hit.code


def extracted_events(store: Any, ids: Sequence[str]) -> list[Any]:
    """Events of these articles: the store's when it keeps them, else read here from the parses
    as the events stage reads them (a rule that fails on one article costs that article its
    events, with a warning naming it; the others go on)."""
    stored = getattr(store, "article_events", None)
    todo = list(ids)
    out: list[Any] = []
    if stored is not None:
        # articles the events stage has read come from the store; the others are read here
        unread = set(store.pending("events")) & set(todo)
        out.extend(stored([i for i in todo if i not in unread]))
        todo = [i for i in todo if i in unread]
    if todo:
        from wirewatch.events.stage import read_articles

        out.extend(read_articles(store, todo)[0])  # as the events stage reads them, not stored
    return out


def flag_articles(store: Any, ids: Sequence[str], *, events_provider: EventsProvider | None = None,
                  unilateral: bool = False, save: bool = True) -> list[SanctionFlag]:
    """Flag the events of these articles and (``save``) store the flags, replacing theirs. Returns them."""
    ids = list(ids)
    events = (events_provider or extracted_events)(store, ids)
    link_actors(store, events)
    when: dict[str, str | None] = {}
    for aid in {e.evidence.article_id for e in events}:
        art = store.get_article(aid)
        when[aid] = art.published[:10] if art is not None and art.published else None
    texts = store.texts(sorted(when))
    flags = flag_events(events, when=when, listed=listed_by_entity(store), texts=texts, unilateral=unilateral)
    if save:
        store.save_sanction_flags(flags, replace_articles=ids)
    return flags


class SanctionFlagStage:
    """Events of each new article -> sanctions flags with their legal basis."""

    name = "sanction_flags"
    requires: tuple[str, ...] = ("events", "entity_screening")
    assigns: tuple[str, ...] = ("sanction_flags",)

    def __init__(self, events_provider: EventsProvider | None = None, unilateral: bool = False) -> None:
        self.events_provider = events_provider
        self.unilateral = unilateral
        self.last: list[SanctionFlag] = []

    def __call__(self, store: Any, ids: Sequence[str]) -> None:
        self.last = flag_articles(store, ids, events_provider=self.events_provider, unilateral=self.unilateral)
