"""``wirewatch sanctions ...`` and ``wirewatch eval screening`` end to end (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.config import USER_AGENT
from wirewatch.sanctions import download

FIX = Path(__file__).parent / "fixtures" / "sanctions"
runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [str(a) for a in args], env={})


@pytest.fixture
def db(tmp_path):
    return tmp_path / "s.db"


@pytest.fixture
def loaded(db):
    res = cli("sanctions", "load", FIX / "un_small.xml", FIX / "ofac" / "sdn.csv", FIX / "ftm_small.json", "--db", db)
    assert res.exit_code == 0, res.output
    return db


def test_load_prints_counts(loaded, db):
    res = cli("sanctions", "list", "--versions", "--json", "--db", db)
    versions = json.loads(res.stdout)
    assert sorted((v["source"], v["entries"]) for v in versions) == [("ofac", 2), ("opensanctions", 1), ("un", 3)]


def test_load_output_names_file_and_count(db):
    res = cli("sanctions", "load", FIX / "un_small.xml", "--db", db)
    assert res.exit_code == 0 and "loaded 3 parties" in res.stdout and "un_small.xml" in res.stdout


def test_bad_file_is_rejected_others_load(db, tmp_path):
    text = (FIX / "un_small.xml").read_text()
    cli("sanctions", "load", FIX / "un_small.xml", "--db", db)
    bad = tmp_path / "consolidated.xml"
    bad.write_text(text[: len(text) // 2])
    res = cli("sanctions", "load", bad, FIX / "ftm_small.json", "--db", db)
    assert res.exit_code == 1
    assert "rejected" in res.stderr and "consolidated.xml" in res.stderr and "truncated" in res.stderr
    assert "previous version" in res.stderr
    versions = json.loads(cli("sanctions", "list", "--versions", "--json", "--db", db).stdout)
    assert [(v["source"], v["active"]) for v in versions] == [("opensanctions", True), ("un", True)]


def test_unknown_format_is_a_usage_error(db):
    res = cli("sanctions", "load", FIX / "un_small.xml", "--format", "xls", "--db", db)
    assert res.exit_code == 2 and "unknown format" in res.stderr


def test_list_by_regime_and_source(loaded):
    rows = json.loads(cli("sanctions", "list", "--regime", "1718", "--json", "--db", loaded).stdout)
    assert {r["list_ref"] for r in rows} == {"KPi.901", "KPe.901"}
    rows = json.loads(cli("sanctions", "list", "--source", "ofac", "--json", "--db", loaded).stdout)
    assert [r["list_ref"] for r in rows] == ["OFAC-101", "OFAC-102"]
    assert cli("sanctions", "list", "--regime", "9999", "--db", loaded).exit_code == 2


def test_screen_json_and_table(loaded):
    res = cli("sanctions", "screen", "Chol-su Pak", "--country", "kp", "--dob", "1966-06-15", "--json", "--db", loaded)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["hits"][0]["list_ref"] == "KPi.901" and out["hits"][0]["regimes"] == ["un-1718"]
    assert "nationality PRK matches" in out["hits"][0]["reason"]
    table = cli("sanctions", "screen", "Anton Sokolovsky", "--db", loaded)
    assert "OFAC-101" in table.stdout
    none = cli("sanctions", "screen", "Kim Min-jun", "--db", loaded)
    assert none.exit_code == 0 and "no match" in none.stdout


def test_screen_without_lists_says_how_to_load(db):
    res = cli("sanctions", "screen", "Anyone", "--db", db)
    assert res.exit_code == 1 and "no sanctions list is loaded" in res.stderr and "sanctions load" in res.stderr


def test_regimes_command():
    res = cli("sanctions", "regimes", "--json")
    ids = {r["id"] for r in json.loads(res.stdout)}
    assert {"un-1718", "un-2231", "un-1737", "us-russia-eo14024", "eu-iran-drones"} <= ids
    res = cli("sanctions", "regimes", "--country", "Iran", "--on", "2021-06-01", "--json")
    ids = {r["id"] for r in json.loads(res.stdout)}
    assert "un-2231" in ids and "un-1737" not in ids
    assert "un-1718" in cli("sanctions", "regimes", "--country", "kp").stdout


def test_every_command_has_an_example_in_help():
    for cmd in ("load", "update", "list", "regimes", "screen"):
        res = cli("sanctions", cmd, "--help")
        assert res.exit_code == 0 and "Example" in res.stdout and "wirewatch sanctions" in res.stdout, cmd
    res = cli("eval", "screening", "--help")
    assert "Example" in res.stdout


# -- update, against a mock transport ----------------------------------------------------------
def _transport(un_body: bytes, seen: list[httpx.Request]) -> httpx.MockTransport:
    bodies = {
        download.UN_URL: un_body,
        f"{download.OFAC_BASE}/SDN.CSV": (FIX / "ofac" / "sdn.csv").read_bytes(),
        f"{download.OFAC_BASE}/ALT.CSV": (FIX / "ofac" / "alt.csv").read_bytes(),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = bodies.get(str(request.url))
        return httpx.Response(200, content=body) if body is not None else httpx.Response(404)

    return httpx.MockTransport(handler)


def test_update_downloads_and_loads(db, tmp_path, monkeypatch):
    import wirewatch.cli.sanctions as cmd

    seen: list[httpx.Request] = []
    monkeypatch.setattr(cmd, "_TRANSPORT", _transport((FIX / "un_small.xml").read_bytes(), seen))
    res = cli("sanctions", "update", "--dest", tmp_path / "lists", "--db", db)
    # SDN_COMMENTS.CSV answers 404: optional, reported, not fatal
    assert res.exit_code == 0, res.output
    assert "loaded 3 parties" in res.stdout and "loaded 2 parties" in res.stdout
    assert all(r.headers["user-agent"] == USER_AGENT for r in seen)
    assert (tmp_path / "lists" / "un" / "consolidated.xml").is_file()
    assert not (tmp_path / "lists" / "ofac" / "sdn_comments.csv").exists()


def test_update_with_truncated_download_keeps_old_list(db, tmp_path, monkeypatch):
    import wirewatch.cli.sanctions as cmd

    cli("sanctions", "load", FIX / "un_small.xml", "--db", db)
    text = (FIX / "un_small.xml").read_bytes()
    monkeypatch.setattr(cmd, "_TRANSPORT", _transport(text[: len(text) // 2], []))
    res = cli("sanctions", "update", "--dest", tmp_path / "lists", "--db", db)
    assert res.exit_code == 1 and "truncated" in res.stderr
    versions = json.loads(cli("sanctions", "list", "--versions", "--source", "un", "--json", "--db", db).stdout)
    assert [(v["file"].endswith("un_small.xml"), v["active"]) for v in versions] == [(True, True)]


def test_fetch_size_cap_and_status(tmp_path):
    from wirewatch.errors import FetchError

    big = httpx.MockTransport(lambda r: httpx.Response(200, content=b"x" * 5000))
    with httpx.Client(transport=big) as client, pytest.raises(FetchError, match="cap"):
        download.fetch_file(client, "https://example.org/big", tmp_path / "big", max_bytes=1000)
    assert not (tmp_path / "big").exists() and not (tmp_path / "big.part").exists()
    gone = httpx.MockTransport(lambda r: httpx.Response(503))
    with httpx.Client(transport=gone) as client, pytest.raises(FetchError, match="HTTP 503"):
        download.fetch_file(client, "https://example.org/x", tmp_path / "x")


# -- eval screening ----------------------------------------------------------------------------
def test_eval_screening_on_tiny_csvs(tmp_path):
    pos = tmp_path / "pos.csv"
    pos.write_text("full_name,date_of_birth,nationality,list_ref\n"
                   "Chol Su Pak,,North Korea,KPi.901\nReza Farhadi Tabrizy,,,IRi.901\nSongbong Machinery Trading Corp,,,KPe.901\n")
    neg = tmp_path / "neg.csv"
    neg.write_text("full_name,date_of_birth,nationality\nKim Min-jun,,KOR\nMaria Garcia,,MEX\n")
    preds = tmp_path / "p.jsonl"
    res = cli("eval", "screening", pos, neg, "--list", FIX / "un_small.xml", "--predictions", preds)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["recall"] == 1.0 and out["false_positive_rate"] == 0.0 and out["precision"] == 1.0
    assert out["recall_right_party"] == 1.0 and out["names_per_second"] > 0
    lines = [json.loads(line) for line in preds.read_text().splitlines()]
    assert len(lines) == 5 and set(lines[0]) == {"file", "row", "name", "hit", "score", "list_ref"}
    assert lines[0]["hit"] and lines[0]["list_ref"] == "KPi.901"
    assert lines[-1]["file"] == "negatives" and not lines[-1]["hit"] and lines[-1]["list_ref"] is None


def test_eval_screening_bad_csv(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nX\n")
    res = cli("eval", "screening", bad, bad, "--list", FIX / "un_small.xml")
    assert res.exit_code == 2 and "full_name" in res.stderr
