"""The regimes knowledge file (``regimes.yaml``) as typed records.

``load_regimes()`` reads the file once; ``regimes_for_country("PRK", on_date)`` answers "which
regimes apply to this country on this day", respecting each regime's validity periods and each
measure's own since/until dates (UN 2231's arms restrictions lapsed in 2020, its missile ones in
2023; the 1737 measures came back on 27 Sep 2025, contested).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from wirewatch.errors import ConfigError
from wirewatch.records import Record

MEASURE_KINDS = frozenset({
    "arms_embargo", "luxury_goods", "asset_freeze", "travel_ban", "missile_technology", "missile_launch", "nuclear",
    "sectoral", "financial", "labour", "cargo_inspection", "export_ban", "monitoring",
    "secondary_sanctions",
})
# to / from / both: transfers to or from the target; by: the target's own activity (launches)
DIRECTIONS = frozenset({"to", "from", "both", "by"})


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"regimes.yaml: {where}: {value!r} is not a YYYY-MM-DD date") from None


def _day(on_date: date | str | None) -> date:
    if on_date is None:
        return date.today()
    if isinstance(on_date, date):
        return on_date
    return _date(on_date, "on_date") or date.today()


@dataclass
class Period(Record):
    start: date | None
    end: date | None = None  # exclusive: the day the measure stopped applying
    contested: bool = False
    contested_by: list[str] = field(default_factory=list)
    note: str | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Measure(Record):
    kind: str
    direction: str = "both"
    since: date | None = None
    until: date | None = None
    set_by: list[str] = field(default_factory=list)
    note: str | None = None

    def in_force(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


@dataclass
class Resolution(Record):
    ref: str
    date: date
    effect: str = ""


@dataclass
class SanctionsRegime(Record):
    id: str
    name: str
    authority: str
    unilateral: bool
    programmes: list[tuple[str, str]] = field(default_factory=list)  # (list, programme id)
    countries: list[str] = field(default_factory=list)
    # actor codes a regime aimed at one party rather than a state targets ("YEMREB": the
    # Houthis under UN 2216, not the government of Yemen)
    actors: list[str] = field(default_factory=list)
    entity_classes: list[str] = field(default_factory=list)
    validity: list[Period] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    contested: bool = False
    contested_by: list[str] = field(default_factory=list)
    notes: str | None = None
    sources: list[dict[str, str]] = field(default_factory=list)
    short: str | None = None

    @property
    def label(self) -> str:
        """Short name for sentences: ``short`` from the file, else "UN 1718" for ``un-1718``."""
        if self.short:
            return self.short
        return "UN " + self.id[3:] if self.id.startswith("un-") else self.id

    def target_of(self, iso3: str | None, code: str | None = None) -> str | None:
        """What this regime targets in a side of an event: its actor code when the regime is
        aimed at that party ("YEMREB"), else its country when the regime targets the state,
        else None."""
        hit = next((a for a in self.actors if code and code.upper().startswith(a)), None)
        if hit is not None:
            return hit
        return iso3 if iso3 in self.countries else None

    def resolution(self, ref: str) -> Resolution | None:
        return next((r for r in self.resolutions if r.ref == ref), None)

    def period_on(self, on_date: date | str | None = None) -> Period | None:
        day = _day(on_date)
        return next((p for p in self.validity if p.covers(day)), None)

    def measures_in_force(self, on_date: date | str | None = None) -> list[Measure]:
        """Measures that apply on the day: the regime is valid then and the measure has not lapsed."""
        day = _day(on_date)
        if self.period_on(day) is None:
            return []
        return [m for m in self.measures if m.in_force(day)]

    def in_force(self, on_date: date | str | None = None) -> bool:
        return bool(self.measures_in_force(on_date))

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (dates as ISO strings) for ``--json`` output."""
        def fix(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: fix(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [fix(v) for v in value]
            return value

        return fix(self.to_dict())


def _parse_regime(raw: dict[str, Any]) -> SanctionsRegime:
    rid = raw.get("id") or "?"
    for key in ("id", "name", "authority", "unilateral", "sources"):
        if key not in raw:
            raise ConfigError(f"regimes.yaml: regime {rid}: missing {key!r}")
    measures = []
    for i, m in enumerate(raw.get("measures") or []):
        where = f"{rid} measure {i + 1}"
        if m.get("kind") not in MEASURE_KINDS:
            raise ConfigError(f"regimes.yaml: {where}: unknown kind {m.get('kind')!r}")
        if m.get("direction", "both") not in DIRECTIONS:
            raise ConfigError(f"regimes.yaml: {where}: direction must be to, from, both or by")
        measures.append(Measure(
            kind=m["kind"], direction=m.get("direction", "both"),
            since=_date(m.get("since"), where), until=_date(m.get("until"), where),
            set_by=[str(s) for s in m.get("set_by") or []], note=m.get("note"),
        ))
    validity = [
        Period(
            start=_date(p.get("from"), f"{rid} validity"), end=_date(p.get("until"), f"{rid} validity"),
            contested=bool(p.get("contested", False)), contested_by=list(p.get("contested_by") or []),
            note=p.get("note"),
        )
        for p in raw.get("validity") or [{"from": None}]
    ]
    resolutions = [
        Resolution(ref=str(r["ref"]), date=_date(r["date"], f"{rid} resolution {r.get('ref')}"),  # type: ignore[arg-type]
                   effect=r.get("effect", ""))
        for r in raw.get("resolutions") or []
    ]
    targets = raw.get("targets") or {}
    return SanctionsRegime(
        id=str(raw["id"]), name=raw["name"], authority=raw["authority"], unilateral=bool(raw["unilateral"]),
        programmes=[(str(p["list"]), str(p["id"])) for p in raw.get("programmes") or []],
        countries=list(targets.get("countries") or []), actors=list(targets.get("actors") or []),
        entity_classes=list(targets.get("entity_classes") or []),
        validity=validity, measures=measures, resolutions=resolutions,
        contested=bool(raw.get("contested", False)), contested_by=list(raw.get("contested_by") or []),
        notes=raw.get("notes"), sources=list(raw["sources"] or []), short=raw.get("short"),
    )


def parse_regimes(text: str) -> dict[str, SanctionsRegime]:
    """Parse a regimes YAML document; raises ConfigError naming the regime and field at fault."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"regimes.yaml is not valid YAML: {exc}") from exc
    out: dict[str, SanctionsRegime] = {}
    for raw in data.get("regimes") or []:
        regime = _parse_regime(raw)
        if regime.id in out:
            raise ConfigError(f"regimes.yaml: regime id {regime.id!r} appears twice")
        out[regime.id] = regime
    return out


@lru_cache(maxsize=1)
def load_regimes() -> dict[str, SanctionsRegime]:
    """Every regime in the bundled knowledge file, by id (read once per process)."""
    text = resources.files("wirewatch.sanctions").joinpath("regimes.yaml").read_text(encoding="utf-8")
    return parse_regimes(text)


def regime(regime_id: str) -> SanctionsRegime:
    """One regime by id; ``1718`` is accepted for ``un-1718``."""
    regimes = load_regimes()
    if regime_id in regimes:
        return regimes[regime_id]
    if f"un-{regime_id}" in regimes:
        return regimes[f"un-{regime_id}"]
    raise ConfigError(f"unknown sanctions regime {regime_id!r}; known: {', '.join(sorted(regimes))}")


def regimes_for_country(iso3: str, on_date: date | str | None = None) -> list[SanctionsRegime]:
    """Regimes targeting the country, or a party of it (un-2140: the Houthis of Yemen), that have
    at least one measure in force on the day (default today)."""
    code = iso3.upper()
    return [r for r in load_regimes().values()
            if (code in r.countries or any(a[:3] == code for a in r.actors)) and r.in_force(on_date)]


@lru_cache(maxsize=1)
def _programme_index() -> dict[tuple[str, str], list[str]]:
    index: dict[tuple[str, str], list[str]] = {}
    for r in load_regimes().values():
        for list_name, pid in r.programmes:
            index.setdefault((list_name, pid.casefold()), []).append(r.id)
    return index


def regimes_for_programme(list_name: str, programme: str) -> list[str]:
    """Regime ids a list's programme tag belongs to (UN list type ``DPRK`` -> ``un-1718``)."""
    return list(_programme_index().get((list_name, programme.strip().casefold()), []))
