"""Is this verb (or colon) an attribution cue here? A small learned filter over the lexicon.

The lexicon says how often a word is a cue at all ("said" 84 %, "call" 43 %, "continue"
26 %); whether *this* occurrence is one depends on its syntax: a clausal complement or a
quotation, a subject that is a person or organisation, "that" after it, being inside a
quotation (then it is the quoted speaker's own words and PolNeAR does not annotate it). A
logistic regression over those features, trained on PolNeAR train by
``training/events/train_attribution.py``, makes the call; without the model file the
extractor falls back to the lexicon rate alone.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from wirewatch.claims.cues import cue_rates
from wirewatch.events.linear import LinearModel
from wirewatch.events.text import stem

MODEL = Path(__file__).resolve().parent / "model" / "cue_model.npz"
#: Lexicon rate below which a word is not even a candidate.
CANDIDATE_RATE = 0.08
#: Probability from the model above which a candidate is taken as a cue (chosen on PolNeAR
#: dev among 0.25-0.45: best mean of source/cue/content token-overlap F1).
THRESHOLD = 0.35


def candidate_head(tok: Any) -> str | None:
    """The cue head of a token if it may be a cue: "according to", a lexicon verb, a colon
    before a quotation."""
    doc = tok.doc
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return "according to"
    if tok.text == ":" and tok.i + 1 < len(doc) and doc[tok.i + 1].text in ('"', "“"):
        return ":"
    if not tok.tag_.startswith(("VB", "NN", "JJ")):
        return None
    head = stem(tok.text)
    return head if cue_rates().get(head, 0.0) >= CANDIDATE_RATE else None


def features(tok: Any, head: str, in_quote: bool, sent_has_quote: bool) -> list[str]:
    rate = cue_rates().get(head, 0.0)
    doc = tok.doc
    deps = {c.dep_ for c in tok.children}
    subj = next((c for c in tok.children if c.dep_.startswith("nsubj")), None)
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    f = ["bias", f"head:{head}", f"tag:{tok.tag_}", f"dep:{tok.dep_}",
         f"rate:{min(9, int(rate * 10))}", f"head&tag:{head}&{tok.tag_[:2]}"]
    f += [f"child:{d}" for d in deps if d in ("ccomp", "xcomp", "obj", "parataxis", "obl",
                                             "nsubj", "nsubj:pass", "aux", "advmod", "mark")]
    if subj is not None:
        f.append(f"subj:{subj.ent_type_ or subj.tag_}")
        f.append(f"subj&head:{head}&{subj.ent_type_ or subj.tag_[:2]}")
    if nxt is not None:
        f.append(f"next:{nxt.lower_ if nxt.is_punct or nxt.lower_ in ('that', 'to', 'of', 'for', 'in', 'on', 'as') else nxt.tag_[:2]}")
    if prev is not None:
        f.append(f"prev:{prev.lower_ if prev.is_punct or prev.tag_ in ('MD', 'TO') else prev.tag_[:2]}")
    if in_quote:
        f.append("in_quote")
        f.append(f"in_quote&head:{head}")
    if sent_has_quote:
        f.append("sent_quote")
    if tok.dep_ == "parataxis" or (tok.dep_ == "ROOT" and "ccomp" in deps):
        f.append("reporting_frame")
    return f


@functools.lru_cache(maxsize=1)
def load_model() -> LinearModel | None:
    return LinearModel.load(MODEL) if MODEL.is_file() else None


def cue_probability(tok: Any, head: str, in_quote: bool, sent_has_quote: bool) -> float:
    model = load_model()
    if model is None:
        return 0.0 if in_quote else cue_rates().get(head, 0.0)
    p = model.scores(features(tok, head, in_quote, sent_has_quote))
    return float(p[model.classes.index("cue")])
