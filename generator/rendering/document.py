"""Render the document model to Markdown through the Jinja2 templates.

Rendering never parses: it reads nodes, ids and spans, and sends every
piece of source text through ``mdtext`` (the one place text enters
Markdown). Structure is Markdown with attribute lists, which both MkDocs
and its successor understand; tables and the header block are HTML blocks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment

from ..grammar.citations import split_symbol
from ..grammar.languages import BY_CODE, OFFICIAL_LANGUAGES
from ..ids import akn_path, official_url, page_path, ris_path
from ..model import DOC_TYPE_NAMES, Document, Node
from ..numbering import TITLE, Place
from .citations import cite, document_name, document_places
from .mdtext import escape_html, escape_markdown, render_text, script_json


@dataclass
class Block:
    """A node placed on the page: its depth and, for headings, its level."""

    node: Node
    depth: int
    heading: int = 0  # h2..h6 for headings, 0 otherwise


@dataclass
class HeaderRow:
    """A row of a document's header that holds the document's own words
    (its session, dates, the agenda items it is issued under and their
    titles, its sub-title, the other lines of its front matter, its
    distribution line): the term shown before it, its text, and its id on
    the page (``doc-header-p{k}``, in the header's order), which search
    results open. ``agenda``: the row is an agenda item's title."""

    term: str
    text: str
    id: str
    css: str = ""
    agenda: bool = False


HEADER_ID = "doc-header"


def header_rows(doc: Document) -> list[HeaderRow]:
    """The header rows of ``doc`` holding its own words, in the header's order."""
    info = doc.info
    rows: list[tuple[str, str, str, bool]] = []
    if info.session:
        rows.append(("届会", info.session, "", False))
    if info.session_dates:
        rows.append(("日期和地点", info.session_dates, "", False))
    if info.agenda_items:
        rows.append(("临时议程项目", info.agenda_items, "", False))
    rows.extend((f"项目 {item.number}", item.title, "doc-agenda-title", True) for item in info.agenda_titles)
    if info.subtitle:
        rows.append(("副标题", info.subtitle, "doc-subtitle", False))
    rows.extend(("页首" if k == 0 else "", line, "", False) for k, line in enumerate(info.front_matter))
    return [HeaderRow(term, text, f"{HEADER_ID}-p{k}", css, agenda)
            for k, (term, text, css, agenda) in enumerate(rows, start=1)]


def render_anchors_page(doc: Document, env: Environment) -> str:
    """The list of every anchor of ``doc``, by structure."""
    return env.get_template("anchors-document.md.j2").render(doc=doc)


def anchor_count(doc: Document) -> int:
    """Anchors listed on a document's anchor page: its elements and footnotes."""
    return sum(1 for node in doc.walk() if node.id) + sum(1 for fn in doc.footnotes if fn.id)


def layout(doc: Document) -> list[Block]:
    """The nodes in reading order with their depth and heading level.

    Section headings, resolutions, annexes and agenda annotations become
    page headings (and so the page's table of contents); everything nested
    inside a paragraph or resolution stays a block at its depth.
    """
    out: list[Block] = []
    section = 1  # level of the last section heading; h1 is the title
    instrument_level = 2

    def nested(node: Node, depth: int) -> None:
        for child in node.children:
            if child.kind == "annex":
                out.append(Block(child, 0, min(6, instrument_level + 1)))
                nested(child, 1)
                continue
            out.append(Block(child, depth))
            nested(child, depth + 1)

    for node in doc.body:
        if node.kind == "heading":
            if node.level in (1, 2, 3):
                section = node.level + 1
                out.append(Block(node, 0, section))
            else:
                out.append(Block(node, 0, min(6, section + 1)))
        elif node.kind in ("resolution", "decision"):
            instrument_level = min(6, section + 1)
            out.append(Block(node, 0, instrument_level))
            nested(node, 1)
            continue
        elif node.kind == "annex":
            section = 2
            instrument_level = 2
            out.append(Block(node, 0, 2))
        elif node.kind == "item":  # an annotated item, or its sub-item ((a))
            out.append(Block(node, 0, 4 if node.row.form == "letter" else 3))
        else:
            out.append(Block(node, 0))
        nested(node, 1)
    return out


def node_markdown(node: Node, page: str) -> str:
    """Escaped text of a node with its links, the label kept as visible text."""
    text = render_text(node.text, node.spans, page)
    if not node.label:
        return text
    label = escape_markdown(node.label)
    if node.role == "inferred":
        label = f'<span class="label-inferred" title="编号据文件顺序推定">{escape_html(node.label)}</span>'
    joined = f"{label} {text}" if text else label
    return joined


# The page's title (h1): the document as a whole, cited by its name.
TITLE_ID = TITLE.id


def citation_table(doc: Document, places: dict[str, Place]) -> str:
    """What the paragraph tools copy, for every anchored element and for
    the document as a whole (its title): its full citation and its place
    (for the controls' names), as JSON for the page.

    Most citations are the document's name and the place (《…》，第 70 段),
    or, in a resolution or decision, the place and the document that holds
    it (…第 11/1 号决定（载于《…》）): those are written as the place alone
    (a string, or a list of the place alone), after what they share written
    once (under the keys "" and "…"); permalinks.js puts them together
    again. Written whole, the document's name repeated for every element
    was a third of a page's bytes."""
    name = document_name(doc.info)
    rows = {TITLE_ID: (cite(doc.info, None), name)}
    rows.update({node_id: (cite(doc.info, place), place.text or name) for node_id, place in places.items()})

    def most_common(parts: list[str]) -> str:
        counts = Counter(parts)
        return min(counts, key=lambda h: (-counts[h], h)) if counts else ""

    prefix = most_common([c[: len(c) - len(p)] for c, p in rows.values() if p and c.endswith(p) and c != p])
    suffix = most_common([c[len(p):] for c, p in rows.values()
                          if p and c.startswith(p) and c != p and c != prefix + p])
    table: dict[str, object] = {}
    if prefix:
        table[""] = prefix
    if suffix:
        table["…"] = suffix
    for node_id, (citation, place) in rows.items():
        if prefix and place and citation == prefix + place:
            table[node_id] = place
        elif suffix and place and citation == place + suffix:
            table[node_id] = [place]
        else:
            table[node_id] = [citation, place]
    return script_json(table)


def official_texts(doc: Document) -> list[tuple[str, str]]:
    """(symbol, URL) of the official text of each symbol the document bears
    (a joint report bears two)."""
    if not doc.info.symbol:
        return []
    return [(part, official_url(part)) for part in split_symbol(doc.info.symbol)]


@dataclass
class LanguageVersion:
    """The document in one official language at undocs.org."""

    code: str
    name: str  # the language's name in itself (English, Français)
    chinese: str  # its Chinese name (英文)
    url: str
    original: bool  # the language the document says it was written in


def language_versions(doc: Document) -> list[tuple[str, list[LanguageVersion]]]:
    """(symbol, its versions in the six official languages) for each
    symbol the document bears; none without a symbol."""
    if not doc.info.symbol:
        return []
    return [(part, [LanguageVersion(lang.code, lang.own, lang.chinese, official_url(part, lang.code),
                                    lang.code == doc.info.original_language) for lang in OFFICIAL_LANGUAGES])
            for part in split_symbol(doc.info.symbol)]


# How many of the places citing an element its page lists (the index entry
# it links to lists them all): a resolution of a corpus of thousands is
# cited thousands of times, and a page holding every one would not open
# on a small machine (issue 18: no page over 1 MB).
CITED_SHOWN = 20


def render_document(doc: Document, env: Environment, extra: str = "") -> str:
    page = page_path(doc.info.slug)
    places = document_places(doc)  # the document numbered, if it was built by hand
    header_refs = {fn.marker: fn for fn in doc.footnotes if fn.marker.startswith("*") and fn.ref_id}
    template = env.get_template("document.md.j2")
    official = official_texts(doc)
    original = BY_CODE.get(doc.info.original_language)
    return template.render(
        doc=doc, info=doc.info, blocks=layout(doc), page=page,
        node_md=lambda n: node_markdown(n, page),
        footnote_md=lambda fn: render_text(fn.text, fn.spans, page),
        footnote_refs=lambda fn: fn.refs,
        header_value=lambda text: _header_value(text, header_refs),
        doc_type_name=DOC_TYPE_NAMES.get(doc.info.doc_type, ""),
        citation=cite(doc.info, None), citations=citation_table(doc, places),
        place_of=lambda node: node.place.text if node.place else document_name(doc.info),
        counted_of=lambda node: node.place.counted if node.place else "",
        any_counted=any(place.counted for place in places.values()),
        official=official, official_link=official[0][1] if official else "",
        languages=language_versions(doc), original=original, ris=ris_path(doc.info.slug),
        akn=akn_path(doc.info.slug),
        extra=extra, CITED_SHOWN=CITED_SHOWN, contents=doc.contents, header_rows=header_rows(doc),
    )


def _header_value(text: str, refs: dict) -> str:
    """Header text with its asterisk markers linked to their footnotes."""
    out = []
    pos = 0
    for m in re.finditer(r"\*+", text):
        out.append(escape_html(text[pos:m.start()]))
        fn = refs.get(m.group())
        if fn is None:
            out.append(escape_html(m.group()))
        else:
            out.append(f'<sup class="fnref" id="{fn.ref_id}"><a href="#{fn.id}">{escape_html(m.group())}</a></sup>')
        pos = m.end()
    out.append(escape_html(text[pos:]))
    return "".join(out)
