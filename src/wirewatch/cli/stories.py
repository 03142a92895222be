"""Commands over stories: stories, story, eval clusters."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from wirewatch import pipeline
from wirewatch.cli.common import DbOption, JsonOption, console, console_err, fail, print_json, progress_bar, store_for
from wirewatch.cli.common import table as make_table
from wirewatch.entities.records import ACTOR_TYPES
from wirewatch.ingest.metadata import parse_date


KEY_ACTORS = 5


def _articles(store, story_id: str) -> tuple[list, list]:
    """A story's stored articles, and those of them that are independent texts (the
    canonical text of each copy group)."""
    arts = [a for a in (store.get_article(i) for i, _ in store.story_members(story_id)) if a]
    return arts, [a for a in arts if not a.copy_group or a.copy_group == a.id]


def _story_dict(store, row, articles: tuple[list, list] | None = None) -> dict:
    arts, canon = articles or _articles(store, row.id)
    ids = [a.id for a in arts]
    # the actors mentioned in most of the story's articles, and its events (fused, so a deed
    # reported by five outlets counts once), as the briefing's index counts them
    actors = [e for e in store.entities(article_ids=ids, limit=4 * KEY_ACTORS) if e.type in ACTOR_TYPES]
    return {
        **row.to_dict(),
        "articles": ids,
        "independent_articles": len(canon),
        "key_actors": [{"id": e.id, "name": e.name, "type": e.type, "code": e.code, "articles": e.article_count}
                       for e in actors[:KEY_ACTORS]],
        "events": store.fused_event_count(ids) if ids else 0,
        "merges": store.story_merges(row.id),
    }


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    @app.command("stories")
    def stories(
        db: str = DbOption,
        since: str = typer.Option(None, help="Only stories seen on or after this date (YYYY-MM-DD)."),
        min_sources: int = typer.Option(1, "--min-sources", min=1,
                                        help="Only stories told by at least this many independent texts (copies folded)."),
        limit: int = typer.Option(None, "--limit", min=1, help="At most this many stories (the most recent)."),
        as_json: bool = JsonOption,
    ) -> None:
        """List stories, most recent first, with their span, size, events and key actors.

        Articles: all of them, and in brackets the independent texts (copies folded).

        Example: wirewatch stories --since 2024-01-01 --min-sources 2
        """
        since_iso = parse_date(since) if since else None
        if since and since_iso is None:
            fail(f"--since {since!r} is not a date; use YYYY-MM-DD", code=2)
        rows: list[dict] = []
        with store_for(db) as store:
            pipeline.run_stages(store, pipeline.stages_upto("stories"))
            for r in store.stories(since_iso):
                if limit is not None and len(rows) >= limit:
                    break
                articles = _articles(store, r.id)
                if min_sources > 1 and len(articles[1]) < min_sources:
                    continue
                rows.append(_story_dict(store, r, articles))
        if as_json:
            print_json(rows)
            return
        table = make_table(f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}",
                           ("id", "seen", "articles", "events", "title · key actors"), text={"title · key actors"})
        for r in rows:
            actors = ", ".join(a["name"] for a in r["key_actors"][:3])
            table.add_row(r["id"], _span(r["first_seen"], r["last_seen"]),
                          f"{len(r['articles'])} ({r['independent_articles']})", str(r["events"]),
                          escape(r["title"]) + (f"\n[dim]{escape(actors)}[/dim]" if actors else ""))
        console.print(table)

    @app.command("story")
    def story(
        story_id: str = typer.Argument(..., help="Story id (or a unique prefix); merged ids are followed."),
        db: str = DbOption,
        as_json: bool = JsonOption,
    ) -> None:
        """Show one story: key actors, event count, its articles (copies marked), merge history.

        Example: wirewatch story st-03da7658
        """
        with store_for(db) as store:
            sid = store.resolve_story(story_id)
            if sid is None:
                fail(f"no story with id (or unique prefix) {story_id!r}; see `wirewatch stories`", code=1)
            row = next(r for r in store.stories() if r.id == sid)
            data = _story_dict(store, row)
            arts = [store.get_article(a) for a in data["articles"]]
        if as_json:
            print_json(data)
            return
        console.print(f"[bold]{row.title}[/bold]  ({row.id}, {row.first_seen} – {row.last_seen})", highlight=False)
        console.print(f"  {len(arts)} article(s), {data['independent_articles']} independent · {data['events']} event(s)"
                      " · key actors: " + (", ".join(f"{a['name']} ({a['code'] or a['type']}, {a['articles']})"
                                                    for a in data["key_actors"]) or "none found"), highlight=False)
        for a in arts:
            copy = f" [dim](copy of {a.copy_group[:8]})[/dim]" if a.copy_group and a.copy_group != a.id else ""
            console.print(f"  {a.published or '?'}  {a.id[:8]}  {a.source}: {a.title}{copy}", highlight=False)
        for m in data["merges"]:
            console.print(f"  [dim]merged {m['absorbed']} → {m['into_id']} ({m['reason']})[/dim]", highlight=False)

    @app.command("brief")
    def brief(
        out: Path = typer.Option(..., "--out", "-o", help="Folder to write the briefing into."),
        story: list[str] = typer.Option(None, "--story", help="Only this story (id or unique prefix; repeatable)."),
        since: str = typer.Option(None, help="Only stories active on or after this date (YYYY-MM-DD)."),
        new_since: str = typer.Option(None, "--new-since", help="'What's new' cut-off: each report's what's-new section (by default each story's latest day), and the index lists the stories with articles published since."),
        fmt: list[str] = typer.Option(["html", "md", "json"], "--format", "-f", help="html, md and/or json (repeatable, or comma-separated: html,md)."),
        db: str = DbOption,
    ) -> None:
        """Write situation reports: an index page and one report per story, every line cited.

        Example: wirewatch brief --since 2024-01-01 --format html --out report/
        """
        from wirewatch.brief import write_briefing

        dates = {}
        for name, value in (("--since", since), ("--new-since", new_since)):
            if value:
                dates[name] = parse_date(value)
                if dates[name] is None:
                    fail(f"{name} {value!r} is not a date; use YYYY-MM-DD", code=2)
        with store_for(db) as store:
            pipeline.run_stages(store)
            ids = None
            if story:
                ids = []
                for sid in story:
                    resolved = store.resolve_story(sid)
                    if resolved is None:
                        fail(f"no story with id (or unique prefix) {sid!r}; see `wirewatch stories`", code=1)
                    ids.append(resolved)
            formats = tuple(f.strip() for value in fmt for f in value.split(",") if f.strip())
            path = write_briefing(store, out, formats, story_ids=ids, since=dates.get("--since"),
                                  new_since=dates.get("--new-since"))
        console.print(f"briefing written: [bold]{path}[/bold]", highlight=False)

    @eval_app.command("clusters")
    def eval_clusters(
        file: Path = typer.Argument(..., help="JSON/JSONL of {id, date, title, text, cluster} (and, optionally, source: the outlet), or a corpus labels.json."),
        predictions: Path = typer.Option(None, "--predictions", help="Write {id, story} per article (JSON Lines)."),
        text_only: bool = typer.Option(False, "--text-only",
                                       help="Cluster on text alone: skip parsing and entities (much faster on big sets)."),
        errors: bool = typer.Option(False, "--errors",
                                    help="Also list the gold stories that were split and the predicted stories that mix several, with titles."),
        lang: str = typer.Option(None, "--lang",
                                 help="Score only the articles in this language (en or eng): the record's lang field where it has one, else the language of its text. The Miranda et al. files mix English, Spanish and German."),
    ) -> None:
        """Score the online story clustering: B-cubed and pairwise P/R/F1.

        By default the articles go through the stages the clustering reads (dedup, parse,
        entities), so shared actors count as they do in `wirewatch run`; --text-only uses words
        and names alone, at thousands of articles a second. A record that cannot be read (no
        text, no cluster, an unreadable date) is named on stderr and left out; the rest are
        scored, and the exit code is 1.

        Example: wirewatch eval clusters examples/corpus/labels.json --errors
        """
        from wirewatch.evaluate.clusters import evaluate_clusters

        with progress_bar() as progress:
            task = progress.add_task("reading", total=None)

            def on_stage(name: str, done: int, total: int) -> None:
                progress.update(task, description=f"stage {name}", completed=done, total=total)

            result = evaluate_clusters(file, predictions, text_only=text_only, errors=errors, lang=lang,
                                       progress=on_stage)
        print_json(result)
        for bad in result.get("rejected", []):  # scored without them; the exit code says so
            console_err.print(f"[red]rejected[/red] {file.name} {bad['item']}: {bad['reason']}", highlight=False)
        if result.get("rejected"):
            raise typer.Exit(1)


def _span(first: str | None, last: str | None) -> str:
    """ "2024-03-22…03-23": first and last day seen, the last without what it shares."""
    first, last = (first or "?")[:10], (last or "?")[:10]
    if last == first:
        return first
    return f"{first}…{last[5:]}" if last[:4] == first[:4] else f"{first}…{last}"
