"""The bundled English pipeline: loads offline, tags news text, keeps its dev-set scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.errors import ConfigError
from wirewatch.nlp import ENV_VAR, MODEL_DIR, load_pipeline, model_meta

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()
NER_DEV = SHARED / "data/ner/conll2003/valid.txt"
UD_DEV = SHARED / "data/ud/en_ewt/en_ewt-ud-dev.conllu"

# Floors a little under what the bundled model scored on the first 500 dev sentences
# (see docs/nlp.md): a retrained model that falls below them has regressed.
# Measured (model 0.4.0, articles read whole, with the consistency step): NER F1 94.32,
# UAS 86.71, LAS 83.82; model 0.5.0 (biaffine parser): UAS 88.85, LAS 85.68.
NER_DEV500_F1_FLOOR = 92.5
UD_DEV500_UAS_FLOOR = 87.5
UD_DEV500_LAS_FLOOR = 84.5
NEWS_EVAL_F1_FLOOR = 95.0  # 0.4.0: 96.54 on examples/ner/corpus.conll (96.30 by sentence; 0.3.0: 85.89)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture
def shared_data() -> Path:
    if not (NER_DEV.is_file() and UD_DEV.is_file()):
        pytest.skip("../shared/data (CoNLL-2003, UD EWT) is absent")
    return SHARED


def test_bundled_model_is_in_the_package_and_small() -> None:
    assert (MODEL_DIR / "meta.json").is_file()
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 25 * 1024 * 1024


def test_half_size_weights_on_disk_are_widened_at_load(nlp) -> None:
    """The encoder ships as float16 (training/train.py: compact_weights); every layer must
    compute in float32 once loaded, or numpy would mix precisions in each product."""
    import numpy as np
    import srsly

    if "tok2vec" not in nlp.pipe_names:
        pytest.skip("another pipeline is configured")
    on_disk = srsly.msgpack_loads((MODEL_DIR / "tok2vec" / "model").read_bytes())
    stored = {v.dtype for params in on_disk["params"] for v in params.values() if hasattr(v, "dtype")}
    assert stored == {np.dtype(np.float16)}
    loaded = {
        node.get_param(name).dtype
        for _, component in nlp.pipeline if hasattr(getattr(component, "model", None), "walk")
        for node in component.model.walk() for name in node.param_names if node.has_param(name)
    }
    assert loaded == {np.dtype(np.float32)}


def test_pipeline_components_and_labels(nlp) -> None:
    from wirewatch.nlp.biaffine import BiaffineParser

    for name in ("tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"):
        assert name in nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}
    # session 15: the graph-based parser replaced the transition parser and its sentence guard
    assert isinstance(nlp.get_pipe("parser"), BiaffineParser)
    assert {"nsubj", "obj", "ccomp", "nmod:poss"} <= set(nlp.get_pipe("parser").labels)
    assert "sentence_guard" not in nlp.pipe_names


def test_one_shared_encoder_and_ner_before_the_parser(nlp) -> None:
    """NER, tagger and parser read one tok2vec (the biaffine parser reads its output from
    ``doc.tensor``); the NER runs before the parser so sentence splits never cut an entity."""
    from wirewatch.nlp.pipeline import components_for

    if "tok2vec" not in nlp.pipe_names:
        pytest.skip("another pipeline is configured")
    assert components_for(nlp, "ner") == ["tok2vec", "ner"]
    assert nlp.pipe_names.index("tok2vec") < nlp.pipe_names.index("tagger") < nlp.pipe_names.index("parser")
    assert nlp.pipe_names.index("ner") < nlp.pipe_names.index("parser")


def test_load_is_cached(nlp) -> None:
    assert load_pipeline() is nlp


def test_meta_names_sources_licences_and_scores() -> None:
    meta = model_meta()
    licences = " ".join(s["license"] for s in meta["sources"])
    assert "CC BY-SA 4.0" in licences and "research" in licences
    assert meta["wirewatch_scores"]["ner_conll2003_dev"]["f1"] > 80
    assert meta["wirewatch_scores"]["parse_ud_ewt_dev"]["uas"] > 80


def test_news_sentence(nlp) -> None:
    doc = nlp("Russian Defense Minister Sergei Shoigu visited Pyongyang on Wednesday. "
              "The two men discussed arms deliveries and satellite technology.")
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("Sergei Shoigu") == "PER"
    assert ents.get("Pyongyang") == "LOC"
    sents = list(doc.sents)
    assert len(sents) == 2
    root = sents[0].root
    assert root.text == "visited" and root.pos_ == "VERB"
    assert doc[5].lemma_ == "visit"
    assert [t.lemma_ for t in sents[1] if t.text in ("men", "deliveries")] == ["man", "delivery"]
    # The subject of "visited" is the name (UD heads a name on its first word, "flat" after).
    subjects = [t for t in root.children if t.dep_ == "nsubj"]
    assert len(subjects) == 1 and "Sergei Shoigu" in "".join(t.text_with_ws for t in subjects[0].subtree)


def test_unknown_model_is_a_config_error(monkeypatch) -> None:
    monkeypatch.setenv(ENV_VAR, "no_such_spacy_pipeline_xyz")
    with pytest.raises(ConfigError, match=ENV_VAR):
        load_pipeline()


def test_dev_set_floors(nlp, shared_data) -> None:
    """First 500 sentences of each dev set only, to stay well under 30 s."""
    from wirewatch.evaluate.ner import evaluate_ner
    from wirewatch.evaluate.parse import evaluate_parse

    ner = evaluate_ner(nlp, NER_DEV, limit=500)
    assert ner["f1"] >= NER_DEV500_F1_FLOOR, ner
    parse = evaluate_parse(nlp, UD_DEV, limit=500)
    assert parse["uas"] >= UD_DEV500_UAS_FLOOR, parse
    assert parse["las"] >= UD_DEV500_LAS_FLOOR, parse
    # Each sentence opening a paragraph, as in an article: the same floors (the parser that
    # read the break as a word fell about 6 points, docs/nlp.md).
    parse = evaluate_parse(nlp, UD_DEV, limit=500, paragraph_break=True)
    assert parse["uas"] >= UD_DEV500_UAS_FLOOR, parse
    assert parse["las"] >= UD_DEV500_LAS_FLOOR, parse


def test_news_eval_set_floor(nlp) -> None:
    """The project's own labelled news (examples/ner/corpus.conll: the sample corpus, one text
    per copy group). Measured in docs/nlp.md; the floor sits a little below."""
    from wirewatch.evaluate.ner import evaluate_ner

    res = evaluate_ner(nlp, Path(__file__).resolve().parents[1] / "examples/ner/corpus.conll")
    assert res["gold"] == 827
    assert res["f1"] >= NEWS_EVAL_F1_FLOOR, res


def test_news_sentences_stay_whole(nlp) -> None:
    # Both were cut in two by the transition parser alone (see docs/nlp.md, sentence_guard);
    # the biaffine parser's sentence rule must keep them whole too.
    doc = nlp("Russian Defense Minister Sergei Shoigu visited Pyongyang on Wednesday. "
              "He met North Korean leader Kim Jong Un to discuss arms deliveries.")
    assert [s.text for s in doc.sents][1] == (
        "He met North Korean leader Kim Jong Un to discuss arms deliveries.")
    doc = nlp("These talks, characterized as “actively advancing” by White House spokesman "
              "John F. Kirby, have raised concerns. Moscow denied it.")
    assert len(list(doc.sents)) == 2


def test_word_vectors_are_keyed_by_lowercase(nlp) -> None:
    """The bundled MiniLM-derived vectors: float32 once loaded, looked up by the lower-cased
    word, so a capitalised name and its lower-case form share one vector."""
    import numpy as np

    vectors = nlp.vocab.vectors
    assert vectors.data.dtype == np.float32 and vectors.shape[1] == 64
    doc = nlp.make_doc("Moscow said moscow MOSCOW zzqxv")
    assert doc[0].has_vector and not doc[4].has_vector
    assert np.array_equal(doc[0].vector, doc[2].vector) and np.array_equal(doc[0].vector, doc[3].vector)
    # neighbours make sense: a capital is nearer its country than an unrelated word
    def cos(a, b):
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
    russia, banana = nlp.make_doc("Russia"), nlp.make_doc("banana")
    assert cos(doc[0].vector, russia[0].vector) > cos(doc[0].vector, banana[0].vector)
    meta_sources = " ".join(s["name"] for s in nlp.meta["sources"])
    assert "MiniLM" in meta_sources


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The texts the nlp stage parses (it still parses them), in the order it does."""
    from wirewatch.nlp import stage as nlp_stage

    seen: list[str] = []
    real = nlp_stage._parse

    def counting(nlp, texts, batch_size):
        seen.extend(texts)
        return real(nlp, texts, batch_size)

    monkeypatch.setattr(nlp_stage, "_parse", counting)
    return seen


def test_identical_texts_are_parsed_once(tmp_path, store, settings, parsed) -> None:
    """A story republished word for word (other URL, same text) reuses the first parse,
    within a batch and across batches; a different text is parsed."""
    from conftest import WIRE, write

    from wirewatch import pipeline
    from wirewatch.nlp import stage as nlp_stage

    header = "Title: Satellite launch\nDate: 2023-11-22\nSource: {src}\nURL: https://{src}.example/a\n\n"
    for src in ("wire", "reprint"):
        write(tmp_path / "one" / f"{src}.txt", header.format(src=src) + WIRE)
    write(tmp_path / "one" / "other.txt", header.format(src="other") + WIRE.replace("Wednesday", "Thursday"))
    pipeline.ingest(store, [str(tmp_path / "one")], settings)
    ids = [a.id for a in store.iter_articles()]
    nlp_stage.NlpStage(processes=1)(store, ids)
    assert len(parsed) == 2  # the reprint shares the wire copy's parse
    docs = store.doc_bytes(ids)
    assert len(docs) == 3
    by_source = {store.get_article(i).source: docs[i][1] for i in ids}
    assert by_source["wire"] == by_source["reprint"] != by_source["other"]

    write(tmp_path / "two" / "late.txt", header.format(src="late") + WIRE)
    pipeline.ingest(store, [str(tmp_path / "two")], settings)
    late = [a.id for a in store.iter_articles() if a.source == "late"]
    nlp_stage.NlpStage(processes=1)(store, late)
    assert len(parsed) == 2 and store.doc_bytes(late)[late[0]][1] == by_source["wire"]
    wire = next(i for i in ids if store.get_article(i).source == "wire")
    assert store.sentence_spans(late[0]) == store.sentence_spans(wire) != []


def test_components_for_keeps_the_shared_encoder():
    """A NER listening to a shared tok2vec needs that tok2vec; one with its own does not."""
    import spacy

    from wirewatch.nlp.pipeline import components_for

    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"}
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2",
                                          "state_type": "ner", "hidden_width": 64,
                                          "maxout_pieces": 2, "use_upper": True,
                                          "tok2vec": listener}})
    nlp.add_pipe("parser", name="own_parser")  # its own tok2vec
    nlp.initialize()
    assert components_for(nlp, "ner") == ["tok2vec", "ner"]
    assert components_for(nlp, "own_parser") == ["own_parser"]
    with nlp.select_pipes(enable=components_for(nlp, "ner")):
        nlp("Sergei Shoigu visited Pyongyang.")  # runs: the listener gets its encoder's output


def test_numpy_matmul_parses_exactly_like_blis(nlp) -> None:
    """The loaded pipeline multiplies with numpy's BLAS (faster here), and gets the very
    same tags, parse and entities as thinc's default blis kernels."""
    import spacy

    from wirewatch.nlp.pipeline import _float32_vectors, _float32_weights

    ops = {type(node.ops).__name__ + (":blis" if getattr(node.ops, "use_blis", False) else "")
           for _, pipe in nlp.pipeline if hasattr(getattr(pipe, "model", None), "walk")
           for node in pipe.model.walk()}
    assert ops == {"NumpyOps"}
    stock = spacy.load(MODEL_DIR)  # thinc's defaults: blis
    _float32_vectors(stock)
    _float32_weights(stock)
    assert stock.get_pipe("tok2vec").model.ops.use_blis
    text = ("Russian Defense Minister Sergei Shoigu arrived in Pyongyang on Tuesday, and the White "
            "House said North Korea had shipped artillery shells to Russia in violation of UN "
            "Security Council resolutions.")

    def analysis(doc):
        return [(t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_) for t in doc]

    assert analysis(nlp(text)) == analysis(stock(text))


def test_whitespace_tokens_are_not_parsed_as_words(nlp) -> None:
    """spaCy keeps a paragraph break or a no-break space as a token; the parser reads the
    words without them, and each is attached to the word after it."""
    if nlp.meta.get("name") != "wirewatch_news":
        pytest.skip("another pipeline is configured")
    text = ("Russia is building a drone factory, the White House said.\n\n"
            "Baltic governments have long urged the EU to widen its sanctions to third countries "
            "that help arm Russia.\n\nThe envoy\xa0was summoned on Monday")
    doc = nlp(text)
    sents = list(doc.sents)
    assert len(sents) == 3
    for token in doc:
        if token.is_space:
            assert (token.dep_, token.head.i) == ("dep", token.i + 1), token
            assert not list(token.children)
    assert [t.text for t in sents[1] if t.dep_ == "ROOT"] == ["urged"]
    assert [t.text for t in sents[2] if t.dep_ == "ROOT"] == ["summoned"]
    assert [t.text for t in sents[2] if t.dep_.startswith("nsubj")] == ["envoy"]


def test_a_paragraph_break_starts_a_sentence(nlp) -> None:
    """A paragraph without final punctuation (a dateline, a standfirst) still ends there."""
    if nlp.meta.get("name") != "wirewatch_news":
        pytest.skip("another pipeline is configured")
    doc = nlp("Kim arrives at the Vostochny cosmodrome\n\nNorth Korean leader Kim Jong Un "
              "met President Vladimir Putin on Wednesday.")
    assert [s.text.strip() for s in doc.sents] == [
        "Kim arrives at the Vostochny cosmodrome",
        "North Korean leader Kim Jong Un met President Vladimir Putin on Wednesday."]


def test_parse_without_spaces_wraps_only_a_dependency_parser():
    """Any pipeline with a spaCy parser gets the wrapper (its own encoder reads the copy's
    words); one without a parser is left as it is."""
    import spacy

    from wirewatch.nlp.components import ParseWithoutSpaces, install_parse_without_spaces

    blank = spacy.blank("en")
    install_parse_without_spaces(blank)
    assert blank.pipe_names == []
    from spacy.training import Example

    nlp = spacy.blank("en")
    nlp.add_pipe("parser")
    example = Example.from_dict(nlp.make_doc("Troops moved ."),
                                {"heads": [1, 1, 1], "deps": ["nsubj", "ROOT", "punct"]})
    nlp.initialize(lambda: [example])
    install_parse_without_spaces(nlp)
    assert nlp.pipe_names == ["parser"] and isinstance(nlp.get_pipe("parser"), ParseWithoutSpaces)
    doc = nlp("Troops moved.\n\nThe talks\xa0ended.")
    assert all(t.dep_ == "dep" and not list(t.children) for t in doc if t.is_space)


def test_lemma_check_corrects_verbs_the_edit_trees_miss(nlp) -> None:
    """The edit-tree lemmatizer left "violated" as "violat" and "supplying" as "supplye"; the
    WordNet tables correct verbs and adjectives, and keep a lemma they know."""
    doc = nlp("Turkey was supplying the government and violated the embargo, which Russia fought "
              "and bombed.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["supplying"] == "supply", lemmas
    assert lemmas["violated"] == "violate", lemmas
    assert lemmas["fought"] == "fight", lemmas
    assert lemmas["bombed"] == "bomb", lemmas
    assert lemmas["was"] == "be"
    from wirewatch.nlp.components import lemma_tables

    tables = lemma_tables()
    assert tables.lemma("violated", "verb", "violat") == "violate"  # unknown lemma: the first rule the index knows
    assert tables.lemma("fled", "verb", "fl") == "flee"  # an irregular form: its listed lemma
    assert tables.lemma("shipping", "verb", "ship") == "ship"  # a known lemma is kept
    assert tables.lemma("zorbing", "verb", "zorb") == "zorb"  # nothing better known: the model's


def test_lemma_check_runs_after_an_edit_tree_lemmatizer(nlp) -> None:
    names = nlp.pipe_names
    assert names.index("lemma_check") == names.index("trainable_lemmatizer") + 1


def test_lemma_accuracy_on_ud_dev(nlp, shared_data) -> None:
    """First 500 UD EWT dev sentences: verb lemmas at least 97.5% (98.5% with the check,
    96.2% without; on the whole dev set 97.6% and 95.2%, docs/nlp.md)."""
    from wirewatch.evaluate.parse import evaluate_parse

    r = evaluate_parse(nlp, UD_DEV, limit=500)
    assert r["verb_lemma_accuracy"] >= 97.5, r


def test_a_text_queued_in_an_earlier_batch_is_not_parsed_again(tmp_path, store, settings, parsed) -> None:
    """The pipeline plans batch k+1 before it stores batch k: a copy of a text still being
    parsed for the batch before takes that parse when its own batch is stored."""
    from conftest import WIRE, write

    from wirewatch import pipeline
    from wirewatch.nlp import stage as nlp_stage

    header = "Title: Satellite launch\nDate: 2023-11-22\nSource: {src}\nURL: https://{src}.example/a\n\n"
    for src in ("wire", "reprint"):
        write(tmp_path / f"{src}.txt", header.format(src=src) + WIRE)
    pipeline.ingest(store, [str(tmp_path)], settings)
    ids = [a.id for a in store.iter_articles()]
    stage = nlp_stage.NlpStage(processes=1)
    assert pipeline.run_stages(store, [stage], batch_size=1) == {"nlp": 2}
    assert len(parsed) == 1 and stage._queued == {}
    docs = store.doc_bytes(ids)
    assert len(docs) == 2 and docs[ids[0]][1] == docs[ids[1]][1]
    assert store.sentence_spans(ids[0]) == store.sentence_spans(ids[1]) != []


def test_a_run_that_failed_leaves_nothing_queued_for_the_next(tmp_path, store, settings, monkeypatch, request) -> None:
    """A parse that fails after its batch was planned (a worker killed, say) must not make
    the same stage object skip those texts in its next run."""
    from conftest import WIRE, write

    from wirewatch import pipeline
    from wirewatch.errors import WirewatchError
    from wirewatch.nlp import stage as nlp_stage

    write(tmp_path / "a.txt", "Title: Satellite launch\nDate: 2023-11-22\nSource: wire\n\n" + WIRE)
    pipeline.ingest(store, [str(tmp_path)], settings)
    stage = nlp_stage.NlpStage(processes=1)
    real = nlp_stage._parse

    def broken(nlp, texts, batch_size):
        raise WirewatchError("worker lost")

    monkeypatch.setattr(nlp_stage, "_parse", broken)
    with pytest.raises(WirewatchError, match="worker lost"):
        pipeline.run_stages(store, [stage])
    assert stage._queued, "the failed job's text was queued"
    monkeypatch.setattr(nlp_stage, "_parse", real)
    parsed = request.getfixturevalue("parsed")  # counting from here on
    assert pipeline.run_stages(store, [stage]) == {"nlp": 1}
    assert len(parsed) == 1 and stage._queued == {} and len(store.doc_bytes([a.id for a in store.iter_articles()])) == 1
