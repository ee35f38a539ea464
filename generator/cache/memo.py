"""Per-document results kept between builds, and work shared among the cores.

A corpus of hundreds of documents is rebuilt after one of them changed:
what the other documents gave (their parse, the citations and dates they
state, their rendered page) is the same as last time. ``Memo`` keeps each
such result as a pickle named by the SHA-256 of everything it depends on
(the input's bytes and the generator's own code and templates), so an entry
is never stale, only unused; the entries a build did not use are removed
when it succeeds.

``parallel_map`` runs a per-document function on every core for the
documents the memo does not hold; results come back in input order, so the
output does not depend on how the work was split.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .stamp import input_digest

# The generator's code and its templates (the project's templates/ folder).
PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE.parent / "templates"

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_MIN_ITEMS = 8


@cache
def code_digest() -> str:
    """What every memoised result depends on besides its input: the
    generator's code, its templates and the versions of its packages."""
    return input_digest([PACKAGE, TEMPLATES], {})


class Memo:
    """Pickled results by key, in ``folder`` (None: keep nothing)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits: Counter[str] = Counter()  # results taken from an earlier build, by kind
        self.misses: Counter[str] = Counter()  # results computed anew, by kind

    @staticmethod
    def key(kind: str, *parts: bytes | str) -> str:
        """A key over the kind of result, the code digest and the inputs."""
        digest = hashlib.sha256(f"{kind}\0{code_digest()}\0".encode())
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))  # no two inputs concatenate alike
            digest.update(data)
        return f"{kind}-{digest.hexdigest()}"

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key.rsplit("-", 1)[0] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        """The result stored under ``key``, or None if there is none."""
        if self.folder is None:
            self.misses[key.rsplit("-", 1)[0]] += 1
            return None
        value = load_pickle(self._path(key))
        if value is None:
            self.misses[key.rsplit("-", 1)[0]] += 1
            return None
        self.used.add(key)
        self.hits[key.rsplit("-", 1)[0]] += 1
        return value

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        store_pickle(self._path(key), value)
        self.used.add(key)

    def results(self, keys: Sequence[str], compute: Callable[[T], R], jobs: Sequence[T]) -> list[R]:
        """For each key its stored result, or ``compute(job)`` for the jobs
        whose result is not stored, on every core (then stored)."""
        found: list = [self.get(key) for key in keys]
        missing = [i for i, value in enumerate(found) if value is None]
        stores = [(compute, self._path(keys[i]) if self.folder is not None else None, jobs[i]) for i in missing]
        for i, value in zip(missing, parallel_map(_compute_and_store, stores), strict=True):
            if self.folder is not None:
                self.used.add(keys[i])
            found[i] = value
        return found

    def value(self, kind: str, inputs: object, compute: Callable[[], R]) -> R:
        """``compute()``, or what it gave in an earlier build for equal ``inputs``."""
        key = self.key(kind, identity(inputs))
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def keep_only_used(self) -> None:
        """Remove the entries this build did not use (after a good build)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path.stem not in self.used:
                path.unlink()


def _compute_and_store(job: tuple[Callable[[Any], Any], Path | None, Any]) -> Any:
    """``compute(item)``, stored at ``path`` (if any) by the process that
    computed it: the result is pickled there, on every core, rather than a
    second time in the parent after it came back."""
    compute, path, item = job
    value = compute(item)
    if path is not None:
        store_pickle(path, value)
    return value


def store_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path``, never half-written under that name: a
    build interrupted meanwhile, or another process storing the same
    result, leaves the last whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with partial.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)


# What loading a kept pickle raises when the file is missing, cut short (an
# interrupted build; store_pickle never leaves one under its name, but a
# disk can), or written by other code (a class renamed or gone).
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError,
               ValueError)


def load_pickle(path: Path) -> Any | None:
    """What store_pickle kept at ``path``, or None if nothing readable is
    there: every cache treats that as "not kept" and computes again."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except _UNREADABLE:
        return None


def identity(value: object) -> bytes:
    """Bytes that are equal exactly when two model values are equal.

    Pickle without its memo: a plain pickle writes a second reference to
    the same string differently from an equal copy, so the same document
    parsed anew or taken from the memo would pickle apart.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo; the model is a tree, with no cycles
    pickler.dump(value)
    return buffer.getvalue()


def parallel_map(func: Callable[[T], R], items: Sequence[T], processes: int = 0) -> list[R]:
    """``[func(x) for x in items]``, shared among the cores when worth it.

    ``func`` and the items must be picklable (a module-level function). An
    exception raised for an item is raised here, the first in input order.
    """
    processes = processes or os.cpu_count() or 1
    if processes < 2 or len(items) < PARALLEL_MIN_ITEMS:
        return [func(x) for x in items]
    with ProcessPoolExecutor(processes) as pool:
        # Small chunks keep both cores busy to the end: documents differ in size.
        return list(pool.map(func, items, chunksize=max(1, len(items) // (processes * 8))))


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
