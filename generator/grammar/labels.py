"""The labels that open the blocks of these documents, as one table.

A printed block is a numbered paragraph (``12.``), a lettered sub-paragraph
(``(a)``), a roman item (``(iv)``), a section heading (``一.``, ``A.``), the
header of a resolution or decision (``第 11/4 号决议``) or of an annex
(``附件二``). The repair stage asks whether a line opens such a block (then
it does not continue the paragraph before it); the parser asks which label
a block has and what follows it. Both read this table, so a label means one
thing everywhere.

The module also holds the other words and marks by which a block says what
it is: footnote lines, the fixed headings of an agenda, and how text ends
(closing punctuation, the colon that introduces a list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import instruments
from .numerals import CHINESE_DIGITS, SUPERSCRIPTS


@dataclass(frozen=True)
class BlockLabel:
    """A label that opens a block.

    ``label`` is the regular expression of the label alone; its groups are
    the label's parts (a number, a letter, a session). A ``header`` is a
    whole line (the header of a resolution or an annex); any other label is
    followed by the block's text, which ``match`` returns as the last group.
    """

    kind: str
    label: str
    header: bool
    opens: str  # what the label opens, in the documents' terms
    line: re.Pattern[str] = field(init=False, repr=False, compare=False)  # the whole block

    def __post_init__(self) -> None:
        line = re.compile("^" + self.label + (r"$" if self.header else r"\s*(.*)$"))
        object.__setattr__(self, "line", line)
        # The pattern's own method, without a call in between: the parser
        # asks for every block.
        object.__setattr__(self, "match", line.match)

    def match(self, text: str) -> re.Match[str] | None:
        """The label's groups, then (unless a header) the text after it."""
        return self.line.match(text)


_CN = f"[{CHINESE_DIGITS}]"

NUMBERED = BlockLabel("numbered", r"(\d{1,3})\s*\.(?!\d)", False,
                      "a numbered paragraph, agenda item or operative paragraph (12.); not a decimal (1.5)")
LETTERED = BlockLabel("lettered", r"\(\s*([a-z]{1,2})\s*\)", False,
                      "a lettered sub-paragraph or agenda sub-item ((a), (aa))")
ROMAN_ITEM = BlockLabel("roman", r"\(([ivx]+)\)", False, "a roman item inside a lettered sub-paragraph ((iv))")
SECTION = BlockLabel("section", rf"({_CN}{{1,3}})\s*\.", False, "a chapter heading in Chinese numerals (一.)")
LETTER_HEADING = BlockLabel("letter-heading", r"([A-Z])\s*\.(?![A-Z/])", False,
                            "a section heading by capital letter (A.); not an initial (U.N.) or a symbol (A./)")
INSTRUMENT_HEADER = BlockLabel("instrument", rf"{instruments.NUMBER}({instruments.NOUN})", True,
                               "the header of a resolution or decision (第 11/4 号决议)")
ANNEX_HEADER = BlockLabel("annex", rf"附件({_CN}*)", True, "the header of an annex (附件, 附件二)")

# Every label, in the order the parser first tries them.
BLOCK_LABELS: tuple[BlockLabel, ...] = (NUMBERED, LETTERED, ROMAN_ITEM, SECTION, LETTER_HEADING,
                                        INSTRUMENT_HEADER, ANNEX_HEADER)
HEADERS: tuple[BlockLabel, ...] = (INSTRUMENT_HEADER, ANNEX_HEADER)


# A raw line opens a labelled block when, after its indent and any list
# bullets of the extraction, it starts with a label (a header being the
# whole line, trailing spaces aside).
_OPENS_BLOCK = re.compile(
    r"^\s*(?:[-•]\s+)*(?:" + "|".join(b.label + (r"\s*$" if b.header else "") for b in BLOCK_LABELS) + ")"
)


def opens_labelled_block(line: str) -> bool:
    """Does ``line`` (raw or repaired) open a numbered, lettered or headed block?"""
    return bool(_OPENS_BLOCK.match(line))


def is_header(text: str) -> bool:
    """Is ``text`` the header of a resolution, decision or annex (the next block is its title)?"""
    return any(h.match(text) for h in HEADERS)


# Footnotes as printed at the foot of a page: a marker (superscript digits
# or asterisks), a space, the footnote's text.
FOOTNOTE_LINE = re.compile(rf"^\s*([{SUPERSCRIPTS}]+|\*+)\s+(\S.*)$")

# The formula that opens a resolution or decision.
FORMULA = re.compile(r"^联合国打击跨国有组织犯罪公约缔约方会议(，|,)")
FORMULA_START = "联合国打击跨国有组织犯罪公约缔约方会议"

# The fixed headings of an agenda document.
AGENDA_HEADING = "临时议程"
ANNOTATIONS_HEADING = re.compile(r"^(说明|临时议程说明)$")
DOCUMENTS_HEADING = "文件"

# How text ends. Prose ends with one of PROSE_ENDINGS; a heading does not
# (it may end with a bracket or a quotation mark). A line ending with any
# of CLOSING_MARKS closes a sentence or a list entry: a line ending
# otherwise in the one-line layout was cut by a page break.
PROSE_ENDINGS = tuple("。；：，、！？;:,")
CLOSING_MARKS = PROSE_ENDINGS + tuple("”’）)」』》.")
# The endings by which a paragraph introduces a list or a quotation.
INTRODUCES = ("：", ":", "如下。", "如下：")
# A footnote marker is printed after the punctuation it follows
# ("…两项议定书，¹²"): it does not change how the text ends.
_TRAILING_MARKERS = re.compile(rf"[{SUPERSCRIPTS}*]+$")
HEADING_MAX_LENGTH = 80


def without_markers(text: str) -> str:
    """``text`` without the footnote markers it ends with ("…议定书，¹²" → "…议定书，")."""
    return _TRAILING_MARKERS.sub("", text.rstrip())


def ends_closed(text: str) -> bool:
    """Does ``text`` end with closing punctuation, footnote markers aside?"""
    return without_markers(text).endswith(CLOSING_MARKS)


def is_heading_like(text: str) -> bool:
    """A short line with no prose ending (footnote markers aside) reads as a heading."""
    return len(text) <= HEADING_MAX_LENGTH and not without_markers(text).endswith(PROSE_ENDINGS)
