"""Chinese numerals and superscripts (grammar/numerals.py).

The oracle is the written rule of Chinese numerals (units, tens with an
implied 一 before 十, hundreds with 零 for a missing ten), applied here
by hand, not by the converter under test."""

from __future__ import annotations

import random

import pytest

from generator.grammar.numerals import chinese_number, chinese_ordinal, superscript_digits

DIGITS = "零一二三四五六七八九"


def written(n: int) -> str:
    """The canonical numeral of 1..999, by the rule."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += DIGITS[ones]
    return out


@pytest.mark.parametrize("n", list(range(1, 100)) + random.Random(5).sample(range(100, 1000), 50))
def test_reads_and_writes_by_the_rule(n: int) -> None:
    assert chinese_number(written(n)) == n
    assert chinese_ordinal(n) == written(n) or n >= 100 and chinese_number(chinese_ordinal(n)) == n


def test_variant_characters() -> None:
    assert chinese_number("两") == 2
    assert chinese_number("〇") == 0
    assert chinese_number("12") == 12


@pytest.mark.parametrize("text", ["十十", "百", "第", ""])
def test_malformed_is_none_never_a_guess(text: str) -> None:
    assert chinese_number(text) is None


def test_superscripts() -> None:
    assert superscript_digits("¹²") == "12"
    assert superscript_digits("⁰³⁹") == "039"
    assert superscript_digits("**") == "**"
