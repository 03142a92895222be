"""`wirewatch eval extraction`: matching predicted article events to hand-labelled ones."""

from __future__ import annotations

import json

import pytest

from wirewatch.errors import ConfigError
from wirewatch.evaluate.extraction import GoldEvent, actor_matches, load_gold, match, MATCHERS
from wirewatch.events.records import ActorRef, Event, Evidence


def ref(text, code=None):
    return ActorRef(text=text, start=0, end=len(text), code=code)


def event(type_, actors, recipients, start=0, end=100, modality="asserted"):
    return Event(type=type_, actors=actors, recipients=recipients,
                 evidence=Evidence(article_id="a1", sentence=0, start=start, end=end), modality=modality)


def gold(actor, type_, recipient, offset=10, modality="asserted", line=1):
    return GoldEvent(line, "k", "piece of the sentence", actor, type_, recipient, modality, offset)


def test_actor_codes_match_by_state_igo_or_name():
    assert actor_matches("RUS", ref("the Kremlin", "RUSGOV"))
    assert actor_matches("RUS", ref("Russia", "RUS"))
    assert not actor_matches("RUS", ref("Ukraine", "UKR"))
    assert not actor_matches("RUS", ref("Putin", None))
    assert actor_matches("IGO:UN", ref("UN Security Council", "IGO"))
    assert not actor_matches("IGO:UN", ref("Britain", "GBR"))
    # groups and people without a state code: every word of the gold name, plural folded
    assert actor_matches("houthis", ref("Houthi", "YEMREB"))
    assert actor_matches("conflict armament research", ref("Conflict Armament Research"))
    assert not actor_matches("conflict armament research", ref("Conflict"))


def test_one_to_one_matching_within_the_sentence():
    evs = {"a1": [event("AID", [ref("North Korea", "PRK")], [ref("Russia", "RUS")]),
                  event("AID", [ref("North Korea", "PRK")], [ref("Russia", "RUS")]),  # a duplicate
                  event("ASSAULT", [ref("Russia", "RUS")], [ref("Ukraine", "UKR")], start=200, end=300)]}
    golds = [gold("PRK", "AID", "RUS"), gold("RUS", "ASSAULT", "UKR", offset=50)]
    pairs = match(golds, evs, {"k": "a1"}, MATCHERS["strict"])
    status = [("tp" if g and p else "fn" if g else "fp") for g, p in pairs]
    # the duplicate AID is a false alarm; the ASSAULT sits in another sentence than its gold
    assert status.count("tp") == 1 and status.count("fn") == 1 and status.count("fp") == 2


def test_symmetric_types_accept_either_side_and_joint_actors():
    joint = event("CONSULT", [ref("Putin", "RUSGOV"), ref("Kim", "PRKGOV")], [])
    assert MATCHERS["strict"](gold("PRK", "CONSULT", "RUS"), joint)
    flipped = event("CONSULT", [ref("Kim", "PRKGOV")], [ref("Putin", "RUSGOV")])
    assert MATCHERS["strict"](gold("RUS", "CONSULT", "PRK"), flipped)
    # a directed type does not
    aid = event("AID", [ref("Russia", "RUS")], [ref("North Korea", "PRK")])
    assert not MATCHERS["strict"](gold("PRK", "AID", "RUS"), aid)
    assert MATCHERS["type"](gold("PRK", "AID", "RUS"), aid)
    assert not MATCHERS["actors"](gold("PRK", "AID", "RUS"), aid)


def test_gold_file_errors_name_the_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    ok = {"article": "u", "sentence": "s" * 30, "actor": "RUS", "type": "AID", "recipient": "PRK",
          "modality": "asserted"}
    path.write_text(json.dumps(ok) + "\n" + json.dumps({**ok, "modality": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"gold\.jsonl:2: modality 'maybe'"):
        load_gold(path)
    path.write_text(json.dumps({k: v for k, v in ok.items() if k != "type"}) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"gold\.jsonl:1: lacks type"):
        load_gold(path)


def test_the_labelled_sample_corpus_scores_end_to_end(tmp_path):
    """examples/events/test.jsonl against the bundled pipeline: every gold line is placed in its
    article and the scores are real fractions (docs/events.md has the measured figures)."""
    from pathlib import Path

    from wirewatch.evaluate.extraction import evaluate_extraction

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "pairs.jsonl"
    res = evaluate_extraction(root / "examples/events/test.jsonl", root / "examples/corpus/labels.json", out)
    assert res["articles"] == 11 and res["gold_events"] == 149
    assert 0.5 <= res["strict"]["precision"] <= 1.0 and 0.1 <= res["strict"]["recall"] < 1.0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum(r["status"] in ("tp", "fn") for r in rows) == 149
    assert sum(r["status"] in ("tp", "fp") for r in rows) == res["predicted_events"]


def test_a_resolved_anaphor_matches_its_entity_name():
    the_group = ActorRef(text="the group", start=0, end=9, entity_id="e1", code="YEMREB")
    assert not actor_matches("houthis", the_group)
    assert actor_matches("houthis", the_group, {"e1": "Houthis"})


def test_a_gold_line_that_is_not_in_its_article_is_named(tmp_path):
    from pathlib import Path

    from wirewatch.evaluate.extraction import evaluate_extraction

    root = Path(__file__).resolve().parents[1]
    first = json.loads((root / "examples/events/test.jsonl").read_text().splitlines()[0])
    bad = tmp_path / "gold.jsonl"
    bad.write_text(json.dumps({**first, "sentence": "words no article of the corpus contains"}) + "\n")
    with pytest.raises(ConfigError, match=r"gold\.jsonl:1: the sentence piece .* is found 0 times"):
        evaluate_extraction(bad, root / "examples/corpus/labels.json")
    bad.write_text(json.dumps({**first, "article": "https://nowhere.example/x"}) + "\n")
    with pytest.raises(ConfigError, match=r"gold\.jsonl:1: article https://nowhere.example/x is not in"):
        evaluate_extraction(bad, root / "examples/corpus/labels.json")
