"""Akoma Ntoso 3.0 XML of one document, named after AKN4UN.

A pure function of the linked document model (after anchors, footnotes and
the cross-reference stage): ``document_akn(doc)`` returns the bytes of
``data/akn/<slug>.xml``. Nothing is parsed here: structure comes from the
nodes, citations from the ``Span``s the xref stage made, footnotes from
the footnote stage. Text is the model's text, character for character.

Naming (AKN4UN guidelines, part 1, "AKN4UN Naming convention"):

* Work IRI ``/akn/un/{docType}/{subType}/{actor}/{date}/{docNumber}``;
  the class of the document decides docType, subType and the ``name`` of
  the document element (AKN4UN's table of document classes): a report is a
  ``debateReport``/``report`` (``conferenceReport``, or ``meetingReport``
  for a working group), a provisional agenda with annotations a
  ``debateReport``/``agenda`` (``agendaAnnotated``), a note by the
  Secretariat a ``doc``/``communication`` (``note``). The actor is
  ``un-`` and the body of the symbol (``CTOC/COP`` -> ``un-ctoc-cop``,
  ``CTOC/COP/WG.2`` -> ``un-ctoc-cop-wg2``); the number is the symbol with
  ``/`` as ``-`` and spaces as ``_`` (``showAs`` keeps it as printed), or
  the slug when the document states no symbol (AKN4UN: "a unique number as
  decided by the implementor").
* Expression ``{work}/zho@``: the Chinese text, its original version.
* Manifestation ``{work}/zho@.xml`` (``FRBRthis`` ``…/zho@/!main.xml``).

Each element's ``eId`` is the one the numbering pass gave it (``Node.eid``,
by the numbering table of ``generator/numbering.py``: ``para_8__subpara_a``
for ``para-8-a``), and so is the element it is written as (``Row.akn``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..grammar.bodies import BODIES
from ..model import Document, DocumentInfo, Footnote, Node, Span
from ..numbering import HEADING, TABLE_ROW, TITLE
from ..reading.anchors import numbered

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ET.register_namespace("", AKN_NS)

# --- FRBR names ------------------------------------------------------------------

# doc_type -> (AKN document element, AKN4UN subtype, AKN4UN subclass name)
CLASSES = {
    "report": ("debateReport", "report", "conferenceReport"),
    "agenda": ("debateReport", "agenda", "agendaAnnotated"),
    "note": ("doc", "communication", "note"),
}
LANGUAGE = "zho"
SITE_AGENT = "untoc-cop-site"


@dataclass(frozen=True)
class Names:
    doc_element: str
    subtype: str
    name: str
    actor: str
    date: str
    number: str
    number_shown: str

    @property
    def work(self) -> str:
        return f"/akn/un/{self.doc_element}/{self.subtype}/{self.actor}/{self.date}/{self.number}"

    @property
    def expression(self) -> str:
        return f"{self.work}/{LANGUAGE}@"

    @property
    def manifestation(self) -> str:
        return f"{self.expression}.xml"


def names(info: DocumentInfo) -> Names:
    """The FRBR names of a document (see the module's docstring)."""
    element, subtype, name = CLASSES.get(info.doc_type, CLASSES["report"])
    first = info.symbol.split("-")[0] if info.symbol else ""
    body: list[str] = []
    for part in first.split("/") if first else []:
        if part.isdigit():
            break
        body.append(part.lower().replace(".", ""))
    if name == "conferenceReport" and any(p.startswith("wg") for p in body):
        name = "meetingReport"
    actor = "-".join(["un", *(body or ["ctoc", "cop"])])  # the corpus' documents are the Conference's
    number = re.sub(r"\s", "_", info.symbol.replace("/", "-")) if info.symbol else info.slug
    return Names(element, subtype, name, actor, _work_date(info), number, info.symbol or info.slug)


def _work_date(info: DocumentInfo) -> str:
    """The date of issue; else the day of adoption; else 1 January of the
    document's year (AKN4UN asks for a full date)."""
    for value in (info.date, info.adopted):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
    # No date stated anywhere: a fixed value, never the build time.
    return f"{info.year}-01-01" if info.year else "0001-01-01"


# --- Building the XML ------------------------------------------------------------

def _q(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, _q(tag), {k.rstrip("_"): v for k, v in attrs.items() if v})


# Characters XML 1.0 cannot carry at all; the decoder lets none through, this
# only keeps a stray one from stopping the build.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.notes = {f"#{fn.id}": fn for fn in doc.footnotes}  # by the href of a reference to it
        self.placed: set[str] = set()  # footnotes already written at a reference

    # Inline text with its citations and footnote references.
    def inline(self, parent: ET.Element, text: str, spans: list[Span]) -> None:
        last: ET.Element | None = None
        pos = 0

        def put(chunk: str) -> None:
            chunk = _clean(chunk)
            if not chunk:
                return
            if last is None:
                parent.text = (parent.text or "") + chunk
            else:
                last.tail = (last.tail or "") + chunk

        for span in sorted(spans, key=lambda s: s.start):
            if span.start < pos or span.end > len(text):
                continue  # overlapping or stale: the text goes out as plain text
            put(text[pos:span.start])
            element = self.span_element(parent, span, text[span.start:span.end])
            if element is not None:
                last = element
                pos = span.end
        put(text[pos:])

    def span_element(self, parent: ET.Element, span: Span, shown: str) -> ET.Element | None:
        if span.role == "footnote-ref":
            fn = self.notes.get(span.href)
            if fn is None:
                return None
            return self.note_at(parent, fn, shown, span)
        ref = _sub(parent, "ref", href=_ref_href(span), class_=span.role, title=span.title)
        ref.text = _clean(shown)
        return ref

    def note_at(self, parent: ET.Element, fn: Footnote, marker: str, span: Span) -> ET.Element:
        """The note itself at its first reference (inside a span carrying the
        reference's eId), a noteRef at any other (inside a span carrying its
        own eId, when it has one)."""
        first = bool(span.anchor_id) and span.anchor_id == fn.ref_id
        if not first or fn.id in self.placed:
            holder = _sub(parent, "span", eId=span.anchor_eid) if span.anchor_id and not first else parent
            ref = _sub(holder, "noteRef", href=f"#{fn.eid}", marker=marker)
            return ref if holder is parent else holder
        holder = _sub(parent, "span", eId=fn.ref_eid) if fn.ref_id else parent
        self.authorial_note(holder, fn, marker)
        return holder if fn.ref_id else holder[-1]

    def authorial_note(self, parent: ET.Element, fn: Footnote, marker: str = "") -> ET.Element:
        self.placed.add(fn.id)
        note = _sub(parent, "authorialNote", eId=fn.eid, marker=marker or fn.marker, placement="bottom")
        self.inline(_sub(note, "p"), fn.text, fn.spans)
        return note

    # Structure.
    def node(self, parent: ET.Element, node: Node) -> None:
        tag, attrs = self.element_for(node)
        element = ET.SubElement(parent, _q(tag), attrs)
        if node.label:
            _sub(element, "num").text = _clean(node.label)
        if node.row.hint == HEADING and not node.cells:
            heading = _sub(element, "heading")
            self.inline(heading, node.text, node.spans)
            self.children(element, node.children)
            return
        if node.children:
            if node.text:
                self.inline(_sub(_sub(element, "intro"), "p"), node.text, node.spans)
            self.children(element, node.children)
        else:
            self.inline(_sub(_sub(element, "content"), "p"), node.text, node.spans)

    def element_for(self, node: Node) -> tuple[str, dict[str, str]]:
        """The AKN element of ``node``, as its row of the numbering table names it."""
        attrs = {"eId": node.eid} if node.eid else {}
        if node.role == "inferred":
            attrs["status"] = "editorial"  # the number is restored from the order, not printed
        tag, _, name = node.row.akn.partition(":")
        return (tag, {"name": name, **attrs}) if name else (tag, attrs)

    def children(self, parent: ET.Element, nodes: list[Node]) -> None:
        i = 0
        while i < len(nodes):
            if nodes[i].row.hint == TABLE_ROW:
                j = i
                while j < len(nodes) and nodes[j].row.hint == TABLE_ROW:
                    j += 1
                self.table(parent, nodes[i:j])
                i = j
                continue
            self.node(parent, nodes[i])
            i += 1

    def table(self, parent: ET.Element, rows: list[Node]) -> None:
        table = _sub(_sub(_sub(parent, "hcontainer", name="table"), "content"), "table")
        for row in rows:
            tr = _sub(table, "tr", eId=row.eid)
            for cell in row.cells:
                _sub(_sub(tr, "th" if row.role == "header" else "td"), "p").text = _clean(cell) or None


def _ref_href(span: Span) -> str:
    """A link of the site as seen from ``data/akn/``: another document (the
    one the span links to, ``Span.target_doc``) is that document's AKN file,
    at the element's eId; anything else (the index pages) is the site's page."""
    if span.target_doc:
        return f"{span.target_doc}.xml" + (f"#{span.target_eid}" if span.target_eid else "")
    return "../../" + span.href


def _meta(root: ET.Element, info: DocumentInfo, n: Names) -> None:
    meta = _sub(root, "meta")
    ident = _sub(meta, "identification", source=f"#{SITE_AGENT}")
    levels = (("FRBRWork", n.work, n.work + "/!main"),
              ("FRBRExpression", n.expression, n.expression + "/!main"),
              ("FRBRManifestation", n.manifestation, n.expression + "/!main.xml"))
    for tag, uri, this in levels:
        level = _sub(ident, tag)
        _sub(level, "FRBRthis", value=this)
        _sub(level, "FRBRuri", value=uri)
        # One date, the document's own, at every level: the file is made
        # from the text alone, so the build time is no part of it.
        _sub(level, "FRBRdate", date=n.date, name={"FRBRWork": "issued", "FRBRExpression": "issued"}.get(tag, "markup"))
        if tag == "FRBRManifestation":
            _sub(level, "FRBRauthor", href=f"#{SITE_AGENT}")
            _sub(level, "FRBRformat", value="application/akn+xml")
        else:
            _sub(level, "FRBRauthor", href=f"#{n.actor}", as_="#author")
        if tag == "FRBRWork":
            _sub(level, "FRBRcountry", value="un")
            _sub(level, "FRBRsubtype", value=n.subtype)
            _sub(level, "FRBRnumber", value=n.number, showAs=n.number_shown)
            _sub(level, "FRBRname", value=n.name)
        if tag == "FRBRExpression":
            _sub(level, "FRBRlanguage", language=LANGUAGE)
    refs = _sub(meta, "references", source=f"#{SITE_AGENT}")
    _sub(refs, "TLCOrganization", eId=n.actor, href=f"/ontology/organization/un/{n.actor}",
         showAs=BODIES["cop"].name if n.actor == "un-ctoc-cop" else n.actor)
    _sub(refs, "TLCOrganization", eId=SITE_AGENT, href=f"/ontology/organization/{SITE_AGENT}", showAs=SITE_AGENT)
    _sub(refs, "TLCRole", eId="author", href="/ontology/role/author", showAs="author")


def _preface(root: ET.Element, writer: _Writer, doc: Document) -> None:
    info = doc.info
    preface = _sub(root, "preface")
    title = _sub(preface, TITLE.akn, eId=TITLE.eid)
    _sub(_sub(title, "p"), "docTitle").text = _clean(info.title)
    header = _sub(preface, "container", name="header")
    if info.symbol:
        _sub(_sub(header, "p"), "docNumber").text = _clean(info.symbol)
    # The header lines as printed; their asterisks are the references of the
    # front matter's footnotes (the renderer links them the same way).
    starred = {fn.marker: fn for fn in doc.footnotes if fn.marker.startswith("*") and fn.ref_id}
    values = [info.session, info.session_dates, info.agenda_items, *(t.title for t in info.agenda_titles),
              info.subtitle, *info.front_matter, *info.distribution, *info.reissue_notes]
    for value in filter(None, values):
        spans = [Span(m.start(), m.end(), f"#{starred[m.group()].id}", "footnote-ref",
                      anchor_id=starred[m.group()].ref_id, anchor_eid=starred[m.group()].ref_eid)
                 for m in re.finditer(r"\*+", value) if m.group() in starred]
        writer.inline(_sub(header, "p"), value, spans)
    if len(header) == 0:
        preface.remove(header)


def _indent(element: ET.Element, level: int = 0) -> None:
    """Line breaks between structural elements only: text inside a p,
    heading, num or cell is left exactly as it is."""
    if element.tag in _INLINE_HOLDERS or len(element) == 0:
        return
    pad = "\n" + "  " * (level + 1)
    if not (element.text or "").strip():
        element.text = pad
    for child in element:
        _indent(child, level + 1)
        if not (child.tail or "").strip():
            child.tail = pad
    element[-1].tail = "\n" + "  " * level


_INLINE_HOLDERS = {_q(t) for t in ("p", "heading", "num", "docTitle", "docNumber", "th", "td", "ref", "span")}


def document_akn(doc: Document) -> bytes:
    """The AKN 3.0 XML of a linked document, as the bytes of its file."""
    doc = numbered(doc)
    n = names(doc.info)
    root = ET.Element(_q("akomaNtoso"))
    document = _sub(root, n.doc_element, name=n.name)
    _meta(document, doc.info, n)
    writer = _Writer(doc)
    _preface(document, writer, doc)
    body = _sub(document, "mainBody")
    writer.children(body, doc.body)
    rest = [fn for fn in doc.footnotes if fn.id not in writer.placed]
    if rest:  # footnotes with no reference in the text: kept, at the end
        holder = _sub(_sub(_sub(body, "hcontainer", name="footnotes"), "content"), "p")
        for fn in rest:
            writer.authorial_note(holder, fn)
    if len(body) == 0:
        _sub(_sub(_sub(body, "hcontainer", name="empty"), "content"), "p")
    _indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n"
