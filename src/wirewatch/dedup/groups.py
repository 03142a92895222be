"""Copy groups: which articles are copies of one text, and which of them is the canonical one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wirewatch.records import DupRelation

# overlap (a few shared paragraphs) links two different articles, not two copies of one
_COPY_KINDS = frozenset({"exact", "near", "contains"})


def _rank(article_id: str, meta: tuple[str | None, int]) -> tuple:
    """Sort key of the canonical choice: earliest published (undated last), longest, smallest id."""
    published, length = meta
    return (published is None, published or "", -length, article_id)


def copy_groups(relations: Iterable[DupRelation], meta: Mapping[str, tuple[str | None, int]]) -> dict[str, str]:
    """Union-find over exact/near/contains relations -> {article_id: canonical_id} for every id in meta.

    ``meta[id] = (published ISO date or None, text length)``. Relations naming ids missing from
    ``meta`` are ignored (the caller decides the universe). The result does not depend on the
    order of ``relations``. ISO dates compare correctly as strings; a date and a datetime of the
    same day compare by their text, which puts the bare date first.
    """
    parent = {i: i for i in meta}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression keeps later finds O(1)-ish
            parent[x], x = root, parent[x]
        return root

    for r in relations:
        if r.kind not in _COPY_KINDS or r.a not in parent or r.b not in parent:
            continue
        ra, rb = find(r.a), find(r.b)
        if ra != rb:
            # keep the better-ranked root, so every root is its group's canonical article
            if _rank(rb, meta[rb]) < _rank(ra, meta[ra]):
                ra, rb = rb, ra
            parent[rb] = ra
    return {i: find(i) for i in meta}
