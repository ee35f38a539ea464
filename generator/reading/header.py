"""The agenda items a note's header says it is issued under, with their titles.

A note of the Conference prints, below its session and dates, the line
``临时议程**项目 2、4、5`` and then the titles of those items, one after the
other, in a narrow column: each title wraps over one or more lines and the
next begins on a new line. The extraction keeps the lines but not where
each title ends, and it may run the last line of one title and the first
of the next together ("各项议定书的实施情况国际合作，尤其侧重于").

Where one title ends is read from two kinds of evidence, never guessed:

* the layout: a line that stops short of the column's width, and does not
  end where no title can end (after 及其, 于, a comma: the title goes on),
  ends its title; a full line was wrapped, it does not. The column's width
  is the widest that at least two lines reach (give or take the
  punctuation a line may not start with), so that two titles run together
  on one line do not make every other line look short;
* the titles the corpus gives agenda items (its provisional agendas): a
  known title that starts where a title starts (the first line, or after a
  title's end) ends where it ends; one that ends where a title ends begins
  where it begins. Each title found so opens or closes the next.

When the evidence gives exactly as many titles as the header has items,
each item gets its own; otherwise the titles are kept together under all
the numbers, whole and in order, so that nothing is assigned to the wrong
item.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..model import AgendaTitle
from .repair import join_pieces, unwrap_han

# "临时议程**项目 2、4、5", "临时议程项目 2 和 3", "项目 2(a)、3".
_ITEMS = re.compile(r"项目\s*(?P<numbers>[\d\s()（）a-z、,，和及与]+?)\s*$")
_NUMBER = re.compile(r"\d+(?:\s*[(（]\s*[a-z]\s*[)）])?")
# A title never ends on these: a conjunction, a preposition, 的, a comma,
# an opening bracket or quotation mark ("…及其", "…尤其侧重于", "…国际合作，").
_GOES_ON = tuple("，,、；：:（(《“‘和与及其的于或对在并将向由以")
# What a known title may end with in an agenda that the header leaves out:
# the colon before its sub-items, the full stop or semicolon of a list.
_LIST_PUNCTUATION = "：:；;。.，, "
# How much narrower than the column a wrapped line may be: a line may not
# start with closing punctuation, so the line before takes it or gives one
# character up (two half-width columns a character).
_SLACK = 4


def agenda_numbers(line: str) -> list[str]:
    """The item numbers of a header line ``临时议程**项目 2、4、5`` (["2", "4", "5"])."""
    match = _ITEMS.search(line)
    if not match:
        return []
    return [re.sub(r"\s", "", number.group()).replace("（", "(").replace("）", ")")
            for number in _NUMBER.finditer(match.group("numbers"))]


def known_title(text: str) -> str:
    """An agenda item's text as a title to look for: without the list's
    punctuation and the spaces of wrapped lines."""
    return re.sub(r"\s+", "", text).strip(_LIST_PUNCTUATION)


def split_agenda_titles(lines: list[str], numbers: list[str], line_numbers: list[int] | None = None,
                        known: Iterable[str] = ()) -> list[AgendaTitle]:
    """The title of each of ``numbers`` from the header ``lines`` that follow
    the items line (``line_numbers``: the source line of each).

    ``known``: titles the corpus gives agenda items (``known_title``). See
    the module docstring for the rule; with too little or contradictory
    evidence, one entry holds every number ("2、4、5") and the whole text.
    """
    if not lines or not numbers:
        return []
    sources = line_numbers or [0] * len(lines)
    text, _, line_ends = _joined(lines)
    cuts = _layout_cuts(lines, line_ends, len(text))
    known_at = _occurrences(text, {known_title(k) for k in known} - {""})
    while True:  # each title found opens or closes the next
        anchored = _anchored(known_at, cuts, len(text))
        found = cuts | {a for a, _ in anchored if a > 0} | {b for _, b in anchored if b < len(text)}
        if found == cuts:
            break
        cuts = found
    # No title ends inside a known title that stands where a title stands.
    cuts = {c for c in cuts if not any(a < c < b for a, b in _anchored(known_at, cuts, len(text)))}
    if len(cuts) == len(numbers) - 1:
        bounds = [0, *sorted(cuts), len(text)]
        return [AgendaTitle(number, unwrap_han(text[a:b]).strip(), _line_of(a, line_ends, sources))
                for number, a, b in zip(numbers, bounds, bounds[1:], strict=False)]
    return [AgendaTitle("、".join(numbers), unwrap_han(text).strip(), sources[0])]


def _joined(lines: list[str]) -> tuple[str, list[int], list[int]]:
    """The lines joined as wrapped lines are, with where each starts and ends."""
    text = ""
    starts: list[int] = []
    ends: list[int] = []
    for line in lines:
        piece = line.strip()
        joined = join_pieces(text, piece) if text else piece
        starts.append(len(joined) - len(piece))
        text = joined
        ends.append(len(text))
    return text, starts, ends


def _width(line: str) -> int:
    """A line's width in half-width columns (a Han character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line.strip())


def _column(widths: list[int]) -> int:
    """The column's width: the widest that two lines reach, else the widest."""
    for width in sorted(set(widths), reverse=True):
        if sum(1 for w in widths if width - _SLACK <= w <= width) >= 2:
            return width
    return max(widths)


def _layout_cuts(lines: list[str], line_ends: list[int], length: int) -> set[int]:
    """Line ends where a title ends: the line stops short of the column
    and its last word does not go on."""
    widths = [_width(line) for line in lines]
    column = _column(widths)
    return {end for line, width, end in zip(lines, widths, line_ends, strict=True)
            if end < length and width < column - _SLACK and not line.rstrip().endswith(_GOES_ON)}


def _occurrences(text: str, titles: set[str]) -> list[tuple[int, int]]:
    """Where each known title stands in ``text`` (whitespace aside)."""
    squeezed, where = _squeezed(text)
    return sorted((where[m.start()], where[m.end() - 1] + 1)
                  for title in titles for m in re.finditer(re.escape(title), squeezed))


def _anchored(occurrences: list[tuple[int, int]], cuts: set[int], length: int) -> list[tuple[int, int]]:
    """The known titles that start where a title starts or end where one ends."""
    return [(a, b) for a, b in occurrences if a in {0, *cuts} or b in {length, *cuts}]


def _squeezed(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and where each character kept stands."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def _line_of(offset: int, line_ends: list[int], sources: list[int]) -> int:
    """The source line of the header line a title starts on."""
    return next((line for end, line in zip(line_ends, sources, strict=True) if offset < end), sources[-1])
