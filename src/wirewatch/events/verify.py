"""The event verifier: how likely a coded event is to be right, judged from the whole reading.

The extractor decides, pair by pair, which two actors a sentence links and how; the coder
under it was trained on conflict news. On general and political news most of what it reads
is wrong (docs/events.md, "Precision on real news": about one event in three), in ways the
pairwise coder cannot see: the speaker or the outlet as a party, a poll as an endorsement, a
campaign "attack" as an assault. The verifier looks at the finished event (its type and
trigger, the coder's confidence, what kind of entity each side is and how it is written,
whether a side is the event's own reporter, where the sides sit in the parse, the words
between them) and gives the probability that a reader would call it right. The events stage
drops events below the model's threshold (its meta's ``threshold``);
``WIREWATCH_EVENT_VERIFIER=off`` keeps them all.

The model (``events/model/verifier.npz``) is a logistic regression over those features
(:mod:`wirewatch.events.linear`), trained by ``training/events/train_verifier.py`` on events
that blind readers labelled right or wrong on real news; its meta names the data.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
from pathlib import Path
from typing import Any, Callable, Sequence

from wirewatch.errors import ConfigError
from wirewatch.events.linear import LinearModel
from wirewatch.events.records import ActorRef, Event
from wirewatch.events.text import stem

MODEL_DIR = Path(__file__).resolve().parent / "model"

_PRONOUNS = frozenset("he she it they we i you him her them us his its their".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_PREV = re.compile(r"([A-Za-z][\w.'’]*)([ -])$")  # the word just before a side, and what joins them
_NEXT = re.compile(r"([ -])([A-Za-z][\w.'’]*)")  # ... and just after


def _bucket(x: float, edges: Sequence[float]) -> int:
    return sum(x >= e for e in edges)


KindOf = Callable[[str], "str | None"] | None


def _kind(ref: ActorRef, kind_of: KindOf) -> str:
    if ref.text.strip().lower() in _PRONOUNS:
        return "pronoun"
    # the resolver's entity type; ``kind_of`` (entity id -> type) for events stored before
    # ActorRef carried it
    kind = ref.kind or (kind_of(ref.entity_id) if kind_of is not None and ref.entity_id else None)
    if kind:
        return kind
    return "code" if ref.code else "unlinked"


def _side_kinds(refs: list[ActorRef], kind_of: KindOf) -> str:
    if not refs:
        return "none"
    kinds = sorted({_kind(r, kind_of) for r in refs})
    return "+".join(kinds) if len(refs) == 1 else "list:" + "+".join(kinds)


def _shape(text: str, s0: int, ref: ActorRef, side: str) -> list[str]:
    """How a side is written: inside a quotation (a title, a slogan), joined to a capitalised
    word it leaves out (a fragment of a longer name: "AFL" of "AFL-CIO", "R" of "R-Wis."),
    one or two letters."""
    out = []
    if sum(text.count(q, s0, ref.start) for q in '"“”') % 2:
        out.append(f"{side}_quoted")
    prev = _PREV.search(text, max(s0, ref.start - 40), ref.start)
    nxt = _NEXT.match(text, ref.end, ref.end + 40)
    if (prev and prev.group(2) == "-") or (nxt and nxt.group(1) == "-"):
        out.append(f"{side}_frag=hyphen")
    elif nxt and nxt.group(2)[0].isupper():
        out.append(f"{side}_frag=after")
    elif prev and prev.group(1)[0].isupper():
        out.append(f"{side}_frag=before")
    if len(ref.text.strip()) <= 2:
        out.append(f"{side}_short")
    return out


def _syntax(doc: Any, ref: ActorRef, side: str) -> tuple[list[str], Any]:
    """Where one side sits in the parse: its head's relation, the preposition that governs
    it, the word it hangs from."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return [f"{side}_dep=none"], None
    root = span.root
    out = [f"{side}_dep={root.dep_}"]
    head = root.head
    if root.dep_ == "pobj":
        out.append(f"{side}_prep={head.lower_}")
        head = head.head
    out.append(f"{side}_head={head.lemma_.lower()}")
    return out, head


def features(event: Event, text: str, kind_of: KindOf = None, doc: Any = None,
             siblings: Sequence[Event] = ()) -> list[str]:
    """The verifier's features of one event. ``text`` is the article's text (the event's
    offsets point into it); each side's kind is its ``ActorRef.kind``, or ``kind_of`` (an
    entity id's type: "person", "country", ...) for events stored before sides carried it;
    ``doc``, the article's parse, adds where each side sits in it; ``siblings``, every event
    read in the article, how many there are and how many share the sentence (the conflict
    and arms-transfer news the events layer is for tells of many)."""
    t = event.type
    trig = stem(event.trigger.lower()) if event.trigger else "NONE"
    a = _side_kinds(event.actors, kind_of)
    r = _side_kinds(event.recipients, kind_of)
    conf = _bucket(event.confidence, (0.35, 0.5, 0.65, 0.8, 0.9))
    s0, s1 = event.evidence.start, event.evidence.end
    sentence = text[s0:s1]
    n_words = len(sentence.split())
    src = event.attribution.source
    spoken = src is not None and any(
        (src.entity_id and p.entity_id == src.entity_id) or (p.start < src.end and src.start < p.end)
        for p in event.actors + event.recipients)
    quoted = any(q in sentence for q in '"“”')
    out = [
        "bias", f"t={t}", f"t={t}|trig={trig}", f"trig_none={event.trigger is None}",
        f"t={t}|trig_none={event.trigger is None}", f"t={t}|mod={event.modality}",
        f"conf={conf}", f"t={t}|conf={conf}", f"a={a}", f"r={r}", f"t={t}|a={a}", f"t={t}|r={r}",
        f"a={a}|r={r}", f"att={event.attribution.kind}", f"side_is_source={spoken}",
        f"t={t}|side_is_source={spoken}", f"words={_bucket(n_words, (12, 25, 40, 60))}",
        f"quote={quoted}", f"mode={event.mode}", f"t={t}|mode={event.mode}",
        f"in_article={_bucket(len(siblings), (2, 4, 8, 16))}",
        f"in_sentence={_bucket(sum(e.evidence.start == s0 for e in siblings), (2, 3, 5))}",
    ]
    out.extend(f"ctx={c}" for c in event.contexts)
    for side, refs in (("a", event.actors), ("r", event.recipients)):
        if refs:
            out.extend(_shape(text, s0, refs[0], side))
    if event.actors and event.recipients:
        a0 = min(p.start for p in event.actors)
        r0 = min(p.start for p in event.recipients)
        lo = min(p.end for p in (event.actors if a0 < r0 else event.recipients))
        hi = max(a0, r0)
        between = [stem(w.lower()) for w in _WORD.findall(text[lo:hi])]
        out.append(f"order={'ar' if a0 < r0 else 'ra'}")
        out.append(f"gap={_bucket(len(between), (2, 5, 10, 20))}")
        out.extend(f"w={w}" for w in set(between))
    elif event.actors:
        a1 = max(p.end for p in event.actors)
        out.extend(f"w={stem(w.lower())}" for w in set(_WORD.findall(text[a1:s1])[:8]))
    if doc is not None and doc.has_annotation("DEP"):
        deps, heads = [], []
        for side, refs in (("a", event.actors), ("r", event.recipients)):
            if refs:
                found, head = _syntax(doc, refs[0], side)
                out.extend(found)
                out.extend(f"t={t}|{f}" for f in found if "_dep=" in f)
                deps.append(found[0].split("=", 1)[1])
                heads.append(head)
                if head is not None and trig != "NONE" and stem(head.lower_) == trig:
                    out.append(f"{side}_of_trigger")  # the side hangs from the word the event was read from
        if len(heads) == 2 and heads[0] is not None:
            out.append(f"same_head={heads[0] == heads[1]}")
            out.append(f"deps={deps[0]}>{deps[1]}|same_head={heads[0] == heads[1]}")
    return out


class Verifier:
    def __init__(self, model: LinearModel, meta: dict, threshold: float):
        self.model = model
        self.meta = meta
        self.threshold = threshold
        self._right = model.classes.index("right")

    def probabilities(self, events: Sequence[Event], text: str,
                      kind_of: KindOf = None, doc: Any = None) -> list[float]:
        if not events:
            return []
        probs = self.model.scores_many([features(e, text, kind_of, doc, events) for e in events])
        return [float(p[self._right]) for p in probs]

    def keep(self, events: Sequence[Event], text: str, kind_of: KindOf = None,
             doc: Any = None) -> list[Event]:
        """The events at least ``threshold`` likely to be right, each carrying that chance
        (``Event.belief``) for whoever ranks them later (the briefing)."""
        return [dataclasses.replace(e, belief=round(p, 3))
                for e, p in zip(events, self.probabilities(events, text, kind_of, doc)) if p >= self.threshold]


def verifier_dir() -> Path | None:
    """The folder of the verifier the events stage uses: the shipped one, or the one named by
    ``WIREWATCH_EVENT_VERIFIER`` (``off``: None, every event is kept)."""
    where = os.environ.get("WIREWATCH_EVENT_VERIFIER", "on")
    if where == "off":
        return None
    folder = MODEL_DIR if where == "on" else Path(where)
    for name in ("verifier.npz", "verifier.json"):
        if not (folder / name).is_file():
            raise ConfigError(f"WIREWATCH_EVENT_VERIFIER: no event verifier in {folder} ({name} missing); "
                              "give a folder with verifier.npz and verifier.json, or 'off'")
    return folder


@functools.lru_cache(maxsize=4)
def load_verifier(model_dir: Path = MODEL_DIR) -> Verifier:
    meta = json.loads((model_dir / "verifier.json").read_text(encoding="utf-8"))
    return Verifier(LinearModel.load(model_dir / "verifier.npz"), meta, float(meta["threshold"]))
