"""Render a Briefing: self-contained HTML pages (escaped, no network at view time), Markdown, JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from wirewatch.brief.assemble import Briefing, StoryReport, assemble
from wirewatch.brief.charts import timeline_svg
from wirewatch.errors import ConfigError
from wirewatch.store import Store

FORMATS = ("html", "md", "json")

_env = Environment(
    loader=PackageLoader("wirewatch.brief", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_index(b: Briefing) -> str:
    return _env.get_template("index.html").render(b=b)


def render_story(s: StoryReport) -> str:
    entries = [(t.date, t.text, t.kind) for t in s.timeline]
    svg = s.extra.get("timeline_svg") or timeline_svg(entries)
    return _env.get_template("story.html").render(s=s, timeline_svg=Markup(svg) if svg else "")


def render_markdown(b: Briefing) -> str:
    return _env.get_template("briefing.md").render(b=b)


def _jsonable(value):
    if isinstance(value, Markup):
        return None  # rendered fragments are for HTML only
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if not isinstance(v, Markup) and k not in ("html", "md", "timeline_svg")}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def render_json(b: Briefing) -> str:
    return json.dumps(_jsonable(dataclasses.asdict(b)), indent=2, ensure_ascii=False)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # never leave a half-written report behind


def write_briefing(
    store: Store,
    out: str | Path,
    formats: tuple[str, ...] = FORMATS,
    *,
    story_ids: list[str] | None = None,
    since: str | None = None,
    new_since: str | None = None,
) -> Path:
    """Write the briefing into ``out``; returns the main file (index.html when HTML is written)."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ConfigError(f"unknown format(s) {', '.join(sorted(unknown))}; use html, md or json")
    out = Path(out)
    try:
        (out / "stories").mkdir(parents=True, exist_ok=True) if "html" in formats else out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create output folder {out}: {exc.strerror}") from exc
    b = assemble(store, story_ids=story_ids, since=since, new_since=new_since)
    main = None
    if "html" in formats:
        for s in b.stories:
            _write(out / "stories" / f"{s.id}.html", render_story(s))
        _write(out / "index.html", render_index(b))
        main = out / "index.html"
    if "md" in formats:
        _write(out / "briefing.md", render_markdown(b))
        main = main or out / "briefing.md"
    if "json" in formats:
        _write(out / "briefing.json", render_json(b))
        main = main or out / "briefing.json"
    assert main is not None
    return main
