"""Per-article work spread over worker processes, for stages whose articles are independent.

    Job(fn, items, save, parallel=len(items) >= 48).run()   # one batch on its own
    with Workers() as workers: ...                           # a stage's run: see pipeline.py

``fn`` and ``items`` must pickle (a module-level function; records, bytes, plain data). The
results come back in the order of ``items``. Workers never touch the store: the parent reads
what they need and writes what they return, inside its own transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


def usable_cpus() -> int:
    """CPUs this process may run on (``taskset`` and cgroups included), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_processes(limit: int = 2) -> int:
    """Worker processes for a stage: one per usable CPU, at most ``limit``. Two parse ~1.7x
    faster than one on the 2-core reference machine (docs/benchmarks.md); more give little
    against the cost of pickling results back."""
    return min(limit, usable_cpus())


@dataclass
class Job:
    """One batch's share of a stage's work: ``fn`` over ``items`` in worker processes, then
    ``save(results)`` (results in the order of ``items``) inside the batch's transaction.

    A stage that splits a batch this way (``plan(store, ids) -> Job``) lets the pipeline keep
    one set of workers for the stage's whole run and queue the next batch before storing the
    last one (:class:`Workers`), so the workers do not wait while the parent writes."""

    fn: Callable[[Any], Any]
    items: Sequence[Any]
    save: Callable[[list], None]
    chunksize: int = 4
    parallel: bool = True  # worth starting worker processes for (enough items)

    def run(self, processes: int | None = None, **kwargs) -> None:
        """Do the work (in workers when ``parallel``) and save it: a batch on its own.
        ``kwargs``: as for :class:`Workers`."""
        with Workers(processes, **kwargs) as workers:
            results = workers.submit(self)()
        self.save(results)


class Workers:
    """Worker processes kept for one stage's run, taking its batches' jobs in turn.

        with Workers(initializer=..., initargs=...) as workers:
            pending = workers.submit(job)   # returns at once once the processes are up
            ...
            job.save(pending())             # waits for this job's results

    The processes are forked once, at the first job worth them (``Job.parallel``); with
    ``warm``, the first item of that job is done here first, so whatever ``fn`` loads lazily
    is loaded once and inherited. Until then, and with one process, jobs run here as they
    are submitted."""

    def __init__(self, processes: int | None = None, *, initializer: Callable[..., Any] | None = None,
                 initargs: tuple = (), warm: bool = True) -> None:
        self.processes = processes if processes is not None else default_processes()
        self.initializer, self.initargs, self.warm = initializer, initargs, warm
        self._initialised = False
        self._pool = None

    def submit(self, job: Job) -> Callable[[], list]:
        """Start ``job``; the returned callable waits for and returns its results."""
        if not self._initialised:
            if self.initializer is not None:
                self.initializer(*self.initargs)
            self._initialised = True
        items = list(job.items)
        first: list = []
        if self._pool is None:
            if self.processes <= 1 or not job.parallel or not items:
                done = [job.fn(x) for x in items]
                return lambda: done
            import multiprocessing

            # The first item is done here: whatever ``fn`` loads lazily (models, data files) is
            # then loaded once in this process and inherited by the forked workers.
            first = [job.fn(items[0])] if self.warm else []
            self._pool = multiprocessing.Pool(self.processes, self.initializer, self.initargs)
        pending = self._pool.map_async(job.fn, items[len(first):], chunksize=job.chunksize)
        return lambda: first + pending.get()

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._pool is not None:
            if exc_type is None:
                self._pool.close()  # every job's results were taken: let the workers exit
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None
