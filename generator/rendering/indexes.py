"""The index pages of the corpus: resolutions and decisions by body and
session, and every symbol cited. The index comes from ``corpus.xref``."""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment

from ..corpus.xref import BODIES, XrefIndex, doc_label
from ..ids import markdown_href
from .citations import document_name
from .mdtext import escape_inline
from .templating import plain_overlay


@dataclass
class _Group:
    """A heading of the resolutions page with the entries or subgroups below it."""

    id: str
    name: str
    items: list = field(default_factory=list)


def _instrument_groups(index: XrefIndex) -> list[_Group]:
    """Body -> session -> entries, in the index order."""
    groups: list[_Group] = []
    for entry in index.sorted_instruments():
        if not groups or groups[-1].id != entry.body:
            groups.append(_Group(entry.body, BODIES.get(entry.body, entry.body)))
        sessions = groups[-1].items
        session_id = f"{entry.body}-session-{entry.session}"
        if not sessions or sessions[-1].id != session_id:
            sessions.append(_Group(session_id, f"第 {entry.session} 届会议"))
        sessions[-1].items.append(entry)
    return groups


def _attr(html_id: str) -> str:
    """An attr_list id for a heading. Ids are generated ASCII, never source text."""
    return "{#" + html_id + "}"


def _environment(index: XrefIndex) -> Environment:
    env = plain_overlay()
    # Text reaches the pages only through "md" (escape_inline: every page line
    # is made by the template, text only continues it).
    env.filters["md"] = escape_inline
    env.filters["page_href"] = markdown_href
    env.filters["attr"] = _attr
    # A document as a citation names it: its symbol, else its title (citations.py).
    env.filters["doc_label"] = lambda slug: document_name(index.documents[slug])
    env.filters["doc_title"] = lambda slug: (
        index.documents[slug].title or doc_label(index.documents[slug]))
    return env


def xref_pages(index: XrefIndex) -> dict[str, str]:
    """Markdown of the index pages, by file name relative to the docs root."""
    env = _environment(index)
    return {
        "resolutions.md": env.get_template("resolutions.md.j2").render(
            groups=_instrument_groups(index)),
        "symbols.md": env.get_template("symbols.md.j2").render(
            symbols=index.sorted_symbols()),
    }
