"""Render a Briefing: self-contained HTML pages (escaped, no network at view time), Markdown, JSON."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from wirewatch.brief.assemble import NO_KEY_POINTS, Briefing, StoryReport, assemble, merged_pages
from wirewatch.brief.charts import stories_svg, timeline_svg
from wirewatch.errors import ConfigError
from wirewatch.records import as_plain
from wirewatch.store import Store

FORMATS = ("html", "md", "json")

_env = Environment(
    loader=PackageLoader("wirewatch.brief", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def cite_groups(citations) -> list[list]:
    """Citations grouped by their label (outlet and date), in order of first appearance: a
    key point one outlet published five times on one day reads "[Reuters, 1996-08-31: 1 2 3
    4 5]", one label and five links, not the same label five times."""
    groups: dict[tuple, list] = {}
    for c in citations:
        groups.setdefault((c.source, c.published), []).append(c)
    return list(groups.values())


_env.filters["cite_groups"] = cite_groups
_env.globals["NO_KEY_POINTS"] = NO_KEY_POINTS


#: The index shows at most this many stories with their key points, and at least
#: ``FEATURED_MIN`` (when there are that many); the rest are listed one line each.
FEATURED_MAX = 20
FEATURED_MIN = 5


def featured_count(stories: list[StoryReport]) -> int:
    """How many of ``stories`` (in the briefing's order: most independent sources first)
    the index shows in full: those told by two or more independent sources, within
    ``FEATURED_MIN``..``FEATURED_MAX``. A month of real news holds hundreds of one-article
    stories; three key points each would bury the few that several outlets tell."""
    multi = sum(1 for s in stories if s.n_independent >= 2)
    return min(len(stories), max(FEATURED_MIN, min(multi, FEATURED_MAX)))


def split_beats(stories: list[StoryReport]) -> tuple[list[StoryReport], list[StoryReport]]:
    """(news, sports): sports stories are listed apart, one line each, after the news. A wire's
    matchday tables and results are many texts each and would otherwise fill the top of the
    briefing. A briefing of sports alone (``--story`` on one) shows them as news."""
    news = [s for s in stories if s.beat != "sports"]
    sports = [s for s in stories if s.beat == "sports"]
    return (news, sports) if news else (sports, [])


def render_index(b: Briefing) -> str:
    news, sports = split_beats(b.stories)
    n = featured_count(news)
    featured = news[:n]
    # the stories shown in full, on one time axis (in the order they began)
    svg = stories_svg([(f"stories/{s.id}.html", s.title, s.first_seen, s.last_seen, s.n_independent) for s in featured])
    return _env.get_template("index.html").render(b=b, featured=featured, others=news[n:], sports=sports,
                                                  stories_svg=Markup(svg) if svg else "", updated=b.updated)


def render_story(s: StoryReport) -> str:
    entries = [(t.date, t.text, t.kind) for t in s.timeline]
    svg = s.extra.get("timeline_svg") or timeline_svg(entries)
    return _env.get_template("story.html").render(s=s, timeline_svg=Markup(svg) if svg else "")


def render_merged(absorbed: str, into: StoryReport, merge: dict) -> str:
    """The page left at an absorbed story's address: it says where the story went and takes
    the reader there (a link for a reader whose viewer ignores the refresh)."""
    return _env.get_template("merged.html").render(absorbed=absorbed, into=into, merge=merge)


def render_markdown(b: Briefing) -> str:
    news, sports = split_beats(b.stories)
    return _env.get_template("briefing.md").render(b=b, news=news, sports=sports)


def _jsonable(value):
    if isinstance(value, Markup):
        return None  # rendered fragments are for HTML only
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if not isinstance(v, Markup) and k not in ("html", "md", "timeline_svg")}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def render_json(b: Briefing) -> str:
    return dumps_indented(_jsonable(as_plain(b)))


_encode_str = json.encoder.encode_basestring  # the C version where available, as json uses


def dumps_indented(value, indent: int = 2) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False)``, the same text, ~3x faster.

    With ``indent`` set, ``json`` falls back to its pure-Python encoder, which yields every
    token through nested generators; a big story's briefing is ~100 MB of JSON. This builds
    one list of pieces instead (same separators, same float and key rules)."""
    parts: list[str] = []
    _dump(value, parts, "\n", " " * indent)
    return "".join(parts)


def _scalar(value) -> str | None:
    """JSON text of a str, None, bool, int or float (as ``json`` writes it); None otherwise."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return None


def _key(key) -> str:
    """A dict key as ``json`` writes it: str as is, the JSON text of a scalar as a string."""
    if isinstance(key, str):
        return _encode_str(key)
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _encode_str(text)


def _dump(value, parts: list[str], newline: str, step: str) -> None:
    text = _scalar(value)
    if text is not None:
        parts.append(text)
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + step
        parts.append("[" + inner)
        for i, item in enumerate(value):
            if i:
                parts.append("," + inner)
            _dump(item, parts, inner, step)
        parts.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + step
        parts.append("{" + inner)
        for i, (k, item) in enumerate(value.items()):
            parts.append(("," + inner if i else "") + _key(k) + ": ")
            _dump(item, parts, inner, step)
        parts.append(newline + "}")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


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
    new_articles: Collection[str] | None = None,
) -> Path:
    """Write the briefing into ``out``; returns the main file (index.html when HTML is written).
    ``new_articles``: the articles a run added; the index lists the stories they joined."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ConfigError(f"unknown format(s) {', '.join(sorted(unknown))}; use html, md or json")
    out = Path(out)
    try:
        (out / "stories").mkdir(parents=True, exist_ok=True) if "html" in formats else out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create output folder {out}: {exc.strerror}") from exc
    b = assemble(store, story_ids=story_ids, since=since, new_since=new_since, new_articles=new_articles)
    main = None
    if "html" in formats:
        for s in b.stories:
            _write(out / "stories" / f"{s.id}.html", render_story(s))
        for absorbed, into, merge in merged_pages(store, b.stories):
            _write(out / "stories" / f"{absorbed}.html", render_merged(absorbed, into, merge))
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
