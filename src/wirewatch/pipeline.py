"""Runs the stages over the store. The only place that knows their order.

A stage is a named callable over a batch of article ids with what it ``requires`` and
``assigns`` (after spaCy's pipeline components). Each stage records which articles it has
processed (``stage_runs``), so a killed run resumes where it stopped and a re-run does
nothing new. Stages write their output through the store, inside one transaction per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from wirewatch.config import Settings
from wirewatch.errors import InputError, WirewatchError
from wirewatch.ingest import FieldMap, Ingester
from wirewatch.records import Article, IngestError
from wirewatch.store import Store

Progress = Callable[[int], None]  # advance by n items


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, store: Store, ids: Sequence[str]) -> None: ...


@dataclass
class IngestSummary:
    added: int = 0
    existing: int = 0
    versions: int = 0
    rejected: list[IngestError] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.added + self.versions

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "versions": self.versions,
            "existing": self.existing,
            "rejected": [e.to_dict() for e in self.rejected],
        }


def ingest(
    store: Store,
    inputs: Sequence[str],
    settings: Settings,
    *,
    fields: FieldMap | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    on_item: Callable[[Article | InputError, str], None] | None = None,
) -> IngestSummary:
    """Read inputs into the store, one transaction per ``settings.batch_size`` articles.

    ``on_item(result, status)`` is called after each item's batch is committed (status:
    added / version / exists / rejected), so whatever is reported as stored *is* stored.
    """
    kwargs = {k: v for k, v in {"include": include, "exclude": exclude}.items() if v is not None}
    ing = Ingester(settings, fields=fields, **kwargs)
    summary = IngestSummary()
    batch: list[Article | InputError] = []

    def flush() -> None:
        statuses: list[str] = []
        with store.transaction():
            for item in batch:
                if isinstance(item, InputError):
                    store.record_error(IngestError(item=item.item, reason=item.reason))
                    statuses.append("rejected")
                else:
                    statuses.append(store.add_article(item))
        for item, status in zip(batch, statuses):
            if status == "rejected":
                assert isinstance(item, InputError)
                summary.rejected.append(IngestError(item=item.item, reason=item.reason))
            elif status == "exists":
                summary.existing += 1
            else:
                assert isinstance(item, Article)
                summary.added_ids.append(item.id)
                if status == "version":
                    summary.versions += 1
                else:
                    summary.added += 1
            if on_item is not None:
                on_item(item, status)
        batch.clear()

    try:
        for result in ing.read(list(inputs)):
            batch.append(result)
            if len(batch) >= settings.batch_size:
                flush()
        if batch:
            flush()
    finally:
        ing.close()
    return summary


def default_stages() -> list[Stage]:
    """Every analysis stage that exists, in order."""
    from wirewatch.dedup.stage import DedupStage
    from wirewatch.entities.stage import EntityStage
    from wirewatch.events.stage import EventStage
    from wirewatch.nlp.stage import NlpStage
    from wirewatch.sanctions.stage import SanctionFlagStage, ScreeningStage
    from wirewatch.stories.stage import StoryStage

    return [DedupStage(), NlpStage(), EntityStage(), ScreeningStage(), EventStage(), SanctionFlagStage(), StoryStage()]


def stages_upto(name: str) -> list[Stage]:
    """The default stages up to and including ``name`` (what a command needs to be current)."""
    stages = default_stages()
    names = [s.name for s in stages]
    if name not in names:
        raise WirewatchError(f"unknown stage {name!r}; stages are {', '.join(names)}")
    return stages[: names.index(name) + 1]


def stages_needed(stage: Stage) -> list[Stage]:
    """The default stages whose output ``stage`` reads, and theirs in turn, in pipeline order.

    Read off what each stage ``requires`` and ``assigns``, so a caller that wants one stage's
    output (the story clustering, say) does not pay for stages it never reads (events).
    """
    stages = [s for s in default_stages() if s.name != stage.name]
    wanted, todo, chosen = set(), list(stage.requires), set()
    while todo:
        need = todo.pop()
        if need in wanted:
            continue
        wanted.add(need)
        for s in stages:
            if need in s.assigns and s.name not in chosen:
                chosen.add(s.name)
                todo.extend(s.requires)
    return [s for s in stages if s.name in chosen]


def run_stages(
    store: Store,
    stages: Iterable[Stage] | None = None,
    *,
    batch_size: int = 200,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Bring every stage up to date with the store. Returns {stage: articles processed}.

    A stage with store-wide work (entity resolution, event fusion) splits it out: ``process``
    handles one batch of articles, ``finish`` runs once after the last batch. A flag written
    with each batch makes sure ``finish`` still runs after a crash between the two.
    """
    done: dict[str, int] = {}
    for stage in stages if stages is not None else default_stages():
        pending = store.pending(stage.name)
        order = getattr(stage, "order", None)
        if order is not None:  # a stage that reads a stream in its own order (stories: by date)
            pending = order(store, pending)
        finish = getattr(stage, "finish", None)
        flag = f"unfinished:{stage.name}"
        batches = [pending[start : start + batch_size] for start in range(0, len(pending), batch_size)]
        try:
            _run_batches(store, stage, batches, flag if finish is not None else None, progress, len(pending))
        except WirewatchError as exc:
            raise WirewatchError(f"stage {stage.name!r} failed: {exc}") from exc
        if finish is not None and store.flag(flag):
            with store.transaction():
                finish(store)
                store.set_flag(flag, None)
        done[stage.name] = len(pending)
    return done


def _run_batches(store: Store, stage: Stage, batches: list[Sequence[str]], flag: str | None,
                 progress: Callable[[str, int, int], None] | None, total: int) -> None:
    """Each batch processed and marked done in one transaction (``flag`` set with it).

    A stage that plans its batches as jobs for worker processes (``plan(store, ids) -> Job``,
    see :class:`wirewatch.workers.Job`) gets one set of workers for all its batches, and the
    next batch's job is queued before the last one is stored: the workers parse or read batch
    k+1 while this process writes batch k. Jobs read only the output of earlier stages, so
    planning ahead sees what it would have seen in turn. ``begin_run()`` tells the stage a run
    starts (and how to start its workers); if planning batch k+1 fails, batch k is still
    stored before the error goes on."""
    done = 0

    def commit(chunk: Sequence[str], save: Callable[[], None]) -> None:
        nonlocal done
        with store.transaction():
            save()
            store.mark_done(stage.name, chunk)
            if flag is not None:
                store.set_flag(flag, "1")
        done += len(chunk)
        if progress is not None:
            progress(stage.name, done, total)

    plan = getattr(stage, "plan", None)
    if plan is None:
        process = getattr(stage, "process", None) or stage
        for chunk in batches:
            commit(chunk, lambda: process(store, chunk))
        return
    from wirewatch.workers import Workers

    with Workers(**stage.begin_run()) as workers:
        queued: list = []
        for chunk in batches:
            try:
                job = plan(store, chunk)
                queued.append((chunk, job, workers.submit(job)))
            except Exception:
                for ready, job_ready, results in queued:  # the batch before keeps its work
                    commit(ready, lambda: job_ready.save(results()))
                raise
            if len(queued) > 1:
                ready, job_ready, results = queued.pop(0)
                commit(ready, lambda: job_ready.save(results()))
        for ready, job_ready, results in queued:
            commit(ready, lambda: job_ready.save(results()))
