"""The URL scheme of the site (CONTRACT.md): page names, the files beside
them, and the links between them (an element's anchor id is its row of the
numbering table's: ``numbering.py``).

Every stage asks this module instead of formatting or parsing the strings
itself. It sits at the bottom with the model: it knows no grammar, so a
symbol comes in already split into its parts (``grammar.citations``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

# A page name (slug) or bundle name: lower-case ASCII, digits and hyphens.
SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")

# The official text of a symbol on the UN document resolver, in one of the
# six official languages (its code: grammar.languages); ours is Chinese.
OFFICIAL_RESOLVER = "https://undocs.org/"

# -- page names ---------------------------------------------------------------


def symbol_slug(parts: Sequence[str]) -> str:
    """CONTRACT.md: lower case, ``/`` → ``-``, dots dropped; a joint symbol
    (``parts``: its single symbols) by its first part."""
    return re.sub(r"-+", "-", parts[0].lower().replace("/", "-").replace(".", "")).strip("-")


def file_slug(filename: str) -> str:
    """A slug from a file name: its ASCII letters and digits, hyphen-joined."""
    stem = Path(filename).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return slug[:100] or "document"


def symbol_id(parts: Sequence[str]) -> str:
    """A lower-case ASCII HTML id for a symbol, unique per symbol.

    ``/`` becomes ``-``, the ``-`` joining the parts of a joint symbol becomes
    ``--`` and dots are dropped (``CTOC/COP/WG.2/2022/4`` ->
    ``ctoc-cop-wg2-2022-4``). The mapping is one-to-one on the symbol grammar:
    a dot only ever sits between letters and digits of one component, so
    dropping it loses nothing (and UN symbols do not differ by letter case
    alone).
    """
    return "--".join(p.replace("/", "-").replace(".", "") for p in parts).lower()


def official_url(symbol: str, language: str = "zh") -> str:
    """The official URL of a symbol on the UN document resolver, in
    ``language`` (an official language's code; Chinese unless said)."""
    return f"{OFFICIAL_RESOLVER}{language}/{symbol}"


# -- URLs and files -----------------------------------------------------------


def page_path(slug: str) -> str:
    """The URL of a document's page, relative to the site root (CONTRACT.md)."""
    return f"documents/{slug}.html"


def page_slug(path: str) -> str:
    """The slug of a document page's URL (the inverse of ``page_path``);
    ``path`` itself when it is not one."""
    m = re.fullmatch(r"documents/(.+)\.html", path)
    return m.group(1) if m else path


def anchor_href(slug: str, anchor: str) -> str:
    """The URL of one element of a document's page, relative to the site root."""
    return f"{page_path(slug)}#{anchor}"


def page_source(slug: str) -> str:
    """The Markdown file of a document's page, relative to the docs folder."""
    return f"documents/{slug}.md"


def anchors_page_path(slug: str) -> str:
    """The URL of the page listing a document's anchors, relative to the site root."""
    return f"anchors/{slug}.html"


def anchors_page_source(slug: str) -> str:
    """The Markdown file listing a document's anchors, relative to the docs folder."""
    return f"anchors/{slug}.md"


def timeline_page_path(year: int) -> str:
    """The URL of the timeline's page of one year, relative to the site root
    (``timeline.html`` is the index of the years)."""
    return f"timeline/{year}.html"


def timeline_page_source(year: int) -> str:
    """The Markdown file of the timeline's page of one year."""
    return f"timeline/{year}.md"


def timeline_month_path(year: int, month: int, part: int = 1) -> str:
    """The URL of one month's page of a year whose page is split by month
    (``timeline/2022/10.html``; a month split further: ``10-2.html``, …)."""
    return f"timeline/{year}/{month:02d}{'' if part == 1 else f'-{part}'}.html"


def event_id(start: date, identity: str) -> str:
    """The anchor of an event on its year page: its first day and a digest of
    what it is (kind, bodies, title), so that it stays while other events
    join the timeline (``ev-20221017-3f2a9c1b``)."""
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:8]
    return f"ev-{start:%Y%m%d}-{digest}"


# The anchor manifest (CONTRACT.md) and the cross-references, for tools.
MANIFEST_PATH = "anchors.json"
XREF_DATA = "data/xref.json"


def model_path(slug: str) -> str:
    """The URL of a document's structured model (JSON), relative to the site root."""
    return f"data/documents/{slug}.json"


def anchors_json_path(slug: str) -> str:
    """The URL of a document's anchors (the manifest's version 2: one file a
    document), relative to the site root; beside its anchor page."""
    return f"anchors/{slug}.json"


# The machine-readable timeline: the years, each naming its file of events.
TIMELINE_DATA = "data/timeline.json"


def timeline_data_path(year: int | str) -> str:
    """The URL of one year's events of the machine-readable timeline
    (``data/timeline.json`` lists the years and these files, so that no
    file grows with the collection)."""
    return f"data/timeline/{year}.json"


def akn_path(slug: str) -> str:
    """The URL of a document's Akoma Ntoso XML, relative to the site root."""
    return f"data/akn/{slug}.xml"


def ris_path(slug: str) -> str:
    """The URL of a document's citation as RIS (for reference managers),
    relative to the site root."""
    return f"data/ris/{slug}.ris"


# The Atom feed of the documents, newest first. In a folder of its own:
# Material fetches "sitemap.xml" beside every <link rel="alternate"> of a
# page (for its language selector; feed-link.js keeps it from seeing the
# feed's), and beside the feed that would be a small miss, not the whole
# site's sitemap on every page view.
FEED_PATH = "feeds/documents.xml"


def markdown_href(site_href: str) -> str:
    """A site-root href as a link from a Markdown page at the site root:
    Markdown pages link to ``.md`` files, which MkDocs rewrites to the built
    ``.html``."""
    path, sep, fragment = site_href.partition("#")
    if path.endswith(".html"):
        path = path[: -len(".html")] + ".md"
    return path + sep + fragment


def natural_key(text: str) -> list[int | str]:
    """Sort key that orders numbers by value (``para-9`` before ``para-10``,
    ``CTOC/COP/2010/2`` before ``CTOC/COP/2010/10``): text and numbers
    alternate, so items compare str with str and int with int."""
    return [int(chunk) if chunk.isdigit() else chunk for chunk in re.split(r"(\d+)", text)]


# -- the corpus-wide indexes, in parts ----------------------------------------
# The resolution index is split by body and session, the symbol index by
# series; each part is its own page below the index page, which keeps its
# URL and forwards an old link's fragment to the part that holds it.

RESOLUTIONS_PAGE = "resolutions.html"
SYMBOLS_PAGE = "symbols.html"


def resolution_part(body: str, session: int) -> str:
    """The name of the resolution index's part for one body and session (``cop-11``)."""
    return f"{body}-{session}"


def resolution_part_path(part: str) -> str:
    """The URL of a part of the resolution index, relative to the site root."""
    return f"resolutions/{part}.html"


def resolution_href(body: str, session: int, key: str) -> str:
    """The entry of an instrument (``key``: ``cop-res-7-1``) in the resolution index."""
    return f"{resolution_part_path(resolution_part(body, session))}#{key}"


def symbol_part(series: str) -> str:
    """The name of the symbol index's part for one series (``CTOC/COP/2024`` ->
    ``ctoc-cop-2024``): the series comes from ``grammar.citations.symbol_series``."""
    return symbol_slug([series])


def symbol_part_path(part: str) -> str:
    """The URL of a part of the symbol index, relative to the site root."""
    return f"symbols/{part}.html"


def symbol_href(series: str, parts: Sequence[str]) -> str:
    """The entry of a symbol (split into its single symbols) in the symbol index."""
    return f"{symbol_part_path(symbol_part(series))}#{symbol_id(parts)}"


def citing_page_path(part_path: str, entry_id: str, number: int) -> str:
    """The ``number``-th page (from 1) of the places citing an index entry
    too often cited for its part to list them all, in a folder beside the
    part: ``resolutions/cop-7/cop-res-7-1/1.html``."""
    return f"{part_path.removesuffix('.html')}/{entry_id}/{number}.html"


def markdown_source(site_path: str) -> str:
    """The Markdown file of a page, relative to the docs folder (``x.html`` -> ``x.md``)."""
    return site_path[: -len(".html")] + ".md" if site_path.endswith(".html") else site_path


def decade(year: int) -> int:
    """The first year of the decade of ``year`` (2024 -> 2020)."""
    return year // 10 * 10


def decade_page_path(first_year: int) -> str:
    """The page listing the years of one decade of the navigation (its
    section's own page): ``years/2020-2029/index.html``."""
    return f"years/{first_year}-{first_year + 9}/index.html"


def year_page_path(year: str) -> str:
    """The page listing the documents of one year of the navigation (its
    section's own page, so it is an ``index.html``); ``year`` is four digits,
    any other group is ``other``."""
    return f"years/{year if year.isdigit() else 'other'}/index.html"
