"""Shared CLI pieces: the Typer apps, consoles, settings and store opening."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from wirewatch.config import Settings
from wirewatch.errors import ConfigError, StoreError, WirewatchError
from wirewatch.store import SQLiteStore, open_store

if TYPE_CHECKING:
    from rich.table import Table

class App(typer.Typer):
    """A Typer app whose commands turn wirewatch errors into one clean line and an exit code
    (2 for configuration/store errors, 1 for rejected input) instead of a traceback."""

    def command(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        register = super().command(*args, **kwargs)

        def decorate(fn):
            @functools.wraps(fn)
            def guarded(*a: Any, **k: Any):
                try:
                    return fn(*a, **k)
                except (ConfigError, StoreError) as exc:
                    fail(str(exc), code=2)
                except WirewatchError as exc:
                    fail(str(exc), code=1)

            register(guarded)
            return fn

        return decorate


app = App(
    name="wirewatch",
    help="wirewatch: turn a stream of news articles into a sourced situation picture.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
eval_app = App(no_args_is_help=True, pretty_exceptions_enable=False)

console = Console()
console_err = Console(stderr=True)

DB_HELP = "SQLite store to use (env WIREWATCH_DB; default ./wirewatch.db)."
DbOption = typer.Option(None, "--db", help=DB_HELP, show_default=False)
JsonOption = typer.Option(False, "--json", help="Print JSON (stable shape, see docs/formats.md).")


def settings(**flags: Any) -> Settings:
    try:
        return Settings.from_env(**flags)
    except ConfigError as exc:
        fail(str(exc), code=2)
        raise  # unreachable


@contextmanager
def store_for(db: str | None, *, create: bool = False) -> Iterator[SQLiteStore]:
    """The store at ``db`` (or the configured one). ``create``: commands that write new
    data (ingest, run) make the store's folder; reading commands report a missing one,
    which is usually a typo."""
    cfg = settings(db=db)
    try:
        if create and cfg.db != ":memory:":
            Path(cfg.db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        store = open_store(cfg.db)
    except StoreError as exc:
        fail(str(exc), code=2)
    try:
        yield store
    except WirewatchError as exc:
        fail(str(exc), code=2 if isinstance(exc, (ConfigError, StoreError)) else 1)
    finally:
        store.close()


def fail(message: str, code: int = 2) -> None:
    console_err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def story_article_ids(store, story: str | None) -> list[str] | None:
    """The article ids of a story (id or unique prefix, merges followed); None without a story."""
    if not story:
        return None
    sid = store.resolve_story(story)
    if sid is None:
        fail(f"no story with id (or unique prefix) {story!r}; see `wirewatch stories`", code=1)
    return [a for a, _ in store.story_members(sid)]


def progress_bar() -> Progress:
    """The progress line long commands show on stderr (gone when they finish)."""
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console_err, transient=True,
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def table(title: str, columns: Sequence[str], text: Collection[str]) -> "Table":
    """A rich table whose ``text`` columns (titles, names) share the width and fold, while
    the others (ids, dates, counts) never wrap: an 80-column terminal keeps ids whole."""
    from rich.table import Table

    out = Table(title=title)
    for col in columns:
        if col in text:
            out.add_column(col, overflow="fold", ratio=1)
        else:
            out.add_column(col, no_wrap=True)
    return out
