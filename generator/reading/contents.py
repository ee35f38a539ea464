"""A document's own table of contents: its entries, and the element of the
page each one names.

The repair stage takes the contents out of the text (``目录`` ⏎ ``页次`` ⏎
``一. 缔约方会议通过的决议和决定 ⇥ 4`` …, dot leaders and page numbers); here
each line becomes an entry: its label as printed (``一.``, ``A.``, ``1.``,
``11/1.``, none), its title (the spaces the PDF's wrapping left between Han
characters taken out, as in a title), its page. An entry is the report's
navigation, not text of its own: it gets no id, and links to the element it
names, found by reading the page's headings, resolutions, decisions and
annexes in order, each matched by its label and its own words.
"""

from __future__ import annotations

import re

from ..grammar.labels import ANNEX_HEADER, LETTER_HEADING, NUMBERED, SECTION
from ..grammar.numerals import SUPERSCRIPTS
from ..instruments import BY_KIND, key_number
from ..model import ContentsEntry, Document, Node
from .repair import unwrap_han

# "标题.....⇥ 31", "标题 ⇥ 50", "附件 ⇥": dot leaders, a tab, the page number.
_PAGE = re.compile(r"(?:\s*(?:\.{3,}|…{2,}))?\s*\t\s*(\d*)\s*$|\s*(?:\.{3,}|…{2,})\s*(\d+)\s*$")
# "11/1. 执行…": a resolution or decision listed by its number.
_INSTRUMENT = re.compile(r"^(\d+\s*/\s*\d+)\s*\.\s*(.*)$")
_MARKERS = re.compile(rf"[{SUPERSCRIPTS}]+|\*+")


def contents_entries(lines: list[tuple[str, int]]) -> list[ContentsEntry]:
    """The entries of the contents' lines (text, source line). A line with
    no page number and no label of an annex wraps into the next one."""
    entries: list[ContentsEntry] = []
    pending = ""
    pending_line = 0
    for raw, line in lines:
        page = _PAGE.search(raw)
        text = (raw[: page.start()] if page else raw).strip()
        number = next((g for g in (page.groups() if page else ()) if g), "")
        if page is None and not ANNEX_HEADER.match(text):
            pending, pending_line = (f"{pending} {text}".strip(), pending_line or line)
            continue
        if pending:
            text, line = f"{pending} {text}", pending_line
            pending, pending_line = "", 0
        entries.append(_entry(text, number, line, entries))
    if pending:
        entries.append(_entry(pending, "", pending_line, entries))
    return entries


def _entry(text: str, page: str, line: int, before: list[ContentsEntry]) -> ContentsEntry:
    """One entry: its label, its title and how deep it stands."""
    instrument = _INSTRUMENT.match(text)
    if instrument:
        number = re.sub(r"\s", "", instrument.group(1))
        return ContentsEntry(f"{number}.", unwrap_han(instrument.group(2)).strip(), page, line, 3)
    for label, level in ((SECTION, 1), (LETTER_HEADING, 2), (NUMBERED, 3)):
        found = label.match(text)
        if found:
            printed = text[: found.start(found.lastindex)].strip()
            return ContentsEntry(printed, unwrap_han(found.group(found.lastindex)).strip(), page, line, level)
    if ANNEX_HEADER.match(text):
        return ContentsEntry("", text, page, line, 1)
    # An unnumbered heading stands below the last numbered one.
    above = next((e.level for e in reversed(before) if e.label or ANNEX_HEADER.match(e.title)), 0)
    return ContentsEntry("", unwrap_han(text).strip(), page, line, min(above + 1, 3))


def _flat(text: str) -> str:
    """Words compared: no whitespace, no footnote markers, no full stop after a label."""
    return re.sub(r"\s+", "", _MARKERS.sub("", text))


def _names(node: Node) -> list[str]:
    """How the contents may name an element: its label and its words, or its words alone."""
    if node.kind in BY_KIND:
        return [_flat(f"{key_number(node.key)}.{node.text}")]
    if node.kind == "annex":
        return [_flat(node.label)]
    return [_flat(f"{node.label}{node.text}")] if node.label else [_flat(node.text)]


def _is_named(node: Node) -> bool:
    """The elements a table of contents lists: headings (numbered or not),
    resolutions, decisions, annexes and the titles of annexes."""
    return node.id != "" and (node.kind in ("heading", *BY_KIND, "annex")
                              or node.role in ("annex-title", "subheading"))


def link_contents(doc: Document) -> None:
    """Give each entry of the contents the id of the element it names: the
    first such element after the one the entry before it named, in
    document order (the contents list the report in its order)."""
    elements = [n for n in doc.walk() if _is_named(n)]
    at = 0
    for entry in doc.contents:
        wanted = _flat(f"{entry.label}{entry.title}")
        for k in range(at, len(elements)):
            if wanted in _names(elements[k]):
                entry.target = elements[k].id
                at = k + 1
                break
