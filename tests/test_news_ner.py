"""wirewatch's own labelled news sentences: the markup reader and its CoNLL/Doc conversion."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
try:
    import news_ner
finally:
    sys.path.pop(0)


def test_markup_becomes_tokens_and_iob2_tags(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("# a comment\n"
                   "{MISC North Korean} leader {PER Kim Jong-un} met {PER Sergei Shoigu} in {LOC Pyongyang}.\n"
                   "{LOC Russia}'s {ORG Defence Ministry} said nothing.\n"
                   "\n"
                   "No entities here.\n", encoding="utf-8")
    docs = news_ner.to_docs(news_ner.read_markup(src), src)
    assert len(docs) == 2
    assert [len(list(d.sents)) for d in docs] == [2, 1]
    assert [(e.text, e.label_) for e in docs[0].ents] == [
        ("North Korean", "MISC"), ("Kim Jong-un", "PER"), ("Sergei Shoigu", "PER"),
        ("Pyongyang", "LOC"), ("Russia", "LOC"), ("Defence Ministry", "ORG")]
    lines = news_ner.to_conll(docs)
    assert lines[:4] == ["-DOCSTART- O", "", "North B-MISC", "Korean I-MISC"]
    assert "Kim B-PER" in lines and "un I-PER" in lines and "'s O" in lines
    assert lines.count("-DOCSTART- O") == 2


@pytest.mark.parametrize("line, reason", [
    ("{PER Kim Jong Un met {LOC Putin}", "unbalanced"),
    ("{PERSON Kim Jong Un} met Putin", "unbalanced or unknown"),
    ("{PER Kim } met Putin", "spaces at its edge"),
])
def test_bad_markup_names_the_line_and_reason(tmp_path, line, reason):
    src = tmp_path / "bad.txt"
    src.write_text("{LOC Seoul} is fine.\n" + line + "\n", encoding="utf-8")
    with pytest.raises(news_ner.MarkupError, match=rf"bad\.txt:2: .*{reason}"):
        news_ner.read_markup(src)


def test_entity_off_token_boundaries_is_an_error(tmp_path):
    src = tmp_path / "off.txt"
    src.write_text("An {LOC Ira}nian envoy arrived.\n", encoding="utf-8")
    with pytest.raises(news_ner.MarkupError, match=r"off\.txt:1: 'Ira' does not start and end"):
        news_ner.to_docs(news_ner.read_markup(src), src)


def test_cli_rejects_a_bad_file_and_writes_nothing(tmp_path, capsys):
    good, bad, out = tmp_path / "good.txt", tmp_path / "bad.txt", tmp_path / "out.conll"
    good.write_text("{PER Putin} spoke.\n", encoding="utf-8")
    bad.write_text("{PER Putin spoke.\n", encoding="utf-8")
    assert news_ner.main([str(good), str(bad), "--out", str(out)]) == 1
    assert "bad.txt:1" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("path", sorted((ROOT / "training" / "news").glob("*.txt"))
                         + sorted((ROOT / "examples" / "ner").glob("*.txt")), ids=lambda p: p.name)
def test_shipped_markup_files_read_cleanly(path):
    docs = news_ner.to_docs(news_ner.read_markup(path), path)
    assert sum(len(d.ents) for d in docs) > 50
