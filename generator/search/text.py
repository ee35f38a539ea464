"""What the search index holds of a text: folded characters, tokens, units.

This is the one home of the rule on the Python side; the worker's engine
(``generator/assets/javascripts/untoc-search-engine.js``, functions
``fold`` and ``tokens``) applies the same rule to queries, and a test runs
both over every text of the real reports and compares them token by token.

* Folding: full-width ASCII forms become ASCII (Ｃ → C, ／ → /, ２ → 2),
  the ideographic space a space, Latin letters lower case. White space and
  zero-width characters separate nothing and are dropped, so 第 70/174 号
  and 第70/174号 give the same tokens, as do a name wrapped over two lines
  and the same name typed on one.
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
"""

from __future__ import annotations

import re

# Han characters: the CJK Unified Ideographs and their extensions, the
# compatibility ideographs, and 〇 (used in dates: 二〇一〇年).
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Letters and digits that run together into one token (after folding).
WORD = "0-9a-z\u00df-\u00f6\u00f8-\u024f"
# Characters that separate nothing: white space, zero-width characters, BOM.
SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_TOKEN = re.compile(f"[{HAN}]|[{WORD}]+|[^{SPACE}]")
_WORD = re.compile(f"[{WORD}]")
PAIR_JOIN = " "


def fold(text: str) -> str:
    """Full-width ASCII to ASCII, Latin lower case (white space kept)."""
    return text.translate(_FOLD).lower()


def tokens(text: str) -> list[str]:
    """The tokens of ``text``, in order (see the module's docstring)."""
    return _TOKEN.findall(fold(text))


def is_mark(token: str) -> bool:
    """Whether a token is one character that is not a letter or digit (a
    Han character, a punctuation mark): two of them pair without a space."""
    return len(token) == 1 and not _WORD.match(token)


def pair(first: str, second: str) -> str:
    """The unit of two adjacent tokens."""
    if is_mark(first) and is_mark(second):
        return first + second
    return first + PAIR_JOIN + second


def is_pair(unit: str) -> bool:
    """Whether ``unit`` is a pair of tokens (see ``pair``), not one token."""
    return PAIR_JOIN in unit or (len(unit) == 2 and not _WORD.match(unit[0]))
