"""A document page (generator.rendering.document): the places citing an
element are listed up to CITED_SHOWN, and the page links to the index
entry that lists them all. Checked on the HTML Python-Markdown makes of
the page, against the backlinks the element holds."""

from __future__ import annotations

import posixpath
import random
import re

from generator.model import Document, DocumentInfo, Link, Node
from generator.rendering.document import CITED_SHOWN, render_document
from generator.rendering.templating import environment
from tests.helpers import page_html

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
