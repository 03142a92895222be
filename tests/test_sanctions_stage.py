"""Screening of resolved actors, stored flags, the flag stage, the Sanctions briefing section, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch import pipeline
from wirewatch.cli import app
from wirewatch.entities.records import Entity, Mention, entity_id
from wirewatch.events.records import ActorRef, Event, Evidence
from wirewatch.ingest.raw import RawArticle, build_article
from wirewatch.sanctions.loaders import load_list
from wirewatch.sanctions.records import ListedParty
from wirewatch.sanctions.stage import SanctionFlagStage, ScreeningStage, flag_articles, screen_entities
from wirewatch.store import open_store

FIX = Path(__file__).parent / "fixtures" / "sanctions"
TEXT = ("Pak Chol-su, a trader, said North Korea would supply Russia with <shells> next month. "
        "Songbong Machinery Trading Corporation arranged the shipment.")
runner = CliRunner()


def _ent(name, type_, country=None, sector=None, aliases=()):
    return Entity(id=entity_id(name.lower(), type_), name=name, type=type_, country=country, sector=sector,
                  aliases=list(aliases), mention_count=1, article_count=1)


PAK = _ent("Pak Chol-su", "person", "PRK", aliases=["Pak", "the trader"])
SONGBONG = _ent("Songbong Machinery Trading Corporation", "organisation", "PRK", "BUS")
SMITH = _ent("John Smith", "person", "GBR")
PRK, RUS = _ent("North Korea", "country", "PRK"), _ent("Russia", "country", "RUS")
ALL = [PAK, SONGBONG, SMITH, PRK, RUS]


def _mention(article, ent, text):
    start = article.text.index(text)
    return Mention(article.id, 0, start, start + len(text), text, "GAZ", ent.id, ent.code)


@pytest.fixture
def db(tmp_path):
    """A store with the fixture UN list, one article, resolved entities, every pipeline stage marked done."""
    path = tmp_path / "s.db"
    store = open_store(path)
    load = load_list(FIX / "un_small.xml")
    store.replace_list("un", load.path, load.parties)
    art = build_article(RawArticle(item="t", text=TEXT, url="https://news.example/1", title="Arms <deal>",
                                   source="Example Wire", published="2023-11-14"))
    store.add_article(art)
    mentions = [_mention(art, e, t) for e, t in ((PAK, "Pak Chol-su"), (PRK, "North Korea"), (RUS, "Russia"),
                                                 (SONGBONG, "Songbong Machinery Trading Corporation"))]
    store.replace_entities(ALL, mentions, [])
    for stage in [s.name for s in pipeline.default_stages()] + ["sanction_flags"]:
        store.mark_done(stage, [art.id])
    store.close()
    return path


@pytest.fixture
def store(db):
    s = open_store(db)
    yield s
    s.close()


def _event(store, *, modality="planned"):
    art = next(store.iter_articles())
    s = art.text.index("North Korea")
    r = art.text.index("Russia")
    return Event(type="AID", mode="military", contexts=["military"], modality=modality,
                 actors=[ActorRef("North Korea", s, s + 11, code="PRK")], recipients=[ActorRef("Russia", r, r + 6, code="RUS")],
                 evidence=Evidence(art.id, 0, 0, art.text.index("month.") + 6))


def test_listed_names_among_resolved_actors_are_hits(store):
    run = screen_entities(store)
    assert (run.entities, run.skipped) == (3, None), "persons and organisations; countries are not screened"
    assert run.names == 3, "descriptions and one-word aliases of people are not screened"
    hits = {h.entity_name: h for h in store.entity_hits()}
    assert set(hits) == {"Pak Chol-su", "Songbong Machinery Trading Corporation"}
    pak = hits["Pak Chol-su"]
    assert (pak.list_ref, pak.source, pak.regimes, pak.entity_id) == ("KPi.901", "un", ["un-1718"], PAK.id)
    assert pak.score >= 0.88 and "nationality PRK matches" in pak.reason
    assert hits["Songbong Machinery Trading Corporation"].list_ref == "KPe.901"
    assert store.entity_hits([SMITH.id]) == []


def test_unchanged_lists_and_names_are_not_screened_again(store):
    first = screen_entities(store)
    again = screen_entities(store)
    assert again.skipped and again.hits == first.hits == 2
    extra = ListedParty(list_ref="KPi.902", source="un", kind="person", name="SMITH JOHN", regimes=["un-1718"])
    store.replace_list("un", "x.xml", [*load_list(FIX / "un_small.xml").parties, extra])
    assert screen_entities(store).skipped is None, "a new list version is screened"
    assert {h.entity_name for h in store.entity_hits()} >= {"John Smith"}


def test_no_list_loaded_is_nothing_to_do(tmp_path):
    s = open_store(tmp_path / "empty.db")
    s.replace_entities([PAK], [], [])
    stage = ScreeningStage()
    stage(s, [])
    assert stage.last.skipped == "no sanctions list is loaded" and s.entity_hits() == []
    s.close()


def test_screening_stage_runs_in_the_pipeline(store):
    art = next(store.iter_articles())
    store.conn.execute("DELETE FROM stage_runs WHERE stage = 'screening'")
    stage = ScreeningStage()
    assert pipeline.run_stages(store, [stage]) == {"screening": 1}
    assert stage.last.hits == 2 and store.pending("screening") == [] and art.id


def test_flags_round_trip_and_replace_per_article(store):
    flags = flag_articles(store, [next(store.iter_articles()).id], events_provider=lambda s, ids: [_event(s)])
    assert [f.status for f in flags] == ["potential violation"]
    assert store.sanction_flags() == flags
    art_id = flags[0].article_id
    flag_articles(store, [art_id], events_provider=lambda s, ids: [_event(s, modality="negated")])
    assert store.sanction_flags([art_id]) == [], "re-flagging drops findings that no longer hold"


def test_flag_stage_links_actors_to_listed_entities(store):
    screen_entities(store)
    art = next(store.iter_articles())
    s = art.text.index("Songbong")
    event = _event(store)
    event.actors = [ActorRef("Songbong Machinery Trading Corporation", s, s + 38)]
    stage = SanctionFlagStage(events_provider=lambda st, ids: [_event(st), event])
    stage(store, [art.id])
    kinds = sorted((f.kind, f.status, f.list_ref or "") for f in store.sanction_flags([art.id]))
    assert ("listed_party", "listed party involved", "KPe.901") in kinds
    assert ("measure", "potential violation", "") in kinds
    listed = next(f for f in stage.last if f.kind == "listed_party")
    assert listed.entity_id == SONGBONG.id


def test_briefing_section_is_escaped_and_cited(store):
    from wirewatch.sanctions.briefing import sanctions

    art = next(store.iter_articles())
    assert sanctions(store, None, [art]) is None, "no hits, no flags: the section disappears"
    screen_entities(store)
    flag_articles(store, [art.id], events_provider=lambda s, ids: [_event(s), _event(s, modality="denied")])
    sec = sanctions(store, type("R", (), {"id": "story1"})(), [art])
    assert sec is not None and sec.id == "sanctions" and sec.title == "Sanctions"
    html = str(sec.html)
    assert "&lt;shells&gt;" in html and "<shells>" not in html, "article text is escaped"
    assert "Arms &lt;deal&gt;" in html and 'href="https://news.example/1"' in html
    assert "KPi.901" in html and "potential violation" in html and "disputed" in html
    assert "UN 1718 arms embargo" in html and "1874 (2009)" in html
    assert "KPi.901" in sec.md and "[Example Wire, 2023-11-14](https://news.example/1)" in sec.md
    assert {d["type"] for d in sec.data} == {"listed_party", "flag"} and sec.summary == ("sanctions flags", 4)


def _cli(*args):
    return runner.invoke(app, [str(a) for a in args], env={})


def test_cli_hits_and_flags(db):
    res = _cli("sanctions", "hits", "--json", "--db", db)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {h["list_ref"] for h in data["hits"]} == {"KPi.901", "KPe.901"} and data["run"]["entities"] == 3
    res = _cli("sanctions", "hits", "--db", db)
    assert res.exit_code == 0 and "KPi.901" in res.stdout

    s = open_store(db)
    flag_articles(s, [next(s.iter_articles()).id], events_provider=lambda st, ids: [_event(st)])
    s.close()
    res = _cli("sanctions", "flags", "--json", "--db", db)
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [(r["regime"], r["status"]) for r in rows] == [("un-1718", "potential violation")]
    assert rows[0]["evidence_text"].startswith("Pak Chol-su, a trader, said North Korea would supply")
    res = _cli("sanctions", "flags", "--status", "alleged violation", "--db", db)
    assert res.exit_code == 0 and "no sanctions flag" in res.stdout
    assert _cli("sanctions", "flags", "--story", "zzzz", "--db", db).exit_code == 1


def test_cli_hits_without_list_says_how_to_load(tmp_path):
    res = _cli("sanctions", "hits", "--db", tmp_path / "none.db")
    assert res.exit_code == 1 and "wirewatch sanctions load" in res.output


def test_a_state_body_is_not_the_listed_body_of_another_state(tmp_path):
    s = open_store(tmp_path / "m.db")
    ministry = ListedParty(list_ref="KPe.054", source="un", kind="organization", name="MINISTRY OF NATIONAL DEFENCE",
                           aliases=[("MINISTRY OF DEFENCE", "a.k.a.")], regimes=["un-1718"])
    s.replace_list("un", "x.xml", [ministry])
    russian = _ent("Defence Ministry", "organisation", "RUS", "GOVMIL")
    korean = _ent("Ministry of Defence", "organisation", "PRK", "GOVMIL")
    s.replace_entities([russian, korean], [], [])
    run = screen_entities(s)
    assert [h.entity_name for h in s.entity_hits()] == ["Ministry of Defence"] and run.other_state == 1
    s.close()


def test_briefing_shows_a_finding_repeated_by_copies_once_with_every_citation(store):
    from wirewatch.sanctions.briefing import sanctions

    copy = build_article(RawArticle(item="c", text=TEXT, url="https://other.example/2", title="Copy",
                                    source="Other Wire", published="2023-11-15"))
    store.add_article(copy)
    first = next(a for a in store.iter_articles() if a.id != copy.id)

    def events(st, ids):
        out = []
        for aid in ids:
            e = _event(st)
            e.evidence = Evidence(aid, 0, e.evidence.start, e.evidence.end)
            out.append(e)
        return out

    flag_articles(store, [first.id, copy.id], events_provider=events)
    sec = sanctions(store, None, [first, copy])
    html = str(sec.html)
    assert html.count('<li class="flag') == 1 and 'href="https://news.example/1"' in html and 'href="https://other.example/2"' in html
    assert sec.summary == ("sanctions flags", 1) and len(sec.data[0]["also"]) == 1


def test_loading_a_list_screens_the_resolved_actors_again(tmp_path):
    db = tmp_path / "l.db"
    s = open_store(db)
    s.replace_entities([PAK, SMITH], [], [])
    s.close()
    res = _cli("sanctions", "load", FIX / "un_small.xml", "--db", db)
    assert res.exit_code == 0 and "1 hit(s)" in res.stderr, res.output
    s = open_store(db)
    assert [h.list_ref for h in s.entity_hits()] == ["KPi.901"]
    s.close()


def test_briefing_names_every_measure_of_one_event_in_one_finding(store):
    """A missile transfer from the DPRK falls under the arms embargo and the missile-technology
    restrictions: one finding quoting the sentence once, with each measure and its basis."""
    from wirewatch.sanctions.briefing import sanctions

    text = "North Korea would supply Russia with ballistic missiles next month, a trader said."
    art = build_article(RawArticle(item="m", text=text, url="https://news.example/m", title="Missiles",
                                   source="Example Wire", published="2023-11-16"))
    store.add_article(art)
    s, r = text.index("North Korea"), text.index("Russia")
    event = Event(type="AID", mode="military", contexts=["military"], modality="planned",
                  actors=[ActorRef("North Korea", s, s + 11, code="PRK")],
                  recipients=[ActorRef("Russia", r, r + 6, code="RUS")],
                  evidence=Evidence(art.id, 0, 0, len(text)))
    flags = flag_articles(store, [art.id], events_provider=lambda st, ids: [event])
    assert {f.measure for f in flags} >= {"arms_embargo", "missile_technology"}, flags
    sec = sanctions(store, None, [art])
    html = str(sec.html)
    assert html.count('<li class="flag') == 1 and html.count("ballistic missiles next month") == 1, html
    assert "UN 1718 arms embargo; missile-technology restrictions" in html  # the finding's line
    assert html.count("<li>UN 1718 arms embargo (") == 1 and html.count("<li>UN 1718 missile-technology") == 1
    assert "2087 (2013)" in html  # the missile measure's own resolutions
    assert len([d for d in sec.data if d["type"] == "flag"]) == len(flags), "the JSON keeps one entry per measure"
    assert sec.md.count("ballistic missiles next month") == 1 and "  - UN 1718 arms embargo (" in sec.md


def test_briefing_data_holds_the_findings_shown_only(store, monkeypatch):
    """A giant story's report lists its first findings; its JSON holds those, not every flag."""
    from wirewatch.sanctions import briefing

    art = next(store.iter_articles())
    flag_articles(store, [art.id], events_provider=lambda s, ids: [_event(s), _event(s, modality="denied")])
    monkeypatch.setattr(briefing, "MAX_FLAGS", 1)
    sec = briefing.sanctions(store, type("R", (), {"id": "story1"})(), [art])
    flags = [d for d in sec.data if d["type"] == "flag"]
    assert len({d["status"] for d in flags}) == 1 and "1 more finding" in str(sec.html), flags


def test_events_read_for_flags_before_the_events_stage_are_the_events_stage_s(tmp_path):
    """A store whose events stage has not run yet: the flag stage reads the articles itself, and
    must read them as the events stage does (actors resolved to entities, the verifier applied),
    not with a lesser reader of its own."""
    from wirewatch.config import Settings
    from wirewatch.events.stage import EventStage
    from wirewatch.sanctions.stage import extracted_events

    corpus = Path(__file__).parents[1] / "examples" / "corpus" / "txt" / "northwire"
    store = open_store(tmp_path / "w.db")
    pipeline.ingest(store, [str(corpus)], Settings())
    pipeline.run_stages(store, pipeline.stages_upto("screening"))
    ids = [a.id for a in store.iter_articles(order="ingested")]

    def seen(events):
        return sorted((e.evidence.article_id, e.evidence.start, e.type, tuple((a.entity_id, a.code) for a in e.actors),
                       tuple((r.entity_id, r.code) for r in e.recipients)) for e in events)

    early = seen(extracted_events(store, ids))
    assert any(entity for event in early for side in event[3:] for entity, _ in side), "actors resolved"
    pipeline.run_stages(store, [EventStage()])
    assert early == seen(extracted_events(store, ids))  # now the events stage's stored events
    store.close()
