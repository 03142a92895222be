"""Commands over articles: ingest, articles, show, dupes, errors, run."""

from __future__ import annotations

from pathlib import Path

import typer

from wirewatch import pipeline
from wirewatch.cli.common import (
    DbOption, JsonOption, app, console, console_err, fail, print_json, progress_bar, settings, store_for,
)
from wirewatch.cli.common import table as make_table  # "table" is a common local name here
from wirewatch.errors import InputError
from wirewatch.ingest import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, FieldMap
from wirewatch.records import Article
from wirewatch.store import SQLiteStore

IncludeOption = typer.Option(None, "--include", help="Glob of files to read in directories (repeatable).")
ExcludeOption = typer.Option(None, "--exclude", help="Glob of files to skip in directories (repeatable).")
MaxBytesOption = typer.Option(None, "--max-bytes", help="Reject inputs larger than this (env WIREWATCH_MAX_BYTES).")


def _ingest(store: SQLiteStore, inputs: list[str], *, include, exclude, max_bytes, fields, verbose=False,
            batch_size=None, stages=None):
    cfg = settings(db=store.path, max_bytes=max_bytes, batch_size=batch_size)
    with progress_bar() as progress:
        task = progress.add_task("ingesting", total=None)

        def on_item(item: Article | InputError, status: str) -> None:
            progress.advance(task)
            if verbose and isinstance(item, Article):
                # printed only after the item's batch is committed: a listed article is stored
                print(f"{status}\t{item.id}\t{item.url or item.path or ''}", flush=True)
            if status == "rejected" and isinstance(item, InputError):
                progress.console.print(f"[red]rejected[/red] {item.item}: {item.reason}", highlight=False)

        summary = pipeline.ingest(
            store, inputs, cfg, fields=fields, include=include or DEFAULT_INCLUDE,
            exclude=list(exclude or []) + list(DEFAULT_EXCLUDE), on_item=on_item,
        )
        stages_task = progress.add_task("analysing", total=None)

        def on_stage(name: str, done: int, total: int) -> None:
            progress.update(stages_task, description=f"stage {name}", completed=done, total=total)

        pipeline.run_stages(store, stages, batch_size=cfg.batch_size, progress=on_stage)
    console_err.print(
        f"stored {summary.added} new article(s), {summary.versions} new version(s); "
        f"{summary.existing} already stored; {len(summary.rejected)} rejected",
        highlight=False,
    )
    return summary


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="Files, directories, URLs or - for stdin."),
    db: str = DbOption,
    include: list[str] = IncludeOption,
    exclude: list[str] = ExcludeOption,
    max_bytes: int = MaxBytesOption,
    title_field: str = typer.Option(None, help="JSON/CSV field holding the title."),
    text_field: str = typer.Option(None, help="JSON/CSV field holding the text."),
    date_field: str = typer.Option(None, help="JSON/CSV field holding the date."),
    url_field: str = typer.Option(None, help="JSON/CSV field holding the URL."),
    source_field: str = typer.Option(None, help="JSON/CSV field holding the outlet."),
    batch_size: int = typer.Option(None, help="Articles per store transaction (env WIREWATCH_BATCH_SIZE)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print each article once it is stored."),
    as_json: bool = JsonOption,
) -> None:
    """Read news articles into the store and check them for duplicates (`wirewatch analyse` runs the rest).

    Example: wirewatch ingest examples/corpus --db news.db
    """
    fields = FieldMap.with_overrides(
        title=title_field, text=text_field, date=date_field, url=url_field, source=source_field
    )
    with store_for(db, create=True) as store:
        summary = _ingest(
            store, inputs, include=include, exclude=exclude, max_bytes=max_bytes, fields=fields,
            batch_size=batch_size, verbose=verbose, stages=pipeline.stages_upto("dedup"),
        )
    if as_json:
        print_json(summary.to_dict())
    if summary.rejected:
        raise typer.Exit(1)


def _article_row(a: Article) -> dict:
    return {
        "id": a.id, "source": a.source, "path": a.url or a.path, "title": a.title,
        "published": a.published, "published_from": a.published_from,
        "language": a.language, "copy_group": a.copy_group,
    }


@app.command("articles")
def list_articles(
    db: str = DbOption,
    search: str = typer.Option(None, "--search", "-s", help="Full-text query (SQLite FTS5 syntax)."),
    limit: int = typer.Option(0, help="Show at most this many (0 = all)."),
    as_json: bool = JsonOption,
) -> None:
    """List stored articles, oldest first.

    Example: wirewatch articles --search "North Korea" --json
    """
    with store_for(db) as store:
        arts = store.search(search, limit=limit or 1000) if search else list(store.iter_articles())
    if limit:
        arts = arts[:limit]
    rows = [_article_row(a) for a in arts]
    if as_json:
        print_json(rows)
        return
    table = make_table(f"{len(rows)} article(s)", ("id", "published", "source", "title", "copy of"),
                       text={"source", "title"})
    for a in arts:
        copy = a.copy_group[:8] if a.copy_group and a.copy_group != a.id else ""
        table.add_row(a.id[:12], a.published or "?", a.source, a.title, copy)
    console.print(table)


@app.command()
def show(
    article_id: str = typer.Argument(..., help="Article id or a unique prefix (≥ 4 characters)."),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Show one article with its metadata and duplicates.

    Example: wirewatch show d2c7ff46
    """
    with store_for(db) as store:
        art = store.find_article(article_id)
        if art is None:
            fail(f"no article with id (or unique prefix) {article_id!r}; see `wirewatch articles`", code=1)
        rels = [r for r in store.dup_relations() if art.id in (r.a, r.b)]
    if as_json:
        data = art.to_dict()
        data["duplicates"] = [r.to_dict() for r in rels]
        print_json(data)
        return
    console.print(f"[bold]{art.title}[/bold]", highlight=False)
    meta = [
        ("id", art.id), ("source", art.source), ("url", art.url or "-"), ("path", art.path or "-"),
        ("published", f"{art.published or 'unknown'} (from {art.published_from})"),
        ("language", art.language or "?"), ("author", art.author or "-"),
        ("copy group", art.copy_group or "-"), ("version of", art.version_of or "-"),
    ]
    for key, value in meta:
        console.print(f"[dim]{key:>11}[/dim] {value}", highlight=False)
    for r in rels:
        other = r.b if r.a == art.id else r.a
        console.print(f"[dim]{'duplicate':>11}[/dim] {r.kind} {r.score:.2f} with {other}", highlight=False)
    if art.boilerplate:
        console.print(f"[dim]{'removed':>11}[/dim] " + " | ".join(art.boilerplate), highlight=False)
    console.print()
    console.print(art.text, highlight=False, markup=False)


@app.command()
def dupes(db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Show which articles are copies of which (exact, near, contains, overlap).

    Example: wirewatch dupes --json
    """
    with store_for(db) as store:
        pipeline.run_stages(store, pipeline.stages_upto("dedup"))  # if anything is pending
        rels = store.dup_relations()
        titles = {a.id: (a.source, a.title) for a in store.iter_articles()}
    if as_json:
        print_json([r.to_dict() for r in rels])
        return
    table = make_table(f"{len(rels)} duplicate relation(s)", ("kind", "score", "a", "b"), text={"a", "b"})
    for r in rels:
        a, b = titles.get(r.a, ("?", "?")), titles.get(r.b, ("?", "?"))
        table.add_row(r.kind, f"{r.score:.2f}", f"{r.a[:8]} {a[0]}: {a[1]}", f"{r.b[:8]} {b[0]}: {b[1]}")
    console.print(table)


@app.command()
def errors(db: str = DbOption, as_json: bool = JsonOption) -> None:
    """List inputs that were rejected, with the reason.

    Example: wirewatch errors --json
    """
    with store_for(db) as store:
        errs = store.ingest_errors()
    if as_json:
        print_json([e.to_dict() for e in errs])
        return
    for e in errs:
        console.print(f"{e.at}  [red]{e.item}[/red]: {e.reason}", highlight=False)


@app.command()
def analyse(db: str = DbOption) -> None:
    """Run every analysis stage over articles not yet processed (parse, entities, events, stories…).

    Example: wirewatch analyse --db news.db
    """
    with store_for(db) as store, progress_bar() as progress:
        task = progress.add_task("analysing", total=None)

        def on_stage(name: str, done: int, total: int) -> None:
            progress.update(task, description=f"stage {name}", completed=done, total=total)

        done = pipeline.run_stages(store, progress=on_stage)
    console_err.print("; ".join(f"{k}: {v} article(s)" for k, v in done.items()), highlight=False)


@app.command()
def run(
    inputs: list[str] = typer.Argument(..., help="Files, directories, URLs or - for stdin."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the briefing."),
    db: str = DbOption,
    include: list[str] = IncludeOption,
    exclude: list[str] = ExcludeOption,
    max_bytes: int = MaxBytesOption,
) -> None:
    """The main job: ingest, run every analysis stage, write the briefing into OUT.

    Run again with new articles into the same store (--db) and the briefing opens with the
    stories they joined ("New in this run").

    Example: wirewatch run examples/corpus --out out/
    """
    from wirewatch.brief import write_briefing

    try:  # before the long part: a bad --out should not cost a whole run
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create output folder {out}: {exc.strerror}", code=2)
    with store_for(db, create=True) as store:
        summary = _ingest(store, inputs, include=include, exclude=exclude, max_bytes=max_bytes, fields=None)
        # the index lists the stories this run's articles joined ("New in this run")
        index = write_briefing(store, out, new_articles=summary.added_ids)
        touched = {store.story_of(i) for i in summary.added_ids} - {None}
    if summary.added_ids:
        console_err.print(f"{len(summary.added_ids)} new article(s) in {len(touched)} stor{'y' if len(touched) == 1 else 'ies'}",
                          highlight=False)
    console_err.print(f"briefing written: [bold]{index}[/bold]", highlight=False)
    if summary.rejected:
        raise typer.Exit(1)
