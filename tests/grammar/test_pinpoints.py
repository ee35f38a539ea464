"""Pinpoint paragraphs after a symbol (grammar/citations.py): by rule, on
citations written at random in the forms the documents use."""

from __future__ import annotations

import random

import pytest

from generator.grammar.citations import find_symbols

SYMBOLS = ["CTOC/COP/WG.2/2022/4", "CTOC/COP/2024/1", "A/RES/55/25", "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"]
JOINS = ["和", "及", "、", "，"]


def written(numbers: list[tuple[int, int]], rng: random.Random) -> str:
    """"，第7段和第10段" / "，第 8 和第 10 段" / "，第 2-4 段", spaced or not."""
    space = rng.choice(["", " "])
    parts = []
    for k, (first, last) in enumerate(numbers):
        number = f"{first}{rng.choice(['-', '至'])}{last}" if last > first else str(first)
        each = rng.random() < 0.5 or k == len(numbers) - 1
        parts.append(f"{'第' if k == 0 or rng.random() < 0.7 else ''}{space}{number}{space}{'段' if each else ''}")
    joined = parts[0]
    for part in parts[1:]:
        joined += rng.choice(JOINS) + part
    return rng.choice(["，", ", ", "，"]) + joined


@pytest.mark.parametrize("seed", range(60))
def test_pinpoints_name_exactly_the_written_paragraphs(seed: int) -> None:
    rng = random.Random(seed)
    symbol = rng.choice(SYMBOLS)
    numbers = []
    for _ in range(rng.randint(1, 4)):
        first = rng.randint(1, 150)
        numbers.append((first, first + (rng.randint(1, 3) if rng.random() < 0.3 else 0)))
    tail = written(numbers, rng)
    text = f"见{symbol}{tail}。其后第 99 页。"
    [mention] = [m for m in find_symbols(text) if m.symbol == symbol]
    expected = list(dict.fromkeys(n for first, last in numbers for n in range(first, last + 1)))
    assert mention.paragraphs == expected, text
    # Each pinpoint's span is the digits as written.
    for pin, (first, last) in zip(mention.pinpoints, numbers, strict=True):
        shown = text[pin.start:pin.end]
        assert shown.startswith(str(first)) and shown.endswith(str(last)), (text, shown)


def test_no_pinpoint_without_paragraphs() -> None:
    for text in ("见 CTOC/COP/2024/1，附件。", "CTOC/COP/2024/1 第 3 页", "CTOC/COP/2024/1。第 7 段"):
        assert all(m.pinpoints == [] for m in find_symbols(text)), text
