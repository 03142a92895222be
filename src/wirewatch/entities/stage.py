"""The entities stage: extract candidates from each new article, then re-resolve the scope.

Extraction is per article and runs once (its output is stored in ``entity_candidates``, so a
later batch never parses an article again). Resolution is cross-article: "the Russian defence
minister" in a new article may name the Shoigu of an old one, and a new full name may make an
old lone surname resolvable. So after each batch the whole scope (the store, by default) is
resolved again from the stored candidates and the entity tables are replaced. That keeps the
output exactly what a fresh run would give, whatever the order articles arrived in, at a cost
that grows with the store: about 9 s for a store of 2,159 real-news articles on the 2-core
reference machine (resolution itself 6-7 s; docs/benchmarks.md, "A run on a grown store").

Candidates extracted with another extractor version or other data files (see
``knowledge().fingerprint``) are redone in the next batch, so editing a YAML file takes
effect without a manual rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from wirewatch.entities.extract import extract
from wirewatch.entities.knowledge import knowledge
from wirewatch.entities.records import Candidate
from wirewatch.entities.resolve import Resolution, resolve
from wirewatch.records import IngestError
from wirewatch.workers import Job

if TYPE_CHECKING:
    from spacy.tokens import Doc

DocsProvider = Callable[[object, Sequence[str]], Mapping[str, "Doc"]]
ScopeProvider = Callable[[object], Sequence[str] | None]


def default_docs(store, ids: Sequence[str]) -> Mapping[str, "Doc"]:
    """Parsed Docs of the English articles among ``ids``: the nlp stage's stored parses when
    the store keeps them, else parsed here with the bundled pipeline."""
    if hasattr(store, "doc_bytes"):
        from wirewatch.nlp import docs_for

        return docs_for(store, ids)
    from wirewatch.nlp import load_pipeline

    texts = store.texts(ids)
    english = [i for i in ids if i in texts and _is_english(store, i)]
    return dict(zip(english, load_pipeline().pipe(texts[i] for i in english)))


def _is_english(store, article_id: str) -> bool:
    art = store.get_article(article_id)
    return art is not None and art.language in (None, "en")


class EntityStage:
    """Mentions -> entities with codes, over the articles in scope."""

    name = "entities"
    requires: tuple[str, ...] = ("docs", "article.text")
    assigns: tuple[str, ...] = ("entity_candidates", "entities", "entity_aliases", "mentions", "merge_decisions")

    def __init__(self, docs_provider: DocsProvider | None = None, scope: ScopeProvider | None = None) -> None:
        """``docs_provider(store, ids)`` gives spaCy Docs (tests pass hand-built ones);
        ``scope(store)`` gives the article ids resolved together (None: the whole store)."""
        self.docs_provider = docs_provider or default_docs
        self.scope = scope
        self.last: Resolution | None = None
        self._queued: set[str] = set()  # articles in a planned job not yet saved

    def __call__(self, store, ids: Sequence[str]) -> None:
        """Extract from these articles and resolve (what a direct caller wants)."""
        self.process(store, ids)
        self.finish(store)

    def process(self, store, ids: Sequence[str]) -> None:
        """Per-article extraction; the pipeline calls ``finish`` once after the last batch."""
        self.plan(store, ids).run(**self.begin_run())

    def begin_run(self) -> dict:
        """A run of this stage starts: nothing an earlier, failed run queued is in flight.
        Returns how the pipeline starts its workers (:class:`wirewatch.workers.Workers`)."""
        self._queued.clear()
        return {}

    def plan(self, store, ids: Sequence[str]) -> Job:
        """Extraction from these articles (and any whose stored candidates are stale), as a
        job for worker processes over the nlp stage's stored parses. With a ``docs_provider``
        of its own the extraction runs here, when the job is saved."""
        kb = knowledge()
        stale = [i for i in store.stale_entity_candidates(kb.fingerprint) if i not in self._queued]
        todo = list(dict.fromkeys([*ids, *stale]))
        if not todo or not self._stored_docs(store):

            def extract_here(_: list) -> None:
                if todo:
                    store.save_entity_candidates(kb.fingerprint, self._extract_all(store, todo))

            return Job(_extract_bytes, [], extract_here)
        from wirewatch.nlp.stage import doc_bytes_for

        data = doc_bytes_for(store, todo)
        items = [(article_id, data[article_id]) for article_id in todo if article_id in data]
        self._queued.update(todo)

        def save(results: list) -> None:
            found: dict[str, list[Candidate]] = {article_id: [] for article_id in todo}
            for (article_id, _), (cands, error) in zip(items, results):
                if error is not None:
                    store.record_error(IngestError(item=f"entities:{article_id}", reason=error))
                found[article_id] = cands
            store.save_entity_candidates(kb.fingerprint, found)
            self._queued.difference_update(todo)

        return Job(_extract_bytes, items, save, parallel=len(items) >= 48)

    def _stored_docs(self, store) -> bool:
        return self.docs_provider is default_docs and hasattr(store, "doc_bytes")

    def _extract_all(self, store, todo: list[str]) -> dict[str, list[Candidate]]:
        docs = self.docs_provider(store, todo)
        found: dict[str, list[Candidate]] = {}
        for article_id in todo:
            doc = docs.get(article_id)
            found[article_id] = self._extract(store, doc, article_id) if doc is not None else []
        return found

    def finish(self, store) -> None:
        """Store-wide resolution over every article's extraction output."""
        chosen = self.scope(store) if self.scope is not None else None
        scope = list(chosen) if chosen is not None else None  # None: the whole store
        self.last = resolve(store.entity_candidates(scope), store.article_dates(scope))
        store.replace_entities(self.last.entities, self.last.mentions, self.last.decisions, scope=scope)

    @staticmethod
    def _extract(store, doc: "Doc", article_id: str) -> list[Candidate]:
        cands, error = _safe_extract(doc, article_id)
        if error is not None:
            store.record_error(IngestError(item=f"entities:{article_id}", reason=error))
        return cands


def _safe_extract(doc: "Doc", article_id: str) -> tuple[list[Candidate], str | None]:
    """(candidates, None), or ([], why) when extraction failed: a bug on one odd article must
    not stop the batch, the caller records it and goes on without it."""
    try:
        return extract(doc, article_id), None
    except (ValueError, IndexError, KeyError, AttributeError) as exc:
        return [], f"extraction failed: {exc!r}"


def _extract_bytes(item: tuple[str, bytes]) -> tuple[list[Candidate], str | None]:
    """``_safe_extract`` of a stored parse (runs in a worker process when there are many)."""
    from wirewatch.nlp.stage import doc_from_bytes

    article_id, data = item
    return _safe_extract(doc_from_bytes(data), article_id)


def resolve_store(store, article_ids: Sequence[str] | None = None) -> Resolution:
    """Resolve stored candidates again without extracting (e.g. after changing only the scope)."""
    result = resolve(store.entity_candidates(article_ids), store.article_dates(article_ids))
    store.replace_entities(result.entities, result.mentions, result.decisions, scope=article_ids)
    return result


def refresh(store, stage: EntityStage | None = None) -> bool:
    """Redo the articles whose candidates are stale (data files or extractor changed) and
    re-resolve. ``run_stages`` only calls a stage when new articles are pending, so commands
    that show entities call this after it. Returns whether anything was redone."""
    if not store.stale_entity_candidates(knowledge().fingerprint):
        return False
    with store.transaction():
        (stage or EntityStage())(store, [])
    return True
