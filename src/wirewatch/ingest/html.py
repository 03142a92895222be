"""HTML pages: main text and metadata via trafilatura."""

from __future__ import annotations

import trafilatura

from wirewatch.errors import InputError
from wirewatch.ingest.raw import RawArticle


def read_html(html: str, item: str, *, url: str | None = None, path: str | None = None) -> RawArticle:
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise InputError(item, f"malformed HTML ({type(exc).__name__}: {exc})") from exc
    if doc is None or not (doc.text or "").strip():
        raise InputError(item, "no article text found in the HTML page")
    lines = [ln.strip() for ln in doc.text.split("\n") if ln.strip()]
    # trafilatura repeats the <h1> headline as the first line of text
    if lines and doc.title and lines[0] == doc.title.strip():
        lines = lines[1:]
    return RawArticle(
        item=item,
        text="\n\n".join(lines),
        title=doc.title,
        url=doc.url or url,
        source=doc.sitename or None,
        author=doc.author,
        published=doc.date,
        path=path,
        language=None,
    )


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content), paragraphs kept."""
    doc = trafilatura.bare_extraction(f"<html><body><article>{fragment}</article></body></html>")
    if doc is not None and (doc.text or "").strip():
        return "\n\n".join(ln.strip() for ln in doc.text.split("\n") if ln.strip())
    import lxml.html

    try:
        return lxml.html.fromstring(fragment).text_content()
    except Exception:  # not even a fragment lxml can read: keep the raw string
        return fragment
