"""The event verifier: events a reader would call wrong are dropped, right ones stay."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.errors import ConfigError
from wirewatch.events.records import ActorRef, AttributionRef, Event, Evidence
from wirewatch.events.verify import MODEL_DIR, features, load_verifier, verifier_dir

runner = CliRunner()

# Three misreadings of the kind the labelled political news is full of (a death "in Tulsa,
# Oklahoma" read as an assault on a place or a victim by the senator who spoke of it; a loan
# from a state read as aid; the release of the visitor read as the administration's
# retreat), and one arms shipment told plainly.
ARTICLE = """Title: Senator speaks on police shooting; bridge owner under scrutiny
Date: 2024-03-14
Source: Test Wire

Senator Ann Ruiz spoke out Tuesday about the death of Marcus Lee in Tulsa, Oklahoma, arguing that the epidemic of police officers killing unarmed black men must be condemned as "intolerable."
Developer Carl Wendt owns the old river crossing.
He bought the bridge in 2014, using a $9.1 million loan from the State of Virginia.
The opposition leader visited the White House on Wednesday as Burma's de facto leader six years after she was released from house arrest, a triumph for the Obama administration's policy of engagement.
North Korea has shipped thousands of containers of artillery shells to Russia since August, South Korea's defence ministry said on Thursday.
"""


def _events(tmp_path, monkeypatch, setting: str) -> set[tuple]:
    monkeypatch.setenv("WIREWATCH_EVENT_VERIFIER", setting)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / f"{setting.replace('/', '_')}.db"
    res = runner.invoke(app, ["run", str(path), "--db", str(db), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    found = json.loads(runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout)
    return {(e["type"], e["evidence"][0]["actors"][0]["text"],
             e["evidence"][0]["recipients"][0]["text"] if e["evidence"][0]["recipients"] else None) for e in found}


def test_the_verifier_drops_misreadings_and_keeps_the_shipment(tmp_path, monkeypatch):
    unverified = _events(tmp_path, monkeypatch, "off")
    verified = _events(tmp_path, monkeypatch, "on")
    shipment = ("AID", "North Korea", "Russia")
    misread = {("AID", "He", "State of Virginia"), ("RETREAT", "Burma", "the Obama administration")}
    assert shipment in unverified and misread <= unverified, "the extractor reads these without the verifier"
    assert shipment in verified
    assert not verified & misread
    assert verified < unverified


def test_a_report_lists_the_likely_readings_and_folds_the_doubtful_away(tmp_path, monkeypatch):
    """Each kept event carries the verifier's belief. The report lists, and draws, the events
    more likely right than wrong (the shipment); a reading the verifier kept but doubts (the
    senator "accusing" the man whose death she spoke of) is folded under "less certain
    readings", out of the network and the index's count, and flagged in the JSON; ``--min-belief``
    filters the same way."""
    monkeypatch.setenv("WIREWATCH_EVENT_VERIFIER", "on")
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db, out = tmp_path / "a.db", tmp_path / "out"
    assert runner.invoke(app, ["run", str(path), "--db", str(db), "--out", str(out)]).exit_code == 0
    found = json.loads(runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout)
    threshold = load_verifier(MODEL_DIR).threshold
    assert found and all(threshold <= f["belief"] <= 1 for f in found)
    belief = {f["recipients"][0]["name"]: f["belief"] for f in found if f["recipients"]}
    assert belief["Russia"] >= 0.5 > belief["Marcus Lee"]
    likely = json.loads(runner.invoke(app, ["events", "--db", str(db), "--json", "--min-belief", "0.5"]).stdout)
    assert [f["recipients"][0]["name"] for f in likely] == ["Russia"]

    (page,) = (out / "stories").glob("*.html")
    html = page.read_text(encoding="utf-8")
    events = html[html.index('id="events"'):]
    listed, _, folded = events.partition('<details class="uncertain">')
    assert "Russia" in listed and "Marcus Lee" not in listed
    assert "Marcus Lee" in folded[:folded.index("</details>")]
    network = folded[folded.index("Who acted on whom"):]
    assert "Russia" in network[:network.index("</svg>")] or "RUS" in network[:network.index("</svg>")]
    assert "Marcus Lee" not in network[:network.index("</svg>")]  # nor drawn in the network
    (story,) = json.loads((out / "briefing.json").read_text(encoding="utf-8"))["stories"]
    (rows,) = [s["data"] for s in story["extra"]["sections"] if s["id"] == "events"]
    assert {r["label"].split(" (")[0]: bool(r.get("uncertain")) for r in rows} == {
        "PRK AID military RUS": False, "LEG ACCUSE disapprove Marcus Lee": True}
    assert story["extra"]["summary"]["events"] == 1  # the index counts what the report lists


def test_a_story_of_doubtful_readings_lists_none_and_the_index_counts_none(tmp_path, monkeypatch):
    """The article without its shipment: the one reading left (the senator "accusing" the man
    whose death she spoke of) is kept by the verifier but doubted, so the report says no
    reading is likely, keeps it folded, and the index line names no events."""
    monkeypatch.setenv("WIREWATCH_EVENT_VERIFIER", "on")
    path = tmp_path / "a.txt"
    path.write_text("\n".join(ARTICLE.splitlines()[:8]) + "\n", encoding="utf-8")  # all but the shipment
    db, out = tmp_path / "a.db", tmp_path / "out"
    assert runner.invoke(app, ["run", str(path), "--db", str(db), "--out", str(out)]).exit_code == 0
    found = json.loads(runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout)
    assert found and all(f["belief"] < 0.5 for f in found)
    (page,) = (out / "stories").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "No reading of these articles is more likely right than wrong." in html
    assert '<details class="uncertain">' in html and "Who acted on whom" not in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert " events" not in index[index.index("independent source"):]


def test_a_store_read_before_beliefs_lists_by_the_coders_confidence():
    from types import SimpleNamespace as NS

    from wirewatch.events.briefing import _likely

    assert _likely(NS(belief=None, confidence=0.7)) and not _likely(NS(belief=None, confidence=0.5))
    assert _likely(NS(belief=0.5, confidence=0.1)) and not _likely(NS(belief=0.49, confidence=0.99))


def test_a_side_that_is_the_reporter_is_a_feature():
    """The speaker who reports an event and also stands as its party: one of the errors the
    readers named most."""
    text = "Smith said Smith would meet Jones on Friday."
    e = Event(type="CONSULT", actors=[ActorRef("Smith", 11, 16, entity_id="p1")],
              recipients=[ActorRef("Jones", 28, 33, entity_id="p2")], evidence=Evidence("a", 0, 0, len(text)),
              attribution=AttributionRef(source=ActorRef("Smith", 0, 5, entity_id="p1"), kind="named"),
              trigger="meet", confidence=0.7)
    feats = features(e, text, {"p1": "person", "p2": "person"}.get)
    assert "side_is_source=True" in feats and "a=person" in feats and "t=CONSULT|trig=meet" in feats
    assert "w=meet" in feats and "order=ar" in feats
    # sides that carry their kind (the resolver sets it) need no look-up: the same features
    for ref in e.actors + e.recipients + [e.attribution.source]:
        ref.kind = "person"
    assert features(e, text) == feats
    e.attribution = AttributionRef()
    assert "side_is_source=False" in features(e, text, {"p1": "person", "p2": "person"}.get)


def test_the_setting_names_a_folder_or_off(tmp_path, monkeypatch):
    monkeypatch.setenv("WIREWATCH_EVENT_VERIFIER", "off")
    assert verifier_dir() is None
    monkeypatch.delenv("WIREWATCH_EVENT_VERIFIER")
    assert verifier_dir() == MODEL_DIR
    v = load_verifier(MODEL_DIR)
    assert 0 < v.threshold < 1 and v.meta["training"], "the shipped model says what it was trained on"
    monkeypatch.setenv("WIREWATCH_EVENT_VERIFIER", str(tmp_path))
    with pytest.raises(ConfigError, match="verifier.npz missing"):
        verifier_dir()


def test_a_missing_verifier_stops_the_run_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("WIREWATCH_EVENT_VERIFIER", str(tmp_path / "nowhere"))
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    res = runner.invoke(app, ["run", str(path), "--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "out")])
    assert res.exit_code != 0
    assert "no event verifier" in res.output


def test_training_gives_the_same_model_whatever_the_hash_seed(tmp_path):
    """The verifier and the coder are fitted by wirewatch.events.linear.fit; a model retrained
    from the same rows must be the same file, not one that differs in the last bits with
    Python's string hash seed (which set iteration order follows)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, numpy as np\n"
        "from wirewatch.events.linear import fit\n"
        "rows = [[f'w={w}', f't={t}', 'bias'] for t in 'ABCD' for w in ('attack', 'meet', 'poll', 'said', 'aid')]\n"
        "labels = ['right' if (i * 7) % 3 else 'wrong' for i in range(len(rows))]\n"
        "np.save(sys.argv[1], fit(rows, labels, epochs=50).weights)\n")
    out = []
    for seed in ("1", "2"):
        path = tmp_path / f"w{seed}.npy"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env)
        out.append(path.read_bytes())
    assert out[0] == out[1]
