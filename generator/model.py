"""The document model: plain data passed between the pipeline stages.

The parser builds it, the anchor stage fills in ``Node.id``, the reference
and timeline stages add ``Span``s, and the renderer only reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# Contract kinds of an anchored element (see CONTRACT.md, "Anchor manifest").
KINDS = (
    "heading", "paragraph", "subparagraph", "resolution", "decision", "preamble",
    "operative", "annex", "agenda-item", "item", "documents", "footnote",
    "table-row", "quote", "other",
)


@dataclass
class Span:
    """A stretch of a node's text that the renderer turns into a link.

    ``start``/``end`` index ``Node.text``. ``href`` is relative to the site
    root (``documents/x.html#para-3``, ``resolutions.html#cop-res-7-1``) and
    is made relative to the page by the renderer. ``role`` says what made it:
    ``footnote-ref``, ``instrument``, ``symbol``.
    """

    start: int
    end: int
    href: str
    role: str
    title: str = ""
    anchor_id: str = ""  # an id for the span itself (first footnote reference)


@dataclass
class Link:
    """A link shown beside an element, not inside its text ("cited by")."""

    text: str
    href: str  # relative to the site root, like Span.href
    relation: str = "cited-by"  # what the linked element is to this one: cited-by, endorsed-as, endorses


@dataclass
class Node:
    """One element of a document.

    ``kind`` is a contract kind, or a container role that is not itself
    anchored text (``section``, ``body``). ``label`` is the document's own
    numbering as printed (``12.``, ``(a)``, ``一.``), ``key`` its normalised
    form used for ids (``12``, ``a``, ``1``). ``text`` is the element's own
    text without the label. ``role`` refines the kind for rendering and
    anchors (``title``, ``formula``, ``lead``, ``docs-entry``...).
    """

    kind: str
    text: str = ""
    label: str = ""
    key: str = ""
    role: str = ""
    level: int = 0
    line: int = 0  # 1-based source line where the element starts
    children: list[Node] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # table rows only
    id: str = ""
    spans: list[Span] = field(default_factory=list)
    backlinks: list[Link] = field(default_factory=list)
    # The index entry listing every element that cites it (a page shows a
    # few of its backlinks and links there for the rest).
    backlinks_in: str = ""

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def full_text(self) -> str:
        """Label and text as the reader sees them."""
        if self.cells:
            return " ".join(c for c in self.cells if c)
        if self.label and self.text:
            return f"{self.label} {self.text}"
        return self.label or self.text


@dataclass
class Footnote:
    marker: str  # as printed: "¹²", "*", "**"
    text: str
    line: int = 0
    id: str = ""
    ref_id: str = ""  # id of its first reference in the text, if any
    spans: list[Span] = field(default_factory=list)  # links in its text


@dataclass
class DocumentInfo:
    """What is known about a document: from the catalogue and its front matter."""

    slug: str
    source_path: str  # relative to the project, e.g. source/x.txt
    source_sha256: str
    symbol: str = ""
    title: str = ""
    doc_type: str = ""  # report, note, agenda
    date: str = ""  # ISO date of issue when known
    session: str = ""  # e.g. 第十一届会议
    session_dates: str = ""  # as printed
    session_dates_line: int = 0  # its source line
    place: str = ""
    adopted: str = ""  # ISO date the document says it was itself adopted (a report of a meeting)
    meeting_dates: str = ""  # dates of the session or meeting it is for, as printed
    meeting_place: str = ""  # where that session or meeting is held, as printed
    agenda_items: str = ""
    distribution: list[str] = field(default_factory=list)
    original_language: str = ""  # the code of the language it says it was written in ("Original: English" -> en)
    reissue_notes: list[str] = field(default_factory=list)
    front_matter: list[str] = field(default_factory=list)  # other header lines kept verbatim


@dataclass
class Document:
    info: DocumentInfo
    body: list[Node] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backlinks: list[Link] = field(default_factory=list)  # the elements of other documents citing it
    backlinks_in: str = ""  # the index entry listing them all (its symbol's)

    def walk(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()
