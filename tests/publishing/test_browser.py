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

import json
import random
import re
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.measure import TYPICAL_QUERIES, search_payload
from bench.search import manifest_pages, reader_fold
from tests.helpers import guarded_page, served

SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINK = ".md-search-result__item a.md-search-result__link"
REPORT = "documents/cop11-report.html"
QUERIES = ["腐败", "第70/174号决议", "第 70/174 号决议", "70/174", "CTOC/COP/2022/L.4"]
# Where a query can only land: the one paragraph of the corpus that holds it.
ONLY_PARAGRAPH = {"第70/174号决议": "fn-17", "第 70/174 号决议": "fn-17", "70/174": "fn-17",
                  "CTOC/COP/2022/L.4": "para-124"}
TIMEOUT_MS = 15_000


def normalize(text: str) -> str:
    """Compare as readers do: ignore white space, case, full-width forms,
    accents and traditional characters (bench.search.reader_fold, which
    reads OpenCC's table itself)."""
    return re.sub(r"[\s\u200b]+", "", reader_fold(text))


@dataclass
class Site:
    kind: str  # "file" or "http"
    base: str  # URL of the site root, ending in "/"
    leaked: list[str] = field(default_factory=list)  # requests that would have left the machine

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def bundle_root(bundle_zip: Path, tmp_path_factory) -> Path:
    """The offline bundle unzipped, as a reader would: its one top folder."""
    target = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    assert (folder / "index.html").is_file()
    return folder


@pytest.fixture(scope="module")
def http_base(site_dir: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (an ephemeral port) for this module."""
    with served(site_dir) as base:
        yield base


@pytest.fixture(params=["file", "http"])
def site(request, bundle_root: Path) -> Site:
    if request.param == "file":
        return Site("file", bundle_root.as_uri() + "/")
    return Site("http", request.getfixturevalue("http_base"))


@pytest.fixture
def page(browser, site: Site) -> Iterator:
    """A fresh page; anything not from the site itself is aborted and recorded."""
    with guarded_page(browser, lambda url: url.startswith("file://" if site.kind == "file" else site.base),
                      site.leaked) as tab:
        yield tab
    assert site.leaked == [], f"requests that would leave the machine: {site.leaked}"


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


def read_every_result(page) -> None:
    """Scroll each result whose text is not loaded yet into view, as a
    reader going down the list does, until every one is filled in."""
    for _ in range(500):
        left = page.evaluate("""() => {
            const holder = document.querySelector('.untoc-more');
            if (holder) holder.scrollIntoView({block: 'center'});
            return !!holder;
        }""")
        if not left:
            return
        page.wait_for_timeout(20)
    page.wait_for_function("() => !document.querySelector('.untoc-more')", timeout=TIMEOUT_MS)


def test_word_inside_longer_word_is_found(page, site: Site) -> None:
    """腐败 is found inside 反腐败 (only there, in that paragraph)."""
    # para-116 of the report names the "AWTAD 反腐败组织": 腐败 appears in it only inside 反腐败.
    source = (Path(__file__).resolve().parents[2] / "source" / "cop11-report.txt").read_text(encoding="utf-8")
    line = next(x for x in source.splitlines() if x.startswith("116. "))
    assert "反腐败" in line and "腐败" not in line.replace("反腐败", "")
    search(page, site, "腐败")
    # The result list shows teasers of the matching sections; one of them is
    # the section holding paragraph 116.
    page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    # The text of a result is loaded as it comes into view: read them all.
    read_every_result(page)
    texts = page.eval_on_selector_all(".md-search-result__item", "items => items.map(i => i.textContent)")
    assert any("AWTAD" in t for t in texts), texts


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
    # Keyboard reachable: Tab from the paragraph before reaches the ¶ link
    # (each element's tools are one tab stop), the arrow key the button,
    # with no mouse.
    page.focus("#res-11-4-op-16 > .para-tools > a.para-permalink")
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
    page.keyboard.press("ArrowRight")
    assert page.evaluate(f"() => document.activeElement === document.querySelector('{button}')")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{button}[data-copied]", timeout=TIMEOUT_MS)
    # The report has no symbol: the resolution is cited with the report's
    # title; the link is the page's own address over http, and none from
    # disk (no site_url, and no official text to name: CONTRACT.md, "Addresses").
    expected = f"缔约方会议第 11/4 号决议，第 17 段（载于《{document_title(REPORT)}》）"
    if site.kind == "http":
        expected += f" {site.base}{REPORT}#{anchor}"
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
    assert page.locator("#para-94 > .para-tools > button.para-cite").count() == 1


# The site's settings: without site_url (the project's own, until an
# address is chosen), a link copied from disk is the document's official text.
SITE_URL = tomllib.loads((Path(__file__).resolve().parents[2] / "site_config" / "site.toml").read_text()).get("site_url", "")
SOURCE_DIR = Path(__file__).resolve().parents[2] / "source"


def document_title(path: str) -> str:
    """The title of the report, as its source prints it (source/cop11-report.txt, line 12),
    without the space the PDF's wrapping left between two Han characters ("21 日 在维也纳")."""
    lines = (SOURCE_DIR / "cop11-report.txt").read_text(encoding="utf-8").splitlines()
    title = next(x.strip() for x in lines if x.strip().startswith("联合国打击跨国有组织犯罪公约缔约方会议 2022"))
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", title)


CITATIONS = {
    # id on the page -> the citation in the UN's Chinese style (document by symbol, else by title)
    ("documents/ctoc-cop-2022-5.html", "para-12"): "CTOC/COP/2022/5，第 12 段",
    ("documents/ctoc-cop-wg2-2022-4.html", "para-7-a"):
        "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4，第 7 段(a)项",
    ("documents/ctoc-cop-wg2-2022-4.html", "para-81-p1-1-a"):
        "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4，第 81 段，标题“国际合作工作组”下第 1 项(a)目",
    ("documents/cop11-report.html", "res-11-5-op-9-b"): "缔约方会议第 11/5 号决议，第 9 段(b)项（载于《{title}》）",
    ("documents/cop11-report.html", "res-11-4-pre-3"): "缔约方会议第 11/4 号决议，序言部分第 [3] 段（载于《{title}》）",
    ("documents/cop11-report.html", "dec-11-2-op-b"): "缔约方会议第 11/2 号决定，(b)段（载于《{title}》）",
    ("documents/cop11-report.html", "res-11-1-annex-2-g"): "缔约方会议第 11/1 号决议，附件二，(g)段（载于《{title}》）",
    ("documents/cop11-report.html", "dec-11-1-item-2-d"):
        "缔约方会议第 11/1 号决定，所载临时议程项目 2(d)（载于《{title}》）",
    ("documents/ctoc-cop-2024-1.html", "agenda-2-b"): "CTOC/COP/2024/1，临时议程项目 2(b)",
    # Numbers the document does not print are counted, and bracketed.
    ("documents/ctoc-cop-2024-1.html", "item-2-a-p3"): "CTOC/COP/2024/1，项目 2(a) 说明第 [3] 段",
    ("documents/ctoc-cop-2024-1.html", "item-4-docs-1"): "CTOC/COP/2024/1，项目 4 说明所列文件第 [1] 项",
    ("documents/ctoc-cop-2024-1.html", "annex-1-row-4"): "CTOC/COP/2024/1，附件，表第 [4] 行",
    ("documents/cop11-report.html", "fn-17"): "《{title}》，脚注 17",
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
        wanted = wanted.format(title=document_title(path))
        symbol = re.match(r"[A-Z][A-Z0-9./]*(?=[-，])", wanted)
        if SITE_URL:  # the hosted address, even from file://
            assert copied == f"{wanted} {SITE_URL}{path}#{anchor}", copied
        elif symbol:  # from disk without site_url: the official text of the document
            assert copied == f"{wanted} https://undocs.org/zh/{symbol.group()}", copied
        else:  # ... and no link where there is none
            assert copied == wanted, copied


# --- the engine: exact phrases, the same from disk and over http ---------

def search_blocks(site_dir: Path) -> list[tuple[str, str]]:
    """Every searchable block as (location, text), from the text files of the index."""
    folder = site_dir / "search"
    engine = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["config"]["engine"]
    pages = [[path, start] for path, start, _ in manifest_pages(engine)]
    out: list[tuple[str, str]] = []
    for number in range((engine["blocks"] + engine["text_run"] - 1) // engine["text_run"]):
        text = (folder / "x" / f"{number}.js").read_text(encoding="utf-8")
        for fragment, _, body in json.loads(text[text.index(",") + 1:text.rindex(")")])["rows"]:
            page = max((p for p in pages if p[1] <= len(out)), key=lambda p: p[1])[0]
            out.append((page + ("#" + fragment if fragment else ""), body))
    return out


def drawn_queries(count: int, seed: int) -> list[str]:
    """Phrases of two to six Han characters from the report texts, by a fixed seed."""
    rng = random.Random(seed)
    runs = [run for path in sorted((Path(__file__).resolve().parents[2] / "source").glob("*.txt"))
            for run in re.findall(r"[\u4e00-\u9fff]{4,}", path.read_text(encoding="utf-8"))]
    out = []
    while len(out) < count:
        run = rng.choice(runs)
        size = rng.randint(2, min(6, len(run)))
        start = rng.randrange(len(run) - size + 1)
        if run[start:start + size] not in out:
            out.append(run[start:start + size])
    return out


# Phrases readers type (the examples), two terms, and drawn ones.
PHRASES = ["司法协助", "联合调查机构", "被盗艺术品数据库", "移交被判刑人员", "贩运枪支", "国际 合作", *drawn_queries(4, 15)]


def every_result(page, site: Site, query: str, articles: bool = True) -> list[tuple[str, str]]:
    """Every result (link, shown text), each page's "more" list opened and
    filled in; without each page's own entry (its title) if not ``articles``."""
    search(page, site, query)
    page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    read_every_result(page)
    return [(href, text) for href, text, first in page.eval_on_selector_all(
        ".md-search-result__item", """items => items.flatMap(item => Array.from(
            item.querySelectorAll("a.md-search-result__link"), (a, k) => [a.href, a.textContent, k === 0]))""")
        if articles or not first]


@pytest.mark.parametrize("query", PHRASES)
def test_results_are_exactly_the_blocks_that_hold_the_query(page, site: Site, site_dir: Path, query: str) -> None:
    """Ctrl+F as the reference: every block holding the phrase (every term of
    a query with spaces) is listed, and nothing else; the first result holds it."""
    terms = [normalize(t) for t in query.split()]
    wanted = {loc for loc, text in search_blocks(site_dir)
              if "#" in loc and all(t in normalize(text) for t in terms)}
    assert wanted, query
    results = every_result(page, site, query, articles=False)
    found = {urlsplit(href).path.removeprefix(urlsplit(site.base).path) + "#" + urlsplit(href).fragment
             for href, _ in results if urlsplit(href).fragment}
    assert found == wanted
    sections = [text for href, text in results if urlsplit(href).fragment]
    assert all(all(t in normalize(text) for t in terms) for text in sections), query
    # The first link of the first item is the page's own entry, pointed at its best block.
    first = page.eval_on_selector(RESULT_LINK, "a => a.href")
    assert urlsplit(first).fragment, first


def test_query_with_no_match_says_so(page, site: Site, site_dir: Path) -> None:
    query = "数据库司法协助"  # two phrases of the texts, never side by side
    assert not any(normalize(query) in normalize(text) for _, text in search_blocks(site_dir))
    page.goto(site.url("index.html"))
    # The site's worker names the query it answers (Material passes it on
    # in component$): the answer waited for is this query's, not the empty
    # one's sent when the box got focus.
    page.evaluate("() => { window.__answered = []; window.component$.subscribe("
                  "c => { if (typeof c.query === 'string') window.__answered.push(c.query); }); }")
    page.click(SEARCH_INPUT)
    page.fill(SEARCH_INPUT, query)
    page.press(SEARCH_INPUT, "End")
    page.wait_for_function("q => window.__answered.includes(q)", arg=query, timeout=TIMEOUT_MS)
    assert "没有找到" in page.text_content(".md-search-result__meta")
    assert page.eval_on_selector_all(".md-search-result__item", "items => items.length") == 0


def test_whole_phrase_is_highlighted_in_the_result_and_on_the_landed_paragraph(page, site: Site) -> None:
    query = "第 70/174 号决议"  # the footnote writes 第 70/174 号决议 with spaces
    search(page, site, "第70/174号决议")
    marks = page.eval_on_selector_all(".md-search-result__item mark", "ms => ms.map(m => m.textContent)")
    assert normalize(query) in [normalize(m) for m in marks], marks
    page.click(RESULT_LINK)
    page.wait_for_load_state("load")
    spot = landing(page)
    phrase = page.eval_on_selector_all(".search-landing mark.untoc-phrase", "ms => ms.map(m => m.textContent)")
    assert normalize("".join(phrase)) == normalize(query), (spot["id"], phrase)


def test_typical_queries_include_the_tested_ones() -> None:
    assert set(QUERIES) <= set(TYPICAL_QUERIES)


def _search_requests(page, site: Site, query: str) -> list[str]:
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    search(page, site, query)
    prefix = site.url("search/")
    return [url[len(prefix):] for url in requested if url.startswith(prefix)]


@pytest.mark.parametrize("query", TYPICAL_QUERIES)
def test_query_loads_only_what_it_needs(page, site: Site, site_dir: Path, query: str) -> None:
    """The manifest, then the files the engine names for the query (the
    engine run under node on the same folder): never the whole index, and
    the same files from disk and over http."""
    loaded = _search_requests(page, site, query)
    manifest = "search_index.js" if site.kind == "file" else "search_index.json"
    expected = [p.relative_to(site_dir / "search").as_posix() for p in search_payload(site_dir, query)]
    expected[0] = manifest
    # The worker loads what it answers with; the page loads the text of the
    # results it shows beyond the first (search-more.js), and the folding
    # table to mark them: those two ways may each load a text file once.
    counts = {name: loaded.count(name) for name in loaded}
    assert all(n == 1 or (n == 2 and name.startswith(("x/", "p/", "fold"))) for name, n in counts.items()), counts
    assert {n for n in loaded if not n.startswith(("x/", "p/"))} == {n for n in expected if not n.startswith(("x/", "p/"))}
    assert {n for n in expected if n.startswith(("x/", "p/"))} <= set(loaded)
    folder = sum(p.stat().st_size for p in (site_dir / "search").rglob("*") if p.is_file())
    assert sum((site_dir / "search" / name).stat().st_size for name in set(loaded)) < folder / 3


def _link_key(href: str, base: str) -> tuple[str, list[str]]:
    """A result link as where it leads (path and #id) and the highlighted terms in any order."""
    parts = urlsplit(href.removeprefix(base))
    terms = parse_qs(parts.query).get("h", [""])[0].split()
    return parts.path + ("#" + parts.fragment if parts.fragment else ""), sorted(terms)


@pytest.mark.parametrize("site", ["http"], indirect=True)
@pytest.mark.parametrize("query", [*QUERIES, *PHRASES[:3]])
def test_http_results_are_the_offline_results(page, site: Site, browser, bundle_root: Path, query: str) -> None:
    """One engine, two ways of loading its files: the same results, in the same order, showing the same text."""
    hosted_all = every_result(page, site, query)
    hosted = [_link_key(h, site.base) for h, _ in hosted_all]
    offline = Site("file", bundle_root.as_uri() + "/")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
                  else (offline.leaked.append(route.request.url), route.abort()))
    try:
        tab = context.new_page()
        local_all = every_result(tab, offline, query)
        local = [_link_key(h, offline.base) for h, _ in local_all]
    finally:
        context.close()
    assert offline.leaked == []
    assert hosted
    assert hosted == local
    assert [normalize(t) for _, t in hosted_all] == [normalize(t) for _, t in local_all]
