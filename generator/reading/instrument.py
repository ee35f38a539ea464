"""Block processors of a resolution or decision: its title, the formula
(联合国打击跨国有组织犯罪公约缔约方会议，), the preambular paragraphs, the
operative paragraphs with their lettered sub-paragraphs, and the agenda a
decision adopts."""

from __future__ import annotations

from ..grammar.labels import (
    ANNEX_HEADER,
    FORMULA,
    INSTRUMENT_HEADER,
    INTRODUCES,
    LETTER_HEADING,
    LETTERED,
    NUMBERED,
    SECTION,
    is_heading_like,
    without_markers,
)
from ..model import Node
from .processors import ParseState, Processor, new_node
from .repair import Block

# "…核准…临时议程如下。": an unnumbered paragraph that introduces a list.
_INTRODUCES_LIST = ("如下。", "如下：")
# A preambular paragraph ends with a comma or semicolon (footnote markers aside).
_PREAMBLE_ENDINGS = ("，", ",", "；")


def _instrument(st: ParseState) -> Node:
    assert st.instrument is not None
    return st.instrument


def _operatives(st: ParseState) -> list[Node]:
    return [c for c in _instrument(st).children if c.kind == "operative"]


def _lists_items(st: ParseState) -> bool:
    """Has the instrument begun a list of agenda items (a decision adopting an agenda)?"""
    return any(c.kind == "agenda-item" for c in _instrument(st).children)


class InstrumentTitle(Processor):
    """The line after the header, unless it is the formula: the title (保护文化财产)."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return not _instrument(st).text and not FORMULA.match(block.text)

    def run(self, st: ParseState, block: Block) -> None:
        res = _instrument(st)
        res.text = block.text
        res.line = res.line or block.line


class Formula(Processor):
    """The formula that opens the instrument (联合国打击跨国有组织犯罪公约缔约方会议，…), once."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return bool(FORMULA.match(block.text)) and not any(c.role == "formula" for c in _instrument(st).children)

    def run(self, st: ParseState, block: Block) -> None:
        _instrument(st).children.append(new_node("preamble", block, block.text, role="formula"))


class ListedItem(Processor):
    """A numbered item of the agenda a decision adopts: once a list has
    begun, or after an operative paragraph that introduces it (…如下：)
    when the number does not continue the operative paragraphs."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        m = NUMBERED.match(block.text)
        if m is None:
            return False
        ops = _operatives(st)
        introducing = bool(ops) and ops[-1].text.endswith(INTRODUCES) and not ops[-1].children
        return _lists_items(st) or (introducing and m.group(1) != str(len(ops) + 1))

    def run(self, st: ParseState, block: Block) -> None:
        m = NUMBERED.match(block.text)
        st.agenda_item = new_node("agenda-item", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        _instrument(st).children.append(st.agenda_item)


class ListedSubItem(Processor):
    """A sub-item of that agenda: lettered, or a bullet taking the next letter."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return _lists_items(st) and bool(block.bullet_depth or LETTERED.match(block.text))

    def run(self, st: ParseState, block: Block) -> None:
        lm = LETTERED.match(block.text)
        key = lm.group(1) if lm else chr(ord("a") + len(st.agenda_item.children))
        st.agenda_item.children.append(new_node("agenda-item", block, lm.group(2) if lm else block.text,
                                                label=f"({key})", key=key))


class OperativeParagraph(Processor):
    """A numbered operative paragraph (1. 促请各国；)."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return NUMBERED.match(block.text) is not None

    def run(self, st: ParseState, block: Block) -> None:
        m = NUMBERED.match(block.text)
        op = new_node("operative", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        _instrument(st).children.append(op)
        st.open.paragraph, st.open.sub = op, None


class OperativeSubParagraph(Processor):
    """A lettered sub-paragraph of the operative paragraph above, which
    introduces it (2. 请秘书处： ⏎ (a) 收集数据；)."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        para = st.open.paragraph
        return LETTERED.match(block.text) is not None and para is not None and para.kind == "operative" \
            and para.text.endswith(INTRODUCES)

    def run(self, st: ParseState, block: Block) -> None:
        lm = LETTERED.match(block.text)
        st.open.paragraph.children.append(new_node("subparagraph", block, lm.group(2),
                                                   label=f"({lm.group(1)})", key=lm.group(1)))


class LetteredOperative(Processor):
    """A lettered operative paragraph of a decision without numbers ((a) 决定举行五个工作日；)."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return LETTERED.match(block.text) is not None

    def run(self, st: ParseState, block: Block) -> None:
        lm = LETTERED.match(block.text)
        _instrument(st).children.append(new_node("operative", block, lm.group(2), label=f"({lm.group(1)})",
                                                 key=lm.group(1)))


class ListTitle(Processor):
    """A heading among the operative paragraphs (the title of the agenda a
    decision adopts: 临时议程)."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return bool(_operatives(st)) and is_heading_like(block.text)

    def run(self, st: ParseState, block: Block) -> None:
        _instrument(st).children.append(new_node("heading", block, block.text, role="list-title"))


class UnnumberedOperative(Processor):
    """A second unnumbered operative paragraph, after an unnumbered one."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        ops = _operatives(st)
        return bool(ops) and not ops[-1].label

    def run(self, st: ParseState, block: Block) -> None:
        key = str(len(_operatives(st)) + 1)
        _instrument(st).children.append(new_node("operative", block, block.text, key=key))


class TextAfterOperatives(Processor):
    """Unlabelled text after numbered operative paragraphs: a paragraph."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return bool(_operatives(st))

    def run(self, st: ParseState, block: Block) -> None:
        _instrument(st).children.append(new_node("paragraph", block, block.text, role="other"))


class IntroducingOperative(Processor):
    """"…核准…临时议程如下。": an unnumbered operative paragraph that
    introduces a list."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return block.text.endswith(_INTRODUCES_LIST)

    def run(self, st: ParseState, block: Block) -> None:
        _instrument(st).children.append(new_node("operative", block, block.text, key="1"))


def _opens_labelled_part(block: Block | None) -> bool:
    """Is ``block`` numbered, a header or a section heading (what ends the preamble)?"""
    if block is None:
        return True
    return any(label.match(block.text) for label in (NUMBERED, INSTRUMENT_HEADER, ANNEX_HEADER,
                                                        LETTER_HEADING, SECTION))


class Preamble(Processor):
    """A preambular paragraph: it ends with a comma or semicolon, or
    unlabelled text follows it (回顾其决议，)."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return without_markers(block.text).endswith(_PREAMBLE_ENDINGS) or not _opens_labelled_part(st.following)

    def run(self, st: ParseState, block: Block) -> None:
        _instrument(st).children.append(new_node("preamble", block, block.text))


class LoneOperative(Processor):
    """The last unnumbered paragraph, ending the instrument: its only
    operative paragraph (a resolution with a lone operative paragraph)."""

    region = "instrument"

    def test(self, st: ParseState, block: Block) -> bool:
        return True

    def run(self, st: ParseState, block: Block) -> None:
        _instrument(st).children.append(new_node("operative", block, block.text, key="1"))
