"""Render a Briefing to self-contained HTML (escaped, no network at view time), Markdown, JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from wirewatch.brief.assemble import Briefing, assemble
from wirewatch.errors import ConfigError
from wirewatch.store import Store

_env = Environment(
    loader=PackageLoader("wirewatch.brief", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(b: Briefing) -> str:
    return _env.get_template("briefing.html").render(b=b)


def render_markdown(b: Briefing) -> str:
    return _env.get_template("briefing.md").render(b=b)


def render_json(b: Briefing) -> str:
    return json.dumps(dataclasses.asdict(b), indent=2, ensure_ascii=False)


def write_briefing(store: Store, out: str | Path, formats: tuple[str, ...] = ("html", "md", "json")) -> Path:
    """Write the briefing into ``out``; returns the path of the page to open (index.html)."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create output folder {out}: {exc.strerror}") from exc
    b = assemble(store)
    renderers = {"html": ("index.html", render_html), "md": ("briefing.md", render_markdown),
                 "json": ("briefing.json", render_json)}
    first = None
    for fmt in formats:
        if fmt not in renderers:
            raise ConfigError(f"unknown format {fmt!r}; use html, md or json")
        name, fn = renderers[fmt]
        path = out / name
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(fn(b), encoding="utf-8")
        tmp.replace(path)  # never leave a half-written report behind
        first = first or path
    assert first is not None
    return first
