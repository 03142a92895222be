"""Online, incremental story clustering.

Each new article joins the most similar active story or starts a new one. Candidates come
from an inverted index over the stories' centroid terms, restricted to a time window, so the
cost per article does not grow with the number of stories. Copies (one copy group) always
share a story. When an article links two stories strongly, they merge: the older story keeps
its id and the merge is recorded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from wirewatch.stories.features import DocFreq, cosine, vectorize

THRESHOLD = 0.22  # join a story at or above this similarity (tuned on examples/corpus; see docs/stories.md)
MERGE_THRESHOLD = 0.40  # a second story this similar to the same article merges into the first
WINDOW_DAYS = 21  # stories whose span is further than this from the article's date are not candidates
CENTROID_K = 150  # features kept per story centroid
QUERY_K = 30  # an article's heaviest features used to look up candidate stories
TIME_PENALTY = 0.25  # similarity lost at the window's edge (linear in the gap)


@dataclass
class StoryState:
    id: str
    first_seen: str | None
    last_seen: str | None
    size: int = 0
    centroid: dict[str, float] = field(default_factory=dict)  # sum of member vectors, pruned


@dataclass
class Assignment:
    article_id: str
    story_id: str
    score: float
    created: bool
    merges: list[tuple[str, str, float]] = field(default_factory=list)  # (absorbed, into, score)
    vector: dict[str, float] = field(default_factory=dict)  # the article's TF-IDF vector


@functools.lru_cache(maxsize=8192)
def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def gap_days(when: str | None, story: StoryState) -> float:
    """Days between a date and a story's span (0 inside it); 0 when either is unknown."""
    d, first, last = _day(when), _day(story.first_seen), _day(story.last_seen)
    if d is None or first is None or last is None:
        return 0.0
    if d < first:
        return float((first - d).days)
    if d > last:
        return float((d - last).days)
    return 0.0


class OnlineClusterer:
    def __init__(
        self,
        df: DocFreq,
        *,
        threshold: float = THRESHOLD,
        merge_threshold: float = MERGE_THRESHOLD,
        window_days: int = WINDOW_DAYS,
    ):
        self.df = df
        self.threshold = threshold
        self.merge_threshold = merge_threshold
        self.window_days = window_days
        self.stories: dict[str, StoryState] = {}
        self.postings: dict[str, set[str]] = {}
        self.changed: set[str] = set()  # live story ids touched since the last save
        self.absorbed: dict[str, tuple[StoryState, str]] = {}  # merged away since the last save: id -> (state, into)

    # -- index maintenance ----------------------------------------------------------------
    def load(self, states: Iterable[StoryState]) -> None:
        for s in states:
            if s.id not in self.stories:
                self.stories[s.id] = s
                for t in s.centroid:
                    self.postings.setdefault(t, set()).add(s.id)

    def evict(self, before: str) -> list[str]:
        """Forget the stories last seen before ``before`` (ISO date): no article dated on or
        after it can join them (they are further than the window from it), and keeping them in
        the index would make every lookup walk them. They stay in the store; a saved state
        only (call between batches, after saving). Returns the evicted ids."""
        gone = [sid for sid, st in self.stories.items()
                if st.last_seen and st.last_seen[:10] < before and sid not in self.changed]
        for sid in gone:
            self._set_centroid(self.stories.pop(sid), {})
        return gone

    def _set_centroid(self, story: StoryState, centroid: Mapping[str, float]) -> None:
        top = dict(sorted(centroid.items(), key=lambda kv: kv[1], reverse=True)[:CENTROID_K])
        for t in story.centroid.keys() - top.keys():
            held = self.postings.get(t)
            if held is not None:
                held.discard(story.id)
                if not held:
                    del self.postings[t]
        for t in top.keys() - story.centroid.keys():
            self.postings.setdefault(t, set()).add(story.id)
        story.centroid = top

    def _absorb(self, into: StoryState, other: StoryState) -> None:
        merged = dict(into.centroid)
        for t, w in other.centroid.items():
            merged[t] = merged.get(t, 0.0) + w
        self._set_centroid(into, merged)
        self._set_centroid(other, {})
        into.size += other.size
        into.first_seen = min(filter(None, [into.first_seen, other.first_seen]), default=None)
        into.last_seen = max(filter(None, [into.last_seen, other.last_seen]), default=None)
        del self.stories[other.id]
        self.absorbed[other.id] = (other, into.id)
        for state, target in list(self.absorbed.values()):
            if target == other.id:  # a story absorbed earlier into the one now absorbed
                self.absorbed[state.id] = (state, into.id)
        self.changed.discard(other.id)
        self.changed.add(into.id)

    # -- the online step ------------------------------------------------------------------
    def join_bar(self, article_id: str, story: StoryState) -> float:
        """The similarity ``article_id`` needs to join ``story``: the threshold (a subclass
        may vary it by story; training/stories/sweep_settings.py tries one)."""
        return self.threshold

    def candidates(self, vec: Mapping[str, float], when: str | None) -> list[tuple[float, StoryState]]:
        heavy = sorted(vec.items(), key=lambda kv: kv[1], reverse=True)[:QUERY_K]
        ids: set[str] = set()
        for t, _ in heavy:
            ids |= self.postings.get(t, set())
        scored = []
        for sid in ids:
            story = self.stories[sid]
            gap = gap_days(when, story)
            if gap > self.window_days:
                continue
            # a mild penalty for distance in time inside the window
            score = cosine(vec, story.centroid) * (1.0 - TIME_PENALTY * gap / self.window_days)
            scored.append((score, story))
        scored.sort(key=lambda x: (-x[0], x[1].id))
        return scored

    def assign(
        self,
        article_id: str,
        feats: Mapping[str, float],
        when: str | None,
        *,
        copy_of_story: str | None = None,
    ) -> Assignment:
        self.df.add(feats.keys())
        vec = vectorize(feats, self.df)
        scored = self.candidates(vec, when)
        merges: list[tuple[str, str, float]] = []
        if copy_of_story is not None and copy_of_story in self.stories:
            story, score, created = self.stories[copy_of_story], 1.0, False
        elif scored and scored[0][0] >= self.join_bar(article_id, scored[0][1]):
            score, story = scored[0]
            created = False
            for other_score, other in scored[1:]:
                if other_score < self.merge_threshold or other.id not in self.stories:
                    continue
                keep, drop = sorted([story, other], key=lambda s: (s.first_seen or "9999", s.id))
                self._absorb(keep, drop)
                merges.append((drop.id, keep.id, round(other_score, 4)))
                story = keep
        else:
            story = StoryState(id="st-" + article_id[:12], first_seen=when, last_seen=when)
            self.stories[story.id] = story
            score, created = 1.0, True
        centroid = dict(story.centroid)
        for t, w in vec.items():
            centroid[t] = centroid.get(t, 0.0) + w
        self._set_centroid(story, centroid)
        story.size += 1
        if when:
            story.first_seen = min(filter(None, [story.first_seen, when]))
            story.last_seen = max(filter(None, [story.last_seen, when]))
        self.changed.add(story.id)
        return Assignment(article_id, story.id, round(score, 4), created, merges, vec)
