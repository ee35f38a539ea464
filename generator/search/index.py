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

from ..files import sync_files
from ..ids import page_path
from ..model import Document
from ..rendering.document import layout
from .shards import SHARD_DIRS, build_files, each_file

FOOTNOTE_TITLE = "脚注"


def entry_specs(doc: Document) -> Iterator[tuple[str, str, str]]:
    """(location, title, text) of the page entry of ``doc``, then of each anchored element."""
    info = doc.info
    page = page_path(info.slug)
    title = " ".join(p for p in (info.symbol, info.title) if p)
    header = [title, info.session, info.session_dates, info.place, info.agenda_items]
    # The page entry comes first: Material's worker takes the first entry of
    # a page as the article that the page's other entries are grouped under.
    yield page, html.escape(title, quote=False), " ".join(p for p in header if p)
    section = title
    for block in layout(doc):
        node = block.node
        text = node.full_text.strip()
        if block.heading and text:
            section = text
        if node.id and text:
            yield f"{page}#{node.id}", html.escape(section, quote=False), text
    for fn in doc.footnotes:
        text = f"{fn.marker} {fn.text}".strip()
        if fn.id and fn.text:
            yield f"{page}#{fn.id}", FOOTNOTE_TITLE, text


Block = tuple[str, str, str]  # (location, title, text), as entry_specs gives them
PageStart = tuple[str, int]  # (page, index of its first block)


def index_blocks(docs: Iterable[Document]) -> tuple[list[Block], list[PageStart]]:
    """The blocks of ``docs`` and where each page's blocks start: all the
    index is made from."""
    blocks: list[Block] = []
    pages: list[PageStart] = []
    for doc in docs:
        pages.append((page_path(doc.info.slug), len(blocks)))
        blocks.extend(entry_specs(doc))
    return blocks, pages


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
