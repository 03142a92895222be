"""``wirewatch entities`` and ``wirewatch entity``: the actors named in the articles, with codes."""

from __future__ import annotations

from typing import Optional

import typer

from wirewatch import pipeline
from wirewatch.cli.common import DbOption, JsonOption, console, fail, print_json, store_for, story_article_ids
from wirewatch.cli.common import table as make_table
from wirewatch.entities.records import ENTITY_TYPES, Entity

_SNIPPET = 70  # characters of context either side of a mention


def _update(store) -> None:
    """Bring the entity layer up to date with the store (parsing any new articles)."""
    from wirewatch.entities.stage import refresh

    pipeline.run_stages(store, pipeline.stages_upto("entities"))
    refresh(store)  # articles read with older data files are read again


def _row(e: Entity) -> dict:
    return e.to_dict()


def _article_ids(store, story: Optional[str], articles: Optional[list[str]]) -> Optional[list[str]]:
    ids = story_article_ids(store, story)
    if articles:
        found = []
        for prefix in articles:
            art = store.find_article(prefix)
            if art is None:
                fail(f"no article with id (or unique prefix) {prefix!r}; see `wirewatch articles`", code=1)
            found.append(art.id)
        ids = found if ids is None else [i for i in ids if i in set(found)]
    return ids


def entities_command(
    db: str = DbOption,
    type_: Optional[str] = typer.Option(None, "--type", "-t", help=f"Only this type: {', '.join(ENTITY_TYPES)}."),
    story: Optional[str] = typer.Option(None, "--story", help="Only entities named in this story's articles (id or prefix)."),
    article: Optional[list[str]] = typer.Option(None, "--article", "-a", help="Only entities named in this article (repeatable)."),
    limit: int = typer.Option(0, help="Show at most this many (0 = all)."),
    as_json: bool = JsonOption,
) -> None:
    """List the actors and places named in the articles: code, role, counts, aliases.

    Codes are CAMEO-style: country (ISO 3166 alpha-3) + sector, e.g. RUSGOV, KORMIL, IGO
    (see docs/entities.md). With --story or --article, counts are over those articles.

    Example: wirewatch entities --type person --story 3f2a
    """
    if type_ is not None and type_ not in ENTITY_TYPES:
        fail(f"--type {type_!r} is not a type; use one of {', '.join(ENTITY_TYPES)}", code=2)
    with store_for(db) as store:
        _update(store)
        ids = _article_ids(store, story, article)
        rows = store.entities(type=type_, article_ids=ids, limit=limit or None)
    if as_json:
        print_json([_row(e) for e in rows])
        return
    table = make_table(f"{len(rows)} entit{'y' if len(rows) == 1 else 'ies'}",
                       ("name", "type", "code", "role", "mentions", "articles", "also written"),
                       text={"name", "role", "also written"})
    for e in rows:
        aliases = ", ".join(e.aliases[:6]) + (" …" if len(e.aliases) > 6 else "")
        table.add_row(e.name, e.type, e.code or "", e.role or "", str(e.mention_count), str(e.article_count), aliases)
    console.print(table)


def _snippet(text: str, start: int, end: int) -> str:
    left = text[max(0, start - _SNIPPET) : start].split("\n")[-1]
    right = text[end : end + _SNIPPET].split("\n")[0]
    return f"…{left}[{text[start:end]}]{right}…"


def entity_command(
    name_or_id: str = typer.Argument(..., help="Entity name, alias, id or id prefix (4+ characters)."),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Show one entity: code, role, aliases, mentions in context, and why it was merged.

    Every written form taken as this entity comes with its merge decision: rule, score, reason.

    Example: wirewatch entity "Sergei Shoigu"
    """
    with store_for(db) as store:
        _update(store)
        found = store.find_entities(name_or_id)
        if not found:
            kept = store.merge_decisions(alias=name_or_id)
            if as_json:
                print_json({"query": name_or_id, "entity": None, "decisions": [d.to_dict() for d in kept]})
            else:
                for d in kept:
                    console.print(f"[yellow]{d.rule}[/yellow] {d.alias!r} in {(d.article_id or '?')[:12]}: {d.reason}",
                                  highlight=False)
            fail(f"no entity named {name_or_id!r}" + ("; see the decisions above" if kept and not as_json else
                                                      "; see `wirewatch entities`"), code=1)
        if len(found) > 1 and not as_json:
            for e in found:
                console.print(f"{e.id}  {e.name} ({e.type}, {e.code or '-'})", highlight=False)
            fail(f"{len(found)} entities match {name_or_id!r}; give an id from the list above", code=1)
        ent = found[0]
        mentions = store.mentions(entity_id=ent.id)
        texts = store.texts(sorted({m.article_id for m in mentions}))
        decisions = store.merge_decisions(entity_id=ent.id)
    if as_json:
        data = _row(ent)
        data["mentions"] = [m.to_dict() for m in mentions]
        data["decisions"] = [d.to_dict() for d in decisions]
        data["others"] = [_row(e) for e in found[1:]]
        print_json(data)
        return
    console.print(f"[bold]{ent.name}[/bold]  {ent.type}  {ent.code or ''}", highlight=False)
    for key, value in (("id", ent.id), ("role", ent.role or "-"), ("also written", ", ".join(ent.aliases) or "-"),
                       ("counts", f"{ent.mention_count} mention(s) in {ent.article_count} article(s)")):
        console.print(f"[dim]{key:>12}[/dim] {value}", highlight=False)
    if decisions:
        console.print("\n[bold]why these forms are this entity[/bold]")
        # the same decision taken in several articles is shown once, with the number of articles
        grouped: dict[tuple, int] = {}
        for d in decisions:
            key = (d.rule, d.score, d.alias, d.reason)
            grouped[key] = grouped.get(key, 0) + 1
        for (rule, score, alias, reason), n in grouped.items():
            times = f" in {n} articles" if n > 1 else ""
            console.print(f"  {rule} ({score:.2f}) {alias!r}{times}: {reason}", highlight=False, markup=False)
    console.print("\n[bold]mentions[/bold]")
    for m in mentions:
        text = texts.get(m.article_id, "")
        console.print(f"  {m.article_id[:12]} s{m.sentence} {m.code or '':<9} {_snippet(text, m.start, m.end)}",
                      highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Mount ``entities`` and ``entity`` on the main app."""
    app.command("entities")(entities_command)
    app.command("entity")(entity_command)
