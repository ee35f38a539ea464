"""Attach footnotes to their markers in the text.

A footnote block sits at the foot of the page whose text carries its
markers, so a footnote's references are the occurrences of its marker after
the previous footnote block and before the footnote itself. The first one
gets the ``fnref-`` id (CONTRACT.md), each later one that id with its
count (``fnref-3-2``); a marker with no footnote stays plain text.
"""

from __future__ import annotations

import re

from ..grammar.numerals import SUPERSCRIPTS
from ..model import Document, Node, Span

_MARKER = re.compile(f"[{SUPERSCRIPTS}]+|\\*+")


def _occurrences(doc: Document) -> list[tuple[int, Node, int, int, str]]:
    found = []
    for node in doc.walk():
        for m in _MARKER.finditer(node.text):
            found.append((node.line, node, m.start(), m.end(), m.group()))
    return found


def _front_matter_markers(doc: Document) -> set[str]:
    """Asterisk markers printed in the front matter ("第十一届会议*")."""
    info = doc.info
    values = [info.session, info.session_dates, info.agenda_items, *info.agenda_lines, info.subtitle, info.title,
              *info.front_matter]
    return {m.group() for v in values for m in re.finditer(r"\*+", v)}


def link_footnotes(doc: Document) -> None:
    occurrences = _occurrences(doc)
    claimed: set[tuple[int, int]] = set()
    ordered = sorted(doc.footnotes, key=lambda f: f.line)
    # Footnotes a few lines apart form one block at the foot of one page;
    # the page's text runs from the end of the previous block to this one.
    block_start: dict[int, int] = {}
    page_start = 0
    previous_line = None
    for fn in ordered:
        if previous_line is not None and fn.line - previous_line > 3:
            page_start = previous_line
        block_start[id(fn)] = page_start
        previous_line = fn.line
    # A document's annex begins on a new page: its footnotes are referenced
    # from inside it only, and the body's from the body only.
    annex_starts = sorted(n.line for n in doc.body if n.kind == "annex")

    def region(line: int) -> int:
        return sum(1 for start in annex_starts if start <= line)

    for fn in ordered:
        count = 0
        for line, node, start, end, marker in occurrences:
            if marker != fn.marker or not (block_start[id(fn)] <= line <= fn.line):
                continue
            if region(line) != region(fn.line):
                continue
            if (id(node), start) in claimed:
                continue
            claimed.add((id(node), start))
            count += 1
            # Every later reference has its own id, for the footnote's way back.
            anchor = fn.reference if count == 1 else fn.reference.keyed(str(count))
            if count == 1:
                fn.ref_id, fn.ref_eid = anchor.id, anchor.eid
            fn.refs.append(anchor.id)
            node.spans.append(Span(start, end, f"#{fn.id}", "footnote-ref", anchor_id=anchor.id,
                                   anchor_eid=anchor.eid))
    # Footnotes of the front matter are referenced from the header block.
    header = _front_matter_markers(doc)
    for fn in doc.footnotes:
        if not fn.ref_id and fn.marker in header:
            fn.ref_id, fn.ref_eid = fn.reference.id, fn.reference.eid
            fn.refs.append(fn.ref_id)
