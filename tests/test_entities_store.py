"""The entity tables, the entities stage and the CLI, on hand-built Docs (no model needed)."""

from __future__ import annotations

import json
import re

import pytest
import spacy
from spacy.util import filter_spans
from typer.testing import CliRunner

from wirewatch import pipeline
from wirewatch.entities import stage as stage_module
from wirewatch.entities.knowledge import knowledge
from wirewatch.entities.stage import EntityStage, refresh
from wirewatch.ingest.raw import RawArticle, build_article
from wirewatch.store.entities_sql import EntityTables
from wirewatch.store.sqlite import SQLiteStore

if issubclass(SQLiteStore, EntityTables):
    Store = SQLiteStore
else:  # until the lead adds EntityTables to SQLiteStore's bases
    class Store(SQLiteStore, EntityTables):  # type: ignore[no-redef]
        pass


TEXT_A = ("Russian Defense Minister Sergei Shoigu recently visited North Korea. "
          "Russian President Vladimir Putin and North Korean leader Kim Jong-Un exchanged letters. "
          "The Biden administration is closely monitoring the situation.")
TEXT_B = ("White House spokesman John F. Kirby said talks were advancing. A visit by the Russian defence "
          "minister to Pyongyang has facilitated discussions. Kirby said Russian President Vladimir V. Putin agreed.")
# what a CoNLL model would tag in those texts (every occurrence is tagged)
TAGS = {"MISC": ["Russian", "North Korean"], "PER": ["Sergei Shoigu", "Vladimir Putin", "Kim Jong-Un", "Biden",
        "John F. Kirby", "Kirby", "Vladimir V. Putin"], "LOC": ["North Korea", "Pyongyang"], "ORG": ["White House"]}

nlp = spacy.blank("en")


def hand_docs(store, ids):
    texts = store.texts(ids)
    out = {}
    for article_id, text in texts.items():
        doc = nlp(text)
        spans = [doc.char_span(m.start(), m.end(), label=label)
                 for label, phrases in TAGS.items() for p in phrases
                 for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
        doc.ents = filter_spans([s for s in spans if s is not None])
        out[article_id] = doc
    return out


@pytest.fixture
def estore(tmp_path):
    s = Store(tmp_path / "e.db")
    for n, text in enumerate((TEXT_A, TEXT_B)):
        s.add_article(build_article(RawArticle(item=f"t{n}", text=text, url=f"https://n.example/{n}")))
    yield s
    s.close()


def ids(store):
    return [a.id for a in store.iter_articles(order="ingested")]


def test_migration_is_datasette_friendly(estore):
    tables = {r[0] for r in estore.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"entities", "entity_aliases", "mentions", "merge_decisions", "entity_candidates"} <= tables
    fks = {r["table"] for r in estore.conn.execute("PRAGMA foreign_key_list(mentions)")}
    assert fks == {"articles", "entities"}
    cols = {r["name"] for r in estore.conn.execute("PRAGMA table_info(entities)")}
    assert "name" in cols  # Datasette's label column for foreign keys


def test_stage_round_trip_through_the_store(estore):
    stage = EntityStage(docs_provider=hand_docs)
    pipeline.run_stages(estore, [stage])
    res = stage.last
    assert [e.to_dict() for e in estore.entities()] == [e.to_dict() for e in res.entities]
    assert sorted((m.article_id, m.start) for m in estore.mentions()) == sorted((m.article_id, m.start) for m in res.mentions)
    assert estore.mentions()[0] in res.mentions
    assert {d.to_dict()["reason"] for d in estore.merge_decisions()} == {d.reason for d in res.decisions}
    shoigu = estore.find_entities("Sergei Shoigu")[0]
    assert (shoigu.code, shoigu.role, shoigu.article_count) == ("RUSGOVMIL", "defense minister", 2)
    assert estore.find_entities("the russian defence minister") == [shoigu]  # an alias, any case
    assert estore.find_entities(shoigu.id[:6]) == [shoigu]
    (d,) = [d for d in estore.merge_decisions(entity_id=shoigu.id) if d.rule == "description→person"]
    assert "Sergei Shoigu" in d.reason and d.article_id == ids(estore)[1]
    kirby = estore.find_entities("Kirby")[0]
    assert (kirby.name, kirby.code) == ("John F. Kirby", "USAGOV")
    # reprocessing replaces the output: nothing doubles
    before = (len(estore.entities()), len(estore.mentions()), len(estore.merge_decisions()))
    with estore.transaction():
        stage(estore, ids(estore))
    assert (len(estore.entities()), len(estore.mentions()), len(estore.merge_decisions())) == before


def test_filters_by_type_and_articles(estore):
    pipeline.run_stages(estore, [EntityStage(docs_provider=hand_docs)])
    people = estore.entities(type="person")
    assert {e.name for e in people} == {"Sergei Shoigu", "Vladimir Putin", "Kim Jong-Un", "John F. Kirby"}
    first = estore.entities(article_ids=ids(estore)[:1])
    by_name = {e.name: e for e in first}
    assert "John F. Kirby" not in by_name and by_name["Vladimir Putin"].article_count == 1
    assert by_name["Vladimir Putin"].mention_count == 1
    assert estore.entities(type="organisation")[0].name == "Biden administration"
    with pytest.raises(Exception, match="unknown entity type"):
        estore.entities(type="ship")


def test_a_story_scope_replaces_only_its_articles(estore):
    pipeline.run_stages(estore, [EntityStage(docs_provider=hand_docs)])
    a, b = ids(estore)
    n_mentions = len(estore.mentions())
    scoped = EntityStage(docs_provider=hand_docs, scope=lambda store: [b])
    with estore.transaction():
        scoped(estore, [])
    assert len(estore.mentions()) == n_mentions
    # resolved alone, article b cannot know Shoigu: its description stays an unnamed minister
    unnamed = estore.find_entities("Russian defense minister")
    assert unnamed and unnamed[0].article_count == 1
    assert estore.find_entities("Sergei Shoigu")[0].article_count == 1


def test_changed_data_files_make_candidates_stale(estore, monkeypatch):
    pipeline.run_stages(estore, [EntityStage(docs_provider=hand_docs)])
    assert estore.stale_entity_candidates(knowledge().fingerprint) == []
    monkeypatch.setattr(knowledge(), "fingerprint", "test-changed")
    assert sorted(estore.stale_entity_candidates("test-changed")) == sorted(ids(estore))
    assert refresh(estore, EntityStage(docs_provider=hand_docs)) is True
    assert estore.stale_entity_candidates("test-changed") == []
    assert refresh(estore, EntityStage(docs_provider=hand_docs)) is False


def test_one_failing_article_does_not_stop_the_batch(estore, monkeypatch):
    real = stage_module.extract
    bad = ids(estore)[0]

    def flaky(doc, article_id):
        if article_id == bad:
            raise ValueError("boom")
        return real(doc, article_id)

    monkeypatch.setattr(stage_module, "extract", flaky)
    pipeline.run_stages(estore, [EntityStage(docs_provider=hand_docs)])
    assert estore.find_entities("John F. Kirby")
    assert [e.item for e in estore.ingest_errors()] == [f"entities:{bad}"]


def test_cli(estore, tmp_path):
    from wirewatch.cli import app

    pipeline.run_stages(estore, [EntityStage(docs_provider=hand_docs)])
    for st in pipeline.default_stages():  # nothing pending: the CLI must not need the model here
        estore.mark_done(st.name, ids(estore))
    runner = CliRunner()
    db = str(tmp_path / "e.db")
    res = runner.invoke(app, ["entities", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {"Russia", "North Korea", "Sergei Shoigu"} <= {r["name"] for r in rows}
    assert {"id", "name", "type", "code", "role", "aliases", "mention_count", "article_count"} <= set(rows[0])
    res = runner.invoke(app, ["entities", "--db", db, "--type", "person", "--article", ids(estore)[1][:8]])
    assert res.exit_code == 0 and "Kirby" in res.stdout and "Biden" not in res.stdout
    res = runner.invoke(app, ["entity", "the Russian defence minister", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["name"] == "Sergei Shoigu" and len(data["mentions"]) == 2
    assert data["decisions"][0]["rule"] == "description→person"
    res = runner.invoke(app, ["entity", "Sergei Shoigu", "--db", db])
    assert res.exit_code == 0 and "description→person" in res.stdout and "[the Russian defence minister]" in res.stdout
    assert runner.invoke(app, ["entity", "Nobody Atall", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["entities", "--db", db, "--type", "ship"]).exit_code == 2
    for command in ("entities", "entity"):
        assert "Example:" in runner.invoke(app, [command, "--help"]).stdout
