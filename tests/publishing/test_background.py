"""A stage run in a process of its own: its result, its errors, its end."""

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
    assert job._process.poll() is not None


def _squares_on_all_cores(path: Path) -> None:
    from generator.parallel import PARALLEL_MIN_ITEMS, parallel_map

    path.write_text(repr(parallel_map(abs, list(range(-PARALLEL_MIN_ITEMS * 2, 0)), processes=2)))


def test_the_child_may_share_its_work_among_the_cores(tmp_path) -> None:
    """The search index segments on every core from inside the child."""
    job = Background(_squares_on_all_cores, tmp_path / "out.txt")
    job.wait()
    assert (tmp_path / "out.txt").read_text() == repr(list(range(16, 0, -1)))


def _resident_mb(path: Path) -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            path.write_text(str(int(line.split()[1]) // 1024))


def test_the_child_holds_only_what_it_is_given_not_the_parents_heap(tmp_path) -> None:
    """A forked child would start with the parent's pages resident (and
    copy them as either process writes); the build's child is started
    afresh, whatever the build holds."""
    held = b"x" * (400 << 20)  # the parent's corpus, written to, so resident
    job = Background(_resident_mb, tmp_path / "rss")
    job.wait()
    assert len(held) == 400 << 20
    assert int((tmp_path / "rss").read_text()) < 200


_SCRIPT_WITHOUT_A_MAIN_GUARD = """
from pathlib import Path
from generator.publishing.background import Background
from tests.publishing.test_background import _append

marker = Path({marker!r})
_append(marker, "script ran")
job = Background(_append, marker, "stage ran")
job.wait()
"""


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def test_a_calling_script_without_a_main_guard_runs_once(tmp_path) -> None:
    """The child imports the stage's function, not the caller's script:
    a script that builds at its top level must not build again in it."""
    import subprocess
    import sys

    from tests.helpers import PROJECT

    script = tmp_path / "build_it.py"
    marker = tmp_path / "marker.txt"
    script.write_text(_SCRIPT_WITHOUT_A_MAIN_GUARD.format(marker=str(marker)), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 0, done.stderr
    assert marker.read_text(encoding="utf-8").splitlines() == ["script ran", "stage ran"]
