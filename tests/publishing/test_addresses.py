"""No invented address (CONTRACT.md, "Addresses"): what a copied citation,
a canonical link, the sitemap and the feed carry, with site_url set and
without it, in Chromium at a desktop's and a phone's size, from the
unzipped bundle (file://), over http and from the ZIM in kiwix-serve.

- With site_url: every page's canonical address and the sitemap are under
  it, and every copied citation links it, from disk too.
- Without it (the project's own settings): the build says so in one line;
  no canonical link, no sitemap; over http a citation links the page's own
  address (origin and path, the element's fragment, never the query a
  search left); from the bundle and the ZIM the document's official text
  at undocs.org, or no link for a document without a symbol.
- A site_url that is not an absolute http(s) address stops the build with
  one line naming site_config/site.toml; the last good site stays.

Oracles: the settings written here, the page's own header (its symbol)
and a grammar of citations written here; the elements are drawn from each
page's citation table by a fixed seed.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.publishing.build import BuildOptions, build
from generator.publishing.zim import write_zim
from tests.helpers import CONFIG, PROJECT, SOURCE, guarded_page, served

# Every test here builds a site (or runs the command line).
pytestmark = pytest.mark.site

# A test's own address, never published: not a reserved name (those are refused).
SITE_URL = "https://untoc-cop-documents.int/zh/"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
TIMEOUT_MS = 15_000
KIWIX_SERVE = shutil.which("kiwix-serve") or "/usr/bin/kiwix-serve"

# A citation as the UN's Chinese style writes it, in brief: the document
# (symbol or 《title》) and a place, or a resolution's place and the
# document holding it.
SYMBOL = r"[A-Z]+(?:/[A-Z0-9.]+)+(?:-[A-Z]+(?:/[A-Z0-9.]+)+)?"
DOCUMENT = rf"(?:{SYMBOL}|《[^《》]+》)"
# A place: words and numbers with single spaces between (第 12 段, 项目 4 说明第 [6] 段),
# quoted headings and titles whole, and the n-th place a repeated number stands.
TOKEN = r"(?:《[^《》]*》|“[^“”]*”|[^\s《》（）“”])+"
PLACE = rf"{TOKEN}(?: {TOKEN})*(?:（第 \[\d+\] 处）)?"
CITATION = re.compile(rf"{DOCUMENT}(?:，{PLACE})?|缔约方会议第 \d+/\d+ 号(?:决议|决定)(?:，{PLACE})?（载于 ?{DOCUMENT}）")


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


@pytest.fixture(scope="module")
def addressed(tmp_path_factory) -> Path:
    """The real corpus built with a site_url (no bundle: the site opened
    from disk is what the bundle unzips)."""
    root = tmp_path_factory.mktemp("addressed")
    config = root / "site_config"
    shutil.copytree(CONFIG, config)
    with (config / "site.toml").open("a", encoding="utf-8") as f:
        f.write(f'site_url = "{SITE_URL}"\n')
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    build(BuildOptions(source=SOURCE, config=config, site_dir=root / "site", bundle=None, cache_dir=root / "cache"))
    return root / "site"


# --- with site_url, in the built files ---------------------------------------------

def test_with_site_url_every_page_has_its_canonical_address(addressed: Path) -> None:
    for path in html_pages(addressed):
        soup = BeautifulSoup((addressed / path).read_text(encoding="utf-8"), "html.parser")
        assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [SITE_URL + path], path


def test_with_site_url_the_sitemap_lists_every_page_under_it(addressed: Path) -> None:
    sitemap = (addressed / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sorted(listed) == sorted(SITE_URL + p for p in html_pages(addressed))


def test_with_site_url_the_feed_and_each_citation_file_link_the_pages_there(addressed: Path) -> None:
    feed = (addressed / "feeds" / "documents.xml").read_text(encoding="utf-8")
    pages = re.findall(r'<link rel="alternate" type="text/html" hreflang="zh" href="([^"]+)"', feed)
    assert sorted(pages) == sorted(SITE_URL + f"documents/{p.stem}.html" for p in (addressed / "documents").glob("*.html"))
    for ris in (addressed / "data" / "ris").glob("*.ris"):
        assert f"UR  - {SITE_URL}documents/{ris.stem}.html" in ris.read_text(encoding="utf-8")


# --- copying a citation, in the browser ------------------------------------------------

def drawn_elements(site: Path, count: int, seed: int) -> list[tuple[str, str, str]]:
    """(page, id, citation) of the title and of elements drawn at random
    from each document page's own citation table."""
    import json

    rng = random.Random(seed)
    out = []
    for page in sorted((site / "documents").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        table = json.loads(soup.select_one("script#citations").get_text())
        # The table's compact form (rendering/document.py, citation_table):
        # what most citations share is said once, under "" and "…".
        before, after = table.pop("", ""), table.pop("…", "")

        def citation(entry, before: str = before, after: str = after) -> str:
            return before + entry if isinstance(entry, str) else entry[0] + after if len(entry) == 1 else entry[0]

        ids = sorted(i for i in table if i != "title")
        for node_id in ["title", *rng.sample(ids, min(count, len(ids)))]:
            out.append((f"documents/{page.name}", node_id, citation(table[node_id])))
    return out


def official_link(site: Path, path: str) -> str:
    """The document's official text, from its header's symbol (its first
    symbol for a joint one); "" without a symbol."""
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    symbol = soup.select_one(".doc-header .doc-symbol")
    return f"https://undocs.org/zh/{re.split(r'-(?=[A-Z]+/)', symbol.get_text())[0]}" if symbol else ""


def copied(tab, url: str, node_id: str) -> str:
    tab.goto(url)
    if "?h=" in url:  # a page opened from a search result lands first (search-landing.js)
        tab.wait_for_selector("html[data-search-landed]", state="attached", timeout=TIMEOUT_MS)
    # The title's control stands under it; an element's is inside it.
    button = ".title-tools[data-for='title'] button.para-cite" if node_id == "title" \
        else f"#{node_id} .para-tools button.para-cite"
    tab.wait_for_selector(button, state="attached", timeout=TIMEOUT_MS)
    # Landing may have moved the page to the paragraph holding the query: the
    # reader scrolls back to the control (out from under the sticky header).
    tab.eval_on_selector(button, "el => el.scrollIntoView({block: 'center'})")
    if node_id == "title":  # shown, and a tap target (WCAG 2.5.8), at either size
        box = tab.locator(button).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    tab.click(button, force=True)
    tab.wait_for_selector(f"{button}[data-copied]", state="attached", timeout=TIMEOUT_MS)
    text = tab.get_attribute(button, "data-copied")
    assert tab.evaluate("() => navigator.clipboard.readText()") == text
    return text


def check_copies(browser, base: str, site: Path, viewport: str, link_of) -> None:
    """Copy the citation of drawn elements from ``base``; ``link_of(path,
    id)`` is the link each must carry ("" for none)."""
    width, height = VIEWPORTS[viewport]
    leaked: list[str] = []
    # Nothing may leave the machine (kiwix-serve's own files are on its origin).
    local = "file://" if base.startswith("file:") else "{0.scheme}://{0.netloc}/".format(urlsplit(base))
    with guarded_page(browser, lambda url: url.startswith(local), leaked) as tab:
        tab.set_viewport_size({"width": width, "height": height})
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
        for path, node_id, citation in drawn_elements(site, 3, seed=len(viewport) + len(base)):
            assert CITATION.fullmatch(citation), citation
            # As after a search: the query (?h=) never reaches the link.
            text = copied(tab, f"{base}{path}?h=%E4%BC%9A%E8%AE%AE#{node_id}", node_id)
            link = link_of(path, node_id)
            assert text == (f"{citation} {link}" if link else citation), (path, node_id, text)
    assert leaked == []


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("where", ["file", "http"])
def test_with_site_url_a_copied_citation_links_the_site_there(browser, addressed: Path, viewport: str,
                                                             where: str) -> None:
    def link_of(path: str, node_id: str) -> str:
        return SITE_URL + path + ("" if node_id == "title" else f"#{node_id}")

    if where == "file":
        check_copies(browser, addressed.as_uri() + "/", addressed, viewport, link_of)
    else:
        with served(addressed) as base:
            check_copies(browser, base, addressed, viewport, link_of)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_without_site_url_a_citation_copied_over_http_links_the_page_itself(browser, site_dir: Path,
                                                                           viewport: str) -> None:
    with served(site_dir) as base:
        check_copies(browser, base, site_dir, viewport,
                     lambda path, node_id: base + path + ("" if node_id == "title" else f"#{node_id}"))


@pytest.fixture(scope="module")
def unzipped(bundle_zip: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("bundle-addresses")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_without_site_url_a_citation_copied_from_the_bundle_links_the_official_text(browser, unzipped: Path,
                                                                                   viewport: str) -> None:
    check_copies(browser, unzipped.as_uri() + "/", unzipped, viewport,
                 lambda path, node_id: official_link(unzipped, path))


# --- the ZIM, in kiwix-serve ---------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def kiwix(site_dir: Path, tmp_path_factory) -> Iterator[str]:
    """The site's ZIM served by kiwix-serve: the URL of the book's root."""
    if not Path(KIWIX_SERVE).exists():
        pytest.fail("kiwix-serve not found: install Debian's kiwix-tools package (`make browser`).")
    zim = write_zim(site_dir, tmp_path_factory.mktemp("zim") / "addresses.zim", "addresses", "测试")
    for _attempt in range(5):
        port = _free_port()
        server = subprocess.Popen([KIWIX_SERVE, "-i", "127.0.0.1", "-p", str(port), str(zim)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        origin = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 15
        while server.poll() is None and time.monotonic() < deadline:
            try:
                _status(origin + "/")
                break
            except OSError:
                time.sleep(0.1)
        if server.poll() is None:
            break
    else:
        pytest.fail("kiwix-serve did not start")
    try:
        for base in (f"{origin}/content/{zim.stem}/", f"{origin}/{zim.stem}/"):
            if _status(base + "index.html") == 200:
                break
        else:
            pytest.fail("kiwix-serve serves the book neither under /content/ nor at its name")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_without_site_url_a_citation_copied_in_kiwix_links_the_official_text(browser, kiwix: str, site_dir: Path,
                                                                            viewport: str) -> None:
    """kiwix-serve's address is the reader's own machine: never in a citation."""
    check_copies(browser, kiwix, site_dir, viewport, lambda path, node_id: official_link(site_dir, path))


# --- the command line -------------------------------------------------------------------

EPOCH = "1700000000"
TEXT = "测试报告\n\n1. 第一段，引用 CTOC/COP/2024/1。\n\n2. 第二段。\n"


def run_build(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(PROJECT), "CI": "1",
           "GENERATOR_CACHE_DIR": str(root / "cache")}
    env.pop("GENERATOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "generator", "build", "--source", "source", "--config",
                           "site_config", "--site-dir", "site", "--bundle", "dist/site.zip"],
                          check=False, cwd=root, env=env, capture_output=True, text=True, timeout=300)


def small_project(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "report.txt").write_text(TEXT, encoding="utf-8")
    shutil.copytree(CONFIG, root / "site_config")
    (root / "site_config" / "anchors.lock.json").unlink(missing_ok=True)
    (root / "site_config" / "catalogue.toml").write_text("", encoding="utf-8")
    return root


def test_the_build_says_once_that_no_address_is_set_and_a_bad_one_stops_it(tmp_path: Path) -> None:
    root = small_project(tmp_path)
    first = run_build(root)
    assert first.returncode == 0, first.stderr
    said = [line for line in first.stderr.splitlines() if "site_url" in line]
    assert len(said) == 1 and said[0].startswith("warning: site_config/site.toml: "), first.stderr
    before = {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    settings = (root / "site_config" / "site.toml").read_text(encoding="utf-8")
    for bad in ("untoc-cop.int/zh/", "ftp://untoc-cop.int/", "https://untoc-cop.example.org/", "/zh/"):
        (root / "site_config" / "site.toml").write_text(settings + f'site_url = "{bad}"\n', encoding="utf-8")
        result = run_build(root)
        assert result.returncode != 0 and "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        line_no = settings.count("\n") + 1
        assert len(lines) == 1 and lines[0].startswith(f"error: site_config/site.toml:{line_no}: site_url"), lines
        after = {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
        assert after == before  # the last good site, as it was
    (root / "site_config" / "site.toml").write_text(settings + f'site_url = "{SITE_URL}"\n', encoding="utf-8")
    good = run_build(root)
    assert good.returncode == 0, good.stderr
    assert "site_url" not in good.stderr
    page = (root / "site" / "documents" / "report.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}documents/report.html">' in page
