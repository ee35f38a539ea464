"""The index parts (generator.rendering.indexes): an entry cited more often
than its part lists links to pages of its own that list every citation.
Citations are drawn at random with a fixed seed; what is checked is read
back from the HTML Python-Markdown makes of each page, against the
citations themselves."""

from __future__ import annotations

import posixpath
import random
import re

from generator.corpus.xref import Citation, InstrumentEntry, SymbolEntry, XrefIndex
from generator.model import DocumentInfo
from generator.rendering import indexes
from generator.rendering.indexes import xref_pages
from tests.helpers import page_html


def links(html: str, page: str) -> list[str]:
    """Every link of a page, as a site-root path."""
    return [posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0])) +
            ("#" + href.split("#")[1] if "#" in href else "") for href in re.findall(r'href="([^"]+)"', html)]


def corpus(rng: random.Random) -> tuple[XrefIndex, dict[str, list[Citation]]]:
    index = XrefIndex()
    slugs = [f"doc-{i}" for i in range(40)]
    for slug in slugs:
        index.documents[slug] = DocumentInfo(slug=slug, source_path=f"source/{slug}.txt", source_sha256="0" * 64,
                                             title=f"文件{slug}")
    cited: dict[str, list[Citation]] = {}
    for number, count in enumerate([0, 3, indexes.CITED_IN_PART, indexes.CITED_IN_PART + 1,
                                    rng.randrange(indexes.CITED_PER_PAGE + 1, 3 * indexes.CITED_PER_PAGE)], start=1):
        citations = [Citation(rng.choice(slugs), f"para-{k}", f"引用{number}-{k}") for k in range(count)]
        entry = InstrumentEntry(f"cop-res-7-{number}", "cop", "res", 7, number, cited_by=citations)
        index.instruments[entry.key] = entry
        cited[entry.key] = citations
        symbol = SymbolEntry(f"A/RES/7/{number}", [f"A/RES/7/{number}"], cited_by=citations)
        index.symbols[symbol.symbol] = symbol
        cited[symbol.id] = citations
    return index, cited


def test_each_citation_is_listed_once_in_its_part_or_on_the_entrys_own_pages() -> None:
    index, cited = corpus(random.Random(5))
    pages = xref_pages(index)
    found = set()
    for part_source in ("resolutions/cop-7.md", "symbols/a-res-7.md"):
        part = part_source.replace(".md", ".html")
        html = page_html(pages[part_source])
        for entry_id, citations in cited.items():
            if f'id="{entry_id}"' not in html:
                continue
            found.add(entry_id)
            section = html.split(f'id="{entry_id}"', 1)[1].split("<h2", 1)[0]
            listed = [h for h in links(section, part) if h.startswith("documents/")]
            own = sorted({h for h in links(section, part) if h.startswith(part.removesuffix(".html") + "/")})
            hrefs = [c.href for c in citations]
            if len(citations) <= indexes.CITED_IN_PART:
                assert listed == hrefs and own == []
                continue
            assert listed == hrefs[:indexes.CITED_IN_PART]
            assert len(own) == -(-len(citations) // indexes.CITED_PER_PAGE)
            everything = []
            for number, page in enumerate(sorted(own, key=lambda p: int(p.rsplit("/", 1)[1][:-5])), start=1):
                converted = page_html(pages[page.replace(".html", ".md")])
                page_links = links(converted, page)
                assert f"{part}#{entry_id}" in page_links  # back to the entry
                body = [h for h in page_links if h.startswith("documents/")]
                assert len(body) <= indexes.CITED_PER_PAGE
                assert f"（第 {number} 页，共 {len(own)} 页）" in converted
                everything += body
            assert everything == hrefs
    assert found == set(cited)
