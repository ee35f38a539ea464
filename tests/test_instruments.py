"""The table of instruments (generator/instruments.py): one home for the
kinds, the prefixes, the nouns, the printed number and its pattern."""

from __future__ import annotations

import random
import re

from generator.grammar.citations import find_instruments
from generator.grammar.labels import INSTRUMENT_HEADER
from generator.instruments import (
    BY_KIND,
    BY_NOUN,
    BY_PREFIX,
    INSTRUMENTS,
    NOUN,
    NUMBER,
    instrument_key,
    key_number,
    key_numbers,
    printed,
)


def test_each_kind_has_one_prefix_and_one_noun() -> None:
    assert {i.kind: (i.prefix, i.noun) for i in INSTRUMENTS} == {"resolution": ("res", "决议"),
                                                                 "decision": ("dec", "决定")}
    for instrument in INSTRUMENTS:
        assert BY_KIND[instrument.kind] is BY_PREFIX[instrument.prefix] is BY_NOUN[instrument.noun] is instrument


def test_a_printed_number_is_found_by_the_pattern_and_the_readers_of_text() -> None:
    """What the table prints, the header pattern and the citations of the
    text read back as the same instrument, spaced as wrapping leaves it."""
    rng = random.Random(5)
    for _ in range(200):
        kind = rng.choice(list(BY_KIND))
        session, number = rng.randint(1, 99), rng.randint(1, 300)
        key = instrument_key(session, number)
        assert key_numbers(key) == (session, number)
        text = printed(kind, key_number(key))
        assert text == f"第 {session}/{number} 号{BY_KIND[kind].noun}"
        spaced = text.replace(" ", rng.choice(["", " ", "  "]))
        header = INSTRUMENT_HEADER.match(spaced)
        assert header and (int(header.group(1)), int(header.group(2))) == (session, number)
        assert BY_NOUN[header.group(3)].kind == kind
        assert re.fullmatch(rf"{NUMBER}({NOUN})", spaced)
        [mention] = find_instruments(f"回顾其{spaced}，")
        assert (mention.kind, mention.session, mention.number) == (BY_KIND[kind].prefix, session, number)
