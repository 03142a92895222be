"""The biaffine parser's decoding, sentence rule and numpy forward pass."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from wirewatch.nlp.biaffine import BiaffineModel, _bilstm, _reverse, max_spanning_tree, sentence_spans


def _best_tree_by_search(s: np.ndarray) -> float:
    """The score of the best single-root tree, by trying every head assignment."""
    n = s.shape[0]
    best = -np.inf
    for hs in itertools.product(range(n), repeat=n - 1):
        heads = (-1, *hs)
        if any(heads[d] == d for d in range(1, n)) or sum(h == 0 for h in hs) != 1:
            continue
        acyclic = True
        for d in range(1, n):
            seen, v = set(), d
            while v != 0 and acyclic:
                acyclic = v not in seen
                seen.add(v)
                v = heads[v]
        if acyclic:
            best = max(best, sum(s[d, heads[d]] for d in range(1, n)))
    return best


def test_max_spanning_tree_finds_the_best_single_root_tree() -> None:
    rng = np.random.default_rng(7)
    for _ in range(150):
        n = int(rng.integers(2, 7))
        s = rng.normal(size=(n, n)) * 3
        heads = max_spanning_tree(s)
        assert heads[0] == -1
        assert sum(h == 0 for h in heads[1:]) == 1
        assert sum(s[d, heads[d]] for d in range(1, n)) == pytest.approx(_best_tree_by_search(s))


def test_max_spanning_tree_breaks_a_cycle_the_greedy_heads_make() -> None:
    # greedy: 1 <- 2 and 2 <- 1 (a cycle); the root's best child is word 1
    s = np.full((3, 3), -10.0)
    s[1, 2], s[2, 1] = 5.0, 5.0
    s[1, 0], s[2, 0] = 1.0, 0.0
    assert list(max_spanning_tree(s)) == [-1, 0, 1]


def _doc(text: str) -> Doc:
    return spacy.blank("en")(text)


def _sentences(text: str) -> list[str]:
    doc = _doc(text)
    return [" ".join(doc[i].text for i in words) for words in sentence_spans(doc)]


def test_sentence_rule_on_news_text() -> None:
    text = ("The U.S. Treasury sanctioned two firms on Tuesday. \"We will act,\" a spokesman said. "
            "John F. Kirby declined to comment.\n\nThe shipments continued (officials said so.) in May.")
    assert _sentences(text) == [
        "The U.S. Treasury sanctioned two firms on Tuesday .",
        "\" We will act , \" a spokesman said .",
        "John F. Kirby declined to comment .",
        "The shipments continued ( officials said so . ) in May .",
    ]


def test_sentence_rule_keeps_a_closing_quote_with_its_sentence() -> None:
    assert _sentences('He called it "a proof of weakness." Then he left.') == [
        'He called it " a proof of weakness . "', "Then he left ."]
    # a quotation mark alone at the end (it closed a quotation opened sentences before)
    assert _sentences('It is over. "') == ['It is over . "']


def test_sentence_rule_needs_a_capital_after_the_stop() -> None:
    assert len(_sentences("Prices rose 3 p.m. on Friday. and fell later.")) == 1


def _toy_model(seed: int = 0) -> BiaffineModel:
    rng = np.random.default_rng(seed)
    width, tag_width, hidden, arc, label = 6, 2, 3, 4, 2
    d = width + tag_width
    w = {"tag.weight": rng.normal(size=(3, tag_width)), "root": rng.normal(size=d)}
    for layer, n_in in ((0, d), (1, 2 * hidden)):
        for sfx in ("", "_reverse"):
            w[f"lstm.weight_ih_l{layer}{sfx}"] = rng.normal(size=(4 * hidden, n_in))
            w[f"lstm.weight_hh_l{layer}{sfx}"] = rng.normal(size=(4 * hidden, hidden))
            w[f"lstm.bias_ih_l{layer}{sfx}"] = rng.normal(size=4 * hidden)
            w[f"lstm.bias_hh_l{layer}{sfx}"] = rng.normal(size=4 * hidden)
    for name, size in (("ad", arc), ("ah", arc), ("ld", label), ("lh", label)):
        w[f"{name}.weight"] = rng.normal(size=(size, 2 * hidden))
        w[f"{name}.bias"] = rng.normal(size=size)
    w["U"], w["u"] = rng.normal(size=(arc, arc)), rng.normal(size=arc)
    w["W"] = rng.normal(size=(3, label + 1, label + 1))
    return BiaffineModel({k: v.astype(np.float32) for k, v in w.items()}, ["NN", "VB"], ["nsubj", "obj", "punct"])


def _lstm_reference(x: np.ndarray, w_ih, w_hh, b) -> np.ndarray:
    """A plain LSTM in PyTorch's gate order (i, f, g, o), one sequence."""
    hidden = w_hh.shape[1]
    h, c, out = np.zeros(hidden), np.zeros(hidden), []
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    for row in x:
        z = w_ih @ row + w_hh @ h + b
        i, f, g, o = sig(z[:hidden]), sig(z[hidden:2 * hidden]), np.tanh(z[2 * hidden:3 * hidden]), sig(z[3 * hidden:])
        c = f * c + i * g
        h = o * np.tanh(c)
        out.append(h)
    return np.array(out)


def test_batched_bilstm_matches_a_plain_lstm_each_way_on_padded_sequences() -> None:
    model = _toy_model()
    rng = np.random.default_rng(1)
    lengths = np.array([5, 3, 1])
    x = np.zeros((3, 5, 8), dtype=np.float32)
    for k, n in enumerate(lengths):
        x[k, :n] = rng.normal(size=(n, 8))
    raw, W = model.raw, model.W

    def weights(w, sfx):
        return (w[f"lstm.weight_ih_l0{sfx}"], w[f"lstm.weight_hh_l0{sfx}"],
                w[f"lstm.bias_ih_l0{sfx}"] + w[f"lstm.bias_hh_l0{sfx}"])

    got = _bilstm(x, lengths, weights(W, ""), weights(W, "_reverse"))
    hidden = 3
    for k, n in enumerate(lengths):
        np.testing.assert_allclose(got[k, :n, :hidden], _lstm_reference(x[k, :n], *weights(raw, "")),
                                   rtol=1e-4, atol=1e-5)
        backward = _lstm_reference(x[k, n - 1::-1], *weights(raw, "_reverse"))[::-1]
        np.testing.assert_allclose(got[k, :n, hidden:], backward, rtol=1e-4, atol=1e-5)
    rev = _reverse(x, lengths)
    assert np.array_equal(rev[1, :3], x[1, 2::-1]) and not rev[1, 3:].any()


def test_parse_gives_one_tree_per_sentence_and_survives_a_round_trip(tmp_path) -> None:
    model = _toy_model()
    rng = np.random.default_rng(2)
    feats = [rng.normal(size=(n, 6)).astype(np.float32) for n in (4, 1, 7)]
    tags = [["NN", "VB", "XX", "NN"], ["NN"], ["VB"] * 7]
    parsed = model.parse(feats, tags, bucket=2)
    for f, (heads, labels) in zip(feats, parsed):
        assert len(heads) == len(labels) == len(f)
        assert sum(h == -1 for h in heads) == 1
        assert set(labels) <= {"nsubj", "obj", "punct"}
    model.save(tmp_path / "m")
    again = BiaffineModel.load(tmp_path / "m").parse(feats, tags)
    assert [list(h) for h, _ in again] == [list(h) for h, _ in parsed]


def test_a_tag_map_reads_mapped_tags_as_one(tmp_path) -> None:
    """With "VBN" read as "VB" (as a model trained with ``--tag-map`` does), a sentence tagged
    either way parses the same; without the map the two tags give different inputs."""
    rng = np.random.default_rng(3)
    feats = [rng.normal(size=(5, 6)).astype(np.float32)]
    plain = _toy_model()
    mapped = BiaffineModel(plain.raw, plain.tags, plain.labels, {"VBN": "VB"})
    mapped.save(tmp_path / "m")
    mapped = BiaffineModel.load(tmp_path / "m")

    def states(model, tag):
        return model.encode(feats, [["NN", tag, "NN", "NN", "NN"]])[0]

    assert np.allclose(states(mapped, "VBN"), states(mapped, "VB"))
    assert not np.allclose(states(plain, "VBN"), states(plain, "VB"))
