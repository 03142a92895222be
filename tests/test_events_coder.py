"""The learned PLOVER coder on clear sentences, its input parsing, and its trainer."""

from __future__ import annotations

import pytest

from wirewatch.events.coder import EventCoder, load_coder, normalise_sentence, sentence_hash
from wirewatch.events.features import featurize, from_spans, mark, parse_marked
from wirewatch.events.linear import LinearModel, fit
from wirewatch.events.text import split_sentences, stem


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return load_coder()


@pytest.mark.parametrize("marked,expected", [
    ("<s>Iran</s> has shipped hundreds of attack drones to <t>Russia</t>.", "AID"),
    ("<s>The Kremlin</s> accused <t>Kyiv</t> of staging the attack.", "ACCUSE"),
    ("<s>Russian forces</s> shelled <t>Kharkiv</t> overnight.", "ASSAULT"),
    ("<s>The EU</s> imposed sanctions on <t>three Iranian drone makers</t>.", "COERCE"),
    ("<s>Putin</s> met <t>Kim Jong Un</t> at the Vostochny spaceport.", "CONSULT"),
    ("<s>Seoul</s> urged <t>Beijing</t> to enforce the sanctions.", "REQUEST"),
    ("<s>Pyongyang</s> rejected <t>Washington</t>'s offer of talks.", "REJECT"),
    ("<s>North Korea</s> threatened <t>the United States</t> with a nuclear response.",
     "THREATEN"),
])
def test_clear_sentences(coder, marked, expected):
    coded = coder.code_marked(marked)
    assert coded.root == expected, (marked, coded)
    assert 0.0 < coded.confidence <= 1.0
    assert coded.plover == expected


def test_will_supply_is_agree_by_the_codebook(coder):
    coded = coder.code_marked("<s>Iran</s> will deliver more drones to <t>Russia</t> next year.")
    assert coded.root == "AGREE"


def test_yield_is_split_into_retreat_and_concede(coder):
    assert EventCoder.plover_type("YIELD", "Russia released two prisoners".split()) == "RETREAT"
    assert EventCoder.plover_type("YIELD", "The court pardoned the journalist".split()) == \
        "CONCEDE"
    assert EventCoder.plover_type("AID", []) == "AID"


def test_spans_and_markers_give_the_same_features():
    text = "Iran has supplied Russia with drones."
    a = featurize(from_spans(text, (0, 4), (18, 24)))
    b = featurize(parse_marked(mark(text, (0, 4), (18, 24))))
    assert sorted(a) == sorted(b)


@pytest.mark.parametrize("marked", ["no markers at all", "<s>unclosed source", "<t>x</t> <s>",
                                    "", "<s></s><t></t>", "<S>Caps</S> sent <T>it</T>"])
def test_malformed_markers_do_not_crash(coder, marked):
    coder.code_marked(marked)


def test_model_is_small_and_documented(coder):
    from wirewatch.events.coder import MODEL_DIR

    assert (MODEL_DIR / "coder.npz").stat().st_size < 5_000_000
    meta = coder.meta
    assert meta["cv"]["folds"] == 5 and meta["cv"]["plv_only"]["accuracy"] > 0.7
    assert any("CC BY-SA" in d["licence"] for d in meta["data"])
    assert meta["training_sentence_hashes"]


def test_sentence_hash_ignores_markers_and_case():
    assert sentence_hash("<s>Iran</s> sent <t>drones</t>.") == sentence_hash("iran sent  drones.")
    assert normalise_sentence("A’s  B") == "a's b"


def test_linear_model_round_trip(tmp_path):
    rows = [["bias", "w:attack"], ["bias", "w:meet"], ["bias", "w:attack", "x"]]
    model = fit(rows, ["ASSAULT", "CONSULT", "ASSAULT"], epochs=50)
    assert model.classes[int(model.scores(["w:attack"]).argmax())] == "ASSAULT"
    model.save(tmp_path / "m.npz")
    again = LinearModel.load(tmp_path / "m.npz")
    assert again.classes == model.classes
    assert abs(float(again.scores(["w:meet"]).max()) - float(model.scores(["w:meet"]).max())) < 1e-2


def test_stemmer_joins_inflections():
    assert stem("supplied") == stem("supplies") == stem("supplying") == stem("supply")
    assert stem("agreed") == stem("agree") == stem("agreeing")
    assert stem("met") == stem("meets")
    # "re-" that only says "again" joins the verb; words of their own keep their "re"
    assert stem("reimposed") == stem("re-imposed") == stem("imposed")
    assert stem("resupplied") == stem("supplied") and stem("redeployed") == stem("deployed")
    assert stem("reject") != stem("ject") and stem("retreat") == "retreat" and stem("report") == "report"
    # "noted" is no "not": it made "Fowler noted that ..." a refusal (a REJECT trigger, and the
    # coder's negation flag)
    assert stem("noted") == stem("notes") == stem("noting") == stem("note") != stem("not")
    assert stem("planes") == stem("plane") != stem("planned")  # "fighter planes" plan nothing


def test_sentence_splitter_keeps_abbreviations():
    text = "U.S. officials met on Nov. 22 with John F. Kirby. He left.\n\nNew paragraph"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "U.S. officials met on Nov. 22 with John F. Kirby.", "He left.", "New paragraph"]
    # plural titles, as the briefing's splitter also reads them
    text = "The poll puts Trump ahead of Sens. Ted Cruz and Marco Rubio. Carson is fourth."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The poll puts Trump ahead of Sens. Ted Cruz and Marco Rubio.", "Carson is fourth."]
