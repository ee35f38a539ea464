"""What the search index holds of a text: its terms, jieba's segmentation,
the sub-words a prefix search needs and the terms of references.

The separator is one pattern for Python and for the worker (it reads it from
the index's config). See search.py for why the index has the fields it has.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version as _package_version
from pathlib import Path

from .memo import paused_cycle_collection

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

# The "config" block Material's worker reads. lang zh loads lunr's Chinese
# support (whose tokenizer the worker replaces with its own, driven by the
# separator); the pipeline keeps only lunr's stemmer, as Material's zh
# default does. Fields: see search.py's docstring ("title" is not one).
CONFIG = {
    "lang": ["zh"],
    "separator": SEPARATOR,
    "pipeline": ["stemmer"],
    "fields": {"text": {"boost": 1.0}, SUBWORDS: {"boost": 1.0}, REFS: {"boost": REFS_BOOST}},
}

SEPARATOR_RE = re.compile(SEPARATOR)
_HAN_RUN = re.compile(f"[{HAN}]+")
_HAN_WORDS = re.compile(f"[{HAN}{ZWSP}]*[{HAN}]")
_TAG = re.compile(r"(<[^>]*>)")
_DIGIT = re.compile(r"\d")


def tokens(text: str) -> list[str]:
    """The terms the search worker indexes for ``text`` (tags removed).

    Mirrors Material's tokenizer: split on SEPARATOR, lower-case.
    """
    plain = _TAG.sub(" ", text)
    return [t.lower() for t in SEPARATOR_RE.split(plain) if t]


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


# What the kept fields (Segmenter.save) depend on: this module and jieba,
# whose version is pinned. The other things the search keeps have their own
# version (shards.COUNTS_VERSION), so that a change there does not throw
# away the segmentation, the costliest part to make again.
FIELDS_VERSION = hashlib.sha256(Path(__file__).read_bytes() + _package_version("jieba").encode()).hexdigest()[:16]


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
        if data.get("version") == FIELDS_VERSION and isinstance(data.get("fields"), dict):
            self._memo.update(data["fields"])

    def save(self, path: Path) -> None:
        """Keep the fields of the texts this build used, for the next build."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fields = {t: self._memo[t] for t in sorted(self._used) if t in self._memo}
        path.write_text(json.dumps({"version": FIELDS_VERSION, "fields": fields}, ensure_ascii=False),
                        encoding="utf-8")
