"""The numbering pass: every element's contract id (CONTRACT.md, "Anchor
ids"), Akoma Ntoso eId and place in a citation, by the numbering table
(``generator/numbering.py``), in one walk of the parsed document.

Ids come from the document's own numbering, so the same paragraph has the
same id in every build; what has no number of its own is counted among its
siblings. The footnotes are numbered first and linked to the references in
the text (``footnotes.link_footnotes``), so that a heading's place quotes
its own words without them; then the body, in document order; then a place
two elements share is told apart by its occurrence.
"""

from __future__ import annotations

import copy
from collections import Counter

from ..grammar.citations import ADOPTING_BODY
from ..grammar.numerals import superscript_digits
from ..instruments import BY_KIND, key_number, printed
from ..model import Document, Footnote, Node
from ..numbering import (
    FOOTNOTE,
    FOOTNOTE_AGAIN,
    REFERENCE,
    REFERENCE_AGAIN,
    Number,
    Place,
    Row,
    as_element,
    counted,
    row_for,
)
from .contents import link_contents
from .footnotes import link_footnotes

_TOP = Number()


def number_document(doc: Document) -> None:
    """Number ``doc``'s footnotes and link their references, then number
    its body; link the document's own contents to the ids given."""
    walk = _Walk(doc)
    walk.footnotes()
    link_footnotes(doc)
    walk.body()
    _tell_apart([*(n for n in doc.walk() if n.place), *(fn for fn in doc.footnotes if fn.place)])
    link_contents(doc)


def numbered(doc: Document) -> Document:
    """``doc`` with what the numbering pass gives each element: as the
    reading stage hands it over, numbered already. A document built by hand
    (by a tool or a test: its ids given, or not) keeps its ids and spans
    and takes the rest from a numbered copy of itself."""
    if all(node.row is not None for node in doc.walk()) and all(fn.place is not None for fn in doc.footnotes):
        return doc
    twin = copy.deepcopy(doc)
    number_document(twin)
    for mine, theirs in zip(doc.walk(), twin.walk(), strict=True):
        mine.id = mine.id or theirs.id
        mine.eid, mine.place, mine.row = theirs.eid, theirs.place, theirs.row
    for mine, theirs in zip(doc.footnotes, twin.footnotes, strict=True):
        mine.id = mine.id or theirs.id
        mine.eid, mine.place, mine.reference = theirs.eid, theirs.place, theirs.reference
        # Its references as the spans of the text give them, a reference
        # in the front matter first.
        href = f"#{mine.id}"
        mine.refs = [span.anchor_id for node in doc.walk() for span in node.spans
                     if span.role == "footnote-ref" and span.href == href and span.anchor_id]
        if mine.ref_id and mine.ref_id not in mine.refs:
            mine.refs.insert(0, mine.ref_id)
        mine.ref_eid = theirs.ref_eid if mine.ref_id else ""
    return doc


def printed_number(label: str) -> str:
    """A printed number without its full stop: ``12.`` -> ``12``, ``一.`` -> ``一``."""
    return label.strip().rstrip(".．、").strip()


def own_words(node: Node) -> str:
    """A heading's words as a citation quotes them: its text without the
    references to footnotes printed in it ("…通过的¹⁰建议" is quoted "…通过的
    建议"): a footnote marker is the page's apparatus, not the heading's words."""
    text = node.text
    for span in sorted((s for s in node.spans if s.role == "footnote-ref"), key=lambda s: -s.start):
        text = text[:span.start] + text[span.end:]
    return text.strip()


def _forms(node: Node) -> set[str]:
    """What a node has, as the table's rows ask (``Row.form``)."""
    label = node.label.strip()
    forms = {"letter" if label.startswith("(") else "number"} if label else {"none"}
    if node.key:
        forms |= {"key", "digit" if node.key.isdigit() else "letter-key"}
    if node.kind == "heading" and node.key and label and node.level in (1, 2, 3):
        forms.add(f"level{node.level}")
    return forms


class _Walk:
    """Hands out ids, keeping them unique within the page, and counts the
    siblings each row counts."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.used: set[str] = set()
        self.counts: Counter[tuple[object, str]] = Counter()
        self.item: tuple[Node, Number] | None = None  # the annotated agenda item above

    def take(self, number: Number, line: int = 0) -> tuple[Number, int]:
        """``number``, or its second (third…) occurrence when an element
        took it already; and which occurrence it is."""
        wanted, occurrence = number, 1
        while number.id in self.used:
            occurrence += 1
            number = wanted.again(occurrence)
        if occurrence > 1:
            where = f"line {line}: " if line else ""
            self.doc.warnings.append(f"{where}duplicate numbering; anchor {wanted.id} given as {number.id}")
        self.used.add(number.id)
        return number, occurrence

    def count(self, scope: object, row: Row) -> tuple[int, int]:
        """({k}, {c}) of the next sibling ``row`` numbers in ``scope``."""
        k = c = 0
        if row.counts:
            self.counts[scope, row.counts] += 1
            k = c = self.counts[scope, row.counts]
        if row.tally:
            self.counts[scope, row.tally] += 1
            c = self.counts[scope, row.tally]
        return k, c

    # -- the body ----------------------------------------------------------

    def body(self) -> None:
        """The top of the document: each element below the section heading
        above it (an unnumbered one is numbered in that section), a
        sub-item of an agenda's annotations below the item before it."""
        sections: list[tuple[Number, Place]] = []  # the section headings above, by level
        for node in self.doc.body:
            forms = _forms(node)
            level = next((int(form[-1]) for form in forms if form.startswith("level")), 0)
            if level:
                del sections[level - 1:]
            section, at = sections[-1] if sections else (_TOP, Place(""))
            row = row_for("section" if sections else "document", node.kind, node.role, forms)
            parent = section
            if "{letter}" in row.id:
                parent = self.item[1] if self.item else Number("item", "item", row.below)
            number = self.element(node, row, parent, at, ("section", section.id))
            if level:
                sections.append((number, node.place))
            if node.kind == "item" and "number" in forms:
                self.item = (node, number)

    def element(self, node: Node, row: Row, parent: Number, at: Place, scope: object) -> Number:
        """Number ``node`` by ``row`` below ``parent`` (placed at ``at``;
        its siblings counted in ``scope``), then its children."""
        k, c = self.count(scope, row)
        values = {"key": node.key, "k": str(k)}
        if "{letter}" in row.id:
            values["letter"] = node.key.removeprefix(f"{self.item[0].key}-") if self.item else node.key
        number, _ = self.take(parent.part(row, **values), node.line)
        node.id, node.eid, node.row = number.id, number.eid, as_element(row, node.kind, node.role)
        node.place = self.place(node, row, at, c)
        for child in node.children:
            self.element(child, row_for(row.inner, child.kind, child.role, _forms(child)), number,
                         node.place or at, ("node", id(node)))
        return number

    def place(self, node: Node, row: Row, at: Place, c: int) -> Place | None:
        if not row.cite:
            return None
        number = printed_number(node.label)
        values = {"at": at.text, "sep": "，" if at.text else "", "n": number, "label": node.label.strip(),
                  "annex": number or "附件", "c": counted(c), "key": node.key,
                  "unit": "目" if at.text.endswith("项") else "项", "under": "下" if at.text.endswith("”") else "，",
                  "item": printed_number(self.item[0].label) if self.item else ""}
        if "{words}" in row.cite:
            values["words"] = own_words(node)
        if "{instrument}" in row.cite:
            values["instrument"] = f"{ADOPTING_BODY}{printed(node.kind, key_number(node.key))}"
        return Place(row.cite.format(**values), at.instrument or node.kind in BY_KIND,
                     counted(c) if "{c}" in row.cite else "")

    # -- the footnotes -----------------------------------------------------

    def footnotes(self) -> None:
        """Each footnote by its marker; one whose number an earlier one took,
        in the document's annex before it (footnote numbering starts again
        there), where there is one."""
        annexes = [n for n in self.doc.body if n.kind == "annex"]
        annex_row = row_for("document", "annex", "", {"none"})
        seen: set[str] = set()
        for fn in self.doc.footnotes:
            digits = superscript_digits(fn.marker)
            key = f"star{len(fn.marker)}" if fn.marker.startswith("*") else digits
            before = [a for a in annexes if a.line < fn.line]
            if key in seen and before:
                parent = _TOP.part(annex_row, key=before[-1].key)
                at, row, reference = Place(printed_number(before[-1].label) or "附件"), FOOTNOTE_AGAIN, REFERENCE_AGAIN
            else:
                parent, at, row, reference = _TOP, Place(""), FOOTNOTE, REFERENCE
            seen.add(key)
            number, occurrence = self.take(parent.part(row, key=key), fn.line)
            fn.id, fn.eid = number.id, number.eid
            fn.place = Place(row.cite.format(at=at.text, n=digits))
            fn.reference = parent.part(reference, key=key)
            if occurrence > 1:
                fn.reference = fn.reference.again(occurrence)


def _tell_apart(elements: list[Node | Footnote]) -> None:
    """A place two elements share (a number the document repeats) is told
    apart by its occurrence, a counted number too: ``第 5 段（第 [2] 处）``."""
    seen: Counter[Place] = Counter()
    for element in elements:
        place = element.place
        seen[place] += 1
        if seen[place] > 1:
            element.place = Place(f"{place.text}（第 {counted(seen[place])} 处）", place.instrument, place.counted)


