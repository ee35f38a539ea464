"""A printed document (issue 29, item 5): every document page printed to
PDF in Chromium (page.pdf, the print stylesheet), at a desktop's and a
phone's size, over http and from the unzipped bundle, and the PDF read
back as text (pypdf).

What it must keep: the document's own numbering (every numbered paragraph
of the source text, drawn by a fixed seed, starts a line with its number),
its footnotes, the numbers the site counted ([6], as on screen), and the
page's address (over http, the page's own; from disk the official text,
never a file path). What it leaves out: the paragraph tools, the counts of
citing places and the navigation.

Oracles: the source texts, the page's DOM in the browser (its footnotes and
its navigation links), and the PDF's own text.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import SOURCE, guarded_page, served

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def http_base(site_dir: Path) -> Iterator[str]:
    with served(site_dir) as base:
        yield base


@pytest.fixture(scope="module")
def bundle_root(bundle_zip: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("bundle-print")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def numbered_paragraphs(slug: str, count: int, seed: int) -> list[tuple[str, str]]:
    """(number, the first words after it) of numbered paragraphs of the
    source text, drawn at random: "12. 许多发言者…" -> ("12", "许多发言者")."""
    lines = (SOURCE / f"{slug}.txt").read_text(encoding="utf-8").splitlines()
    found = [(m.group(1), m.group(2)) for line in lines
             if (m := re.match(r"^\s*(\d{1,3})\.\s+([\u4e00-\u9fff]{4})", line))]
    rng = random.Random(seed)
    return rng.sample(found, min(count, len(found)))


def printed(tab, url: str) -> tuple[str, dict]:
    """The PDF's text of ``url`` printed, and what the page's DOM says."""
    tab.goto(url, wait_until="load")
    dom = tab.evaluate("""() => ({
      footnotes: [...document.querySelectorAll('article .footnote[id]')].map(n => {
        const c = n.cloneNode(true); c.querySelectorAll('.footnote-backref, .para-tools').forEach(x => x.remove());
        return c.textContent.trim(); }),
      nav: [...document.querySelectorAll('.md-nav--primary a')].map(a => a.textContent.trim()).filter(Boolean),
      article: document.querySelector('article').textContent,
      counted: [...document.querySelectorAll('article [data-counted]')].map(e => e.getAttribute('data-counted')),
      symbol: (document.querySelector('.doc-header .doc-symbol') || {}).textContent || '',
      tools: document.querySelectorAll('.para-tools').length,
      cited: document.querySelectorAll('details.backlinks').length,
    })""")
    pdf = tab.pdf(format="A4")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text, dom


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("where", ["http", "file"])
def test_a_printed_document_keeps_its_numbering_notes_and_address_and_nothing_else(
        browser, site_dir: Path, http_base: str, bundle_root: Path, where: str, viewport: str) -> None:
    base = http_base if where == "http" else bundle_root.as_uri() + "/"
    leaked: list[str] = []
    local = "file://" if where == "file" else http_base
    pages = sorted(p.stem for p in (site_dir / "documents").glob("*.html"))
    with guarded_page(browser, lambda url: url.startswith(local), leaked) as tab:
        tab.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))
        for slug in pages:
            path = f"documents/{slug}.html"
            text, dom = printed(tab, base + path)
            whole = flat(text)
            # The document's own numbering, each number before its words.
            for number, words in numbered_paragraphs(slug, 15, seed=len(slug)):
                assert re.search(rf"(?:^|\n)\s*{number}\.\s*{words[0]}", text) or f"{number}.{words}" in whole, \
                    (slug, number, words)
            # Its footnotes, and the numbers the site counted, as on screen.
            for note in dom["footnotes"]:
                assert flat(note)[:30] in whole, (slug, note[:30])
            for mark in set(dom["counted"]):
                assert mark in text, (slug, mark)
            # The page's address: its own over http; from disk, the official text.
            if where == "http":
                assert flat(f"本页地址：{base}{path}") in whole, slug
            elif dom["symbol"]:
                first = re.split(r"-(?=[A-Z]+/)", dom["symbol"])[0]
                assert flat(f"正式文本：https://undocs.org/zh/{first}") in whole, slug
            assert "file:" not in text and "本页地址" not in text or where == "http"
            # No tools, no counts, no navigation.
            assert dom["tools"] > 0  # the page has them on screen
            for tool in ("复制引文", "¶", "分享所选文字", "▸", "被引用"):
                assert tool not in text, (slug, tool)
            for name in dom["nav"]:
                if flat(name) not in flat(dom["article"]):
                    assert flat(name) not in whole, (slug, name)
    assert leaked == []
