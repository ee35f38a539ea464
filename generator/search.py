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
  mode: 腐败 for 反腐败), the prefixes of long words (so the worker's greedy
  query segmentation finds a term to anchor on), and the tails of symbols
  after each ``/``.
* Pages that only repeat document text (the anchor, resolution, symbol and
  timeline indexes) are left out, so a result is a document section and
  the index stays small; the JSON is written without \\u escapes.
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

# Derived pages: their text is copied from the documents, so indexing them
# doubles the index and puts a list of links above the paragraph itself.
NOT_SEARCHED = ("anchors.html", "resolutions.html", "symbols.html", "timeline.html")

SUBWORDS = "subwords"
TITLE_BOOST = 10.0
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


def subwords(text: str, freq: dict[str, int] | None = None) -> list[str]:
    """Extra terms for ``text`` so that prefix search reaches inside words.

    For a Han word of three or more characters: its two- and three-character
    parts that are dictionary words (what jieba's search mode adds) and its
    proper prefixes of two or more characters. For a term with ``/``: what
    follows each ``/`` (CTOC/COP/2022/L.4 → cop/2022/l.4, 2022/l.4, l.4).
    Terms already indexed as words of ``text`` are not repeated.
    """
    freq = _dictionary() if freq is None else freq
    words = list(han_words(text))
    indexed = set(tokens(text))
    extra: dict[str, None] = {}  # ordered set
    for word in words:
        if len(word) < 3:
            continue
        for size in (2, 3):
            for i in range(len(word) - size + 1):
                part = word[i:i + size]
                if part != word and freq.get(part):
                    extra[part] = None
        for end in range(2, len(word)):
            extra[word[:end]] = None
    for term in indexed:
        if "/" in term:
            parts = term.split("/")
            for i in range(1, len(parts)):
                tail = "/".join(parts[i:])
                if tail:
                    extra[tail] = None
    return [t for t in extra if t not in indexed]


def finish_entries(docs: Iterable[dict], freq: dict[str, int] | None = None) -> list[dict]:
    """Re-segment and enrich index entries; leave out derived pages."""
    freq = _dictionary() if freq is None else freq
    out: list[dict] = []
    for doc in docs:
        if doc["location"].split("#")[0] in NOT_SEARCHED:
            continue
        entry = dict(doc)
        entry["title"] = resegment(doc.get("title", ""))
        entry["text"] = resegment(doc.get("text", ""))
        extra = subwords(entry["title"] + " " + entry["text"], freq)
        if extra:
            entry[SUBWORDS] = " ".join(extra)
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
    # Hidden: Material renders title and text only. Same weight as text.
    fields[SUBWORDS] = {"boost": 1.0}
    config["fields"] = fields
    return {**data, "config": config, "docs": finish_entries(data["docs"], freq)}


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
