"""The stories stage: assigns each new article to a story, in date order, and persists the state."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from wirewatch.records import Article
from wirewatch.store.sqlite import now_iso
from wirewatch.store.stories_sql import StoryRow
from wirewatch.stories.cluster import WINDOW_DAYS, OnlineClusterer, StoryState
from wirewatch.stories.features import DocFreq, cosine, feature_language, features, vectorize


class StoryStage:
    name = "stories"
    requires: tuple[str, ...] = ("article.text", "article.copy_group")
    assigns: tuple[str, ...] = ("stories", "story_articles")

    def __init__(self, use_entities: bool = True, **params: float) -> None:
        self.use_entities = use_entities  # shared resolved actors as features (when the entity stage ran)
        if use_entities:
            self.requires = (*StoryStage.requires, "mentions")
        self.params = params  # threshold / merge_threshold / window_days overrides (eval, tests)
        self._clusterer: OnlineClusterer | None = None
        self._store = None
        self._titles: dict[str, str] = {}
        self._created: dict[str, str] = {}
        # story -> (title, the title's vector, whether the title is only the article's lead)
        self._headline: dict[str, tuple[str, Mapping[str, float], bool]] = {}

    def _clusterer_for(self, store, since: str | None) -> OnlineClusterer:
        if self._clusterer is None or self._store is not store:
            n, df = store.story_df()
            self._clusterer = OnlineClusterer(DocFreq(n, df), **self.params)  # type: ignore[arg-type]
            self._store = store
            self._titles, self._created, self._headline = {}, {}, {}
        if since is not None:
            # stories that ended before the batch's window can take none of its articles: out of
            # the index, so the cost per article stays flat however long the stream runs
            for sid in self._clusterer.evict(since):
                self._titles.pop(sid, None)
                self._created.pop(sid, None)
                self._headline.pop(sid, None)
        self._load(store, store.story_states(since, exclude=set(self._clusterer.stories)))
        return self._clusterer

    def _load(self, store, states) -> None:
        assert self._clusterer is not None
        for row, centroid in states:
            self._titles[row.id], self._created[row.id] = row.title, row.created_at
            self._clusterer.load([StoryState(row.id, row.first_seen, row.last_seen, row.size, centroid)])

    def _live_story(self, store, story_id: str | None) -> str | None:
        """The live story an id now stands for (following merges), loaded into the clusterer."""
        clusterer = self._clusterer
        assert clusterer is not None
        while story_id in clusterer.absorbed:
            story_id = clusterer.absorbed[story_id][1]
        if story_id is None or story_id in clusterer.stories:
            return story_id
        story_id = store.resolve_story(story_id)
        if story_id is not None and story_id not in clusterer.stories:
            self._load(store, store.story_states(None, only=[story_id]))
        return story_id

    def _retitle(self, store, titled: list[tuple[str, str, Mapping[str, float], bool]]) -> None:
        """A story's headline is the member title whose words are closest to what the story is
        now about (cosine of the title's own vector to the centroid), not of whichever article
        came first: a story that began with an arms shipment and grew into a satellite launch
        is headed by the launch. The title, not its article's whole text: an article that
        bridges two threads is close to any centroid, whatever its headline says. Candidates
        are the present headline and this batch's members, so the cost per batch does not
        grow with the story."""
        clusterer = self._clusterer
        assert clusterer is not None
        by_story: dict[str, list[tuple[str, Mapping[str, float], bool]]] = {}
        for sid, title, vec, lead in titled:
            while sid in clusterer.absorbed:
                sid = clusterer.absorbed[sid][1]
            by_story.setdefault(sid, []).append((title, vec, lead))
        for sid, cands in by_story.items():
            story = clusterer.stories.get(sid)
            if story is None:
                continue
            held = self._headline.get(sid) or self._headline_of(store, sid)
            if held is not None:
                cands = [held, *cands]
            # a written headline before a lead sentence standing in for one, a headline that
            # tells before one that teases; then the closest
            best = max(cands, key=lambda c: (not c[2], not teaser(c[0]), cosine(c[1], story.centroid)))  # first wins a tie
            self._headline[sid] = best
            self._titles[sid] = best[0]

    def _headline_of(self, store, story_id: str) -> tuple[str, Mapping[str, float], bool] | None:
        """(title, vector, lead) of the stored story's headline (a story loaded from the store)."""
        title = self._titles.get(story_id)
        story = self._clusterer.stories.get(story_id) if self._clusterer is not None else None
        language = feature_language(story.centroid) if story is not None else None
        return (title, self._title_vector(title, language), title.endswith("…")) if title else None

    def _title_vector(self, title: str, language: str | None) -> Mapping[str, float]:
        """A headline's own words and names, weighed as the stream weighs them."""
        assert self._clusterer is not None
        return vectorize(features("", title, language=language), self._clusterer.df)

    @staticmethod
    def order(store, ids: Sequence[str]) -> list[str]:
        """The run's pending articles in date order (undated last, ingest order among equals),
        so that its batches are a stream in time whatever order the inputs came in: an
        archive read in file order had been clustered batch by batch, each in date order, and
        the stories depended on the batch size (the bench's 2,000 randomly dated articles: 4
        stories in batches of 200, 5 in batches of 1,000)."""
        dates = store.article_dates(ids)
        return sorted(ids, key=lambda i: dates.get(i) or "9999")  # a stable sort keeps ingest order

    def __call__(self, store, ids: Sequence[str]) -> None:
        try:
            self._process(store, ids)
        except BaseException:
            self._clusterer = None  # the transaction rolls back: forget the in-memory state too
            raise

    def _process(self, store, ids: Sequence[str]) -> None:
        articles: list[Article] = [a for a in (store.get_article(i) for i in ids) if a is not None]
        articles.sort(key=lambda a: (a.published or "9999", a.ingested_at or ""))
        dated = [a.published for a in articles if a.published]
        since = None
        if dated and len(dated) == len(articles):
            window = int(self.params.get("window_days", WINDOW_DAYS))
            since = (date.fromisoformat(min(dated)[:10]) - timedelta(days=window)).isoformat()
        clusterer = self._clusterer_for(store, since)

        now = now_iso()
        assigned: dict[str, str] = {}
        rows, merges = [], []
        titled: list[tuple[str, str, Mapping[str, float], bool]] = []  # (story, title, vector, lead) of this batch
        for a in articles:
            copy_story = None
            if a.copy_group and a.copy_group != a.id:
                copy_story = self._live_story(store, assigned.get(a.copy_group) or store.story_of(a.copy_group))
            entities = {m.entity_id for m in store.mentions(article_id=a.id) if m.entity_id} if self.use_entities else ()
            asg = clusterer.assign(a.id, features(a.text, a.title, sorted(entities), a.language), a.published,
                                   copy_of_story=copy_story)
            if asg.created:
                self._titles[asg.story_id], self._created[asg.story_id] = a.title, now
            assigned[a.id] = asg.story_id
            if a.title:
                titled.append((asg.story_id, a.title, self._title_vector(a.title, a.language), _lead_as_title(a)))
            rows.append((a.id, asg.story_id, asg.score, now))
            merges.extend((d, i, s, f"article {a.id} links both stories (similarity {s:.2f})", now) for d, i, s in asg.merges)

        self._retitle(store, titled)
        stories = [
            (StoryRow(s.id, self._titles.get(s.id, s.id), s.first_seen, s.last_seen, s.size,
                      self._created.get(s.id, now)), s.centroid)
            for s in (clusterer.stories[i] for i in clusterer.changed)
        ]
        stories += [
            (StoryRow(s.id, self._titles.get(s.id, s.id), s.first_seen, s.last_seen, s.size,
                      self._created.get(s.id, now), merged_into=into), {})
            for s, into in clusterer.absorbed.values()
        ]
        docs, delta = clusterer.df.take_delta()
        store.save_story_step(stories=stories, assignments=rows, merges=merges, df_delta=delta, docs_delta=docs)
        clusterer.changed.clear()
        clusterer.absorbed.clear()


# Headlines that sell a story instead of telling it ("Breaking: Trump Campaign Just Made
# Unexpected Announcement About Sarah Palin That Will Surprise Fans"), and live pages whose
# headline is the latest of many updates ("The Latest: ...", "LIVE: ...").
_TEASER = re.compile(
    r"^(?:breaking|watch|video|live|just in|the latest|live updates?)\s*[:|\-–—]"
    r"|\byou won'?t believe\b|\bwill (?:surprise|shock|stun|amaze)\b|\b(?:just|finally) (?:made|did|said|"
    r"responded|dropped|revealed|destroyed|admitted)\b|\bhere'?s (?:what|why|how|the)\b|\bwhat happened next\b"
    r"|\bthis is (?:what|why|how)\b|\bgoes viral\b", re.I)


def teaser(title: str) -> bool:
    """Whether a headline teases rather than tells (see ``_TEASER``): another member's headline
    heads the story when there is one."""
    return bool(_TEASER.search(title))


def _lead_as_title(article) -> bool:
    """The article had no headline and ingest used its first sentence (docs/formats.md)."""
    title = article.title or ""
    return title.endswith("…") or " ".join((article.text or "").split()).startswith(" ".join(title.split()))
