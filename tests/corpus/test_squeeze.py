"""``_squeeze_map`` (the timeline's whitespace rule) against the rule stated
character by character: whitespace next to a Chinese character goes,
another run of it is one space, none at either end; every character kept
maps back to its offset in the source text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.corpus.timeline.statements import _squeeze_map

CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")  # CJK symbols, ideographs, full-width forms


def by_character(text: str) -> tuple[str, list[int]]:
    out, offsets = [], []
    i = 0
    while i < len(text):
        if not text[i].isspace():
            out.append(text[i])
            offsets.append(i)
            i += 1
            continue
        j = i
        while j < len(text) and text[j].isspace():
            j += 1
        if out and j < len(text) and not CJK.match(out[-1]) and not CJK.match(text[j]):
            out.append(" ")
            offsets.append(i)
        i = j
    return "".join(out), offsets


@settings(max_examples=500)
@given(st.text(alphabet=" \t\n\u3000\xa0\u2028ab1.会议第届，。《》", max_size=40))
def test_squeeze_follows_the_rule_character_by_character(text: str) -> None:
    squeezed, offsets = _squeeze_map(text)
    assert (squeezed, offsets) == by_character(text)
    assert all(text[k] == c or (c == " " and text[k].isspace()) for c, k in zip(squeezed, offsets, strict=True))
