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

from wirewatch.entities.records import ACTOR_TYPES
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


def cite_html(a: Article, span: tuple[int, int] | None = None) -> Markup:
    href = a.url or f"#a-{a.id}"
    label = f"{a.source}, {a.published}" if a.published else a.source
    title = a.title + (f" (chars {span[0]}–{span[1]})" if span else "")
    return Markup('<a class="cite" href="{}" title="{}">{}</a>').format(href, title, label)


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
    for e in ents[:25]:
        role = " ".join(x for x in (e.role, f"({e.country})" if e.country and e.type != "country" else "") if x)
        mention = next(iter(store.mentions(entity_id=e.id, limit=1)), None)
        art = next((a for a in articles if mention and a.id == mention.article_id), None)
        cite = cite_html(art, (mention.start, mention.end)) if art and mention else Markup("")
        rows.append(Markup('<tr><td>{}</td><td class="type">{}</td><td><code>{}</code></td><td>{}</td><td>{} {}</td></tr>').format(
            e.name, e.type, e.code or "–", role or "–", e.article_count, cite))
        md.append(f"| {e.name} | {e.type} | {e.code or '–'} | {role or '–'} | {e.article_count} {cite_md(art) if art else ''} |")
        data.append(e.to_dict())
    html = Markup('<table class="actors"><tr><th>actor</th><th class="type">type</th><th>code</th><th>role</th>'
                  '<th>articles</th></tr>{}</table>').format(
        Markup("").join(rows))
    md_text = "| actor | type | code | role | articles |\n|---|---|---|---|---|\n" + "\n".join(md)
    return Section("actors", "Actors", html, md_text, data, ("actors", len(ents)))


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


__all__ = ["PROVIDERS", "Section", "cite_html", "cite_md", "escape", "run_providers", "section"]
