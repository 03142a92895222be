"""RSS/Atom feeds: each item is an article; summary-only items are completed from their page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import feedparser

from wirewatch.errors import InputError
from wirewatch.ingest.html import html_to_text
from wirewatch.ingest.raw import RawArticle, domain

# An item whose text is shorter than this is a teaser: fetch the linked page for the full story.
SUMMARY_ONLY_WORDS = 80


def looks_like_feed(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head) or head.startswith(("<rss", "<feed"))


def read_feed(
    data: bytes,
    item: str,
    path: str | None,
    fetch_page: Callable[[str], RawArticle] | None,
) -> Iterator[RawArticle | InputError]:
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        yield InputError(item, f"malformed or empty feed ({why or 'no items'})")
        return
    feed_title = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        where = f"{item}#{i}"
        link = entry.get("link")
        html = ""
        if entry.get("content"):
            html = max((c.get("value", "") for c in entry.content), key=len)
        text = html_to_text(html) if html else ""
        if len(text.split()) < SUMMARY_ONLY_WORDS:
            summary = html_to_text(entry.get("summary", "")) if entry.get("summary") else ""
            if link and fetch_page is not None:
                try:
                    page = fetch_page(link)
                except InputError as exc:
                    yield InputError(where, f"summary-only item; fetching {link} failed: {exc.reason}")
                    continue
                page.item = where
                page.title = entry.get("title") or page.title
                page.published = entry.get("published") or entry.get("updated") or page.published
                page.source = page.source or feed_title or domain(link)
                yield page
                continue
            text = text or summary
        if not text.strip():
            yield InputError(where, "feed item has no text")
            continue
        yield RawArticle(
            item=where,
            text=text,
            title=entry.get("title"),
            url=link,
            source=feed_title or domain(link),
            author=entry.get("author"),
            published=entry.get("published") or entry.get("updated"),
            path=path,
        )
