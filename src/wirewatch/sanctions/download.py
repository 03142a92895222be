"""Download the current official list files (UN consolidated XML, OFAC SDN legacy CSV set).

Real HTTP with httpx: a clear user agent (``wirewatch.config.USER_AGENT`` unless set), a timeout
per request, a size cap enforced while streaming (the Content-Length header is not trusted), and
each file written to a temporary name first so a failed download never replaces a good file.
Tests pass an ``httpx.MockTransport``; nothing here is called without a user asking.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import httpx

from wirewatch.config import USER_AGENT
from wirewatch.errors import FetchError

UN_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
OFAC_BASE = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"
# list files are far larger than articles: the full SDN set is tens of MB at most
LIST_MAX_BYTES = 200_000_000


@dataclass(frozen=True)
class ListFile:
    """One file to fetch: where from, what to call it, and which list load it belongs to."""

    url: str
    filename: str
    group: str  # "un" or "ofac": files of a group are loaded together
    required: bool = True


OFFICIAL_FILES = (
    ListFile(UN_URL, "un/consolidated.xml", "un"),
    ListFile(f"{OFAC_BASE}/SDN.CSV", "ofac/sdn.csv", "ofac"),
    ListFile(f"{OFAC_BASE}/ALT.CSV", "ofac/alt.csv", "ofac"),
    ListFile(f"{OFAC_BASE}/SDN_COMMENTS.CSV", "ofac/sdn_comments.csv", "ofac", required=False),
)


def fetch_file(
    client: httpx.Client, url: str, dest: Path, *, max_bytes: int = LIST_MAX_BYTES
) -> int:
    """Stream ``url`` to ``dest`` (atomically); returns bytes written; FetchError on any failure."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    size = 0
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FetchError(item=url, reason=f"HTTP {response.status_code}; try again later or check the URL")
            with tmp.open("wb") as fh:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(item=url, reason=f"larger than the {max_bytes:,} byte cap; download stopped")
                    fh.write(chunk)
    except httpx.TimeoutException:
        tmp.unlink(missing_ok=True)
        raise FetchError(item=url, reason="timed out (raise WIREWATCH_FETCH_TIMEOUT if the network is slow)") from None
    except httpx.HTTPError as exc:
        tmp.unlink(missing_ok=True)
        raise FetchError(item=url, reason=f"request failed: {exc}") from None
    except FetchError:
        tmp.unlink(missing_ok=True)
        raise
    if size == 0:
        tmp.unlink(missing_ok=True)
        raise FetchError(item=url, reason="empty response")
    os.replace(tmp, dest)
    return size


def download_official_lists(
    dest: Path, *, timeout: float = 60.0, user_agent: str = USER_AGENT, max_bytes: int = LIST_MAX_BYTES,
    transport: httpx.BaseTransport | None = None, files: tuple[ListFile, ...] = OFFICIAL_FILES,
) -> tuple[dict[str, Path], list[FetchError]]:
    """Fetch every official file into ``dest``; returns ({group: path to load}, errors).

    A group whose required file failed is left out of the result, so the caller never loads a
    half-downloaded set; optional files (sdn_comments.csv) may fail on their own.
    """
    ready: dict[str, Path] = {}
    failed_groups: set[str] = set()
    errors: list[FetchError] = []
    with httpx.Client(
        transport=transport, timeout=timeout, follow_redirects=True, max_redirects=5,
        headers={"User-Agent": user_agent},
    ) as client:
        for f in files:
            if f.group in failed_groups:
                continue
            target = dest / f.filename
            try:
                fetch_file(client, f.url, target, max_bytes=max_bytes)
            except FetchError as exc:
                errors.append(exc)
                if f.required:
                    failed_groups.add(f.group)
                    ready.pop(f.group, None)
                else:
                    # an older copy would be joined to the new list by the loader
                    target.unlink(missing_ok=True)
                continue
            if f.group not in ready and f.required:
                ready[f.group] = target
    return {g: p for g, p in ready.items() if g not in failed_groups}, errors
