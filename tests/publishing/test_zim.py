"""The ZIM for Kiwix: what it holds, its search, its links, its bytes, and
a deep link served by kiwix-serve and opened in Chromium.

The search is libzim's own (``libzim.search``), as Kiwix runs it. Expected
texts are those of the manifest: 腐败 stands in paragraphs of two reports,
inside 反腐败 and alone; 70/174 once, in footnote 17 of the COP 11 report.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from libzim.reader import Archive
from libzim.search import Query, Searcher

from generator.catalogue import load_settings
from generator.publishing import zim as zim_module
from generator.publishing.zim import DESCRIPTION, illustration_png, release_zim, write_zim, zim_date
from tests.helpers import CONFIG, PROJECT, manifest_anchors, tree_bytes

# As tests/publishing/test_browser.py launches Debian's Chromium.
KIWIX_SERVE = shutil.which("kiwix-serve") or "/usr/bin/kiwix-serve"
REPORT = "documents/cop11-report.html"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def settings():
    return load_settings(CONFIG)


def run_zim(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m generator zim`` run as a reader runs it, in ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "CI": "1"}
    env.pop("GENERATOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "generator", "zim", *args], cwd=cwd, env=env, check=False,
                          capture_output=True, text=True, timeout=600)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def zim_path(built, settings) -> Path:
    """The ZIM made by the release command, with its defaults, in the
    folder the session's build ran in (site/, site_config/, dist/)."""
    site, bundle = built
    root = site.parent
    # The build makes the site and the zip, never the ZIM.
    assert not list(bundle.parent.glob("*.zim")), sorted(p.name for p in bundle.parent.iterdir())
    result = run_zim(root)
    assert result.returncode == 0, result.stderr
    path = root / "dist" / f"{settings.bundle_name}.zim"
    assert path.is_file() and path.parent == bundle.parent
    assert result.stderr.strip().splitlines() == [f"wrote dist/{settings.bundle_name}.zim from site/"]
    return path


@pytest.fixture(scope="module")
def archive(zim_path: Path) -> Archive:
    return Archive(zim_path)


def found(archive: Archive, query: str, limit: int = 50) -> list[str]:
    """The paths libzim's searcher gives for ``query``, best first."""
    search = Searcher(archive).search(Query().set_query(query))
    return list(search.getResults(0, limit))


def anchor_pages(manifest_json: list[dict], needle: str) -> set[str]:
    """The pages holding an anchored block whose text holds ``needle``."""
    return {a["url"].split("#")[0] for a in manifest_json if needle in a["text"]}


@pytest.fixture(scope="module")
def anchors_manifest(site_dir: Path) -> list[dict]:
    """Every anchor of the manifest."""
    return manifest_anchors(site_dir)


# What it holds ---------------------------------------------------------------

def test_zim_lands_next_to_the_zip_and_checks(zim_path: Path, bundle_zip: Path, archive: Archive) -> None:
    assert zim_path.parent == bundle_zip.parent
    assert archive.check()  # libzim's own check of the MD5 checksum
    assert not list(zim_path.parent.glob("*.tmp"))


def test_every_site_file_is_in_the_zim_at_its_own_path(site_dir: Path, archive: Archive) -> None:
    files = tree_bytes(site_dir)
    for path, data in files.items():
        item = archive.get_entry_by_path(path).get_item()
        if path == "assets/javascripts/site-copy.js":
            # The one file the ZIM holds in its own form: it tells a page it
            # is read in the ZIM (a citation then links the official text).
            assert b'UNTOC_COPY = "site"' in data and bytes(item.content) == b'window.UNTOC_COPY = "zim";\n'
            continue
        assert bytes(item.content) == data, path
        if path.endswith(".html"):
            assert item.mimetype == "text/html", path
    # Every HTML page but the 404 page is an article (Kiwix lists and counts those).
    assert archive.article_count == sum(p.endswith(".html") and p != "404.html" for p in files)
    assert archive.main_entry.get_item().path == "index.html"
    assert archive.get_entry_by_path(REPORT).get_item().title.startswith("联合国打击跨国有组织犯罪公约缔约方会议")


def test_metadata_is_what_openzim_requires(archive: Archive, settings) -> None:
    meta = {key: archive.get_metadata(key) for key in archive.metadata_keys}
    text = {key: value.decode("utf-8") for key, value in meta.items() if not key.startswith("Illustration_")}
    assert text["Name"] == settings.bundle_name
    assert text["Title"] == settings.site_name and len(text["Title"]) <= 30
    assert text["Language"] == "zho"
    assert text["Creator"] and text["Publisher"]
    assert text["Date"] == zim_date() == time.strftime("%Y-%m-%d", time.gmtime(int(os.environ["SOURCE_DATE_EPOCH"])))
    assert text["Description"] == DESCRIPTION and len(DESCRIPTION) <= 80
    assert archive.has_illustration(48)
    png = bytes(archive.get_illustration_item(48).content)
    assert png == illustration_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (48, 48)


# Search ----------------------------------------------------------------------

def test_libzim_finds_a_chinese_word_inside_a_longer_word(tmp_path: Path) -> None:
    # A site of its own, so that the word stands only inside the longer one.
    site = tmp_path / "site"
    (site / "documents").mkdir(parents=True)
    page = "<html><head><title>{t} - 站</title></head><body><nav>导航 腐败</nav><article><p>{p}</p></article></body></html>"
    (site / "index.html").write_text(page.format(t="首页", p="欢迎"), encoding="utf-8")
    (site / "documents" / "a.html").write_text(page.format(t="甲", p="加强反腐败措施，见第70/174号决议。"), encoding="utf-8")
    (site / "documents" / "b.html").write_text(page.format(t="乙", p="国际合作，第70/17号决议。"), encoding="utf-8")
    archive = Archive(write_zim(site, tmp_path / "x.zim", "x", "站"))
    assert archive.has_fulltext_index
    assert found(archive, "腐败") == ["documents/a.html"]  # not index.html: its navigation is not indexed
    assert found(archive, "败措") == ["documents/a.html"]  # across the word boundary a dictionary would draw
    assert found(archive, "70/174") == ["documents/a.html"]
    assert found(archive, "第70/174号决议") == ["documents/a.html"]
    assert found(archive, "70/17") == ["documents/b.html"]  # 17 is not 174


def test_libzim_search_finds_the_page_of_the_paragraph(archive: Archive, anchors_manifest: list[dict]) -> None:
    pages = anchor_pages(anchors_manifest, "腐败")
    assert REPORT in pages and any("反腐败" in a["text"] for a in anchors_manifest)
    results = found(archive, "腐败")
    assert pages <= set(results)
    assert not [p for p in results if p.startswith("anchors")]  # the anchor pages repeat the text: not indexed
    assert anchor_pages(anchors_manifest, "70/174") == {REPORT}
    assert REPORT in found(archive, "70/174")
    assert REPORT in found(archive, "第70/174号决议")


# Links -----------------------------------------------------------------------

def test_paragraph_links_resolve_inside_the_zim(archive: Archive, site_dir: Path) -> None:
    """Every relative link to a fragment, from every page, reaches an entry of
    the ZIM holding that id (so a link to documents/x.html#para-12 works)."""
    ids: dict[str, set[str]] = {}

    def ids_of(path: str) -> set[str]:
        if path not in ids:
            html = bytes(archive.get_entry_by_path(path).get_item().content).decode("utf-8")
            ids[path] = {tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)}
        return ids[path]

    checked = 0
    for page in sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")):
        html = bytes(archive.get_entry_by_path(page).get_item().content).decode("utf-8")
        for link in BeautifulSoup(html, "html.parser").find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.scheme or parts.netloc or not parts.fragment or not parts.path:
                continue
            target = os.path.normpath((PurePosixPath(page).parent / unquote(parts.path)).as_posix())
            assert archive.has_entry_by_path(target), (page, link["href"])
            assert unquote(parts.fragment) in ids_of(target), (page, link["href"])
            checked += 1
    assert checked > 100  # the indexes of resolutions, symbols and the timeline link to paragraphs


# Bytes -----------------------------------------------------------------------

def test_same_site_gives_the_same_zim_bytes(site_dir: Path, zim_path: Path, settings, tmp_path: Path) -> None:
    again = write_zim(site_dir, tmp_path / "again.zim", settings.bundle_name, settings.site_name)
    assert again.read_bytes() == zim_path.read_bytes()
    # The UUID is derived from the content, not drawn at random.
    assert Archive(again).uuid == Archive(zim_path).uuid


def test_a_failed_zim_leaves_the_last_one_as_it_was(site_dir: Path, zim_path: Path, settings, tmp_path: Path,
                                                    monkeypatch) -> None:
    target = tmp_path / "dist" / "x.zim"
    target.parent.mkdir()
    shutil.copyfile(zim_path, target)
    before = target.read_bytes()

    def broken(site, path, *rest):
        path.write_bytes(b"half a ZIM")  # libzim had begun writing
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zim_module, "write_zim", broken)
    with pytest.raises(OSError):
        release_zim(site_dir, target, settings.bundle_name, settings.site_name)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["x.zim"]  # nothing half-written left beside it


def test_no_built_site_is_one_line_and_leaves_the_last_zim(zim_path: Path, tmp_path: Path) -> None:
    shutil.copytree(CONFIG, tmp_path / "site_config")
    (tmp_path / "dist").mkdir()
    last = tmp_path / "dist" / zim_path.name
    shutil.copyfile(zim_path, last)
    line = one_error_line(run_zim(tmp_path))
    assert "site" in line and "no built site" in line
    (tmp_path / "half").mkdir()  # a folder that is not a built site
    line = one_error_line(run_zim(tmp_path, "--site-dir", "half", "--out", "dist/other.zim"))
    assert line.startswith("error: half: ")
    assert last.read_bytes() == zim_path.read_bytes()
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [zim_path.name]


# Kiwix -----------------------------------------------------------------------

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
def kiwix_base(zim_path: Path) -> Iterator[str]:
    """The ZIM served by kiwix-serve on 127.0.0.1: the URL of the book's root, ending in "/"."""
    if not Path(KIWIX_SERVE).exists():
        pytest.fail("kiwix-serve not found: install Debian's kiwix-tools package (`make browser`).")
    for _attempt in range(5):  # the port is free when chosen; another process may take it first
        port = _free_port()
        server = subprocess.Popen([KIWIX_SERVE, "-i", "127.0.0.1", "-p", str(port), str(zim_path)],
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
        # kiwix-serve names a book by its file name; since libkiwix 12 its
        # content lives under /content/<book>/, before that under /<book>/.
        book = zim_path.stem
        for base in (f"{origin}/content/{book}/", f"{origin}/{book}/"):
            if _status(base + REPORT) == 200:
                break
        else:
            pytest.fail(f"kiwix-serve serves {REPORT} neither under /content/{book}/ nor /{book}/")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_kiwix_serve_opens_a_paragraph_link_in_chromium(browser, kiwix_base: str,
                                                        anchors_manifest: list[dict]) -> None:
    (anchor,) = [a for a in anchors_manifest if a["url"] == f"{REPORT}#para-33"]
    assert "腐败" in anchor["text"]
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(kiwix_base))
    leaked: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith((origin, "data:", "blob:")):
            route.continue_()
        else:  # nothing may leave the machine
            leaked.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        context.route("**/*", guard)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(kiwix_base + anchor["url"], timeout=TIMEOUT_MS)
        target = page.locator("#para-33")
        target.wait_for(state="visible", timeout=TIMEOUT_MS)
        assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") \
            == "para-33"
        shown = "".join(target.inner_text().split())
        assert "".join(anchor["text"].split())[:40] in shown
        # The paragraph is scrolled into view.
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < 800
        assert errors == [], errors
        # A link of the resolution index (its part for the Conference's eleventh
        # session), followed inside the ZIM, lands on its paragraph.
        page.goto(kiwix_base + "resolutions/cop-11.html", timeout=TIMEOUT_MS)
        link = page.locator('article a[href*="documents/"][href*="#"]').first
        fragment = link.get_attribute("href").split("#", 1)[1]
        link.click()
        page.wait_for_url(f"**/documents/*#{fragment}", timeout=TIMEOUT_MS)
        page.locator(f"#{fragment}").wait_for(state="visible", timeout=TIMEOUT_MS)
        assert page.evaluate("document.querySelector(':target').id") == fragment
        assert page.url.startswith(kiwix_base)
        assert errors == [], errors
    finally:
        context.close()
    assert leaked == [], f"requests that would leave the machine: {leaked}"


def test_a_page_title_is_its_own_not_an_svg_charts_tooltips() -> None:
    from generator.publishing.zim import _page_text

    page = ("<html><head><title>时间线 - 站点</title></head><body><article><h1>时间线</h1>"
            "<svg><g><title>2022-05-23 国际合作工作组</title></g><g><title>2024-06-07 对话</title></g></svg>"
            "<p>正文</p></article></body></html>").encode()
    text = _page_text(page, "站点")
    assert text.title == "时间线"
    assert "2022-05-23 国际合作工作组" in text.content and "正文" in text.content
