"""FollowTheMoney (FtM) export: the store as entity JSON lines for Aleph and OpenSanctions tools.

    summary = export_ftm(store, open("wirewatch.ftm.json", "w"))

One JSON object per line, ``{"id", "schema", "properties": {name: [values]}}``, with schema and
property names as defined in followthemoney's ``followthemoney/schema/*.yaml`` (read for 4.11):

* each article -> ``Article`` (title, publishedAt, sourceUrl, publisher, author, language;
  ``bodyText`` only with ``with_text=True``);
* each person -> ``Person`` (nationality, position); organisations -> ``Organization``, or
  ``PublicBody`` when their actor code says government or military (RUSGOVMIL); groups ->
  ``Organization``; countries -> ``PublicBody`` with ``jurisdiction`` (FtM has no country
  schema, and events need a LegalEntity to point at); places are left out;
* each (article, entity) pair with a mention -> ``Documentation`` (document <-> entity, role
  "mentioned"): the proof link from an entity to the articles that name it;
* each fused event (when the store keeps them: ``store.fused_events``) -> ``Event`` with
  ``involved`` (its resolved actors and recipients), ``date``, ``proof`` (its articles) and the
  sanctions flags on its evidence in ``notes``;
* each screening hit of a resolved actor -> ``Sanction`` (entity, authority, program,
  ``unscId``/``authorityId`` = the list reference, listingDate) whose ``summary`` says it is a
  possible match from name screening, not a designation wirewatch verified.

Ids are stable: a prefix plus the store's own content-hash ids (articles, entities) or a hash of
what the entity links (Documentation, Sanction), so re-exporting gives the same ids. Countries
are FtM's lowercase ISO 3166 alpha-2, languages ISO 639-3, dates ``YYYY-MM-DD``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import IO, Any

from wirewatch.sanctions.regimes import load_regimes

PREFIX = "ww"
# actor-code sectors that make an organisation a public body (CAMEO-style, see docs/entities.md)
PUBLIC_SECTORS = ("GOV", "MIL", "JUD", "LEG", "SPY", "COP", "PTY")
_LIST_AUTHORITY = {"un": "UN Security Council", "ofac": "US Treasury OFAC", "opensanctions": "OpenSanctions"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _id(kind: str, *parts: str) -> str:
    if len(parts) == 1 and re.fullmatch(r"[0-9a-zA-Z]+", parts[0] or ""):
        return f"{PREFIX}-{kind}-{parts[0]}"
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return f"{PREFIX}-{kind}-{digest}"


def _iso2(iso3: str | None) -> str | None:
    if not iso3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3.upper())
    return country.alpha_2.lower() if country else None


def _lang3(code: str | None) -> str | None:
    if not code:
        return None
    import pycountry

    lang = pycountry.languages.get(alpha_2=code.lower()) if len(code) == 2 else None
    return lang.alpha_3 if lang is not None else None


def _day(value: str | None) -> str | None:
    text = (value or "")[:10]
    return text if _DATE.match(text) else None


def _entity(id_: str, schema: str, props: dict[str, Iterable[Any]]) -> dict[str, Any]:
    """An FtM entity with empty values dropped and each property a de-duplicated list of strings."""
    clean: dict[str, list[str]] = {}
    for name, values in props.items():
        vals = [str(v) for v in dict.fromkeys(values) if v not in (None, "")]
        if vals:
            clean[name] = vals
    return {"id": id_, "schema": schema, "properties": clean}


def actor_schema(entity: Any) -> str | None:
    """FtM schema for an entity of the store, None for those not exported (places)."""
    if entity.type == "person":
        return "Person"
    if entity.type == "country":
        return "PublicBody"
    if entity.type == "organisation":
        sector = entity.sector or ""
        return "PublicBody" if any(s in sector for s in PUBLIC_SECTORS) else "Organization"
    if entity.type == "group":
        return "Organization"
    return None


def _names(entity: Any) -> list[str]:
    # descriptions ("the Russian defence minister") are aliases in the entity layer, not names
    return [a for a in entity.aliases if a and not a[0].islower()]


def entity_record(entity: Any) -> dict[str, Any] | None:
    schema = actor_schema(entity)
    if schema is None:
        return None
    iso2 = _iso2(entity.country)
    props: dict[str, Iterable[Any]] = {"name": [entity.name], "alias": _names(entity)}
    if entity.code:
        props["keywords"] = [entity.code]
    if schema == "Person":
        props["nationality"] = [iso2]
        props["position"] = [entity.role]
    elif entity.type == "country":
        props["jurisdiction"] = [iso2]
        props["topics"] = ["gov.national"]
    else:
        props["jurisdiction" if schema == "PublicBody" else "country"] = [iso2]
        if entity.sector == "IGO":
            props["topics"] = ["gov.igo"]
    return _entity(_id("entity", entity.id), schema, props)


def article_record(article: Any, *, with_text: bool = False) -> dict[str, Any]:
    props: dict[str, Iterable[Any]] = {
        "title": [article.title], "publishedAt": [_day(article.published)], "sourceUrl": [article.url],
        "publisher": [article.source], "author": [article.author], "language": [_lang3(article.language)],
    }
    if with_text:
        props["bodyText"] = [article.text]
    return _entity(_id("article", article.id), "Article", props)


def _flag_notes(store: Any) -> dict[str, list[str]]:
    """Event id -> "status: basis" of the sanctions flags on it."""
    out: dict[str, list[str]] = {}
    get = getattr(store, "sanction_flags", None)
    for flag in get() if get is not None else []:
        out.setdefault(flag.event_id, []).append(f"Sanctions flag ({flag.status}): {flag.basis}")
    return out


def event_record(fused: Any, exported: set[str], notes: dict[str, list[str]]) -> dict[str, Any]:
    parties = [*getattr(fused, "actors", []), *getattr(fused, "recipients", [])]
    evidence = list(getattr(fused, "evidence", []) or [])
    articles = list(getattr(fused, "articles", []) or []) or [e.evidence.article_id for e in evidence]
    involved = [_id("entity", p.entity_id) for p in parties if getattr(p, "entity_id", None)]
    label = fused.label if hasattr(fused, "label") else f"{fused.type} event"
    props: dict[str, Iterable[Any]] = {
        "name": [label],
        "date": [_day(getattr(fused, "date", None))],
        "involved": [i for i in involved if i in exported],
        "proof": [_id("article", a) for a in articles],
        "location": [getattr(fused, "location", None)],
        "keywords": [fused.type, getattr(fused, "mode", None), getattr(fused, "modality", None)],
        "notes": [n for e in evidence for n in notes.get(e.id, [])],
    }
    return _entity(_id("event", fused.id), "Event", props)


def sanction_record(hit: Any, party: Any | None) -> dict[str, Any]:
    regimes = load_regimes()
    authorities = [regimes[r].authority for r in hit.regimes if r in regimes] or [_LIST_AUTHORITY.get(hit.source, hit.source)]
    programs = [*(party.programmes if party else []), *(regimes[r].name for r in hit.regimes if r in regimes)]
    props: dict[str, Iterable[Any]] = {
        "entity": [_id("entity", hit.entity_id)],
        "authority": authorities,
        "program": programs,
        "unscId" if hit.source == "un" else "authorityId": [hit.list_ref],
        "listingDate": [_day(party.listed_on) if party else None],
        "summary": [f"Possible match from wirewatch name screening (score {hit.score:.2f}): '{hit.screened_name}' "
                    f"~ listed '{hit.party_name}' ({hit.list_ref}); {hit.reason}. Not verified: check the listed entry."],
    }
    return _entity(_id("sanction", hit.entity_id, hit.source, hit.list_ref), "Sanction", props)


def export_ftm(store: Any, out: IO[str], *, with_text: bool = False) -> dict[str, Any]:
    """Write the store as FtM JSON lines to ``out``. Returns counts per schema and what was left out."""
    counts: Counter[str] = Counter()
    skipped: dict[str, Any] = {}

    def emit(record: dict[str, Any]) -> None:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        counts[record["schema"]] += 1

    article_ids: set[str] = set()
    for article in store.iter_articles(order="ingested"):
        article_ids.add(article.id)
        emit(article_record(article, with_text=with_text))
    exported: set[str] = set()
    places = 0
    for entity in store.entities() if hasattr(store, "entities") else []:
        record = entity_record(entity)
        if record is None:
            places += 1
            continue
        exported.add(record["id"])
        emit(record)
    if places:
        skipped["places"] = f"{places} location entities (no FtM schema fits a place named in the news)"
    if hasattr(store, "mentions"):
        pairs: dict[tuple[str, str], list[str]] = {}
        for m in store.mentions():
            if m.article_id in article_ids and _id("entity", m.entity_id) in exported:
                pairs.setdefault((m.article_id, m.entity_id), []).append(m.text)
        for (aid, eid), texts in sorted(pairs.items()):
            forms = ", ".join(f"'{t}'" for t in dict.fromkeys(texts))
            emit(_entity(_id("doc", aid, eid), "Documentation", {
                "document": [_id("article", aid)], "entity": [_id("entity", eid)], "role": ["mentioned"],
                "summary": [f"named as {forms} ({len(texts)} mention{'s' if len(texts) != 1 else ''})"],
            }))
    fused_events = getattr(store, "fused_events", None)
    if fused_events is None:
        skipped["events"] = "the store keeps no fused events (run the events stage)"
    else:
        notes = _flag_notes(store)
        for fused in fused_events():
            emit(event_record(fused, exported, notes))
    if hasattr(store, "entity_hits"):
        parties = {(p.source, p.list_ref): p for p in store.listed_parties()} if hasattr(store, "listed_parties") else {}
        for hit in store.entity_hits():
            if _id("entity", hit.entity_id) in exported:
                emit(sanction_record(hit, parties.get((hit.source, hit.list_ref))))
    return {"entities": sum(counts.values()), "schemas": dict(sorted(counts.items())), "skipped": skipped}
