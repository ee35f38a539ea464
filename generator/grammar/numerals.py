"""Numerals the documents write: Chinese numerals (``第十一届``, ``附件二``,
``一.``) and superscript footnote markers (``¹²``).

Chinese numerals are read and written by cn2an, a maintained converter;
this module only says which characters make one and what a malformed one
gives (None: the caller decides that the text is not a number, never a
guessed value).
"""

from __future__ import annotations

from functools import lru_cache

import cn2an

# The characters of a Chinese numeral, for the grammars' patterns.
CHINESE_DIGITS = "一二三四五六七八九十百零〇两"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")


@lru_cache(maxsize=4096)
def chinese_number(text: str) -> int | None:
    """十一 -> 11, 六十五 -> 65, 一百零二 -> 102, 7 -> 7; None when ``text`` is
    not a well-formed numeral (十十)."""
    if text.isdigit():
        return int(text)
    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if value == int(value) else None


def chinese_ordinal(number: int) -> str:
    """11 -> 十一: the canonical Chinese numeral, as titles write it."""
    return cn2an.an2cn(number)


def superscript_digits(marker: str) -> str:
    """``¹²`` -> ``12``."""
    return marker.translate(_FROM_SUPERSCRIPT)


def session_name(number: int) -> str:
    """A session as the documents name it: 7 -> 第七届会议, 70 -> 第七十届会议."""
    return f"第{chinese_ordinal(number)}届会议"
