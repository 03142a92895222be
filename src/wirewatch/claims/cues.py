"""Attribution cues: which words introduce what someone says, thinks or reports.

Two sources, both data: ``data/cues.json`` -- cue heads and how often each is a cue, learned
from PolNeAR's training articles by ``training/events/train_attribution.py`` -- and the short
hand list below of reporting verbs the news about arms and sanctions leans on, with the
stance each one signals.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from wirewatch.events.text import stem, tokenize

DATA = Path(__file__).resolve().parent / "data" / "cues.json"

# Words skipped to find a cue's head: "has also said" -> "said", "did not deny" -> "deny".
_SKIP = {"have", "be", "do", "also", "not", "will", "would", "could", "can", "may", "might",
         "should", "must", "had", "repeatedly", "publicly", "previously", "further", "again",
         "later", "earlier", "reportedly", "in", "a", "an", "the", "his", "her", "their", "its"}

_SKIP_STEMS = {stem(w) for w in _SKIP}

#: Hand-written reporting cues (plain words, stemmed on load) -> stance they signal.
STANCE = {
    "assert": ["say", "state", "assert", "tell", "announce", "report", "confirm", "declare",
               "add", "note", "explain", "write", "insist", "maintain", "stress", "reiterate",
               "characterize", "characterise", "describe", "call", "tweet", "disclose",
               "reveal", "according to", "show", "indicate", "acknowledge", "argue",
               "contend", "emphasize", "emphasise", "point out", "brief", "testify"],
    "claim": ["claim", "allege", "suggest"],
    "deny": ["deny", "reject", "dismiss", "refute", "rebuff", "disavow", "dispute"],
    "criticise": ["accuse", "criticize", "criticise", "condemn", "denounce", "blame", "slam",
                  "decry"],
    "support": ["praise", "welcome", "endorse", "support", "hail", "back"],
    "warn": ["warn", "threaten", "caution"],
    "speculate": ["believe", "think", "expect", "fear", "hope", "estimate", "assess",
                  "suspect", "predict", "worry"],
    "request": ["urge", "ask", "demand", "call on", "call for", "appeal"],
}
#: Rate given to hand-listed cues missing from the learned lexicon.
HAND_RATE = 0.5


def cue_head(cue_text: str) -> str | None:
    """The stem a cue hangs on ("has repeatedly said" -> "say"); "according to" kept whole."""
    toks = [stem(t) for t, _, _ in tokenize(cue_text) if t.strip()]
    low = " ".join(toks)
    if low.startswith("accord to") or low.startswith("accord"):
        return "according to"
    for t in toks:
        if t not in _SKIP_STEMS and t.isalpha() and len(t) > 1:
            return t
    return None


@functools.lru_cache(maxsize=1)
def cue_rates() -> dict[str, float]:
    """Cue head -> prior that an occurrence is an attribution cue."""
    rates: dict[str, float] = {}
    if DATA.is_file():
        for head, d in json.loads(DATA.read_text(encoding="utf-8"))["cues"].items():
            rates[head] = float(d["rate"])
    for words in STANCE.values():
        for w in words:
            key = "according to" if w == "according to" else " ".join(
                stem(t) for t, _, _ in tokenize(w))
            rates.setdefault(key, HAND_RATE)
    return rates


@functools.lru_cache(maxsize=1)
def _stance_of() -> dict[str, str]:
    out: dict[str, str] = {}
    for stance, words in STANCE.items():
        for w in words:
            out.setdefault(" ".join(stem(t) for t, _, _ in tokenize(w)), stance)
    out["according to"] = "assert"
    return out


def stance(head: str | None, negated: bool = False) -> str | None:
    """Stance signalled by a cue head; "did not confirm" reads as deny."""
    s = _stance_of().get(head or "")
    if negated and s in ("assert", "claim"):
        return "deny"
    return s
