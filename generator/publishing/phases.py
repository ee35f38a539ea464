"""The build's phases by name, and the one hook through which anything
outside the pipeline watches them.

``build`` runs as named phases (``PHASES``), each a function of what the
phases before it returned. A watcher registered with ``watching`` is told
of every phase as it runs: it is called with the phase's name and returns a
context manager entered for the phase's time (the benchmark's timer, say).
The store of kept results, the other thing applied from outside, wraps the
work of one document inside a phase (``cache.store.Store.results``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager

Watcher = Callable[[str], AbstractContextManager]

# Every phase, in the order a build runs them (some inside others).
PHASES = (
    "read",  # each source text read, parsed, numbered and analysed, on every core (kept by content)
    "anchors",  # the anchor manifest, checked against the lock
    "search input",  # what the search index is made of, handed to its process
    "references",  # the citations linked across the corpus
    "timeline",  # the dated events merged, their published ids kept
    "recommendations",  # the recommendations paired with their endorsed texts
    "search wait",  # waiting for the search index's process
    "render",  # every page's Markdown, each document's JSON and AKN
    "mkdocs",  # MkDocs' build around the pages
    "convert",  # the document pages converted to HTML on every core (kept by content)
    "outputs",  # the machine-readable files staged and moved into the site, the site put in place
    "bundle",  # the offline zip
)

_WATCHERS: list[Watcher] = []


@contextmanager
def phase(name: str) -> Iterator[None]:
    """The block (or, used as a decorator, each call) run as the phase ``name``."""
    assert name in PHASES, name
    with ExitStack() as stack:
        for watcher in tuple(_WATCHERS):
            stack.enter_context(watcher(name))
        yield


@contextmanager
def watching(watcher: Watcher) -> Iterator[None]:
    """``watcher`` told of every phase run inside the block."""
    _WATCHERS.append(watcher)
    try:
        yield
    finally:
        _WATCHERS.remove(watcher)
