"""The positional index of the search, cut into shards a query loads by name.

Input: the blocks to search, in document order (``search.entry_specs``):
each a (location, title, text). Output: the files of the ``search/``
folder, as {relative path: text}:

* ``search_index.json`` and ``search_index.js``: the same small manifest,
  as Material's bundle loads it over http (fetch) and from file:// (a
  script); ``config.engine`` says where everything is.
* ``u/{i}.js``: the postings of a run of units (search_text), in the
  order of their UTF-16 code units (the order JavaScript compares strings
  in); the manifest lists the first unit of each file, so the engine finds
  a unit's file by bisection. In the file, a unit is kept under its first
  token, then the rest of it (split_unit): {"缔": {"": …, "约": …}}. A unit's postings are one string of
  variable-length numbers (``encode``): per block holding it, the gap to
  the last block, how often the unit stands in it, and for a pair its
  positions.
* ``x/{i}.js``: what results show, TEXT_RUN blocks a file: the block's
  fragment id, its section title and its text.

Every file is a script calling ``untocSearchData(name, data)``: from file://
the engine loads it with a <script> element (fetch is not allowed there),
over http it fetches it and reads the JSON between the first comma and the
last parenthesis. The same bytes serve both, so results are the same.

Scores: BM25 over the units with b = 0 (no length normalisation, as
Material configures lunr), so a block's weight for a unit follows from
how often the unit stands in it, tf·(k1+1) / (tf + k1), and the postings
need store only that count (for a pair, the number of its positions); the
engine multiplies the weight by the unit's IDF, computed from the number
of blocks in the postings. Record of a block in a token's postings: the
gap to the last block, the count less one; in a pair's postings: the gap,
the count less one, the first position and the gaps between positions.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

from .search_text import PAIR_JOIN, is_pair, pair, tokens

UNIT_DIR, TEXT_DIR = "u", "x"
SHARD_DIRS = (UNIT_DIR, TEXT_DIR)
MANIFEST_JSON, MANIFEST_JS = "search_index.json", "search_index.js"
UNIT_BYTES = 48_000  # target size of a unit shard (a heavier unit has one of its own)
TEXT_RUN = 24  # blocks per text shard
K1 = 1.2
ENGINE_VERSION = 2
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
    rest ("" for a token alone): units that start alike share one key."""
    if not is_pair(unit):
        return unit, ""
    if PAIR_JOIN in unit:
        head, _, second = unit.partition(PAIR_JOIN)
        return head, PAIR_JOIN + second
    return unit[0], unit[1:]


def script(name: str, data: object) -> str:
    """A shard file: loadable with <script> and readable as JSON."""
    return f"untocSearchData({json.dumps(name)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))})\n"


def block_units(block_tokens: list[str]) -> dict[str, list[int]]:
    """Each unit of one block, with its positions (for a token, its occurrences)."""
    units: dict[str, list[int]] = {}
    for position, token in enumerate(block_tokens):
        units.setdefault(token, []).append(position)
    for position in range(len(block_tokens) - 1):
        units.setdefault(pair(block_tokens[position], block_tokens[position + 1]), []).append(position)
    return units


def build_files(blocks: list[tuple[str, str, str]], pages: list[tuple[str, int]]) -> dict[str, str]:
    """Every file of the search folder for ``blocks`` (location, title,
    text) in order; ``pages``: each page's path and the index of its first
    block (its own entry)."""
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    # Equal texts give equal units: the reports repeat many blocks word for word.
    seen: dict[str, dict[str, list[int]]] = {}
    for number, (_, _, text) in enumerate(blocks):
        units = seen.get(text)
        if units is None:
            units = seen[text] = block_units(tokens(text))
        for unit, positions in units.items():
            row = postings.get(unit)
            if row is None:
                row = postings[unit] = []
                gap = number
            else:
                gap = number - last[unit]
            last[unit] = number
            row.append(gap)
            row.append(len(positions) - 1)
            if is_pair(unit):
                row.append(positions[0])
                row.extend(b - a for a, b in itertools.pairwise(positions))
    files: dict[str, str] = {}
    firsts: list[str] = []
    chunk: dict[str, dict[str, str]] = {}
    first = ""
    size = 0

    def flush() -> None:
        nonlocal chunk, size
        if chunk:
            name = f"{UNIT_DIR}/{len(firsts)}"
            firsts.append(first)
            files[name + ".js"] = script(name, chunk)
            chunk, size = {}, 0

    for unit in sorted(postings, key=utf16_order):
        value = encode(postings[unit])
        cost = len(value) + len(unit.encode("utf-8")) + 6
        if chunk and size + cost > UNIT_BYTES:
            flush()
        if not chunk:
            first = unit
        head, rest = split_unit(unit)
        chunk.setdefault(head, {})[rest] = value
        size += cost
    flush()
    for start in range(0, len(blocks), TEXT_RUN):
        run = blocks[start:start + TEXT_RUN]
        titles = sorted({title for _, title, _ in run})
        rows = [[loc.partition("#")[2], titles.index(title), text] for loc, title, text in run]
        name = f"{TEXT_DIR}/{start // TEXT_RUN}"
        files[name + ".js"] = script(name, {"titles": titles, "rows": rows})
    config = {
        "lang": ["zh"], "separator": SEPARATOR, "pipeline": [], "fields": {},
        "engine": {"version": ENGINE_VERSION, "blocks": len(blocks), "units": firsts, "text_run": TEXT_RUN,
                   "k1": K1, "pages": [list(p) for p in pages]},
    }
    manifest = {"config": config, "docs": []}
    text = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    files[MANIFEST_JSON] = text + "\n"
    # Material's bundle reads the manifest from this global when opened from disk.
    files[MANIFEST_JS] = f"var __index = {text}\n"
    return files

