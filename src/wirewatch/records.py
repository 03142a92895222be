"""Typed records that flow between stages. Every stage takes and gives these, never raw dicts.

Each record has ``to_dict`` / ``from_dict`` for JSON output and storage round trips.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

PublishedFrom = Literal["metadata", "text", "unknown"]
DupKind = Literal["exact", "near", "contains", "overlap"]

T = TypeVar("T", bound="Record")


_ATOMS = (str, int, float, bool, type(None))


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.lru_cache(maxsize=None)
def _field_set(cls: type) -> frozenset[str]:
    return frozenset(_field_names(cls))


def as_plain(value: Any) -> Any:
    """``dataclasses.asdict`` for any value, and the same result, but quicker: asdict
    deep-copies every leaf and looks up each class's fields per instance, which made storing
    tens of thousands of events and candidates slow. Here str/int/float/bool/None are
    returned as they are (deepcopy returns them unchanged anyway) and field names are
    cached per class."""
    if isinstance(value, _ATOMS):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: as_plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # namedtuple
        return type(value)(*[as_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(as_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((as_plain(k), as_plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


class Record:
    """Mixin: dict round trips for dataclass records."""

    def to_dict(self) -> dict[str, Any]:
        return as_plain(self)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = _field_set(cls)
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Article(Record):
    """One news article as ingested.

    ``id`` is a content hash (see :func:`wirewatch.textnorm.article_id`): the normalised text plus
    the article's origin (URL, else outlet), so re-ingesting the same article is a no-op while the
    same wire text published by two outlets stays two articles (linked as exact duplicates).
    ``text_hash`` is the hash of the normalised text alone.
    """

    id: str
    text: str
    text_hash: str
    title: str
    source: str
    path: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or datetime
    published_from: PublishedFrom = "unknown"
    language: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    ingested_at: str | None = None
    version_of: str | None = None  # id of the previous version of the same URL
    copy_group: str | None = None  # id of the canonical article of its copy group

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


@dataclass
class DupRelation(Record):
    """``a`` and ``b`` share text. For ``contains``, ``a`` contains ``b``.

    ``score`` is the Jaccard similarity of word shingles for exact/near, and the fraction of
    ``b``'s shingles found in ``a`` for contains/overlap.
    """

    a: str
    b: str
    kind: DupKind
    score: float


@dataclass
class IngestError(Record):
    """An input item that was rejected, and why."""

    item: str
    reason: str
    at: str | None = None
