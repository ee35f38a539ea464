"""The index pages of the corpus: resolutions and decisions by body and
session, and every symbol cited, by series. The index comes from
``corpus.xref``.

Each index is a small page at its old URL (``resolutions.html``,
``symbols.html``) leading to its parts, one page per body and session
(``resolutions/cop-11.html``) or per series (``symbols/ctoc-cop-2024.html``):
an index grows with the corpus, a part only with its own session or
series. The index page carries the part of every id it once held, so that
an old link with a fragment is forwarded (``index-parts.js``).

The parts link with HTML written here, relative to the part (like the
document pages), so that their conversion depends on their Markdown alone
and they are converted on every core (``publishing.site.convert_pages``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from jinja2 import Environment

from ..corpus.xref import XrefIndex, doc_label
from ..grammar.citations import BODY_NAMES, symbol_series
from ..grammar.dates import find_dates
from ..grammar.numerals import session_name
from ..ids import (
    RESOLUTIONS_PAGE,
    SYMBOLS_PAGE,
    citing_page_path,
    decade,
    decade_page_path,
    markdown_href,
    markdown_source,
    page_source,
    resolution_part,
    resolution_part_path,
    symbol_part,
    symbol_part_path,
    year_page_path,
)
from ..model import DOC_TYPE_NAMES, Document, DocumentInfo
from .citations import document_name
from .mdtext import escape_html, escape_inline, relative_href
from .templating import plain_overlay


@dataclass
class _Group:
    """A heading of an index with the entries or subgroups below it."""

    id: str
    name: str
    items: list = field(default_factory=list)


@dataclass
class _Part:
    """One page of an index: its name, the site path, what it lists."""

    name: str
    path: str
    title: str
    entries: list = field(default_factory=list)
    session: str = ""  # a part of the resolution index: its session, as the documents name it (第七届会议)


def _instrument_groups(index: XrefIndex) -> list[_Group]:
    """Body -> session -> entries, in the index order; each session a part."""
    groups: list[_Group] = []
    for entry in index.sorted_instruments():
        if not groups or groups[-1].id != entry.body:
            groups.append(_Group(entry.body, BODY_NAMES.get(entry.body, entry.body)))
        sessions = groups[-1].items
        part = resolution_part(entry.body, entry.session)
        if not sessions or sessions[-1].name != part:
            session = session_name(entry.session)
            sessions.append(_Part(part, resolution_part_path(part), f"{groups[-1].name}{session}", session=session))
        sessions[-1].entries.append(entry)
    return groups


def _series_stem(series: str) -> str:
    """The heading a series stands under on the symbol index: the series
    without its number (``CTOC/COP/2024`` -> ``CTOC/COP``)."""
    head, _, last = series.rpartition("/")
    return head if head and last.isdigit() else series


def _symbol_groups(index: XrefIndex) -> list[_Group]:
    """Series stem -> series (each a part) -> entries, in the index order."""
    parts: dict[str, _Part] = {}
    for entry in index.sorted_symbols():
        series = symbol_series(entry.symbol)
        if series not in parts:
            name = symbol_part(series)
            parts[series] = _Part(name, symbol_part_path(name), series)
        parts[series].entries.append(entry)
    groups: dict[str, _Group] = {}
    for series, part in parts.items():
        stem = _series_stem(series)
        groups.setdefault(stem, _Group(stem, stem)).items.append(part)
    return list(groups.values())


# How many places citing an entry its part lists; an entry cited more often
# (a resolution of a corpus of thousands is cited thousands of times) links
# to pages of its own, CITED_PER_PAGE places each, that list them all in
# index order: no page grows past a megabyte with the corpus (issue 18).
CITED_IN_PART = 50
CITED_PER_PAGE = 1000


@dataclass
class _CitingPage:
    """One page of the places citing an entry."""

    path: str
    number: int
    citations: list


def _citing_pages(part: _Part, entry_id: str, cited_by: list) -> list[_CitingPage]:
    """The pages listing every place citing an entry, or none when its part lists them all."""
    if len(cited_by) <= CITED_IN_PART:
        return []
    chunks = [cited_by[i:i + CITED_PER_PAGE] for i in range(0, len(cited_by), CITED_PER_PAGE)]
    return [_CitingPage(citing_page_path(part.path, entry_id, k), k, chunk)
            for k, chunk in enumerate(chunks, start=1)]


def _citing_page_markdown(env: Environment, part: _Part, heading: str, entry_id: str,
                          pages: list[_CitingPage]) -> dict[str, str]:
    template = env.get_template("citing-page.md.j2")
    return {markdown_source(page.path): template.render(
        page=page, pages=pages, heading=heading, entry_href=f"{part.path}#{entry_id}", part=part,
        offset=(page.number - 1) * CITED_PER_PAGE) for page in pages}


def _attr(html_id: str) -> str:
    """An attr_list id for a heading. Ids are generated ASCII, never source text."""
    return "{#" + html_id + "}"


def _environment(index: XrefIndex) -> Environment:
    env = plain_overlay()
    # Text reaches the pages only through "md" (escape_inline: every page line
    # is made by the template, text only continues it).
    env.filters["md"] = escape_inline
    env.filters["html"] = escape_html
    env.filters["page_href"] = markdown_href
    env.filters["rel"] = relative_href
    env.filters["attr"] = _attr
    # A document as a citation names it: its symbol, else its title (citations.py).
    env.filters["doc_label"] = lambda slug: document_name(index.documents[slug])
    env.filters["doc_title"] = lambda slug: (
        index.documents[slug].title or doc_label(index.documents[slug]))
    return env


def _forwarding(targets: dict[str, str], by_prefix: bool = False) -> str:
    """The hidden element naming, for each id the index page once held, where
    it stands now (site-root paths); read by ``index-parts.js``. With
    ``by_prefix``, an id that starts with the name of a part linked from the
    page (the longest, then "-") is in that part and is not listed."""
    data = json.dumps(targets, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    prefix = ' data-by-prefix=""' if by_prefix else ""
    return f'<div class="index-parts" hidden{prefix} data-parts="{escape_html(data)}"></div>\n'


def part_by_prefix(html_id: str, names: Iterable[str]) -> str | None:
    """The part an id belongs to by the prefix rule of ``_forwarding``
    (``index-parts.js`` applies the same rule)."""
    found = [name for name in names if html_id.startswith(name + "-")]
    return max(found, key=len) if found else None


def _instrument_targets(groups: list[_Group]) -> dict[str, str]:
    targets: dict[str, str] = {}
    for body in groups:
        for part in body.items:
            # The session heading of the one-page index (cop-session-11).
            targets[f"{body.id}-session-{part.entries[0].session}"] = part.path
            for entry in part.entries:
                targets[entry.key] = f"{part.path}#{entry.key}"
    return targets


def _symbol_targets(groups: list[_Group]) -> dict[str, str]:
    """The ids of the one-page symbol index that the prefix rule does not
    place (a joint symbol's other parts): thousands of series would
    otherwise make a map of every symbol bigger than the page."""
    names = [part.name for part in _parts(groups)]
    targets: dict[str, str] = {}
    for group in groups:
        for part in group.items:
            for entry in part.entries:
                for html_id in (entry.id, *entry.alias_ids):
                    if part_by_prefix(html_id, names) != part.name:
                        targets[html_id] = f"{part.path}#{html_id}"
    return targets


def _parts(groups: Iterable[_Group]) -> list[_Part]:
    return [part for group in groups for part in group.items]


def xref_pages(index: XrefIndex) -> dict[str, str]:
    """Markdown of the index pages and their parts, by file name relative to
    the docs root."""
    env = _environment(index)
    instruments = _instrument_groups(index)
    symbols = _symbol_groups(index)
    pages = {
        markdown_source(RESOLUTIONS_PAGE): env.get_template("resolutions.md.j2").render(
            groups=instruments, forwarding=_forwarding(_instrument_targets(instruments))),
        markdown_source(SYMBOLS_PAGE): env.get_template("symbols.md.j2").render(
            groups=symbols, forwarding=_forwarding(_symbol_targets(symbols), by_prefix=True)),
    }
    part_template = env.get_template("resolutions-part.md.j2")
    for part in _parts(instruments):
        citing = {entry.key: _citing_pages(part, entry.key, entry.cited_by) for entry in part.entries}
        pages[markdown_source(part.path)] = part_template.render(
            part=part, index_page=RESOLUTIONS_PAGE, citing=citing, CITED_IN_PART=CITED_IN_PART)
        for entry in part.entries:
            pages.update(_citing_page_markdown(env, part, f"{BODY_NAMES.get(entry.body, entry.body)}{entry.heading}",
                                               entry.key, citing[entry.key]))
    part_template = env.get_template("symbols-part.md.j2")
    for part in _parts(symbols):
        citing = {entry.id: _citing_pages(part, entry.id, entry.cited_by) for entry in part.entries}
        pages[markdown_source(part.path)] = part_template.render(
            part=part, index_page=SYMBOLS_PAGE, citing=citing, CITED_IN_PART=CITED_IN_PART)
        for entry in part.entries:
            pages.update(_citing_page_markdown(env, part, entry.symbol, entry.id, citing[entry.id]))
    return pages


def index_parts(pages: Iterable[str]) -> list[str]:
    """The Markdown paths of the index parts among ``pages`` (the pages that
    are converted on every core, and kept out of the navigation)."""
    folders = tuple(path.rpartition("/")[0] + "/" for path in (resolution_part_path("x"), symbol_part_path("x")))
    return sorted(src for src in pages if src.startswith(folders))


# -- the list of documents (home page and the year pages) -----------------------

_SESSION = re.compile(r"第[一二三四五六七八九十百零〇\d]+届会议")


@dataclass
class DocumentRow:
    """What the list of documents shows of one document, each field the
    document's own words (front matter, title) or nothing."""

    slug: str
    symbol: str
    title: str
    kind: str
    session: str
    issued: str  # the document's date of issue, else the day it says it was adopted
    meeting_dates: str
    place: str
    year: str


def _session(info: DocumentInfo) -> str:
    """The session the document is for: its front matter's line (without a
    footnote's asterisk), else the words of its title that name it."""
    if info.session:
        return info.session.rstrip("*＊ ")
    m = _SESSION.search(info.title)
    return m.group() if m else ""


def _issued(info: DocumentInfo) -> str:
    if info.date:
        return info.date
    return f"{info.adopted}（通过）" if info.adopted else ""


def newest_first_key(info: DocumentInfo) -> tuple:
    """The meeting's first day, then the date of issue; newest first."""
    meeting = find_dates(info.meeting_dates or info.session_dates)
    first_day = meeting[0].start_date.isoformat() if meeting else ""
    return (first_day, info.date or info.adopted, info.symbol or info.slug)


# How many documents the home page lists, by whole years, newest first (at
# least the newest year); the older years are linked to their own pages,
# which list theirs. A home page of every document of thousands would be
# megabytes (issue 18).
HOME_ROWS = 500


@dataclass
class OlderYear:
    """A year the home page links to instead of listing its documents."""

    year: str
    count: int


def home_listing(rows: list[DocumentRow], limit: int = HOME_ROWS) -> tuple[list[DocumentRow], list[OlderYear]]:
    """The rows the home page lists (the newest years' documents, in the
    order of ``rows``) and the years it links to, newest first."""
    counts = year_counts(rows)
    years = sorted(counts, key=lambda y: (y.isdigit(), y), reverse=True)
    listed: set[str] = set()
    total = 0
    for year in years:
        if listed and total + counts[year] > limit:
            break
        listed.add(year)
        total += counts[year]
    older = [OlderYear(year, counts[year]) for year in years if year not in listed]
    return [row for row in rows if row.year in listed], older


# The group of the documents whose text names no year.
NO_YEAR = "其他"


def listed_year(info: DocumentInfo) -> str:
    """The year a document is listed under: its own (``DocumentInfo.year``)."""
    return info.year or NO_YEAR


def document_rows(docs: list[Document]) -> list[DocumentRow]:
    """The documents by session and date, newest first."""
    infos = sorted((d.info for d in docs), key=newest_first_key, reverse=True)
    return [DocumentRow(info.slug, info.symbol, info.title, DOC_TYPE_NAMES.get(info.doc_type, info.doc_type),
                        _session(info), _issued(info), info.meeting_dates, info.meeting_place or info.place,
                        listed_year(info)) for info in infos]


def year_counts(rows: list[DocumentRow]) -> dict[str, int]:
    """How many documents each year lists, in the order the years first come."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.year] = counts.get(row.year, 0) + 1
    return counts


def year_heading(year: str) -> str:
    """The heading of a year's page of documents (``listed_year``)."""
    return f"{year} 年的文件" if year.isdigit() else "其他文件"


def year_pages(rows: list, env) -> dict[str, str]:
    """The page of each year of the navigation (by Markdown path): the list
    of its documents."""
    years: dict[str, list] = {}
    for row in rows:
        years.setdefault(row.year, []).append(row)
    template = env.get_template("year.md.j2")
    return {markdown_source(year_page_path(year)): template.render(
        rows=listed, page=year_page_path(year), heading=year_heading(year))
        for year, listed in years.items()}


def decade_heading(first_year: int) -> str:
    """The name of a decade of the navigation (``2020—2029 年``)."""
    return f"{first_year}—{first_year + 9} 年"


def decade_pages(rows: list, env) -> dict[str, str]:
    """The page of each decade of the navigation (by Markdown path): its
    years, newest first, each with how many documents it lists."""
    counts: dict[int, dict[str, int]] = {}
    for year, count in year_counts(rows).items():
        if year.isdigit():
            counts.setdefault(decade(int(year)), {})[year] = count
    template = env.get_template("decade.md.j2")
    pages = {}
    for first, by_year in counts.items():
        page = decade_page_path(first)
        pages[markdown_source(page)] = template.render(
            heading=f"{decade_heading(first)}的文件", page=page,
            years=[{"href": year_page_path(y), "name": year_heading(y), "count": by_year[y]}
                   for y in sorted(by_year, reverse=True)])
    return pages


def navigation(docs: list[Document]) -> list:
    """The site navigation, for readers; documents grouped by decade and year.

    Grouping keeps the rendered navigation of each page small: with
    navigation.prune, a page carries the decades, its own decade's years
    and its own year's documents, so the navigation grows with the decades,
    not with the documents or the years. With prune, Material links a
    section it does not open to the first page in it: each section's first
    page is its own list (navigation.indexes: a page named index.md), the
    home page for "文件", the decade's page for a decade and the year's page
    for a year, so opening a section never opens one document. The anchor
    index is a tool for developers: linked from the home page, not listed
    here.
    """
    years: dict[str, list] = {}
    for d in docs:
        years.setdefault(listed_year(d.info), []).append({(d.info.symbol or d.info.title): page_source(d.info.slug)})
    sections: list = ["index.md"]
    for year in sorted(years, key=lambda y: (y.isdigit(), y), reverse=True):
        item = {year: [markdown_source(year_page_path(year))] + years[year]}
        if not year.isdigit():
            sections.append(item)
            continue
        name = decade_heading(decade(int(year)))
        if not isinstance(sections[-1], dict) or name not in sections[-1]:
            sections.append({name: [markdown_source(decade_page_path(decade(int(year))))]})
        sections[-1][name].append(item)
    return [
        {"文件": sections},
        {"决议和决定索引": "resolutions.md"},
        {"文号索引": "symbols.md"},
        {"时间线": "timeline.md"},
        {"建议与核可案文对照": "recommendations.md"},
    ]
