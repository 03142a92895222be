"""From what a reader found (RawArticle) to a stored Article: the one place articles are built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlparse

from wirewatch.errors import InputError
from wirewatch.ingest import metadata as meta
from wirewatch.records import Article
from wirewatch.textnorm import article_id, clean_text, normalise_for_hash, text_hash, words

MIN_WORDS = 10


@dataclass
class RawArticle:
    """What a reader extracted, before normalisation."""

    item: str  # names the item in messages: a path, URL, or ``file.jsonl:12``
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None  # raw date string from metadata
    path: str | None = None
    language: str | None = None
    header_block: bool = False  # plain text: may start with `Key: value` lines


def domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


def build_article(raw: RawArticle) -> Article:
    """Normalise a RawArticle: metadata header, date token, boilerplate, title, language, ids."""
    text = raw.text.replace("\r\n", "\n").replace("\r", "\n")
    fields: dict[str, str] = {}
    if raw.header_block:
        fields, text = meta.parse_header(text)
    text = clean_text(text)
    published = meta.parse_date(raw.published or fields.get("published"))
    published_from = "metadata" if published else "unknown"
    token_date, text = meta.strip_date_token(text)
    if token_date and not published:
        published, published_from = token_date, "text"
    elif (raw.published or fields.get("published")) and not published:
        raise InputError(raw.item, f"unreadable date {raw.published or fields.get('published')!r}")
    if not published and raw.item == raw.path and (named := meta.date_in_name(raw.path)):
        # a day in the name of a one-article file ("breitbart_2016-02-07_after-rubio.txt") is its metadata
        published, published_from = named, "metadata"

    paragraphs, removed = meta.split_boilerplate(clean_text(text).split("\n\n"))
    text = "\n\n".join(p for p in paragraphs if p)
    title = (raw.title or fields.get("title") or "").strip()
    if not title:  # a saved article's headline line is its title, not the first line of its text
        title, text = meta.split_headline(text)
    norm = normalise_for_hash(text)  # the hashing view, folded once for the count, id and hash
    if len(words(text, normalised=norm)) < MIN_WORDS:
        why = "empty" if not text.strip() else f"fewer than {MIN_WORDS} words"
        raise InputError(raw.item, f"no article text ({why} after removing metadata and boilerplate)")

    url = raw.url or fields.get("url") or None
    source = raw.source or fields.get("source") or domain(url)
    origin = url or source
    if not source and raw.path:
        # "wash-post_2016-01-31_slug.txt": the outlet its name opens with, else the file name
        source = (meta.source_in_name(raw.path) if raw.item == raw.path else None) or PurePosixPath(raw.path).name
    title = title or meta.derive_title(text)
    language = raw.language or fields.get("language") or meta.detect_language(text)
    return Article(
        id=article_id(text, origin, normalised=norm),
        text=text,
        text_hash=text_hash(text, normalised=norm),
        title=title,
        source=source or "unknown",
        path=raw.path,
        url=url,
        author=raw.author or fields.get("author") or None,
        published=published,
        published_from=published_from,  # type: ignore[arg-type]
        language=language,
        boilerplate=removed,
    )
