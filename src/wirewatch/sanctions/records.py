"""Typed records of the sanctions layer: a listed party, one parsed list file, one screening hit,
a resolved actor that matched a list, and a sanctions flag on an event."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from wirewatch.records import Record

PartyKind = Literal["person", "organization", "vessel", "aircraft"]
ListSource = Literal["un", "ofac", "opensanctions"]
KINDS: tuple[str, ...] = ("person", "organization", "vessel", "aircraft")
SOURCES: tuple[str, ...] = ("un", "ofac", "opensanctions")


@dataclass
class ListedParty(Record):
    """One person, organisation, vessel or aircraft on a sanctions list.

    ``list_ref`` is the list's own id (UN ``KPi.033``, OFAC ``OFAC-12345``, an FtM entity id) so
    a hit can be checked against the official entry. ``aliases`` are ``(name, quality)`` pairs;
    quality is the list's own word (UN ``Good``/``Low``/``a.k.a.``/``f.k.a.``, OFAC ``aka``/``fka``)
    because a weak alias should count for less when screening. ``nationalities`` are ISO alpha-3
    where the list's wording could be mapped, else the wording itself; ``birth_dates`` are
    ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a range is kept as ``YYYY/YYYY``).
    """

    list_ref: str
    source: str
    kind: str
    name: str
    aliases: list[tuple[str, str]] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    regimes: list[str] = field(default_factory=list)
    listed_on: str | None = None
    remarks: str | None = None

    def __post_init__(self) -> None:
        # JSON round trips turn tuples into lists; keep one shape for callers
        self.aliases = [(str(a[0]), str(a[1])) for a in self.aliases]

    def names(self) -> list[tuple[str, str]]:
        """The primary name (quality ``primary``) followed by every alias."""
        return [(self.name, "primary"), *self.aliases]


@dataclass
class ListLoad(Record):
    """One list file parsed in full: everything in it, or (on error) nothing at all.

    ``skipped`` says what was deliberately left out and why (e.g. OFAC alias rows whose
    entry is not in sdn.csv), so a load is never silently partial.
    """

    source: str
    path: str
    format: str
    parties: list[ListedParty] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    generated: str | None = None  # the list's own publication stamp, where it has one

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["parties"] = len(self.parties)
        return data


@dataclass
class ScreeningHit(Record):
    """A name that matched a listed party: which name of the party, how well (0-1) and why."""

    list_ref: str
    source: str
    party_name: str
    matched_name: str
    score: float
    reason: str
    kind: str = "person"
    regimes: list[str] = field(default_factory=list)


@dataclass
class ActorHit(Record):
    """A resolved actor (an entity of the store) whose name matched a listed party.

    ``screened_name`` is the entity's name or alias that matched; the rest is the
    :class:`ScreeningHit` (so an ``ActorHit`` can stand wherever a hit is expected).
    """

    entity_id: str
    entity_name: str
    entity_type: str
    screened_name: str
    list_ref: str
    source: str
    party_name: str
    matched_name: str
    score: float
    reason: str
    kind: str = "person"
    regimes: list[str] = field(default_factory=list)


FLAG_STATUSES: tuple[str, ...] = (
    "potential violation", "alleged violation", "disputed", "listed party involved",
    "potential exposure", "alleged exposure",
)


@dataclass
class SanctionFlag(Record):
    """Why an event may matter under a sanctions regime, with its legal basis and evidence.

    ``kind`` is ``measure`` (the event touches a measure: arms embargo, missile launch ban ...)
    or ``listed_party`` (a listed party takes part). ``status`` (``FLAG_STATUSES``) follows the
    event's modality: planned / negotiated / hypothetical -> potential violation, reported as
    done -> alleged violation, denied by the actor -> disputed; for unilateral regimes (when
    asked for) "exposure" replaces "violation", since they bind only their own jurisdiction.
    ``resolutions`` are ``{"ref", "date"}`` of the acts that set the measure; ``contested`` is
    the regime's note when its application on the day is disputed (the 2025 snapback).
    ``day`` is the date the measures were judged on and ``day_from`` where it came from
    (event / article / today). ``article_id``/``start``/``end`` locate the evidence sentence.
    """

    kind: str
    regime: str
    measure: str
    status: str
    basis: str
    article_id: str
    start: int
    end: int
    event_id: str = ""
    event_type: str = ""
    event_mode: str | None = None
    modality: str = "asserted"
    direction: str | None = None
    target: str | None = None
    authority: str = ""
    unilateral: bool = False
    resolutions: list[dict[str, str]] = field(default_factory=list)
    contested: str | None = None
    day: str | None = None
    day_from: str = "event"
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    entity_id: str | None = None
    list_ref: str | None = None
    list_source: str | None = None
    score: float | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = self.content_id()

    def content_id(self) -> str:
        """Same finding from the same sentence, same id (two mentions of one actor count once)."""
        key = [self.kind, self.regime, self.measure, self.status, self.direction, self.target,
               self.article_id, self.start, self.end, sorted(set(self.actors)), sorted(set(self.recipients)),
               self.entity_id, self.list_ref]
        return "sf_" + hashlib.sha1(json.dumps(key).encode("utf-8")).hexdigest()[:16]
