"""Sanctions flags on events: which measure in force an event may breach, how sure, and why.

    flags = flag_event(event, when="2023-11-14", text=article.text, listed=hits_by_entity)

Pure functions over :class:`wirewatch.events.records.Event` (or anything with its fields). The
rules are data (``flag_rules.yaml`` beside this module; the measures, their directions, dates
and resolutions come from ``regimes.yaml``):

1. the event's *activity* (arms transfer, arms deal talks, missile launch ...) is the first rule
   of ``flag_rules.yaml`` its type, mode and contexts match (missiles, and with the article text
   talks about arms, also need their words in the evidence sentence);
2. its actors' and recipients' countries (the first three letters of an actor code such as
   ``PRKGOV`` when they are an ISO 3166 alpha-3 code) are checked against each regime's
   target countries, respecting the measure's direction: the 1718 arms embargo is ``both``,
   so procurement *from* the DPRK counts; a launch counts only when the target launches;
3. the event's date (else ``when``, the article's publication, else today) decides which
   measures are in force: 2231's missile restrictions ended 18 Oct 2023, the 1737 measures
   re-applied from 27 Sep 2025 under a snapback that Russia, China and Iran contest (the
   flag carries that note);
4. the status follows the modality: planned, negotiated or hypothetical -> "potential
   violation", reported as done -> "alleged violation", denied by the actor -> "disputed",
   negated -> no flag. Talks and requests are never more than potential.

A listed party among the actors or recipients (its entity id in ``listed``) gives a
"listed party involved" flag with the list reference, whatever the event is.

Only UN Security Council regimes give violation flags by default: they bind every state.
``unilateral=True`` adds the US/EU regimes with an "exposure" status (they bind their own
jurisdiction; for others the event is grounds for designation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from wirewatch.errors import ConfigError
from wirewatch.events.dates import date_span
from wirewatch.sanctions.records import SanctionFlag
from wirewatch.sanctions.regimes import Measure, SanctionsRegime, load_regimes

DateLike = str | date | None


@dataclass(frozen=True)
class Activity:
    id: str
    types: frozenset[str]
    measures: tuple[str, ...]
    modes: frozenset[str] = frozenset()
    contexts: frozenset[str] = frozenset()
    not_modes: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    text_words: tuple[str, ...] = ()
    match_all: bool = False

    def matches(self, type_: str, mode: str | None, contexts: Iterable[str], sentence: str | None,
                trigger: str) -> bool:
        """``sentence``: the evidence sentence, lowercased (None without the article text)."""
        if type_ not in self.types:
            return False
        if self.words:
            return _names_any(sentence if sentence is not None else trigger, self.words)
        by_mode = mode is not None and mode in self.modes
        by_context = mode not in self.not_modes and bool(self.contexts & set(contexts))
        if not ((by_mode and by_context) if self.match_all else (by_mode or by_context)):
            return False
        return sentence is None or not self.text_words or _names_any(sentence, self.text_words)


def _names_any(text: str, cues: Iterable[str]) -> bool:
    """A word or phrase of ``text`` starts with one of the cues ("missile" finds "missiles")."""
    return any(re.search(r"(?<![^\W_])" + re.escape(cue), text) for cue in cues)


@dataclass(frozen=True)
class Rules:
    activities: tuple[Activity, ...]
    sides: dict[str, str]
    nature: dict[str, str]
    status: dict[str, dict[str, str]]
    unilateral_status: dict[str, str]
    why: dict[str, dict[str, str]]
    measures: dict[str, dict[str, str]]
    directions: dict[str, str]
    targets: dict[str, str]
    solicitation_words: tuple[str, ...] = ()

    def by_type(self, table: dict[str, str], type_: str, mode: str | None) -> str:
        return table.get(f"{type_}/{mode}") or table.get(type_) or table["default"]


def parse_rules(text: str) -> Rules:
    """Parse a flag rules document; raises ConfigError naming what is wrong."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"flag_rules.yaml is not valid YAML: {exc}") from exc
    acts = []
    for raw in data.get("activities") or []:
        if not raw.get("id") or not raw.get("types") or not raw.get("measures"):
            raise ConfigError(f"flag_rules.yaml: activity {raw.get('id')!r} needs id, types and measures")
        acts.append(Activity(
            id=raw["id"], types=frozenset(raw["types"]), measures=tuple(raw["measures"]),
            modes=frozenset(raw.get("modes") or ()), contexts=frozenset(raw.get("contexts") or ()),
            not_modes=frozenset(raw.get("not_modes") or ()),
            words=tuple(w.casefold() for w in raw.get("words") or ()),
            text_words=tuple(w.casefold() for w in raw.get("text_words") or ()), match_all=raw.get("match") == "all",
        ))
    for key in ("sides", "nature"):
        if "default" not in (data.get(key) or {}):
            raise ConfigError(f"flag_rules.yaml: {key} needs a default")
    return Rules(
        activities=tuple(acts), sides=dict(data["sides"]), nature=dict(data["nature"]),
        status={k: dict(v) for k, v in (data.get("status") or {}).items()},
        unilateral_status=dict(data.get("unilateral_status") or {}),
        why={k: dict(v) for k, v in (data.get("why") or {}).items()},
        measures={k: dict(v) for k, v in (data.get("measures") or {}).items()},
        directions=dict(data.get("directions") or {}), targets=dict(data.get("targets") or {}),
        solicitation_words=tuple(w.casefold() for w in data.get("solicitation_words") or ()),
    )


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The bundled ``flag_rules.yaml`` (read once per process)."""
    text = resources.files("wirewatch.sanctions").joinpath("flag_rules.yaml").read_text(encoding="utf-8")
    return parse_rules(text)


# -- small readers over the event ---------------------------------------------------------------
@lru_cache(maxsize=512)
def country_of(code: str | None) -> str | None:
    """ISO alpha-3 of an actor code: ``PRKGOV`` -> ``PRK``; ``IGO``, ``UN``, ``MIL`` -> None."""
    if not code or len(code) < 3:
        return None
    import pycountry

    head = code[:3].upper()
    return head if pycountry.countries.get(alpha_3=head) is not None else None


def _sentence(event: Any, text: str | None) -> str | None:
    """The evidence sentence, lowercased and with the trigger word added; None without the text."""
    ev = getattr(event, "evidence", None)
    if not text or ev is None or not 0 <= ev.start < ev.end <= len(text):
        return None
    return (text[ev.start:ev.end] + " " + (getattr(event, "trigger", None) or "")).casefold()


def _label(ref: Any) -> str:
    return getattr(ref, "code", None) or getattr(ref, "text", "") or "?"


def _target_name(rules: Rules, iso3: str) -> str:
    if iso3 in rules.targets:
        return rules.targets[iso3]
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name


def _resolutions(regime: SanctionsRegime, refs: Iterable[str]) -> list[dict[str, str]]:
    out = []
    for ref in dict.fromkeys(refs):
        res = regime.resolution(ref)
        out.append({"ref": ref, "date": res.date.isoformat() if res else ""})
    return out


def _cite(regime: SanctionsRegime, resolutions: list[dict[str, str]]) -> str:
    refs = ", ".join(f"{r['ref']} ({r['date'][:4]})" if r["date"] else r["ref"] for r in resolutions)
    word = "resolution" if not regime.unilateral else "act"
    return f"{word}{'s' if len(resolutions) > 1 else ''} {refs}" if resolutions else ""


# -- the flags ---------------------------------------------------------------------------------
def _sides(event: Any, how: str) -> list[tuple[str, str, str]]:
    """(country, direction of the transfer as seen from that country, actor code) for each
    involved state."""
    def coded(refs: Any) -> list[tuple[str | None, str]]:
        return [(country_of(getattr(a, "code", None)), str(getattr(a, "code", None) or "")) for a in refs]

    actors = coded(getattr(event, "actors", []))
    recipients = coded(getattr(event, "recipients", []))
    if how == "actor":
        return [(c, "by", code) for c, code in actors if c]
    supplier, receiver = (recipients, actors) if how == "reversed" else (actors, recipients)
    if how == "mutual":
        pairs = [(c, "either", code) for c, code in supplier + receiver if c]
    else:
        pairs = [(c, "from", code) for c, code in supplier if c] + [(c, "to", code) for c, code in receiver if c]
    parties = [c for c, _ in actors + recipients]  # None: an actor with no country (a person, an unresolved name)
    # a state dealing only with itself ("North Korea supplied its own army") is no transfer;
    # an unknown counterpart (no recipient, an unresolved actor) still counts
    return [(c, d, code) for c, d, code in dict.fromkeys(pairs) if len(parties) < 2 or any(x != c for x in parties)]


def _applies(measure: Measure, direction: str) -> bool:
    if direction == "by" or measure.direction == "by":
        return direction == measure.direction
    return measure.direction == "both" or direction == "either" or measure.direction == direction


def _measures(regime: SanctionsRegime, first: date, last: date) -> tuple[list[Measure], date]:
    """Measures in force on the first day of the event's date span, else on its last day."""
    for day in (first, last):
        found = regime.measures_in_force(day)
        if found:
            return found, day
    return [], first


def flag_event(
    event: Any, *, when: DateLike = None, listed: Mapping[str, Sequence[Any]] | None = None,
    text: str | None = None, unilateral: bool = False,
) -> list[SanctionFlag]:
    """Sanctions flags of one event (see the module docstring for the rules).

    ``when``: the date to judge on when the event has none (the article's publication);
    ``listed``: entity id -> screening hits (``ActorHit``/``ScreeningHit``-like: ``list_ref``,
    ``source``, ``party_name``, ``score``, ``reason``, ``regimes``); ``text``: the article text
    the event's evidence offsets point into (lets the rules see "ballistic missile" when the
    trigger word is "launch"); ``unilateral``: also flag under US/EU regimes, as exposure.
    """
    rules = load_rules()
    modality = getattr(event, "modality", "asserted") or "asserted"
    span, day_from = date_span(getattr(event, "date", None)), "event"
    if span is None:
        span, day_from = date_span(when), "article"
    if span is None:
        span, day_from = (date.today(), date.today()), "today"
    type_, mode = getattr(event, "type", ""), getattr(event, "mode", None)
    contexts = list(getattr(event, "contexts", None) or [])
    ev = event.evidence
    base = dict(
        article_id=ev.article_id, start=ev.start, end=ev.end, event_id=getattr(event, "id", ""),
        event_type=type_, event_mode=mode, modality=modality, day_from=day_from,
        actors=[_label(a) for a in getattr(event, "actors", [])],
        recipients=[_label(a) for a in getattr(event, "recipients", [])],
    )
    flags: list[SanctionFlag] = []
    sentence, trigger = _sentence(event, text), (getattr(event, "trigger", None) or "").casefold()
    activity = next((a for a in rules.activities if a.matches(type_, mode, contexts, sentence, trigger)), None)
    nature = rules.by_type(rules.nature, type_, mode)
    status = rules.status.get(nature, {}).get(modality)
    if (nature == "solicitation" and sentence is not None and rules.solicitation_words
            and not _names_any(sentence, rules.solicitation_words)):
        # "called on the regime to abandon its nuclear weapons", "called for the suspension
        # of the deal in response to missile tests": a demand, not a request for the goods
        activity = None
    if activity is not None and status is not None:
        sides = _sides(event, rules.by_type(rules.sides, type_, mode))
        for regime in load_regimes().values():
            if regime.unilateral and not unilateral:
                continue
            in_force, day = _measures(regime, *span)
            # one flag per regime, measure kind and target: 1737's two arms measures (from: 1747,
            # to: 1929) become one flag citing both when the event could go either way
            merged: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
            for iso3, direction, code in sides:
                target = regime.target_of(iso3, code)
                if target is None:
                    continue
                for m in in_force:
                    if m.kind in activity.measures and _applies(m, direction):
                        refs, dirs = merged.setdefault((m.kind, target), ([], []))
                        refs.extend(m.set_by)
                        dirs.append(m.direction if direction == "either" else direction)
            for (kind, iso3), (refs, dirs) in merged.items():
                flags.append(_measure_flag(rules, regime, kind, iso3, dirs, refs, status, nature, day,
                                           event, base))
    for ref in [*getattr(event, "actors", []), *getattr(event, "recipients", [])]:
        for hit in (listed or {}).get(getattr(ref, "entity_id", None) or "", []):
            flags.append(_listed_flag(hit, ref, base, span[0]))
    return flags


def _measure_flag(rules: Rules, regime: SanctionsRegime, kind: str, iso3: str, dirs: list[str],
                  refs: list[str], status: str, nature: str, day: date, event: Any,
                  base: dict[str, Any]) -> SanctionFlag:
    direction = "both" if "both" in dirs or {"to", "from"} <= set(dirs) else dirs[0]
    if regime.unilateral:
        status = rules.unilateral_status.get(status, status)
    resolutions = _resolutions(regime, refs)
    wording = rules.measures.get(kind, {"label": kind.replace("_", " "), "prohibits": "{target}"})
    prohibits = wording["prohibits"].format(direction=rules.directions.get(direction, ""),
                                            target=_target_name(rules, iso3)).replace("  ", " ")
    cite = _cite(regime, resolutions)
    why_table = rules.why.get(nature, {})
    modality = base["modality"]
    why = why_table.get(modality) or why_table.get("default") or f"the event is {modality}"
    if modality == "denied":
        cue = getattr(event, "modality_cue", None)
        who = ", ".join(base["actors"]) or "the actor"
        why = f"{why} ({who}{': “' + cue + '”' if cue else ''}); the report and the denial are both shown"
        verdict = "so the finding is disputed"
    else:
        verdict = f"so it is {'an' if status[0] in 'aeiou' else 'a'} {status}"
    sentence = (f"{regime.label} {wording['label']}{f' ({cite})' if cite else ''}, in force on {day.isoformat()}, "
                f"prohibits {prohibits}")
    if regime.unilateral:
        sentence += (f" (a unilateral measure: it binds persons under {regime.authority}'s jurisdiction and "
                     "exposes others to designation)")
    basis = f"{sentence}; {why}, {verdict}."
    period = regime.period_on(day)
    contested = None
    if period is not None and period.contested:
        contested = f"contested by {', '.join(period.contested_by)}: {period.note or regime.notes or ''}".strip()
        basis += f" Whether the measure applies on that date is contested by {', '.join(period.contested_by)}."
    return SanctionFlag(
        kind="measure", regime=regime.id, measure=kind, status=status, basis=basis, direction=direction,
        target=iso3, authority=regime.authority, unilateral=regime.unilateral, resolutions=resolutions,
        contested=contested, day=day.isoformat(), **base,
    )


def _listed_flag(hit: Any, ref: Any, base: dict[str, Any], day: date) -> SanctionFlag:
    regimes = list(getattr(hit, "regimes", []) or [])
    known = load_regimes()
    labels = [known[r].label if r in known else r for r in regimes]
    name = getattr(hit, "entity_name", None) or getattr(ref, "text", "")
    basis = (f"{name} matches {getattr(hit, 'source', '').upper()} list entry {hit.list_ref} "
             f"'{hit.party_name}' (score {hit.score:.2f}: {hit.reason})"
             + (f", listed under {', '.join(labels)}" if labels else "")
             + f"; the party takes part in this {base['event_type'] or 'event'} event ({base['modality']}). "
             "A name match is not an identification: check the listed entry.")
    return SanctionFlag(
        kind="listed_party", regime=regimes[0] if regimes else "", measure="listed_party",
        status="listed party involved", basis=basis, authority=", ".join(
            sorted({known[r].authority for r in regimes if r in known})),
        unilateral=any(known[r].unilateral for r in regimes if r in known), day=day.isoformat(),
        entity_id=getattr(ref, "entity_id", None), list_ref=hit.list_ref,
        list_source=getattr(hit, "source", None), score=float(hit.score), **base,
    )


def flag_events(
    events: Iterable[Any], *, when: DateLike | Mapping[str, str | None] = None,
    listed: Mapping[str, Sequence[Any]] | None = None, texts: Mapping[str, str] | None = None,
    unilateral: bool = False,
) -> list[SanctionFlag]:
    """:func:`flag_event` over many events; identical flags (same finding from the same sentence,
    e.g. "North Korea" and "Pyongyang" in one sentence) are kept once, first event first.

    ``when`` is one date or a mapping article id -> publication date; ``texts`` maps article
    ids to their text.
    """
    seen: dict[str, SanctionFlag] = {}
    for event in events:
        aid = event.evidence.article_id
        day = when.get(aid) if isinstance(when, Mapping) else when
        text = texts.get(aid) if texts is not None else None
        for flag in flag_event(event, when=day, listed=listed, text=text, unilateral=unilateral):
            seen.setdefault(flag.id, flag)
    return list(seen.values())
