"""A graph-based (biaffine) dependency parser over the shared encoder, run with numpy.

Dozat & Manning (2017): each word gets a "dependent" and a "head" representation from a
bidirectional LSTM over the encoder's output, a bilinear form scores every (dependent, head)
pair, and the tree is the maximum spanning arborescence of those scores (Chu-Liu/Edmonds),
with exactly one word under the root. A second bilinear form labels each chosen arc.

The weights are trained by ``training/biaffine/train.py`` (PyTorch, in a training
environment) on UD EWT, reading the *frozen* output of the pipeline's shared ``tok2vec`` and
the tagger's tags; wirewatch itself needs no torch: this module runs the same forward pass
in numpy. See docs/nlp.md, "A graph-based parser over the frozen encoder".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from spacy.language import Language

from wirewatch.nlp.components import BatchedParse, write_parse

# ---------------------------------------------------------------------------- forward pass


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _leaky(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.1 * x)  # leaky ReLU, slope 0.1


def _bilstm(x: np.ndarray, lengths: np.ndarray, forward: tuple, backward: tuple) -> np.ndarray:
    """One bidirectional LSTM layer over a right-padded batch ``x`` [B, L, d], sequences
    sorted longest first; ``forward``/``backward``: (w_ih, w_hh, bias) with the gates in the
    order i, f, o, g (``BiaffineModel`` reorders PyTorch's i, f, g, o at load). The two
    directions step together (the backward one over each sequence reversed within its own
    length), so padding, which comes after each sequence, never reaches a real step."""
    batch, length, _ = x.shape
    hidden = forward[1].shape[1]
    xs = (x, _reverse(x, lengths))
    xp = np.stack([(xi.reshape(batch * length, -1) @ w_ih.T + b).reshape(batch, length, 4 * hidden)
                   for xi, (w_ih, _, b) in zip(xs, (forward, backward))])  # [2, B, L, 4h]
    w_hh_t = np.stack([np.ascontiguousarray(forward[1].T), np.ascontiguousarray(backward[1].T)])
    h = np.zeros((2, batch, hidden), dtype=x.dtype)
    c = np.zeros((2, batch, hidden), dtype=x.dtype)
    out = np.zeros((2, batch, length, hidden), dtype=x.dtype)
    live_at = (lengths[None, :] > np.arange(length)[:, None]).sum(axis=1)
    three = 3 * hidden
    for t in range(length):
        live = int(live_at[t])
        if not live:
            break
        h, c = h[:, :live], c[:, :live]
        gates = xp[:, :live, t] + np.matmul(h, w_hh_t)
        sig = gates[..., :three]
        np.multiply(sig, 0.5, out=sig)
        np.tanh(sig, out=sig)
        sig += 1.0
        sig *= 0.5  # sigmoid(x) = (1 + tanh(x / 2)) / 2, in place
        c = sig[..., hidden : 2 * hidden] * c + sig[..., :hidden] * np.tanh(gates[..., three:])
        h = sig[..., 2 * hidden : three] * np.tanh(c)
        out[:, :live, t] = h
    return np.concatenate([out[0], _reverse(out[1], lengths)], axis=-1)


def _reverse(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each sequence of a right-padded batch reversed within its own length."""
    out = np.zeros_like(x)
    for k, n in enumerate(lengths):
        out[k, :n] = x[k, n - 1 :: -1] if n else x[k, :0]
    return out


def _gates_ifog(name: str, value: np.ndarray) -> np.ndarray:
    """PyTorch stores an LSTM's four gates as i, f, g, o; ``_bilstm`` wants i, f, o, g so
    that the three sigmoid gates are one block."""
    if not name.startswith("lstm."):
        return value
    i, f, g, o = np.split(value, 4, axis=0)
    return np.concatenate([i, f, o, g], axis=0)


class BiaffineModel:
    """The weights and the numpy forward pass. ``W`` maps names to arrays (float32)."""

    def __init__(self, weights: dict[str, np.ndarray], tags: Sequence[str], labels: Sequence[str],
                 tag_map: dict[str, str] | None = None) -> None:
        self.raw = dict(weights)  # as trained (PyTorch's names and gate order): what is saved
        self.W = {k: _gates_ifog(k, np.asarray(v, dtype=np.float32)) for k, v in weights.items()}
        self.tags = list(tags)
        self.tag_map = dict(tag_map or {})  # tags read as one ("VBD" and "VBN": the tagger mixes them up)
        self.tag_index = {t: i + 1 for i, t in enumerate(self.tags)}  # 0: a tag not seen in training
        self.labels = list(labels)
        self.layers = sum(1 for k in self.W if k.startswith("lstm.weight_ih_l") and not k.endswith("_reverse"))

    @classmethod
    def load(cls, path: str | Path) -> "BiaffineModel":
        path = Path(path)
        meta = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        with np.load(path / "weights.npz") as data:
            weights = {k: data[k] for k in data.files}
        return cls(weights, meta["tags"], meta["labels"], meta.get("tag_map"))

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps({"tags": self.tags, "labels": self.labels, "tag_map": self.tag_map}), encoding="utf-8")
        np.savez(path / "weights.npz", **{k: np.asarray(v, dtype=np.float16) for k, v in self.raw.items()})

    def encode(self, feats: Sequence[np.ndarray], tags: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """The BiLSTM states [B, L+1, 2h] of a batch of sentences (row 0: the root), longest
        first, and their lengths (root included)."""
        W = self.W
        lengths = np.array([len(f) + 1 for f in feats])
        batch, length = len(feats), int(lengths.max())
        width = feats[0].shape[1] + W["tag.weight"].shape[1]
        x = np.zeros((batch, length, width), dtype=np.float32)
        for k, (f, ts) in enumerate(zip(feats, tags)):
            x[k, 0] = W["root"]
            x[k, 1 : len(f) + 1, : f.shape[1]] = f
            x[k, 1 : len(f) + 1, f.shape[1] :] = W["tag.weight"][[self.tag_index.get(self.tag_map.get(t, t), 0) for t in ts]]
        for layer in range(self.layers):
            x = _bilstm(x, lengths, *(
                (W[f"lstm.weight_ih_l{layer}{sfx}"], W[f"lstm.weight_hh_l{layer}{sfx}"],
                 W[f"lstm.bias_ih_l{layer}{sfx}"] + W[f"lstm.bias_hh_l{layer}{sfx}"]) for sfx in ("", "_reverse")))
        return x, lengths

    def parse(self, feats: Sequence[np.ndarray], tags: Sequence[Sequence[str]],
              bucket: int = 32) -> list[tuple[np.ndarray, list[str]]]:
        """(heads, labels) per sentence: heads 0-based within the sentence, -1 for the root.
        Sentences are encoded in groups of ``bucket`` of similar length (little padding)."""
        order = sorted(range(len(feats)), key=lambda i: -len(feats[i]))
        out: list = [None] * len(feats)
        for start in range(0, len(order), bucket):
            group = order[start : start + bucket]
            for i, result in zip(group, self._parse_group([feats[i] for i in group], [tags[i] for i in group])):
                out[i] = result
        return out

    def _parse_group(self, feats, tags) -> list[tuple[np.ndarray, list[str]]]:
        W = self.W
        states, lengths = self.encode(feats, tags)
        batch, length, width = states.shape
        flat = states.reshape(batch * length, width)
        arc_dep = (_leaky(flat @ W["ad.weight"].T + W["ad.bias"]) @ W["U"]).reshape(batch, length, -1)
        arc_head = _leaky(flat @ W["ah.weight"].T + W["ah.bias"]).reshape(batch, length, -1)
        scores = arc_dep @ arc_head.transpose(0, 2, 1) + (arc_head @ W["u"])[:, None, :]  # [B, dep, head]
        position = np.arange(length)
        scores = np.where(position[None, None, :] < lengths[:, None, None], scores, -np.inf)  # padding heads
        scores[:, position, position] = -np.inf
        heads = scores.argmax(axis=2)
        heads[:, 0] = 0
        for k in np.flatnonzero(~_are_trees(heads, lengths)):  # the greedy heads are rarely not a tree
            n = int(lengths[k])
            heads[k, :n] = max_spanning_tree(scores[k, :n, :n])
            heads[k, 0] = 0
        # label every word at its chosen head
        words = position[None, :] < lengths[:, None]
        words[:, 0] = False
        dep_rows = np.flatnonzero(words.reshape(-1))
        head_rows = (np.arange(batch)[:, None] * length + heads).reshape(-1)[dep_rows]
        lab_dep = _leaky(flat[dep_rows] @ W["ld.weight"].T + W["ld.bias"])
        lab_head = _leaky(flat[head_rows] @ W["lh.weight"].T + W["lh.bias"])
        labels = self._label(lab_dep, lab_head)
        out, pos = [], 0
        for k in range(batch):
            n = int(lengths[k]) - 1
            out.append((heads[k, 1 : n + 1] - 1, labels[pos : pos + n]))
            pos += n
        return out

    def _label(self, dep: np.ndarray, head: np.ndarray) -> list[str]:
        W = self.W["W"]  # [labels, d+1, e+1]
        n_labels, d1, e1 = W.shape
        if not hasattr(self, "_w_label"):
            self._w_label = np.ascontiguousarray(W.transpose(1, 0, 2).reshape(d1, n_labels * e1))
        one = np.ones((len(dep), 1), dtype=dep.dtype)
        d, h = np.concatenate([dep, one], 1), np.concatenate([head, one], 1)
        scores = ((d @ self._w_label).reshape(len(d), n_labels, e1) * h[:, None, :]).sum(-1)
        return [self.labels[j] for j in scores.argmax(1)]


# ---------------------------------------------------------------------------- decoding


def _are_trees(heads: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per row of ``heads`` [B, L] (node 0 the root, ``heads[:, 0] == 0``, padding after
    ``lengths``): whether the first ``lengths`` nodes form a tree with one word under the
    root. Following heads ``L`` times from every node reaches the root unless there is a
    cycle; pointer doubling gets there in log2(L) steps."""
    batch, length = heads.shape
    words = np.arange(length)[None, :] < lengths[:, None]
    reach = np.where(words, heads, 0)
    for _ in range(max(1, int(np.ceil(np.log2(length))) + 1)):
        reach = np.take_along_axis(reach, reach, axis=1)
    one_root = ((heads == 0) & words).sum(axis=1) == 2  # node 0 itself and one word
    return one_root & (reach == 0).all(axis=1)


def max_spanning_tree(scores: np.ndarray) -> np.ndarray:
    """Heads of the highest-scoring tree over nodes 0..n-1 rooted at node 0, with exactly
    one node under the root. ``scores[d, h]``: the score of ``h`` heading ``d``. Returns
    ``heads`` with ``heads[0] == -1``."""
    n = scores.shape[0]
    s = scores.astype(np.float64, copy=True)
    np.fill_diagonal(s, -np.inf)
    s[0, :] = -np.inf
    heads = _arborescence(s)
    roots = [d for d in range(1, n) if heads[d] == 0]
    if len(roots) <= 1:
        return heads
    best, best_score = heads, -np.inf
    for r in roots:  # one root child at a time; keep the best tree
        t = s.copy()
        t[1:, 0] = -np.inf
        t[r, 0] = s[r, 0]
        h = _arborescence(t)
        total = t[np.arange(1, n), h[1:]].sum()
        if total > best_score:
            best, best_score = h, total
    return best


def _arborescence(s: np.ndarray) -> np.ndarray:
    """Chu-Liu/Edmonds on a dense score matrix (``-inf`` for forbidden arcs)."""
    n = s.shape[0]
    heads = s.argmax(axis=1)
    heads[0] = -1
    cycle = _cycle(heads)
    if cycle is None:
        return heads
    in_cycle = np.zeros(n, dtype=bool)
    in_cycle[cycle] = True
    rest = [i for i in range(n) if not in_cycle[i]]  # node 0 is never in a cycle
    m = len(rest)  # the contracted node gets index m
    t = np.full((m + 1, m + 1), -np.inf)
    t[:m, :m] = s[np.ix_(rest, rest)]
    cyc = np.array(cycle)
    # the cycle as dependent: enter it at the node where breaking its arc costs least
    gain = s[cyc][:, rest] - s[cyc, heads[cyc]][:, None]  # [cycle, rest]
    enter = gain.argmax(axis=0)
    t[m, :m] = gain[enter, np.arange(m)]
    # the cycle as head: the best member for each outside dependent
    out_scores = s[rest][:, cyc]  # [rest, cycle]
    leave = out_scores.argmax(axis=1)
    t[:m, m] = out_scores[np.arange(m), leave]
    t[m, m] = -np.inf
    sub = _arborescence(t)
    result = heads.copy()
    for i, v in enumerate(rest):
        if v == 0:
            continue
        h = sub[i]
        result[v] = cyc[leave[i]] if h == m else rest[h]
    h = sub[m]  # the outside head the cycle hangs from
    entry = cyc[enter[h]]
    result[entry] = rest[h]
    return result


def _cycle(heads: np.ndarray) -> list[int] | None:
    n = len(heads)
    state = np.zeros(n, dtype=np.int8)  # 0 new, 1 on the current path, 2 done
    for start in range(1, n):
        path = []
        v = start
        while v > 0 and state[v] == 0:
            state[v] = 1
            path.append(v)
            v = heads[v]
        if v > 0 and state[v] == 1:
            return path[path.index(v):]
        for p in path:
            state[p] = 2
    return None


# ---------------------------------------------------------------------------- the component
#
# The biaffine parser reads one sentence at a time, so sentences are found first, by rule:
# a sentence starts at the first word of a document, after a line break, and after a word
# that ends a sentence (". ! ? …", or a closing quote or bracket right after one) when the
# next word does not begin in lower case, close a bracket or close a quotation. A word with
# its own full stop ("U.S.", "Mr.", "F.") never ends a sentence: the tokenizer splits a
# sentence's final stop off every word but these, and they stand far more often inside a
# sentence than at its end. Whitespace tokens are left out of the sentences the parser reads
# and attached, as ``dep``, to the word after them (``components.write_parse``, shared with
# the transition parser's wrapper).

BIAFFINE_PARSER = "wirewatch_biaffine_parser"
_FINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?", "!!", "??", "!!!", "???"})
_CLOSING = frozenset({'"', "”", "’", "'", ")", "]", "»"})


def sentence_spans(doc) -> list[list[int]]:
    """The word indices (whitespace tokens left out) of each sentence of ``doc``."""
    sentences: list[list[int]] = []
    current: list[int] = []
    previous: list[str] = []  # the texts of the current sentence's words so far
    line_break = True
    for token in doc:
        if token.is_space:
            line_break = line_break or "\n" in token.text
            continue
        text = token.text
        if current and (line_break or (_ends_sentence(previous) and _may_start(text, previous))):
            sentences.append(current)
            current, previous = [], []
        current.append(token.i)
        previous.append(text)
        line_break = False
    if current:
        sentences.append(current)
    # punctuation alone (a quotation mark closing one opened sentences before) is no sentence
    merged: list[list[int]] = []
    for words in sentences:
        if merged and not any(ch.isalnum() for i in words for ch in doc[i].text):
            merged[-1].extend(words)
        else:
            merged.append(words)
    return merged


def _may_start(text: str, previous: list[str]) -> bool:
    """Whether ``text`` can open a sentence after ``previous``: not a word in lower case,
    not a closing bracket, and not a quotation mark that closes one the sentence opened."""
    if text[:1].islower() or text in (")", "]", "”", "’"):
        return False
    if text in ('"', "'"):
        return previous.count(text) % 2 == 0
    return True


def _ends_sentence(words: list[str]) -> bool:
    last = words[-1]
    if last in _FINAL:
        return True
    if last in _CLOSING and len(words) > 1:
        return words[-2] in _FINAL or words[-2][-1:] in ("!", "?")
    return False


class BiaffineParser(BatchedParse):
    """spaCy component: sentences by rule, then the biaffine parse of each (see above).
    Reads ``doc.tensor`` (the shared encoder's output) and ``Token.tag_``."""

    def __init__(self, nlp, name: str = "parser", model: BiaffineModel | None = None) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.model = model

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.model.labels) if self.model else ()

    def _parse(self, docs) -> None:
        items = []  # (doc index, word indices)
        for k, doc in enumerate(docs):
            if doc.tensor is None or len(doc.tensor) != len(doc):
                raise ValueError(f"{BIAFFINE_PARSER} needs the shared encoder's output (doc.tensor) before it")
            items.extend((k, words) for words in sentence_spans(doc))
        feats = [docs[k].tensor[words] for k, words in items]
        tags = [[docs[k][i].tag_ for i in words] for k, words in items]
        parsed = self.model.parse(feats, tags) if items else []
        by_doc: dict[int, list] = {}
        for (k, words), (heads, labels) in zip(items, parsed):
            by_doc.setdefault(k, []).append((words, heads, labels))
        for k, doc in enumerate(docs):
            _write_parse(doc, by_doc.get(k, []))

    def to_disk(self, path, exclude=()) -> None:
        self.model.save(path)

    def from_disk(self, path, exclude=()) -> "BiaffineParser":
        self.model = BiaffineModel.load(path)
        return self

    def to_bytes(self, exclude=()) -> bytes:  # pickled with the pipeline for worker processes
        import pickle

        return pickle.dumps((self.model.raw, self.model.tags, self.model.labels, self.model.tag_map))

    def from_bytes(self, data: bytes, exclude=()) -> "BiaffineParser":
        import pickle

        weights, tags, labels, tag_map = pickle.loads(data)
        self.model = BiaffineModel(weights, tags, labels, tag_map)
        return self


def _write_parse(doc, sentences) -> None:
    n = len(doc)
    heads = np.arange(n, dtype="int64")
    deps = np.zeros(n, dtype="uint64")
    strings = doc.vocab.strings
    root = strings.add("ROOT")
    words_all: list[int] = []
    for words, sent_heads, labels in sentences:
        for j, i in enumerate(words):
            h = sent_heads[j]
            heads[i] = words[h] if h >= 0 else i
            deps[i] = root if h < 0 else strings.add(labels[j])
        words_all.extend(words)
    write_parse(doc, heads, deps, words_all)


@Language.factory(BIAFFINE_PARSER)
def make_biaffine_parser(nlp, name: str) -> BiaffineParser:
    return BiaffineParser(nlp, name)
