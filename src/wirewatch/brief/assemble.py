"""Build the briefing's content from the store (no rendering here).

Sections fill in as stages exist: stories and key points always; actors, events, claims,
disputes and sanctions flags when those stages have written to the store. Every statement
carries a Citation (article, outlet, date, link, character span).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timezone

from wirewatch.brief.keypoints import key_points
from wirewatch.brief.sections import run_providers
from wirewatch.records import Article, DupRelation, IngestError
from wirewatch.textnorm import sentence_spans
from wirewatch.store import Store
from wirewatch.topic import is_sports_copy



@dataclass
class Citation:
    article_id: str
    source: str
    published: str | None
    url: str | None
    title: str
    span: tuple[int, int] | None = None


@dataclass
class Copy:
    """A copy folded under its canonical article."""

    citation: Citation
    kind: str  # exact / near / contains / contained / overlap / copy (via another copy)
    score: float

    @property
    def label(self) -> str:
        return COPY_LABELS.get(self.kind, self.kind)


COPY_LABELS = {
    "exact": "exact copy",
    "near": "near copy (small edits)",
    "contains": "republished with added paragraphs",
    "contained": "republished in part",
    "overlap": "shares paragraphs",
    "copy (via another copy)": "copy of a copy",
}


@dataclass
class SourceItem:
    """One independent source: the canonical article with its copies folded under it."""

    citation: Citation
    lead: str
    copies: list[Copy] = field(default_factory=list)
    related: list[Copy] = field(default_factory=list)  # partial overlaps (not copies), closest first
    language: str | None = None
    n_related: int = 0  # all partial overlaps; ``related`` lists the RELATED_SHOWN closest


@dataclass
class Point:
    text: str
    citation: Citation
    also_reported_by: list[Citation]  # similar sentences in other independent sources
    copies: list[Citation]  # republications of the cited text
    independent_sources: int
    publications: int


@dataclass
class TimelineEntry:
    date: str
    text: str
    citation: Citation
    kind: str = "article"  # article | event


@dataclass
class StoryReport:
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    n_articles: int
    n_independent: int
    key_points: list[Point]
    latest: list[Point]
    new_since: str | None
    timeline: list[TimelineEntry]
    sources: list[SourceItem]
    merges: list[dict] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)  # sections from later stages
    beat: str = "news"  # "sports": most of its independent sources are sports copy (listed apart)
    new_articles: int = 0  # its articles the run added (or published since --new-since): Briefing.new_label
    latest_label: str | None = None  # the heading of ``latest``: "New in this run" / "What's new since DATE"

    @property
    def is_new_story(self) -> bool:
        """Every one of its articles is new (the run began it), as against grown by some."""
        return self.new_articles == self.n_articles

    @property
    def growth(self) -> str:
        """What the run did to it, as the lists of new stories say it: "new story" or "+2, 7
        articles in all"."""
        return "new story" if self.is_new_story else f"+{self.new_articles}, {self.n_articles} articles in all"


# Where a story's texts hold no sentence a key point can be (rating notices, results tables)
NO_KEY_POINTS = "No sentence here reads as a key point: these texts are tables, lists or short notices"


@dataclass
class Briefing:
    generated_at: str
    n_articles: int
    n_copy_groups: int
    sources: list[tuple[str, int]]
    date_range: tuple[str | None, str | None]
    languages: list[tuple[str, int]]
    stories: list[StoryReport]
    errors: list[IngestError]
    scope: str = "all stories"
    # "New in this run" / "New since DATE": the index lists the stories with new articles
    # under this heading (None: the briefing was not asked what is new)
    new_label: str | None = None
    first_run: bool = False  # a run into an empty store: every story is new, none is listed as such

    @property
    def updated(self) -> list[StoryReport]:
        """The stories with new articles, in the briefing's order; none after a first run (the
        list would repeat the whole briefing)."""
        if self.new_label is None or self.first_run:
            return []
        return [s for s in self.stories if s.new_articles]

    @property
    def new_summary(self) -> str:
        """"5 new articles: 1 new story, 2 stories grown", over ``updated``."""
        listed = self.updated
        began = sum(1 for s in listed if s.is_new_story)
        grown = len(listed) - began
        n = sum(s.new_articles for s in listed)
        parts = [f"{began} new stor{'y' if began == 1 else 'ies'}" if began else "",
                 f"{grown} stor{'y' if grown == 1 else 'ies'} grown" if grown else ""]
        return f"{n} new article{'' if n == 1 else 's'}: " + ", ".join(p for p in parts if p)

    @property
    def nothing_new(self) -> bool:
        """Asked what is new, and no story has a new article."""
        return self.new_label is not None and bool(self.stories) and not any(s.new_articles for s in self.stories)


def cite(a: Article, span: tuple[int, int] | None = None) -> Citation:
    return Citation(article_id=a.id, source=a.source, published=a.published, url=a.url, title=a.title, span=span)


def lead_of(text: str, max_sentences: int = 2, max_chars: int = 400) -> str:
    first_para = text.split("\n\n", 1)[0]
    lead = " ".join(first_para[s:e] for s, e in sentence_spans(first_para)[:max_sentences])
    return lead if len(lead) <= max_chars else lead[:max_chars].rsplit(" ", 1)[0] + "…"


def _copy_kind(rel: DupRelation | None, canonical: str) -> tuple[str, float]:
    if rel is None:
        return "copy (via another copy)", 0.0
    if rel.kind == "contains":
        return ("contains" if rel.b == canonical else "contained"), rel.score
    return rel.kind, rel.score


def overlap_index(rel_by_pair: dict) -> dict[str, list[tuple[str, float]]]:
    """{article id x: [(y, score) for each "overlap" relation keyed (x, y)]}, in relation order."""
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (x, y), r in rel_by_pair.items():
        if r.kind == "overlap":
            out[x].append((y, r.score))
    return out


# A text that shares paragraphs with many others (a wire story that every rewrite quotes)
# lists the closest few: the whole list grows with the square of the story's size.
RELATED_SHOWN = 10


def source_items(articles: list[Article], rel_by_pair: dict,
                 overlaps: dict[str, list[tuple[str, float]]] | None = None) -> list[SourceItem]:
    """One item per independent source, copies folded. ``overlaps``: ``overlap_index(rel_by_pair)``
    when the caller has it (it is the same for every story)."""
    if overlaps is None:
        overlaps = overlap_index(rel_by_pair)
    ids: dict[str, Article] = {}
    copies: dict[str, list[Article]] = defaultdict(list)  # copy group -> members, in article order
    for a in articles:
        ids.setdefault(a.id, a)
        if a.copy_group:
            copies[a.copy_group].append(a)
    canon = [a for a in articles if not a.copy_group or a.copy_group == a.id or a.copy_group not in ids]
    items = []
    for c in canon:
        item = SourceItem(citation=cite(c), lead=lead_of(c.text), language=c.language)
        for a in copies.get(c.id, ()):
            if a.id != c.id:
                kind, score = _copy_kind(rel_by_pair.get((c.id, a.id)), c.id)
                item.copies.append(Copy(cite(a), kind, score))
        near = sorted(((score, y) for y, score in overlaps.get(c.id, ()) if y in ids), key=lambda p: (-p[0], p[1]))
        item.n_related = len(near)
        item.related = [Copy(cite(ids[y]), "overlap", score) for score, y in near[:RELATED_SHOWN]]
        items.append(item)
    items.sort(key=lambda i: (i.citation.published or "9999", i.citation.source))
    return items


def _points(articles: list[Article], limit: int) -> list[Point]:
    out = []
    for kp in key_points(articles, limit=limit):
        s = kp.sentence
        out.append(Point(
            text=s.text,
            citation=cite(s.article, s.span),
            also_reported_by=[cite(x.article, x.span) for x in kp.supporting],
            copies=[cite(c) for c in kp.copies],
            independent_sources=kp.independent_sources,
            publications=kp.publications,
        ))
    return out


def story_report(store: Store, row, rel_by_pair: dict, new_since: str | None = None,
                 overlaps: dict[str, list[tuple[str, float]]] | None = None,
                 new_ids: Collection[str] | None = None) -> StoryReport:
    """The report of one story. ``new_ids``: the articles the run added (counted in
    ``new_articles``); without them, those published on or after ``new_since`` count."""
    articles = [a for a in (store.get_article(i) for i, _ in store.story_members(row.id)) if a]
    sources = source_items(articles, rel_by_pair, overlaps)
    # "What's new": what the run added to a story it grew (whatever the articles' dates);
    # else what was published since ``new_since``, by default on the story's latest day
    added = [a for a in articles if a.id in new_ids] if new_ids is not None else []
    since = new_since
    if since is None and row.last_seen:
        since = row.last_seen
    latest = _points(added, limit=3) if added and len(added) < len(articles) else []
    fresh = added
    if not latest:  # not grown by the run, or its new articles hold no sentence to cite
        fresh = [a for a in articles if a.published and since and a.published >= since]
        latest = _points(fresh, limit=3) if fresh and len(fresh) < len(articles) else []
    latest_label = None
    if latest:
        latest_label = "New in this run" if fresh is added else f"What's new since {since}"
    timeline = [
        TimelineEntry(date=s.citation.published, text=s.citation.title, citation=s.citation)
        for s in sources if s.citation.published
    ]
    report = StoryReport(
        id=row.id, title=row.title, first_seen=row.first_seen, last_seen=row.last_seen,
        n_articles=len(articles), n_independent=len(sources),
        key_points=_points(articles, limit=6), latest=latest,
        new_since=since if latest and fresh is not added else None, latest_label=latest_label,
        timeline=timeline, sources=sources, merges=store.story_merges(row.id), beat=beat_of(articles, sources),
        new_articles=len(added) if new_ids is not None
        else sum(1 for a in articles if a.published and new_since and a.published >= new_since),
    )
    sections = run_providers(store, report, articles)
    report.extra["sections"] = [
        {"id": sec.id, "title": sec.title, "html": sec.html, "md": sec.md, "data": sec.data} for sec in sections
    ]
    report.extra["summary"] = {sec.summary[0]: sec.summary[1] for sec in sections if sec.summary}
    return report


def beat_of(articles: list[Article], sources: list[SourceItem]) -> str:
    """"sports" when most of the story's independent texts are sports copy (wirewatch/topic.py),
    else "news". Copies are not counted again: a results table republished ten times is one."""
    canonical = {s.citation.article_id for s in sources}
    texts = [a for a in articles if a.id in canonical]
    sports = sum(1 for a in texts if is_sports_copy(a.title or "", a.text))
    return "sports" if texts and 2 * sports > len(texts) else "news"


def assemble(
    store: Store,
    *,
    story_ids: list[str] | None = None,
    since: str | None = None,
    new_since: str | None = None,
    new_articles: Collection[str] | None = None,
) -> Briefing:
    """The briefing's content. ``new_articles``: the ids of the articles a run added, so that
    the index lists the stories they joined under "New in this run" (``new_since`` alone:
    the stories with articles published since, under "New since DATE")."""
    articles = {a.id: a for a in store.iter_articles()}
    relations = store.dup_relations()
    rel_by_pair = {(r.a, r.b): r for r in relations} | {(r.b, r.a): r for r in relations}
    rows = store.stories(since)
    if story_ids is not None:
        rows = [r for r in rows if r.id in set(story_ids)]
    overlaps = overlap_index(rel_by_pair)
    new_ids = frozenset(new_articles) if new_articles is not None else None
    stories = [story_report(store, r, rel_by_pair, new_since, overlaps, new_ids) for r in rows]
    # the news first, most independent sources first; sports stories after it, listed apart
    stories.sort(key=lambda s: (s.beat != "sports", s.n_independent, s.last_seen or ""), reverse=True)
    groups = {a.copy_group or a.id for a in articles.values()}
    dates = sorted(a.published for a in articles.values() if a.published)
    scope = "all stories"
    if story_ids is not None:
        scope = "story " + ", ".join(story_ids)
    elif since:
        scope = f"stories active since {since}"
    return Briefing(
        generated_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        n_articles=len(articles),
        n_copy_groups=len(groups),
        sources=Counter(a.source for a in articles.values()).most_common(),
        date_range=(dates[0] if dates else None, dates[-1] if dates else None),
        languages=Counter(a.language or "?" for a in articles.values()).most_common(),
        stories=stories,
        errors=store.ingest_errors(),
        scope=scope,
        new_label="New in this run" if new_ids is not None else f"New since {new_since}" if new_since else None,
        # a run that began every story it lists; a store that held stories before has some
        # with no new article, or grown ones
        first_run=new_ids is not None and bool(stories) and all(s.new_articles and s.is_new_story for s in stories),
    )


def merged_pages(store: Store, reports: list[StoryReport]) -> list[tuple[str, StoryReport, dict]]:
    """(absorbed id, the report of the live story it now points to, the merge record) for each
    story merged into one of ``reports``, so that a link to a story's report keeps working
    after the story is merged (its id stays stable in the store; ``wirewatch story`` follows
    it too). Chains are followed (A into B, B later into C: A's page leads to C)."""
    merges = store.story_merges()
    into = {m["absorbed"]: m["into_id"] for m in merges}
    by_id = {s.id: s for s in reports}
    out = []
    for merge in merges:
        live, seen = merge["into_id"], {merge["absorbed"]}
        while live in into and live not in seen:
            seen.add(live)
            live = into[live]
        if live in by_id:
            out.append((merge["absorbed"], by_id[live], merge))
    return out
