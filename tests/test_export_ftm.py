"""FollowTheMoney export: entity shapes checked against FtM's schema rules, stable ids, the CLI.

followthemoney itself is not a dependency (it pulls ICU bindings that need a compiler), so the
rules the export relies on are written out below from followthemoney/schema/*.yaml (4.11):
which properties each schema has (its own and inherited ones), which are required, and what
an entity-valued property may point at. When followthemoney is installed the test also
validates every entity with it.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.entities.records import Entity, Mention, entity_id
from wirewatch.events.records import ActorRef, Event, Evidence
from wirewatch.export.ftm import export_ftm
from wirewatch.ingest.raw import RawArticle, build_article
from wirewatch.sanctions.loaders import load_list
from wirewatch.sanctions.stage import flag_articles, screen_entities
from wirewatch.store import open_store

FIX = Path(__file__).parent / "fixtures" / "sanctions"
runner = CliRunner()

THING = {"name", "alias", "country", "summary", "notes", "description", "sourceUrl", "publisher", "keywords",
         "topics", "program", "proof", "createdAt", "modifiedAt", "retrievedAt", "weakAlias", "previousName"}
LEGAL = THING | {"jurisdiction", "mainCountry", "sector", "classification", "status", "legalForm"}
INTERVAL = {"startDate", "endDate", "date", "summary", "description", "recordId", "sourceUrl", "proof", "publisher"}
# schema -> (allowed properties used by wirewatch, required properties, entity-valued property -> allowed targets)
RULES = {
    "Article": (THING | {"title", "author", "publishedAt", "language", "bodyText", "date", "fileName"}, set(), {}),
    "Person": (LEGAL | {"nationality", "position", "birthDate", "citizenship"}, {"name"}, {}),
    "Organization": (LEGAL, {"name"}, {}),
    "PublicBody": (LEGAL, {"name"}, {}),
    "Documentation": (INTERVAL | {"document", "entity", "role", "status"}, {"document", "entity"},
                      {"document": {"Article"}, "entity": {"Person", "Organization", "PublicBody"}}),
    "Event": (INTERVAL | THING | {"location", "involved", "organizer", "important"}, {"name"},
              {"involved": {"Person", "Organization", "PublicBody"}, "proof": {"Article"}}),
    "Sanction": (INTERVAL | {"entity", "authority", "authorityId", "unscId", "program", "programId", "programUrl",
                             "provisions", "status", "reason", "country", "listingDate"}, {"entity"},
                 {"entity": {"Person", "Organization", "PublicBody"}}),
}
FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")  # followthemoney/types/entity.py
TEXT = "North Korea would supply Russia with shells, said Pak Chol-su of the Korean People's Army in Pyongyang."


def _ent(name, type_, country=None, sector=None, aliases=()):
    return Entity(id=entity_id(name.lower(), type_), name=name, type=type_, country=country, sector=sector,
                  aliases=list(aliases), role="trader" if type_ == "person" else None)


ENTS = [_ent("North Korea", "country", "PRK", aliases=["North Korean"]), _ent("Russia", "country", "RUS"),
        _ent("Pak Chol-su", "person", "PRK", aliases=["the trader"]),
        _ent("Korean People's Army", "organisation", "PRK", "MIL"), _ent("Pyongyang", "location", "PRK")]


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "x.db")
    load = load_list(FIX / "un_small.xml")
    s.replace_list("un", load.path, load.parties)
    art = build_article(RawArticle(item="t", text=TEXT, url="https://news.example/a", title="Shells",
                                   source="Example Wire", published="2023-11-14", language="en"))
    s.add_article(art)
    mentions = [Mention(art.id, 0, TEXT.index(e.name), TEXT.index(e.name) + len(e.name), e.name, "GAZ", e.id, e.code)
                for e in ENTS]
    s.replace_entities(ENTS, mentions, [])
    screen_entities(s)
    prk, rus = ENTS[0], ENTS[1]
    event = Event(type="AID", mode="military", contexts=["military"], modality="hypothetical", date="2023-11-14",
                  actors=[ActorRef("North Korea", 0, 11, entity_id=prk.id, code="PRK")],
                  recipients=[ActorRef("Russia", 30, 36, entity_id=rus.id, code="RUS")],
                  evidence=Evidence(art.id, 0, 0, len(TEXT)))
    if hasattr(s, "replace_fused_events"):
        from wirewatch.events.fusion import fuse

        s.replace_article_events([art.id], [event], [])
        s.replace_fused_events(fuse([event], {art.id: (None, "2023-11-14")}))
    flag_articles(s, [art.id], events_provider=lambda st, ids: [event])
    yield s
    s.close()


def _export(store):
    out = io.StringIO()
    summary = export_ftm(store, out)
    return summary, [json.loads(line) for line in out.getvalue().splitlines()]


def test_entities_follow_the_ftm_schema_rules(store):
    summary, ents = _export(store)
    ids = {e["id"]: e["schema"] for e in ents}
    assert len(ids) == len(ents), "ids are unique"
    for e in ents:
        allowed, required, ranges = RULES[e["schema"]]
        assert FTM_ID.match(e["id"]) and len(e["id"]) <= 200, e["id"]
        assert set(e["properties"]) <= allowed, (e["schema"], set(e["properties"]) - allowed)
        assert required <= set(e["properties"]), (e["schema"], required)
        for prop, values in e["properties"].items():
            assert values and all(isinstance(v, str) and v for v in values), (e["schema"], prop)
            for target in values if prop in ranges else []:
                assert ids.get(target) in ranges[prop], (e["schema"], prop, target)
    assert summary["schemas"]["Sanction"] == 1 and "places" in summary["skipped"]


def test_shapes_of_each_kind(store):
    _, ents = _export(store)
    by_schema: dict[str, list[dict]] = {}
    for e in ents:
        by_schema.setdefault(e["schema"], []).append(e["properties"])
    (article,) = by_schema["Article"]
    assert article == {"title": ["Shells"], "publishedAt": ["2023-11-14"], "sourceUrl": ["https://news.example/a"],
                       "publisher": ["Example Wire"], "language": ["eng"]}
    (person,) = by_schema["Person"]
    assert person["name"] == ["Pak Chol-su"] and person["nationality"] == ["kp"] and "alias" not in person
    states = {p["name"][0]: p for p in by_schema["PublicBody"]}
    assert states["North Korea"]["jurisdiction"] == ["kp"] and states["North Korea"]["topics"] == ["gov.national"]
    assert states["Korean People's Army"]["keywords"] == ["PRKMIL"], "a military organisation is a public body"
    assert "Pyongyang" not in json.dumps(by_schema["PublicBody"]), "places are left out"
    (sanction,) = by_schema["Sanction"]
    assert sanction["unscId"] == ["KPi.901"] and sanction["authority"] == ["UN Security Council"]
    assert sanction["listingDate"] == ["2017-08-05"] and "Possible match" in sanction["summary"][0]
    assert len(by_schema["Documentation"]) == 4 and all(d["role"] == ["mentioned"] for d in by_schema["Documentation"])
    if "Event" in by_schema:
        (event,) = by_schema["Event"]
        assert len(event["involved"]) == 2 and event["date"] == ["2023-11-14"]
        assert any("UN 1718 arms embargo" in n for n in event["notes"]), "the sanctions flag travels with the event"


def test_ids_are_stable_across_exports(store):
    assert _export(store)[1] == _export(store)[1]


def test_validates_with_followthemoney_when_installed(store):
    ftm = pytest.importorskip("followthemoney")
    _, ents = _export(store)
    for e in ents:
        proxy = ftm.model.get_proxy(e, cleaned=False)
        proxy.schema.validate(e)
        assert proxy.id == e["id"]


def test_cli_export(store, tmp_path):
    db = store.path
    out = tmp_path / "x.ftm.json"
    res = runner.invoke(app, ["export", "--format", "ftm", "--out", str(out), "--db", db], env={})
    assert res.exit_code == 0, res.output
    assert "FtM entities" in res.stderr and len(out.read_text().splitlines()) >= 8
    res = runner.invoke(app, ["export", "--format", "csv", "--db", db], env={})
    assert res.exit_code == 2 and "ftm, plover" in res.output
    res = runner.invoke(app, ["export", "--format", "plover", "--db", db], env={})
    assert res.exit_code == 0, res.output
