"""Run a function over many items in worker processes, yielding results in input order.

Small batches run in this process (a pool costs more than it saves); larger ones go to a
process pool, in chunks, with results streamed back in the order of the input whatever the
scheduling. A worker that dies outright (a C extension crash, ``os._exit`` in a plugin, the
OOM killer) does not end the run: the item that killed it is found by running the items that
were in flight one at a time in fresh single-worker pools, and gets ``on_crash(item, reason)``
as its result; every other item is still processed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS_FOR_POOL = 24  # below this, starting workers costs more than linting in-process
MAX_CHUNK = 32


def default_jobs() -> int:
    """CPUs this process may run on (respects affinity masks and container CPU sets)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def ordered_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    on_crash: Callable[[Item, str], Result],
    prepare: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """``function(item)`` for every item, in order; in ``jobs`` processes when worth it.

    ``function`` and ``initializer`` must be module-level (picklable) callables; with jobs > 1
    the items and results cross process boundaries, so keep them small. ``initializer`` runs
    in every worker process, never in this one. ``prepare`` runs once in this process just
    before the pool starts (never when the items run here): forked workers inherit what it
    loads instead of each loading it again.
    """
    if jobs <= 1 or len(items) < MIN_ITEMS_FOR_POOL:
        yield from map(function, items)  # the caller's own state: no initializer here
        return
    # Imported here: a pre-commit run of a few files never pays for multiprocessing.
    from concurrent.futures.process import BrokenProcessPool

    if prepare is not None:
        prepare()
    start = 0
    chunk = max(1, min(MAX_CHUNK, len(items) // (jobs * 8)))
    while start < len(items):
        done = 0
        pool = _pool(jobs, initializer, initargs)
        try:
            for result in pool.map(function, items[start:], chunksize=chunk):
                done += 1
                yield result
            return
        except BrokenProcessPool:
            start += done
        finally:  # also when the consumer stops early: drop the queued work, do not finish it
            pool.shutdown(wait=True, cancel_futures=True)
        # The first unfinished item and whatever ran beside it are suspects: try them alone.
        window = min(len(items) - start, jobs * chunk)
        for item in items[start : start + window]:
            yield _isolated(function, item, initializer, initargs, on_crash)
        start += window
        chunk = 1  # keep later windows small: a crashing item usually has company


def _isolated(
    function: Callable[[Item], Result],
    item: Item,
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    on_crash: Callable[[Item, str], Result],
) -> Result:
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(1, initializer, initargs) as pool:
            return pool.submit(function, item).result()
    except BrokenProcessPool:
        return on_crash(item, "the worker process linting it died")


def _pool(
    jobs: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> ProcessPoolExecutor:
    # fork shares the already-imported rules with the workers (no re-import per worker);
    # where fork is unavailable (Windows, and macOS by default) the initializer rebuilds state.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


def _start_worker(
    parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """Runs first in every worker: exit when the parent is gone, then the caller's initializer.

    A worker blocks on its task queue; if the parent is killed outright (SIGKILL, the OOM
    killer, a CI timeout) nothing would ever wake it, and it would linger forever.
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="postlint-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)
