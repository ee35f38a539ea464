"""The parser's state and block processors; the processors of quotations,
tables, headers and headings, which apply wherever the parser is.

As in Python-Markdown's block parser, each processor has a ``test`` (is the
block of my layout, given where the parser is?) and a ``run`` (put it in the
tree), and they are registered by priority: for each block the parser runs
the first processor, highest priority first, whose test passes. The tree
under construction and the open elements are the parser's state
(``ParseState``).

Processors of a ``region`` (the provisional agenda, its annotations, a
resolution or decision, the prose of a report or annex) only see blocks read
there; those without a region (this module's) come first. Each region ends
with a processor whose test always passes, so every block lands somewhere.
``parse.build_processors`` registers them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..grammar.labels import (
    AGENDA_HEADING,
    ANNEX_HEADER,
    ANNOTATIONS_HEADING,
    INSTRUMENT_HEADER,
    INTRODUCES,
    LETTER_HEADING,
    LETTERED,
    NUMBERED,
    SECTION,
    is_heading_like,
)
from ..grammar.numerals import chinese_number
from ..instruments import BY_NOUN, instrument_key
from ..model import Node
from .repair import Block

# The proposed organization of work: a schedule whose columns the
# extraction ran together.
SCHEDULE_HEADER = re.compile(r"^日期/时间\s")
SCHEDULE_TIME = re.compile(r"^(上午|下午)\s*\d+\s*时\s*(-|至)\s*(上午|下午)?\s*\d+\s*时")
SCHEDULE_DATE = re.compile(r"^\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]\s*星期[一二三四五六日]$")


def chinese_numeral(text: str) -> int | None:
    """The number of a heading or annex; a bare 附件 is annex 1. None when
    ``text`` is no numeral or is zero (零: sections and annexes count from 1)."""
    number = chinese_number(text) if text else 1
    return number or None


@dataclass
class OpenParagraph:
    """The paragraph being read and what is open inside it; a new
    paragraph, heading or header closes them all at once."""

    paragraph: Node | None = None  # numbered or operative paragraph receiving sub-paragraphs, continuations
    sub: Node | None = None  # lettered sub-paragraph (or nested item) receiving roman (or lettered) items
    nested: Node | None = None  # paragraph whose colon introduced a nested list (an agenda quoted in a report)
    nested_heading: Node | None = None  # heading inside that nested list, receiving the items after it
    quoting: Node | None = None  # element whose quotation is open, receiving each quoted paragraph


@dataclass
class ParseState:
    """Where the parser is, and the tree it builds (``body``)."""

    body: list[Node] = field(default_factory=list)  # the document's top-level nodes
    warnings: list[str] = field(default_factory=list)
    mode: str = "body"  # the part being read: body, instrument, annex, agenda, annotations
    instrument: Node | None = None  # the open resolution or decision
    annex: Node | None = None  # the open annex, of the report or of the instrument
    open: OpenParagraph = field(default_factory=OpenParagraph)
    agenda_item: Node | None = None  # agenda item (or annotated item) receiving lettered sub-items
    item: Node | None = None  # annotated item receiving paragraphs and its documentation
    docs: Node | None = None  # documentation list receiving its entries
    table_header: str = ""  # header of the schedule being read in an annex
    next_para: int = 1  # the number the next numbered paragraph should have
    agenda_count: int = 0  # the number of the last item of the provisional agenda
    following: Block | None = None  # the next block, for layouts known by what follows

    def region(self) -> str:
        """Which region's processors read the next block."""
        if self.mode in ("agenda", "annotations"):
            return self.mode
        if self.instrument is not None and self.annex is None:
            return "instrument"
        return "prose"

    def container(self) -> list[Node]:
        """Where a top-level element of the current part goes."""
        if self.annex is not None:
            return self.annex.children
        if self.instrument is not None:
            return self.instrument.children
        return self.body

    def last_text_node(self) -> Node | None:
        """The element a quotation or quoted line after it belongs to."""
        o = self.open
        return o.sub or o.paragraph or self.docs or self.item

    def close_regions(self) -> None:
        """A section heading ends any resolution, decision or annex of the body."""
        self.open = OpenParagraph()
        self.instrument = self.annex = None
        self.item = self.docs = self.agenda_item = None
        if self.mode in ("instrument", "annex"):
            self.mode = "body"


def new_node(kind: str, block: Block, text: str, **kw: Any) -> Node:
    """The element made from ``block``: its text stripped, its source line."""
    return Node(kind=kind, text=text.strip(), line=block.line, **kw)


def quote_node(block: Block) -> Node:
    """A quoted paragraph. One that carries its own number inside the marks
    (“3. 全权证书应由…”, “(b) …”: a rule or a clause quoted whole) keeps that
    number as its key, so that it is cited by it; its text, marks and number
    included, stays as printed (the label is not taken out of it)."""
    node = new_node("quote", block, block.text)
    inner = node.text.lstrip("“\"「『 ")
    for label in (NUMBERED, LETTERED):
        found = label.match(inner)
        if found:
            node.key = found.group(1)
            break
    return node


class Processor:
    """A block processor: ``test`` says whether ``run`` takes the block."""

    region = ""  # "" for any region, else the region (ParseState.region) it reads

    def test(self, st: ParseState, block: Block) -> bool:
        raise NotImplementedError

    def run(self, st: ParseState, block: Block) -> None:
        raise NotImplementedError


class Registry:
    """Processors by priority, highest first (as Python-Markdown's registry)."""

    def __init__(self) -> None:
        self._entries: list[tuple[int, Processor]] = []
        self._regions: dict[str, tuple[Processor, ...]] = {}

    def register(self, proc: Processor, priority: int) -> None:
        if any(p == priority for p, _ in self._entries):
            raise ValueError(f"priority {priority} is taken ({type(proc).__name__})")
        self._entries.append((priority, proc))
        self._entries.sort(key=lambda entry: -entry[0])
        self._regions.clear()

    def __iter__(self) -> Iterator[Processor]:
        return (proc for _, proc in self._entries)

    def of_region(self, region: str) -> tuple[Processor, ...]:
        """The processors that read a block in ``region``, in priority order
        (kept per region: the parser asks for every block)."""
        if region not in self._regions:
            self._regions[region] = tuple(p for p in self if p.region in ("", region))
        return self._regions[region]


def parse_blocks(blocks: list[Block], processors: Registry) -> ParseState:
    """Read ``blocks`` in order; the state holds the tree and the warnings."""
    st = ParseState()
    for index, block in enumerate(blocks):
        st.following = blocks[index + 1] if index + 1 < len(blocks) else None
        read_block(st, block, processors)
    return st


def read_block(st: ParseState, block: Block, processors: Registry) -> None:
    """Run the first processor of the block's region (or of any) whose test passes."""
    region = st.region()
    for proc in processors.of_region(region):
        if proc.test(st, block):
            proc.run(st, block)
            return
    raise AssertionError(f"no processor for line {block.line} in region {region}")


def closes_quote(text: str) -> bool:
    return text.rstrip().endswith("”")


class QuotationGoesOn(Processor):
    """A quotation runs from an opening “ to its closing ”: each paragraph
    quoted (a rule, a clause of it) is a quote of its own, under the element
    that introduces the quotation."""

    def test(self, st: ParseState, block: Block) -> bool:
        return st.open.quoting is not None

    def run(self, st: ParseState, block: Block) -> None:
        st.open.quoting.children.append(quote_node(block))
        if closes_quote(block.text):
            st.open.quoting = None


class QuotationOpens(Processor):
    """A paragraph opening a quotation of several paragraphs (“1. … ⏎ 2. …”)
    inside a paragraph or an annotated item."""

    def test(self, st: ParseState, block: Block) -> bool:
        o = st.open
        return block.text.startswith("“") and bool(o.paragraph or st.item or o.nested) \
            and not closes_quote(block.text)

    def run(self, st: ParseState, block: Block) -> None:
        st.open.quoting = st.last_text_node()
        st.open.quoting.children.append(quote_node(block))


class QuotedParagraph(Processor):
    """A paragraph in its own quotation marks after text that introduces it
    (“…：”), as when every quoted paragraph carries its own marks."""

    def test(self, st: ParseState, block: Block) -> bool:
        if not (block.text.startswith("“") and block.text.endswith("”")):
            return False
        last = st.last_text_node()
        return last is not None and last.text.endswith(INTRODUCES)

    def run(self, st: ParseState, block: Block) -> None:
        st.last_text_node().children.append(quote_node(block))


class TableRow(Processor):
    """Rows of a table: tab-separated cells, or a schedule of an annex run
    together (the header repeated at the top of a page is dropped)."""

    def test(self, st: ParseState, block: Block) -> bool:
        return bool(block.cells) or (st.annex is not None and bool(st.table_header))

    def run(self, st: ParseState, block: Block) -> None:
        add_table_row(st.container(), block)


class ScheduleHeader(Processor):
    """The header row of the schedule of an annex (日期/时间 …): the rows
    after it are the schedule's."""

    def test(self, st: ParseState, block: Block) -> bool:
        return st.annex is not None and bool(SCHEDULE_HEADER.match(block.text))

    def run(self, st: ParseState, block: Block) -> None:
        st.table_header = block.text
        add_table_row(st.container(), block)


def add_table_row(container: list[Node], block: Block) -> None:
    text = block.text
    if block.cells:
        cells = list(block.cells)
    elif SCHEDULE_HEADER.match(text):
        if any(n.kind == "table-row" for n in container):
            return  # the header repeated at the top of the next page
        cells = text.split()
    else:
        cells = split_schedule_row(text)
    if _joins_its_slot(container, cells):
        return
    container.append(Node(kind="table-row", text=text, cells=cells, line=block.line,
                          role="header" if not any(n.kind == "table-row" for n in container) else ""))


# The column of a schedule that holds the meetings held alongside the plenary.
PARALLEL_COLUMN = "平行会议"


def _joins_its_slot(container: list[Node], cells: list[str]) -> bool:
    """A row of a schedule that holds only a parallel meeting ("技术援助问题
    政府专家工作组" under "下午 3 时-6 时 项目 2. …") is that time slot's: the
    extraction put the cell on a line of its own because the plenary's cell
    beside it wraps over several lines. It goes into the 平行会议 column of
    the slot's first row (the last row with a time since the last date), when
    that column is empty there; it makes no row of its own."""
    rows = [n for n in container if n.kind == "table-row"]
    header = next((n for n in rows if n.role == "header"), None)
    if header is None or PARALLEL_COLUMN not in header.cells:
        return False
    column = header.cells.index(PARALLEL_COLUMN)
    if column >= len(cells) or not cells[column] or any(c for i, c in enumerate(cells) if i != column):
        return False
    for row in reversed(rows):
        if row is header or SCHEDULE_DATE.match(row.cells[0] if row.cells else ""):
            return False  # no time slot open since the day began
        if row.cells and SCHEDULE_TIME.match(row.cells[0]):
            if column < len(row.cells) and not row.cells[column]:
                row.cells[column] = cells[column]
                row.text = " ".join(c for c in row.cells if c)
                return True
            return False
    return False


def split_schedule_row(text: str) -> list[str]:
    """Cells of a schedule row whose columns the extraction ran together.

    A row of the proposed organization of work reads: a time range, an
    agenda item ("项目 2(b). 《…》"), and a parallel meeting (a working
    group, perhaps "（续）"). Date rows carry only the date.
    """
    time = SCHEDULE_TIME.match(text)
    cells = ["", "", ""]
    rest = text
    if time:
        cells[0] = time.group(0).strip()
        rest = text[time.end():].strip()
    elif SCHEDULE_DATE.match(text):
        return [text, "", ""]
    parallel = re.search(r"(?:^|\s)(\S*工作组(?:（续）)?)$", rest)
    if parallel:
        cells[2] = parallel.group(1)
        rest = rest[: parallel.start()].strip()
    cells[1] = rest
    return cells


class InstrumentHeader(Processor):
    """The header of a resolution or decision (第 11/4 号决议) opens it: at the
    top level, or inside the annex of a report that carries it."""

    def test(self, st: ParseState, block: Block) -> bool:
        return INSTRUMENT_HEADER.match(block.text) is not None

    def run(self, st: ParseState, block: Block) -> None:
        m = INSTRUMENT_HEADER.match(block.text)
        node = new_node(BY_NOUN[m.group(3)].kind, block, "", label=block.text,
                        key=instrument_key(m.group(1), m.group(2)))
        (st.annex.children if st.annex is not None and st.instrument is None else st.body).append(node)
        st.open = OpenParagraph()
        st.instrument, st.annex, st.mode = node, None, "instrument"
        st.item = st.docs = st.agenda_item = None


class AnnexHeader(Processor):
    """The header of an annex (附件, 附件二), of the open resolution or of the
    report; a report's annex numbers its paragraphs from 1 again."""

    def test(self, st: ParseState, block: Block) -> bool:
        m = ANNEX_HEADER.match(block.text)
        return m is not None and chinese_numeral(m.group(1)) is not None

    def run(self, st: ParseState, block: Block) -> None:
        number = chinese_numeral(ANNEX_HEADER.match(block.text).group(1))
        node = new_node("annex", block, "", label=block.text, key=str(number))
        (st.instrument.children if st.instrument is not None else st.body).append(node)
        st.open = OpenParagraph()
        st.annex, st.mode = node, "annex"
        st.item = st.docs = st.agenda_item = None
        if st.instrument is None:
            st.next_para = 1


class SectionHeading(Processor):
    """A chapter heading in Chinese numerals (一. 导言): it closes any
    resolution or annex of the body."""

    def test(self, st: ParseState, block: Block) -> bool:
        m = SECTION.match(block.text)
        return m is not None and chinese_numeral(m.group(1)) is not None and is_heading_like(m.group(2))

    def run(self, st: ParseState, block: Block) -> None:
        m = SECTION.match(block.text)
        st.close_regions()
        st.body.append(new_node("heading", block, m.group(2), label=f"{m.group(1)}.",
                                key=str(chinese_numeral(m.group(1))), level=1))


class LetterHeading(Processor):
    """A section heading by capital letter (A. 会议开幕), except in the
    annotations, whose lettered items are not sections."""

    def test(self, st: ParseState, block: Block) -> bool:
        m = LETTER_HEADING.match(block.text)
        return m is not None and is_heading_like(m.group(2)) and st.mode != "annotations"

    def run(self, st: ParseState, block: Block) -> None:
        m = LETTER_HEADING.match(block.text)
        st.close_regions()
        st.body.append(new_node("heading", block, m.group(2), label=f"{m.group(1)}.",
                                key=m.group(1).lower(), level=2))


class AgendaHeading(Processor):
    """临时议程 in the body of an agenda document opens the provisional agenda."""

    def test(self, st: ParseState, block: Block) -> bool:
        return block.text == AGENDA_HEADING and st.mode == "body" and st.open.paragraph is None

    def run(self, st: ParseState, block: Block) -> None:
        st.mode = "agenda"
        st.body.append(new_node("heading", block, block.text, level=1, role="agenda-heading"))


class AnnotationsHeading(Processor):
    """说明 (临时议程说明) after the provisional agenda opens its annotations."""

    def test(self, st: ParseState, block: Block) -> bool:
        return bool(ANNOTATIONS_HEADING.match(block.text)) and st.mode == "agenda"

    def run(self, st: ParseState, block: Block) -> None:
        st.mode = "annotations"
        st.agenda_item = None
        st.body.append(new_node("heading", block, block.text, level=1, role="annotations-heading"))
