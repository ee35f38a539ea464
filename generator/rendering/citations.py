"""How a reader cites a document and each of its anchored elements, in the
UN's Chinese style: the document's name and the element's place in it.

The place comes from the document's structure (the node tree and the
numbering printed in it), never from reading an id back: the numbering
pass gives each element its place (``Node.place``, by the numbering table
of ``generator/numbering.py``): ``第 12 段``, ``第 7 段(a)项(ii)目``,
``缔约方会议第 11/4 号决议，序言部分第 [2] 段``, ``项目 4 说明第 [1] 段``,
``附件一，表第 [3] 行``, ``脚注 5``. A number the document does not print is
counted and written in square brackets (``numbering.counted``): the citation
never passes a count off as the document's own numbering, and the page
shows the same bracketed number beside the element (``Place.counted``).

Elements of a resolution or decision are cited with the body that adopted
it and, in the full citation, the document that holds it:
``缔约方会议第 11/4 号决议，第 17 段（载于 CTOC/COP/2022/…）``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Document, DocumentInfo
from ..numbering import Place
from ..reading.anchors import numbered


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


def document_places(doc: Document) -> dict[str, Place]:
    """The place of every anchored element and footnote of ``doc``, by id
    (the numbering pass gave each its place)."""
    doc = numbered(doc)
    places = {node.id: node.place for node in doc.walk() if node.place is not None}
    places.update((fn.id, fn.place) for fn in doc.footnotes if fn.place is not None)
    return places


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
