"""Fetching URLs politely and defensively: timeouts, size cap, redirect cap, content-type check."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from wirewatch.config import Settings
from wirewatch.errors import FetchError

ACCEPTED_TYPES = (
    "text/html", "application/xhtml+xml", "text/plain",
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
    "application/json", "application/x-ndjson", "text/csv",
)


@dataclass
class Fetched:
    url: str  # final URL after redirects
    content_type: str
    body: bytes


class Fetcher:
    """One HTTP client per ingest run. ``transport`` lets tests answer without a network."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.fetch_timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            headers={"User-Agent": settings.user_agent, "Accept": ", ".join(ACCEPTED_TYPES)},
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str) -> Fetched:
        cap = self.settings.max_bytes
        try:
            with self.client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(url, f"HTTP {resp.status_code} {resp.reason_phrase}")
                ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype and ctype not in ACCEPTED_TYPES:
                    raise FetchError(url, f"unsupported content type {ctype!r}")
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise FetchError(url, f"too large ({declared} bytes > cap {cap}; raise --max-bytes)")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(url, f"too large (over the {cap}-byte cap; raise --max-bytes)")
                    chunks.append(chunk)
                return Fetched(url=str(resp.url), content_type=ctype, body=b"".join(chunks))
        except httpx.TooManyRedirects:
            raise FetchError(url, f"too many redirects (more than {self.settings.max_redirects})") from None
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {self.settings.fetch_timeout:g}s") from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"invalid URL ({exc})") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"unreachable ({type(exc).__name__}: {exc})") from None
