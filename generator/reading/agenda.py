"""Block processors of an agenda document: the provisional agenda (numbered
or bulleted items with sub-items) and its annotations (a heading per item
and sub-item, paragraphs, lists of documents)."""

from __future__ import annotations

from ..grammar.labels import DOCUMENTS_HEADING, LETTERED, NUMBERED, is_heading_like
from .processors import ParseState, Processor, new_node
from .repair import Block


class AgendaItem(Processor):
    """A numbered item of the provisional agenda (3. 技术援助。)."""

    region = "agenda"

    def test(self, st: ParseState, block: Block) -> bool:
        return NUMBERED.match(block.text) is not None and not block.bullet_depth

    def run(self, st: ParseState, block: Block) -> None:
        m = NUMBERED.match(block.text)
        st.agenda_count = int(m.group(1))
        st.agenda_item = new_node("agenda-item", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        st.body.append(st.agenda_item)


def _is_sub_item(block: Block) -> bool:
    """A lettered line ((a) 开幕；), or a nested bullet the extraction made of one."""
    return block.bullet_depth >= 2 or LETTERED.match(block.text) is not None


class AgendaSubItem(Processor):
    """A sub-item of the agenda item above it: lettered, or a nested bullet
    that takes the next letter."""

    region = "agenda"

    def test(self, st: ParseState, block: Block) -> bool:
        return _is_sub_item(block) and st.agenda_item is not None

    def run(self, st: ParseState, block: Block) -> None:
        parent = st.agenda_item
        lm = LETTERED.match(block.text)
        if lm:
            key, rest = lm.group(1), lm.group(2)
        else:
            key, rest = chr(ord("a") + len(parent.children)), block.text
        parent.children.append(new_node("agenda-item", block, rest, label=f"({key})", key=key,
                                        role="" if lm else "inferred"))


class AgendaBullet(Processor):
    """A top-level bullet: an agenda item whose number the extraction turned
    into ``- ``; it takes the next number."""

    region = "agenda"

    def test(self, st: ParseState, block: Block) -> bool:
        return block.bullet_depth == 1 and not _is_sub_item(block)

    def run(self, st: ParseState, block: Block) -> None:
        st.agenda_count += 1
        st.agenda_item = new_node("agenda-item", block, block.text, label=f"{st.agenda_count}.",
                                  key=str(st.agenda_count), role="inferred")
        st.body.append(st.agenda_item)


class AgendaText(Processor):
    """Any other line of the agenda (a sub-item before any item included):
    an unnumbered paragraph."""

    region = "agenda"

    def test(self, st: ParseState, block: Block) -> bool:
        return True

    def run(self, st: ParseState, block: Block) -> None:
        st.body.append(new_node("paragraph", block, block.text, role="unnumbered"))


class AnnotatedItem(Processor):
    """The heading of an annotated agenda item (1. 组织事项)."""

    region = "annotations"

    def test(self, st: ParseState, block: Block) -> bool:
        m = NUMBERED.match(block.text)
        return m is not None and is_heading_like(m.group(2))

    def run(self, st: ParseState, block: Block) -> None:
        m = NUMBERED.match(block.text)
        st.item = new_node("item", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        st.agenda_item = st.item
        st.docs = st.open.paragraph = None
        st.body.append(st.item)


class AnnotatedSubItem(Processor):
    """The heading of an annotated sub-item ((c) 通过议程) of the item above."""

    region = "annotations"

    def test(self, st: ParseState, block: Block) -> bool:
        m = LETTERED.match(block.text)
        return m is not None and is_heading_like(m.group(2)) and st.agenda_item is not None

    def run(self, st: ParseState, block: Block) -> None:
        m = LETTERED.match(block.text)
        st.item = new_node("item", block, m.group(2), label=f"({m.group(1)})",
                           key=f"{st.agenda_item.key}-{m.group(1)}")
        st.docs = st.open.paragraph = None
        st.body.append(st.item)


class TextBeforeAnnotatedItems(Processor):
    """Text of the annotations before the first item: an unnumbered paragraph."""

    region = "annotations"

    def test(self, st: ParseState, block: Block) -> bool:
        return st.item is None

    def run(self, st: ParseState, block: Block) -> None:
        st.body.append(new_node("paragraph", block, block.text, role="unnumbered"))


class DocumentsHeading(Processor):
    """文件: the list of documents of the item; the lines after it are its entries."""

    region = "annotations"

    def test(self, st: ParseState, block: Block) -> bool:
        return block.text == DOCUMENTS_HEADING

    def run(self, st: ParseState, block: Block) -> None:
        st.docs = new_node("documents", block, block.text)
        st.item.children.append(st.docs)
        st.open.paragraph = None


class DocumentEntry(Processor):
    """An entry of the list of documents (临时议程说明（CTOC/COP/2024/1）)."""

    region = "annotations"

    def test(self, st: ParseState, block: Block) -> bool:
        return st.docs is not None

    def run(self, st: ParseState, block: Block) -> None:
        st.docs.children.append(new_node("documents", block, block.text, role="entry"))


class ItemParagraph(Processor):
    """A paragraph of the annotation of the item above."""

    region = "annotations"

    def test(self, st: ParseState, block: Block) -> bool:
        return True

    def run(self, st: ParseState, block: Block) -> None:
        st.open.paragraph = new_node("paragraph", block, block.text, role="item-para")
        st.item.children.append(st.open.paragraph)
