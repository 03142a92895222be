"""The PLOVER event coder: which event type links a marked source actor to a target actor.

    from wirewatch.events.coder import load_coder
    coder = load_coder()
    coded = coder.code_marked("<s>Russia</s> accused <t>Ukraine</t> of shelling the plant.")
    coded.root, coded.confidence           # 'ACCUSE', 0.9

The model (``events/model/coder.npz``) is a linear classifier trained by
``training/events/train_coder.py``; its labels are the training data's: the 16 PLOVER types
with CONCEDE and RETREAT joined as YIELD, coded by the codebook's convention (cooperation in
the future is AGREE). :meth:`EventCoder.plover_type` splits YIELD again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirewatch.errors import ConfigError
from wirewatch.events.features import Marked, from_spans, pair_features, parse_marked, sentence_features
from wirewatch.events.linear import LinearModel
from wirewatch.events.text import stem
from wirewatch.events.vocab import YIELD, find_cues, lexicon

MODEL_DIR = Path(__file__).resolve().parent / "model"


@dataclass
class Coded:
    root: str  # the coder's label (may be YIELD)
    confidence: float  # probability of ``root``
    probs: dict[str, float] = field(default_factory=dict)
    plover: str = ""  # root with YIELD resolved to CONCEDE or RETREAT


def normalise_sentence(text: str) -> str:
    """Markers, case, quotes and spacing removed: the key for the training-set hash."""
    text = re.sub(r"</?[stST]>", "", text)
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def sentence_hash(text: str) -> str:
    return hashlib.sha1(normalise_sentence(text).encode("utf-8")).hexdigest()[:16]


class EventCoder:
    def __init__(self, model: LinearModel, meta: dict[str, Any]):
        self.model = model
        self.meta = meta
        self.training_hashes = frozenset(meta.get("training_sentence_hashes", ()))

    def code(self, marked: Marked) -> Coded:
        sf = sentence_features(marked.tokens)
        return self._coded(self.model.scores(pair_features(sf, marked.source, marked.target)), sf.stems)

    def code_marked(self, marked_sentence: str) -> Coded:
        return self.code(parse_marked(marked_sentence))

    def code_spans(self, sentence: str, source: tuple[int, int],
                   target: tuple[int, int]) -> Coded:
        return self.code(from_spans(sentence, source, target))

    def code_pairs(self, tokens: list[str],
                   pairs: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[Coded]:
        """Code many (source, target) token-range pairs of one tokenized sentence: the same
        as :meth:`code` on each, but the sentence's features are computed once and all pairs
        are scored in one matrix operation."""
        if not pairs:
            return []
        sf = sentence_features(tokens)
        probs = self.model.scores_many([pair_features(sf, s, t) for s, t in pairs])
        return [self._coded(p, sf.stems) for p in probs]

    def _coded(self, probs, stems: list[str]) -> Coded:
        order = probs.argsort()[::-1]
        root = self.model.classes[int(order[0])]
        coded = Coded(root=root, confidence=float(probs[order[0]]),
                      probs={self.model.classes[int(i)]: round(float(probs[i]), 4)
                             for i in order[:4]})
        coded.plover = self._plover_of_stems(root, stems)
        return coded

    @staticmethod
    def plover_type(root: str, tokens: list[str]) -> str:
        """YIELD -> RETREAT when a material concession is named, else CONCEDE (verbal)."""
        return EventCoder._plover_of_stems(root, [stem(t) for t in tokens] if root == YIELD else [])

    @staticmethod
    def _plover_of_stems(root: str, stems: list[str]) -> str:
        if root != YIELD:
            return root
        material = lexicon()["modes"].get("RETREAT", {})
        if any(find_cues(stems, cues) for cues in material.values()):
            return "RETREAT"
        return "CONCEDE"


@functools.lru_cache(maxsize=2)
def load_coder(model_dir: str | None = None) -> EventCoder:
    """The coder bundled with wirewatch (or one in ``model_dir``), loaded once."""
    path = Path(model_dir) if model_dir else MODEL_DIR
    npz, meta = path / "coder.npz", path / "meta.json"
    if not npz.is_file():
        raise ConfigError(f"the event coder model is missing from {path}; rebuild it with "
                          "`python training/events/train_coder.py --shared ../shared`")
    return EventCoder(LinearModel.load(npz),
                      json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {})
