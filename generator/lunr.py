"""lunr's behaviour (inside Material's search worker), replayed in Python.

The build writes what lunr would compute, byte for byte: the automaton of
the index's terms (whose node merging can go wrong, see below), the order in
which a prefix clause lists its terms, and the weight of a term in a field.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

LUNR_K1 = 1.2

# --- The term automaton, and a lunr bug --------------------------------------
#
# lunr (inside Material's worker) builds a minimised automaton of all index
# terms; it names a node by concatenating its edge labels with child ids
# (lunr.TokenSet.prototype.toString), so with digit labels two different
# nodes can get the same name ("1" + id 86 + "3" + id 12 == "1" + id 8 +
# "6" + id 312) and be merged. The automaton then accepts terms that are not
# in the index, and any query whose expansion reaches one ("*", or 70/1*)
# throws inside the worker and shows no results at all. Which terms merge
# depends only on the sorted term list, so the build replays lunr's
# construction (lunr_accepted_terms) and, if a phantom term appears, adds a
# filler term that sorts first and shifts every node id until none does
# (search.avoid_phantom_terms).


class _Node:
    __slots__ = ("edges", "final", "id", "name")
    next_id = 1

    def __init__(self) -> None:
        self.final = False
        self.edges: dict[str, _Node] = {}
        self.id = _Node.next_id
        _Node.next_id += 1
        self.name: str | None = None

    def key(self) -> str:
        if self.name is not None:
            return self.name
        out = "1" if self.final else "0"
        for label in sorted(self.edges, key=js_order):
            out += label + str(self.edges[label].id)
        return out


def js_order(text: str) -> bytes:
    return text.encode("utf-16-be")  # JavaScript sorts strings by UTF-16 units


def lunr_accepted_terms(terms: Iterable[str]) -> set[str]:
    """The terms lunr's minimised automaton accepts for this term list."""
    _Node.next_id = 1
    root = _Node()
    unchecked: list[tuple[_Node, str, _Node]] = []
    minimized: dict[str, _Node] = {}

    def minimize(down_to: int) -> None:
        while len(unchecked) > down_to:
            parent, char, child = unchecked.pop()
            key = child.key()
            if key in minimized:
                parent.edges[char] = minimized[key]
            else:
                child.name = key
                minimized[key] = child

    previous = ""
    for word in sorted(set(terms), key=js_order):
        common = 0
        for a, b in zip(word, previous):
            if a != b:
                break
            common += 1
        minimize(common)
        node = unchecked[-1][2] if unchecked else root
        for char in word[common:]:
            child = _Node()
            node.edges[char] = child
            unchecked.append((node, char, child))
            node = child
        node.final = True
        previous = word
    minimize(0)

    accepted: set[str] = set()
    stack: list[tuple[_Node, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if node.final:
            accepted.add(prefix)
        stack.extend((child, prefix + label) for label, child in node.edges.items())
    return accepted


def _js_round(value: float, places: int = 3) -> float:
    """JavaScript's Math.round(value * 10**places) / 10**places (half up, not half even)."""
    scale = 10 ** places
    return math.floor(value * scale + 0.5) / scale


def lunr_idf(n: int, d: int) -> float:
    """lunr.idf of a term held by ``d`` of ``n`` entries (an entry once per field holding it)."""
    return math.log(1 + abs((n - d + 0.5) / (d + 0.5)))


def lunr_weight(idf: float, tf: int, boost: float) -> float:
    """W of a term in one field: BM25 with k1 = 1.2 and b = 0, times the
    field boost, rounded to lunr's 3 decimals; the same operations in the
    same order as lunr's Builder, so that the floats are the same."""
    return _js_round(idf * ((LUNR_K1 + 1) * tf) / (LUNR_K1 * (1 - 0 + 0 * 1) + tf) * boost * 1)


def lunr_order(term: str) -> tuple[int, ...]:
    """Sort key of the order lunr lists the terms a clause expands to.

    lunr.TokenSet.toArray walks the term automaton depth first, a term
    before its longer terms, and the edges of a node last to first; edges
    are object keys, so the digit keys come first (integer-like keys) and
    the rest in insertion (sorted) order. lunr scores an entry that is
    first met earlier first among equal scores; the worker keeps that order.
    """
    units = term.encode("utf-16-be")
    key = []
    for i in range(0, len(units), 2):
        unit = units[i] << 8 | units[i + 1]
        key.append(-(unit - 0x10000 if 0x30 <= unit <= 0x39 else unit))
    return tuple(key)
