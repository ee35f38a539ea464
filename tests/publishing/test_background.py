"""A stage run in a forked process: its result, its errors, its end."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.publishing.background import Background


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _fail(path: str, line: int) -> None:
    raise BuildError("cannot write the index", path, line)


def _die() -> None:
    os._exit(3)


def _sleep() -> None:
    time.sleep(60)


def test_the_child_sees_the_arguments_and_its_work_remains(tmp_path) -> None:
    job = Background(_write, tmp_path / "out.txt", "联合国")
    job.wait()
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "联合国"


def test_an_error_in_the_child_is_raised_in_the_build_as_it_was() -> None:
    job = Background(_fail, "site/search", 7)
    with pytest.raises(BuildError) as caught:
        job.wait()
    assert caught.value.one_line() == "site/search:7: cannot write the index"


def test_a_child_that_dies_is_an_error_not_a_silent_success() -> None:
    job = Background(_die)
    with pytest.raises(BuildError, match="ended without a result"):
        job.wait()


def test_cancel_stops_the_child() -> None:
    job = Background(_sleep)
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 30
    assert not job._process.is_alive()


def _squares_on_all_cores(path: Path) -> None:
    from generator.parallel import PARALLEL_MIN_ITEMS, parallel_map

    path.write_text(repr(parallel_map(abs, list(range(-PARALLEL_MIN_ITEMS * 2, 0)), processes=2)))


def test_the_child_may_share_its_work_among_the_cores(tmp_path) -> None:
    """The search index segments on every core from inside the child."""
    job = Background(_squares_on_all_cores, tmp_path / "out.txt")
    job.wait()
    assert (tmp_path / "out.txt").read_text() == repr(list(range(16, 0, -1)))


def _result_then_slow_cache(path: Path, written) -> None:
    path.write_text("index", encoding="utf-8")
    written()
    time.sleep(0.5)
    (path.parent / "cache").write_text("kept", encoding="utf-8")


def _result_then_failing_cache(path: Path, written) -> None:
    path.write_text("index", encoding="utf-8")
    written()
    raise OSError("disk full while saving the cache")


def test_the_build_goes_on_once_the_result_is_written(tmp_path) -> None:
    job = Background(_result_then_slow_cache, tmp_path / "out.txt", early=True)
    job.wait()
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "index"
    assert job.finish() == ""
    assert (tmp_path / "cache").read_text(encoding="utf-8") == "kept"  # finish waited for it


def test_a_failure_after_the_result_is_a_warning_not_lost(tmp_path) -> None:
    job = Background(_result_then_failing_cache, tmp_path / "out.txt", early=True)
    job.wait()
    assert "disk full while saving the cache" in job.finish()
