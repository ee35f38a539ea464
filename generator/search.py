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
that a query downloads only what it needs (see "The sharded index" below).
"""

from __future__ import annotations

import bisect
import hashlib
import html
import itertools
import json
import marshal
import math
import os
import pickle
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .memo import paused_cycle_collection, store_pickle
from .model import Document
from .render import layout, page_path
from .site import sync_files

# Han characters as a regex class body (BMP only: the worker builds its
# RegExp without the "u" flag, and the corpus has no astral Han).
HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff"

# One pattern for Python (tests, segmentation) and JavaScript (the worker
# reads it from the index). Three alternatives: runs of white space and
# punctuation (not / . which symbols and numbers contain), and the two
# zero-width boundaries between Han and non-Han characters. Material's page
# highlighter splits this string on "|" and drops pure look-arounds, so no
# "|" or ")" may appear inside the character classes.
PUNCTUATION = (
    "\\s\\u200b\\u3000\\-,;:!?\"'()\\[\\]{}<>"
    "、。，．？！；：“”‘’（）《》〈〉【】「」『』〔〕…—～·"
)
SEPARATOR = f"[{PUNCTUATION}]+|(?<=[{HAN}])(?=[^{HAN}])|(?<=[^{HAN}])(?=[{HAN}])"

SUBWORDS = "subwords"
REFS = "refs"
REFS_BOOST = 20.0
ZWSP = "\u200b"
FOOTNOTE_TITLE = "脚注"

# The "config" block Material's worker reads. lang zh loads lunr's Chinese
# support (whose tokenizer the worker replaces with its own, driven by the
# separator); the pipeline keeps only lunr's stemmer, as Material's zh
# default does. Fields: see the module docstring ("title" is not one).
CONFIG = {
    "lang": ["zh"],
    "separator": SEPARATOR,
    "pipeline": ["stemmer"],
    "fields": {"text": {"boost": 1.0}, SUBWORDS: {"boost": 1.0}, REFS: {"boost": REFS_BOOST}},
}

_SEPARATOR = re.compile(SEPARATOR)
_HAN_RUN = re.compile(f"[{HAN}]+")
_HAN_WORDS = re.compile(f"[{HAN}{ZWSP}]*[{HAN}]")
_TAG = re.compile(r"(<[^>]*>)")
_DIGIT = re.compile(r"\d")


def tokens(text: str) -> list[str]:
    """The terms the search worker indexes for ``text`` (tags removed).

    Mirrors Material's tokenizer: split on SEPARATOR, lower-case.
    """
    plain = _TAG.sub(" ", text)
    return [t.lower() for t in _SEPARATOR.split(plain) if t]


def han_words(text: str) -> Iterator[str]:
    """The Chinese words of segmented text, in order."""
    for part in _TAG.split(text):
        if part.startswith("<"):
            continue
        for run in _HAN_WORDS.findall(part):
            yield from (w for w in run.split(ZWSP) if w)


def _jieba():
    """jieba, quiet: it announces its dictionary on every start; only
    problems matter."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _dictionary() -> dict[str, int]:
    jieba = _jieba()
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def _jieba_cut() -> Callable[[str], Iterable[str]]:
    return _jieba().cut


def segment(text: str, cut: Callable[[str], Iterable[str]] | None = None) -> str:
    """``text`` with U+200B between the jieba words of each Han run.

    Only Han runs go to jieba: the separator already splits Han from
    everything else, and symbols must not be cut.
    """
    cut = cut or _jieba_cut()
    return _HAN_RUN.sub(lambda m: ZWSP.join(w for w in cut(m.group()) if w), text)


def subwords(text: str, freq: dict[str, int] | None = None) -> list[str]:
    """Extra terms for segmented ``text`` so that prefix search reaches inside words.

    For a Han word of three or more characters: its two- and three-character
    parts that are dictionary words (what jieba's search mode adds) and its
    proper prefixes of two or more characters. Terms already indexed as
    words of ``text`` are not repeated.
    """
    freq = _dictionary() if freq is None else freq
    indexed = set(tokens(text))
    extra: dict[str, None] = {}  # ordered set
    for word in han_words(text):
        if len(word) < 3:
            continue
        for size in (2, 3):
            for i in range(len(word) - size + 1):
                part = word[i:i + size]
                if part != word and freq.get(part):
                    extra[part] = None
        for end in range(2, len(word)):
            extra[word[:end]] = None
    return [t for t in extra if t not in indexed]


def references(text: str) -> list[str]:
    """The terms of ``text`` that hold a digit, and the tails of symbols.

    CTOC/COP/2022/L.4 also gives cop/2022/l.4, 2022/l.4 and l.4, so that
    the part of a symbol readers type finds it by prefix.
    """
    out: dict[str, None] = {}
    for term in tokens(text):
        if not _DIGIT.search(term):
            continue
        out[term] = None
        parts = term.split("/")
        for i in range(1, len(parts)):
            tail = "/".join(parts[i:])
            if tail:
                out[tail] = None
    return list(out)


def search_fields(text: str, cut: Callable[[str], Iterable[str]] | None = None,
                  freq: dict[str, int] | None = None) -> dict[str, str]:
    """``text``, ``subwords`` and ``refs`` of an entry, for plain ``text``."""
    # Escaped: Material shows the text field as HTML.
    segmented = segment(html.escape(text, quote=False), cut)
    # In a <p>: the worker's highlighter cuts a teaser from the first
    # tag or word of a block, and would drop a leading "(" of "(d)".
    fields = {"text": f"<p>{segmented}</p>"}
    extra = subwords(segmented, freq if freq is not None else _dictionary())
    if extra:
        fields[SUBWORDS] = " ".join(extra)
    refs = references(segmented)
    if refs:
        fields[REFS] = " ".join(refs)
    return fields


def _fields_of_texts(texts: list[str]) -> list[dict[str, str]]:
    """A worker's share of the texts (runs in another process)."""
    cut, freq = _jieba_cut(), _dictionary()
    return [search_fields(t, cut, freq) for t in texts]


# What the cached fields depend on: this module and jieba's dictionary.
CACHE_VERSION = hashlib.sha256(Path(__file__).read_bytes() + sys.version.encode()).hexdigest()[:16]


class Segmenter:
    """The searched fields of a text, computed once per distinct text.

    Documents repeat whole paragraphs (standard phrases, recommendations
    repeated as endorsed, agenda notes year after year), so a build keeps
    every result: jieba and the term extraction run once per distinct text.
    Between builds the results can be kept in a cache file, so a rebuild
    segments only new text; a large batch is shared among the cores.
    """

    def __init__(self, freq: dict[str, int] | None = None,
                 cut: Callable[[str], Iterable[str]] | None = None) -> None:
        self._freq = freq
        self._cut = cut
        self._memo: dict[str, dict[str, str]] = {}
        self._used: set[str] = set()
        self.calls = 0  # texts asked for; len(self) of them were segmented

    def __len__(self) -> int:
        return len(self._memo)

    def __call__(self, text: str) -> dict[str, str]:
        """``text``, ``subwords`` and ``refs`` of an entry, for plain ``text``."""
        self.calls += 1
        self._used.add(text)
        fields = self._memo.get(text)
        if fields is None:
            if self._freq is None:
                self._freq = _dictionary()
            if self._cut is None:
                self._cut = _jieba_cut()
            fields = self._memo[text] = search_fields(text, self._cut, self._freq)
        return fields

    def fill(self, texts: Iterable[str], processes: int = 0) -> None:
        """Compute the fields of the texts not yet known, on several cores.

        Only with the default jieba (a custom ``cut`` cannot be sent to
        other processes); small batches stay in this process.
        """
        missing = sorted({t for t in texts if t not in self._memo})
        processes = processes or os.cpu_count() or 1
        if self._cut is not None or processes < 2 or len(missing) < 2000:
            for text in missing:
                self(text)
            self.calls -= len(missing)
            return
        from concurrent.futures import ProcessPoolExecutor

        chunks = [missing[i::processes] for i in range(processes)]
        with ProcessPoolExecutor(processes) as pool:
            for chunk, results in zip(chunks, pool.map(_fields_of_texts, chunks), strict=True):
                self._memo.update(zip(chunk, results, strict=True))

    def load(self, path: Path) -> None:
        """Take the fields a previous build computed, if made by this code."""
        try:
            with paused_cycle_collection():  # many small objects, no garbage
                data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if data.get("version") == CACHE_VERSION and isinstance(data.get("fields"), dict):
            self._memo.update(data["fields"])

    def save(self, path: Path) -> None:
        """Keep the fields of the texts this build used, for the next build."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fields = {t: self._memo[t] for t in sorted(self._used) if t in self._memo}
        path.write_text(json.dumps({"version": CACHE_VERSION, "fields": fields}, ensure_ascii=False),
                        encoding="utf-8")


class SearchCache:
    """What the search index keeps between builds, beside the segmentation.

    Weighting the index and guarding it against lunr's phantom terms need
    every entry's terms; a rebuild after one changed document would split
    and count every entry again. Kept in one pickle: each distinct entry's
    terms counted per field (keyed by a digest of its fields), the phantom
    guard's answer by term list, and the last build's postings, which a
    rebuild updates where few entries changed (_update_postings).
    """

    def __init__(self) -> None:
        self.counts: dict[bytes, list[dict[str, int]]] = {}
        self.used: set[bytes] = set()
        self.phantom: dict[str, int] = {}  # digest of the sorted terms -> filler size
        # The last build's postings, to update rather than rebuild (see
        # _update_postings): its fields, entry keys in index order, document
        # frequencies, postings, serialised postings and prefix sums.
        self.postings: dict[str, object] = {}
        # Terms whose postings this build computed anew; None: all of them.
        self.affected: set[str] | None = None

    @staticmethod
    def key(values: tuple[str, ...]) -> bytes:
        return hashlib.sha1("\0".join(values).encode("utf-8")).digest()

    def of(self, values: tuple[str, ...], key: bytes | None = None) -> list[dict[str, int]]:
        """The term counts of each field value (do not modify them);
        ``key``: their digest (``SearchCache.key``), where known already.

        Plain dicts: a Counter pickles several times slower."""
        key = key or self.key(values)
        self.used.add(key)
        found = self.counts.get(key)
        if found is None:
            found = self.counts[key] = [dict(Counter(tokens(value))) for value in values]
        return found

    def load(self, path: Path) -> None:
        try:
            with path.open("rb") as f, paused_cycle_collection():
                version, counts, phantom, postings = pickle.load(f)
                if version != CACHE_VERSION:
                    return
                counts = marshal.loads(counts)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return
        self.counts, self.phantom, self.postings = counts, phantom, postings

    def save(self, path: Path) -> None:
        """Keep the counts this build used, for the next build."""
        kept = {k: v for k, v in self.counts.items() if k in self.used}
        # The counts are a hundred thousand small dicts: marshal writes them
        # several times faster than pickle (whose version check,
        # CACHE_VERSION, also covers marshal's, which is Python's).
        store_pickle(path, (CACHE_VERSION, marshal.dumps(kept), self.phantom, self.postings))


def _field_values(doc: dict, names: Iterable[str]) -> tuple[str, ...]:
    """An entry's searched field values, in config order ("" where absent)."""
    return tuple(v if isinstance(v := doc.get(name), str) else "" for name in names)


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


def document_entries(doc: Document, segmenter: Segmenter) -> Iterator[dict]:
    """The page entry of ``doc``, then one entry per anchored element, in reading order."""
    for location, title, text in entry_specs(doc):
        yield {"location": location, "title": title, **segmenter(text)}


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
    avoid_phantom_terms(data, counts=counts)
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


# --- Guard against a lunr bug ---------------------------------------------
#
# lunr (inside Material's worker) builds a minimised automaton of all index
# terms; it names a node by concatenating its edge labels with child ids
# (lunr.TokenSet.prototype.toString), so with digit labels two different
# nodes can get the same name ("1" + id 86 + "3" + id 12 == "1" + id 8 +
# "6" + id 312) and be merged. The automaton then accepts terms that are not
# in the index, and any query whose expansion reaches one ("*", or 70/1*)
# throws inside the worker and shows no results at all. Which terms merge
# depends only on the sorted term list, so the build replays lunr's
# construction and, if a phantom term appears, adds a filler term that
# sorts first and shifts every node id until none does.

FILLER = "\u0001"  # never typed; not a separator, so it stays one term


class _Node:
    __slots__ = ("edges", "final", "id", "name")
    next_id = 1

    def __init__(self) -> None:
        self.final = False
        self.edges: dict[str, _Node] = {}
        self.id = _Node.next_id
        _Node.next_id += 1
        self.name: str | None = None

    def key(self) -> str:
        if self.name is not None:
            return self.name
        out = "1" if self.final else "0"
        for label in sorted(self.edges, key=_js_order):
            out += label + str(self.edges[label].id)
        return out


def _js_order(text: str) -> bytes:
    return text.encode("utf-16-be")  # JavaScript sorts strings by UTF-16 units


def lunr_accepted_terms(terms: Iterable[str]) -> set[str]:
    """The terms lunr's minimised automaton accepts for this term list."""
    _Node.next_id = 1
    root = _Node()
    unchecked: list[tuple[_Node, str, _Node]] = []
    minimized: dict[str, _Node] = {}

    def minimize(down_to: int) -> None:
        while len(unchecked) > down_to:
            parent, char, child = unchecked.pop()
            key = child.key()
            if key in minimized:
                parent.edges[char] = minimized[key]
            else:
                child.name = key
                minimized[key] = child

    previous = ""
    for word in sorted(set(terms), key=_js_order):
        common = 0
        for a, b in zip(word, previous):
            if a != b:
                break
            common += 1
        minimize(common)
        node = unchecked[-1][2] if unchecked else root
        for char in word[common:]:
            child = _Node()
            node.edges[char] = child
            unchecked.append((node, char, child))
            node = child
        node.final = True
        previous = word
    minimize(0)

    accepted: set[str] = set()
    stack: list[tuple[_Node, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if node.final:
            accepted.add(prefix)
        stack.extend((child, prefix + label) for label, child in node.edges.items())
    return accepted


def index_terms(docs: Iterable[dict], fields: Iterable[str]) -> set[str]:
    """Every term the worker will put in its inverted index."""
    names = list(fields)
    terms: set[str] = set()
    for doc in docs:
        for name in names:
            value = doc.get(name)
            if isinstance(value, str):
                terms.update(tokens(value))
            elif isinstance(value, list):
                for item in value:
                    terms.update(tokens(str(item)))
    return terms


def avoid_phantom_terms(data: dict, attempts: int = 64, counts: SearchCache | None = None) -> int:
    """Add filler to the first entry until lunr accepts exactly the index's terms.

    Returns the filler length used (0 when none was needed). ``counts``:
    the entries' terms already counted, and the size found for the same
    term list in an earlier build (the replay depends on that list alone).
    """
    docs = data["docs"]
    if not docs:
        return 0
    fields = data["config"]["fields"]
    if counts is None:
        terms = index_terms(docs, fields)
    else:
        terms = set()
        for doc in docs:
            for found in counts.of(_field_values(doc, fields)):
                terms.update(found)
    digest = hashlib.sha256("\n".join(sorted(terms)).encode("utf-8")).hexdigest()
    known = counts.phantom.get(digest) if counts is not None else None
    for size in [known] if known is not None else range(attempts):
        filler = FILLER * size
        candidate = terms | {filler} if size else terms
        if known is not None or lunr_accepted_terms(candidate) == candidate:
            if counts is not None:
                counts.phantom = {digest: size}
            if size:
                first = docs[0]
                first[SUBWORDS] = (first.get(SUBWORDS, "") + " " + filler).strip()
            return size
    raise RuntimeError("search index: cannot avoid lunr's phantom terms")


# --- The sharded index for the hosted site -------------------------------
#
# Over http a reader should download only what a query needs, not the whole
# index. The single index above stays, as search_index.js, for file://
# (where only <script> can load data and Material's own lunr worker runs);
# over http search_index.json becomes a small manifest and our worker
# (generator/assets/javascripts/workers/untoc-search.js) fetches shards.
#
# lunr scores an entry as the sum, over fields, of the dot product of the
# query vector and the entry's field vector divided by the length of the
# query vector: sum_f sum_t q_t * w(t, e, f) / |q|, with w the BM25 weight
# (b = 0, as Material sets it) times the field boost, rounded to 3
# decimals. Each clause of a query adds its boost to q_t of every index
# term it expands to (第* expands to every term starting with 第), so the
# score is linear in the clauses: score(e) = sum_c boost_c * A_c(e) / |q|,
# A_c(e) = sum over the terms t of c of W(t, e), W(t, e) = sum_f w(t, e, f);
# |q| needs only how many terms each clause expands to and how the clauses
# overlap. The shards hold W per term and entry (postings, in thousandths:
# exact, as w has 3 decimals), and for heavy short prefixes (第*, 缔约*:
# the pieces Han segmentation makes) the sum over the prefix's terms and
# their count, so such a clause fetches one list instead of thousands.
# Beside them: the lexicon (term names, to segment a query's Han runs as
# Material does) and the entries' text shown in results, per page in runs
# of META_ENTRIES.

SHARD_DIRS = ("t", "a", "l", "m")  # terms, prefix aggregates, lexicon, entry metadata
EVERY_FILE = "every.json"  # per entry, the sum of W over all its terms (the clause **)
WEIGHT_SCALE = 1_000  # W is stored as W * WEIGHT_SCALE: an integer, w has 3 decimals
POSTINGS_BYTES = 32_000  # target size of a term or aggregate shard
LEXICON_BYTES = 8_000  # target size of a lexicon shard (term names only)
META_ENTRIES = 16  # entries per metadata file (text shown in results)
AGG_MAX_PREFIX = 2  # aggregates for prefixes of 1 and 2 characters...
AGG_MIN_POSTINGS = 300  # ...whose terms hold this many postings together...
AGG_MAX_SHARE = 0.75  # ...and only if the aggregate is this much smaller
LUNR_K1 = 1.2
SHARDS_VERSION = 1
HIGH = "\uffff"  # sorts after every BMP code unit: p + HIGH bounds the terms starting with p

# Han as JavaScript's /\p{sc=Han}/u (Material segments such runs of a query
# against the index's terms); Python's re has no script classes.
HAN_SCRIPT = ("\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
              "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00020000-\U0003134a")
_HAN_SCRIPT_RUN = re.compile(f"[{HAN_SCRIPT}]+")


def _js_round(value: float, places: int = 3) -> float:
    """JavaScript's Math.round(value * 10**places) / 10**places (half up, not half even)."""
    scale = 10 ** places
    return math.floor(value * scale + 0.5) / scale


def _field_boosts(data: dict) -> dict[str, float]:
    """The searched fields of the index, in config order, with their boosts."""
    return {name: float(spec.get("boost", 1) or 1) for name, spec in data["config"]["fields"].items()}


def _idf(n: int, d: int) -> float:
    """lunr.idf of a term held by ``d`` of ``n`` entries (an entry once per field holding it)."""
    return math.log(1 + abs((n - d + 0.5) / (d + 0.5)))


def _lunr_weight(idf: float, tf: int, boost: float) -> float:
    """W of a term in one field: BM25 with k1 = 1.2 and b = 0, times the
    field boost, rounded to lunr's 3 decimals; the same operations in the
    same order as lunr's Builder, so that the floats are the same."""
    return _js_round(idf * ((LUNR_K1 + 1) * tf) / (LUNR_K1 * (1 - 0 + 0 * 1) + tf) * boost * 1)


def _scaled(w: float) -> int:
    """W(t, e), summed over the fields, in WEIGHT_SCALE units."""
    return math.floor(w * WEIGHT_SCALE + 0.5)


def _entry_stats(data: dict, counts: SearchCache | None = None,
                 df: Counter | None = None) -> tuple[list[dict[str, float]], list[dict[str, int]]]:
    """Per entry: term -> W(t, e), and term -> the first field (config order) holding it.

    Entries with the same fields (the reports repeat paragraphs word for
    word) share one computation and one result: do not modify them.
    """
    docs = data["docs"]
    fields = _field_boosts(data)
    keys = [_field_values(doc, fields) for doc in docs]
    counted: dict[tuple[str, ...], list[dict[str, int]]] = {}
    if df is None:
        df = Counter()
    for key in keys:
        per_field = counted.get(key)
        if per_field is None:
            per_field = counted[key] = (counts.of(key) if counts is not None
                                        else [dict(Counter(tokens(value))) for value in key])
        for found in per_field:
            df.update(found.keys())
    n = len(docs)
    idf = {t: _idf(n, d) for t, d in df.items()}
    done: dict[tuple[str, ...], tuple[dict[str, float], dict[str, int]]] = {}
    weights_out: list[dict[str, float]] = []
    firsts_out: list[dict[str, int]] = []
    for key in keys:
        result = done.get(key)
        if result is None:
            weights: dict[str, float] = {}
            first: dict[str, int] = {}
            for number, (boost, found) in enumerate(zip(fields.values(), counted[key], strict=True)):
                for t, tf in found.items():
                    weights[t] = weights.get(t, 0.0) + _lunr_weight(idf[t], tf, boost)
                    first.setdefault(t, number)
            result = done[key] = (weights, first)
        weights_out.append(result[0])
        firsts_out.append(result[1])
    return weights_out, firsts_out


def lunr_order(term: str) -> tuple[int, ...]:
    """Sort key of the order lunr lists the terms a clause expands to.

    lunr.TokenSet.toArray walks the term automaton depth first, a term
    before its longer terms, and the edges of a node last to first; edges
    are object keys, so the digit keys come first (integer-like keys) and
    the rest in insertion (sorted) order. lunr scores an entry that is
    first met earlier first among equal scores; the worker keeps that order.
    """
    units = term.encode("utf-16-be")
    key = []
    for i in range(0, len(units), 2):
        unit = units[i] << 8 | units[i + 1]
        key.append(-(unit - 0x10000 if 0x30 <= unit <= 0x39 else unit))
    return tuple(key)


def postings(data: dict) -> dict[str, list[tuple[int, int]]]:
    """term -> [(entry number, W * WEIGHT_SCALE)] in the order lunr meets the entries.

    lunr goes through a term's fields in config order, and each field's
    entries in index order: by the first field holding the term, then by
    entry. (Ties in score keep that order.)
    """
    return {t: list(_pairs(flat)) for t, flat in _flat_postings(data).items()}


def _flat_postings(data: dict, counts: SearchCache | None = None) -> dict[str, array]:
    """postings() as flat arrays [entry, weight, entry, weight, ...]: a tuple
    per posting would take several times the memory at 500 documents.

    With ``counts`` holding the last build's postings, and the entries the
    same but for a few, only the postings of the terms of those entries are
    computed again (_update_postings); ``counts`` then keeps these postings
    for the next build.
    """
    if counts is None:
        return _all_postings(data, None)
    boosts = tuple(_field_boosts(data).items())
    keys = [_field_values(doc, dict(boosts)) for doc in data["docs"]]
    digests = [SearchCache.key(key) for key in keys]
    plists = _update_postings(keys, digests, boosts, counts)
    if plists is None:
        counts.affected = None
        df: Counter = Counter()
        plists = _all_postings(data, counts, df)
        counts.postings = {"boosts": boosts, "entries": digests, "df": dict(df), "plists": plists}
    return plists


# At most this share of the entries may have changed for the postings to be
# updated rather than built again.
UPDATE_SHARE = 0.02


def _update_postings(keys: list[tuple[str, ...]], digests: list[bytes], boosts: tuple,
                     counts: SearchCache) -> dict[str, array] | None:
    """The postings, from the last build's and the entries that changed, or
    None when they must be built again (other fields, another number of
    entries, too many changes, or the last build's counts not kept).

    With the same number of entries, a term's IDF changes only where its
    document frequency does, and that only through the changed entries: the
    terms of their old and new text are the only ones whose postings can
    differ. Where such a term's document frequency moved, every entry
    holding it is weighed again; where it did not (most terms of a changed
    paragraph, 的 among them), only the changed entries' postings are taken
    out and put back in their place. The summed postings of every term
    (``EVERY_FILE``) are updated alongside (_update_every).
    """
    last = counts.postings
    n = len(keys)
    if not last or last.get("boosts") != boosts or len(last["entries"]) != n:
        return None
    changed = [i for i, (a, b) in enumerate(zip(last["entries"], digests, strict=True)) if a != b]
    if len(changed) > max(1, int(n * UPDATE_SHARE)):
        return None
    old = [counts.counts.get(last["entries"][i]) for i in changed]
    if any(found is None for found in old):
        return None

    def counts_of(e: int) -> list[dict[str, int]]:  # the kept counts of entry e
        return counts.of(keys[e], digests[e])

    new = [counts_of(i) for i in changed]
    last_df: dict[str, int] = last["df"]
    df: dict[str, int] = dict(last_df)
    affected: set[str] = set()
    for per_field, step in [(f, -1) for f in old] + [(f, 1) for f in new]:
        for found in per_field:
            for t in found:
                df[t] = df.get(t, 0) + step
                affected.add(t)
    for t in affected:
        if df[t] == 0:
            del df[t]
    last_plists: dict[str, array] = last["plists"]
    plists = dict(last_plists)  # the arrays of unaffected terms are shared, never changed
    changed_set = set(changed)
    weights = [boost for _, boost in boosts]
    reweighed: dict[int, int] = {}  # holder -> change of its sum over all terms
    changed_sums = dict.fromkeys(changed, 0)
    for t in affected:
        if t not in df:
            plists.pop(t, None)
            continue
        d = df[t]
        idf = _idf(n, d)
        before = last_plists.get(t, array("q"))
        if d == last_df.get(t):
            flat = _splice(before, t, changed, old, new, idf, weights, counts_of)
        else:
            holders = [e for e in before[::2] if e not in changed_set]
            holders += [i for i, per_field in zip(changed, new, strict=True) if any(t in found for found in per_field)]
            # Only the holders of a changed term are looked up (kept counts).
            rows = sorted((first, e, w) for e in holders
                          for first, w in [_weighed(t, idf, weights, counts_of(e))])
            flat = array("q", itertools.chain.from_iterable((e, w) for _, e, w in rows))
            was = dict(_pairs(before))
            for _, e, w in rows:
                if e not in changed_set:
                    reweighed[e] = reweighed.get(e, 0) + w - was[e]
        for e, w in _pairs(flat):
            if e in changed_set:
                changed_sums[e] += w
        plists[t] = flat
    counts.affected = affected
    counts.postings = {"boosts": boosts, "entries": digests, "df": df, "plists": plists,
                       "dumps": last.get("dumps", {}), "aggregates": last.get("aggregates", {})}
    if "every" in last:
        counts.postings["every"] = _update_every(last["every"], reweighed, changed_sums, new,
                                                 counts_of)
    return plists


def _weighed(t: str, idf: float, boosts: list[float], per_field: list[dict[str, int]]) -> tuple[int, int]:
    """(first field holding ``t``, W(t, e) in WEIGHT_SCALE units) of an entry
    whose fields hold these term counts: lunr's operations in lunr's order,
    as _entry_stats."""
    total = 0.0
    first = -1
    for number, (boost, found) in enumerate(zip(boosts, per_field, strict=True)):
        tf = found.get(t)
        if tf:
            total = total + _lunr_weight(idf, tf, boost)
            if first < 0:
                first = number
    return first, _scaled(total)


def _first_field(per_field: list[dict[str, int]], term: str) -> int:
    return next(number for number, found in enumerate(per_field) if term in found)


def _splice(before: array, t: str, changed: list[int], old: list, new: list, idf: float, weights: list[float],
            counts_of: Callable[[int], list[dict[str, int]]]) -> array:
    """``t``'s postings with the changed entries' rows taken out and their
    new rows put in their place: its IDF is the same, so every other row
    stands, in the same order (first field, then entry)."""
    flat = array("q", before)
    for e, per_field in zip(changed, old, strict=True):
        if any(t in found for found in per_field):
            at = flat[::2].index(e)
            del flat[2 * at:2 * at + 2]
    for e, per_field in zip(changed, new, strict=True):
        if any(t in found for found in per_field):
            first, w = _weighed(t, idf, weights, per_field)
            # Rows are in (first field, entry) order: bisect on row numbers,
            # looking up the counts of the few entries it probes.
            at = bisect.bisect_left(range(len(flat) // 2), (first, e),
                                    key=lambda row: (_first_field(counts_of(flat[2 * row]), t), flat[2 * row]))
            flat[2 * at:2 * at] = array("q", (e, w))
    return flat


def _update_every(last: array, reweighed: dict[int, int], changed_sums: dict[int, int], new: list,
                  counts_of: Callable[[int], list[dict[str, int]]]) -> array:
    """The last build's summed postings of every term (flat [entry, sum, ...]
    in the order lunr meets the entries) brought up to date.

    lunr meets an entry at the first of its terms in lunr_order, among that
    term's postings by (first field, entry): the entries are in the order of
    _met_key, which changes only for the changed entries. Their sums are
    computed anew; the other entries' sums move only with the terms they
    hold whose weights moved (``reweighed``).
    """
    sums = dict(zip(last[::2], last[1::2], strict=True))
    for e, delta in reweighed.items():
        sums[e] += delta
    order = [e for e in last[::2] if e not in changed_sums]
    for e, per_field in sorted(zip(changed_sums, new, strict=True)):
        if not any(per_field):
            continue  # no terms: lunr never meets it
        at = bisect.bisect_left(order, _met_key(per_field, e), key=lambda x: _met_key(counts_of(x), x))
        order.insert(at, e)
        sums[e] = changed_sums[e]
    return array("q", itertools.chain.from_iterable((e, sums[e]) for e in order))


def _met_key(per_field: list[dict[str, int]], entry: int) -> tuple:
    """Where lunr first meets an entry whose fields hold these term counts (see _update_every)."""
    term = min((t for found in per_field for t in found), key=lunr_order)
    return lunr_order(term), _first_field(per_field, term), entry


def _all_postings(data: dict, counts: SearchCache | None, df: Counter | None = None) -> dict[str, array]:
    """Every term's postings, computed from every entry (``df`` receives the
    document frequencies)."""
    fields = len(data["config"]["fields"])
    staged: dict[str, list[array | None]] = {}
    scaled: dict[int, dict[str, int]] = {}  # id of a shared weights dict -> its integers
    weights_all, firsts_all = _entry_stats(data, counts, df)
    for entry, (weights, first) in enumerate(zip(weights_all, firsts_all, strict=True)):
        ints = scaled.get(id(weights))
        if ints is None:
            ints = scaled[id(weights)] = {t: _scaled(w) for t, w in weights.items()}
        for term, weight in ints.items():
            buckets = staged.get(term)
            if buckets is None:
                buckets = staged[term] = [None] * fields
            bucket = buckets[first[term]]
            if bucket is None:
                bucket = buckets[first[term]] = array("q")
            bucket.append(entry)
            bucket.append(weight)
    # Entries were added in index order: the buckets, in field order, are
    # the order lunr meets them.
    out: dict[str, array] = {}
    for term, buckets in staged.items():
        flat = array("q")
        for bucket in buckets:
            if bucket is not None:
                flat.extend(bucket)
        out[term] = flat
    return out


def _pairs(flat: array) -> Iterator[tuple[int, int]]:
    return zip(flat[::2], flat[1::2], strict=True)


def _met(plists: dict[str, array], terms: Iterable[str]) -> list[tuple[int, int]]:
    """Summed postings of ``terms``, entries in the order lunr meets them (terms in lunr_order)."""
    summed: dict[int, int] = {}
    for term in sorted(terms, key=lunr_order):
        for entry, weight in _pairs(plists[term]):
            summed[entry] = summed.get(entry, 0) + weight
    return list(summed.items())


def _encode(plist: Iterable[tuple[int, int]]) -> list[int]:
    """Flat [gap, weight, gap, weight, ...]: entry numbers as gaps (negative where
    the order goes back) keep the JSON short."""
    flat: list[int] = []
    previous = 0
    for entry, weight in plist:
        flat += (entry - previous, weight)
        previous = entry
    return flat


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _chunks(items: list[tuple[str, str]], target: int) -> list[list[tuple[str, str]]]:
    """Consecutive (key, serialised value) runs of about ``target`` bytes; a big value alone."""
    out: list[list[tuple[str, str]]] = []
    size = 0
    for key, value in items:
        cost = len(key.encode()) + len(value.encode()) + 4
        if not out or size + cost > target:
            out.append([])
            size = 0
        out[-1].append((key, value))
        size += cost
    return out


def aggregates(plists: dict[str, array], last: dict | None = None,
               affected: set[str] | None = None) -> dict[str, tuple[int, list[tuple[int, int]]]]:
    """(term count, summed postings) of the short prefixes where one list is much smaller than all of theirs.

    ``last``: the last build's, valid for every prefix of no ``affected`` term.
    """
    members: dict[str, list[str]] = {}
    for term in plists:
        for size in range(1, min(AGG_MAX_PREFIX, len(term)) + 1):
            members.setdefault(term[:size], []).append(term)
    touched = None
    if last is not None and affected is not None:
        touched = {t[:size] for t in affected for size in range(1, min(AGG_MAX_PREFIX, len(t)) + 1)}
    out: dict[str, list[tuple[int, int]]] = {}
    for prefix, terms in members.items():
        if touched is not None and prefix not in touched:
            if prefix in last:
                size, flat = last[prefix]
                out[prefix] = (size, list(_pairs(flat)))
            continue
        total = sum(len(plists[t]) // 2 for t in terms)
        if total < AGG_MIN_POSTINGS or len(terms) < 2:
            continue
        summed = _met(plists, terms)
        if len(summed) <= AGG_MAX_SHARE * total:
            out[prefix] = (len(terms), summed)
    return out


def build_shards(data: dict, pages_text: list[tuple[str, str, str]],
                 counts: SearchCache | None = None) -> dict[str, str]:
    """The files of the sharded index, path (under search/) -> content.

    ``data``: the single index (Material's format, after the phantom guard);
    ``pages_text``: (location, title, plain text) of each of its entries,
    in the same order, for the metadata shown in results.
    """
    files: dict[str, str] = {}
    plists = _flat_postings(data, counts)
    terms = sorted(plists, key=_js_order)

    def write(folder: str, chunks: list[list[tuple[str, str]]], body: Callable[[list[tuple[str, str]]], str]) -> list[str]:
        for number, chunk in enumerate(chunks):
            files[f"{folder}/{number}.json"] = body(chunk)
        return [chunk[0][0] for chunk in chunks]

    def as_object(chunk: list[tuple[str, str]]) -> str:
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{v}" for k, v in chunk) + "}"

    # Material's query transform turns the "*" it appends after a Han piece
    # into a clause of its own, "**", which lunr expands to every term: it
    # adds sum_t W(t, e) to every entry.
    kept = counts.postings if counts is not None else {}
    affected = counts.affected if counts is not None else None
    every = kept.get("every") if affected is not None else None
    if every is None:
        every = array("q", itertools.chain.from_iterable(_met(plists, plists)))
        if counts is not None:
            counts.postings["every"] = every
    files[EVERY_FILE] = _dump(_encode(_pairs(every)))
    last_dumps: dict[str, str] = kept.get("dumps", {}) if affected is not None else {}
    dumps = {t: last_dumps[t] if t in last_dumps and t not in affected else _dump(_encode(_pairs(plists[t])))
             for t in terms}
    term_items = [(t, dumps[t]) for t in terms]
    term_first = write("t", _chunks(term_items, POSTINGS_BYTES), as_object)
    agg = aggregates(plists, kept.get("aggregates") if affected is not None else None, affected)
    if counts is not None:
        counts.postings["dumps"] = dumps
        # Flat integer arrays: a list of tuples pickles ten times slower.
        counts.postings["aggregates"] = {k: (size, array("q", itertools.chain.from_iterable(summed)))
                                         for k, (size, summed) in agg.items()}
    agg_keys = sorted(agg, key=_js_order)
    agg_first = write("a", _chunks([(k, _dump([agg[k][0], _encode(agg[k][1])])) for k in agg_keys],
                                   POSTINGS_BYTES), as_object)
    lexicon_first = write("l", _chunks([(t, "") for t in terms], LEXICON_BYTES),
                          lambda chunk: _dump([k for k, _ in chunk]))

    # Entry metadata, per page in runs of META_ENTRIES entries (the page
    # entry, then its elements): a result list shows pages, each with its
    # matching elements, and a page is fetched only where those are.
    pages: list[list] = []
    for number, (location, title, _text) in enumerate(pages_text):
        if "#" not in location:
            pages.append([location, title, number])
    bounds = [p[2] for p in pages] + [len(pages_text)]
    for page_no, (start, end) in enumerate(itertools.pairwise(bounds)):
        for run, first in enumerate(range(start, end, META_ENTRIES)):
            titles: dict[str, int] = {}
            rows = []
            for location, title, text in pages_text[first:min(first + META_ENTRIES, end)]:
                rows.append([location.partition("#")[2], titles.setdefault(title, len(titles)), text])
            files[f"m/{page_no}-{run}.json"] = _dump({"entries": rows, "titles": list(titles)})

    config = json.loads(json.dumps(data["config"]))
    config["shards"] = {
        "version": SHARDS_VERSION,
        "scale": WEIGHT_SCALE,
        "entries": len(pages_text),
        "meta_entries": META_ENTRIES,
        "count": len(terms),  # how many terms "**" expands to
        "pages": pages,
        "terms": term_first,
        "aggregates": agg_first,
        "aggregated": " ".join(agg_keys),
        "lexicon": lexicon_first,
    }
    # "docs" stays empty: Material's bundle hands config and docs to the
    # worker, which reads the scheme from config.shards.
    files["search_index.json"] = _dump({"config": config, "docs": []})
    return files


# --- Which files a query needs (mirror of the worker) -----------------------


def _last_at_most(firsts: list[str], key: str) -> int:
    """Index of the last chunk whose first key sorts at or before ``key`` (-1 if none)."""
    lo, hi = 0, len(firsts)
    k = _js_order(key)
    while lo < hi:
        mid = (lo + hi) // 2
        if _js_order(firsts[mid]) <= k:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _range_chunks(firsts: list[str], prefix: str) -> list[int]:
    """The chunks that can hold terms starting with ``prefix``."""
    lo = max(_last_at_most(firsts, prefix), 0)
    hi = _last_at_most(firsts, prefix + HIGH)
    return list(range(lo, hi + 1))


def material_segment(query: str, terms: set[str] | dict) -> list[str]:
    """Material's segment() (integrations/search/query/segment): the pieces of a Han run.

    Ported as is, including that the run's last character never starts or
    ends a looked-up piece: the worker must give the same clauses.
    """
    segments: dict[str, None] = {}
    wordcuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query)):
            if query[i:j] in terms:
                wordcuts[i] = j - i
    stack = [0]
    s = len(stack)
    while s > 0:
        s -= 1
        p = stack[s]
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments[query[p:p + q]] = None
                if s < len(stack):
                    stack[s] = p + q
                else:
                    stack.append(p + q)
                s += 1
        q = p + wordcuts[p]
        if q < len(wordcuts) and wordcuts[q] and q < len(query) - 1:
            if s < len(stack):
                stack[s] = q
            else:
                stack.append(q)
            s += 1
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


def _slices(run: str) -> list[str]:
    return [run[i:j] for i in range(len(run)) for j in range(i + 1, len(run))]


_OPERATORS = re.compile(r"[:~^+\"\\*-]")


def query_clauses(query: str, manifest: dict, read: Callable[[str], object]) -> tuple[list[str], set[str]]:
    """The lunr clause terms of a plain query, and the lexicon files read to find them.

    Mirrors Material's transform for queries without lunr operators
    (: ~ ^ + - * " \\), which is what readers type; others raise ValueError.
    """
    if _OPERATORS.search(query):
        raise ValueError(f"query with lunr operators is not mirrored: {query!r}")
    shards = manifest["config"]["shards"]
    lexicon: set[str] = set()
    known: set[str] = set()
    for run in _HAN_SCRIPT_RUN.findall(query):
        for piece in _slices(run):
            i = _last_at_most(shards["lexicon"], piece)
            if i >= 0 and f"l/{i}.json" not in lexicon:
                lexicon.add(f"l/{i}.json")
                known.update(read(f"l/{i}.json"))
    segmented = _HAN_SCRIPT_RUN.sub(lambda m: "* ".join(material_segment(m.group(), known)), query)
    clauses: list[str] = []
    for part in segmented.split():
        for piece in _SEPARATOR.split(part):
            if piece:
                clauses.append((piece + "*").lower())
    return clauses, lexicon


def clause_files(term: str, manifest: dict) -> list[str]:
    """The shards one lunr clause term (a glob: * is any text) needs."""
    shards = manifest["config"]["shards"]
    prefix = term.split("*", 1)[0]
    if not prefix:
        # "**" matches every term; "*x" (typed by hand) would need every
        # term shard, and the worker leaves it out.
        return [EVERY_FILE] if set(term) == {"*"} else []
    if "*" in term and term.rstrip("*") == prefix and prefix in set(shards["aggregated"].split()):
        return [f"a/{_last_at_most(shards['aggregates'], prefix)}.json"]
    if "*" not in term:
        i = _last_at_most(shards["terms"], term)
        return [f"t/{i}.json"] if i >= 0 else []
    return [f"t/{i}.json" for i in _range_chunks(shards["terms"], prefix)]


def shards_for_query(query: str, manifest: dict, read: Callable[[str], object]) -> list[str]:
    """The files under search/ the worker fetches to rank ``query`` (before showing results).

    ``manifest``: search/search_index.json; ``read(path)``: a shard's data
    (the lexicon is needed to segment Han runs as the worker does).
    """
    clauses, files = query_clauses(query, manifest, read)
    needed = set(files)
    for term in clauses:
        needed.update(clause_files(term, manifest))
    return sorted(needed)


# --- Ranking (mirror of the worker, for measuring and testing) --------------

# lunr's English stop words: Material lists a query term not found as
# missing unless it is one of them (getSearchQueryTerms).
LUNR_STOP_WORDS = frozenset([
    "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "but", "by", "can", "cannot", "could", "dear", "did", "do", "does",
    "either", "else", "ever", "every", "for", "from", "get", "got", "had", "has", "have", "he", "her", "hers",
    "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "least", "let", "like",
    "likely", "may", "me", "might", "most", "must", "my", "neither", "no", "nor", "not", "of", "off", "often",
    "on", "only", "or", "other", "our", "own", "rather", "said", "say", "says", "she", "should", "since", "so",
    "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "tis", "to",
    "too", "twas", "us", "wants", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "would", "yet", "you", "your"
])


def _decode(flat: list[int]) -> Iterator[tuple[int, int]]:
    entry = 0
    for gap, weight in zip(flat[::2], flat[1::2], strict=True):
        entry += gap
        yield entry, weight


def _clause_matches(term: str, manifest: dict, read: Callable[[str], object]) -> tuple[dict[int, int], object]:
    """(entry -> summed weight in lunr's meeting order, the clause's terms: a list or (prefix, count))."""
    shards = manifest["config"]["shards"]
    prefix = term.split("*", 1)[0]
    files = clause_files(term, manifest)
    out: dict[int, int] = {}

    def add(flat: list[int]) -> None:
        for entry, weight in _decode(flat):
            out[entry] = out.get(entry, 0) + weight

    if not prefix:
        if files:
            add(read(EVERY_FILE))
            return out, ("", shards["count"])
        return out, []
    if files and files[0].startswith("a/"):
        count, flat = read(files[0])[prefix]
        add(flat)
        return out, (prefix, count)
    if "*" not in term:
        flat = read(files[0]).get(term) if files else None
        if flat:
            add(flat)
            return out, [term]
        return out, []
    rest = term[len(prefix):]
    glob = None if set(rest) == {"*"} else re.compile("^" + ".*".join(map(re.escape, term.split("*"))) + "$")
    lists: dict[str, list[int]] = {}
    for path in files:
        for t, flat in read(path).items():
            if t.startswith(prefix) and (glob is None or glob.match(t)):
                lists[t] = flat
    terms = sorted(lists, key=lunr_order)
    for t in terms:
        add(lists[t])
    return out, terms


def _shared(a: object, b: object) -> int:
    if isinstance(a, list) and isinstance(b, list):
        return len(set(a) & set(b))
    if isinstance(a, list):
        return sum(1 for t in a if t.startswith(b[0]))
    if isinstance(b, list):
        return _shared(b, a)
    if a[0].startswith(b[0]):
        return a[1]
    if b[0].startswith(a[0]):
        return b[1]
    return 0


def rank_query(query: str, manifest: dict, read: Callable[[str], object]) -> list[tuple[int, list[tuple[int, float]]]]:
    """The worker's result list for a plain ``query``: (page, [(entry, score), ...]) in order.

    The same arithmetic in the same order as untoc-search.js (so equal
    scores tie the same way); the page's own entry is the one whose number
    is the page's first entry.
    """
    shards = manifest["config"]["shards"]
    clauses, _ = query_clauses(query, manifest, read)
    scores: dict[int, float] = {}
    found = []
    for term in clauses:
        entries, terms = _clause_matches(term, manifest, read)
        found.append((entries, terms))
        for entry, weight in entries.items():
            scores[entry] = scores.get(entry, 0) + 1 * weight
    squares = 0
    for _, a in found:
        for _, b in found:
            squares += 1 * 1 * _shared(a, b)
    norm = math.sqrt(squares) * shards["scale"]
    results = []
    for entry, total in scores.items():
        value = total / norm if norm else 0.0
        results.append((entry, value))
    results.sort(key=lambda r: -r[1])
    # Material's terms: a clause term stripped of one leading and one
    # trailing "*", found when its clause matched the entry.
    shown = []
    for term in clauses:
        shown.append(term.removeprefix("*").removesuffix("*"))
    firsts = [p[2] for p in shards["pages"]]
    adjusted = []
    for entry, value in results:
        terms: dict[str, bool] = {}
        for bare, (entries, _) in zip(shown, found, strict=True):
            if entry in entries and "*" not in bare:
                terms[bare] = True
        for bare in shown:
            if bare not in terms and bare and bare not in LUNR_STOP_WORDS:
                terms[bare] = False
        page = bisect.bisect_right(firsts, entry) - 1
        boost = (firsts[page] == entry) + (sum(terms.values()) / len(terms) if terms else math.nan)
        adjusted.append((entry, page, value * (1 + boost ** 2)))
    adjusted.sort(key=lambda r: -r[2])
    groups: dict[int, list[tuple[int, float]]] = {}
    for entry, page, value in adjusted:
        groups.setdefault(page, []).append((entry, value))
    return list(groups.items())


FIRST_PAGES = 10  # result items Material renders before the reader scrolls


def shown_metadata(query: str, manifest: dict, read: Callable[[str], object]) -> list[str]:
    """The metadata files the worker fetches to show the results of ``query``.

    For each of the first FIRST_PAGES pages listed: the file of the page's
    own entry and those of the sections Material shows open (scoring as
    well as the page's best); the "more" sections are fetched when opened.
    """
    shards = manifest["config"]["shards"]
    size = shards["meta_entries"]
    files: set[str] = set()
    for page, group in rank_query(query, manifest, read)[:FIRST_PAGES]:
        first = shards["pages"][page][2]
        files.add(f"m/{page}-0.json")
        top = group[0][1]
        for entry, value in group:
            if entry == first or not value < top:
                files.add(f"m/{page}-{(entry - first) // size}.json")
    return sorted(files)
