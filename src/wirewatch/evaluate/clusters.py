"""`wirewatch eval clusters`: score the online story clustering on labelled article streams.

Input: a JSON list or JSON Lines of ``{"id", "date", "title", "text", "cluster"}`` (the format
of the Miranda et al. 2018 news-stream clustering dataset), or a corpus ``labels.json`` such as
``examples/corpus/labels.json`` (articles read from the files it lists, gold = ``story``).
Articles are fed in date order through the same stages the pipeline runs (dedup, stories) into
a fresh temporary store.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pycountry
from dateutil import parser as dateparser

from wirewatch.config import Settings
from wirewatch.errors import ConfigError, InputError
from wirewatch.evaluate.clustering_metrics import bcubed, pairwise
from wirewatch.ingest import Ingester
from wirewatch.ingest.raw import RawArticle, build_article
from wirewatch.pipeline import run_stages
from wirewatch.records import Article
from wirewatch.store import open_store


@dataclass
class Labelled:
    key: str  # the item's id in the input
    article: Article
    gold: str
    moment: str = ""  # the record's date and time, ISO: the stream's order within a day


def language_code(code: str) -> str:
    """ "eng", "en" or "English" → "en": the two-letter code articles carry (the Miranda et al.
    files give three-letter ones)."""
    try:
        lang = pycountry.languages.lookup(code.strip())
    except LookupError:
        return code.strip().lower()
    return getattr(lang, "alpha_2", None) or lang.alpha_3


def _moment(value) -> str:
    try:
        return dateparser.parse(str(value), default=datetime(1900, 1, 1)).replace(tzinfo=None).isoformat()
    except (ValueError, OverflowError, TypeError):
        return ""


def _load_records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}: neither JSON nor JSON Lines ({exc.msg} at line {exc.lineno})") from None
    return data


def load_labelled(path: Path, lang: str | None = None, rejected: list[InputError] | None = None) -> list[Labelled]:
    """The labelled articles of ``path``; with ``lang``, only those in that language (the
    record's ``lang`` where it gives one, else the language read off the text). A record that
    cannot be read (no text, no cluster, an unreadable date) stops the load, unless
    ``rejected`` collects it and the rest go on."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    data = _load_records(path)
    if isinstance(data, dict) and "articles" in data:
        out = _from_corpus_labels(path, data)
    elif not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of articles with id, date, title, text, cluster")
    else:
        out = []
        for i, rec in enumerate(data):
            try:
                out.append(_labelled(i, rec))
            except InputError as exc:
                if rejected is None:
                    raise ConfigError(f"{path}: {exc.item}: {exc.reason}") from None
                rejected.append(exc)
        if not out:
            first = rejected[0] if rejected else None
            raise ConfigError(f"{path}: no record could be read"
                              + (f" ({first.item}: {first.reason}, and {len(rejected) - 1} more)" if first else ""))
    if lang is not None:
        wanted = language_code(lang)
        out = [it for it in out if it.article.language == wanted]
        if not out:
            raise ConfigError(f"{path}: no article in language {lang!r}")
    return out


def _labelled(i: int, rec) -> Labelled:
    """One record as a labelled article; InputError naming the record and why it is not one."""
    item = f"record {i}" + (f" ({rec['id']})" if isinstance(rec, dict) and "id" in rec else "")
    missing = {"id", "text", "cluster"} - set(rec) if isinstance(rec, dict) else {"an object"}
    if missing:
        raise InputError(item, f"lacks {', '.join(sorted(missing))}")
    if not isinstance(rec["text"], str):
        raise InputError(item, "its text is not a string")
    raw = RawArticle(item=item, text=rec["text"], title=rec.get("title") or None,
                     published=rec.get("date"), url=f"urn:eval:{rec['id']}",
                     source=rec.get("source") or "eval",  # the outlet, when the file gives one
                     language=language_code(rec["lang"]) if rec.get("lang") else None)
    article = build_article(raw)  # InputError(item, why) for no text or an unreadable date
    return Labelled(str(rec["id"]), article, str(rec["cluster"]), _moment(rec["date"]) if rec.get("date") else "")


def read_corpus(path: Path) -> dict[str, Article]:
    """The articles a corpus ``labels.json`` lists, read from the files beside it, by the key
    the labels use (the url, else the file path)."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such file (expected a corpus labels.json)")
    data = _load_records(path)
    if not isinstance(data, dict) or "articles" not in data:
        raise ConfigError(f"{path}: not a corpus labels.json (no 'articles' list)")
    root = path.parent
    ing = Ingester(Settings())
    by_key: dict[str, Article] = {}
    try:
        for a in ing.read([str(root)]):
            if isinstance(a, Article):
                by_key[a.url or a.path or a.id] = a
    finally:
        ing.close()
    out = {}
    for entry in data["articles"]:
        key = entry.get("url") or str(root / entry["file"])
        if key not in by_key:
            raise ConfigError(f"{path}: article {key} is listed but could not be read")
        out[entry.get("url") or entry["file"]] = by_key[key]
    return out


def _from_corpus_labels(path: Path, data: dict) -> list[Labelled]:
    articles = read_corpus(path)
    return [Labelled(e.get("url") or str(path.parent / e["file"]), articles[e.get("url") or e["file"]],
                     str(e["story"])) for e in data["articles"]]


@contextmanager
def labelled_store(path: Path, lang: str | None = None,
                   rejected: list[InputError] | None = None) -> Iterator[tuple[list[Labelled], Any]]:
    """The labelled articles of ``path`` in date order (and time, where the records give it),
    stored in a fresh temporary store (closed and deleted afterwards): the stream `wirewatch
    eval clusters` feeds the clusterer."""
    items = load_labelled(path, lang, rejected)
    items.sort(key=lambda it: (it.article.published or "9999", it.moment, it.key))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "eval.db")
        try:
            with store.transaction():
                for it in items:
                    store.add_article(it.article)
            yield items, store
        finally:
            store.close()


def stages_before_stories(text_only: bool = False) -> list:
    """The stages the story clustering reads (dedup, nlp, entities), or dedup alone: not the
    events, sanctions and other stages the pipeline also runs before it."""
    from wirewatch.pipeline import stages_needed
    from wirewatch.stories.stage import StoryStage

    return stages_needed(StoryStage(use_entities=not text_only))


def cluster_errors(items: list[Labelled], pred: dict[str, str]) -> dict:
    """Where the clustering and the labels disagree, for reading: ``split``, each gold story
    told in several predicted stories (its pieces, biggest first), and ``mixed``, each
    predicted story that holds several gold stories; articles as ``{id, date, title}``,
    the biggest disagreements first."""
    def row(it: Labelled) -> dict:
        return {"id": it.key, "date": (it.article.published or "")[:10] or None, "title": it.article.title}

    by_gold: dict[str, dict[str, list[Labelled]]] = {}
    by_pred: dict[str, dict[str, list[Labelled]]] = {}
    for it in items:
        by_gold.setdefault(it.gold, {}).setdefault(pred[it.key], []).append(it)
        by_pred.setdefault(pred[it.key], {}).setdefault(it.gold, []).append(it)
    split = [{"gold": g, "pieces": [[row(it) for it in part] for part in sorted(parts.values(), key=len, reverse=True)]}
             for g, parts in by_gold.items() if len(parts) > 1]
    mixed = [{"story": p, "gold": {g: [row(it) for it in part] for g, part in sorted(golds.items(), key=lambda kv: -len(kv[1]))}}
             for p, golds in by_pred.items() if len(golds) > 1]
    split.sort(key=lambda e: -sum(map(len, e["pieces"])))
    mixed.sort(key=lambda e: -sum(map(len, e["gold"].values())))
    return {"split": split, "mixed": mixed}


def evaluate_clusters(path: Path, predictions: Path | None = None, *, text_only: bool = False,
                      errors: bool = False, lang: str | None = None,
                      progress: Callable[[str, int, int], None] | None = None, **params: float) -> dict:
    from wirewatch.stories.stage import StoryStage

    rejected: list[InputError] = []
    with labelled_store(path, lang, rejected) as (items, store):
        start = time.perf_counter()
        run_stages(store, [*stages_before_stories(text_only), StoryStage(use_entities=not text_only, **params)],
                   batch_size=1000, progress=progress)
        elapsed = time.perf_counter() - start
        pred = {it.key: store.resolve_story(store.story_of(it.article.id) or "") or "?" for it in items}
    gold = {it.key: it.gold for it in items}
    if predictions is not None:
        with predictions.open("w", encoding="utf-8") as fh:
            for it in items:
                fh.write(json.dumps({"id": it.key, "story": pred[it.key]}) + "\n")
    result = {
        "file": str(path),
        "articles": len(items),
        **({"language": language_code(lang)} if lang else {}),
        "gold_stories": len(set(gold.values())),
        "predicted_stories": len(set(pred.values())),
        "bcubed": bcubed(gold, pred),
        "pairwise": pairwise(gold, pred),
        "articles_per_s": round(len(items) / elapsed, 1) if elapsed else None,
    }
    if rejected:
        result["rejected"] = [{"item": e.item, "reason": e.reason} for e in rejected]
    if errors:
        result["errors"] = cluster_errors(items, pred)
    return result
