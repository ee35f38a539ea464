"""Search, deep links and paragraph tools in headless Chromium.

Two ways readers open the site: the offline bundle unzipped and opened from
file:// with the network unplugged, and the hosted site over http (here a
server on 127.0.0.1 started by the test). Every test runs both ways, and
every request that would leave the machine is aborted and recorded: the
test fails if there was any.

Expected texts are checked against source/cop11-report.txt: 70/174 is cited
once (footnote 17, line 418), CTOC/COP/2022/L.4 once (paragraph 124, line
1112), 腐败 appears inside 反腐败 and alone.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.measure import TYPICAL_QUERIES
from generator.search_worker import rank_query, shards_for_query, shown_metadata

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINK = ".md-search-result__item a.md-search-result__link"
REPORT = "documents/cop11-report.html"
QUERIES = ["腐败", "第70/174号决议", "第 70/174 号决议", "70/174", "CTOC/COP/2022/L.4"]
# Where a query can only land: the one paragraph of the corpus that holds it.
ONLY_PARAGRAPH = {"第70/174号决议": "fn-17", "第 70/174 号决议": "fn-17", "70/174": "fn-17",
                  "CTOC/COP/2022/L.4": "para-124"}
TIMEOUT_MS = 15_000


def normalize(text: str) -> str:
    """Compare as readers do: ignore white space, case and full-width forms."""
    return re.sub(r"[\s\u200b]+", "", unicodedata.normalize("NFKC", text)).lower()


@dataclass
class Site:
    kind: str  # "file" or "http"
    base: str  # URL of the site root, ending in "/"
    leaked: list[str] = field(default_factory=list)  # requests that would have left the machine

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (`make browser`).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def bundle_root(bundle_zip: Path, tmp_path_factory) -> Path:
    """The offline bundle unzipped, as a reader would: its one top folder."""
    target = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    assert (folder / "index.html").is_file()
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def http_base(site_dir: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (an ephemeral port) for this module."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(params=["file", "http"])
def site(request, bundle_root: Path) -> Site:
    if request.param == "file":
        return Site("file", bundle_root.as_uri() + "/")
    return Site("http", request.getfixturevalue("http_base"))


@pytest.fixture
def page(browser, site: Site) -> Iterator:
    """A fresh page; anything not from the site itself is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})

    def guard(route) -> None:
        url = route.request.url
        local = url.startswith("file://") if site.kind == "file" else url.startswith(site.base)
        # data: and blob: URLs never leave the machine (Material builds some icons that way).
        if local or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            site.leaked.append(url)
            route.abort()

    context.route("**/*", guard)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert site.leaked == [], f"requests that would leave the machine: {site.leaked}"
    assert errors == [], f"JavaScript errors: {errors}"


def search(page, site: Site, query: str) -> list[str]:
    """Type ``query`` in the search box of the home page; the result links."""
    page.goto(site.url("index.html"))
    page.click(SEARCH_INPUT)
    page.fill(SEARCH_INPUT, query)
    # Material sends the query on keyup (or when its worker becomes ready);
    # fill() types no key, so one keyup makes the timing irrelevant.
    page.press(SEARCH_INPUT, "End")
    page.wait_for_selector(RESULT_LINK, timeout=TIMEOUT_MS)
    return page.eval_on_selector_all(RESULT_LINK, "links => links.map(a => a.href)")


def landing(page) -> dict:
    """The element a search result landed on, and where it is on screen."""
    page.wait_for_selector(".search-landing", timeout=TIMEOUT_MS)
    return page.evaluate("""() => {
      const el = document.querySelector(".search-landing");
      const header = document.querySelector(".md-header").getBoundingClientRect();
      const box = el.getBoundingClientRect();
      const tools = el.querySelector(".para-tools");
      const text = el.textContent.replace(tools ? tools.textContent : "", "");
      return {id: el.id, text, top: box.top, headerBottom: header.bottom, height: innerHeight,
              target: el.matches(":target"), count: document.querySelectorAll(".search-landing").length};
    }""")


def assert_in_view(spot: dict) -> None:
    # Below the sticky header (not hidden under it) and on screen.
    assert spot["top"] >= spot["headerBottom"] - 1, spot
    assert spot["top"] < spot["height"], spot


@pytest.mark.parametrize("query", QUERIES)
def test_first_result_lands_on_paragraph_with_query(page, site: Site, query: str) -> None:
    links = search(page, site, query)
    assert links, f"no results for {query!r}"
    # Material renders each page's results as one item; its first link is
    # the best result.
    page.click(RESULT_LINK)
    page.wait_for_load_state("load")
    spot = landing(page)
    assert normalize(query) in normalize(spot["text"]), spot
    assert spot["count"] == 1
    assert spot["target"], "the landing paragraph should be the URL's target"
    assert_in_view(spot)
    if query in ONLY_PARAGRAPH:
        assert spot["id"] == ONLY_PARAGRAPH[query]
        assert page.url.split("?")[0].endswith(REPORT)


def test_word_inside_longer_word_is_found(page, site: Site) -> None:
    """腐败 is found where jieba keeps it inside 反腐败 (only there, in that paragraph)."""
    # para-116 of the report names the "AWTAD 反腐败组织": 腐败 appears in it only inside 反腐败.
    source = (Path(__file__).resolve().parent.parent / "source" / "cop11-report.txt").read_text(encoding="utf-8")
    line = next(x for x in source.splitlines() if x.startswith("116. "))
    assert "反腐败" in line and "腐败" not in line.replace("反腐败", "")
    search(page, site, "腐败")
    # The result list shows teasers of the matching sections; one of them is
    # the section holding paragraph 116.
    page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    # Over http the text of a closed list's sections is fetched when it opens.
    page.wait_for_function("() => !document.querySelector('.untoc-more')", timeout=TIMEOUT_MS)
    texts = page.eval_on_selector_all(".md-search-result__item", "items => items.map(i => i.textContent)")
    assert any("AWTAD" in t for t in texts), texts


def test_query_expanding_to_every_term_still_answers(page, site: Site) -> None:
    """Material turns 相关段落 into a query that also matches every term (a
    bare wildcard): it shows results only if lunr's term automaton holds no
    phantom terms (generator/search.py, avoid_phantom_terms)."""
    links = search(page, site, "相关段落")
    assert links


def test_search_result_link_carries_query_for_highlight(page, site: Site) -> None:
    links = search(page, site, "CTOC/COP/2022/L.4")
    assert any(REPORT in link and "h=" in link for link in links), links


def test_deep_link_lands_below_header(page, site: Site) -> None:
    page.goto(site.url(REPORT + "#para-94"))
    page.wait_for_load_state("load")
    spot = page.evaluate("""() => {
      const el = document.getElementById("para-94");
      const header = document.querySelector(".md-header").getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {text: el.textContent, top: box.top, headerBottom: header.bottom, height: innerHeight,
              target: el.matches(":target")};
    }""")
    # source/cop11-report.txt line 1024.
    assert spot["text"].startswith("94. 许多发言者概述了为实施《议定书》所作的努力。")
    assert spot["target"]
    assert_in_view(spot)


def test_permalink_and_citation_by_keyboard(page, site: Site) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site.url(REPORT))
    page.wait_for_load_state("load")
    anchor = "res-11-4-op-17"
    permalink = f"#{anchor} > .para-tools > a.para-permalink"
    button = f"#{anchor} > .para-tools > button.para-cite"
    assert page.get_attribute(permalink, "href") == f"#{anchor}"
    assert page.text_content(permalink) == "¶"
    # Keyboard reachable: Tab from the paragraph before reaches the ¶ link,
    # then the button, in that order, with no mouse.
    page.focus("#res-11-4-op-16 > .para-tools > button.para-cite")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement === document.querySelector('{permalink}')"):
            break
    else:
        pytest.fail("the ¶ link of res-11-4-op-17 is not reachable with Tab")
    # Focus makes the tools visible (they are hidden until hover or focus);
    # they fade in, so wait for the end of the transition.
    page.wait_for_function(f"() => getComputedStyle(document.querySelector('{permalink}').parentElement)"
                           ".opacity === '1'", timeout=2000)
    page.keyboard.press("Tab")
    assert page.evaluate(f"() => document.activeElement === document.querySelector('{button}')")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{button}[data-copied]", timeout=TIMEOUT_MS)
    expected = f"第 11/4 号决议，第 17 段 {site.url(REPORT)}#{anchor}"
    assert page.get_attribute(button, "data-copied") == expected
    assert page.evaluate("() => navigator.clipboard.readText()") == expected


def test_offline_pages_load_their_assets(page, site: Site) -> None:
    """Every stylesheet and script of a document page loads from the site itself."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(site.url(REPORT))
    page.wait_for_load_state("load")
    assert failed == []
    # The theme's stylesheet applied: the header is fixed/sticky, not static.
    assert page.eval_on_selector(".md-header", "h => getComputedStyle(h).position") in ("sticky", "fixed")
    assert page.evaluate("() => typeof window.citationFor") == "function"


CITATIONS = {
    # id on the page -> the citation in the UN's Chinese style (document by symbol, else by title)
    ("documents/ctoc-cop-2022-5.html", "para-12"): "CTOC/COP/2022/5，第 12 段",
    ("documents/ctoc-cop-wg2-2022-4.html", "para-7-a"):
        "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4，第 7 段(a)项",
    ("documents/cop11-report.html", "res-11-5-op-9-b"): "第 11/5 号决议，第 9 段(b)项",
    ("documents/cop11-report.html", "res-11-4-pre-3"): "第 11/4 号决议，序言部分第 3 段",
    ("documents/cop11-report.html", "dec-11-2-op-b"): "第 11/2 号决定，(b)段",
    ("documents/cop11-report.html", "res-11-1-annex-2-g"): "第 11/1 号决议，附件二，(g)段",
    ("documents/cop11-report.html", "dec-11-1-item-2-d"): "第 11/1 号决定，项目 2(d)",
    ("documents/ctoc-cop-2024-1.html", "agenda-2-b"): "CTOC/COP/2024/1，临时议程项目 2(b)",
    ("documents/ctoc-cop-2024-1.html", "item-2-a-p3"): "CTOC/COP/2024/1，项目 2(a)说明第 3 段",
    ("documents/ctoc-cop-2024-1.html", "annex-1-row-4"): "CTOC/COP/2024/1，附件一",
    ("documents/cop11-report.html", "fn-17"):
        "联合国打击跨国有组织犯罪公约缔约方会议 2022 年 10 月 17 日至 21 日 在维也纳举行的第十一届会议报告，脚注 17",
}


@pytest.mark.parametrize("site", ["file"], indirect=True)
def test_citation_of_each_kind_of_element(page, site: Site) -> None:
    """The copied citation names the document (or instrument) and the element."""
    for (path, anchor), wanted in CITATIONS.items():
        page.goto(site.url(path))
        page.wait_for_load_state("load")
        button = f"#{anchor} .para-tools button.para-cite"
        page.click(button, force=True)
        # Copying is asynchronous (the clipboard API answers with a promise).
        page.wait_for_selector(f"{button}[data-copied]", state="attached", timeout=5000)
        copied = page.get_attribute(button, "data-copied")
        citation, url = copied.rsplit(" ", 1)
        assert citation == wanted, anchor
        assert url.endswith(f"{path}#{anchor}"), copied


# --- the sharded index over http ------------------------------------------

def result_pages(page) -> list[str]:
    """The page (path from the site root) of each result item, in order."""
    return page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(i => i.querySelector('a').getAttribute('href'))")


def test_typical_queries_include_the_tested_ones() -> None:
    assert set(QUERIES) <= set(TYPICAL_QUERIES)


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("query", TYPICAL_QUERIES)
def test_http_query_fetches_only_what_it_needs(page, site: Site, site_dir: Path, query: str) -> None:
    """The manifest, the shards generator.search_worker.shards_for_query names, and
    the metadata of the pages shown first: never the whole index."""
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    search(page, site, query)
    folder = site_dir / "search"
    manifest = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    pages = [p[0] for p in manifest["config"]["shards"]["pages"]]
    # Result links are relative to the page (index.html at the root here).
    shown = [urlsplit(href).path.lstrip("./") for href in result_pages(page)][:10]
    def read(path: str) -> object:
        return json.loads((folder / path).read_text(encoding="utf-8"))

    # The Python mirror ranks the pages as the worker did...
    assert [pages[p] for p, _ in rank_query(query, manifest, read)][:10] == shown
    # ...and names the files it fetched.
    expected = {"search_index.json", *shards_for_query(query, manifest, read), *shown_metadata(query, manifest, read)}
    prefix = site.url("search/")
    fetched = [url[len(prefix):] for url in requested if url.startswith(prefix)]
    assert "search_index.js" not in fetched
    assert len(fetched) == len(set(fetched)), "a file was fetched twice"
    assert set(fetched) == expected


def _link_key(href: str, base: str) -> tuple[str, list[str]]:
    """A result link as where it leads (path and #id) and the highlighted terms in any order."""
    parts = urlsplit(href.removeprefix(base))
    terms = parse_qs(parts.query).get("h", [""])[0].split()
    return parts.path + ("#" + parts.fragment if parts.fragment else ""), sorted(terms)


def all_results(page, site: Site, query: str) -> list[tuple[str, str]]:
    """Every result (link, shown text), each page's "more" list opened (and filled in over http)."""
    search(page, site, query)
    page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    page.wait_for_function("() => !document.querySelector('.untoc-more')", timeout=TIMEOUT_MS)
    return page.eval_on_selector_all(RESULT_LINK, "links => links.map(a => [a.href, a.textContent])")


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("query", QUERIES)
def test_http_results_are_the_offline_results(page, site: Site, browser, bundle_root: Path, query: str) -> None:
    """Our worker over the shards ranks as Material's lunr worker over the whole index."""
    hosted_all = all_results(page, site, query)
    hosted = [_link_key(h, site.base) for h, _ in hosted_all]
    offline = Site("file", bundle_root.as_uri() + "/")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
                  else (offline.leaked.append(route.request.url), route.abort()))
    try:
        tab = context.new_page()
        local_all = all_results(tab, offline, query)
        local = [_link_key(h, offline.base) for h, _ in local_all]
    finally:
        context.close()
    assert offline.leaked == []
    assert hosted[0] == local[0], "first result differs"
    # Every result in the same order, equal scores included (the worker
    # keeps the order in which lunr meets the entries), showing the same
    # heading and text.
    assert hosted == local
    assert [normalize(t) for _, t in hosted_all] == [normalize(t) for _, t in local_all]
