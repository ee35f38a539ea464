"""Reading on a phone and from the keyboard, in headless Chromium, from the
unzipped offline bundle (file://) and over http (tests/conftest.py's
``base``); a phone is 390×844 with touch (has_touch, is_mobile).

Each rule is checked on every element it covers, on every document page:
every footnote reference (the first tap shows its note where the reader
is, the second goes to it; each a target of 24 × 24 px), every paragraph's
tools (inside its own element's box, taking no click while hidden, one tab
stop), every paragraph-level element in the order J / K visit, every
year's chart on a phone, every insertion and deletion of the
recommendations, every header and navigation link of the bundle.

The oracles are the built HTML read with BeautifulSoup (the notes, the
paragraph-level elements in document order, the links), the timeline's
data (``data/timeline.json``), and the browser's layout and hit testing.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.helpers import guarded_page

TIMEOUT_MS = 15_000
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}
# The ids of CONTRACT.md's tables ("Anchor ids"): what a reader cites.
CONTRACT_ID = re.compile(r"^(?:para|sec|res|dec|annex|fn|agenda|item|p)-[a-z0-9-]+$")
PARAGRAPH_LEVEL = ["p", "tr", "li", "blockquote", "h2", "h3", "h4", "h5", "h6"]


@contextlib.contextmanager
def opened(browser, base: str, options: dict) -> Iterator:
    """A guarded tab of the given screen: nothing leaves ``base``, no JavaScript error."""
    leaked: list[str] = []
    local = "file://" if base.startswith("file:") else base
    with guarded_page(browser, lambda url: url.startswith(local), leaked, **options) as tab:
        yield tab
    assert leaked == [], leaked


def documents(site_dir: Path) -> list[str]:
    return sorted(f"documents/{p.name}" for p in (site_dir / "documents").glob("*.html"))


def soup(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def load(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_load_state("load")


# --- footnote references -------------------------------------------------------

def footnote_refs(site_dir: Path, path: str) -> list[tuple[str, str]]:
    """Every footnote reference of a page in document order: (href, the
    note's text without its back-links), from the built HTML."""
    page = soup(site_dir, path)
    out = []
    for link in page.select("article sup.fnref > a"):
        note = page.find(id=link["href"][1:])
        for back in note.select(".footnote-backref"):
            back.decompose()
        out.append((link["href"], note.get_text()))
    return out


def test_the_corpus_has_footnote_references(site_dir: Path) -> None:
    assert sum(len(footnote_refs(site_dir, p)) for p in documents(site_dir)) > 30


def test_first_tap_shows_the_note_in_place_and_the_second_goes_to_it(browser, base: str, site_dir: Path) -> None:
    with opened(browser, base, PHONE) as tab:
        for path in documents(site_dir):
            refs = footnote_refs(site_dir, path)
            if not refs:
                continue
            load(tab, base + path)
            links = tab.locator("article sup.fnref > a")
            assert links.count() == len(refs), path
            for k, (href, note) in enumerate(refs):
                link = links.nth(k)
                link.scroll_into_view_if_needed()
                before = tab.evaluate("() => [scrollY, location.hash]")
                link.tap()
                tab.wait_for_function("() => !document.querySelector('.footnote-preview').hidden", timeout=TIMEOUT_MS)
                tip = tab.evaluate("""(a) => { const t = document.querySelector('.footnote-preview');
                  const r = t.getBoundingClientRect(), l = a.getBoundingClientRect();
                  return {text: t.textContent, left: r.left, right: r.right, top: r.top, ref: l.bottom,
                          scroll: scrollY, hash: location.hash, width: innerWidth}; }""", link.element_handle())
                # In place: no jump, no navigation, the note just below its reference, on screen.
                assert abs(tip["scroll"] - before[0]) <= 1 and tip["hash"] == before[1], (path, href, before, tip)
                assert flat(tip["text"]) == flat(note), (path, href)
                assert 0 <= tip["left"] and tip["right"] <= tip["width"] and 0 <= tip["top"] - tip["ref"] <= 12, tip
                link.tap()
                tab.wait_for_function(f"() => location.hash === {json.dumps(href)}", timeout=TIMEOUT_MS)
                top = tab.evaluate(f"() => document.getElementById({json.dumps(href[1:])}).getBoundingClientRect().top")
                assert 0 <= top < PHONE["viewport"]["height"], (path, href, top)


def test_a_mouse_shows_the_note_on_hover_and_a_click_or_enter_goes_to_it(page, base: str, site_dir: Path) -> None:
    path = max(documents(site_dir), key=lambda p: len(footnote_refs(site_dir, p)))
    refs = footnote_refs(site_dir, path)
    for k in random.Random(37).sample(range(len(refs)), 3):
        href, note = refs[k]
        load(page, base + path)
        link = page.locator("article sup.fnref > a").nth(k)
        link.hover()
        page.wait_for_function("() => !document.querySelector('.footnote-preview').hidden", timeout=TIMEOUT_MS)
        assert flat(page.text_content(".footnote-preview")) == flat(note)
        link.click()
        page.wait_for_function(f"() => location.hash === {json.dumps(href)}", timeout=TIMEOUT_MS)
        load(page, base + path)
        link.focus()
        page.wait_for_function("() => !document.querySelector('.footnote-preview').hidden", timeout=TIMEOUT_MS)
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => location.hash === {json.dumps(href)}", timeout=TIMEOUT_MS)


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_every_footnote_reference_is_a_target_of_24_px(browser, base: str, site_dir: Path, screen: str) -> None:
    with opened(browser, base, SCREENS[screen]) as tab:
        for path in documents(site_dir):
            load(tab, base + path)
            boxes = tab.evaluate("""() => [...document.querySelectorAll('article sup.fnref > a')].map(a => {
              const r = a.getBoundingClientRect(); return [a.getAttribute('href'), r.left, r.top, r.right, r.bottom]; })""")
            assert len(boxes) == len(footnote_refs(site_dir, path))
            small = [b for b in boxes if b[3] - b[1] < 24 or b[4] - b[2] < 24]
            assert small == [], (path, small[:5])
            overlapping = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                           if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
            assert overlapping == [], path


# --- the paragraph tools -------------------------------------------------------

def paragraph_ids(site_dir: Path, path: str) -> list[str]:
    """The citable paragraph-level elements of a page, in document order (the built HTML)."""
    article = soup(site_dir, path).select_one("article")
    return [e["id"] for e in article.find_all(PARAGRAPH_LEVEL)
            if CONTRACT_ID.match(e.get("id", "")) and not e.find_parent(class_="doc-header")]


# For each element: its box, its tools' box, what its tools cover, and what a
# click at the right end of each of its lines and of its tools' band would hit.
_TOOLS_GEOMETRY = """() => {
  const hosts = [...document.querySelectorAll('.para-tools')].map(t => t.closest('[id]'));
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top + scrollY, r.right, r.bottom + scrollY]; };
  const boxes = hosts.map(box);
  const out = {count: hosts.length, ids: hosts.map(h => h.id), outside: [], covering: [], clickable: [], hits: []};
  hosts.forEach((host, i) => {
    const tools = host.querySelector('.para-tools'), t = box(tools), own = boxes[i];
    if (t[0] < own[0] - .5 || t[1] < own[1] - .5 || t[2] > own[2] + .5 || t[3] > own[3] + .5) out.outside.push(host.id);
    boxes.forEach((o, j) => {
      if (j !== i && t[0] < o[2] - .5 && o[0] < t[2] - .5 && t[1] < o[3] - .5 && o[1] < t[3] - .5) out.covering.push([host.id, hosts[j].id]);
    });
    const style = getComputedStyle(tools);
    if (style.pointerEvents !== 'none' || style.opacity !== '0') out.clickable.push(host.id);
    // Hit testing: the right end of every line of the element and the band of its tools.
    host.scrollIntoView({block: 'center'});
    const right = host.getBoundingClientRect().right - 3, points = [];
    const lines = document.createRange(); lines.selectNodeContents(host);
    for (const r of lines.getClientRects()) points.push([Math.min(right, r.right - 1), r.top + r.height / 2]);
    const tb = tools.getBoundingClientRect(); points.push([tb.left + tb.width / 2, tb.top + tb.height / 2]);
    for (const [x, y] of points) {
      if (y < 60 || y > innerHeight - 2 || x < 0 || x > innerWidth) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest('.para-tools')) out.hits.push([host.id, x, y]);
    }
  });
  scrollTo(0, 0);
  return out;
}"""


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_tools_never_cover_another_paragraph_and_hidden_take_no_click(browser, base: str, site_dir: Path,
                                                                     screen: str) -> None:
    with opened(browser, base, SCREENS[screen]) as tab:
        for path in documents(site_dir):
            load(tab, base + path)
            tab.mouse.move(0, 0)  # over the header: nothing hovered
            found = tab.evaluate(_TOOLS_GEOMETRY)
            assert found["ids"] == paragraph_ids(site_dir, path), path  # every citable element has its tools
            assert found["outside"] == [], (path, found["outside"][:5])
            assert found["covering"] == [], (path, found["covering"][:5])
            assert found["clickable"] == [], (path, found["clickable"][:5])
            assert found["hits"] == [], (path, found["hits"][:5])


def test_a_click_at_the_end_of_a_line_copies_nothing(browser, base: str, site_dir: Path) -> None:
    """Where the old hidden tools lay over the next paragraph: the right end
    of each element's first line, clicked and tapped, for elements drawn by
    a fixed seed; the click lands on that element and no citation is copied."""
    rng = random.Random(41)
    for screen, options in SCREENS.items():
        with opened(browser, base, options) as tab:
            for path in documents(site_dir):
                ids = paragraph_ids(site_dir, path)
                load(tab, base + path)
                # A link clicked on the way (a line may end in one) does not leave the page.
                tab.evaluate("() => addEventListener('click', e => { if (e.target.closest('a')) e.preventDefault(); },"
                             " true)")
                for anchor in rng.sample(ids[1:], min(6, len(ids) - 1)):
                    point = tab.evaluate("""id => { const el = document.getElementById(id);
                      el.scrollIntoView({block: 'center'});
                      const range = document.createRange(); range.selectNodeContents(el);
                      const line = range.getClientRects()[0], box = el.getBoundingClientRect();
                      return [Math.min(box.right, line.right) - 4, line.top + line.height / 2]; }""", anchor)
                    hit = tab.evaluate("([x, y]) => { const h = document.elementFromPoint(x, y);"
                                       " return h && h.closest('[id]') ? [h.closest('.para-host') && "
                                       "h.closest('.para-host').id, !!h.closest('.para-tools')] : null; }", point)
                    if screen == "phone":
                        tab.touchscreen.tap(*point)
                    else:
                        tab.mouse.click(*point)
                    assert hit and hit[0] == anchor and not hit[1], (screen, path, anchor, hit)
                assert tab.locator("[data-copied]").count() == 0, (screen, path)


def test_on_a_phone_a_tap_on_a_paragraph_shows_its_tools_and_a_tap_copies(browser, base: str,
                                                                        site_dir: Path) -> None:
    rng = random.Random(53)
    with opened(browser, base, PHONE) as tab:
        for path in documents(site_dir):
            ids = [i for i in paragraph_ids(site_dir, path) if i.startswith(("para-", "res-", "item-"))]
            anchor = rng.choice(ids)
            tab.goto("about:blank")
            load(tab, f"{base}{path}#{anchor}")
            box = tab.locator(f"#{anchor}").bounding_box()
            tab.touchscreen.tap(box["x"] + 20, box["y"] + 8)
            button = tab.locator(f"#{anchor} .para-tools button.para-cite")
            button.tap(timeout=5000)  # waits until it takes taps: shown by the first
            tab.wait_for_selector(f"#{anchor} .para-cite[data-copied]", state="attached", timeout=TIMEOUT_MS)
            # The element's own citation (the page's table of them), and its
            # link where the page has one to give (the README's "Addresses").
            cited = tab.evaluate("""(id) => {
                // The table's compact form (rendering/document.py, citation_table).
                const t = JSON.parse(document.getElementById('citations').textContent), e = t[id];
                return typeof e === 'string' ? (t[''] || '') + e : e.length === 1 ? e[0] + (t['\u2026'] || '') : e[0];
            }""", anchor)
            copied = button.get_attribute("data-copied")
            assert copied.startswith(cited), (path, anchor, copied)
            if base.startswith("http"):
                assert copied.endswith(f"#{anchor}"), (path, anchor, copied)


def test_each_toolbar_is_one_tab_stop_and_the_arrows_move_inside_it(page, base: str, site_dir: Path) -> None:
    for path in documents(site_dir):
        load(page, base + path)
        counts = page.evaluate("""() => [...document.querySelectorAll('.para-tools')].map(t =>
          [...t.querySelectorAll('a, button, [tabindex]')].filter(c => c.tabIndex >= 0).length)""")
        assert counts and set(counts) == {1}, path
        assert len(counts) <= len(paragraph_ids(site_dir, path))
    # Walking the shortest document with Tab: each element's tools are
    # reached once, and shown when reached.
    path = min(documents(site_dir), key=lambda p: len(paragraph_ids(site_dir, p)))
    load(page, base + path)
    page.locator("body").focus()
    reached: list[str] = []
    for _ in range(1000):
        page.keyboard.press("Tab")
        at = page.evaluate("""() => { const a = document.activeElement; const t = a.closest('.para-tools');
          return a === document.body ? null : [t ? t.closest('.para-host').id : '', t ? a.className : '',
                                               t ? getComputedStyle(t).pointerEvents : '']; }""")
        if at is None or (reached and at[0] == reached[0]):
            break
        if at[0]:
            assert "para-permalink" in at[1] and at[2] == "auto", at
            reached.append(at[0])
    assert reached == paragraph_ids(site_dir, path)
    # Inside a toolbar: → to "copy citation", ← back to ¶, Tab leaves it.
    anchor = reached[len(reached) // 2]
    page.focus(f"#{anchor} .para-permalink")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.matches('button.para-cite')")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => document.activeElement.matches('a.para-permalink')")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    assert page.evaluate(f"() => !document.getElementById({anchor!r}).querySelector('.para-tools')"
                         ".contains(document.activeElement)")


# --- from paragraph to paragraph -------------------------------------------------

def focused(tab) -> dict:
    return tab.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
      const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
      const tools = a.querySelector && a.querySelector('.para-tools');
      return {id: a.id, top: r.top, bottom: r.bottom, header, height: innerHeight,
              clickable: tools ? getComputedStyle(tools).pointerEvents : null}; }""")


def assert_seen(spot: dict) -> None:
    assert spot["top"] >= spot["header"] - 1 and spot["top"] < spot["height"], spot


def test_j_and_k_visit_every_paragraph_in_order(page, base: str, site_dir: Path) -> None:
    path = min(documents(site_dir), key=lambda p: len(paragraph_ids(site_dir, p)))
    ids = paragraph_ids(site_dir, path)
    load(page, base + path)
    visited = []
    for _ in ids:
        page.keyboard.press("j")
        spot = focused(page)
        assert_seen(spot)
        visited.append(spot["id"])
    assert visited == ids
    page.keyboard.press("j")  # past the last: stays
    assert focused(page)["id"] == ids[-1]
    back = []
    for _ in ids[:-1]:
        page.keyboard.press("k")
        spot = focused(page)
        assert_seen(spot)
        back.append(spot["id"])
    assert back == ids[-2::-1]


def test_the_keys_move_from_any_paragraph_a_link_lands_on(page, base: str, site_dir: Path) -> None:
    rng = random.Random(43)
    for path in documents(site_dir):
        ids = paragraph_ids(site_dir, path)
        for k in rng.sample(range(1, len(ids) - 1), 4):
            page.goto("about:blank")  # a link opened afresh, not a jump within the page
            load(page, f"{base}{path}#{ids[k]}")
            page.keyboard.press("j")
            spot = focused(page)
            assert spot["id"] == ids[k + 1], (path, ids[k])
            assert_seen(spot)
            assert spot["clickable"] == "auto"  # its tools are shown (and take clicks), Tab away
            page.keyboard.press("Alt+ArrowUp")
            assert focused(page)["id"] == ids[k]
            page.keyboard.press("Alt+ArrowUp")
            spot = focused(page)
            assert spot["id"] == ids[k - 1]
            assert_seen(spot)
            page.keyboard.press("Alt+ArrowDown")
            assert focused(page)["id"] == ids[k]
            # Tab from the paragraph reaches its own tools (after the links inside it).
            for _ in range(30):
                page.keyboard.press("Tab")
                if page.evaluate("() => !!document.activeElement.closest('.para-tools')"):
                    break
            assert page.evaluate("() => document.activeElement.closest('.para-host').id") == ids[k]


def test_after_a_link_within_the_page_the_keys_go_on_from_where_it_landed(page, base: str, site_dir: Path) -> None:
    """A footnote's back-link followed (the focus left on it, in the
    footnote): J goes on from the paragraph holding the reference."""
    path = max(documents(site_dir), key=lambda p: len(footnote_refs(site_dir, p)))
    ids, page_soup = paragraph_ids(site_dir, path), soup(site_dir, path)
    for ref in random.Random(47).sample(page_soup.select("article sup.fnref[id]"), 3):
        holder = next(e["id"] for e in ref.find_parents(PARAGRAPH_LEVEL) if e.get("id") in ids)
        note = ref.a["href"]
        page.goto("about:blank")
        load(page, f"{base}{path}{note}")
        page.keyboard.press("j")  # the focus moves on from the note
        page.click(f"{note} a.footnote-backref[href='#{ref['id']}']")
        page.wait_for_function(f"() => location.hash === '#{ref['id']}'", timeout=TIMEOUT_MS)
        page.keyboard.press("j")
        spot = focused(page)
        assert spot["id"] == ids[ids.index(holder) + 1], (note, ref["id"], holder)
        assert_seen(spot)


def test_the_keys_are_told_and_typing_is_left_alone(page, base: str, site_dir: Path) -> None:
    path = documents(site_dir)[0]
    load(page, base + path)
    hint = page.locator("#para-keys-hint")
    assert hint.is_visible()
    text = hint.text_content()
    assert all(key in text for key in ("J", "K", "Alt+↓", "Alt+↑", "Tab")), text
    # The hint is read: not hidden from assistive technology.
    assert page.evaluate("() => !document.getElementById('para-keys-hint').closest('[aria-hidden=true]')")
    page.click("input[data-md-component=search-query]")
    page.keyboard.type("jk")
    assert page.evaluate("() => document.activeElement.value") == "jk"


# --- the timeline on a phone --------------------------------------------------------

_CHART = """() => {
  const chart = document.querySelector('.tl-chart'), c = chart.getBoundingClientRect();
  const scroll = chart.scrollLeft;
  const labels = [...chart.querySelectorAll('.tl-row-label')].map(l => {
    l.scrollIntoView({block: 'center', inline: 'nearest'});  // on screen, to be hit-tested
    const r = l.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {text: l.textContent, left: r.left, right: r.right, top: r.top, seen: !!hit && l.contains(hit)}; });
  const edge = Math.max(c.left, ...labels.map(l => l.right));
  const marks = [...chart.querySelectorAll('a.tl-mark')].map(a => { const r = a.getBoundingClientRect();
    return {name: a.getAttribute('aria-label'), left: r.left, right: r.right,
            seen: r.left >= edge - .5 && r.right <= c.right + .5}; });
  return {scroll, moved: chart.scrollLeft !== scroll, wide: chart.scrollWidth > chart.clientWidth, left: c.left, right: c.right,
          labels, marks, rows: [...chart.querySelectorAll('g.tl-row')].map(g => g.getAttribute('aria-label'))};
}"""


def test_a_phone_chart_keeps_its_row_labels_and_opens_at_the_first_mark(browser, base: str, site_dir: Path) -> None:
    # data/timeline.json (version 2): the years, each year's events in a file of its own.
    years = json.loads((site_dir / "data" / "timeline.json").read_text(encoding="utf-8"))["years"]
    events = [e for y in years for e in json.loads((site_dir / y["url"]).read_text(encoding="utf-8"))["events"]]
    years = sorted({e["start"][:4] for e in events})
    with opened(browser, base, PHONE) as tab:
        for year in years:
            first = min(e["start"] for e in events if e["start"].startswith(year))
            titles = {e["title"] for e in events if e["start"] == first}
            load(tab, f"{base}timeline/{year}.html")
            chart = tab.evaluate(_CHART)
            assert chart["wide"], year  # 660 px of chart in a phone's column
            # Opened at the year's first mark (the earliest event of the data), right of the labels.
            assert any(m["seen"] and any(m["name"].endswith(" " + t) for t in titles) for m in chart["marks"]), \
                (year, titles, chart["scroll"])
            # The labels are the rows' names, in view and uncovered, here and at the far end.
            assert chart["rows"] and [label["text"] for label in chart["labels"]] == chart["rows"], year
            tab.evaluate("() => { const c = document.querySelector('.tl-chart'); c.scrollLeft = c.scrollWidth; }")
            end = tab.evaluate(_CHART)
            assert end["scroll"] > 0 and not chart["moved"] and not end["moved"], year
            for opened_label, end_label in zip(chart["labels"], end["labels"], strict=True):
                assert opened_label["seen"] and end_label["seen"], (year, end_label)
                assert end["left"] - .5 <= end_label["left"] and end_label["right"] <= end["right"], (year, end_label)
                assert abs(end_label["left"] - opened_label["left"]) < 1, (year, opened_label, end_label)
    # On a desktop the chart fits its column whole, and nothing scrolls it.
    with opened(browser, base, DESKTOP) as tab:
        for year in years:
            load(tab, f"{base}timeline/{year}.html")
            desktop = tab.evaluate(_CHART)
            assert not desktop["wide"] and desktop["scroll"] == 0, year


# --- recommendations --------------------------------------------------------------

def test_insertions_are_underlined_and_deletions_struck_as_the_legend_says(page, base: str, site_dir: Path) -> None:
    page_soup = soup(site_dir, "recommendations.html")
    assert page_soup.select(".rec-diff ins") and page_soup.select(".rec-diff del")
    legend = page_soup.select_one("#intro")
    assert legend.select("ins") and legend.select("del")
    load(page, base + "recommendations.html")
    styles = page.evaluate("""() => [...document.querySelectorAll('article ins, article del')].map(e => {
      const s = getComputedStyle(e);
      return [e.tagName, e.closest('.rec-diff') ? 'diff' : 'legend', s.textDecorationLine, s.backgroundColor]; })""")
    wanted = {"INS": "underline", "DEL": "line-through"}
    assert len(styles) == len(page_soup.select("article ins, article del"))
    assert [s for s in styles if wanted[s[0]] not in s[2]] == []
    # The legend's samples look as the marks they explain.
    for tag in wanted:
        assert len({(s[2], s[3]) for s in styles if s[0] == tag}) == 1, [s for s in styles if s[0] == tag][:4]


# --- every header and navigation link opens a page ---------------------------------------

def test_every_link_of_the_offline_bundle_opens_a_file(bundle_zip: Path) -> None:
    """Every relative link of every page of the bundle leads to a file the
    bundle holds: never a folder (from file:// a folder opens a listing)."""
    with zipfile.ZipFile(bundle_zip) as archive:
        names = archive.namelist()
        top = names[0].split("/")[0]
        files = {n[len(top) + 1:] for n in names if not n.endswith("/")}
        pages = sorted(n for n in files if n.endswith(".html"))
        broken = []
        for name in pages:
            html = BeautifulSoup(archive.read(f"{top}/{name}").decode("utf-8"), "html.parser")
            for link in html.select("a[href]"):
                href = link["href"]
                parts = urlsplit(href)
                if parts.scheme or href.startswith("#"):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
                if target not in files:
                    broken.append((name, href, link.get("class")))
    assert len(pages) > 50
    assert broken == [], broken[:10]


def test_the_logo_and_every_header_and_navigation_link_open_a_page(page, base: str, site_dir: Path) -> None:
    years = sorted(p.parent.name for p in (site_dir / "years").glob("*/index.html"))
    kinds = ["index.html", documents(site_dir)[0], f"years/{years[0]}/index.html", f"years/{years[-1]}/index.html",
             "timeline.html", min(f"timeline/{p.name}" for p in (site_dir / "timeline").glob("*.html")),
             "resolutions.html", min(f"resolutions/{p.name}" for p in (site_dir / "resolutions").glob("*.html")),
             "symbols.html", "recommendations.html"]
    targets: dict[str, str] = {}
    for path in kinds:
        load(page, base + path)
        for href in page.evaluate("""() => [...document.querySelectorAll(
            '.md-header a[href], .md-nav a[href], .md-footer a[href]')].map(a => a.href)"""):
            if href.startswith(base):
                targets.setdefault(href.split("#")[0], path)
    assert len(targets) > 10
    for url, found_on in sorted(targets.items()):
        load(page, url)
        opened_page = page.evaluate("() => ({path: location.pathname, ours: !!document.querySelector('.md-header')})")
        assert opened_page["path"].endswith(".html") and opened_page["ours"], (found_on, url)
    # The logo of a document page, clicked: the home page.
    load(page, base + documents(site_dir)[0])
    page.click(".md-header a.md-logo")
    page.wait_for_load_state("load")
    assert page.url == base + "index.html"
    assert page.locator("article #documents").count() == 1
