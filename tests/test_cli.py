"""End to end through the CLI: the sample corpus and the founding seeds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, WIRE, write
from wirewatch.cli import app

runner = CliRunner()


def cli(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env or {})


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("corpus") / "c.db"
    res = cli("ingest", CORPUS, "--db", db)
    assert res.exit_code == 0, res.output
    return db


@pytest.fixture(scope="module")
def labels():
    return json.loads((CORPUS / "labels.json").read_text())


def stored_by_label_key(db):
    rows = json.loads(cli("articles", "--db", db, "--json").stdout)
    by_key = {}
    for r in rows:
        by_key[r["path"]] = r
    return rows, by_key


def label_key(entry):
    return entry["url"] or str(CORPUS / entry["file"])


def test_articles_json_shape(corpus_db, labels):
    rows, _ = stored_by_label_key(corpus_db)
    assert len(rows) == len(labels["articles"])
    assert set(rows[0]) == {"id", "source", "path", "title", "published", "published_from", "language", "copy_group"}
    assert all(r["published"] for r in rows), "every sample article has a date"
    assert all(r["language"] == "en" for r in rows)


def test_copy_groups_match_labels(corpus_db, labels):
    _, by_key = stored_by_label_key(corpus_db)
    group_of = {label_key(e): e["copy_group"] for e in labels["articles"]}
    stored_group = {k: by_key[k]["copy_group"] for k in group_of}
    for a in group_of:
        for b in group_of:
            same_label = group_of[a] == group_of[b]
            assert (stored_group[a] == stored_group[b]) == same_label, (a, b)


def test_labelled_dup_pairs_found_with_their_kind(corpus_db, labels):
    _, by_key = stored_by_label_key(corpus_db)
    rels = json.loads(cli("dupes", "--db", corpus_db, "--json").stdout)
    assert rels and set(rels[0]) == {"a", "b", "kind", "score"}
    found = {(r["a"], r["b"]): r for r in rels}

    def key(ref):
        return ref if ref.startswith("http") else str(CORPUS / ref)

    for pair in labels["dup_pairs"]:
        a, b = by_key[key(pair["a"])]["id"], by_key[key(pair["b"])]["id"]
        rel = found.get((a, b)) or found.get((b, a))
        assert rel is not None, pair
        assert rel["kind"] == pair["kind"], (pair, rel)
        if pair["kind"] == "contains":
            assert (rel["a"], rel["b"]) == (a, b), "contains: a contains b"
    group_of = {by_key[label_key(e)]["id"]: e["copy_group"] for e in labels["articles"]}
    for r in rels:
        if r["kind"] != "overlap":
            assert group_of[r["a"]] == group_of[r["b"]], f"false duplicate {r}"


def test_reingest_is_idempotent(corpus_db):
    res = cli("ingest", CORPUS, "--db", corpus_db, "--json")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["added"] == 0 and json.loads(res.stdout)["existing"] == 32


def test_show(corpus_db):
    rows, _ = stored_by_label_key(corpus_db)
    target = next(r for r in rows if r["copy_group"] and r["copy_group"] != r["id"])
    res = cli("show", target["id"][:8], "--db", corpus_db, "--json")
    data = json.loads(res.stdout)
    assert data["id"] == target["id"] and data["duplicates"]
    res = cli("show", target["id"][:8], "--db", corpus_db)
    assert res.exit_code == 0 and target["title"] in res.stdout
    assert cli("show", "ffffffffff", "--db", corpus_db).exit_code == 1


def test_run_writes_a_briefing(tmp_path):
    out = tmp_path / "out"
    res = cli("run", CORPUS, "--db", tmp_path / "r.db", "--out", out)
    assert res.exit_code == 0, res.output
    html = (out / "index.html").read_text()
    assert "<h2>Stories</h2>" in html and "Northwire" in html
    assert (out / "briefing.md").read_text().startswith("# wirewatch situation briefing")
    data = json.loads((out / "briefing.json").read_text())
    assert data["n_articles"] == 32 and data["n_copy_groups"] < 32
    assert sum(s["n_articles"] for s in data["stories"]) == 32, "every article is in one story"
    for story in data["stories"]:
        page = (out / "stories" / f"{story['id']}.html").read_text()
        assert "Key points" in page and "Sources (" in page
        assert story["key_points"], story["id"]
        for point in story["key_points"] + story["latest"]:
            assert point["citation"]["article_id"] and point["citation"]["source"], "never an uncited line"
        for src in story["sources"]:
            assert src["citation"]["article_id"]


def test_run_refuses_an_output_folder_it_cannot_make_before_reading_anything(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    res = cli("run", CORPUS, "--db", tmp_path / "r.db", "--out", tmp_path / "taken")
    assert res.exit_code == 2 and "cannot create output folder" in res.stderr
    assert not (tmp_path / "r.db").exists(), "nothing was read or stored"


def test_html_escapes_article_text(tmp_path):
    write(tmp_path / "in" / "x.txt", "Title: <script>alert(1)</script> Kim & Putin\n\n" + WIRE)
    res = cli("run", tmp_path / "in", "--db", tmp_path / "x.db", "--out", tmp_path / "out")
    assert res.exit_code == 0
    html = (tmp_path / "out" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Kim &amp; Putin" in html


def test_rejected_input_exit_code_1_and_the_rest_stored(tmp_path):
    write(tmp_path / "in" / "good.txt", WIRE)
    write(tmp_path / "in" / "bad.txt", b"\x00\x00binary")
    res = cli("ingest", tmp_path / "in", "--db", tmp_path / "x.db")
    assert res.exit_code == 1
    assert "bad.txt" in res.stderr and "binary" in res.stderr
    assert len(json.loads(cli("articles", "--db", tmp_path / "x.db", "--json").stdout)) == 1
    errs = json.loads(cli("errors", "--db", tmp_path / "x.db", "--json").stdout)
    assert errs[0]["item"].endswith("bad.txt")


def test_config_errors_exit_2(tmp_path):
    res = cli("ingest", WIRE[:10], "--db", tmp_path / "x.db", env={"WIREWATCH_MAX_BYTES": "lots"})
    assert res.exit_code == 2 and "WIREWATCH_MAX_BYTES" in res.stderr
    res = cli("articles", "--db", tmp_path / "missing" / "x.db")
    assert res.exit_code == 2 and "does not exist" in res.stderr


def test_writing_commands_make_the_store_folder(tmp_path):
    write(tmp_path / "in" / "a.txt", WIRE)
    res = cli("ingest", tmp_path / "in", "--db", tmp_path / "new" / "deeper" / "x.db")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "new" / "deeper" / "x.db").is_file()
    assert len(json.loads(cli("articles", "--db", tmp_path / "new" / "deeper" / "x.db", "--json").stdout)) == 1


def test_db_from_environment(tmp_path):
    write(tmp_path / "in" / "a.txt", WIRE)
    db = tmp_path / "env.db"
    assert cli("ingest", tmp_path / "in", env={"WIREWATCH_DB": str(db)}).exit_code == 0
    assert db.exists()


def test_seeds_end_to_end(seeds, tmp_path):
    db = tmp_path / "seeds.db"
    res = cli("ingest", seeds, "--db", db)
    assert res.exit_code == 0, res.output
    rows = json.loads(cli("articles", "--db", db, "--json").stdout)
    assert len(rows) == 2
    first = next(r for r in rows if r["path"].endswith("000_c2c99fcf4e819267.txt"))
    second = next(r for r in rows if r["path"].endswith("004_f94fe9c60a33a65b.txt"))
    assert first["published"] == "2023-11-14" and first["published_from"] == "text"
    shown = json.loads(cli("show", second["id"], "--db", db, "--json").stdout)
    assert any("Image is licensed under" in b for b in shown["boilerplate"])
    assert "Image is licensed" not in shown["text"]
    assert not shown["text"].startswith(" date")
    assert json.loads(cli("dupes", "--db", db, "--json").stdout) == []
    assert first["copy_group"] != second["copy_group"]
