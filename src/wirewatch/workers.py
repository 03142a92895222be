"""Per-article work spread over worker processes, for stages whose articles are independent.

    results = parallel_map(fn, items, min_items=48)

``fn`` and ``items`` must pickle (a module-level function; records, bytes, plain data). The
results come back in the order of ``items``. Workers never touch the store: the parent reads
what they need and writes what they return, inside its own transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


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


def parallel_map(fn: Callable[[T], R], items: Sequence[T], *, processes: int | None = None,
                 min_items: int = 48, chunksize: int = 4,
                 initializer: Callable[..., Any] | None = None, initargs: tuple = (),
                 warm: bool = True) -> list[R]:
    """``[fn(x) for x in items]``, in worker processes when there are enough items to pay for
    starting them (``min_items``) and more than one process is wanted. ``initializer`` runs
    here and once per worker. ``warm``: do the first item here before starting the workers
    (see below); pass False when everything ``fn`` needs is loaded already."""
    n = processes if processes is not None else default_processes()
    if initializer is not None:
        initializer(*initargs)
    if n <= 1 or len(items) < min_items:
        return [fn(x) for x in items]
    import multiprocessing

    # The first item is done here: whatever ``fn`` loads lazily (models, data files) is then
    # loaded once in this process and inherited by the forked workers, not once per worker.
    first = [fn(items[0])] if warm else []
    with multiprocessing.Pool(n, initializer, initargs) as pool:
        return first + pool.map(fn, items[len(first):], chunksize=chunksize)
