"""A document page (generator.rendering.document): the places citing an
element are listed up to CITED_SHOWN, and the page links to the index
entry that lists them all. Checked on the HTML Python-Markdown makes of
the page, against the backlinks the element holds."""

from __future__ import annotations

import posixpath
import random
import re

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.model import Document, DocumentInfo, Link, Node
from generator.publishing.build import link_corpus, read_corpus
from generator.rendering.document import CITED_SHOWN, render_document
from generator.rendering.templating import environment
from tests.helpers import CONFIG, PROJECT, SOURCE, page_html

PAGE = "documents/report.html"




def cited_list(html: str, node_id: str) -> list[str]:
    """The links of the "cited by" list of one element, as site-root paths."""
    block = re.search(rf'<details class="backlinks cited-by" data-for="{node_id}">(.*?)</details>', html, re.DOTALL)
    assert block, node_id
    return [posixpath.normpath(posixpath.join("documents", h.split("#")[0])) + "#" + h.split("#")[1]
            for h in re.findall(r'href="([^"]+)"', block.group(1))]


def test_a_page_lists_the_first_citing_places_and_links_to_the_whole_list() -> None:
    rng = random.Random(3)
    counts = [1, CITED_SHOWN, CITED_SHOWN + 1, rng.randrange(CITED_SHOWN + 2, 500)]
    body = []
    for number, count in enumerate(counts, start=1):
        links = [Link(f"引用 {k}", f"documents/other-{rng.randrange(9)}.html#para-{k}") for k in range(count)]
        body.append(Node("resolution", f"决议{number}", label=f"第 7/{number} 号决议", id=f"res-7-{number}",
                         backlinks=links, backlinks_in=f"resolutions/cop-7.html#cop-res-7-{number}"))
    doc = Document(DocumentInfo(slug="report", source_path="source/report.txt", source_sha256="0" * 64,
                                title="报告"), body, [])
    html = page_html(render_document(doc, environment()))
    for node, count in zip(body, counts, strict=True):
        listed = cited_list(html, node.id)
        expected = [link.href for link in node.backlinks[:CITED_SHOWN]]
        if count > CITED_SHOWN:
            expected.append(node.backlinks_in)
            assert f"另有 {count - CITED_SHOWN} 处" in html
        assert listed == expected, node.id
        assert f"被引用 {count} 次" in html


# --- The header of a note and a report's own contents (issue 30) -------------------

def _real(slug: str) -> tuple[Document, str]:
    """A real document, linked with the corpus, and its page's HTML."""
    readings = read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT)
    link_corpus(readings)
    (doc,) = [r.doc for r in readings if r.doc.info.slug == slug]
    return doc, page_html(render_document(doc, environment()))


def _header_rows(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<div class="doc-header".*?</dl>', html, re.DOTALL).group()
    return [(re.sub(r"<[^>]+>", "", dt), re.sub(r"<[^>]+>", "", dd))
            for dt, dd in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", block, re.DOTALL)]


def test_the_note_header_names_each_agenda_item_in_a_row_of_its_own_and_its_subtitle():
    _, html = _real("ctoc-cop-2022-5")
    rows = _header_rows(html)
    assert ("项目 2", "审议《联合国打击跨国有组织犯罪公约》及其各项议定书的实施情况") in rows
    assert ("项目 4", "国际合作，尤其侧重于引渡、司法协助和没收事宜国际合作，以及中央主管机关的设立与加强") in rows
    assert ("项目 5", "技术援助") in rows
    assert ("副标题", "秘书处的说明") in rows
    assert "页首" not in [dt for dt, _ in rows]
    # No header row holds a line of the PDF cut short.
    assert not [dd for _, dd in rows if dd in ("各项议定书的实施情况国际合作，尤其侧重于", "审议《联合国打击跨国有组织犯罪公约》及其")]


def test_the_session_report_shows_its_own_contents_linked_to_its_chapters():
    doc, html = _real("cop11-report")
    nav = re.search(r'<nav class="doc-contents".*?</nav>', html, re.DOTALL).group()
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    links = re.findall(r'<a href="#([^"]+)">', nav)
    assert links == [e.target for e in doc.contents] and len(links) == len(doc.contents)
    assert all(link in ids for link in links)
    # Navigation, not anchored text: nothing in it has an id.
    assert ' id="' not in nav
    # Every entry's words and printed page are there.
    for entry in doc.contents:
        assert entry.title in re.sub(r"<[^>]+>", "", nav)
        assert not entry.page or f'<span class="toc-page">{entry.page}</span>' in nav
