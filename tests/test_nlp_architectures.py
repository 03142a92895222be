"""wirewatch's own model layers, registered with spaCy (src/wirewatch/nlp/architectures.py)."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.ml.models.tok2vec import MaxoutWindowEncoder, Tok2VecListener
from spacy.util import registry
from thinc.api import LSTM, chain, noop, residual, with_padded

import wirewatch.nlp.architectures  # noqa: F401  (registers the layers)


def test_listener_encoder_keeps_the_listener_and_adds_its_own_layers():
    make = registry.architectures.get("wirewatch.ListenerEncoder.v1")
    model = make(Tok2VecListener(upstream_name="tok2vec", width=32), width=32, depth=2)
    assert model.get_dim("nO") == 32
    # spaCy finds a component's listener by walking its model: it must still be there
    assert any(isinstance(node, Tok2VecListener) for node in model.walk())


def test_the_bilstm_listener_keeps_the_listener_and_its_width():
    make = registry.architectures.get("wirewatch.ListenerBiLSTM.v1")
    model = make(Tok2VecListener(upstream_name="tok2vec", width=32), width=32, depth=2)
    assert model.get_dim("nO") == 32
    assert any(isinstance(node, Tok2VecListener) for node in model.walk())


def _first_word_sees_last(encoder) -> bool:
    """Whether the first word's output changes when only the last of 12 words changes."""
    model = chain(noop(), encoder)
    rng = numpy.random.default_rng(0)
    X = rng.standard_normal((12, 16)).astype("float32")
    model.initialize(X=[X])
    Y = model.predict([X])[0]
    X2 = X.copy()
    X2[-1] += 5.0
    Y2 = model.predict([X2])[0]
    return not numpy.allclose(Y[0], Y2[0])


def test_the_bilstm_reads_the_whole_document_where_the_convolutions_see_a_window():
    assert not _first_word_sees_last(MaxoutWindowEncoder(16, 1, 3, 2))  # 2 words each side
    assert _first_word_sees_last(residual(with_padded(LSTM(16, 16, bi=True))))
    # the registered layer (listener replaced by a no-op) behaves the same way
    make = registry.architectures.get("wirewatch.ListenerBiLSTM.v1")
    assert _first_word_sees_last(make(noop(), width=16, depth=1))


@pytest.mark.parametrize("encoder", [
    {"@architectures": "wirewatch.ListenerEncoder.v1", "width": 32, "depth": 2},
    {"@architectures": "wirewatch.ListenerBiLSTM.v1", "width": 32, "depth": 1},
])
def test_a_parser_on_a_listener_encoder_trains_and_parses(encoder):
    """A tiny pipeline whose parser reads the shared tok2vec through layers of its own:
    it initialises, learns a few updates and parses, as the shipped config does."""
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(0)  # 30 updates left 3 seeds in 20 unconverged: a seed, and 60 (0 in 20)
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.HashEmbedCNN.v2", "width": 32, "depth": 1, "embed_size": 500,
        "window_size": 1, "maxout_pieces": 2, "subword_features": True, "pretrained_vectors": None}})
    nlp.add_pipe("parser", config={"min_action_freq": 1, "model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "parser",
        "extra_state_tokens": False, "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {**encoder, "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1",
                                           "width": 32, "upstream": "tok2vec"}}}})
    words = ["Russia", "sent", "drones", "."]
    example = Example.from_dict(nlp.make_doc("Russia sent drones ."),
                                {"words": words, "heads": [1, 1, 1, 1], "deps": ["nsubj", "ROOT", "obj", "punct"]})
    optimizer = nlp.initialize(lambda: [example])
    assert "parser" in nlp.get_pipe("tok2vec").listening_components
    for _ in range(60):
        nlp.update([example], sgd=optimizer)
    doc = nlp("Russia sent drones .")
    assert [t.head.i for t in doc] == [1, 1, 1, 1]
