"""Small helpers shared by several test modules."""

from __future__ import annotations

from pathlib import Path

# The browser tests drive Chromium as the search benchmark does: one home
# for Debian's Chromium, its settings and the local server.
from bench.search import CHROMIUM, CHROMIUM_ARGS
from bench.search import serve as served

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "served", "tree_bytes"]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
