"""Finish the search index that Material's search plugin wrote.

Material indexes one entry per section and, with jieba installed, marks
jieba's word boundaries in Chinese text with U+200B. Its search worker then
splits text and queries with the index's ``separator`` regex, turns every
Han run of a query into prefixes of terms that exist in the index, and
searches every term as a prefix (``term*``). That finds the words jieba
produced, but not what readers type:

* a word inside a longer jieba word: 腐败 inside 反腐败 (jieba keeps 反腐败
  whole, and a prefix search for 腐败 cannot reach inside it);
* Chinese run together with digits and slashes: 第70/174号决议 (the default
  separator never splits between 第 and 70, so the query is one term that
  exists nowhere);
* symbols and resolution numbers, which must stay whole (CTOC/COP/2022/L.4,
  70/174) yet be reachable from the parts readers type (L.4, 2022/L.4).

This module rewrites ``search/search_index.json`` (and the ``search_index.js``
copy that the offline plugin inlines for file://) once, after MkDocs:

* Chinese is not segmented again: the word boundaries Material's jieba run
  already marked are reused, so a build runs jieba once.
* The separator splits on white space and on full-width and ASCII
  punctuation, and between a Han character and anything else, so 第70/174号
  and 第 70/174 号 give the same terms (第, 70/174, 号) in text and query.
  ``/`` and ``.`` are not separators: symbols and numbers stay whole terms.
* A hidden field, ``subwords``, holds per entry the extra terms a prefix
  search needs: the dictionary sub-words of long words (jieba's search
  mode: 腐败 for 反腐败) and the prefixes of long words (so the worker's
  greedy query segmentation finds a term to anchor on).
* A hidden field, ``refs``, weighted high, repeats the terms with digits
  (resolution numbers, symbols, paragraph numbers) and adds the tails of
  symbols after each ``/`` (L.4, 2022/L.4). A query such as 第70/174号决议
  is searched as 第* 70/174* 号*; without the weight, short sections full of
  第 and 号 outrank the one footnote that cites 70/174.
* Only the document pages and the home page are searched: the other pages
  (anchor, resolution, symbol, recommendation and timeline indexes) repeat
  document text, would double the index and put a list of links above the
  paragraph itself. The JSON is written without \\u escapes.
* lunr's term automaton can merge nodes wrongly when terms hold digits,
  after which every query reaching a phantom term fails; the finished
  index is checked for that (see avoid_phantom_terms).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

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

# Pages searched: the documents and the home page. Everything else is
# derived from the documents (see the module docstring).
SEARCHED_PREFIX = "documents/"
SEARCHED_PAGES = ("index.html",)

SUBWORDS = "subwords"
REFS = "refs"
TITLE_BOOST = 10.0
REFS_BOOST = 20.0
ZWSP = "\u200b"

_SEPARATOR = re.compile(SEPARATOR)
_HAN_CHAR = re.compile(f"[{HAN}]")
_HAN_RUN = re.compile(f"[{HAN}{ZWSP}]*[{HAN}]")
_TAG = re.compile(r"(<[^>]*>)")


def tokens(text: str) -> list[str]:
    """The terms the search worker indexes for ``text`` (tags removed).

    Mirrors Material's tokenizer: split on SEPARATOR, lower-case.
    """
    plain = _TAG.sub(" ", text)
    return [t.lower() for t in _SEPARATOR.split(plain) if t]


def _is_han(char: str) -> bool:
    return bool(_HAN_CHAR.fullmatch(char))


def resegment(text: str) -> str:
    """Keep U+200B only between two Han words; drop Material's other marks.

    Material brackets every Han run with U+200B; the separator already splits
    between Han and other characters, so those marks only cost bytes.
    """
    if ZWSP not in text:
        return text
    pieces = [p for p in text.split(ZWSP) if p]
    out: list[str] = []
    for piece in pieces:
        if out and _is_han(out[-1][-1]) and _is_han(piece[0]):
            out.append(ZWSP)
        out.append(piece)
    return "".join(out)


def han_words(text: str) -> Iterator[str]:
    """The Chinese words of segmented text, in order."""
    for part in _TAG.split(text):
        if part.startswith("<"):
            continue
        for run in _HAN_RUN.findall(part):
            yield from (w for w in run.split(ZWSP) if w)


def _dictionary() -> dict[str, int]:
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def is_searched(location: str) -> bool:
    page = location.split("#")[0]
    return page.startswith(SEARCHED_PREFIX) or page in SEARCHED_PAGES


def subwords(text: str, freq: dict[str, int] | None = None) -> list[str]:
    """Extra terms for ``text`` so that prefix search reaches inside words.

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
        if not re.search(r"\d", term):
            continue
        out[term] = None
        parts = term.split("/")
        for i in range(1, len(parts)):
            tail = "/".join(parts[i:])
            if tail:
                out[tail] = None
    return list(out)


def finish_entries(docs: Iterable[dict], freq: dict[str, int] | None = None) -> list[dict]:
    """Re-segment and enrich index entries; leave out derived pages."""
    freq = _dictionary() if freq is None else freq
    out: list[dict] = []
    for doc in docs:
        if not is_searched(doc["location"]):
            continue
        entry = dict(doc)
        entry["title"] = resegment(doc.get("title", ""))
        entry["text"] = resegment(doc.get("text", ""))
        both = entry["title"] + " " + entry["text"]
        extra = subwords(both, freq)
        if extra:
            entry[SUBWORDS] = " ".join(extra)
        refs = references(both)
        if refs:
            entry[REFS] = " ".join(refs)
        out.append(entry)
    return out


def finish_index(data: dict, freq: dict[str, int] | None = None) -> dict:
    """The finished index for Material's search index data."""
    config = dict(data["config"])
    config["separator"] = SEPARATOR
    fields = dict(config.get("fields", {}))
    # Material weighs a title match 1000 times a text match; section titles
    # here are full of 第, 号, 决议, so a query like 第70/174号决议 would
    # rank every resolution heading above the one paragraph citing 70/174.
    fields["title"] = {**fields.get("title", {}), "boost": TITLE_BOOST}
    # Hidden fields: Material renders title and text only.
    fields[SUBWORDS] = {"boost": 1.0}
    fields[REFS] = {"boost": REFS_BOOST}
    config["fields"] = fields
    finished = {**data, "config": config, "docs": finish_entries(data["docs"], freq)}
    avoid_phantom_terms(finished)
    return finished


def finish_search_index(site_dir: Path) -> None:
    """Rewrite ``site_dir``/search/search_index.json and its file:// copy."""
    folder = site_dir / "search"
    path = folder / "search_index.json"
    if not path.is_file():  # search disabled
        return
    data = finish_index(json.loads(path.read_text(encoding="utf-8")))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    inline = folder / "search_index.js"
    if inline.is_file():  # written by the offline plugin for file://
        inline.write_text(f"var __index = {text}", encoding="utf-8")


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


def avoid_phantom_terms(data: dict, attempts: int = 64) -> int:
    """Add filler to the first entry until lunr accepts exactly the index's terms.

    Returns the filler length used (0 when none was needed).
    """
    docs = data["docs"]
    if not docs:
        return 0
    fields = data["config"]["fields"]
    terms = index_terms(docs, fields)
    for size in range(attempts):
        filler = FILLER * size
        candidate = terms | {filler} if size else terms
        if lunr_accepted_terms(candidate) == candidate:
            if size:
                first = docs[0]
                first[SUBWORDS] = (first.get(SUBWORDS, "") + " " + filler).strip()
            return size
    raise RuntimeError("search index: cannot avoid lunr's phantom terms")
