"""The per-article entity consistency step (wirewatch.nlp.components) and document-level
NER scoring. A rule-based "NER" stands in for the model, so each test controls exactly what
the tagger found and checks what the consistency step adds."""

from __future__ import annotations

from pathlib import Path

import spacy

import wirewatch.nlp.components  # noqa: F401  (registers the component)
from wirewatch.evaluate.ner import documents, evaluate_ner, read_conll
from wirewatch.nlp.components import NAME


def _pipeline(patterns: list[dict]):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(patterns)
    nlp.add_pipe(NAME)
    return nlp


def _ents(doc) -> list[tuple[str, int, str]]:
    return [(e.text, e.start, e.label_) for e in doc.ents]


def test_a_name_tagged_once_is_tagged_where_it_recurs() -> None:
    # The tagger found the exporter in the lead only: the later bare mention is the miss a
    # window-based tagger makes.
    nlp = spacy.blank("en")
    nlp.add_pipe(NAME)
    doc = nlp.make_doc("Rosoboronexport signed the contract. Officials at "
                       "Rosoboronexport declined to comment.")
    doc.ents = [doc.char_span(0, 15, label="ORG")]
    doc = nlp.get_pipe(NAME)(doc)
    assert _ents(doc) == [("Rosoboronexport", 0, "ORG"), ("Rosoboronexport", 7, "ORG")]


def test_surname_of_a_person_named_in_full_is_a_person() -> None:
    nlp = _pipeline([{"label": "PER", "pattern": "Sergei Shoigu"},
                     {"label": "LOC", "pattern": "Pyongyang"}])
    doc = nlp("Russian Defence Minister Sergei Shoigu arrived in Pyongyang. "
              "Shoigu met officials there, and Shoigu's visit ended on Friday.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Sergei Shoigu", "PER"), ("Pyongyang", "LOC"), ("Shoigu", "PER"), ("Shoigu", "PER")]


def test_decisions_of_the_ner_are_never_changed() -> None:
    # "Washington" is a place in one sentence and the government in another: both stay.
    nlp = _pipeline([{"label": "LOC", "pattern": [{"TEXT": "Washington"}, {"TEXT": "state"}]},
                     {"label": "ORG", "pattern": "Washington"}])
    doc = nlp("Washington state sent aid. Washington protested.")
    assert _ents(doc) == [("Washington state", 0, "LOC"), ("Washington", 5, "ORG")]


def test_no_majority_type_means_no_propagation() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(NAME)
    doc = nlp.make_doc("Jordan said Jordan would veto it, Jordan added.")
    doc.ents = [spacy.tokens.Span(doc, 0, 1, "PER"), spacy.tokens.Span(doc, 2, 3, "LOC")]
    doc = nlp.get_pipe(NAME)(doc)
    assert _ents(doc) == [("Jordan", 0, "PER"), ("Jordan", 2, "LOC")]  # third left alone


def test_only_capitalised_words_are_tagged() -> None:
    nlp = _pipeline([{"label": "ORG", "pattern": "Reuters"}])
    doc = nlp.make_doc("Reuters reported it. reuters is lower-cased here.")
    doc.ents = [spacy.tokens.Span(doc, 0, 1, "ORG")]
    doc = nlp.get_pipe(NAME)(doc)
    assert _ents(doc) == [("Reuters", 0, "ORG")]


CONLL = """\
-DOCSTART- -X- O O

Sergei NNP I-NP I-PER
Shoigu NNP I-NP I-PER
spoke VBD I-VP O
. . O O

Shoigu NNP I-NP I-PER
left VBD I-VP O
. . O O

-DOCSTART- -X- O O

Shoigu NNP I-NP I-PER
stayed VBD I-VP O
. . O O
"""


def test_ner_scoring_reads_articles_as_documents(tmp_path: Path) -> None:
    path = tmp_path / "two-articles.conll"
    path.write_text(CONLL)
    assert [len(d) for d in documents(read_conll(path))] == [2, 1]
    nlp = _pipeline([{"label": "PER", "pattern": "Sergei Shoigu"}])
    by_doc = evaluate_ner(nlp, path)
    # Within the first article the surname is found; the second article stands alone.
    assert (by_doc["context"], by_doc["documents"]) == ("document", 2)
    assert (by_doc["tp"], by_doc["predicted"], by_doc["gold"]) == (2, 2, 3)
    by_sentence = evaluate_ner(nlp, path, context="sentence")
    assert (by_sentence["context"], by_sentence["documents"]) == ("sentence", 3)
    assert (by_sentence["tp"], by_sentence["predicted"]) == (1, 1)


def test_a_file_without_docstart_is_read_sentence_by_sentence(tmp_path: Path) -> None:
    path = tmp_path / "plain.conll"
    path.write_text(CONLL.replace("-DOCSTART- -X- O O\n\n", ""))
    assert [len(d) for d in documents(read_conll(path))] == [1, 1, 1]
