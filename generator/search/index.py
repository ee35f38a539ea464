"""The search index, built from the document model.

Material's search plugin would parse every page's HTML during MkDocs; the
index is written from the model instead (Material's plugin stays
configured, so its search box and result list remain, but every generated
page sets `search: exclude: true`, see build.exclude_from_material_search).

* One block per anchored element (paragraph, list item, table row,
  heading, footnote...), at ``documents/<slug>.html#<id>``: a result opens
  the page at the element itself. Each document also has a page block (its
  symbol, title and header), which Material needs as the article its
  sections are grouped under.
* ``title`` is shown, not searched: a block's title is the heading of its
  section, and a match there would send the reader to a paragraph that
  does not hold the query. Headings are blocks of their own.
* Only the documents are searched: the other pages (home, anchor,
  resolution, symbol, recommendation and timeline indexes) repeat document
  text and would put a list of links above the paragraph itself.

What the index holds of a text is ``search_text``; how it is cut into
files a query loads by name is ``shards``; the engine that answers queries,
in the browser and under node's test runner, is
``assets/javascripts/untoc-search-engine.js``, started by the worker
``assets/javascripts/workers/untoc-search.js`` in Material's protocol.
"""

from __future__ import annotations

import html
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from ..files import sync_files
from ..grammar.citations import split_symbol
from ..grammar.labels import INSTRUMENT_HEADER
from ..ids import page_path
from ..model import Document, Node
from ..rendering.document import HEADER_ID, header_rows, layout
from ..rendering.indexes import newest_first_key
from .shards import SHARD_DIRS, build_files, each_file

FOOTNOTE_TITLE = "脚注"

# The kinds of element a reader looks up by name (CONTRACT.md, "Anchor
# manifest"): a block of one of these kinds names the element it is, and
# a query that is that name (or its beginning or end) finds the element
# first. Each is ranked, within a page, by how much it stands for: the
# document itself, then an instrument, then a heading or an agenda item.
DOCUMENT, INSTRUMENT, PART = 3, 2, 1
NAMED_KINDS = {"resolution": INSTRUMENT, "decision": INSTRUMENT, "heading": PART, "annex": PART,
               "agenda-item": PART, "item": PART}


class Block(NamedTuple):
    """One entry of the index: where a result opens (page path and #id),
    the heading shown above it, its text, and the names it holds (``Name``)."""

    location: str
    title: str
    text: str
    names: tuple[Name, ...] = ()


class Name(NamedTuple):
    """Where a block names its element: characters [start, end) of its
    text, and what the element is (DOCUMENT, INSTRUMENT, PART)."""

    start: int
    end: int
    rank: int


def _instrument_number(label: str) -> tuple[int, int] | None:
    """Where the number (11/4) stands in an instrument's header (第 11/4 号决议)."""
    m = INSTRUMENT_HEADER.match(label)
    return (m.start(1), m.end(2)) if m else None


def element_names(node: Node, text: str) -> tuple[Name, ...]:
    """The names a block of ``node`` holds (``text``: its full text, label
    and text): its label (第 11/4 号决议, 附件一) and the instrument's number
    in it, its words without the label (a heading's, an agenda item's, an
    instrument's title), and both together."""
    rank = NAMED_KINDS.get(node.kind)
    if rank is None or not text:
        return ()
    names = [Name(0, len(text), rank)]
    label = node.label.strip() if node.label and text.startswith(node.label) else ""
    if label and len(label) < len(text):
        names.append(Name(0, len(label), rank))
        names.append(Name(len(node.label) + 1, len(text), rank))
    if label and (number := _instrument_number(label)):
        names.append(Name(*number, rank))
    return tuple(names)


def page_entry(doc: Document) -> Block:
    """The page's own entry: its symbol and title, each a name of the
    document (a joint symbol's parts too)."""
    info = doc.info
    text = " ".join(p for p in (info.symbol, info.title) if p)
    names: list[Name] = []
    if info.symbol:
        names.append(Name(0, len(info.symbol), DOCUMENT))
        singles = split_symbol(info.symbol)
        offset = 0
        for single in singles if len(singles) > 1 else []:
            offset = info.symbol.index(single, offset)
            names.append(Name(offset, offset + len(single), DOCUMENT))
            offset += len(single)
    if info.title:
        names.append(Name(len(text) - len(info.title), len(text), DOCUMENT))
    return Block(page_path(info.slug), html.escape(text, quote=False), text, tuple(names))


def header_entries(doc: Document, title: str) -> Iterator[Block]:
    """The header's rows holding the document's own words, each at its id
    on the page (rendering.document.header_rows): an agenda item's title
    names the item; then the distribution line and the reissue notes."""
    page = page_path(doc.info.slug)
    for row in header_rows(doc):
        text = row.text.strip()
        if text:
            names = (Name(0, len(text), PART),) if row.agenda else ()
            yield Block(f"{page}#{row.id}", title, text, names)
    if doc.info.distribution:
        yield Block(f"{page}#{HEADER_ID}-distribution", title, " ".join(doc.info.distribution))
    if doc.info.reissue_notes:
        yield Block(f"{page}#{HEADER_ID}-issue", title, " ".join(doc.info.reissue_notes))


def entry_specs(doc: Document) -> Iterator[Block]:
    """The page entry of ``doc``, then each anchored element's."""
    page = page_path(doc.info.slug)
    # The page entry comes first: Material's worker takes the first entry of
    # a page as the article that the page's other entries are grouped under.
    entry = page_entry(doc)
    yield entry
    yield from header_entries(doc, entry.title)
    section = entry.title
    for block in layout(doc):
        node = block.node
        text = node.full_text.strip()
        if block.heading and text:
            section = html.escape(text, quote=False)
        if node.id and text:
            yield Block(f"{page}#{node.id}", section, text, element_names(node, text))
    for fn in doc.footnotes:
        text = f"{fn.marker} {fn.text}".strip()
        if fn.id and fn.text:
            yield Block(f"{page}#{fn.id}", FOOTNOTE_TITLE, text)


class PageStart(NamedTuple):
    """A page of the index: its path, the index of its first block (its own
    entry) and its place among the pages, newest first (0 the newest)."""

    path: str
    first: int
    newest: int = 0


def index_blocks(docs: Iterable[Document]) -> tuple[list[Block], list[PageStart]]:
    """The blocks of ``docs`` and where each page's blocks start: all the
    index is made from."""
    blocks: list[Block] = []
    starts: list[tuple[str, int, tuple]] = []
    for doc in docs:
        starts.append((page_path(doc.info.slug), len(blocks), newest_first_key(doc.info)))
        blocks.extend(entry_specs(doc))
    by_age = sorted(range(len(starts)), key=lambda k: starts[k][2], reverse=True)
    newest = {k: place for place, k in enumerate(by_age)}
    return blocks, [PageStart(path, first, newest[k]) for k, (path, first, _) in enumerate(starts)]


def index_files(docs: Iterable[Document]) -> dict[str, str]:
    """Every file of the search folder for ``docs`` (relative path -> text)."""
    return build_files(*index_blocks(docs))


def keep_index_input(docs: Iterable[Document], path: Path) -> None:
    """The blocks of ``docs`` pickled to ``path``, for the process that
    writes the index (finish_search_index): a few bytes a block, where the
    documents themselves would be the whole corpus."""
    with path.open("wb") as handle:
        pickle.dump(index_blocks(docs), handle, protocol=pickle.HIGHEST_PROTOCOL)


def finish_search_index(site_dir: Path, kept_input: Path, last: Path | None = None) -> None:
    """Write the search index of the blocks kept at ``kept_input``
    (keep_index_input) under ``site_dir``/search.

    ``last``: the last site's search folder, whose unchanged files are
    linked rather than written again (files.sync_files). Nothing is kept
    between builds: the index is computed from the text in seconds (numpy),
    and a rebuild links the files that came out the same.
    """
    with kept_input.open("rb") as handle:
        blocks, pages = pickle.load(handle)  # written by this build (keep_index_input)
    write_files(site_dir / "search", each_file(blocks, pages), last)


def write_files(folder: Path, files: Iterable[tuple[str, str]], last: Path | None = None) -> None:
    """Bring the search folder to exactly ``files`` ((relative path, text),
    each written as it comes, none held: the shards of a larger corpus go);
    files already as they should be are left alone, and those the last
    site's search folder ``last`` holds as they should be are linked rather
    than written again (files.sync_files)."""
    folder.mkdir(parents=True, exist_ok=True)
    link_from = (folder, last) if last is not None else None
    written: set[Path] = set()
    for rel, text in files:
        target = folder / rel
        sync_files({target: text.encode("utf-8")}, [], link_from)
        written.add(target)
    sync_files({}, [folder / name for name in SHARD_DIRS], keep=written)
