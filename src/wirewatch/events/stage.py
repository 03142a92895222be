"""The events stage: events and claims per article (actors resolved to entities), then fusion."""

from __future__ import annotations

from collections.abc import Sequence

from wirewatch.claims.extract import extract_claims
from wirewatch.events.extract import extract_events
from wirewatch.events.fusion import fuse
from wirewatch.events.records import ActorRef
from wirewatch.nlp.stage import docs_for


def _resolver(store, article_id: str):
    """Map a mention span to the entity layer's entity (id and actor code) by character overlap."""
    mentions = [m for m in store.mentions(article_id=article_id) if m.entity_id]
    cache: dict[str, object] = {}

    def entity(eid: str):
        if eid not in cache:
            cache[eid] = store.get_entity(eid)
        return cache[eid]

    def resolve(ref: ActorRef) -> ActorRef:
        best, overlap = None, 0
        for m in mentions:
            o = min(ref.end, m.end) - max(ref.start, m.start)
            if o > overlap:
                best, overlap = m, o
        if best is None:
            return ref
        e = entity(best.entity_id)
        if e is None:
            return ref
        code = e.country if e.type == "country" else (e.code or e.country)
        return ActorRef(text=ref.text, start=ref.start, end=ref.end, entity_id=e.id, code=code)

    return resolve, mentions


class EventStage:
    name = "events"
    requires: tuple[str, ...] = ("docs", "entities")
    assigns: tuple[str, ...] = ("events", "claims", "fused_events")

    def __call__(self, store, ids: Sequence[str]) -> None:
        self.process(store, ids)
        self.finish(store)

    def process(self, store, ids: Sequence[str]) -> None:
        """Events and claims of these articles; fusion waits for ``finish``."""
        docs = docs_for(store, ids)
        # An outlet named in a dateline ("VOSTOCHNY, Russia (Northwire) — …") is not an actor.
        outlets = {o.casefold() for o in store.sources()}
        events, claims = [], []
        for article_id in ids:
            article = store.get_article(article_id)
            doc = docs.get(article_id)
            if article is None or doc is None:  # not English: nothing to read
                continue
            resolve, mentions = _resolver(store, article_id)
            article_claims = extract_claims(article_id, article.text, doc)
            found = extract_events(article_id, article.text, doc, article.published,
                                   resolve_actor=resolve, claims=article_claims)
            events.extend(e for e in found if not any(
                p.text.strip("() ").casefold() in outlets for p in e.actors + e.recipients))
            for c in article_claims:
                if c.source is not None:
                    hit = next((m for m in mentions if m.start < c.source.end and m.end > c.source.start), None)
                    c.entity_id = hit.entity_id if hit else None
                claims.append(c)
        store.replace_article_events(ids, events, claims)

    def finish(self, store) -> None:
        # Fusion is recomputed over the whole store: evidence for one event can arrive in any batch.
        all_events = store.article_events()
        meta = {a.id: (a.copy_group, a.published) for a in (store.get_article(i) for i in {e.evidence.article_id for e in all_events}) if a}
        store.replace_fused_events(fuse(all_events, meta))
