"""What a reader carries away from a document besides its text (issue 29):
the Atom feed linked from every page, each document's citation as RIS,
its versions in the six official languages, where the authoritative text
is, and the numbers the site counted, shown beside their elements.

Oracles: feedparser and rispy (parsers of the formats), the source texts
(what a document says its original language is), the page's own DOM in
Chromium (desktop and phone sizes, from disk and over http).
"""

from __future__ import annotations

import json
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import rispy
from bs4 import BeautifulSoup

from tests.helpers import SOURCE, guarded_page, served

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
ORIGINAL = {"Arabic": "ar", "Chinese": "zh", "English": "en", "French": "fr", "Russian": "ru", "Spanish": "es"}


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def resolve(page: str, href: str) -> str:
    """A relative href of ``page`` as a path from the site root."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def document_pages(site: Path) -> list[str]:
    return sorted(f"documents/{p.name}" for p in (site / "documents").glob("*.html"))


def parts(symbol: str) -> list[str]:
    return re.split(r"-(?=[A-Z]+/)", symbol)


# --- the feed ------------------------------------------------------------------------

def test_every_page_links_the_feed_of_the_documents_in_its_head(site_dir: Path) -> None:
    feeds = set()
    for page in sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")):
        if page == "404.html":
            continue
        links = soup_of(site_dir, page).select('head link[rel="alternate"][type="application/atom+xml"]')
        assert len(links) == 1, page
        assert not re.match(r"[a-z]+:", links[0]["href"]), page  # relative: no address invented
        feeds.add(resolve(page, links[0]["href"]))
    (feed_path,) = feeds  # one feed, wherever the page is
    xml = (site_dir / feed_path).read_bytes()
    feed = feedparser.parse(xml, response_headers={"content-location": f"http://127.0.0.1/{feed_path}",
                                                    "content-type": "application/atom+xml"})
    assert not feed.bozo and feed.version == "atom10"
    linked = sorted(entry.link.removeprefix("http://127.0.0.1/") for entry in feed.entries)
    assert linked == document_pages(site_dir)  # every document, each page there
    days = [entry.updated for entry in feed.entries]
    assert days == sorted(days, reverse=True)  # newest first
    for entry in feed.entries:
        header = soup_of(site_dir, entry.link.removeprefix("http://127.0.0.1/"))
        title = header.select_one("article h1").get_text().replace("¶", "").strip()
        symbol = header.select_one(".doc-header .doc-symbol")
        assert title in entry.title and (symbol is None or symbol.get_text() in entry.title)


# --- RIS ---------------------------------------------------------------------------------

def test_each_document_offers_its_citation_as_ris_a_reference_manager_reads(site_dir: Path) -> None:
    for page in document_pages(site_dir):
        soup = soup_of(site_dir, page)
        (link,) = soup.select('.doc-header a[type="application/x-research-info-systems"]')
        text = (site_dir / resolve(page, link["href"])).read_text(encoding="utf-8")
        (reference,) = rispy.loads(text)
        assert reference["type_of_reference"] == "RPRT"
        assert reference["title"] == soup.select_one("article h1").get_text().replace("¶", "").strip()
        symbol = soup.select_one(".doc-header .doc-symbol")
        assert reference.get("issn", "") == (symbol.get_text() if symbol else "")
        # The same citation the title's "copy citation" copies.
        table = json.loads(soup.select_one("script#citations").get_text())
        assert reference["notes"] == [f"引文：{table['title'][0]}"]
        assert reference.get("urls", []) == ([f"https://undocs.org/zh/{p}" for p in parts(symbol.get_text())]
                                             if symbol else [])


# --- the header: languages, authority, symbol --------------------------------------------------

def test_each_document_links_its_six_language_versions_and_names_its_original(site_dir: Path) -> None:
    marked = 0
    for page in document_pages(site_dir):
        soup = soup_of(site_dir, page)
        symbol = soup.select_one(".doc-header .doc-symbol")
        links = soup.select(".doc-header .doc-languages a")
        if symbol is None:
            assert links == [], page
            continue
        wanted = [f"https://undocs.org/{code}/{part}" for part in parts(symbol.get_text()) for code in LANGUAGES]
        assert sorted(a["href"] for a in links) == sorted(wanted), page
        for a in links:
            code = a["href"].split("/")[3]
            assert a["hreflang"] == code and a["lang"] == code
        stated = re.search(r"^\s*Original:\s*(\w+)\s*$", (SOURCE / f"{Path(page).stem}.txt").read_text(encoding="utf-8"),
                           re.MULTILINE)
        original = [a["href"].split("/")[3] for a in soup.select(".doc-header .doc-languages a.doc-original-language")]
        if stated:
            assert set(original) == {ORIGINAL[stated.group(1)]}, page
            assert "原文" in soup.select_one(".doc-header .doc-languages").get_text()
            marked += 1
        else:
            assert original == [] and "原文" not in soup.select_one(".doc-header .doc-languages").get_text()
    assert marked >= 1


def test_home_and_each_document_say_the_authoritative_text_is_at_undocs(site_dir: Path) -> None:
    home = soup_of(site_dir, "index.html").select_one("article").get_text()
    assert re.search(r"权威文本[^。]*undocs\.org", home)
    for page in document_pages(site_dir):
        official = soup_of(site_dir, page).select_one(".doc-header .doc-official").get_text()
        assert re.search(r"权威文本[^。]*undocs\.org", official), page


def test_a_document_that_states_no_symbol_says_so(site_dir: Path) -> None:
    home = soup_of(site_dir, "index.html")
    for page in document_pages(site_dir):
        header = soup_of(site_dir, page).select_one(".doc-header")
        rows = {dt.get_text(): dd.get_text() for dt, dd in zip(header.select("dt"), header.select("dd"), strict=True)}
        cell = home.select_one(f"#doc-{Path(page).stem} td.doc-symbol").get_text()
        if header.select_one(".doc-symbol") is None:
            assert "未载明" in rows["文号"] and "未载明" in cell, page
        else:
            assert rows["文号"] == cell.replace("\u200b", ""), page


# --- counted numbers, beside their elements ---------------------------------------------------

@pytest.fixture(scope="module")
def http_base(site_dir: Path) -> Iterator[str]:
    with served(site_dir) as base:
        yield base


@pytest.fixture(scope="module")
def bundle_root(bundle_zip: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("bundle-exports")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


OCCURRENCE = re.compile(r"（第 \[\d+\] 处）$")


def own_number(citation: str) -> str:
    """The number a citation gives the element itself when it was counted:
    the last number of its place, bracketed ("" when printed or none)."""
    place = OCCURRENCE.sub("", re.sub(r"（载于[^（）]*）$", "", citation))
    numbers = re.findall(r"\[\d+\]|(?<![\d/])\d+(?![\d/])", place.split("，", 1)[1] if "，" in place else "")
    return numbers[-1] if numbers and numbers[-1].startswith("[") and not place.endswith("”") else ""


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("where", ["file", "http"])
def test_a_counted_number_is_shown_beside_its_element_as_the_citation_writes_it(
        browser, site_dir: Path, http_base: str, bundle_root: Path, where: str, viewport: str) -> None:
    base = http_base if where == "http" else bundle_root.as_uri() + "/"
    local = "file://" if where == "file" else http_base
    leaked: list[str] = []
    shown_any = 0
    with guarded_page(browser, lambda url: url.startswith(local), leaked) as tab:
        tab.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))
        for page in document_pages(site_dir):
            tab.goto(base + page, wait_until="load")
            shown = tab.evaluate("""() => {
              const table = JSON.parse(document.getElementById('citations').textContent);
              // The table's compact form (rendering/document.py, citation_table).
              const cite = (e) => typeof e === 'string' ? (table[''] || '') + e
                : e.length === 1 ? e[0] + (table['\u2026'] || '') : e[0];
              const out = {};
              for (const id of Object.keys(table)) {
                const el = document.getElementById(id);
                if (!el || id === '' || id === '\u2026') continue;
                const host = el.tagName === 'TR' ? el.firstElementChild : el;
                const before = getComputedStyle(host, '::before');
                const content = before.content;
                out[id] = [cite(table[id]), content && content !== 'none' && content !== 'normal' ? content : '',
                           before.display];
              }
              return out;
            }""")
            for node_id, (citation, content, display) in shown.items():
                number = own_number(citation)
                if number:
                    assert content == f'"{number}\u00a0"' and display != "none", (page, node_id, citation, content)
                    shown_any += 1
                else:
                    assert "[" not in content, (page, node_id, citation, content)
    assert shown_any > 100
    assert leaked == []


@pytest.mark.parametrize("where", ["file", "http"])
def test_the_feed_link_costs_no_request_and_stays_in_the_page(browser, site_dir: Path, http_base: str,
                                                              bundle_root: Path, where: str) -> None:
    """Material fetches sitemap.xml beside every <link rel="alternate">:
    from disk that failed, over http it missed. Neither, and the link stays."""
    base = http_base if where == "http" else bundle_root.as_uri() + "/"
    local = "file://" if where == "file" else http_base
    leaked: list[str] = []
    with guarded_page(browser, lambda url: url.startswith(local), leaked) as tab:
        failed: list[str] = []
        asked: list[str] = []
        tab.on("requestfailed", lambda request: failed.append(request.url))
        tab.on("request", lambda request: asked.append(request.url))
        for page in ["index.html", *document_pages(site_dir)[:2]]:
            tab.goto(base + page, wait_until="load")
            tab.wait_for_timeout(300)
            feeds = tab.evaluate("""() => [...document.querySelectorAll(
                'head link[rel="alternate"][type="application/atom+xml"]')].map(l => l.href)""")
            assert feeds == [base + "feeds/documents.xml"], (page, feeds)
    assert failed == [] and not [url for url in asked if "sitemap" in url]
    assert leaked == []
