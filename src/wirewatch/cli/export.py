"""``wirewatch export --format ftm|plover``: the store in another tool's format, as JSON lines."""

from __future__ import annotations

import importlib
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Optional

import typer

from wirewatch.cli.common import DbOption, console_err, fail, store_for

FORMATS = ("ftm", "plover")


def export_command(
    fmt: str = typer.Option("ftm", "--format", "-f", help="ftm (FollowTheMoney entities) or plover (PLOVER events)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file (default: standard output)."),
    with_text: bool = typer.Option(False, "--with-text", help="ftm: include each article's full text (bodyText)."),
    db: Optional[str] = DbOption,
) -> None:
    """Export the store as JSON lines for other tools; a summary goes to standard error.

    ftm: articles, people, organisations, states, mention links (Documentation), fused events and
    sanctions screening hits as FollowTheMoney entities, e.g. for Aleph (docs/sanctions.md).
    plover: one PLOVER record per fused event (docs/events.md).

    Example:

        wirewatch export --format ftm --out wirewatch.ftm.json

        wirewatch export --format plover --db analysis.db > events.jsonl
    """
    if fmt not in FORMATS:
        fail(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}", code=2)
    if fmt == "plover":
        try:
            plover = importlib.import_module("wirewatch.export.plover")
        except ModuleNotFoundError as exc:
            if exc.name != "wirewatch.export.plover":
                raise
            fail("the PLOVER export is not available in this build (wirewatch.export.plover is missing); "
                 "use --format ftm", code=2)
    if out is not None and not out.expanduser().resolve().parent.is_dir():
        fail(f"cannot write {out}: folder {out.expanduser().resolve().parent} does not exist", code=2)
    with store_for(db) as store:
        target: IO[str]
        with (open(out, "w", encoding="utf-8") if out is not None else nullcontext(sys.stdout)) as target:
            if fmt == "ftm":
                from wirewatch.export.ftm import export_ftm

                summary = export_ftm(store, target, with_text=with_text)
                console_err.print(
                    f"{summary['entities']} FtM entities: "
                    + ", ".join(f"{n} {s}" for s, n in summary["schemas"].items())
                    + (f" → {out}" if out else ""), highlight=False, soft_wrap=True)
                for what, why in summary["skipped"].items():
                    console_err.print(f"  left out {what}: {why}", highlight=False, soft_wrap=True)
            else:
                n = plover.export_plover(store, target)
                console_err.print(f"{n} PLOVER event record(s)" + (f" → {out}" if out else ""), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
