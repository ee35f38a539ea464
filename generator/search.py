"""The search index, built from the document model.

Material's search plugin would parse every page's HTML and run jieba over
all of it during MkDocs; here the index is written from the model instead,
after MkDocs (Material's plugin stays configured, so its search box, worker
and page highlighter remain, but every generated page sets `search: exclude:
true`, see build.exclude_from_material_search).

* One entry per anchored element (paragraph, list item, table row, heading,
  footnote...), at ``documents/<slug>.html#<id>``: a result opens the page
  at the element itself. Each document also has a page entry (its symbol,
  title and header), which Material needs as the article its sections are
  grouped under.
* Chinese is segmented once per distinct element text: the reports repeat
  many paragraphs word for word, and the segmentation is memoised for the
  whole build (Segmenter). jieba's word boundaries are marked with U+200B,
  which the separator splits on.
* The worker splits text and queries with the index's ``separator`` regex,
  turns every Han run of a query into prefixes of terms that exist in the
  index, and searches every term as a prefix (``term*``). That finds the
  words jieba produced, but not what readers type, hence:

  - the separator splits on white space and on full-width and ASCII
    punctuation, and between a Han character and anything else, so
    第70/174号 and 第 70/174 号 give the same terms (第, 70/174, 号) in text
    and query. ``/`` and ``.`` are not separators: symbols and numbers stay
    whole terms;
  - a hidden field, ``subwords``, holds per entry the extra terms a prefix
    search needs: the dictionary sub-words of long words (jieba's search
    mode: 腐败 for 反腐败) and the prefixes of long words (so the worker's
    greedy query segmentation finds a term to anchor on);
  - a hidden field, ``refs``, weighted high, repeats the terms with digits
    (resolution numbers, symbols, paragraph numbers) and adds the tails of
    symbols after each ``/`` (L.4, 2022/L.4). A query such as 第70/174号决议
    is searched as 第* 70/174* 号* 决议*; without the weight, short elements
    full of 第 and 号 outrank the one footnote that cites 70/174.

* ``title`` is shown, not searched: an element's title is the heading of
  its section, and a match there would send the reader to a paragraph that
  does not hold the query. Headings are entries of their own.
* Only the documents are searched: the other pages (home, anchor,
  resolution, symbol, recommendation and timeline indexes) repeat document
  text and would put a list of links above the paragraph itself.
* lunr's term automaton can merge nodes wrongly when terms hold digits,
  after which every query reaching a phantom term fails; the finished
  index is checked for that (see avoid_phantom_terms).

The index is written as ``search/search_index.js`` (loaded as a script
from file://, where fetch is not allowed, and searched by Material's own
worker; Material's offline plugin would copy the JSON there, but runs
before this module). Over http ``search/search_index.json`` is instead the
manifest of a sharded copy of the same index, searched by our worker so
that a query downloads only what it needs.

The search stage is in four modules, each with one job:

* ``search_terms``: what the index holds of a text (separator, tokens,
  jieba's segmentation, sub-words, references) and the Segmenter;
* ``lunr``: lunr's behaviour replayed (term automaton, clause order, weights);
* ``shards``: the sharded index for http, and what is kept between builds;
* this module: the entries of the documents, the single index, the phantom
  guard, and writing both indexes.

``search_worker`` mirrors the worker's query path for tests and the benchmark.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .lunr import lunr_accepted_terms
from .model import Document
from .render import layout, page_path
from .search_terms import CONFIG, SUBWORDS, Segmenter
from .shards import SHARD_DIRS, SearchCache, build_shards, field_values
from .site import sync_files

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


def build_index(docs: Iterable[Document], segmenter: Segmenter | None = None,
                shown: list[tuple[str, str, str]] | None = None, counts: SearchCache | None = None) -> dict:
    """The search index data (Material's format) for ``docs``.

    ``shown``: if given, receives (location, title, plain text) of every
    entry, in index order (the sharded index shows these in results).
    """
    if segmenter is None:  # not "or": an empty Segmenter is falsy (__len__)
        segmenter = Segmenter()
    specs = [spec for doc in docs for spec in entry_specs(doc)]
    segmenter.fill(text for _, _, text in specs)
    entries = [{"location": loc, "title": title, **segmenter(text)} for loc, title, text in specs]
    data = {"config": json.loads(json.dumps(CONFIG)), "docs": entries}
    avoid_phantom_terms(data, counts)
    if shown is not None:
        shown.extend(specs)
    return data


def finish_search_index(site_dir: Path, docs: list[Document], cache: Path | None = None,
                        last: Path | None = None, written: Callable[[], None] | None = None) -> None:
    """Write the search index of ``docs`` under ``site_dir``/search.

    ``search_index.js``: the single index, for file://; ``search_index.json``:
    the manifest of the sharded index, for http, and the shards beside it.
    ``cache``: a file keeping the segmentation and term counts between
    builds. ``last``: the last site's search folder, whose unchanged shards
    are linked (write_shards). ``written``: called once the index is
    written, before the caches are saved (the build can go on meanwhile).
    """
    folder = site_dir / "search"
    # The build hands a new folder, which the whole index is written into
    # (its unchanged shards linked from ``last``).
    folder.mkdir(parents=True, exist_ok=True)
    segmenter = Segmenter()
    counts = SearchCache()
    if cache is not None:
        segmenter.load(cache)
        counts.load(cache.with_suffix(".counts.pickle"))
    shown: list[tuple[str, str, str]] = []
    data = build_index(docs, segmenter, shown, counts)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Loaded with a <script> from file://, where the worker cannot fetch JSON.
    (folder / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
    del text
    write_shards(folder, build_shards(data, shown, counts), last)
    if written is not None:
        written()
    if cache is not None:
        segmenter.save(cache)
        counts.save(cache.with_suffix(".counts.pickle"))


def write_shards(folder: Path, files: dict[str, str], last: Path | None = None) -> None:
    """Bring the sharded index in ``folder`` to exactly ``files`` (old shards
    of a larger corpus go); files already there as they should be are left
    alone. ``last``: the last site's search folder, whose shards that are
    as they were are linked rather than written again (site.sync_files).
    """
    sync_files({folder / rel: content.encode("utf-8") for rel, content in files.items()},
               [folder / name for name in SHARD_DIRS], (folder, last) if last is not None else None)


FILLER = "\u0001"  # never typed; not a separator, so it stays one term


def avoid_phantom_terms(data: dict, counts: SearchCache | None = None, attempts: int = 64) -> int:
    """Add filler to the first entry until lunr accepts exactly the index's
    terms (see lunr.lunr_accepted_terms for the bug this avoids).

    Returns the filler length used (0 when none was needed). ``counts``:
    the entries' terms already counted, and the size found for the same
    term list in an earlier build (the replay depends on that list alone).
    """
    counts = SearchCache() if counts is None else counts
    docs = data["docs"]
    if not docs:
        return 0
    fields = data["config"]["fields"]
    terms: set[str] = set()
    for doc in docs:
        for found in counts.of(field_values(doc, fields)):
            terms.update(found)
    digest = hashlib.sha256("\n".join(sorted(terms)).encode("utf-8")).hexdigest()
    known = counts.phantom.get(digest)
    for size in [known] if known is not None else range(attempts):
        filler = FILLER * size
        candidate = terms | {filler} if size else terms
        if known is not None or lunr_accepted_terms(candidate) == candidate:
            counts.phantom = {digest: size}
            if size:
                first = docs[0]
                first[SUBWORDS] = (first.get(SUBWORDS, "") + " " + filler).strip()
            return size
    raise RuntimeError("search index: cannot avoid lunr's phantom terms")
