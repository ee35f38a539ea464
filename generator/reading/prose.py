"""Block processors of the prose of a report and of its annexes: numbered
paragraphs with their lettered sub-paragraphs and roman items, headings,
and the lists a paragraph's colon introduces (an agenda quoted in a
report)."""

from __future__ import annotations

from ..grammar.labels import INTRODUCES, LETTERED, NUMBERED, ROMAN_ITEM, is_heading_like
from ..model import Node
from .processors import OpenParagraph, ParseState, Processor, new_node
from .repair import Block


def _in_annex(st: ParseState) -> bool:
    return st.annex is not None


def _nested_target(st: ParseState) -> Node:
    """Where an item of a nested list goes: under its heading, or the paragraph."""
    target = st.open.nested_heading or st.open.nested
    assert target is not None
    return target


class AnnexTitle(Processor):
    """The line after an annex header, unless numbered or lettered: the annex's title."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return _in_annex(st) and not st.annex.children \
            and not (NUMBERED.match(block.text) or LETTERED.match(block.text))

    def run(self, st: ParseState, block: Block) -> None:
        st.annex.children.append(new_node("heading", block, block.text, level=4, role="annex-title"))


class NestedNumberedItem(Processor):
    """A numbered item of a list nested in a paragraph (81. …议程如下： ⏎
    1. 组织事项：): its number does not continue the paragraphs."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        m = NUMBERED.match(block.text)
        return m is not None and st.open.nested is not None and int(m.group(1)) != st.next_para

    def run(self, st: ParseState, block: Block) -> None:
        m = NUMBERED.match(block.text)
        node = new_node("paragraph", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1), role="nested-item")
        _nested_target(st).children.append(node)
        st.open.sub = node


class NumberedParagraph(Processor):
    """A numbered paragraph: the next number, or any number on a line that
    reads as prose (a skipped or repeated number warns). A colon at its end
    introduces a nested list, unless lettered sub-paragraphs follow."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        m = NUMBERED.match(block.text)
        return m is not None and (int(m.group(1)) == st.next_para or not is_heading_like(m.group(2)))

    def run(self, st: ParseState, block: Block) -> None:
        m = NUMBERED.match(block.text)
        number, rest = int(m.group(1)), m.group(2)
        if number != st.next_para:
            st.warnings.append(f"line {block.line}: paragraph {number} where {st.next_para} was expected")
        st.open = OpenParagraph()
        st.open.paragraph = new_node("paragraph", block, rest, label=f"{m.group(1)}.", key=m.group(1),
                                     role="annex-para" if _in_annex(st) and st.instrument is None else "")
        st.container().append(st.open.paragraph)
        st.next_para = number + 1
        nxt = st.following
        if rest.endswith(INTRODUCES) and nxt is not None and not LETTERED.match(nxt.text):
            st.open.nested = st.open.paragraph


class NumberedHeading(Processor):
    """A short numbered line out of the paragraph sequence: a heading of the
    section (1. 审议情况 after paragraph 66)."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return NUMBERED.match(block.text) is not None

    def run(self, st: ParseState, block: Block) -> None:
        m = NUMBERED.match(block.text)
        st.open = OpenParagraph()
        st.container().append(new_node("heading", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1),
                                       level=3))


class NestedLetteredItem(Processor):
    """A lettered item of a nested list: under the nested numbered item
    above it, or, when there is none (headed groups of recommendations),
    under the paragraph itself, keeping its own letter."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return LETTERED.match(block.text) is not None and st.open.nested is not None

    def run(self, st: ParseState, block: Block) -> None:
        m = LETTERED.match(block.text)
        parent = st.open.sub if st.open.sub is not None else st.open.nested
        parent.children.append(new_node("subparagraph", block, m.group(2), label=f"({m.group(1)})", key=m.group(1)))


class SubParagraph(Processor):
    """A lettered sub-paragraph of the numbered paragraph above ((a) 甲；)."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return LETTERED.match(block.text) is not None and st.open.paragraph is not None

    def run(self, st: ParseState, block: Block) -> None:
        m = LETTERED.match(block.text)
        st.open.nested = None
        st.open.sub = new_node("subparagraph", block, m.group(2), label=f"({m.group(1)})", key=m.group(1))
        st.open.paragraph.children.append(st.open.sub)


class AnnexItem(Processor):
    """A lettered item of an annex outside any numbered paragraph (the
    recommendations annexed to a resolution)."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return LETTERED.match(block.text) is not None and _in_annex(st)

    def run(self, st: ParseState, block: Block) -> None:
        m = LETTERED.match(block.text)
        st.container().append(new_node("subparagraph", block, m.group(2), label=f"({m.group(1)})",
                                       key=m.group(1), role="annex-item"))


class RomanItem(Processor):
    """A roman item ((iv)) of the lettered sub-paragraph above."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return ROMAN_ITEM.match(block.text) is not None and st.open.sub is not None

    def run(self, st: ParseState, block: Block) -> None:
        m = ROMAN_ITEM.match(block.text)
        st.open.sub.children.append(new_node("subparagraph", block, m.group(2), label=f"({m.group(1)})",
                                             key=m.group(1)))


class BulletOfParagraph(Processor):
    """A ``- `` bullet of the one-line layout inside a numbered paragraph."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return bool(block.bullet_depth) and st.open.paragraph is not None

    def run(self, st: ParseState, block: Block) -> None:
        st.open.paragraph.children.append(new_node("paragraph", block, block.text, role="list-item"))


class NestedHeading(Processor):
    """A heading inside a nested list (the working group whose agenda
    follows): the items after it go under it."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return st.open.nested is not None and is_heading_like(block.text) and not block.bullet_depth

    def run(self, st: ParseState, block: Block) -> None:
        st.open.nested_heading = new_node("heading", block, block.text, role="nested-heading")
        st.open.nested.children.append(st.open.nested_heading)


class NestedText(Processor):
    """Unlabelled text inside a nested list: an item of it."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return st.open.nested is not None

    def run(self, st: ParseState, block: Block) -> None:
        _nested_target(st).children.append(new_node("paragraph", block, block.text, role="list-item"))


class SubHeading(Processor):
    """An unlabelled heading inside a run of lettered sub-paragraphs (the
    recommendations under a subject): it stays in that paragraph."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        para, nxt = st.open.paragraph, st.following
        return is_heading_like(block.text) and para is not None and bool(para.children) \
            and nxt is not None and LETTERED.match(nxt.text) is not None

    def run(self, st: ParseState, block: Block) -> None:
        st.open.paragraph.children.append(new_node("heading", block, block.text, role="subheading"))
        st.open.sub = None


class Heading(Processor):
    """A short unlabelled line: a heading of the body, or an annex's title."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return is_heading_like(block.text)

    def run(self, st: ParseState, block: Block) -> None:
        in_annex = _in_annex(st)
        st.open = OpenParagraph()
        st.container().append(new_node("heading", block, block.text, level=0 if not in_annex else 4,
                                       role="annex-title" if in_annex else ""))


class Continuation(Processor):
    """Unlabelled prose after a numbered paragraph: a paragraph of it."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return st.open.paragraph is not None

    def run(self, st: ParseState, block: Block) -> None:
        st.open.paragraph.children.append(new_node("paragraph", block, block.text, role="continuation"))


class UnnumberedParagraph(Processor):
    """Unlabelled prose outside any numbered paragraph."""

    region = "prose"

    def test(self, st: ParseState, block: Block) -> bool:
        return True

    def run(self, st: ParseState, block: Block) -> None:
        st.container().append(new_node("paragraph", block, block.text, role="unnumbered"))
