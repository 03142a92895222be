"""Ingest: read articles from files, directories, feeds, URLs and stdin.

``Ingester(settings).read(inputs)`` yields one :class:`~wirewatch.records.Article` or
:class:`~wirewatch.errors.InputError` per item. Readers never raise for a bad item: the
error is yielded and the batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence

import httpx

from wirewatch.config import Settings
from wirewatch.errors import InputError
from wirewatch.ingest.decode import decode_bytes
from wirewatch.ingest.feed import looks_like_feed, read_feed
from wirewatch.ingest.fetch import Fetcher
from wirewatch.ingest.html import read_html
from wirewatch.ingest.raw import RawArticle, build_article
from wirewatch.ingest.sources import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, Input, expand_inputs
from wirewatch.ingest.tabular import FieldMap, read_csv, read_json, read_jsonl
from wirewatch.records import Article

__all__ = ["DEFAULT_EXCLUDE", "DEFAULT_INCLUDE", "FieldMap", "Ingester", "RawArticle", "build_article"]

_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
_BY_CONTENT_TYPE = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/json": "json", "application/x-ndjson": "jsonl", "text/csv": "csv",
}


def sniff(text: str) -> str:
    head = text.lstrip()[:2000]
    if looks_like_feed(head):
        return "feed"
    low = head.lower()
    if low.startswith("<") and any(tag in low for tag in ("<html", "<body", "<p", "<article", "<!doctype")):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl" if "\n{" in text.strip() else "json"
    return "text"


class Ingester:
    def __init__(
        self,
        settings: Settings,
        *,
        fields: FieldMap | None = None,
        include: Sequence[str] = DEFAULT_INCLUDE,
        exclude: Sequence[str] = DEFAULT_EXCLUDE,
        transport: httpx.BaseTransport | None = None,
        stdin: object | None = None,
    ):
        self.settings = settings
        self.fields = fields or FieldMap()
        self.include, self.exclude = include, exclude
        self._transport = transport
        self._fetcher: Fetcher | None = None
        self._stdin = stdin

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings, transport=self._transport)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def read(self, inputs: Sequence[str]) -> Iterator[Article | InputError]:
        """One Article or InputError per item, in input order."""
        for entry in expand_inputs(inputs, self.include, self.exclude):
            if isinstance(entry, InputError):
                yield entry
                continue
            try:
                raws = list(self._read_input(entry))
            except InputError as exc:
                yield exc
                continue
            for raw in raws:
                if isinstance(raw, InputError):
                    yield raw
                    continue
                try:
                    yield build_article(raw)
                except InputError as exc:
                    yield exc

    # -- one input ------------------------------------------------------------------------
    def _read_input(self, entry: Input) -> Iterator[RawArticle | InputError]:
        cap = self.settings.max_bytes
        if entry.url:
            fetched = self.fetcher.get(entry.url)
            kind = _BY_CONTENT_TYPE.get(fetched.content_type)
            yield from self._parse(fetched.body, entry.name, path=None, url=fetched.url, kind=kind)
            return
        if entry.stdin:
            stream = self._stdin if self._stdin is not None else sys.stdin.buffer
            data = stream.read(cap + 1)  # type: ignore[attr-defined]
            if isinstance(data, str):
                data = data.encode("utf-8")
            if len(data) > cap:
                raise InputError(entry.name, f"too large (over the {cap}-byte cap; raise --max-bytes)")
            yield from self._parse(data, entry.name, path=None, url=None, kind=None)
            return
        assert entry.path is not None
        size = entry.path.stat().st_size
        if size > cap:
            raise InputError(entry.name, f"too large ({size} bytes > cap {cap}; raise --max-bytes)")
        try:
            data = entry.path.read_bytes()
        except OSError as exc:
            raise InputError(entry.name, f"cannot read ({exc.strerror})") from None
        kind = _BY_SUFFIX.get(entry.path.suffix.lower())
        yield from self._parse(data, entry.name, path=str(entry.path), url=None, kind=kind)

    def _parse(
        self, data: bytes, item: str, *, path: str | None, url: str | None, kind: str | None
    ) -> Iterator[RawArticle | InputError]:
        if kind == "feed" or (kind is None and looks_like_feed(data[:2000].decode("utf-8", "replace"))):
            decode_bytes(data, item)  # binary/empty checks
            yield from read_feed(data, item, path, self._fetch_page)
            return
        text = decode_bytes(data, item)
        kind = kind or sniff(text)
        if kind == "html":
            yield read_html(text, item, url=url, path=path)
        elif kind == "jsonl":
            yield from read_jsonl(text, item, path, self.fields)
        elif kind == "json":
            yield from read_json(text, item, path, self.fields)
        elif kind == "csv":
            yield from read_csv(text, item, path, self.fields)
        else:
            yield RawArticle(item=item, text=text, url=url, path=path, header_block=True)

    def _fetch_page(self, url: str) -> RawArticle:
        fetched = self.fetcher.get(url)
        text = decode_bytes(fetched.body, url)
        return read_html(text, url, url=fetched.url)

