"""The document model: plain data passed between the pipeline stages.

The parser builds it, the numbering pass (reading/anchors.py) gives each
element its id, eId, citation place and row of the numbering table, the
reference and timeline stages add ``Span``s, and the renderer only reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .numbering import Number, Place, Row

# The kinds the anchor manifest gives an anchored element (CONTRACT.md,
# "Anchor manifest"; the numbering table's ``Row.kind``).
ANCHOR_KINDS = (
    "heading", "paragraph", "subparagraph", "resolution", "decision", "preamble",
    "operative", "annex", "agenda-item", "item", "documents", "footnote",
    "table-row", "quote", "other",
)

# What each kind of document is, in the words the documents use
# (``DocumentInfo.doc_type``).
DOC_TYPE_NAMES = {"report": "报告", "note": "说明", "agenda": "临时议程和说明"}


# A year as documents print it (2022), not part of a longer number.
_YEAR = re.compile(r"(?<!\d)(19|2\d)\d\d(?!\d)")

# A field the reading stage derives from the others (the numbering pass):
# kept with the model, not written in its JSON
# (``data/documents/<slug>.json``, rendering/model_json.py).
DERIVED: dict[str, Any] = {"metadata": {"derived": True}, "repr": False, "compare": False}


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
    anchor_id: str = ""  # an id for the span itself (a reference to a footnote)
    anchor_eid: str = field(default="", **DERIVED)  # that id's AKN eId
    target_doc: str = field(default="", **DERIVED)  # the corpus document it links to, if any (its slug)
    target_eid: str = field(default="", **DERIVED)  # the AKN eId of the element of it that it links to, if any


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
    eid: str = field(default="", **DERIVED)  # its Akoma Ntoso eId
    place: Place | None = field(default=None, **DERIVED)  # where a citation places it in its document
    row: Row | None = field(default=None, **DERIVED)  # its row of the numbering table

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
    eid: str = field(default="", **DERIVED)
    place: Place | None = field(default=None, **DERIVED)
    reference: Number | None = field(default=None, **DERIVED)  # the numbering of its references
    ref_eid: str = field(default="", **DERIVED)  # the eId of its first reference
    refs: list[str] = field(default_factory=list, **DERIVED)  # the ids of its references, in document order


@dataclass
class AgendaTitle:
    """An agenda item a document's header says it is issued under, and its
    title as printed there. ``number`` holds every number ("2、4、5") when
    the header's lines could not be told apart into titles (reading/header.py)."""

    number: str  # "2", "2(a)"
    title: str
    line: int = 0  # source line where the title starts


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
    agenda_items: str = ""  # the header line naming them, as printed (临时议程**项目 2、4、5)
    distribution: list[str] = field(default_factory=list)
    original_language: str = ""  # the code of the language it says it was written in ("Original: English" -> en)
    reissue_notes: list[str] = field(default_factory=list)
    front_matter: list[str] = field(default_factory=list)  # other header lines kept verbatim
    agenda_lines: list[str] = field(default_factory=list)  # the items' titles as the header's lines print them
    agenda_lines_at: list[int] = field(default_factory=list)  # the source line of each
    agenda_titles: list[AgendaTitle] = field(default_factory=list)  # each item and its title
    subtitle: str = ""  # the line naming the kind of document and its author (秘书处的说明)

    @property
    def year(self) -> str:
        """The year the document belongs to: that of its date of issue, else
        the first its session's dates name, else its title's; "" when none
        does. The one rule: the navigation lists it under this year, and its
        Akoma Ntoso work is dated in it when no day is known."""
        for text in (self.date, self.session_dates, self.title):
            found = _YEAR.search(text)
            if found:
                return found.group()
        return ""


@dataclass
class ContentsEntry:
    """One entry of a document's own table of contents, as printed: its
    label (``一.``, ``A.``, ``11/1.``, none), its title, its page number in
    the printed document, and the id of the element it names on the page
    (empty when no element of the page is that heading)."""

    label: str
    title: str
    page: str = ""
    line: int = 0
    level: int = 1  # 1 a chapter (一.), 2 a section (A.), 3 below
    target: str = ""


@dataclass
class Document:
    info: DocumentInfo
    body: list[Node] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backlinks: list[Link] = field(default_factory=list)  # the elements of other documents citing it
    backlinks_in: str = ""  # the index entry listing them all (its symbol's)
    contents: list[ContentsEntry] = field(default_factory=list)  # the document's own table of contents

    def walk(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()
