"""The dedup stage: checks each new article against the persisted MinHash index."""

from __future__ import annotations

from collections.abc import Sequence

from wirewatch.dedup import DedupIndex, copy_groups
from wirewatch.store import Store


class DedupStage:
    name = "dedup"
    requires: tuple[str, ...] = ("article.text",)
    assigns: tuple[str, ...] = ("dup_relations", "article.copy_group")

    def __init__(self) -> None:
        self._index: DedupIndex | None = None
        self._store: Store | None = None

    def _index_for(self, store: Store) -> DedupIndex:
        # The index is rebuilt from stored signatures once per process (fast; no texts needed).
        if self._index is None or self._store is not store:
            self._index = DedupIndex(lookup=store.texts)
            self._index.load(store.iter_signatures())
            self._store = store
        return self._index

    def __call__(self, store: Store, ids: Sequence[str]) -> None:
        try:
            self._process(store, ids)
        except BaseException:
            # the caller's transaction rolls back, so the in-memory index must forget these ids too
            self._index = None
            raise

    def _process(self, store: Store, ids: Sequence[str]) -> None:
        index = self._index_for(store)
        texts = store.texts(ids)
        relations, signatures = [], []
        for article_id in ids:
            relations.extend(index.add(article_id, texts[article_id]))
            signatures.append((article_id, index.signature_bytes(article_id)))
        store.save_signatures(signatures)
        store.add_dup_relations(relations)
        # Only the copy groups the new relations touch are recomputed: the connected component
        # of the new articles over exact/near/contains relations (overlap does not make copies).
        component = {i for r in relations if r.kind != "overlap" for i in (r.a, r.b)}
        frontier = set(component)
        while frontier:
            linked = {i for r in store.dup_relations(frontier) if r.kind != "overlap" for i in (r.a, r.b)}
            frontier = linked - component
            component |= linked
        groups = {i: i for i in ids if i not in component}  # a new article with no copies is its own group
        if component:
            groups.update(copy_groups(store.dup_relations(component), store.copy_group_meta(component)))
        store.set_copy_groups(groups)
