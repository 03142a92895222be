"""Experiments: story-clustering settings swept on a labelled stream, full pipeline.

The stages before stories (dedup, nlp, entities) run once; the story stage is rerun on a copy
of the store for each setting, so a grid costs seconds per setting. Prints one line per
setting: stream name, setting, B-cubed precision / recall / F1.

    # entity-feature weight x join threshold x title weight (docs/stories.md, session 16)
    python training/stories/sweep_settings.py grid NAME STREAM.jsonl
    # a lower join bar for a story that holds no article of the article's own outlet
    python training/stories/sweep_settings.py cross-outlet NAME STREAM.jsonl [BAR ...]
    # shared fused events (same type, sides and time) as features, at these weights
    python training/stories/sweep_settings.py events NAME STREAM.jsonl [WEIGHT ...]
    # the join threshold alone (session 17: leave-one-stream-out over these lines with
    # training/stories/leave_one_out.py, docs/stories.md)
    python training/stories/sweep_settings.py threshold NAME STREAM.jsonl [THRESHOLD ...]
    # the merge threshold alone (session 17, likewise)
    python training/stories/sweep_settings.py merge NAME STREAM.jsonl [THRESHOLD ...]
    # the entity feature's weight alone (session 17, likewise)
    python training/stories/sweep_settings.py entity NAME STREAM.jsonl [WEIGHT ...]
    # a story scored by its nearest member as well as its centroid, at these weights
    # (session 18, likewise; 0: off)
    python training/stories/sweep_settings.py nearest NAME STREAM.jsonl [WEIGHT ...]
    # stemmed word features, with a background table rebuilt the same way (session 18,
    # likewise; 0: off, 1: on; --shared for the background's sources)
    python training/stories/sweep_settings.py stem NAME STREAM.jsonl
    # a story whose span reaches within a day of the article scores (1 + bonus) times as
    # much (session 19, likewise; 0: off)
    python training/stories/sweep_settings.py recent NAME STREAM.jsonl [BONUS ...]
    # MiniLM embeddings mixed into the story score (session 19, likewise; settings
    # 100 x weight + threshold; EMB.npy from compare_embeddings.py embed, beside its stream)
    python training/stories/sweep_settings.py dense NAME STREAM.jsonl --emb EMB.npy

STREAM: what ``wirewatch eval clusters`` reads (``conll_stream.py``, ``polnear_stream.py``),
or examples/corpus/labels.json. Which stream may be read for which decision is written
before the run, in docs/stories.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.evaluate.clustering_metrics import bcubed  # noqa: E402
from wirewatch.evaluate.clusters import labelled_store, stages_before_stories  # noqa: E402
from wirewatch.pipeline import run_stages  # noqa: E402
from wirewatch.store import open_store  # noqa: E402
from wirewatch.stories import features, stage  # noqa: E402
from wirewatch.stories.cluster import (  # noqa: E402
    TIME_PENALTY,
    Assignment,
    OnlineClusterer,
    StoryState,
    gap_days,
)
from wirewatch.stories.features import cosine  # noqa: E402
from wirewatch.stories.stage import StoryStage  # noqa: E402


class CrossOutletClusterer(OnlineClusterer):
    """The shipped clusterer, except that a story none of whose articles comes from the
    article's own outlet is joined at ``cross_bar`` (different outlets tell one happening in
    their own words; one outlet's follow-ups reuse its phrasing). Outlets are kept in memory,
    which holds for one batch (the eval runs the stream as one)."""

    outlet_of: dict[str, str] = {}
    cross_bar: float = 0.22

    def join_bar(self, article_id: str, story: StoryState) -> float:
        own = self.__dict__.setdefault("outlets", {}).get(story.id, set())
        return self.threshold if self.outlet_of.get(article_id) in own else self.cross_bar

    def assign(self, article_id: str, feats, when, *, copy_of_story=None) -> Assignment:
        got = super().assign(article_id, feats, when, copy_of_story=copy_of_story)
        outlets = self.__dict__.setdefault("outlets", {})
        for absorbed, into, _ in got.merges:
            outlets.setdefault(into, set()).update(outlets.pop(absorbed, set()))
        outlets.setdefault(got.story_id, set()).add(self.outlet_of.get(article_id))
        return got


class NearestMemberClusterer(OnlineClusterer):
    """The shipped clusterer, except that a candidate story scores the larger of its centroid
    similarity and ``weight`` times the article's best cosine to one of its ``MEMBERS`` most
    recent members (the same time penalty on both). Members are kept in memory, which holds
    for one batch (the eval runs the stream as one)."""

    weight: float = 0.0
    MEMBERS = 30

    def candidates(self, vec, when):
        scored = super().candidates(vec, when)
        if not self.weight:
            return scored
        members = self.__dict__.setdefault("members", {})
        out = []
        for score, story in scored:
            near = max((cosine(vec, m) for m in members.get(story.id, ())), default=0.0)
            near *= 1.0 - TIME_PENALTY * gap_days(when, story) / self.window_days
            out.append((max(score, self.weight * near), story))
        out.sort(key=lambda x: (-x[0], x[1].id))
        return out

    def assign(self, article_id: str, feats, when, *, copy_of_story=None) -> Assignment:
        got = super().assign(article_id, feats, when, copy_of_story=copy_of_story)
        members = self.__dict__.setdefault("members", {})
        for absorbed, into, _ in got.merges:
            members.setdefault(into, []).extend(members.pop(absorbed, []))
        held = members.setdefault(got.story_id, [])
        held.append(got.vector)
        del held[:-self.MEMBERS]
        return got


class RecentClusterer(OnlineClusterer):
    """The shipped clusterer, except that a candidate story whose span reaches within a day
    of the article's date scores (1 + ``bonus``) times its shipped score: the pieces of one
    happening come out within a day or two of it."""

    bonus: float = 0.0

    def candidates(self, vec, when):
        scored = super().candidates(vec, when)
        if not self.bonus:
            return scored
        out = [(score * (1 + self.bonus) if when and gap_days(when, story) <= 1 else score, story)
               for score, story in scored]
        out.sort(key=lambda x: (-x[0], x[1].id))
        return out


class DenseClusterer(OnlineClusterer):
    """The shipped clusterer, except that a candidate story scores (1 - ``weight``) x its
    TF-IDF cosine + ``weight`` x the cosine of the article's embedding to the sum of its
    members' embeddings (the same time penalty on both), and every story inside the window
    is a candidate. Embeddings are looked up by article id (``embedding_of``); kept in
    memory, which holds for one batch (the eval runs the stream as one)."""

    embedding_of: dict = {}
    weight: float = 0.0
    _pending = None  # the embedding of the article being assigned

    def candidates(self, vec, when):
        if not self.weight:
            return super().candidates(vec, when)
        import numpy as np

        sums = self.__dict__.setdefault("sums", {})
        e = self._pending
        scored = []
        for story in self.stories.values():
            gap = gap_days(when, story)
            if gap > self.window_days:
                continue
            total = sums.get(story.id)
            dense = float(e @ total / (np.linalg.norm(total) or 1.0)) if total is not None and e is not None else 0.0
            score = (1 - self.weight) * cosine(vec, story.centroid) + self.weight * dense
            scored.append((score * (1.0 - TIME_PENALTY * gap / self.window_days), story))
        scored.sort(key=lambda x: (-x[0], x[1].id))
        return scored

    def assign(self, article_id: str, feats, when, *, copy_of_story=None) -> Assignment:
        self._pending = self.embedding_of.get(article_id)
        got = super().assign(article_id, feats, when, copy_of_story=copy_of_story)
        sums = self.__dict__.setdefault("sums", {})
        for absorbed, into, _ in got.merges:
            if absorbed in sums:
                sums[into] = sums.get(into, 0) + sums.pop(absorbed)
        if self._pending is not None:
            sums[got.story_id] = sums.get(got.story_id, 0) + self._pending
        return got


_EVENTS_OF: dict[str, list[str]] = {}  # article text -> the fused events it is evidence of
_EVENT_WEIGHT = 0.0
_features = features.features


def _with_events(text: str, title: str = "", entities=()):
    """The shipped features, plus one "ev:" feature per fused event the article tells."""
    feats = _features(text, title, entities)
    for fused in _EVENTS_OF.get(text, ()):
        feats["ev:" + fused] += _EVENT_WEIGHT
    return feats


_EMBEDDINGS: dict = {}  # labelled key -> embedding (dense)


def _load_embeddings(path: Path) -> dict:
    import numpy as np

    rows = [json.loads(line) for line in path.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()]
    emb = np.load(path)
    assert len(rows) == len(emb), f"{path}: {len(emb)} embeddings for {len(rows)} articles"
    return {r["id"]: v for r, v in zip(rows, emb)}


_terms = features.terms
_background = features.background


def _stemmed_terms(text: str) -> list[str]:
    from wirewatch.events.text import stem

    return [stem(t) for t in _terms(text)]


def _stemmed_background(shared: Path):
    """The background table rebuilt from its sources with stemmed terms (cached in /tmp)."""
    import gzip

    cache = Path(tempfile.gettempdir()) / "wirewatch-stemmed-background.json.gz"
    if not cache.exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from build_idf import build

        with gzip.open(cache, "wt", encoding="utf-8") as fh:
            json.dump(build(shared, _stemmed_terms), fh)
    with gzip.open(cache, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return int(data["documents"]), data["df"]


def _runs(path: Path, settings: list, apply) -> Iterator[tuple]:
    """Score each setting: ``apply(setting)`` returns the StoryStage keyword arguments."""
    with labelled_store(path) as (items, store):
        run_stages(store, stages_before_stories(False), batch_size=1000)
        store.conn.commit()
        CrossOutletClusterer.outlet_of = {it.article.id: it.article.source for it in items}
        if _EMBEDDINGS:
            DenseClusterer.embedding_of = {it.article.id: _EMBEDDINGS[it.key] for it in items}
        rows = store.conn.execute("SELECT a.text, x.fused_id FROM fused_evidence x JOIN events e ON e.id = x.event_id"
                                  " JOIN articles a ON a.id = e.article_id")
        for text, fused in rows:
            if fused not in _EVENTS_OF.setdefault(text, []):
                _EVENTS_OF[text].append(fused)
        gold = {it.key: it.gold for it in items}
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp) / "base.db"
            copy = sqlite3.connect(base)
            store.conn.backup(copy)
            copy.close()
            for setting in settings:
                run = Path(tmp) / "run.db"
                shutil.copy(base, run)
                s = open_store(run)
                run_stages(s, [StoryStage(use_entities=True, **apply(setting))], batch_size=1000)
                pred = {it.key: s.resolve_story(s.story_of(it.article.id) or "") or "?" for it in items}
                s.close()
                run.unlink()
                yield setting, bcubed(gold, pred)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("experiment", choices=("grid", "cross-outlet", "events", "threshold", "merge", "entity", "nearest", "stem", "dense", "recent"))
    ap.add_argument("name", help="a name for the stream, printed on each line")
    ap.add_argument("stream", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="stem: the background's sources")
    ap.add_argument("--emb", type=Path, help="dense: the embeddings (.npy, its stream .jsonl beside it)")
    ap.add_argument("values", nargs="*", type=float, help="cross-outlet: the bars; events, entity, nearest: the weights; threshold, merge: the thresholds")
    args = ap.parse_args()
    if args.experiment == "grid":
        settings = [(w, t, tw) for w in (0.0, 1.0, 2.0, 3.0) for t in (0.14, 0.16, 0.18, 0.20, 0.22, 0.25)
                    for tw in (2.0, 3.0)]

        def apply(setting):
            features.ENTITY_WEIGHT, threshold, features.TITLE_WEIGHT = setting
            return {"threshold": threshold}
    elif args.experiment == "events":
        settings = args.values or [0.0, 1.0, 2.0, 3.0, 5.0]
        stage.features = _with_events  # the story stage's feature function

        def apply(setting):
            global _EVENT_WEIGHT
            _EVENT_WEIGHT = setting
            return {}
    elif args.experiment == "entity":
        settings = args.values or [0.0, 1.0, 2.0, 3.0, 4.0, 6.0]

        def apply(setting):
            features.ENTITY_WEIGHT = setting
            return {}
    elif args.experiment == "stem":
        settings = args.values or [0.0, 1.0]
        stemmed = _stemmed_background(args.shared)

        def apply(setting):
            features.terms = _stemmed_terms if setting else _terms
            features.background = (lambda: stemmed) if setting else _background
            return {}
    elif args.experiment == "nearest":
        settings = args.values or [0.0, 0.6, 0.7, 0.8, 0.9, 1.0]
        stage.OnlineClusterer = NearestMemberClusterer  # the story stage builds this one

        def apply(setting):
            NearestMemberClusterer.weight = setting
            return {}
    elif args.experiment == "recent":
        settings = args.values or [0.0, 0.1, 0.2, 0.3, 0.5]
        stage.OnlineClusterer = RecentClusterer

        def apply(setting):
            RecentClusterer.bonus = setting
            return {}
    elif args.experiment == "dense":
        settings = args.values or [0.22] + [100 * w + t for w in (0.25, 0.5, 0.75)
                                            for t in (0.25, 0.30, 0.35, 0.40, 0.45, 0.50)]
        _EMBEDDINGS.update(_load_embeddings(args.emb))
        stage.OnlineClusterer = DenseClusterer

        def apply(setting):
            weight, threshold = divmod(round(setting * 100), 100)
            DenseClusterer.weight = weight / 100
            threshold /= 100
            return {"threshold": threshold, "merge_threshold": max(0.40, threshold + 0.18)}
    elif args.experiment in ("threshold", "merge"):
        settings = args.values or ([0.14, 0.16, 0.18, 0.20, 0.22, 0.25] if args.experiment == "threshold"
                                   else [0.25, 0.30, 0.35, 0.40, 0.50])
        key = "threshold" if args.experiment == "threshold" else "merge_threshold"

        def apply(setting):
            return {key: setting}
    else:
        settings = args.values or [0.12, 0.14, 0.16, 0.18, 0.20, 0.22]
        stage.OnlineClusterer = CrossOutletClusterer  # the story stage builds this one

        def apply(setting):
            CrossOutletClusterer.cross_bar = setting
            return {}
    for setting, score in _runs(args.stream, settings, apply):
        print(args.name, setting, json.dumps(score), flush=True)


if __name__ == "__main__":
    main()
