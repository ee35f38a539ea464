"""Run one stage in a process of its own while the build goes on.

The search index needs only the documents' text, and the build links the
corpus on one core meanwhile: the index is written by a child process at
the same time. What it reports back is only whether it succeeded, and if
not, the error to raise in the build.

The child is a fresh interpreter, not a fork: forked, it shared the
parent's heap until either wrote to it, and the parent linking the corpus
meanwhile touches every model object (their reference counts), so the
heap was copied page by page while the child lived (925 MB at N = 500,
the build's peak). Fresh, it holds only what it is given: keep the
arguments small (a path to its input, not the corpus). It is started as
``python -c``, not through multiprocessing's spawn, which imports the
caller's main script again in the child: a script calling ``build``
without a ``__main__`` guard would start a second build there.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import Any

from ..errors import BuildError

_CHILD = "from generator.publishing.background import child_main; child_main()"


def child_main() -> None:
    """In the child: read ``(func, args)`` from stdin, run it, and write
    ``(status, error)`` to the descriptor named on the command line."""
    report = os.fdopen(int(sys.argv[1]), "wb")
    try:
        func, args = pickle.load(sys.stdin.buffer)
        func(*args)
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent, which raises it
        try:
            outcome = pickle.dumps(("error", exc))
        except (pickle.PicklingError, TypeError, AttributeError):  # an exception that does not pickle: its text
            outcome = pickle.dumps(("error", RuntimeError("".join(traceback.format_exception_only(exc)).strip())))
    else:
        outcome = pickle.dumps(("ok", None))
    with report:
        report.write(outcome)


class Background:
    """``func(*args)`` started in a process of its own; ``wait()`` for its
    end. ``func`` is a module-level function and ``args`` pickle: the child
    imports the function by name (on the parent's import path)."""

    def __init__(self, func: Callable[..., None], *args: Any) -> None:
        self._name = getattr(func, "__name__", "a stage")
        receive, send = os.pipe()
        path = os.pathsep.join(os.path.abspath(p) for p in sys.path if p)
        self._process = subprocess.Popen([sys.executable, "-c", _CHILD, str(send)], stdin=subprocess.PIPE,
                                         pass_fds=(send,), env={**os.environ, "PYTHONPATH": path})
        os.close(send)  # the child holds the other end: EOF when it ends
        self._receive = os.fdopen(receive, "rb")
        try:
            with self._process.stdin:
                pickle.dump((func, args), self._process.stdin)
        except BrokenPipeError:  # the child died before reading: wait() reports it
            pass

    def wait(self) -> None:
        """Wait for the end; raise what the process raised (a BuildError as it was)."""
        with self._receive:
            outcome = self._receive.read()
        self._process.wait()
        if outcome:
            status, error = pickle.loads(outcome)
            if status == "ok":
                return
            raise error
        raise BuildError(f"{self._name} ended without a result (exit status {self._process.returncode})")

    def cancel(self) -> None:
        """Stop the process (the build failed elsewhere)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._receive.close()
