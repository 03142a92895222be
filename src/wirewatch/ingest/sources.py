"""Turning CLI inputs (paths, directories, URLs, ``-``) into items to read."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from wirewatch.errors import InputError

DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.html", "*.htm", "*.jsonl", "*.ndjson", "*.json",
                   "*.csv", "*.tsv", "*.xml", "*.rss", "*.atom")
# A dataset's own label/readme files sit beside its articles; they are not articles.
DEFAULT_EXCLUDE = ("labels.json", "*.labels.json", "README*", "LICENSE*")


@dataclass(frozen=True)
class Input:
    name: str  # how messages name it
    path: Path | None = None
    url: str | None = None
    stdin: bool = False


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _matches(name: str, rel: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def expand_inputs(
    inputs: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
) -> Iterator[Input | InputError]:
    for value in inputs:
        if value == "-":
            yield Input(name="<stdin>", stdin=True)
        elif is_url(value):
            yield Input(name=value, url=value)
        else:
            path = Path(value)
            if path.is_dir():
                yield from _walk(path, include, exclude)
            elif path.is_file():
                yield Input(name=str(path), path=path)
            elif path.exists():
                yield InputError(str(path), "not a regular file or directory")
            else:
                yield InputError(str(path), "no such file or directory")


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Input]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fname in sorted(filenames):
            if fname.startswith("."):
                continue
            full = Path(dirpath) / fname
            rel = full.relative_to(root).as_posix()
            if _matches(fname, rel, include) and not _matches(fname, rel, exclude):
                yield Input(name=str(full), path=full)
