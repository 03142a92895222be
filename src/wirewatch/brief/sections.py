"""Report sections contributed by later stages (actors, events, claims, sanctions).

A provider is ``fn(store, report, articles) -> Section | None``: it returns None when its stage
has not run (or has nothing for this story), so the report degrades gracefully. Providers are
registered with :func:`section` and run in registration order. HTML fragments are built with
``markupsafe`` so every piece of article text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from wirewatch.entities.records import ACTOR_TYPES, Mention
from wirewatch.records import Article


@dataclass
class Section:
    id: str
    title: str
    html: Markup
    md: str
    data: list[dict] = field(default_factory=list)  # the same content for JSON consumers
    summary: tuple[str, int] | None = None  # e.g. ("actors", 12) for the index line


Provider = Callable[[object, object, list[Article]], "Section | None"]
PROVIDERS: list[Provider] = []


def section(fn: Provider) -> Provider:
    PROVIDERS.append(fn)
    return fn


def fmt_html(template: str, *args) -> Markup:
    """``Markup(template).format(*args)``, the same text in half the time, for templates whose
    fields are plain ``{}`` or a number's format (``{:.2f}``): each argument is escaped unless
    it is markup already, and numbers are formatted as numbers. (A width or alignment on a
    string would pad the escaped text, and ``!r`` or ``{0.attr}`` would escape nothing: not
    for such templates.) A briefing builds a hundred thousand of these (citations, table
    rows) on a store of 2,000 articles; markupsafe's own ``format`` runs the pure-Python
    ``string.Formatter`` for each."""
    return Markup(template.format(*(a if isinstance(a, (int, float)) else escape(a) for a in args)))


def cite_html(a: Article, span: tuple[int, int] | None = None) -> Markup:
    href = a.url or f"#a-{a.id}"
    # the day is never cut at its hyphens where a narrow column wraps the label
    label = fmt_html('{}, <span class="day">{}</span>', a.source, a.published) if a.published else a.source
    title = a.title + (f" (chars {span[0]}–{span[1]})" if span else "")
    return fmt_html('<a class="cite" href="{}" title="{}">{}</a>', href, title, label)


def cite_md(a: Article) -> str:
    label = f"{a.source}, {a.published}" if a.published else a.source
    return f"[{label}]({a.url or '#a-' + a.id})"


@section
def actors(store, report, articles: list[Article]) -> Section | None:
    if not hasattr(store, "entities"):
        return None
    ids = [a.id for a in articles]
    ents = [e for e in store.entities(article_ids=ids, limit=40) if e.type in ACTOR_TYPES]
    if not ents:
        return None
    rows, md, data = [], [], []
    first = _first_mentions(store, articles, {e.id for e in ents[:25]})
    by_id = {a.id: a for a in articles}
    for e in ents[:25]:
        role = " ".join(x for x in (e.role, f"({e.country})" if e.country and e.type != "country" else "") if x)
        mention = first.get(e.id)
        art = by_id.get(mention.article_id) if mention else None
        cite = cite_html(art, (mention.start, mention.end)) if art and mention else Markup("")
        rows.append(fmt_html('<tr><td>{}</td><td class="type">{}</td><td><code>{}</code></td><td>{}</td><td>{} {}</td></tr>',
            e.name, e.type, e.code or "–", role or "–", e.article_count, cite))
        md.append(f"| {e.name} | {e.type} | {e.code or '–'} | {role or '–'} | {e.article_count} {cite_md(art) if art else ''} |")
        data.append({**e.to_dict(), "cited": {"article_id": art.id, "start": mention.start, "end": mention.end}
                     if art and mention else None})
    html = fmt_html('<table class="actors"><tr><th>actor</th><th class="type">type</th><th>code</th><th>role</th>'
                    '<th>articles</th></tr>{}</table>', Markup("").join(rows))
    md_text = "| actor | type | code | role | articles |\n|---|---|---|---|---|\n" + "\n".join(md)
    return Section("actors", "Actors", html, md_text, data, ("actors", len(ents)))


def _first_mentions(store, articles: list[Article], entity_ids: set[str]) -> dict[str, Mention]:
    """Each entity's first mention in the story: in the first of its articles (in the
    report's order) that names it, the first place there. One query per report; until
    session 27 each actor's first mention in the whole store was looked up and cited only if
    it fell in this story, so an actor of many stories (the United States, North Korea) had
    no citation in most reports, and the look-ups grew with the store."""
    order = {a.id: i for i, a in enumerate(articles)}
    first: dict[str, Mention] = {}
    for m in store.mentions(article_ids=list(order)):
        if m.entity_id in entity_ids:
            best = first.get(m.entity_id)
            if best is None or (order[m.article_id], m.start) < (order[best.article_id], best.start):
                first[m.entity_id] = m
    return first


# Stages that contribute sections; absent modules are skipped (the report degrades gracefully).
_PROVIDER_MODULES = ("wirewatch.events.briefing", "wirewatch.sanctions.briefing")


def _load_provider_modules() -> None:
    import importlib

    for name in _PROVIDER_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def run_providers(store, report, articles: list[Article]) -> list[Section]:
    _load_provider_modules()
    out = []
    for provider in PROVIDERS:
        sec = provider(store, report, articles)
        if sec is not None:
            out.append(sec)
    return out


__all__ = ["PROVIDERS", "Section", "cite_html", "cite_md", "escape", "fmt_html", "run_providers", "section"]
