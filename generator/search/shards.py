"""The positional index of the search, cut into shards a query loads by name.

Input: the blocks to search, in document order (``search.entry_specs``):
each a (location, title, text, names). Output: the files of the ``search/``
folder, as {relative path: text}:

* ``search_index.json`` and ``search_index.js``: the same small manifest,
  as Material's bundle loads it over http (fetch) and from file:// (a
  script); ``config.engine`` says where everything is: the first unit of
  each ``u/`` file (front-coded: ``units`` without the start each shares
  with the one before, ``units_shared`` how long that start is), each
  page's path (between ``page_prefix`` and ``page_suffix``), the number of
  blocks of the pages before it (``page_starts``, as gaps) and its place
  among the pages, newest first (``page_newest``); numbers as ``encode``
  writes them.
* ``u/{i}.js``: the postings of a run of units (search_text), in the
  order of their UTF-16 code units (the order JavaScript compares strings
  in); the manifest lists the first unit of each file, so the engine finds
  a unit's file by bisection. In the file, a unit is kept under its first
  token, then the rest of it (split_unit): {"缔": {"": …, "约": …}}. A
  unit's postings are one string of variable-length numbers (``encode``):
  per block holding it, the gap to the last block, how often the unit
  stands in it, and for a pair its positions (for a mark of names, each
  name's position, length and rank: ``name_postings``).
* ``x/{i}.js``: what results show, ``text_run`` blocks a file: the block's
  fragment id, its section title and its text.
* ``p/{i}.js``: each page's own entry (its title and text), PAGE_RUN pages
  a file, which every result shows above the page's blocks.
* ``fold.js``: the folding table (text.fold_table) the engine applies to
  queries and texts, as far as these texts need it (``folding_for``), and
  the instruments' nouns (决议, 决定), which a query may write against a
  number (决议11/4: two terms, as 决议 11/4), and the resolution symbols
  of the bodies that have them (``resolution_symbols``: A/RES/70/174 is
  read as 大会 70/174 决议).
* Files are as many as the collection needs, but no more than about
  SHARD_FILES of units and of texts each: static hosts limit a site's
  files, so shards grow with the collection.

Every file is a script calling ``untocSearchData(name, data)``: from file://
the engine loads it with a <script> element (fetch is not allowed there),
over http it fetches it and reads the JSON between the first comma and the
last parenthesis. The same bytes serve both, so results are the same.

Scores: BM25 over the units with b = 0 (no length normalisation, as
Material configures lunr), so a block's weight for a unit follows from
how often the unit stands in it, tf·(k1+1) / (tf + k1), and the postings
need store only that count (for a pair, the number of its positions); the
engine multiplies the weight by the unit's IDF, computed from the number
of blocks in the postings. Record of a block in a unit's postings: twice
the gap to the last block, plus one if the unit stands there more than
once, then in that case the count less two; for a pair, then its first
position and the gaps between its positions. (Most records are of one
occurrence: the count then costs nothing.)
"""

from __future__ import annotations

import collections
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from ..grammar.bodies import BODIES
from ..instruments import BY_KIND, INSTRUMENTS
from .text import (
    NAME_END,
    NAME_START,
    PAIR_JOIN,
    fold_table,
    is_name_part,
    is_pair,
    name_end,
    name_span,
    name_start,
    opencc_pairs,
    pair,
    token_spans,
    tokens,
)

UNIT_DIR, TEXT_DIR, PAGE_DIR = "u", "x", "p"
SHARD_DIRS = (UNIT_DIR, TEXT_DIR, PAGE_DIR)
PAGE_RUN = 64  # page entries per file of p/
MANIFEST_JSON, MANIFEST_JS = "search_index.json", "search_index.js"
UNIT_BYTES = 8_000  # least target size of a unit shard (a heavier unit has one of its own)
TEXT_RUN = 10  # least blocks per text shard
# Static hosts limit a site's files (Cloudflare Pages: 20,000), and the
# documents take five each: the search folder keeps to about twice this
# many, its units' and its texts' shards each, by making shards larger as
# the collection grows (a query then loads larger files; see README).
SHARD_FILES = 4_000
K1 = 1.2
ENGINE_VERSION = 4
FOLD = "fold"  # the folding table's file (text.fold_table), which the engine applies to queries and texts
# Separator Material's page highlighter splits ?h= terms on: white space only,
# so that a highlighted term such as 70/174 or L.4 stays whole.
SEPARATOR = "[\\s\\u200b]+"

# The printable ASCII characters that need no escaping in a JSON string:
# the first ENDING of them end a number, the other CARRY continue it.
# Lowest digit first: v = c0 + CARRY·(c1 + CARRY·(… + CARRY·e)), e < ENDING,
# so 0-63 take one character, up to 1,855 two, up to 53,823 three.
ALPHABET = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\')
ENDING = 64
CARRY = len(ALPHABET) - ENDING
assert CARRY == 29
_DIGIT = {char: digit for digit, char in enumerate(ALPHABET)}


def encode(numbers: Iterable[int]) -> str:
    """Non-negative integers as one string of the ALPHABET."""
    out = []
    for value in numbers:
        while value >= ENDING:
            value, digit = divmod(value, CARRY)
            out.append(ALPHABET[ENDING + digit])
        out.append(ALPHABET[value])
    return "".join(out)


def decode(text: str) -> list[int]:
    """The integers ``encode`` wrote."""
    values, value, scale = [], 0, 1
    for char in text:
        digit = _DIGIT[char]
        if digit >= ENDING:
            value += (digit - ENDING) * scale
            scale *= CARRY
        else:
            values.append(value + digit * scale)
            value, scale = 0, 1
    return values


def utf16_order(text: str) -> bytes:
    """Sort key: the order JavaScript compares strings in."""
    return text.encode("utf-16-be")


def split_unit(unit: str) -> tuple[str, str]:
    """Where a unit is kept in its shard: under its first token, then the
    rest ("" for a token alone): units that start alike share one key. The
    marks of names are kept under NAME_START, then the token, and under
    the token, then NAME_END."""
    if unit.startswith(NAME_START):
        return NAME_START, unit[len(NAME_START):]
    if unit.endswith(NAME_END):
        return unit[: -len(NAME_END)], NAME_END
    if not is_pair(unit):
        return unit, ""
    if PAIR_JOIN in unit:
        head, _, second = unit.partition(PAIR_JOIN)
        return head, PAIR_JOIN + second
    return unit[0], unit[1:]


def script(name: str, data: object) -> str:
    """A shard file: loadable with <script> and readable as JSON."""
    return f"untocSearchData({json.dumps(name)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))})\n"


# A block as the index takes it: (location, title, text) and, optionally,
# the names it holds ((start, end, rank) each; search.index.Block).
IndexBlock = Sequence


def _token_ids(blocks: list[IndexBlock]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The corpus as token ids: the tokens by id, each block's token count,
    and every block's ids one after another."""
    # A token met for the first time takes the next id.
    vocabulary: dict[str, int] = collections.defaultdict(itertools.count().__next__)
    # Equal texts give equal ids: the reports repeat many blocks word for word.
    seen: dict[str, np.ndarray] = {}
    arrays = []
    for block in blocks:
        text = block[2]
        ids = seen.get(text)
        if ids is None:
            found = tokens(text)
            ids = seen[text] = np.fromiter(map(vocabulary.__getitem__, found), dtype=np.int32, count=len(found))
        arrays.append(ids)
    lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)
    return list(vocabulary), lengths, flat


def _encoded(numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``encode`` of many integers at once: the ASCII bytes (uint8), and
    how many each number took."""
    numbers = numbers.astype(np.int64, copy=False)
    sizes = np.ones(len(numbers), dtype=np.int64)
    limit = ENDING
    while len(numbers) and int(numbers.max()) >= limit:
        sizes += numbers >= limit
        limit *= CARRY
    ends = np.cumsum(sizes)
    table = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    # Most numbers take one character; the others digit by digit.
    short = sizes == 1
    out[(ends - 1)[short]] = table[numbers[short]]
    longer = np.flatnonzero(~short)
    rest, place, left = numbers[longer], ends[longer] - sizes[longer], sizes[longer]
    while len(rest):
        carry = left > 1
        out[place] = table[np.where(carry, ENDING + rest % CARRY, rest)]
        rest, place, left = rest[carry] // CARRY, place[carry] + 1, left[carry] - 1
    return out, sizes


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """argsort(keys, kind="stable") for non-negative int32 keys, as two
    passes of numpy's radix sort over 16 bits each (a 32-bit stable sort
    would be a merge sort, several times slower)."""
    low = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    high = np.argsort((keys[low] >> 16).astype(np.uint16), kind="stable")
    return low[high]


def _postings(unit: np.ndarray, block: np.ndarray, position: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The postings of units from their occurrences, sorted by unit (and by
    block and position within a unit): the encoded characters, and where
    each unit's characters start (by unit, in the order of ``unit``)."""
    first = np.ones(len(unit), dtype=bool)
    first[1:] = (unit[1:] != unit[:-1]) | (block[1:] != block[:-1])
    new_unit = np.ones(len(unit), dtype=bool)
    new_unit[1:] = unit[1:] != unit[:-1]
    heads = np.flatnonzero(first)
    counts = np.diff(np.append(heads, len(unit)))
    gaps = block[heads].astype(np.int32)
    gaps[1:] -= np.where(new_unit[heads][1:], 0, block[heads][:-1])
    multi = (counts > 1).astype(np.int32)
    # Numbers each occurrence writes: where a block starts, the record's
    # gap (and count), and for a pair its first position; a position gap after.
    pair = 0 if position is None else 1
    per = np.full(len(unit), pair, dtype=np.int32)
    per[heads] += 1 + multi
    ends = np.cumsum(per, dtype=np.int64)
    at = ends - per
    del per
    numbers = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.int32)
    numbers[at[heads]] = gaps * 2 + multi
    several = np.flatnonzero(multi)
    numbers[at[heads[several]] + 1] = counts[several] - 2
    if position is not None:
        numbers[at[heads] + 1 + multi] = position[heads]
        rest = np.flatnonzero(~first)
        numbers[at[rest]] = position[rest] - position[rest - 1]
        del rest
    chars, sizes = _encoded(numbers)
    char_at = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
    unit_starts = char_at[at[np.flatnonzero(new_unit)]]
    return chars, np.append(unit_starts, len(chars))


CHUNK = 1_000_000  # occurrences sorted and encoded at once (unit_postings): bounds the memory of the stage


def _sorted_postings(codes: np.ndarray, block: np.ndarray, position: np.ndarray | None
                     ) -> tuple[np.ndarray, list[str]]:
    """The distinct codes, in order, and the encoded postings of each, from
    one row per occurrence (in block and position order)."""
    if len(codes) and int(codes.max()) < 2**31:
        order = _stable_order(codes.astype(np.int32, copy=False))
    else:
        order = np.argsort(codes, kind="stable")
    codes, block = codes[order], block[order]
    position = None if position is None else position[order]
    del order
    new_unit = np.ones(len(codes), dtype=bool)
    new_unit[1:] = codes[1:] != codes[:-1]
    starts = np.flatnonzero(new_unit)
    distinct = codes[starts]
    unit = (np.cumsum(new_unit) - 1).astype(np.int32)
    del codes, new_unit
    chars, offsets = _postings(unit, block, position)
    text = chars.tobytes().decode("ascii")
    return distinct, [text[offsets[k]:offsets[k + 1]] for k in range(len(offsets) - 1)]


def _parts(weights: np.ndarray, budget: int = CHUNK) -> list[tuple[int, int]]:
    """Consecutive ranges [lo, hi) of ids whose weights (occurrences) add up
    to about ``budget`` each; an id heavier than that has a range of its own."""
    ends = np.cumsum(weights, dtype=np.int64)
    parts, lo = [], 0
    while lo < len(weights):
        start = int(ends[lo - 1]) if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, start + budget, side="right")))
        parts.append((lo, hi))
        lo = hi
    return parts


def name_postings(blocks: list[IndexBlock]) -> list[tuple[str, str]]:
    """The units marking where names start and end (text.name_start,
    text.name_end) with their encoded postings: per block holding the unit,
    the record's head as for any unit (twice the gap to the last block,
    plus one if several, then the count less two), then for each name its
    position (the first in the block, then the gap to the last), its length
    in tokens and its rank (search.index.Name)."""
    found: dict[str, set[tuple[int, int, int, int]]] = collections.defaultdict(set)
    for number, block in enumerate(blocks):
        names = block[3] if len(block) > 3 else ()
        if not names:
            continue
        text = block[2]
        toks, spans = tokens(text), token_spans(text)
        parts = [is_name_part(t) for t in toks]
        for start, end, rank in names:
            span = name_span(spans, start, end, parts)
            if span is None:
                continue
            first, stop = span
            found[name_start(toks[first:min(first + 2, stop)])].add((number, first, stop - first, rank))
            found[name_end(toks[max(first, stop - 2):stop])].add((number, stop - 1, stop - first, rank))
    out = []
    for unit, marks in found.items():
        numbers: list[int] = []
        last = 0
        for number, group in itertools.groupby(sorted(marks), key=lambda mark: mark[0]):
            records = list(group)
            numbers.append((number - last) * 2 + (len(records) > 1))
            if len(records) > 1:
                numbers.append(len(records) - 2)
            at = 0
            for _, position, length, rank in records:
                numbers.extend((position - at, length, rank))
                at = position
            last = number
        out.append((unit, encode(numbers)))
    return out


def unit_postings(blocks: list[IndexBlock], budget: int = CHUNK) -> list[tuple[str, str]]:
    """Every unit of the blocks' texts with its encoded postings, in the
    order of the units' UTF-16 code units; ``budget``: the occurrences
    sorted at once.

    A unit's postings depend on its own occurrences only, so they are
    computed a range of (first) token ids at a time: the sorted copies of
    the occurrences, the stage's largest arrays, are of one range, never of
    the whole corpus (at N = 500 the stage took 1 GB at once)."""
    names, lengths, ids = _token_ids(blocks)
    count = len(ids)
    size = max(len(names), 1)
    block = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    position = (np.arange(count, dtype=np.int32) - np.repeat((np.cumsum(lengths) - lengths).astype(np.int32), lengths))
    out: list[tuple[str, str]] = []
    for lo, hi in _parts(np.bincount(ids, minlength=size), budget):
        pick = np.flatnonzero((ids >= lo) & (ids < hi))
        singles, values = _sorted_postings(ids[pick], block[pick], None)
        out.extend((names[u], v) for u, v in zip(singles.tolist(), values, strict=True))
    # Pairs: adjacent tokens of one block, as one number each, by their first token.
    inside = block[1:] == block[:-1] if count else np.zeros(0, dtype=bool)
    lead = ids[:-1] if count else ids
    wide = np.int32 if size * size < 2**31 else np.int64
    for lo, hi in _parts(np.bincount(lead[inside], minlength=size), budget):
        pick = np.flatnonzero(inside & (lead >= lo) & (lead < hi))
        codes = ids[pick].astype(wide) * size + ids[pick + 1]
        pairs, values = _sorted_postings(codes, block[pick], position[pick])
        out.extend((pair(names[c // size], names[c % size]), v) for c, v in zip(pairs.tolist(), values, strict=True))
    out.extend(name_postings(blocks))
    astral = any(ord(c) > 0xFFFF for name, _ in out for c in name) if out else False
    out.sort(key=(lambda item: utf16_order(item[0])) if astral else (lambda item: item[0]))
    return out


def build_files(blocks: list[IndexBlock], pages: list[Sequence]) -> dict[str, str]:
    """Every file of the search folder for ``blocks`` (location, title,
    text, names) in order; ``pages``: each page's path, the index of its
    first block (its own entry) and its place newest first
    (search.index.PageStart; 0 when not given)."""
    return dict(each_file(blocks, pages))


def front_coded(name: str, words: list[str]) -> dict[str, object]:
    """Sorted ``words`` as the manifest keeps them: each without the start
    it shares with the word before (``name``), and how many characters
    that start has (``name``_shared, ``encode``d)."""
    shared, rest, last = [], [], ""
    for word in words:
        n = len(os.path.commonprefix([last, word]))
        shared.append(n)
        rest.append(word[n:])
        last = word
    return {name: rest, f"{name}_shared": encode(shared)}


def folding_for(blocks: list[IndexBlock]) -> dict[str, str]:
    """The folding table the engine needs for these blocks: every entry of
    text.fold_table but OpenCC's characters that neither stand in the texts
    nor fold to a character that does (a query holding one can match
    nothing, folded or not). A quarter of the table's bytes, which every
    search loads."""
    present: set[str] = set()
    for block in blocks:
        present.update(block[2])
    table = fold_table()
    opencc = set(opencc_pairs())
    return {k: v for k, v in table.items() if k not in opencc or k in present or v in present}


def resolution_symbols() -> list[list[object]]:
    """How a query typed as a resolution's document symbol is read
    (A/RES/70/174: the texts print 大会第 70/174 号决议): for each body whose
    documented rule gives its resolutions a symbol (grammar/bodies.py),
    [the symbol's prefix, folded as a query is (a/res/), the first session
    the rule holds for, the body's name, the noun 决议]."""
    noun = BY_KIND["resolution"].noun
    out = []
    for body in BODIES.values():
        prefix, found, rest = body.resolution_symbol.partition("{session}/{number}")
        if found and not rest:
            out.append([prefix.lower(), body.resolution_symbol_since, body.name, noun])
    return out


def each_file(blocks: list[IndexBlock], pages: list[Sequence]) -> Iterator[tuple[str, str]]:
    """The files of build_files, (relative path, text), one at a time: the
    whole index held as text was a third of the index process' memory."""
    firsts: list[str] = []
    chunk: dict[str, dict[str, str]] = {}
    first = ""
    size = 0

    def unit_file() -> tuple[str, str]:
        name = f"{UNIT_DIR}/{len(firsts)}"
        firsts.append(first)
        return name + ".js", script(name, chunk)

    postings = unit_postings(blocks)
    costs = [len(value) + len(unit.encode("utf-8")) + 6 for unit, value in postings]
    unit_bytes = max(UNIT_BYTES, -(-sum(costs) // SHARD_FILES))
    for (unit, value), cost in zip(postings, costs, strict=True):
        if chunk and size + cost > unit_bytes:
            yield unit_file()
            chunk, size = {}, 0
        if not chunk:
            first = unit
        head, rest = split_unit(unit)
        chunk.setdefault(head, {})[rest] = value
        size += cost
    if chunk:
        yield unit_file()
    del postings, costs
    text_run = max(TEXT_RUN, -(-len(blocks) // SHARD_FILES))
    for start in range(0, len(blocks), text_run):
        run = blocks[start:start + text_run]
        titles = sorted({block[1] for block in run})
        rows = [[block[0].partition("#")[2], titles.index(block[1]), block[2]] for block in run]
        name = f"{TEXT_DIR}/{start // text_run}"
        yield name + ".js", script(name, {"titles": titles, "rows": rows})
    # Each page's own entry again, PAGE_RUN pages a file: every result
    # shows its page's entry, and these files are small.
    for start in range(0, len(pages), PAGE_RUN):
        run = [blocks[page[1]] for page in pages[start:start + PAGE_RUN]]
        name = f"{PAGE_DIR}/{start // PAGE_RUN}"
        yield name + ".js", script(name, {"rows": [[block[1], block[2]] for block in run]})
    table = folding_for(blocks)
    yield FOLD + ".js", script(FOLD, {"from": "".join(table), "to": "".join(table.values()),
                                      "nouns": [instrument.noun for instrument in INSTRUMENTS],
                                      "symbols": resolution_symbols()})
    # Page paths share their start and end (documents/, .html): said once.
    paths = [page[0] for page in pages]
    prefix = os.path.commonprefix(paths)
    suffix = os.path.commonprefix([p[len(prefix):][::-1] for p in paths])[::-1]
    starts = [page[1] for page in pages]
    config = {
        "lang": ["zh"], "separator": SEPARATOR, "pipeline": [], "fields": {},
        "engine": {"version": ENGINE_VERSION, "blocks": len(blocks), "text_run": text_run, "page_run": PAGE_RUN,
                   "k1": K1, **front_coded("units", firsts), "page_prefix": prefix, "page_suffix": suffix,
                   "pages": [p[len(prefix):len(p) - len(suffix)] for p in paths],
                   "page_starts": encode(b - a for a, b in zip([0, *starts], starts, strict=False)),
                   "page_newest": encode(page[2] if len(page) > 2 else 0 for page in pages)},
    }
    manifest = {"config": config, "docs": []}
    text = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    yield MANIFEST_JSON, text + "\n"
    # Material's bundle reads the manifest from this global when opened from disk.
    yield MANIFEST_JS, f"var __index = {text}\n"

