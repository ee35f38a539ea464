"""The timeline read in headless Chromium, as readers open it: the offline
bundle from file:// and the site over http, on a desktop (1280×800) and a
phone (390×844).

The oracle is the site's own data (``data/timeline.json``: every event,
its first day and title) and the browser's layout, not the generator's
code: every event has an entry on the page of its year and a mark in that
page's chart; each mark is a link that takes focus and lands on its entry;
the chart never overflows the content column; the filter's state is in the
URL and comes back on reload and back/forward.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import timeline_events

TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


# `base` and `page` (the offline bundle and the served site, each page
# guarded against requests leaving it) are tests/conftest.py's.


@pytest.fixture(scope="module")
def events(site_dir: Path) -> list[dict]:
    return timeline_events(site_dir)


def years_of(events: list[dict]) -> list[int]:
    return sorted({int(e["start"][:4]) for e in events})


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


_LAYOUT = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  const chart = document.querySelector('.tl-chart, .tl-decades').getBoundingClientRect();
  const region = document.querySelector('.tl-chart');
  return {column: [column.left, column.right], chart: [chart.left, chart.right],
          page: document.documentElement.scrollWidth, viewport: innerWidth,
          region: region && {role: region.getAttribute('role'), label: region.getAttribute('aria-label'),
                             tabindex: region.tabIndex, scroll: region.scrollWidth, client: region.clientWidth}};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_charts_fit_the_column_and_scroll_inside_a_focusable_region(page, base: str, events, viewport) -> None:
    page.set_viewport_size(viewport)
    for path in ["timeline.html"] + [f"timeline/{y}.html" for y in years_of(events)]:
        open_page(page, base + path)
        layout = page.evaluate(_LAYOUT)
        left, right = layout["column"]
        assert left - 0.5 <= layout["chart"][0] and layout["chart"][1] <= right + 0.5, (path, layout)
        assert layout["page"] <= layout["viewport"], (path, layout)  # the page itself never scrolls sideways
        region = layout["region"]
        if path == "timeline.html":
            continue
        assert region["role"] == "region" and region["label"] and region["tabindex"] == 0, (path, region)
        if region["scroll"] > region["client"]:
            # Too wide for a phone: the keyboard scrolls it once it has focus.
            page.focus(".tl-chart")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("document.querySelector('.tl-chart').scrollLeft > 0", timeout=TIMEOUT_MS)
    if viewport is DESKTOP:
        # The year chart fits a desktop column whole.
        open_page(page, base + f"timeline/{years_of(events)[-1]}.html")
        region = page.evaluate(_LAYOUT)["region"]
        assert region["scroll"] <= region["client"]


def test_every_event_has_an_entry_and_a_mark_on_its_years_page(page, base: str, events) -> None:
    expected = Counter((int(e["start"][:4]), e["title"]) for e in events)
    found: Counter = Counter()
    for year in years_of(events):
        open_page(page, base + f"timeline/{year}.html")
        assert page.title().startswith(f"{year}年时间线")
        entries = page.evaluate("""() => [...document.querySelectorAll('li.tl-entry')].map(li => ({
          id: li.id, title: li.querySelector('.tl-title').textContent,
          dates: li.querySelector('.tl-dates').textContent}))""")
        marks = page.evaluate("""() => [...document.querySelectorAll('.tl-chart a.tl-mark')].map(a => ({
          href: a.getAttribute('href'), name: a.getAttribute('aria-label')}))""")
        names = {}
        for mark in marks:
            names.setdefault(mark["href"], set()).add(mark["name"])
        for entry in entries:
            found[(year, entry["title"])] += 1
            # A mark for each entry, named by the entry's own dates and title.
            assert names.get("#" + entry["id"]) == {entry["dates"] + " " + entry["title"]}, entry
            assert entry["dates"].startswith(f"{year}年")
        assert set(names) == {"#" + e["id"] for e in entries}
    assert found == expected


def test_marks_take_focus_and_land_on_their_entry(page, base: str, events) -> None:
    rng = random.Random(19)
    for year in rng.sample(years_of(events), 4):
        open_page(page, base + f"timeline/{year}.html")
        count = page.locator(".tl-chart a.tl-mark").count()
        # The first mark is reached from the chart's region with the keyboard.
        page.focus(".tl-chart")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.matches('.tl-chart a.tl-mark')")
        for index in rng.sample(range(count), min(3, count)):
            mark = page.locator(".tl-chart a.tl-mark").nth(index)
            href, name = mark.get_attribute("href"), mark.get_attribute("aria-label")
            mark.focus()
            assert page.evaluate("document.activeElement.getAttribute('href')") == href
            page.keyboard.press("Enter")
            page.wait_for_function(f"location.hash === {json.dumps(href)}", timeout=TIMEOUT_MS)
            landed = page.evaluate("""() => {
              const el = document.querySelector(':target');
              const box = el.getBoundingClientRect();
              const header = document.querySelector('.md-header').getBoundingClientRect();
              return {cls: el.className, text: el.querySelector('.tl-head').textContent,
                      top: box.top, header: header.bottom, height: innerHeight};
            }""")
            assert "tl-entry" in landed["cls"]
            dates, _, title = name.partition(" ")
            assert dates in landed["text"] and title in landed["text"]
            assert landed["header"] - 1 <= landed["top"] < landed["height"], landed  # in view, not under the header


def _checked(page, name: str) -> dict[str, bool]:
    return page.evaluate(f"""() => Object.fromEntries([...document.querySelectorAll(
      '#timeline-filters input[name="{name}"]')].map(b => [b.value, b.checked]))""")


def _visible_entries(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('li.tl-entry')].filter(li => !li.hidden)
      .map(li => ({body: li.dataset.body.split(' '), kind: li.dataset.kind}))""")


def _visible_marks(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('a.tl-mark')]
      .filter(a => getComputedStyle(a).display !== 'none')
      .map(a => ({body: a.dataset.body.split(' '), kind: a.dataset.kind}))""")


def test_filter_is_kept_in_the_url_and_comes_back(page, base: str, events) -> None:
    # A year with events of the Conference and of another body.
    year = max(y for y in years_of(events)
               if {"cop"} < {b for e in events if e["start"].startswith(str(y)) for b in e["bodies"]})
    open_page(page, base + "timeline.html")
    page.uncheck('#timeline-filters input[name="body"][value="cop"]')
    page.wait_for_function("location.search.includes('hide-body=cop')", timeout=TIMEOUT_MS)
    # The index's count of that year is what the filter leaves.
    left = sum(1 for e in events if e["start"].startswith(str(year)) and set(e["bodies"]) - {"cop"})
    shown = page.locator(f'a.tl-year[href^="timeline/{year}.html"] .tl-n').text_content()
    assert int(shown) == left
    # The link to the year carries the filter there.
    page.click(f'a.tl-year[href^="timeline/{year}.html"]')
    page.wait_for_function(f"location.pathname.endsWith('/timeline/{year}.html')", timeout=TIMEOUT_MS)
    page.wait_for_load_state("load")  # the filter is applied by a script at the end of the page
    assert "hide-body=cop" in page.evaluate("location.search")
    assert _checked(page, "body")["cop"] is False
    entries = _visible_entries(page)
    assert len(entries) == left and all(set(e["body"]) - {"cop"} for e in entries)
    assert _visible_marks(page) and all(set(m["body"]) - {"cop"} for m in _visible_marks(page))
    # Another choice on this page adds to the URL; reload keeps both.
    kind = min({e["kind"] for e in events if e["start"].startswith(str(year))})
    page.uncheck(f'#timeline-filters input[name="kind"][value="{kind}"]')
    page.wait_for_function(f"location.search.includes('hide-kind={kind}')", timeout=TIMEOUT_MS)
    page.reload()
    page.wait_for_load_state("load")
    assert _checked(page, "body")["cop"] is False and _checked(page, "kind")[kind] is False
    assert all(e["kind"] != kind and set(e["body"]) - {"cop"} for e in _visible_entries(page))
    # Back: the kind is shown again; back again: the index, the Conference still hidden.
    page.go_back()
    page.wait_for_function("!location.search.includes('hide-kind')", timeout=TIMEOUT_MS)
    page.wait_for_function(
        f"document.querySelector('#timeline-filters input[name=kind][value={kind}]').checked", timeout=TIMEOUT_MS)
    assert len(_visible_entries(page)) == left
    page.go_back()
    page.wait_for_function("location.pathname.endsWith('/timeline.html')", timeout=TIMEOUT_MS)
    page.wait_for_load_state("load")
    assert _checked(page, "body")["cop"] is False
    page.go_back()
    page.wait_for_function("!location.search.includes('hide-body')", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "document.querySelector('#timeline-filters input[name=body][value=cop]').checked", timeout=TIMEOUT_MS)
    assert int(page.locator(f'a.tl-year[href^="timeline/{year}.html"] .tl-n').text_content()) == sum(
        1 for e in events if e["start"].startswith(str(year)))


def test_a_documents_date_list_lands_on_the_events_entry(page, base: str, events) -> None:
    open_page(page, base + "documents/cop11-report.html")
    links = page.locator("#events a.tl-at")
    assert links.count() == sum(1 for e in events if any(s["doc"] == "cop11-report" for s in e["sources"]))
    for index in random.Random(23).sample(range(links.count()), 3):
        open_page(page, base + "documents/cop11-report.html")
        link = page.locator("#events a.tl-at").nth(index)
        dates = link.text_content()
        title = page.evaluate("(a) => a.parentElement.textContent", link.element_handle())
        link.click()
        page.wait_for_function("location.pathname.includes('/timeline/') && location.hash", timeout=TIMEOUT_MS)
        page.wait_for_load_state("load")
        head = page.evaluate("document.querySelector(':target .tl-head').textContent")
        assert re.match(r"\d{4}", dates) and dates in head
        assert page.evaluate("document.querySelector(':target .tl-title').textContent") in title


def test_an_old_link_to_a_year_of_the_one_page_timeline_lands_on_that_years_page(page, base: str, events) -> None:
    """timeline.html#2022 was the heading of 2022 when the timeline was one page."""
    year = random.Random(29).choice(years_of(events))
    open_page(page, base + f"timeline.html#{year}")
    page.wait_for_function(f"location.pathname.endsWith('/timeline/{year}.html')", timeout=TIMEOUT_MS)
    page.wait_for_load_state("load")
    assert page.locator("li.tl-entry").count() == sum(1 for e in events if e["start"].startswith(str(year)))
