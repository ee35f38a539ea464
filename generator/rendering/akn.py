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

Element ids (``eId``) come from the contract ids by one mapping,
``eid()`` and its inverse ``contract_id()`` below.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..grammar.bodies import BODIES
from ..model import Document, DocumentInfo, Footnote, Node, Span

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ET.register_namespace("", AKN_NS)

# --- eId <-> contract id ---------------------------------------------------------
#
# A contract id is hyphen-separated tokens (CONTRACT.md, "Anchor ids"): level
# words (para, res, op, annex, ...) each followed by its number tokens
# (8, a, ii, 11, 4). An eId is the AKN form of the same path
# ({levelType}_{levelNum} joined by "__"): each level word with its number;
# a number of several tokens (a resolution's session and number) is joined
# by "-"; number tokens beyond a level's own become the sublevels AKN names
# (the letter of a paragraph is its subparagraph, its roman numeral a
# point). So:
#
#   para-8-a               <-> para_8__subpara_a
#   para-7-a-ii            <-> para_7__subpara_a__point_ii
#   res-11-4-op-17         <-> res_11-4__para_17
#   res-11-5-op-9-b        <-> res_11-5__para_9__subpara_b
#   res-11-4-pre-3         <-> res_11-4__rec_3
#   res-11-1-annex-2-g     <-> res_11-1__annex_2__subpara_g
#   dec-11-1-item-2-d      <-> dec_11-1__item_2__subitem_d
#   sec-3-a-1              <-> sec_3__subsec_a__subsec_1
#   sec-2-h1-p3            <-> sec_2__hdg_1__p_3
#   para-81-p1-1-a         <-> para_81__p_1__subpara_1__point_a
#   item-2-a-docs-1        <-> item_2__subitem_a__docs_1
#   fn-3 / fnref-star2     <-> note_3 / noteref_star2
#
# An id this grammar does not cover, or would not give back, is kept whole
# behind "id_" (``id_p-3``), so the mapping stays one to one.


@dataclass(frozen=True)
class Level:
    prefix: str  # the AKN level type
    arity: int  # how many number tokens the level itself takes (at most)
    sublevels: tuple[str, ...] = ()  # AKN level types of further number tokens; the last repeats


LEVELS: dict[str, Level] = {
    "para": Level("para", 1, ("subpara", "point")),
    "op": Level("para", 1, ("subpara", "point")),  # an operative paragraph is AKN's paragraph of a resolution
    "pre": Level("rec", 1),  # preambular paragraph: a recital
    "formula": Level("formula", 0),
    "res": Level("res", 2),
    "dec": Level("dec", 2),
    "annex": Level("annex", 1, ("subpara", "point")),
    "sec": Level("sec", 1, ("subsec",)),
    "agenda": Level("agenda", 1, ("subitem",)),
    "item": Level("item", 1, ("subitem",)),
    "docs": Level("docs", 1),
    "row": Level("row", 1),
    "fn": Level("note", 1),
    "fnref": Level("noteref", 1, ("ref",)),  # fnref-3-2: the second reference to note 3
    "title": Level("title", 0),
}
# Levels whose word carries its number (h2, p3): AKN type and the word.
FUSED: dict[str, Level] = {"h": Level("hdg", 1, ("subpara", "point")), "p": Level("p", 1, ("subpara", "point"))}
_FUSED_TOKEN = re.compile(r"([hp])(\d+)")
# AKN type -> contract word. "para" after a resolution or decision is an
# operative paragraph; everywhere else a paragraph.
_WORDS = {level.prefix: word for word, level in LEVELS.items() if word != "op"}
_FUSED_WORDS = {level.prefix: word for word, level in FUSED.items()}
_AFTER_INSTRUMENT = {"para": "op"}
_SUBLEVELS = {sub for level in [*LEVELS.values(), *FUSED.values()] for sub in level.sublevels}
_FALLBACK = "id_"


def _grammar_eid(contract: str) -> str | None:
    tokens = contract.split("-")
    if not all(re.fullmatch(r"[a-z0-9]+", t) for t in tokens):
        return None
    groups: list[str] = []
    i = 0
    while i < len(tokens):
        fused = _FUSED_TOKEN.fullmatch(tokens[i])
        level = FUSED[fused.group(1)] if fused else LEVELS.get(tokens[i])
        if level is None:
            return None
        i += 1
        number = [fused.group(2)] if fused else []
        while i < len(tokens) and len(number) < level.arity and _is_value(tokens[i]):
            number.append(tokens[i])
            i += 1
        groups.append(f"{level.prefix}_{'-'.join(number)}" if number else level.prefix)
        depth = 0
        while i < len(tokens) and _is_value(tokens[i]):
            if not level.sublevels:
                return None
            groups.append(f"{level.sublevels[min(depth, len(level.sublevels) - 1)]}_{tokens[i]}")
            depth += 1
            i += 1
    return "__".join(groups)


def _is_value(token: str) -> bool:
    return token not in LEVELS and not _FUSED_TOKEN.fullmatch(token)


def _grammar_contract(eid_value: str) -> str | None:
    tokens: list[str] = []
    previous = ""
    for group in eid_value.split("__"):
        prefix, _, number = group.partition("_")
        if prefix in _SUBLEVELS and previous and number and "-" not in number:
            tokens.append(number)
        elif prefix in _FUSED_WORDS and number.isdigit():
            previous = _FUSED_WORDS[prefix]
            tokens.append(previous + number)
        elif prefix in _WORDS:
            word = _WORDS[prefix]
            if previous in ("res", "dec"):
                word = _AFTER_INSTRUMENT.get(word, word)
            tokens.append(word)
            tokens.extend(number.split("-") if number else [])
            previous = word
        else:
            return None
    return "-".join(tokens)


def eid(contract: str) -> str:
    """The AKN ``eId`` of the element with contract id ``contract``."""
    mapped = _grammar_eid(contract)
    if mapped is not None and _grammar_contract(mapped) == contract:
        return mapped
    return _FALLBACK + contract


def contract_id(eid_value: str) -> str:
    """The contract id of the element whose ``eId`` is ``eid_value`` (inverse of ``eid``)."""
    if eid_value.startswith(_FALLBACK):
        return eid_value[len(_FALLBACK):]
    found = _grammar_contract(eid_value)
    if found is None:
        raise ValueError(f"not an eId of this site: {eid_value!r}")
    return found


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
    """The date of issue; else the day of adoption; else 1 January of the year
    the document names (AKN4UN asks for a full date)."""
    for value in (info.date, info.adopted):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
    for text in (info.session_dates, info.title, *info.front_matter):
        m = re.search(r"(?:19|20)\d\d", text)
        if m:
            return f"{m.group()}-01-01"
    return "0001-01-01"  # no date stated anywhere: a fixed value, never the build time


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
        self.notes = {fn.id: fn for fn in doc.footnotes}
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
            fn = self.notes.get(span.href.lstrip("#"))
            if fn is None:
                return None
            return self.note_at(parent, fn, shown, first=bool(span.anchor_id) and span.anchor_id == fn.ref_id, ref_id=span.anchor_id)
        ref = _sub(parent, "ref", href=_ref_href(span.href), class_=span.role, title=span.title)
        ref.text = _clean(shown)
        return ref

    def note_at(self, parent: ET.Element, fn: Footnote, marker: str, first: bool, ref_id: str = "") -> ET.Element:
        """The note itself at its first reference (inside a span carrying the
        reference's id), a noteRef at any other (inside a span carrying its
        own id, when it has one)."""
        if not first or fn.id in self.placed:
            holder = _sub(parent, "span", eId=eid(ref_id)) if ref_id and ref_id != fn.ref_id else parent
            ref = _sub(holder, "noteRef", href=f"#{eid(fn.id)}", marker=marker)
            return ref if holder is parent else holder
        holder = _sub(parent, "span", eId=eid(fn.ref_id)) if fn.ref_id else parent
        self.authorial_note(holder, fn, marker)
        return holder if fn.ref_id else holder[-1]

    def authorial_note(self, parent: ET.Element, fn: Footnote, marker: str = "") -> ET.Element:
        self.placed.add(fn.id)
        note = _sub(parent, "authorialNote", eId=eid(fn.id), marker=marker or fn.marker, placement="bottom")
        self.inline(_sub(note, "p"), fn.text, fn.spans)
        return note

    # Structure.
    def node(self, parent: ET.Element, node: Node) -> None:
        tag, attrs = self.element_for(node)
        element = ET.SubElement(parent, _q(tag), attrs)
        if node.label:
            _sub(element, "num").text = _clean(node.label)
        if node.kind in ("resolution", "decision", "heading", "annex", "item") and not node.cells:
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
        attrs = {"eId": eid(node.id)} if node.id else {}
        if node.role == "inferred":
            attrs["status"] = "editorial"  # the number is restored from the order, not printed
        if node.kind == "paragraph" and node.role not in ("list-item", "continuation", "other"):
            return "paragraph", attrs
        if node.kind == "operative":
            return "paragraph", attrs
        if node.kind == "subparagraph":
            return "subparagraph", attrs
        name = {"preamble": "formula" if node.role == "formula" else "recital", "agenda-item": "agendaItem"}.get(
            node.kind, _camel(node.kind if not node.role else f"{node.kind}-{node.role}"))
        return "hcontainer", {"name": name, **attrs}

    def children(self, parent: ET.Element, nodes: list[Node]) -> None:
        i = 0
        while i < len(nodes):
            if nodes[i].kind == "table-row":
                j = i
                while j < len(nodes) and nodes[j].kind == "table-row":
                    j += 1
                self.table(parent, nodes[i:j])
                i = j
                continue
            self.node(parent, nodes[i])
            i += 1

    def table(self, parent: ET.Element, rows: list[Node]) -> None:
        table = _sub(_sub(_sub(parent, "hcontainer", name="table"), "content"), "table")
        for row in rows:
            tr = _sub(table, "tr", eId=eid(row.id) if row.id else "")
            for cell in row.cells:
                _sub(_sub(tr, "th" if row.role == "header" else "td"), "p").text = _clean(cell) or None


def _camel(text: str) -> str:
    head, *rest = text.split("-")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _ref_href(href: str) -> str:
    """A link of the site as seen from ``data/akn/``: another document's
    element is that document's AKN file at the element's eId; anything else
    (the index pages) is the site's page."""
    m = re.fullmatch(r"documents/([^/#]+)\.html(?:#(.+))?", href)
    if m:
        return f"{m.group(1)}.xml" + (f"#{eid(m.group(2))}" if m.group(2) else "")
    if href.startswith("#"):
        return "#" + eid(href[1:])
    return "../../" + href


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
    title = _sub(preface, "longTitle", eId=eid("title"))
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
                      anchor_id=starred[m.group()].ref_id)
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
