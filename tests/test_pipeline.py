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


def _tagged(x):
    import os

    return x * 10, os.getpid()


class Planned:
    """A stage that hands its batches to worker processes as jobs (``plan``), with a log."""

    name = "planned"
    requires = ("article.text",)
    assigns = ()

    def __init__(self, processes=1, fail_save_on=None, fail_plan_on=None):
        self.log, self.saved, self.processes, self.fail_save_on = [], [], processes, fail_save_on
        self.fail_plan_on = fail_plan_on
        self.batch = 0

    def begin_run(self):
        self.batch = 0
        return {"processes": self.processes}

    def plan(self, store, ids):
        from wirewatch.workers import Job

        k = self.batch
        self.batch += 1
        if self.fail_plan_on == k:
            raise WirewatchError("cannot read")
        self.log.append(f"plan {k}")

        def save(results):
            if self.fail_save_on == k:
                raise WirewatchError("cannot store")
            self.log.append(f"save {k}")
            self.saved.append((list(ids), [r for r, _ in results]))

        return Job(_tagged, list(range(len(ids))), save, parallel=True)


def test_a_planned_stage_queues_the_next_batch_before_storing_the_last(store):
    fill(store, 5)
    stage = Planned()
    assert pipeline.run_stages(store, [stage], batch_size=2) == {"planned": 5}
    assert stage.log == ["plan 0", "plan 1", "save 0", "plan 2", "save 1", "save 2"]
    assert [(len(ids), r) for ids, r in stage.saved] == [(2, [0, 10]), (2, [0, 10]), (1, [0])]
    assert store.pending("planned") == []


def test_a_planned_stage_that_fails_keeps_the_batches_stored_before(store):
    fill(store, 5)
    with pytest.raises(WirewatchError, match="stage 'planned' failed: cannot store"):
        pipeline.run_stages(store, [Planned(fail_save_on=1)], batch_size=2)
    assert len(store.pending("planned")) == 3, "batch 0 is stored; batch 1 left nothing half-written"
    again = Planned()
    pipeline.run_stages(store, [again], batch_size=2)
    assert [len(ids) for ids, _ in again.saved] == [2, 1]


def test_a_batch_queued_before_a_plan_that_fails_is_still_stored(store):
    fill(store, 5)
    stage = Planned(fail_plan_on=1)
    with pytest.raises(WirewatchError, match="stage 'planned' failed: cannot read"):
        pipeline.run_stages(store, [stage], batch_size=2)
    assert stage.log == ["plan 0", "save 0"] and len(store.pending("planned")) == 3


def test_workers_are_forked_once_for_all_jobs():
    """Two jobs through one Workers: results in order, done by the same two processes (and
    the first item here, which loads whatever the function needs before the fork)."""
    import os

    from wirewatch.workers import Job, Workers

    out = []
    with Workers(processes=2) as workers:
        pending = [workers.submit(Job(_tagged, list(range(60)), out.append)) for _ in range(2)]
        results = [p() for p in pending]
    assert [[r for r, _ in rs] for rs in results] == [[x * 10 for x in range(60)]] * 2
    assert results[0][0][1] == os.getpid()
    pids = {pid for rs in results for _, pid in rs} - {os.getpid()}
    assert 1 <= len(pids) <= 2


def test_workers_run_small_jobs_here_until_one_is_worth_forking():
    import os

    from wirewatch.workers import Job, Workers

    with Workers(processes=2) as workers:
        small = workers.submit(Job(_tagged, [1, 2], list, parallel=False))()
        assert {pid for _, pid in small} == {os.getpid()} and workers._pool is None
