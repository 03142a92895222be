"""run_stages: batches, resumability, and the once-per-run store-wide step."""

from __future__ import annotations

import pytest

from conftest import WIRE
from wirewatch import pipeline
from wirewatch.errors import WirewatchError
from wirewatch.ingest.raw import RawArticle, build_article


class Recorder:
    name = "recorder"
    requires = ("article.text",)
    assigns = ()

    def __init__(self, fail_on_batch=None):
        self.batches, self.finished, self.fail_on_batch = [], 0, fail_on_batch

    def process(self, store, ids):
        if self.fail_on_batch == len(self.batches):
            raise WirewatchError("boom")
        self.batches.append(list(ids))

    def finish(self, store):
        self.finished += 1


def fill(store, n):
    for i in range(n):
        store.add_article(build_article(RawArticle(item=str(i), text=WIRE + f" Item {i}.", url=f"https://x.example/{i}")))


def test_batches_then_one_finish(store):
    fill(store, 5)
    rec = Recorder()
    assert pipeline.run_stages(store, [rec], batch_size=2) == {"recorder": 5}
    assert [len(b) for b in rec.batches] == [2, 2, 1] and rec.finished == 1
    assert pipeline.run_stages(store, [rec], batch_size=2) == {"recorder": 0}
    assert rec.finished == 1, "nothing new, nothing unfinished: no store-wide step"


def test_finish_runs_after_a_crash_between_batches(store):
    fill(store, 4)
    crashing = Recorder(fail_on_batch=1)
    with pytest.raises(WirewatchError, match="stage 'recorder' failed"):
        pipeline.run_stages(store, [crashing], batch_size=2)
    assert crashing.finished == 0 and len(store.pending("recorder")) == 2, "the first batch is committed"
    again = Recorder()
    pipeline.run_stages(store, [again], batch_size=2)
    assert [len(b) for b in again.batches] == [2] and again.finished == 1
    assert store.pending("recorder") == []


def test_stages_needed_follows_what_each_stage_reads():
    """The story clustering reads the copy groups and the resolved actors, so it needs dedup,
    the parse and the entities, not the events or sanctions stages the pipeline runs first;
    on text alone it needs dedup only. The events stage needs the copy groups it fuses by."""
    from wirewatch.events.stage import EventStage
    from wirewatch.stories.stage import StoryStage

    assert [s.name for s in pipeline.stages_needed(StoryStage())] == ["dedup", "nlp", "entities"]
    assert [s.name for s in pipeline.stages_needed(StoryStage(use_entities=False))] == ["dedup"]
    assert [s.name for s in pipeline.stages_needed(EventStage())] == ["dedup", "nlp", "entities"]


def test_stages_upto():
    names = [s.name for s in pipeline.stages_upto("events")]
    assert names[:3] == ["dedup", "nlp", "entities"] and names[-1] == "events"
    with pytest.raises(WirewatchError, match="unknown stage"):
        pipeline.stages_upto("nope")
