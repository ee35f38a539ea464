"""One content-addressed store of results kept between builds.

A corpus of hundreds of documents is rebuilt after one of them changed:
what the other documents gave (their reading, their rendered page, their
page's HTML, their compressed bytes in the bundle) is the same as last
time. The pipeline (``publishing.build``) keeps such results here, from
outside the stages, which stay plain functions of their inputs.

Every result is kept under one kind of key: (stage, stage version, input
digest). The stage version is derived one way for all stages: the digest of
the generator's code, its templates and the versions of the packages the
output depends on (``stage_version``), so a result is never stale, only
unused; the results a build did not use are removed when it succeeds.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from ..parallel import parallel_results
from .stamp import input_digest

# The generator's code and its templates (the project's templates/ folder).
PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE.parent / "templates"

T = TypeVar("T")
R = TypeVar("R")


@cache
def stage_version() -> str:
    """The version of every stage: the generator's code, its templates and
    the versions of its packages (``stamp.PACKAGES``). One rule for all, so
    no stage can forget to bump its own."""
    return input_digest([PACKAGE, TEMPLATES], {})


class Store:
    """Pickled results by key, in ``folder`` (None: keep nothing).

    ``hits`` and ``misses`` count, by stage, the results taken from an
    earlier build and those computed anew (the benchmark reports them).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()

    @staticmethod
    def key(stage: str, *inputs: bytes | str) -> str:
        """The key of a result: its stage, the stage version and its inputs."""
        digest = hashlib.sha256(f"{stage}\0{stage_version()}\0".encode())
        for part in inputs:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))  # no two inputs concatenate alike
            digest.update(data)
        return f"{stage}-{digest.hexdigest()}"

    def path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key.rsplit("-", 1)[0] / f"{key}.pickle"

    def holds(self, key: str) -> bool:
        """Whether a result is kept under ``key`` (counted as used, not read)."""
        if self.folder is None or not self.path(key).is_file():
            return False
        self.used.add(key)
        return True

    def get(self, key: str) -> Any | None:
        """The result kept under ``key``, or None if there is none."""
        stage = key.rsplit("-", 1)[0]
        value = load_pickle(self.path(key)) if self.folder is not None else None
        if value is None:
            self.misses[stage] += 1
            return None
        self.used.add(key)
        self.hits[stage] += 1
        return value

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        store_pickle(self.path(key), value)
        self.used.add(key)

    def results(self, keys: Sequence[str], compute: Callable[[T], R], jobs: Sequence[T]) -> list[R]:
        """For each key its kept result, or ``compute(job)`` for the jobs
        whose result is not kept, on every core (then kept)."""
        return list(self.each_result(keys, compute, jobs))

    def each_result(self, keys: Sequence[str], compute: Callable[[T], R], jobs: Sequence[T]) -> Iterator[R]:
        """What ``results`` gives, one result at a time, in order: a kept
        result is read when its turn comes, and the others are computed on
        every core meanwhile, so the caller need not hold them all."""
        kept = [self.folder is not None and self.path(key).is_file() for key in keys]
        missing = [i for i, is_kept in enumerate(kept) if not is_kept]
        computed = parallel_results(_compute_and_store, [
            (compute, self.path(keys[i]) if self.folder is not None else None, jobs[i]) for i in missing])
        for key, job, is_kept in zip(keys, jobs, kept, strict=True):
            value = self.get(key) if is_kept else None
            if value is None:  # not kept, or kept unreadably (then computed here)
                if is_kept:
                    value = _compute_and_store((compute, self.path(key), job))
                else:
                    self.misses[key.rsplit("-", 1)[0]] += 1
                    value = next(computed)
                if self.folder is not None:
                    self.used.add(key)
            yield value

    def value(self, stage: str, inputs: object, compute: Callable[[], R]) -> R:
        """``compute()``, or what it gave in an earlier build for equal ``inputs``."""
        key = self.key(stage, identity(inputs))
        found = self.get(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def keep_only_used(self) -> None:
        """Remove the results this build did not use (after a good build)."""
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
    there: the store treats that as "not kept" and computes again."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except _UNREADABLE:
        return None


def identity(value: object) -> bytes:
    """Bytes that are equal exactly when two model values are equal.

    Pickle without its memo: a plain pickle writes a second reference to
    the same string differently from an equal copy, so the same document
    parsed anew or taken from the store would pickle apart.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo; the model is a tree, with no cycles
    pickler.dump(value)
    return buffer.getvalue()
