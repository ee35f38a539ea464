"""What a reader takes away from a document page, in headless Chromium and
in the built files: citations with no invented address, a shared passage
that lands highlighted, a selection that copies only the text, footnotes
both ways with a preview, the official text and the issue of the document.

The project's own settings have no site_url (no address chosen yet): the
build here has none, so a link copied over http is the page's own address
and one copied from disk the official text, or none
(tests/publishing/test_addresses.py builds with a site_url).

Oracles: the site's settings (site.toml), the source texts, the page's own
DOM as a browser builds it.
"""

from __future__ import annotations

import re
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.helpers import PROJECT, SOURCE, guarded_page, served

SITE_URL = tomllib.loads((PROJECT / "site_config" / "site.toml").read_text(encoding="utf-8")).get("site_url", "")
REPORT = "documents/cop11-report.html"
TIMEOUT_MS = 15_000


def source_lines(name: str) -> list[str]:
    return (SOURCE / name).read_text(encoding="utf-8").splitlines()


def report_title() -> str:
    """The report's title as its source prints it, without the space the PDF's
    wrapping left between two Han characters ("21 日 在维也纳")."""
    title = next(x.strip() for x in source_lines("cop11-report.txt")
                 if x.strip().startswith("联合国打击跨国有组织犯罪公约缔约方会议 2022"))
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", title)


def paragraph_text(number: int) -> str:
    """Paragraph ``number`` of the report as its source prints it (one line)."""
    line = next(x for x in source_lines("cop11-report.txt") if x.startswith(f"{number}. "))
    return line[len(f"{number}. "):]


# --- the built files ----------------------------------------------------------

def html_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html") if p.name != "404.html")


def test_the_project_sets_no_placeholder_address() -> None:
    """No address has been chosen: site.toml sets none (CONTRACT.md, "Addresses")."""
    assert SITE_URL == ""


def test_without_site_url_no_page_names_an_address_of_the_site(site_dir: Path, bundle_zip: Path) -> None:
    """No canonical link, no sitemap: nothing carries an address that was not configured."""
    assert not (site_dir / "sitemap.xml").exists() and not (site_dir / "sitemap.xml.gz").exists()
    for path in html_pages(site_dir):
        soup = BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")
        assert soup.select('link[rel="canonical"]') == [], path
    with zipfile.ZipFile(bundle_zip) as archive:
        names = archive.namelist()
        html = archive.read(next(n for n in names if n.endswith(REPORT))).decode("utf-8")
    assert 'rel="canonical"' not in html and not any(n.endswith("sitemap.xml") for n in names)


def test_document_pages_link_the_official_text_and_say_which_issue(site_dir: Path) -> None:
    for page in sorted((site_dir / "documents").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        header = soup.select_one(".doc-header")
        symbol = header.select_one(".doc-symbol")
        official = [a["href"] for a in header.select(".doc-official a")]
        if symbol is None:
            assert official == []
        else:
            # A joint symbol has two official texts, one for each symbol.
            parts = re.split(r"-(?=[A-Z]+/)", symbol.get_text())
            assert official == [f"https://undocs.org/zh/{part}" for part in parts], page.name
        issue = header.select_one(".doc-issue").get_text()
        quoted = re.findall(r"“([^”]+)”", issue)
        text = re.sub(r"\s", "", (SOURCE / f"{page.stem}.txt").read_text(encoding="utf-8"))
        if quoted:
            # The reissue note, quoted from the document's own front matter.
            assert all(re.sub(r"\s", "", q) in text for q in quoted), page.name
            assert issue.startswith("重发本")
        else:
            assert "重新印发" not in text and "重发" not in text, page.name


def test_every_footnote_reference_has_its_own_way_back(site_dir: Path) -> None:
    for page in sorted((site_dir / "documents").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        refs: dict[str, list[str]] = {}
        for sup in article.select("sup.fnref"):
            assert sup.get("id"), (page.name, str(sup))
            refs.setdefault(sup.a["href"][1:], []).append(sup["id"])
        for note in article.select(".footnote[id]"):
            back = [a["href"][1:] for a in note.select("a.footnote-backref")]
            assert back == refs.get(note["id"], []), (page.name, note["id"])
            names = [a["aria-label"] for a in note.select("a.footnote-backref")]
            assert len(set(names)) == len(names)


# --- in the browser ----------------------------------------------------------

@pytest.fixture(scope="module")
def bundle_root(bundle_zip: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("bundle-citing")
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


@pytest.fixture(scope="module")
def http_base(site_dir: Path) -> Iterator[str]:
    with served(site_dir) as base:
        yield base


@pytest.fixture(params=["file", "http"])
def base(request, bundle_root: Path) -> str:
    if request.param == "file":
        return bundle_root.as_uri() + "/"
    return request.getfixturevalue("http_base")


@pytest.fixture
def page(browser, base: str) -> Iterator:
    leaked: list[str] = []
    with guarded_page(browser, lambda url: url.startswith("file://" if base.startswith("file:") else base),
                      leaked) as tab:
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
        yield tab
    assert leaked == []


def select_text(page, anchor: str, start: int, end_anchor: str | None = None, end: int | None = None) -> None:
    """Select from character ``start`` of element ``anchor``'s text to ``end``
    of ``end_anchor``'s (the same element when not given), as a mouse would."""
    page.evaluate("""([a, s, b, e]) => {
      function at(el, offset) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
          if (offset <= node.data.length) return [node, offset];
          offset -= node.data.length;
        }
      }
      const [n1, o1] = at(document.getElementById(a), s);
      const [n2, o2] = at(document.getElementById(b), e);
      const range = document.createRange();
      range.setStart(n1, o1); range.setEnd(n2, o2);
      const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""", [anchor, start, end_anchor or anchor, end])


def test_copying_two_paragraphs_by_hand_copies_only_their_text(page, base: str) -> None:
    page.goto(base + REPORT + "#para-94")
    page.wait_for_selector("#para-94 > .para-tools")
    page.hover("#para-94")  # the tools shown, as when a reader's mouse passes
    select_text(page, "para-94", 4, "para-95", 10)
    page.keyboard.press("Control+C")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "¶" not in copied and "复制引文" not in copied and "分享" not in copied, copied
    flat = re.sub(r"\s", "", copied)
    assert re.sub(r"\s", "", paragraph_text(94))[-12:] in flat
    assert re.sub(r"\s", "", paragraph_text(95))[:4] in flat


def own_address(base: str, path: str) -> str:
    """The address a citation copied from ``path`` links without site_url:
    the page's own over http; from disk none, for the report (it has no
    symbol, so no official text either)."""
    return base + path if base.startswith("http") else ""


def test_a_shared_passage_carries_quote_citation_and_lands_highlighted(page, base: str) -> None:
    page.goto(base + REPORT + "?h=%E5%8F%91%E8%A8%80#para-94")  # as after a search
    page.wait_for_selector("#para-94 > .para-tools")
    text = page.evaluate("() => document.getElementById('para-94').textContent")
    start = text.index("为实施")
    select_text(page, "para-94", start, None, start + 10)
    popup = page.locator("button.share-passage")
    popup.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert "第 94 段" in popup.get_attribute("aria-label")
    box = popup.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    popup.click()
    page.wait_for_selector("button.share-passage[data-copied]", state="attached", timeout=TIMEOUT_MS)
    shared = page.get_attribute("button.share-passage", "data-copied")
    quote_text = text[start:start + 10]
    assert quote_text in paragraph_text(94)
    link = f"{REPORT}?quote={quote(quote_text)}#para-94"
    if own_address(base, REPORT):
        assert shared == f"“{quote_text}”\n《{report_title()}》，第 94 段\n{base}{link}"
    else:
        assert shared == f"“{quote_text}”\n《{report_title()}》，第 94 段"
    assert page.evaluate("() => navigator.clipboard.readText()") == shared
    # The link lands on the paragraph with the quote marked (here on this copy of the site).
    page.goto(base + link)
    page.reload()
    page.wait_for_selector("#para-94 mark.quote-landing", timeout=TIMEOUT_MS)
    marked = page.eval_on_selector_all("#para-94 mark.quote-landing", "ms => ms.map(m => m.textContent).join('')")
    assert marked == quote_text
    assert page.evaluate("() => document.getElementById('para-94').matches(':target')")


def test_a_citation_copied_after_a_search_has_no_query(page, base: str) -> None:
    page.goto(base + REPORT + "?h=%E5%8F%91%E8%A8%80#para-94")
    button = "#para-94 > .para-tools > button.para-cite"
    page.click(button, force=True)
    page.wait_for_selector(f"{button}[data-copied]", state="attached", timeout=TIMEOUT_MS)
    copied = page.get_attribute(button, "data-copied")
    link = own_address(base, REPORT)
    assert copied == f"《{report_title()}》，第 94 段" + (f" {link}#para-94" if link else "")
    assert "?" not in copied


def test_each_control_names_its_paragraph_and_is_big_enough(page, base: str) -> None:
    page.goto(base + "documents/ctoc-cop-2024-1.html")
    page.wait_for_selector(".para-tools")
    names = page.eval_on_selector_all("button.para-cite", "bs => bs.map(b => b.getAttribute('aria-label'))")
    assert len(names) > 100 and len(set(names)) == len(names)
    assert "复制项目 4 说明第 [1] 段的引文" in names
    page.focus("#item-4-p1 > .para-tools > button.para-cite")
    for selector in ("#item-4-p1 > .para-tools > button.para-cite", "#item-4-p1 > .para-tools > a.para-permalink"):
        box = page.locator(selector).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (selector, box)


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_a_footnote_is_seen_at_its_reference(page, base: str, viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(base + REPORT + "#res-11-1-pre-1")
    page.wait_for_selector("#res-11-1-pre-1 > .para-tools")
    ref = "#res-11-1-pre-1 sup.fnref > a"
    page.focus(ref)
    tip = page.locator(".footnote-preview")
    tip.wait_for(state="visible", timeout=TIMEOUT_MS)
    target = page.get_attribute(ref, "href")[1:]
    note = page.evaluate(f"""() => {{ const n = document.getElementById({target!r}).cloneNode(true);
      n.querySelectorAll('.footnote-backref, .para-tools').forEach(x => x.remove()); return n.textContent.trim(); }}""")
    assert tip.text_content() == note
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport[0]
    assert page.url.endswith("#res-11-1-pre-1")  # still at the paragraph
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")


def test_footnote_back_links_are_visible_and_return_to_each_reference(page, base: str) -> None:
    page.goto(base + REPORT + "#fn-3")
    backs = page.locator("#fn-3 a.footnote-backref")
    assert backs.count() > 1  # footnote 3 is referenced several times
    for k in range(backs.count()):
        back = backs.nth(k)
        back.focus()
        assert page.evaluate("(el) => getComputedStyle(el).opacity", back.element_handle()) == "1"
        box = back.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        href = back.get_attribute("href")
        back.click()
        page.wait_for_function(f"() => location.hash === {href!r}")
        assert page.evaluate(f"() => document.querySelector({href!r}).querySelector('a').getAttribute('href')") \
            == "#fn-3"
        page.go_back()


def test_index_pages_link_places_by_their_citation(site_dir: Path) -> None:
    """The resolution and symbol indexes (their parts, one page per body and
    session or per series) name each citing place as a reader cites it: the
    document (symbol or title), then the place; never an id."""
    for name in ("resolutions", "symbols"):
        links = []
        for part in sorted((site_dir / name).glob("*.html")):
            soup = BeautifulSoup(part.read_text(encoding="utf-8"), "html.parser")
            links += [a for a in soup.select("article a[href*='documents/']") if "#" in a["href"]]
        assert len(links) > 100, name
        for a in links:
            text, anchor = a.get_text(), a["href"].split("#")[1]
            assert anchor not in text and "#" not in text, (name, text)
            assert re.match(r"(?:[A-Z]+/|《|缔约方会议第 \d+/\d+ 号)", text), (name, text)
