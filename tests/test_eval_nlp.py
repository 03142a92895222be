"""The NER (conlleval) and parse (UAS/LAS) scorers, and the `eval ner` / `eval parse` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
import typer
from typer.testing import CliRunner

from wirewatch.cli.eval_nlp import register
from wirewatch.errors import ConfigError
from wirewatch.evaluate.ner import (
    bio_spans,
    evaluate_ner,
    iob1_to_iob2,
    read_conll,
    score_spans,
)
from wirewatch.evaluate.parse import UDSentence, read_conllu, score_parse

# IOB1, as the original CoNLL-2003 release: B- only where two same-type entities touch.
CONLL_IOB1 = """\
-DOCSTART- -X- O O

U.N. NNP I-NP I-ORG
official NN I-NP O
Ekeus NNP I-NP I-PER
heads VBZ I-VP O
for IN I-PP O
Baghdad NNP I-NP I-LOC
. . O O

John NNP I-NP I-PER
Smith NNP I-NP I-PER
Mary NNP I-NP B-PER
Jones NNP I-NP I-PER
met VBD I-VP O
in IN I-PP O
New NNP I-NP I-LOC
York NNP I-NP I-LOC
"""

# Sentence 1: ORG and PER right, LOC typed MISC. Sentence 2: two touching PERs merged
# into one (two misses, one false positive), LOC right.
PRED_BIO = [
    ["B-ORG", "O", "B-PER", "O", "O", "B-MISC", "O"],
    ["B-PER", "I-PER", "I-PER", "I-PER", "O", "O", "B-LOC", "I-LOC"],
]

CONLLU = """\
# sent_id = 1
# text = Kim's dog wouldn't bark.
1-2\tKim's\t_\t_\t_\t_\t_\t_\t_\t_
1\tKim\tKim\tPROPN\tNNP\t_\t3\tnmod:poss\t3:nmod:poss\t_
2\t's\t's\tPART\tPOS\t_\t1\tcase\t1:case\t_
3\tdog\tdog\tNOUN\tNN\t_\t6\tnsubj\t6:nsubj\t_
4-5\twouldn't\t_\t_\t_\t_\t_\t_\t_\t_
4\twould\twould\tAUX\tMD\t_\t6\taux\t6:aux\t_
5\tn't\tnot\tPART\tRB\t_\t6\tadvmod\t6:advmod\t_
6\tbark\tbark\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No
6.1\tbarked\tbark\tVERB\tVBD\t_\t_\t_\t6:conj\t_
7\t.\t.\tPUNCT\t.\t_\t6\tpunct\t6:punct\t_

"""


@pytest.fixture
def conll_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL_IOB1, encoding="utf-8")
    return path


@pytest.fixture
def conllu_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    return path


@pytest.fixture
def ruler_model(tmp_path: Path) -> Path:
    """A tiny rule-based 'NER' on disk, so the eval path is tested without the trained model."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "ORG", "pattern": "U.N."},
        {"label": "PER", "pattern": "Ekeus"},
        {"label": "MISC", "pattern": "Baghdad"},
        {"label": "LOC", "pattern": [{"ORTH": "New"}, {"ORTH": "York"}]},
    ])
    path = tmp_path / "ruler_model"
    nlp.to_disk(path)
    return path


def test_iob1_is_rewritten_as_iob2() -> None:
    assert iob1_to_iob2(["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG"]) == [
        "B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG"]
    # IOB2 passes through unchanged
    assert iob1_to_iob2(["B-PER", "I-PER", "B-PER"]) == ["B-PER", "I-PER", "B-PER"]


def test_bio_spans_treat_stray_inside_tag_as_a_start() -> None:
    assert bio_spans(["O", "I-PER", "I-PER", "I-LOC", "B-LOC"]) == {
        (1, 3, "PER"), (3, 4, "LOC"), (4, 5, "LOC")}


def test_reader_skips_docstart_and_converts_iob1(conll_file: Path) -> None:
    sents = read_conll(conll_file)
    assert len(sents) == 2
    assert sents[0].doc_start and not sents[1].doc_start
    assert sents[1].tags[:4] == ["B-PER", "I-PER", "B-PER", "I-PER"]


def test_conlleval_counts_on_partially_wrong_prediction(conll_file: Path) -> None:
    gold = [s.tags for s in read_conll(conll_file)]
    r = score_spans(gold, PRED_BIO)
    assert (r["tp"], r["predicted"], r["gold"]) == (3, 5, 6)
    assert (r["precision"], r["recall"], r["f1"]) == (60.0, 50.0, 54.55)
    per = r["per_type"]
    assert per["ORG"]["f1"] == 100.0
    assert (per["PER"]["tp"], per["PER"]["predicted"], per["PER"]["gold"]) == (1, 2, 3)
    assert per["PER"]["f1"] == 40.0
    assert (per["LOC"]["precision"], per["LOC"]["recall"]) == (100.0, 50.0)
    assert per["MISC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                           "tp": 0, "predicted": 1, "gold": 0}


def test_evaluate_ner_runs_on_gold_tokens_and_writes_predictions(
        conll_file: Path, ruler_model: Path, tmp_path: Path) -> None:
    nlp = spacy.load(ruler_model)
    out = tmp_path / "pred.conll"
    r = evaluate_ner(nlp, conll_file, predictions_out=out)
    # ORG, PER, LOC(New York) right; Baghdad typed MISC; John Smith and Mary Jones missed.
    assert (r["tp"], r["predicted"], r["gold"]) == (3, 4, 6)
    assert r["words"] == 15 and r["sentences"] == 2
    lines = [ln for ln in out.read_text().splitlines() if ln and not ln.startswith("-DOCSTART-")]
    assert lines[0] == "U.N. NNP I-NP I-ORG B-ORG"
    assert lines[5] == "Baghdad NNP I-NP I-LOC B-MISC"
    assert lines[-1] == "York NNP I-NP I-LOC I-LOC"


def test_malformed_conll_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("Paris NNP B-NP B-CITYX-Y\nonlyonecolumn\n")
    with pytest.raises(ConfigError):
        read_conll(bad)
    with pytest.raises(ConfigError):
        read_conll(tmp_path / "missing.conll")


def test_conllu_reader_skips_ranges_and_empty_nodes(conllu_file: Path) -> None:
    (sent,) = read_conllu(conllu_file)
    assert sent.words == ["Kim", "'s", "dog", "would", "n't", "bark", "."]
    assert sent.heads == [3, 1, 6, 6, 6, 0, 6]
    assert sent.spaces[5] is False


def test_uas_las_on_hand_made_parse(conllu_file: Path) -> None:
    (gold,) = read_conllu(conllu_file)
    pred = UDSentence(
        words=gold.words,
        heads=[3, 1, 6, 3, 6, 0, 6],  # "would" attached to "dog": one head wrong
        deprels=["nmod", "case", "nsubj", "aux", "advmod", "root", "punct"],  # subtype lost
        upos=["PROPN", "PART", "NOUN", "AUX", "ADV", "VERB", "PUNCT"],  # n't as ADV
        spaces=gold.spaces,
    )
    r = score_parse([gold], [pred])
    assert r["words"] == 7
    assert r["uas"] == 85.71  # 6/7
    assert r["las"] == 71.43  # 5/7: the head error and the lost subtype
    assert r["las_universal"] == 85.71  # 6/7: nmod == nmod:poss on the universal part
    assert r["upos_accuracy"] == 85.71
    assert "lemma_accuracy" not in r  # the prediction has no lemmas: not scored


def test_lemma_accuracy_overall_and_on_verbs(conllu_file: Path) -> None:
    (gold,) = read_conllu(conllu_file)
    assert gold.lemmas == ["Kim", "'s", "dog", "would", "not", "bark", "."]
    pred = UDSentence(words=gold.words, heads=gold.heads, deprels=gold.deprels, upos=gold.upos,
                      spaces=gold.spaces, lemmas=["kim", "'s", "dog", "would", "n't", "bark", "."])
    r = score_parse([gold], [pred])
    assert r["lemma_accuracy"] == 85.71  # 6/7: case does not count, "n't" for "not" does
    assert r["verb_lemma_accuracy"] == 100.0
    pred.lemmas[5] = "barked"
    assert score_parse([gold], [pred])["verb_lemma_accuracy"] == 0.0


def _app() -> typer.Typer:
    app = typer.Typer()
    eval_app = typer.Typer()
    app.add_typer(eval_app, name="eval")
    register(eval_app)
    return app


def test_eval_ner_command_prints_json(conll_file: Path, ruler_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "pred.conll"
    res = CliRunner().invoke(_app(), ["eval", "ner", str(conll_file), "--model", str(ruler_model),
                                      "--predictions", str(out)])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout)
    assert r["f1"] == pytest.approx(60.0)  # P 3/4, R 3/6
    assert out.is_file()


def test_eval_commands_reject_missing_or_bad_input(tmp_path: Path, ruler_model: Path) -> None:
    app = _app()
    res = CliRunner().invoke(app, ["eval", "ner", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    bad = tmp_path / "bad.conllu"
    bad.write_text("1\tonly\tthree\n")
    res = CliRunner().invoke(app, ["eval", "parse", str(bad), "--model", str(ruler_model)])
    assert res.exit_code == 2
    res = CliRunner().invoke(app, ["eval", "ner", str(bad), "--model", str(tmp_path / "nomodel")])
    assert res.exit_code == 2


def test_eval_help_has_examples() -> None:
    for cmd in ("ner", "parse"):
        res = CliRunner().invoke(_app(), ["eval", cmd, "--help"])
        assert res.exit_code == 0
        assert f"wirewatch eval {cmd}" in res.output


def test_eval_parse_command_with_bundled_model(conllu_file: Path) -> None:
    from wirewatch.nlp import MODEL_DIR

    if not (MODEL_DIR / "meta.json").is_file():
        pytest.skip("bundled model not built")
    res = CliRunner().invoke(_app(), ["eval", "parse", str(conllu_file)])
    assert res.exit_code == 0, res.output
    r = json.loads(res.stdout)
    assert r["words"] == 7 and 0 <= r["uas"] <= 100 and "las_universal" in r
