"""Writing the outputs: only what differs, so that unchanged files keep
their time stamps (MkDocs' incremental build and the last site's hard
links depend on it)."""

from __future__ import annotations

import os
from collections.abc import Container, Iterable
from pathlib import Path


def write_if_changed(target: Path, data: bytes) -> None:
    """Write only what differs, so an unchanged page keeps its time stamp.

    MkDocs' incremental build re-renders a page when its Markdown is newer
    than its HTML; an unchanged page must look unchanged. (Sizes first: a
    file of another size is not read.)
    """
    if _holds(target, data):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _holds(path: Path, data: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def sync_files(wanted: dict[Path, bytes], sweep: Iterable[Path], link_from: tuple[Path, Path] | None = None,
               keep: Container[Path] = ()) -> None:
    """Bring the files to ``wanted`` (path -> content): a file below one of
    the ``sweep`` folders that is neither wanted nor in ``keep`` (written
    already) goes; a wanted file already as it should be is left alone
    (write_if_changed).

    ``link_from``: (folder, last): a wanted file below ``folder`` that does
    not exist yet and whose counterpart below ``last`` (the last site's)
    holds its content becomes a hard link to it, rather than a file written
    again. (Nothing writes into a file of the site in place: a linked file
    is never changed under the old site.)
    """
    for folder in sweep:
        if folder.is_dir():
            for old in folder.rglob("*"):
                if old.is_file() and old not in wanted and old not in keep:
                    old.unlink()
    for target, data in sorted(wanted.items()):
        if link_from is None or not _linked_if_same(link_from[1] / target.relative_to(link_from[0]), target, data):
            write_if_changed(target, data)


def _linked_if_same(source: Path, target: Path, data: bytes) -> bool:
    """Make ``target`` a hard link to ``source`` if ``source`` holds ``data``
    and ``target`` does not exist yet; False where it did not (a file
    system without hard links included: the caller writes instead)."""
    try:
        if target.exists() or not _holds(source, data):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    except OSError:
        return False
    return True
