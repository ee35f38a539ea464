"""Work shared among the cores, and the garbage collector kept out of the
way while a corpus' models are made.

``parallel_map`` runs a per-document function on every core; results come
back in input order, so the output does not depend on how the work was
split. ``parallel_results`` gives them one at a time, for a caller that
writes each away rather than holding them all.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_MIN_ITEMS = 8
# Items sent to a worker at once, at most: a worker holds the results of
# its whole chunk until the chunk is done, and chunks of a sixteenth of the
# corpus made each render worker hold 270 MB at N = 1,000.
MAX_CHUNK = 4


def parallel_map(func: Callable[[T], R], items: Sequence[T], processes: int = 0) -> list[R]:
    """``[func(x) for x in items]``, shared among the cores when worth it.

    ``func`` and the items must be picklable (a module-level function). An
    exception raised for an item is raised here, the first in input order.
    """
    return list(parallel_results(func, items, processes))


def parallel_results(func: Callable[[T], R], items: Sequence[T], processes: int = 0) -> Iterator[R]:
    """``func(x) for x in items``, in input order, shared among the cores
    when worth it (the workers run ahead of the caller)."""
    processes = processes or os.cpu_count() or 1
    if processes < 2 or len(items) < PARALLEL_MIN_ITEMS:
        yield from (func(x) for x in items)
        return
    with ProcessPoolExecutor(processes) as pool:
        # Small chunks keep both cores busy to the end (documents differ in
        # size) and bound what a worker holds.
        yield from pool.map(func, items, chunksize=max(1, min(MAX_CHUNK, len(items) // (processes * 8))))


@contextmanager
def paused_cycle_collection() -> Iterator[None]:
    """Create many objects without the cyclic garbage collector running.

    Loading a corpus' models creates millions of small objects and no
    garbage; each collection would walk all of them again (it more than
    doubles the time of loading them). Reference counting still frees
    everything that is not a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def long_lived_objects_set_aside() -> Iterator[None]:
    """Objects made so far (the corpus' models) are left out of the cyclic
    collector's walks until the end of the block, then returned to it."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def give_back_freed_memory() -> None:
    """Collect the cycles a finished stage left, then hand the freed heap
    back to the system (glibc's malloc_trim; elsewhere only the collection).

    After MkDocs' build the main process keeps the pages' memory as free
    heap, and the processes forked next (the bundle's workers) and the
    ZIM's writer would count it again.
    """
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to hand back
        return
    trim(0)
