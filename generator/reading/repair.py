"""Repair the PDF extraction: from raw lines to logical blocks.

Two layouts come out of the extraction:

* hard-wrapped: lines of about forty characters separated by blank lines;
  the last line of a paragraph keeps a trailing space, the others do not;
* one line per paragraph, with Markdown-like debris (``- `` bullets,
  ``[SYMBOL](#)`` link syntax, tab-separated tables, a table of contents).

In both, page breaks can cut a paragraph in two (even inside a word) and put
a footnote block between the halves. This stage removes the debris, takes
the footnotes out, and joins the pieces of each paragraph, so that the
parser sees one ``Block`` per printed paragraph, heading or table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..grammar.labels import FOOTNOTE_LINE, FORMULA_START, ends_closed, is_header, opens_labelled_block

_SEPARATOR = re.compile(r"^\s*_{5,}\s*$")
_LINK_ANNOTATION = re.compile(r"^\s*https?://undocs\.org/\S*\s*$")
_TOC_LINE = re.compile(r"(\.{3,}|…{2,})\s*\t?\s*\d+\s*$|\t\d+\s*$")
_TOC_HEAD = re.compile(r"^\s*(目录|\t?页次)\s*$")
# ``[CTOC/COP/2022/1](#)`` link syntax left by the extraction.
_LINK_SYNTAX = re.compile(r"\[([^\[\]]*)\]\(#\)")
# ``**建议**``: the PDF's bold, written by the extraction as Markdown's
# strong emphasis around a word or phrase. A pair of ``**`` inside one block
# around a short run of Chinese text (a Han character in it, no sentence end,
# no space just inside the marks) is that markup; a lone ``**`` is a
# footnote marker ("临时议程**项目 2、4、5" with "** CTOC/COP/2022/1。"
# below) and stays. Marks around Latin text alone ("**bold**") are not
# what the extraction writes in these Chinese documents: they are the
# source's own characters, shown as they are (never run as markup).
_BOLD_MARKUP = re.compile(r"(?<!\*)\*\*(?=[^\s*，。、；：,.;:）)])([^*。；\n]{1,40}?)(?<=[^\s*])\*\*(?!\*)")
# Where a line breaks between a Han character and a Latin letter or digit,
# the extraction drops the space the document may print there
# ("2022 年 ⏎ 5 月"); the document's own spacing elsewhere says which.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_ASCII = re.compile(rf"[{_HAN}]( ?)[A-Za-z0-9]")
# Chinese prints no space between two Han characters: one there, inside a
# line of a title or an entry of the contents, is where the PDF wrapped the
# line ("…17 日至 21 日 在维也纳举行的…", "…适用《联合国打击跨 国有组织犯罪公约》…").
_HAS_HAN = re.compile(rf"[{_HAN}]")
_HAN_BREAK = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
_ASCII_HAN = re.compile(rf"[A-Za-z0-9]( ?)[{_HAN}]")
# A hard-wrapped line ending with a Latin word and the space after it
# ("代表 Hikihara␠" ⏎ "Takeshi 以…"): the space is the one between two words.
_ENDS_LATIN_WORD = re.compile(r"[A-Za-z]\s$")
_STARTS_LATIN_WORD = re.compile(r"^\s*[A-Za-z]")


@dataclass(frozen=True)
class Spacing:
    """Whether the document prints a space between a Han character and a
    Latin letter or digit, in each order; a line break between them gets
    the space when the document mostly has one there."""

    han_ascii: bool = False
    ascii_han: bool = False


def document_spacing(text: str) -> Spacing:
    """The spacing the document uses within its lines (breaks not counted)."""
    def spaced(pattern: re.Pattern[str]) -> bool:
        gaps = [m.group(1) for line in text.split("\n") for m in pattern.finditer(line)]
        return sum(1 for g in gaps if g) > len(gaps) / 2
    return Spacing(spaced(_HAN_ASCII), spaced(_ASCII_HAN))


@dataclass
class Block:
    """One logical line: a paragraph, heading, list item or table row."""

    text: str
    line: int  # 1-based source line of its first piece
    cells: list[str] = field(default_factory=list)  # tab-separated rows
    bullet_depth: int = 0  # ``- `` bullets of the one-line layout
    indent: int = 0


@dataclass
class RawFootnote:
    marker: str
    text: str
    line: int


@dataclass
class Repaired:
    layout: str  # "wrapped" or "lines"
    blocks: list[Block]
    footnotes: list[RawFootnote]
    toc_lines: int = 0  # table-of-contents lines taken out of the text (heads included)
    # The table of contents' entries as printed, each with its source line:
    # not text of the body (the parser makes the document's contents of them).
    contents: list[tuple[str, int]] = field(default_factory=list)


def detect_layout(lines: list[str]) -> str:
    """Hard-wrapped text keeps a trailing space on each paragraph's last line."""
    filled = [ln for ln in lines if ln.strip()]
    if not filled:
        return "lines"
    trailing = sum(1 for ln in filled if ln != ln.rstrip())
    return "wrapped" if trailing / len(filled) >= 0.15 else "lines"


def strip_link_syntax(text: str) -> str:
    """``[CTOC/COP/2022/1](#)`` → ``CTOC/COP/2022/1`` (extraction debris)."""
    return _LINK_SYNTAX.sub(r"\1", text)


def unwrap_han(text: str) -> str:
    """A title or contents entry without the spaces its wrapped lines left
    between Han characters (see _HAN_BREAK); the document's spacing around
    numbers and Latin text is kept ("2022 年 10 月")."""
    return _HAN_BREAK.sub("", text)


def strip_bold_markup(text: str) -> str:
    """``…通过的**建议**`` → ``…通过的建议`` (extraction debris, see _BOLD_MARKUP)."""
    if "**" not in text:
        return text
    return _BOLD_MARKUP.sub(lambda m: m.group(1) if _HAS_HAN.search(m.group(1)) else m.group(0), text)


def is_debris(line: str) -> bool:
    return bool(_SEPARATOR.match(line) or _LINK_ANNOTATION.match(line))


def join_pieces(left: str, right: str, spacing: Spacing = Spacing()) -> str:
    """Join two pieces of one paragraph cut by a line or page break.

    Chinese needs no space at a break; a symbol cut after ``/`` or ``-``
    (``CTOC/COP/ ⏎ 2010/CRP.7``) is joined without the space the extraction
    left; two Latin words keep one space between them; between a Han
    character and a Latin letter or digit the document's own ``spacing``.
    """
    left = left.rstrip()
    right = right.strip()
    if not left or not right:
        return left + right
    if left[-1] in "/-":
        return left + right
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return left + " " + right
    if (spacing.han_ascii and _HAN_ASCII.fullmatch(left[-1] + right[0])) or \
            (spacing.ascii_han and _ASCII_HAN.fullmatch(left[-1] + right[0])):
        return left + " " + right
    return left + right


def repair(text: str) -> Repaired:
    lines = text.split("\n")
    layout = detect_layout(lines)
    spacing = document_spacing(text)
    repaired = _repair_wrapped(lines, spacing) if layout == "wrapped" else _repair_lines(lines, spacing)
    # Bold markup is taken out of whole blocks: a pair of marks may stand
    # on two lines of a wrapped paragraph.
    for block in repaired.blocks:
        block.text = strip_bold_markup(block.text)
        block.cells = [strip_bold_markup(cell) for cell in block.cells]
    for note in repaired.footnotes:
        note.text = strip_bold_markup(note.text)
    return repaired


def _next_filled(lines: list[str], i: int) -> str:
    return next((lines[j] for j in range(i + 1, len(lines)) if lines[j].strip()), "")


def ends_paragraph(raw: str, following: str) -> bool:
    """Does a hard-wrapped line end its paragraph? (``following``: the next
    filled line.)

    The extraction keeps a trailing space on a paragraph's last line only,
    with two exceptions where the space belongs to the text: after a
    symbol's ``/`` or ``-``, and after a Latin word whose phrase goes on
    with another Latin word on the next line (a name: ``代表 Hikihara␠`` ⏎
    ``Takeshi 以…``) that opens no numbered or lettered element.
    """
    if raw == raw.rstrip() or raw.rstrip().endswith(("/", "-")):
        return False
    latin_phrase = bool(_ENDS_LATIN_WORD.search(raw) and _STARTS_LATIN_WORD.match(following))
    return not latin_phrase or bool(opens_labelled_block(following))


def _take_footnote_lines(lines: list[str], i: int, footnotes: list[RawFootnote], wrapped: bool,
                         spacing: Spacing) -> int:
    """Read a footnote starting at line ``i``; return the index after it.

    In the hard-wrapped layout a footnote may run over several lines and
    ends, like a paragraph, on a line with a trailing space.
    """
    m = FOOTNOTE_LINE.match(lines[i])
    assert m
    marker, body = m.group(1), m.group(2)
    start = i
    i += 1
    if wrapped:
        while i < len(lines) and not ends_paragraph(lines[i - 1], lines[i]) and lines[i].strip() \
                and not FOOTNOTE_LINE.match(lines[i]):
            body = join_pieces(body, lines[i], spacing)
            i += 1
    footnotes.append(RawFootnote(marker, strip_link_syntax(body.strip()), start + 1))
    return i


def _repair_wrapped(lines: list[str], spacing: Spacing) -> Repaired:
    blocks: list[Block] = []
    footnotes: list[RawFootnote] = []
    contents = _Contents()
    current: Block | None = None
    i = 0
    while i < len(lines):
        raw = lines[i]
        if not raw.strip() or _LINK_ANNOTATION.match(raw):
            i += 1
            continue
        if current is None and contents.takes(lines, i, footnotes):
            # A table of contents, as in the one-line layout (its entries kept apart).
            i += 1
            continue
        if _SEPARATOR.match(raw):
            # A footnote block: footnotes follow until a line that is not one.
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            while i < len(lines) and FOOTNOTE_LINE.match(lines[i]):
                i = _take_footnote_lines(lines, i, footnotes, True, spacing)
            continue
        piece = strip_link_syntax(raw)
        if current is None:
            current = Block(piece.strip(), i + 1, indent=len(raw) - len(raw.lstrip()))
        else:
            current.text = join_pieces(current.text, piece, spacing)
        if ends_paragraph(raw, _next_filled(lines, i)):
            blocks.append(current)
            current = None
        i += 1
    if current is not None:
        blocks.append(current)
    return Repaired("wrapped", blocks, footnotes, contents.dropped, contents.lines)


def _is_bullet(raw: str) -> int:
    m = re.match(r"^(\s*)-\s+", raw)
    if not m:
        return 0
    return 1 + len(m.group(1))


@dataclass
class _Contents:
    """The PDF's table of contents, taken out of the text as the lines are
    read: its entries are kept apart (``lines``), its heads counted."""

    open: bool = False
    dropped: int = 0  # its lines, heads included
    lines: list[tuple[str, int]] = field(default_factory=list)  # its entries, with their source line

    def takes(self, lines: list[str], i: int, footnotes: list[RawFootnote]) -> bool:
        """Does line ``i`` belong to the contents (a footnote in it goes to ``footnotes``)?

        The contents end at the first line that has no page number and is
        followed by body text; entries wrap at most once, so a line without
        a page number inside the contents is still the contents when the
        next filled line has one.
        """
        raw = lines[i]
        if _TOC_HEAD.match(raw):
            self.open = raw.strip() == "目录" or self.open
            self.dropped += 1
            return True
        if not self.open:
            return False
        if _TOC_LINE.search(raw) or raw.rstrip().endswith("\t") or FOOTNOTE_LINE.match(raw):
            if not _take_footnote_line(raw, i, footnotes):
                self.dropped += 1
                self.lines.append((raw, i + 1))
            return True
        if _TOC_LINE.search(_next_filled(lines, i)):
            self.dropped += 1
            self.lines.append((raw, i + 1))
            return True
        self.open = False
        return False


def _take_footnote_line(raw: str, i: int, footnotes: list[RawFootnote]) -> bool:
    """A footnote on one line (one-line layout): kept in ``footnotes``."""
    m = FOOTNOTE_LINE.match(raw)
    if m:
        footnotes.append(RawFootnote(m.group(1), strip_link_syntax(m.group(2).strip()), i + 1))
    return bool(m)


def _repair_lines(lines: list[str], spacing: Spacing) -> Repaired:
    blocks: list[Block] = []
    footnotes: list[RawFootnote] = []
    contents = _Contents()
    for i, raw in enumerate(lines):
        if not raw.strip() or is_debris(raw) or contents.takes(lines, i, footnotes):
            continue
        if not _take_footnote_line(raw, i, footnotes):
            _add_line(blocks, raw, i, spacing)
    return Repaired("lines", blocks, footnotes, contents.dropped, contents.lines)


def _add_line(blocks: list[Block], raw: str, i: int, spacing: Spacing) -> None:
    """A line of the one-line layout: a table row, a bullet, a paragraph or
    the second half of the paragraph before it."""
    depth = _is_bullet(raw)
    text = strip_link_syntax(raw)
    if depth:
        text = re.sub(r"^\s*-\s+", "", text)
    if "\t" in text.strip("\n"):
        cells = [c.strip() for c in text.split("\t")]
        blocks.append(Block(text.replace("\t", " ").strip(), i + 1, cells=cells))
        return
    block = Block(text.strip(), i + 1, bullet_depth=depth)
    title_of_header = len(blocks) >= 2 and is_header(blocks[-2].text)
    if blocks and not title_of_header and _continues(blocks[-1], block):
        blocks[-1].text = join_pieces(blocks[-1].text, block.text, spacing)
        return
    blocks.append(block)


def _continues(prev: Block, block: Block) -> bool:
    """Is ``block`` the second half of ``prev``, cut by a page break?

    A paragraph cut by a page break is left without its closing
    punctuation, and its second half opens with no label. Headings also end
    without punctuation, but they are short; resolution titles and annex
    titles are followed by the formula or by their lead-in, which the
    caller recognises, so only long unlabelled or labelled prose continues.
    """
    if prev.cells or block.bullet_depth or prev.bullet_depth:
        return False
    if ends_closed(prev.text) or opens_labelled_block(block.text):
        return False
    if block.text.startswith(FORMULA_START) or FOOTNOTE_LINE.match(block.text):
        return False
    if is_header(prev.text):
        return False
    labelled = bool(opens_labelled_block(prev.text))
    # Labelled headings ("A. 会议开幕", "1. 审议情况") are short; labelled
    # paragraphs cut by a page are long.
    return len(prev.text) >= 60 if labelled else len(prev.text) >= 50
