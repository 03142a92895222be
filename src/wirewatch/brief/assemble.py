"""Build the briefing's content from the store (no rendering here)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from wirewatch.records import Article, DupRelation, IngestError
from wirewatch.store import Store

_SENT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[A-Z\u201c\"'])")


@dataclass
class Citation:
    article_id: str
    source: str
    published: str | None
    url: str | None
    title: str


@dataclass
class Copy:
    """A copy folded under its canonical article."""

    citation: Citation
    kind: str  # exact / near / contains / contained (this copy is inside the canonical) / overlap
    score: float


@dataclass
class Item:
    """One story text, told once: the canonical article with its copies folded under it."""

    citation: Citation
    lead: str  # extractive: the article's own first sentences
    copies: list[Copy] = field(default_factory=list)
    related: list[Copy] = field(default_factory=list)  # partial overlaps (not copies)
    language: str | None = None

    @property
    def independent_sources(self) -> int:
        return 1


@dataclass
class Briefing:
    generated_at: str
    n_articles: int
    n_copy_groups: int
    sources: list[tuple[str, int]]
    date_range: tuple[str | None, str | None]
    languages: list[tuple[str, int]]
    items: list[Item]
    errors: list[IngestError]


def cite(a: Article) -> Citation:
    return Citation(article_id=a.id, source=a.source, published=a.published, url=a.url, title=a.title)


def lead_of(text: str, max_sentences: int = 2, max_chars: int = 400) -> str:
    first_para = text.split("\n\n", 1)[0]
    sentences = _SENT.split(first_para)
    lead = " ".join(sentences[:max_sentences])
    return lead if len(lead) <= max_chars else lead[:max_chars].rsplit(" ", 1)[0] + "…"


def _copy_kind(rel: DupRelation, canonical: str) -> str:
    if rel.kind == "contains":
        return "contains" if rel.b == canonical else "contained"
    return rel.kind


def assemble(store: Store) -> Briefing:
    articles = {a.id: a for a in store.iter_articles()}
    relations = store.dup_relations()
    rel_by_pair = {(r.a, r.b): r for r in relations} | {(r.b, r.a): r for r in relations}
    groups: dict[str, list[str]] = defaultdict(list)
    for a in articles.values():
        groups[a.copy_group or a.id].append(a.id)

    items: list[Item] = []
    for canonical_id, members in groups.items():
        canonical = articles.get(canonical_id) or articles[members[0]]
        item = Item(citation=cite(canonical), lead=lead_of(canonical.text), language=canonical.language)
        for mid in members:
            if mid == canonical.id:
                continue
            rel = rel_by_pair.get((canonical.id, mid))
            kind, score = (_copy_kind(rel, canonical.id), rel.score) if rel else ("copy (via another copy)", 0.0)
            item.copies.append(Copy(citation=cite(articles[mid]), kind=kind, score=score))
        for r in relations:
            if r.kind == "overlap" and canonical.id in (r.a, r.b):
                other = articles.get(r.b if r.a == canonical.id else r.a)
                if other is not None:
                    item.related.append(Copy(citation=cite(other), kind="overlap", score=r.score))
        items.append(item)
    items.sort(key=lambda i: (i.citation.published or "", len(i.copies)), reverse=True)

    dates = sorted(a.published for a in articles.values() if a.published)
    return Briefing(
        generated_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        n_articles=len(articles),
        n_copy_groups=len(groups),
        sources=Counter(a.source for a in articles.values()).most_common(),
        date_range=(dates[0] if dates else None, dates[-1] if dates else None),
        languages=Counter(a.language or "?" for a in articles.values()).most_common(),
        items=items,
        errors=store.ingest_errors(),
    )
