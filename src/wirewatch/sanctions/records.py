"""Typed records of the sanctions layer: a listed party, one parsed list file, one screening hit."""

from __future__ import annotations

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
