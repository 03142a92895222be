"""Records of the entity layer: who is named where, and why two names were taken as one.

``Candidate`` is what extraction reads from one article (kept per article so resolution can
be rerun over the whole scope without parsing again); ``Entity``, ``Mention`` and
``MergeDecision`` are what resolution gives and the store keeps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from wirewatch.records import Record

ENTITY_TYPES: tuple[str, ...] = ("person", "organisation", "country", "location", "group")
# who can act: a place is where things happen, not an actor
ACTOR_TYPES: tuple[str, ...] = ("person", "organisation", "country", "group")


def entity_id(key: str, type_: str) -> str:
    """Content-hash id of an entity: its type and normalised canonical key.

    The key is normalised (case, hyphens, initials: see ``names.name_key``) so that choosing
    "Kim Jong Un" or "Kim Jong-un" as display name gives the same id.
    """
    return hashlib.sha1(f"{type_}\x1f{key}".encode()).hexdigest()[:16]


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO/PLOVER-style code: country then sector(s), e.g. RUS, RUSGOV, RUSGOVMIL, IGO."""
    code = (country or "") + (sector or "")
    return code or None


@dataclass
class Candidate(Record):
    """One span of one article that may name an actor, as extraction read it.

    ``kind`` says how resolution treats it: person (a full name), surname (one word),
    country, location, organisation, group, description ("the Russian defence minister") or
    rejected (kept only to explain why it is not an actor). ``key`` is what resolution groups
    by (a name key, an ISO3 code, an organisation name). ``how`` says what made it so
    (name, alias, demonym, capital, seat, title, collective, ...).
    """

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str
    kind: str
    key: str
    name: str
    how: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    reason: str | None = None  # why rejected, or where the role/country came from
    place: str | None = None  # the place within the country a post is of ("the Florida senator")
    courtesy: str | None = None  # "m" or "f", where a courtesy title comes with the name ("Mrs. Clinton")


@dataclass
class Entity(Record):
    """An actor or place, resolved across the articles in scope."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    mention_count: int = 0
    article_count: int = 0

    @property
    def code(self) -> str | None:
        return actor_code(self.country, self.sector)

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["code"] = self.code
        return data


@dataclass
class Mention(Record):
    """A span of an article that names an entity. ``start``/``end`` are character offsets
    into the article text; ``sentence`` is the sentence index in the article.

    ``code`` is the actor code of *this* mention, which may be more specific than the
    entity's: "the Kremlin" is a mention of Russia coded RUSGOV, "the Pentagon" USAMIL.
    """

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str
    entity_id: str
    code: str | None = None
    how: str = "name"


@dataclass
class MergeDecision(Record):
    """Why a written form was taken as (or kept apart from) an entity.

    ``entity_id`` is None for forms that were kept apart from every entity (an ambiguous
    "Kim") or rejected as no actor (an image credit). ``score`` is 1.0 for rules that are
    certain (same normalised name), lower for inferences (a description linked to the only
    person with that role), 0.0 for rejections.
    """

    entity_id: str | None
    alias: str
    rule: str
    score: float
    reason: str
    article_id: str | None = None
