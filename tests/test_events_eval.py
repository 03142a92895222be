"""`wirewatch eval events` and `wirewatch eval attribution` end to end, on tiny fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from wirewatch.cli.eval_events import register

FIX = Path(__file__).resolve().parent / "fixtures" / "events"


def _app() -> typer.Typer:
    app = typer.Typer()
    eval_app = typer.Typer()
    app.add_typer(eval_app, name="eval")
    register(eval_app)
    return app


def test_eval_events_scores_and_writes_predictions(tmp_path):
    out = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(_app(), ["eval", "events", str(FIX / "plv_tiny.tsv"),
                                      "--predictions", str(out)])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["n"] == 6
    assert result["accuracy"] >= 5 / 6  # own sentences, unseen in training
    assert set(result) >= {"macro_f1", "per_class", "confusion", "sentences_per_s"}
    assert result["rows_seen_in_training"] == 0
    preds = [json.loads(x) for x in out.read_text().splitlines()]
    assert [p["row"] for p in preds] == list(range(6))
    assert all({"root", "modality", "confidence"} <= set(p) for p in preds)


def test_eval_events_warns_on_training_sentences(tmp_path):
    train = Path(__file__).resolve().parents[1] / "training" / "events" / "extra.tsv"
    lines = [ln for ln in train.read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")][:4]
    f = tmp_path / "seen.tsv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = CliRunner().invoke(_app(), ["eval", "events", str(f)])
    assert res.exit_code == 0, res.output
    assert "trained on" in res.stderr
    assert json.loads(res.stdout)["rows_seen_in_training"] == 3


def test_eval_events_bad_input_exits_2(tmp_path):
    app = _app()
    res = CliRunner().invoke(app, ["eval", "events", str(tmp_path / "nope.tsv")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    bad = tmp_path / "bad.tsv"
    bad.write_text("sentence\tlabel\nfoo\tbar\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "events", str(bad)])
    assert res.exit_code == 2 and "marked_sentence" in res.stderr
    empty = tmp_path / "empty.tsv"
    empty.write_text("marked_sentence\tgold_root\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "events", str(empty)])
    assert res.exit_code == 2 and "no rows" in res.stderr
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x81marked_sentence")
    res = CliRunner().invoke(app, ["eval", "events", str(binary)])
    assert res.exit_code == 2


def test_eval_attribution_surface_rules(tmp_path):
    out = tmp_path / "attr.jsonl"
    res = CliRunner().invoke(_app(), ["eval", "attribution", str(FIX / "polnear_tiny"),
                                      "--no-parse", "--predictions", str(out)])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["articles"] == 2
    for role in ("source", "cue", "content"):
        for match in ("exact", "token_overlap"):
            assert set(result[role][match]) == {"precision", "recall", "f1"}
    assert result["cue"]["token_overlap"]["f1"] >= 0.8
    assert result["content"]["token_overlap"]["f1"] >= 0.6
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert lines and all(set(x) >= {"file", "source", "cue", "content"} for x in lines)
    texts = {p.name: p.read_text(encoding="utf-8") for p in (FIX / "polnear_tiny" / "text").iterdir()}
    for x in lines:
        a, b = x["cue"]
        assert texts[x["file"]][a:b].strip()


def test_eval_attribution_bad_input_exits_2(tmp_path):
    app = _app()
    res = CliRunner().invoke(app, ["eval", "attribution", str(tmp_path / "nope"), "--no-parse"])
    assert res.exit_code == 2 and "no such folder" in res.stderr
    (tmp_path / "d").mkdir()
    res = CliRunner().invoke(app, ["eval", "attribution", str(tmp_path / "d"), "--no-parse"])
    assert res.exit_code == 2 and "attributions" in res.stderr
    (tmp_path / "d" / "text").mkdir()
    (tmp_path / "d" / "attributions").mkdir()
    (tmp_path / "d" / "text" / "a.txt").write_text("Kirby said so.", encoding="utf-8")
    (tmp_path / "d" / "attributions" / "a_x.ann").write_text("T1\tCue x y\tsaid\n")
    res = CliRunner().invoke(app, ["eval", "attribution", str(tmp_path / "d"), "--no-parse"])
    assert res.exit_code == 2 and "bad offsets" in res.stderr


def test_help_has_examples():
    for cmd in ("events", "attribution"):
        res = CliRunner().invoke(_app(), ["eval", cmd, "--help"])
        assert res.exit_code == 0
        assert "Example" in res.stdout and f"wirewatch eval {cmd}" in res.stdout
