"""The PLOVER vocabulary (types, modes, contexts, CAMEO table) and the coder's cue lexicon.

All of it is data under ``events/data/`` (PLOVER-derived files are CC BY-SA 4.0, see their
headers), loaded once per process.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from wirewatch.events.text import stem, tokenize

DATA_DIR = Path(__file__).resolve().parent / "data"

#: The training data's joint label for PLOVER's CONCEDE and RETREAT (CAMEO 08 "YIELD").
YIELD = "YIELD"


@dataclass(frozen=True)
class EventType:
    name: str
    quad: int
    score: float
    recipient_required: bool
    description: str
    modes: dict[str, str]
    modes_from: str


@dataclass(frozen=True)
class CameoRow:
    type: str
    mode: str
    context: str
    cameo: str
    label: str


@dataclass(frozen=True)
class Vocabulary:
    types: dict[str, EventType]
    contexts: dict[str, str]
    cameo: tuple[CameoRow, ...]
    lexicon: dict[str, Any] = field(repr=False, default_factory=dict)

    def modes(self, type_: str) -> dict[str, str]:
        t = self.types.get(type_)
        return dict(t.modes) if t else {}

    def cameo_code(self, type_: str, mode: str | None = None,
                   contexts: Iterable[str] = ()) -> str | None:
        """The most specific CAMEO code for (type, mode, contexts), or None.

        Order: type+mode+context, type+mode, type+context (mode-less rows), type alone.
        """
        ctx = [c for c in contexts if c]
        keys = [(mode or "", c) for c in ctx] + [(mode or "", "")]
        keys += [("", c) for c in ctx] + [("", "")]
        table = {(r.mode, r.context): r.cameo for r in self.cameo if r.type == type_}
        for key in keys:
            if key in table:
                return table[key]
        return None


def _read_cameo(path: Path) -> tuple[CameoRow, ...]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    return tuple(CameoRow(r["type"], r["mode"] or "", r["context"] or "", r["cameo"], r["label"])
                 for r in reader)


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The PLOVER vocabulary, loaded from the package data once."""
    raw = yaml.safe_load((DATA_DIR / "plover.yaml").read_text(encoding="utf-8"))
    types = {
        name: EventType(name=name, quad=int(t["quad"]), score=float(t["score"]),
                        recipient_required=bool(t["recipient_required"]),
                        description=t["description"], modes=dict(t.get("modes") or {}),
                        modes_from=t.get("modes_from", "plover"))
        for name, t in raw["types"].items()
    }
    return Vocabulary(types=types, contexts=dict(raw["contexts"]),
                      cameo=_read_cameo(DATA_DIR / "cameo.txt"), lexicon=lexicon())


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The cue lexicon (triggers, modes, contexts) with multi-word cues split into tuples."""
    raw = yaml.safe_load((DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))

    def cues(words: list[str]) -> tuple[tuple[str, ...], ...]:
        # Cues are written as plain words; match them on stems, like the tokens they meet.
        return tuple(tuple(stem(t) for t, _, _ in tokenize(w)) for w in words)

    return {
        "triggers": {t: cues(ws) for t, ws in raw["triggers"].items()},
        "modes": {t: {m: cues(ws) for m, ws in ms.items()} for t, ms in raw["modes"].items()},
        "contexts": {c: cues(ws) for c, ws in raw["contexts"].items()},
    }


def find_cues(stems: list[str], cues: Iterable[tuple[str, ...]]) -> list[int]:
    """Token indexes where any cue (a tuple of stems) starts in ``stems``."""
    index = _first_index(cues if isinstance(cues, tuple) else tuple(cues))
    hits = []
    for i, s in enumerate(stems):
        for _, cue in index.get(s, ()):
            if tuple(stems[i:i + len(cue)]) == cue:
                hits.append(i)
                break
    return hits


def cue_hits(stems: list[str], groups: dict[str, tuple[tuple[str, ...], ...]]) -> dict[str, list[int]]:
    """``{name: find_cues(stems, cues)}`` for every group of a lexicon section (same order), in
    one pass over the stems instead of one per group."""
    index = _group_index(groups)
    hits: dict[str, list[int]] = {name: [] for name in groups}
    for i, s in enumerate(stems):
        for name, cue in index.get(s, ()):
            found = hits[name]
            if (not found or found[-1] != i) and tuple(stems[i:i + len(cue)]) == cue:
                found.append(i)
    return hits


# {id(obj): (obj, index)}. Keyed by identity, not by value: the cue tuples and groups come
# from the lexicon, which lives as long as the process, and hashing a whole cue group on
# every call (as a value-keyed cache must) cost more than the matching itself. The entry
# keeps its object alive, so an id is never reused while it is cached.
_INDEXES: dict[int, tuple[object, dict]] = {}


def _index_of(obj, build):
    entry = _INDEXES.get(id(obj))
    if entry is None or entry[0] is not obj:
        if len(_INDEXES) >= 1024:  # callers passing fresh objects must not grow it without bound
            _INDEXES.clear()
        entry = _INDEXES[id(obj)] = (obj, build(obj))
    return entry[1]


def _by_first_stem(named: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name, cue in named:
        if cue:
            index.setdefault(cue[0], []).append((name, cue))
    return index


def _group_index(groups: dict[str, tuple[tuple[str, ...], ...]]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """{first stem: [(group name, cue)]} over every group of a lexicon section."""
    return _index_of(groups, lambda g: _by_first_stem((name, cue) for name, cues in g.items() for cue in cues))


def _first_index(cues: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    # The coder calls find_cues for every lexicon group on every sentence: index by first stem.
    return _index_of(cues, lambda c: _by_first_stem(("", cue) for cue in c))
