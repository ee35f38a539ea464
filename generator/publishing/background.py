"""Run one stage in a forked process while the build goes on.

The search index needs only the documents' text, and most of the rest of
a build (MkDocs rendering the pages around their conversions) keeps one
core busy: the index is written by a child process at the same time. The
child is forked, so it starts with the documents as they are, without
copying them through a pipe; what it reports back is only whether it
succeeded, and if not, the error to raise in the build.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import traceback
from collections.abc import Callable
from typing import Any

from ..errors import BuildError


def _run(func: Callable[..., None], args: tuple, connection: Any, early: bool) -> None:
    # The child shares the parent's pages until it writes to them: a cyclic
    # collection walking the objects it inherited would write to every one
    # (their collector links) and copy the parent's whole heap. Frozen, the
    # collector leaves them alone; the stage's own objects it still collects.
    gc.freeze()
    sent = False

    def report_success() -> None:
        nonlocal sent
        if not sent:
            connection.send(("ok", None))
            sent = True

    try:
        func(*args, **({"written": report_success} if early else {}))
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent, which raises it
        try:
            connection.send(("warning" if sent else "error", exc))
        except (pickle.PicklingError, TypeError, AttributeError):  # an exception that does not pickle: its text
            text = "".join(traceback.format_exception_only(exc)).strip()
            connection.send(("warning" if sent else "error", RuntimeError(text)))
    else:
        report_success()
    finally:
        connection.close()


class Background:
    """``func(*args)`` started in a forked process; ``wait()`` for its end."""

    def __init__(self, func: Callable[..., None], *args: Any, early: bool = False) -> None:
        """``early``: ``func`` takes a keyword ``written``, a function it calls
        once its result is written; the work it does after that (saving
        caches) goes on while the build does, until ``finish()``."""
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # Not a daemon: the stage may start worker processes of its own.
        self._process = context.Process(target=_run, args=(func, args, send, early))
        self._process.start()
        send.close()  # the child holds the other end: EOF when it dies
        self._name = getattr(func, "__name__", "a stage")

    def wait(self) -> None:
        """Wait for the result; raise what the process raised (a BuildError as it was)."""
        try:
            status, error = self._receive.recv()
        except EOFError:
            status, error = "died", None
        if status == "ok":
            return
        self._receive.close()
        self._process.join()
        if error is None:
            raise BuildError(f"{self._name} ended without a result (exit status {self._process.exitcode})")
        raise error

    def finish(self) -> str:
        """After ``wait()``: let the process end its work after the result;
        a failure there is returned as a warning (the result stands)."""
        self._process.join()
        try:
            if self._receive.poll():
                status, error = self._receive.recv()
                if status == "warning":
                    return f"{self._name}: {error}"
        except EOFError:
            pass
        finally:
            self._receive.close()
        if self._process.exitcode:
            return f"{self._name} ended with exit status {self._process.exitcode} after its result"
        return ""

    def cancel(self) -> None:
        """Stop the process (the build failed elsewhere)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()
