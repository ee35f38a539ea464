"""The one home of citation text: how a reader cites a document and each
of its anchored elements, in the UN's Chinese style.

A citation is built from the document's structure (the node tree and the
numbering printed in it), never by reading an id back: ``第 12 段``,
``第 7 段(a)项(ii)目``, ``缔约方会议第 11/4 号决议，序言部分第 [2] 段``,
``项目 4 说明第 [1] 段``, ``附件一，表第 [3] 行``, ``脚注 5``. What has no
number of its own is cited by its place among its unnumbered siblings
(``第 [2] 个未编号段落``) or, for a heading, by its own words.

A number the document does not print (a preambular paragraph, an
unnumbered paragraph of an annotation, a table row, the second place
a repeated number stands) is counted here, and every counted number is
written in square brackets (``COUNTED``): the citation never passes a
count off as the document's own numbering, and the page shows the same
bracketed number beside the element (``Place.counted``).

Elements of a resolution or decision are cited with the body that adopted
it and, in the full citation, the document that holds it:
``缔约方会议第 11/4 号决议，第 17 段（载于 CTOC/COP/2022/…）``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..grammar.bodies import BODIES as BODY_TABLE
from ..grammar.citations import DEFAULT_BODY
from ..grammar.numerals import superscript_digits
from ..model import Document, DocumentInfo, Footnote, Node

# The body whose reports these are adopted the instruments they hold.
ADOPTING_BODY = BODY_TABLE[DEFAULT_BODY].short
_KIND_NAMES = {"resolution": "决议", "decision": "决定"}
_UNNUMBERED_HEADINGS = ("annex-title", "list-title", "nested-heading", "subheading")


@dataclass(frozen=True)
class Place:
    """Where an element stands: ``text`` as a citation names it inside its
    document (empty for the document itself), ``instrument`` when it is
    inside a resolution or decision (which is then cited first);
    ``counted``: the element's own number when the document does not print
    it and it was counted (``[6]``), shown beside the element."""

    text: str
    instrument: bool = False
    counted: str = ""


def counted(number: int) -> str:
    """How a citation writes a number the document does not print: ``[6]``.
    The one agreed form (README, "Reading and citing")."""
    return f"[{number}]"


def document_name(info: DocumentInfo) -> str:
    """How a citation names a document: its symbol, else its title in
    book-title marks, else its page name."""
    if info.symbol:
        return info.symbol
    if info.title:
        return f"《{info.title}》"
    return info.slug


def cite(info: DocumentInfo, place: Place | None) -> str:
    """The full citation of an element at ``place`` of the document ``info``."""
    name = document_name(info)
    if place is None or not place.text:
        return name
    if place.instrument:
        return f"{place.text}（载于{name if name.startswith('《') else f' {name}'}）"
    return f"{name}，{place.text}"


def short_label(info: DocumentInfo, place: Place | None) -> str:
    """A link's text for an element: the citation without the document that
    holds a resolution (the resolution names itself)."""
    if place is not None and place.instrument:
        return place.text
    return cite(info, place)


def _number(label: str) -> str:
    """A printed number without its full stop: ``12.`` -> ``12``, ``一.`` -> ``一``."""
    return label.strip().rstrip(".．、").strip()


class _Places:
    """Places of every anchored element of one document, in document order."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.places: dict[str, Place] = {}

    def put(self, node_id: str, place: Place) -> None:
        if node_id:
            self.places[node_id] = place

    # -- the body ---------------------------------------------------------

    def body(self) -> None:
        section: list[str] = []  # the numbered headings above: 第四章, B 节, 第 1 小节
        unnumbered: Counter[str] = Counter()
        item = ""  # the agenda item whose annotation is being read
        for node in self.doc.body:
            where = "".join(section)
            if node.kind == "heading" and node.label and node.level in (1, 2, 3):
                section[:] = section[: node.level - 1] + [_section_step(node)]
                self.put(node.id, Place("".join(section)))
                continue
            if node.kind == "heading":
                self.put(node.id, Place(_join(where, f"标题“{own_words(node)}”")))
            elif node.kind in ("resolution", "decision"):
                self.instrument(node, "")
                continue
            elif node.kind == "annex":
                self.annex(node, Place(_number(node.label) or "附件"))
                continue
            elif node.kind == "agenda-item":
                self.numbered_items(node, "临时议程项目 ", Place(""))
                continue
            elif node.kind == "item":
                if node.label and not node.label.startswith("("):
                    item = _number(node.label)
                    name = f"项目 {item}"
                else:
                    name = f"项目 {item}{node.label.strip()}"
                self.annotation(node, name)
                continue
            elif node.label and node.key:
                self.put(node.id, Place(f"第 {_number(node.label)} 段"))
            else:
                unnumbered[where] += 1
                number = counted(unnumbered[where])
                self.put(node.id, Place(_join(where, f"第 {number} 个未编号段落"), counted=number))
            self.children(node, self.places.get(node.id, Place(where)))

    def children(self, parent: Node, at: Place) -> None:
        """The elements nested in ``parent`` (cited at ``at``)."""
        counts: Counter[str] = Counter()
        for child in parent.children:
            self.put(child.id, self.step(child, at, counts))
            self.children(child, self.places.get(child.id, at))

    def step(self, child: Node, at: Place, counts: Counter[str]) -> Place:
        """The place of one nested element below ``at``."""
        label = child.label.strip()
        if child.kind == "table-row":
            # Rows are counted with the header row, as their anchors are
            # (annex-1-row-25 is 表第 [25] 行).
            counts["row"] += 1
            number = counted(counts["row"])
            text = f"表第 {number} 行" + ("（表头）" if child.role == "header" else "")
            return Place(_join(at.text, text), at.instrument, number)
        if child.kind == "heading" or child.role in _UNNUMBERED_HEADINGS:
            return Place(_join(at.text, f"标题“{own_words(child)}”"), at.instrument)
        if label.startswith("(") and child.kind in ("subparagraph", "agenda-item", "operative"):
            # (a) below a paragraph is its 项, (ii) below (a) its 目.
            unit = "目" if at.text.endswith("项") else "项"
            return Place(f"{at.text}{label}{unit}", at.instrument)
        if label:
            # A numbered item under an unnumbered heading is listed below it.
            under = "下" if at.text.endswith("”") else "，"
            return Place(f"{at.text}{under}第 {_number(label)} 项", at.instrument)
        if child.role == "list-item":
            counts["list"] += 1
            number = counted(counts["list"])
            return Place(f"{at.text}所列第 {number} 项", at.instrument, number)
        if child.kind == "quote":
            # A quoted paragraph that carries its own number (a rule's “3. …”)
            # is cited by it; the others by their place among the quoted.
            counts["quote"] += 1
            if child.key.isdigit():
                return Place(f"{at.text}所引第 {child.key} 段", at.instrument)
            if child.key:
                return Place(f"{at.text}所引({child.key})项", at.instrument)
            number = counted(counts["quote"])
            return Place(f"{at.text}所引第 {number} 段", at.instrument, number)
        counts["other"] += 1
        number = counted(counts["other"])
        return Place(_join(at.text, f"第 {number} 个未编号段落"), at.instrument, number)

    # -- parts with a grammar of their own --------------------------------

    def instrument(self, node: Node, within: str) -> None:
        """A resolution or decision: its formula, preamble, operative
        paragraphs, listed agenda items and annexes."""
        name = f"{ADOPTING_BODY}第 {node.key.replace('-', '/')} 号{_KIND_NAMES[node.kind]}"
        name = _join(within, name)
        self.put(node.id, Place(name, True))
        preamble = 0
        counts: Counter[str] = Counter()
        for child in node.children:
            if child.role == "formula":
                place = Place(f"{name}，起首语", True)
            elif child.kind == "preamble":
                preamble += 1
                number = counted(preamble)
                place = Place(f"{name}，序言部分第 {number} 段", True, number)
            elif child.kind == "operative":
                label = child.label.strip()
                if label.startswith("("):
                    text = f"{label}段"
                elif label:
                    text = f"第 {_number(label)} 段"
                else:
                    text = "执行部分"
                place = Place(f"{name}，{text}", True)
            elif child.kind == "annex":
                self.annex(child, Place(f"{name}，{_number(child.label) or '附件'}", True))
                continue
            elif child.kind == "agenda-item":
                place = Place(f"{name}，所载临时议程项目 {_number(child.label)}", True)
                self.put(child.id, place)
                for sub in child.children:  # its sub-items: 项目 1(a)
                    self.put(sub.id, Place(f"{place.text}{sub.label.strip()}", True))
                continue
            else:
                place = self.step(child, Place(name, True), counts)
            self.put(child.id, place)
            self.children(child, place)

    def annex(self, node: Node, at: Place) -> None:
        self.put(node.id, at)
        counts: Counter[str] = Counter()
        for child in node.children:
            if child.kind in ("resolution", "decision"):
                self.instrument(child, at.text)
                continue
            if child.kind == "paragraph" and child.key and child.label:
                place = Place(f"{at.text}，第 {_number(child.label)} 段", at.instrument)
            elif child.kind == "subparagraph" and child.label:
                place = Place(f"{at.text}，{child.label.strip()}段", at.instrument)
            else:
                place = self.step(child, at, counts)
            self.put(child.id, place)
            self.children(child, place)

    def numbered_items(self, node: Node, prefix: str, at: Place) -> None:
        """An item of a provisional agenda and its sub-items: 临时议程项目 2(b)."""
        text = f"{prefix}{_number(node.label)}"
        self.put(node.id, Place(text))
        counts: Counter[str] = Counter()  # the item's unnumbered children, counted in order
        for child in node.children:
            if child.kind == "agenda-item":
                self.put(child.id, Place(f"{text}{child.label.strip()}"))
                self.children(child, Place(f"{text}{child.label.strip()}"))
            else:
                self.put(child.id, self.step(child, Place(text), counts))

    def annotation(self, node: Node, name: str) -> None:
        """The annotation of agenda item ``name``: its paragraphs and its
        list of documents."""
        text = f"{name} 说明"
        self.put(node.id, Place(text))
        paragraphs = 0
        for child in node.children:
            if child.kind == "documents":
                docs = f"{text}所列文件"
                self.put(child.id, Place(docs))
                for j, entry in enumerate(child.children, 1):
                    self.put(entry.id, Place(f"{docs}第 {counted(j)} 项", counted=counted(j)))
                continue
            paragraphs += 1
            place = Place(f"{text}第 {counted(paragraphs)} 段", counted=counted(paragraphs))
            self.put(child.id, place)
            self.children(child, place)

    def footnotes(self) -> None:
        annexes = [n for n in self.doc.body if n.kind == "annex"]
        seen: set[str] = set()
        for fn in self.doc.footnotes:
            marker = superscript_digits(fn.marker)
            text = f"脚注 {marker}"
            if marker in seen and annexes:
                # Numbering starts again in the document's annex.
                before = [a for a in annexes if a.line < fn.line]
                if before:
                    text = f"{_number(before[-1].label) or '附件'}，{text}"
            seen.add(marker)
            self.put(fn.id, Place(text))


def own_words(node: Node) -> str:
    """A heading's words as a citation quotes them: its text without the
    references to footnotes printed in it ("…通过的¹⁰建议" is quoted "…通过的
    建议"): a footnote marker is the page's apparatus, not the heading's words."""
    text = node.text
    for span in sorted((s for s in node.spans if s.role == "footnote-ref"), key=lambda s: -s.start):
        text = text[:span.start] + text[span.end:]
    return text.strip()


def _section_step(node: Node) -> str:
    number = _number(node.label)
    return {1: f"第{number}章", 2: f" {number} 节", 3: f"第 {number} 小节"}[node.level]


def _join(where: str, text: str) -> str:
    return f"{where}，{text}" if where else text


def _made_unique(places: dict[str, Place]) -> dict[str, Place]:
    """A place two elements share (a number the document repeats) is told
    apart by its occurrence, a counted number too: ``第 5 段（第 [2] 处）``."""
    seen: Counter[Place] = Counter()
    out: dict[str, Place] = {}
    for node_id, place in places.items():
        seen[place] += 1
        if seen[place] > 1:
            place = Place(f"{place.text}（第 {counted(seen[place])} 处）", place.instrument, place.counted)
        out[node_id] = place
    return out


def document_places(doc: Document) -> dict[str, Place]:
    """The place of every anchored element and footnote of ``doc``, by id."""
    places = _Places(doc)
    places.body()
    places.footnotes()
    return _made_unique(places.places)


def document_citations(doc: Document) -> dict[str, str]:
    """The full citation of every anchored element and footnote, by id."""
    return {node_id: cite(doc.info, place) for node_id, place in document_places(doc).items()}


class CitationBook:
    """Citations of every element of a corpus, asked by page and id: what
    the cross-references, the indexes and the timeline label links with."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.infos: dict[str, DocumentInfo] = {}
        self.places: dict[str, dict[str, Place]] = {}
        for doc in documents:
            self.infos[doc.info.slug] = doc.info
            self.places[doc.info.slug] = document_places(doc)

    def citation(self, slug: str, anchor: str = "") -> str:
        """The full citation of element ``anchor`` of document ``slug``."""
        return cite(self.infos[slug], self.places[slug].get(anchor))

    def label(self, slug: str, anchor: str = "") -> str:
        """The text of a link to that element."""
        return short_label(self.infos[slug], self.places[slug].get(anchor))

    def place(self, slug: str, anchor: str) -> str:
        """Where that element is in its document, for a link on its own page
        (``第 12 段``); the document's name for the document itself."""
        place = self.places[slug].get(anchor)
        return place.text if place is not None else document_name(self.infos[slug])


def footnote_reference_ids(doc: Document, footnote: Footnote) -> list[str]:
    """The ids of every reference to ``footnote`` in the text, in document order."""
    href = f"#{footnote.id}"
    refs = [span.anchor_id for node in doc.walk() for span in node.spans
            if span.role == "footnote-ref" and span.href == href and span.anchor_id]
    if footnote.ref_id and footnote.ref_id not in refs:
        refs.insert(0, footnote.ref_id)  # a reference in the front matter
    return refs
