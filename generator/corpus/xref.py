"""The cross-reference stage: link every cited instrument and symbol.

Runs on the whole corpus after anchors are assigned. For every element it
finds the resolutions, decisions and document symbols cited in its text
(``generator.grammar.citations``), adds a link ``Span`` for each, and collects an
index of what is cited where. The index feeds three outputs: ``xref.json``
(``xref_json``), the index pages ``resolutions.md`` and ``symbols.md``
(``xref_pages``) and the "cited by" links of the corpus' own resolutions
(``Node.backlinks``).

Link targets, all relative to the site root:

* an instrument adopted in a corpus document (a ``resolution``/``decision``
  node, id ``res-11-4``/``dec-11-1``; the Conference adopted it) ->
  ``documents/<slug>.html#res-11-4``; any other instrument ->
  ``resolutions/<body>-<session>.html#<key>`` (its entry in that part of
  the resolution index, ``ids.resolution_href``);
* a symbol of a corpus document -> ``documents/<slug>.html``; any other
  symbol -> ``symbols/<series>.html#<symbol_id>`` (``ids.symbol_href``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..grammar.bodies import resolution_symbol
from ..grammar.citations import (
    BODY_NAMES,
    InstrumentMention,
    SymbolMention,
    find_instruments,
    find_symbols,
    instrument_key,
    normalise_symbol,
    split_symbol,
    symbol_series,
)
from ..ids import (
    anchor_href,
    natural_key,
    official_url,
    page_path,
    resolution_href,
    symbol_href,
    symbol_id,
)
from ..instruments import BY_KIND, BY_PREFIX, NOUN, NUMBER, key_numbers, printed
from ..model import Document, DocumentInfo, Link, Node, Span

# The printed label of a resolution ("第 11/4 号决议"), not part of its title.
_LABEL_PREFIX = re.compile(rf"^\s*{NUMBER}\s*(?:{NOUN})\s*")


@dataclass(frozen=True)
class Citation:
    """An element that cites an instrument or a symbol."""

    doc: str  # slug of the citing document
    anchor: str  # id of the citing element
    label: str  # link text: the element's citation (CONTRACT: a reader's words, not the id)

    @property
    def href(self) -> str:
        return anchor_href(self.doc, self.anchor)


@dataclass
class InstrumentEntry:
    key: str
    body: str
    kind: str
    session: int
    number: int
    title: str = ""
    target: str | None = None  # where the corpus holds its text
    adopted_in: str = ""  # slug of that document
    target_eid: str = ""  # the AKN eId of the element holding it there
    cited_by: list[Citation] = field(default_factory=list)

    @property
    def number_text(self) -> str:
        return f"{self.session}/{self.number}"

    @property
    def heading(self) -> str:
        """How the documents name it: 第 11/4 号决议."""
        return printed(BY_PREFIX[self.kind].kind, self.number_text)

    @property
    def href(self) -> str:
        return self.target or resolution_href(self.body, self.session, self.key)

    @property
    def official_symbol(self) -> str:
        """Its own document symbol, where its body's rule gives one (a
        resolution of the General Assembly: ``A/RES/70/174``), else ""."""
        return resolution_symbol(self.body, self.session, self.number) if self.kind == "res" else ""

    @property
    def official_url(self) -> str:
        """Its official text at undocs.org, where it has a symbol of its own."""
        return official_url(self.official_symbol) if self.official_symbol else ""


@dataclass
class SymbolEntry:
    symbol: str
    parts: list[str]
    doc: str = ""  # slug of the corpus document with this symbol, if any
    cited_by: list[Citation] = field(default_factory=list)

    @property
    def target(self) -> str | None:
        return page_path(self.doc) if self.doc else None

    @property
    def id(self) -> str:
        return symbol_id(split_symbol(self.symbol))

    @property
    def official_url(self) -> str:
        """A joint symbol's official text is reached by its first symbol, as the
        documents' own links do (``undocs.org/zh/E/2022/28``)."""
        return official_url(self.parts[0] if self.parts else self.symbol)

    @property
    def aliases(self) -> list[str]:
        """Each single symbol of a joint symbol: it resolves to this entry on its own."""
        return list(self.parts) if len(self.parts) > 1 else []

    @property
    def alias_ids(self) -> list[str]:
        return [symbol_id([part]) for part in self.aliases]

    @property
    def href(self) -> str:
        return self.target or symbol_href(symbol_series(self.symbol), split_symbol(self.symbol))


@dataclass
class XrefIndex:
    instruments: dict[str, InstrumentEntry] = field(default_factory=dict)
    symbols: dict[str, SymbolEntry] = field(default_factory=dict)
    documents: dict[str, DocumentInfo] = field(default_factory=dict)  # by slug
    # Each single symbol of a joint symbol -> the joint symbol (its entry).
    symbol_aliases: dict[str, str] = field(default_factory=dict)

    def symbol_entry(self, symbol: str) -> SymbolEntry:
        """The entry of a symbol, or of the joint symbol it is part of."""
        return self.symbols[self.symbol_aliases.get(symbol, symbol)]

    def sorted_instruments(self) -> list[InstrumentEntry]:
        """Bodies in BODY_NAMES order, then session, resolutions before decisions, number."""
        order = {body: i for i, body in enumerate(BODY_NAMES)}
        return sorted(self.instruments.values(), key=lambda e: (
            order.get(e.body, len(order)), e.body, e.session, e.kind != "res", e.number))

    def sorted_symbols(self) -> list[SymbolEntry]:
        """Natural order: CTOC/COP/2016/2 before CTOC/COP/2016/10."""
        return sorted(self.symbols.values(), key=lambda e: natural_key(e.symbol))


# --- Walking the corpus -------------------------------------------------------

@dataclass
class _Site:
    """One piece of text that can cite: an element or a footnote."""

    doc: Document
    anchor: str
    text: str
    spans: list[Span] | None  # where links go; None if the element cannot hold any


def _anchored(nodes: list[Node], parent_id: str = "") -> Iterator[tuple[Node, str]]:
    """Every node with the id a citation should point to: its own, else its
    nearest anchored ancestor's (a container without id of its own)."""
    for node in nodes:
        anchor = node.id or parent_id
        yield node, anchor
        yield from _anchored(node.children, anchor)


def _sites(doc: Document) -> Iterator[_Site]:
    for node, anchor in _anchored(doc.body):
        if node.text and anchor:
            yield _Site(doc, anchor, node.text, node.spans)
    for note in doc.footnotes:
        if note.text and note.id:
            # Footnote has no spans in the model yet: index its citations,
            # link them once it has (see the report on model.py).
            yield _Site(doc, note.id, note.text, getattr(note, "spans", None))


def doc_label(info: DocumentInfo) -> str:
    return info.symbol or info.slug


def _corpus_title(node: Node) -> str:
    """The title the corpus gives a resolution: its title element, else its own
    text without the printed label."""
    for child in node.children:
        if child.role == "title" and child.text:
            return child.text.strip()
    return _LABEL_PREFIX.sub("", node.text).strip()


def _add_span(spans: list[Span], span: Span) -> None:
    """Add ``span`` unless it overlaps one already there (a footnote reference,
    or the same link from an earlier run): the renderer would drop one anyway."""
    if any(s.start < span.end and span.start < s.end for s in spans):
        return
    spans.append(span)


def _corpus_instruments(doc: Document) -> Iterator[tuple[Node, str, int, int]]:
    """(node, kind, session, number) of the resolutions and decisions a document
    holds at its top (not one an annex of a report reproduces). The
    Conference adopted them all: these are its reports."""
    for node in doc.body:
        if node.kind in BY_KIND:
            yield node, BY_KIND[node.kind].prefix, *key_numbers(node.key)


def _register_corpus(index: XrefIndex, documents: list[Document]) -> None:
    """Record the documents, and their own instruments as link targets (the
    first copy, in slug order, if two documents hold the same one)."""
    for doc in documents:
        slug = doc.info.slug
        index.documents[slug] = doc.info
        for node, kind, session, number in _corpus_instruments(doc):
            key = instrument_key("cop", kind, session, number)
            if key not in index.instruments:
                index.instruments[key] = InstrumentEntry(
                    key, "cop", kind, session, number, title=_corpus_title(node),
                    target=anchor_href(slug, node.id), adopted_in=slug, target_eid=node.eid)


def _corpus_symbols(documents: list[Document]) -> dict[str, str]:
    """Every symbol (whole and each part of a joint one) -> slug of its document."""
    by_symbol: dict[str, str] = {}
    for doc in documents:
        if doc.info.symbol:
            symbol = normalise_symbol(doc.info.symbol)
            for part in [symbol, *split_symbol(symbol)]:
                by_symbol.setdefault(part, doc.info.slug)
    return by_symbol


Mentions = list[tuple[list[InstrumentMention], list[SymbolMention]]]


def document_mentions(doc: Document) -> Mentions:
    """The instruments and symbols each citing site of ``doc`` names, in the
    order of ``_sites(doc)``.

    Depends on the document's text alone, so a build can keep it between
    builds and find it on several cores; linking needs the whole corpus.
    """
    return [(find_instruments(site.text), find_symbols(site.text)) for site in _sites(doc)]


# The text of a link to element ``anchor`` of page ``slug`` (the citation:
# ``rendering.citations.CitationBook.label``, given by the pipeline).
CitationLabel = Callable[[str, str], str]


def _bare_label(documents: list[Document]) -> CitationLabel:
    """Without the citations: the document's symbol and the id."""
    infos = {doc.info.slug: doc.info for doc in documents}
    return lambda slug, anchor: f"{doc_label(infos[slug])} #{anchor}"


def build_xref(documents: list[Document], mentions: dict[str, Mentions] | None = None,
               label: CitationLabel | None = None) -> XrefIndex:
    """Link every citation in the corpus and index who cites what.

    Documents are processed in slug order, so every list in the index is in a
    stable order (by document, then document order) whatever order the
    caller found the files in. ``mentions``: ``document_mentions`` of each
    document by slug, when already found. ``label``: how a link to a citing
    element reads.
    """
    documents = sorted(documents, key=lambda d: d.info.slug)
    label = label or _bare_label(documents)
    index = XrefIndex()
    _register_corpus(index, documents)
    corpus_symbols = _corpus_symbols(documents)

    # Pass 1: find every mention and build the index. Titles may be stated in
    # a later document than a citation, so links are made in pass 2.
    found: list[tuple[_Site, Citation, list[InstrumentMention], list[SymbolMention]]] = []
    for doc in documents:
        found_here = mentions[doc.info.slug] if mentions is not None else document_mentions(doc)
        for site, (instruments, symbols) in zip(_sites(doc), found_here, strict=True):
            citation = Citation(doc.info.slug, site.anchor, label(doc.info.slug, site.anchor))
            found.append((site, citation, instruments, symbols))
            for mention in instruments:
                entry = index.instruments.get(mention.key)
                if entry is None:
                    entry = index.instruments[mention.key] = InstrumentEntry(
                        mention.key, mention.body, mention.kind, mention.session, mention.number)
                entry.title = entry.title or mention.title
                if not _cites_itself(site, entry):
                    entry.cited_by.append(citation)
            for mention in symbols:
                symbol_entry = index.symbols.get(mention.symbol)
                if symbol_entry is None:
                    slug = next((corpus_symbols[p] for p in [mention.symbol, *mention.parts]
                                 if p in corpus_symbols), "")
                    symbol_entry = index.symbols[mention.symbol] = SymbolEntry(
                        mention.symbol, list(mention.parts), doc=slug)
                symbol_entry.cited_by.append(citation)
    _join_symbol_parts(index)
    # A site naming the same entry twice cites it once, where first named.
    for cited in [*index.instruments.values(), *index.symbols.values()]:
        cited.cited_by = list(dict.fromkeys(cited.cited_by))

    # Pass 2: spans and "cited by" links.
    by_slug = {doc.info.slug: doc for doc in documents}
    for site, citation, instruments, symbols in found:
        _link_pinpoints(site, citation, symbols, index, by_slug, label)
        if site.spans is None:
            continue
        for mention in instruments:
            entry = index.instruments[mention.key]
            if _cites_itself(site, entry):
                continue
            title = f"{BODY_NAMES.get(entry.body, entry.body)}{entry.heading}"
            if entry.title:
                title += f"：{entry.title}"
            _add_span(site.spans, Span(mention.start, mention.end, entry.href, "instrument", title,
                                       target_doc=entry.adopted_in, target_eid=entry.target_eid))
        for mention in symbols:
            symbol_entry = index.symbol_entry(mention.symbol)
            if symbol_entry.doc == site.doc.info.slug:
                continue  # a document naming itself: a link to the same page
            _add_span(site.spans, Span(mention.start, mention.end, symbol_entry.href, "symbol",
                                       symbol_entry.symbol, target_doc=symbol_entry.doc))
    _add_backlinks(documents, index)
    return index


def numbered_paragraph(doc: Document, number: int) -> Node | None:
    """The paragraph a document numbers ``number`` (at its top level)."""
    return next((n for n in doc.body if n.kind == "paragraph" and n.key == str(number) and n.id), None)


def _link_pinpoints(site: _Site, citation: Citation, symbols: list[SymbolMention], index: XrefIndex,
                    documents: dict[str, Document], label: CitationLabel) -> None:
    """A citation of a corpus document's paragraphs ("CTOC/COP/WG.2/2022/4，第7段和第10段")
    links each number to its paragraph, and the paragraph and the document
    list it as citing them."""
    for mention in symbols:
        slug = index.symbol_entry(mention.symbol).doc
        cited = documents.get(slug)
        if cited is None or slug == site.doc.info.slug:
            continue
        link = Link(citation.label, citation.href)
        listed_in = index.symbol_entry(mention.symbol).href
        cited.backlinks.append(link)  # made unique once all are known (_unique_backlinks)
        cited.backlinks_in = listed_in
        for pin in mention.pinpoints:
            targets = [p for p in (numbered_paragraph(cited, n) for n in pin.numbers) if p is not None]
            for paragraph in targets:
                paragraph.backlinks.append(link)
                paragraph.backlinks_in = listed_in
            if targets and site.spans is not None:
                _add_span(site.spans, Span(pin.start, pin.end, anchor_href(slug, targets[0].id), "pinpoint",
                                           label(slug, targets[0].id), target_doc=slug,
                                           target_eid=targets[0].eid))


def _join_symbol_parts(index: XrefIndex) -> None:
    """Make each single symbol of a joint symbol an alias of the joint entry.

    A part cited on its own somewhere is the same document: its citations
    join the joint entry's, by citing document in slug order.
    """
    for entry in list(index.symbols.values()):
        for part in entry.aliases:
            index.symbol_aliases.setdefault(part, entry.symbol)
    for part, joint in sorted(index.symbol_aliases.items()):
        alone = index.symbols.pop(part, None)
        if alone is not None:
            target = index.symbols[joint]
            target.doc = target.doc or alone.doc
            target.cited_by = sorted(target.cited_by + alone.cited_by, key=lambda c: c.doc)


def _cites_itself(site: _Site, entry: InstrumentEntry) -> bool:
    """The heading of a corpus resolution names its own number: not a citation."""
    return entry.target == anchor_href(site.doc.info.slug, site.anchor)


def _add_backlinks(documents: list[Document], index: XrefIndex) -> None:
    """"Cited by" links on each corpus resolution, in index order, once each."""
    for doc in documents:
        for node, kind, session, number in _corpus_instruments(doc):
            entry = index.instruments[instrument_key("cop", kind, session, number)]
            if entry.target != anchor_href(doc.info.slug, node.id):
                continue  # a second copy of a resolution held elsewhere
            node.backlinks.extend(Link(citation.label, citation.href) for citation in entry.cited_by)
            node.backlinks_in = resolution_href(entry.body, entry.session, entry.key)
    _unique_backlinks(documents)


def _unique_backlinks(documents: list[Document]) -> None:
    """Each backlink once, where first added (a set, not a scan of the list:
    an instrument of a large corpus is cited thousands of times)."""
    for doc in documents:
        for holder in [doc, *doc.walk()]:
            if len(holder.backlinks) > 1:
                holder.backlinks = list({(link.text, link.href, link.relation): link
                                         for link in holder.backlinks}.values())


# --- Outputs ------------------------------------------------------------------

def xref_json(index: XrefIndex) -> dict:
    """The machine-readable index written to ``xref.json``."""

    def cited(entry: InstrumentEntry | SymbolEntry) -> list[dict]:
        return [{"doc": c.doc, "anchor": c.anchor} for c in entry.cited_by]

    return {
        "version": 1,
        "instruments": [
            {"key": e.key, "body": e.body, "kind": e.kind, "number": e.number_text,
             "title": e.title, "target": e.target, "cited_by": cited(e),
             **({"symbol": e.official_symbol, "official_url": e.official_url} if e.official_symbol else {})}
            for e in index.sorted_instruments()
        ],
        "symbols": [
            {"symbol": e.symbol, "official_url": e.official_url, "target": e.target,
             "cited_by": cited(e), **({"parts": e.aliases} if e.aliases else {})}
            for e in index.sorted_symbols()
        ],
        # Each single symbol of a joint symbol, resolving to the joint entry.
        "symbol_aliases": [
            {"symbol": part, "id": symbol_id([part]), "entry": joint,
             "entry_id": symbol_id(split_symbol(joint)), "official_url": index.symbols[joint].official_url,
             "target": index.symbols[joint].target}
            for part, joint in sorted(index.symbol_aliases.items(), key=lambda kv: natural_key(kv[0]))
        ],
    }
