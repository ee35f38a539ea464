"""The two kinds of instrument the documents adopt and cite, resolutions and
decisions, as one table: the kind the model gives one, the prefix of its
ids and keys (``res-11-4``, ``cop-dec-7-1``), the noun the documents print
(决议, 决定), how they print its number (``第 11/4 号决议``) and the pattern
that finds it. Every stage asks this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    kind: str  # the model's kind of node: resolution, decision
    prefix: str  # of its ids and keys: res, dec
    noun: str  # as the documents print it: 决议, 决定


INSTRUMENTS = (Instrument("resolution", "res", "决议"), Instrument("decision", "dec", "决定"))
BY_KIND = {i.kind: i for i in INSTRUMENTS}
BY_PREFIX = {i.prefix: i for i in INSTRUMENTS}
BY_NOUN = {i.noun: i for i in INSTRUMENTS}

# The number as printed, 第 s/n 号 (the groups: session, number); wrapping
# may leave spaces between its parts. Then the noun, one of NOUN.
NUMBER = r"第\s*(\d+)\s*/\s*(\d+)\s*号"
NOUN = "|".join(i.noun for i in INSTRUMENTS)


def printed(kind: str, number: str) -> str:
    """How the documents name an instrument: ``printed("resolution", "11/4")``
    is 第 11/4 号决议 (``number``: session/number)."""
    return f"第 {number} 号{BY_KIND[kind].noun}"


def instrument_key(session: int | str, number: int | str) -> str:
    """The key of an instrument a document holds (``Node.key``): 11-4."""
    return f"{session}-{number}"


def key_number(key: str) -> str:
    """That key as the documents print it: 11-4 -> 11/4."""
    return key.replace("-", "/")


def key_numbers(key: str) -> tuple[int, int]:
    """(session, number) of that key: 11-4 -> (11, 4)."""
    session, number = key.split("-")
    return int(session), int(number)
