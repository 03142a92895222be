"""`wirewatch eval extraction`: score event extraction end to end against hand-labelled events.

The gold file is JSON Lines, one event per line::

    {"article": "<url, or the corpus file when the article has none>",
     "sentence": "<a verbatim piece of the event's sentence, found once in the article>",
     "actor": "RUS", "type": "AID", "recipient": "PRK", "modality": "planned"}

Actor and recipient codes: an ISO 3166 alpha-3 code for a state and everyone acting for it
(its government, military, officials), ``IGO:<name>`` for an international organisation, or
the lower-cased name of a group or person with no state code ("houthis"). ``recipient`` may be
null for types that need none.

The articles listed in a corpus ``labels.json`` are run through the pipeline's stages up to
events, into a fresh temporary store, and the article events of the labelled articles are
matched one to one against the gold events of the same sentence (an event recorded twice
with two modalities, as asserted by an accuser and denied by the accused, counts once), three
ways:

* ``strict``: same type, the gold actor among the event's actors and the gold recipient among
  its recipients (for CONSULT, COOPERATE, AGREE, ENGAGE the two may sit on either side: "Putin
  and Kim held talks" is one event of two participants);
* ``type``: same type in the same sentence, whoever the actors;
* ``actors``: the same actor and recipient in the same sentence, whatever the type.

Modality is scored on the strict matches.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wirewatch.errors import ConfigError
from wirewatch.evaluate.attribution import prf
from wirewatch.events.records import ActorRef, Event

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE", "ENGAGE"}
MODALITIES = {"asserted", "ongoing", "planned", "hypothetical", "negated", "denied"}
_REQUIRED = ("article", "sentence", "actor", "type", "recipient", "modality")


@dataclass
class GoldEvent:
    line: int
    article: str  # the key in labels.json (url or file)
    sentence: str
    actor: str
    type: str
    recipient: str | None
    modality: str
    offset: int = -1  # where ``sentence`` starts in the article text


def load_gold(path: Path) -> list[GoldEvent]:
    if not path.is_file():
        raise ConfigError(f"{path}: no such file (expected JSON Lines of labelled events)")
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{n}: not JSON ({exc.msg})") from None
        missing = [k for k in _REQUIRED if k not in rec]
        if missing:
            raise ConfigError(f"{path}:{n}: lacks {', '.join(missing)}")
        if rec["modality"] not in MODALITIES:
            raise ConfigError(f"{path}:{n}: modality {rec['modality']!r} is not one of {', '.join(sorted(MODALITIES))}")
        out.append(GoldEvent(n, rec["article"], rec["sentence"], rec["actor"], rec["type"].upper(),
                             rec["recipient"] or None, rec["modality"]))
    if not out:
        raise ConfigError(f"{path}: no labelled events")
    return out


_THE = re.compile(r"^(the|a|an)\s+", re.I)


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", _THE.sub("", text.lower()))}


def actor_matches(gold: str, ref: ActorRef, names: Mapping[str, str] | None = None) -> bool:
    """Does a predicted actor stand for the gold code? ``names``: entity id → the entity
    layer's name, so "the group" resolved to the Houthis stands for "houthis"."""
    code = (ref.code or "").upper()
    if gold.upper().startswith("IGO"):
        return code.startswith("IGO")
    if re.fullmatch(r"[A-Z]{3}", gold):
        return code[:3] == gold
    # a group or person named by the gold: every word of the gold name in the mention
    # (plural folded: "Houthi" attacks ~ "houthis")
    want = _words(gold)
    named = (names or {}).get(ref.entity_id or "", "")
    return bool(want) and (want <= _words(ref.text) or want <= _words(named))


def _any(gold: str | None, refs: Sequence[ActorRef], names: Mapping[str, str] | None) -> bool:
    if gold is None:
        return not refs
    return any(actor_matches(gold, r, names) for r in refs)


def pair_matches(g: GoldEvent, ev: Event, names: Mapping[str, str] | None = None) -> bool:
    if _any(g.actor, ev.actors, names) and _any(g.recipient, ev.recipients, names):
        return True
    if g.type in SYMMETRIC or ev.type in SYMMETRIC:
        everyone = [*ev.actors, *ev.recipients]
        return _any(g.actor, everyone, names) and (g.recipient is None or _any(g.recipient, everyone, names))
    return False


MATCHERS: dict[str, Callable[..., bool]] = {
    "strict": lambda g, ev, names=None: g.type == ev.type and pair_matches(g, ev, names),
    "type": lambda g, ev, names=None: g.type == ev.type,
    "actors": pair_matches,
}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    return {**prf(tp, n_pred, n_gold), "tp": tp, "predicted": n_pred, "gold": n_gold}


def match(gold: list[GoldEvent], predicted: dict[str, list[Event]], keys: dict[str, str],
          how: Callable[..., bool], names: Mapping[str, str] | None = None
          ) -> list[tuple[GoldEvent | None, Event | None]]:
    """One-to-one matching inside each sentence; returns (gold, predicted) pairs, with None on
    the missing side for misses and false alarms. ``keys`` maps a gold article key to the
    article id its events are stored under."""
    pairs: list[tuple[GoldEvent | None, Event | None]] = []
    used: set[int] = set()
    for g in gold:
        hit = None
        for ev in predicted.get(keys[g.article], []):
            if id(ev) in used or not (ev.evidence.start <= g.offset < ev.evidence.end):
                continue
            if how(g, ev, names):
                hit = ev
                break
        if hit is not None:
            used.add(id(hit))
        pairs.append((g, hit))
    for evs in predicted.values():
        pairs += [(None, ev) for ev in evs if id(ev) not in used]
    return pairs


def _party(ref: ActorRef) -> str:
    return ref.code or ref.text.lower()


def _one_per_reading(events: list[Event]) -> list[Event]:
    """The gold holds one line per (sentence, actor, type, recipient), with one modality; an
    event the extractor records twice in a sentence with two modalities ("accuses Tehran of
    arming the Houthis, which Iran denies": asserted by the accuser, denied by the accused)
    counts once, as its first (asserted) reading."""
    seen: dict[tuple, Event] = {}
    for ev in sorted(events, key=lambda e: (e.evidence.start, e.modality == "denied", e.id)):
        key = (ev.evidence.start, ev.type, tuple(map(_party, ev.actors)), tuple(map(_party, ev.recipients)))
        seen.setdefault(key, ev)
    return list(seen.values())


def evaluate_extraction(gold_path: Path, corpus: Path, predictions: Path | None = None) -> dict:
    from wirewatch.evaluate.clusters import read_corpus
    from wirewatch.pipeline import run_stages, stages_upto
    from wirewatch.store import open_store

    gold = load_gold(gold_path)
    articles = read_corpus(corpus)
    for g in gold:
        art = articles.get(g.article)
        if art is None:
            raise ConfigError(f"{gold_path}:{g.line}: article {g.article} is not in {corpus}")
        count = art.text.count(g.sentence)
        if count != 1:
            raise ConfigError(f"{gold_path}:{g.line}: the sentence piece {g.sentence[:40]!r}… is found "
                              f"{count} times in {g.article} (it must be found once)")
        g.offset = art.text.index(g.sentence)
    labelled = {g.article for g in gold}
    keys = {k: articles[k].id for k in labelled}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "eval.db")
        try:
            with store.transaction():
                for art in articles.values():
                    store.add_article(art)
            start = time.perf_counter()
            run_stages(store, stages_upto("events"), batch_size=1000)
            elapsed = time.perf_counter() - start
            predicted: dict[str, list[Event]] = {aid: [] for aid in keys.values()}
            for ev in store.article_events(list(keys.values())):
                predicted[ev.evidence.article_id].append(ev)
            names = {e.id: e.name for e in store.entities()}
        finally:
            store.close()
    for aid, evs in predicted.items():
        predicted[aid] = _one_per_reading(evs)
    n_pred = sum(len(v) for v in predicted.values())
    result: dict = {"gold_file": str(gold_path), "articles": len(labelled), "gold_events": len(gold),
                    "predicted_events": n_pred}
    strict_pairs: list = []
    for name, how in MATCHERS.items():
        pairs = match(gold, predicted, keys, how, names)
        tp = sum(1 for g, p in pairs if g is not None and p is not None)
        result[name] = _prf(tp, n_pred, len(gold))
        if name == "strict":
            strict_pairs = pairs
    per_type: dict[str, dict] = {}
    types = sorted({g.type for g in gold} | {ev.type for evs in predicted.values() for ev in evs})
    for t in types:
        tp = sum(1 for g, p in strict_pairs if g is not None and p is not None and g.type == t)
        n_p = sum(1 for evs in predicted.values() for ev in evs if ev.type == t)
        n_g = sum(1 for g in gold if g.type == t)
        per_type[t] = _prf(tp, n_p, n_g)
    result["per_type"] = per_type
    matched = [(g, p) for g, p in strict_pairs if g is not None and p is not None]
    confusion = Counter(f"{g.modality}->{p.modality}" for g, p in matched if g.modality != p.modality)
    result["modality"] = {
        "accuracy_on_strict_matches": round(sum(g.modality == p.modality for g, p in matched) / len(matched), 4)
        if matched else None,
        "errors": dict(confusion.most_common()),
    }
    result["articles_per_s"] = round(len(articles) / elapsed, 1) if elapsed else None
    if predictions is not None:
        _write_pairs(predictions, strict_pairs, {v: k for k, v in keys.items()}, articles)
    return result


def _write_pairs(path: Path, pairs, key_of: dict[str, str], articles) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for g, p in pairs:
            row: dict = {"status": "tp" if g and p else ("fn" if g else "fp")}
            if g is not None:
                row["gold"] = {"line": g.line, "article": g.article, "actor": g.actor, "type": g.type,
                               "recipient": g.recipient, "modality": g.modality, "sentence": g.sentence}
            if p is not None:
                art = articles[key_of[p.evidence.article_id]]
                row["predicted"] = {
                    "article": key_of[p.evidence.article_id],
                    "article_id": p.evidence.article_id,
                    "start": p.evidence.start,
                    "actors": [f"{a.text} ({a.code})" for a in p.actors],
                    "type": p.type,
                    "recipients": [f"{a.text} ({a.code})" for a in p.recipients],
                    "modality": p.modality,
                    "sentence": art.text[p.evidence.start:p.evidence.end],
                }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
