"""A year of the timeline too large for one page is split by month
(generator.rendering.timeline, PAGE_BUDGET): no timeline page passes the
budget, whatever the collection; every event keeps one entry, with its
id, on the page of its month; the year page lists its months and says on
which page each entry is, by the rule timeline-months.js follows; the
documents link each event on the page that holds it. Events are drawn at
random with a fixed seed, crowded into one year; what is checked is read
back from the rendered HTML."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from generator.corpus.timeline import BODY_SHORT_NAMES, EVENT_KINDS, Event, Quote
from generator.model import Document, DocumentInfo
from generator.rendering import timeline as timeline_module
from generator.rendering.citations import CitationBook
from generator.rendering.timeline import document_events_markdown, timeline_site
from tests.helpers import page_html

CJK = "缔约方会议工作组第届次通过决议日期截止印发"
BUDGET = 40_000  # small, so that a few hundred events need many pages


def crowded_year(seed: int, n: int, year: int = 2022, other_years: int = 3) -> list[Event]:
    """``n`` events in ``year`` (one day of it crowded), and a few in other years."""
    rng = random.Random(seed)
    events = []
    for k in range(n + other_years):
        if k >= n:
            start = date(year - 1 - k % 5, rng.randrange(1, 13), rng.randrange(1, 29))
        elif k % 7 == 0:
            start = date(year, 10, 17)  # many events of one day
        else:
            start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        end = start + timedelta(days=rng.choice([0, 1, 4, 40])) if rng.random() < 0.5 else None
        bodies = rng.sample(sorted(BODY_SHORT_NAMES), rng.choice([1, 1, 2]))
        title = "".join(rng.choice(CJK) for _ in range(rng.randrange(5, 30))) + f"（{k}）"
        sources = list(dict.fromkeys((f"doc-{rng.randrange(6)}", f"para-{rng.randrange(1, 90)}")
                                     for _ in range(rng.randrange(1, 5))))
        events.append(Event(start, end, title, rng.choice(sorted(EVENT_KINDS)), bodies[0], sources, "day", bodies,
                            {s: Quote(1, "".join(rng.choice(CJK) for _ in range(60))) for s in sources}))
    return events


def documents() -> list[Document]:
    return [Document(DocumentInfo(slug=f"doc-{i}", source_path=f"source/doc-{i}.txt", source_sha256="0" * 64),
                     [], []) for i in range(6)]


class Page(HTMLParser):
    """A page's entries (li.tl-entry ids), links and hidden month list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[str] = []
        self.links: list[str] = []
        self.parts: list | None = None
        self.year = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "li" and "tl-entry" in (a.get("class") or "").split():
            self.entries.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if "tl-month-parts" in (a.get("class") or "").split():
            self.parts, self.year = json.loads(a["data-parts"]), a["data-year"]


def parsed(markdown: str) -> Page:
    page = Page()
    page.feed(page_html(markdown))
    return page


def page_of(parts: list, entry_id: str) -> str:
    """timeline-months.js's rule: the id's month and day, the last page of
    that month starting on or before the day."""
    m = re.match(r"ev-\d{4}(\d{2})(\d{2})-", entry_id)
    month, day = int(m.group(1)), int(m.group(2))
    found = None
    for part_month, first_day, href in parts:
        if part_month == month and (found is None or first_day <= day):
            found = href
    return found


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(timeline_module, "PAGE_BUDGET", BUDGET)


def test_a_year_over_the_budget_is_split_by_month_and_every_page_fits(small_budget) -> None:
    events = crowded_year(3, 400)
    site = timeline_site(events, documents())
    months = {p: t for p, t in site.pages.items() if re.fullmatch(r"timeline/2022/\d{2}(-\d+)?\.md", p)}
    assert len(months) > 12  # every month has events, and the crowded ones are cut in parts
    entries: dict[str, str] = {}
    for path, text in months.items():
        page = parsed(text)
        days = sorted({int(e[9:11]) for e in page.entries})
        month = int(re.search(r"/(\d{2})(?:-\d+)?\.md$", path).group(1))
        assert {int(e[7:9]) for e in page.entries} == {month}, path  # only its month's entries
        # A page over the budget is only ever one day's events, which are never cut.
        assert len(text.encode()) <= BUDGET or len(days) == 1, (path, len(text.encode()))
        for entry in page.entries:
            assert entry not in entries, "an entry on two pages"
            entries[entry] = path.removesuffix(".md") + ".html"
    placed = {id(e): site.places[id(e)] for e in events}
    assert sorted(entries) == sorted(p.id for e, p in zip(events, placed.values(), strict=True)
                                     if e.start.year == 2022)
    for event in events:
        place = site.places[id(event)]
        if event.start.year == 2022:
            assert entries[place.id] == place.path
        else:  # the other years are small: their page is whole
            assert place.path == f"timeline/{event.start.year}.html"
            assert place.id in parsed(site.pages[f"timeline/{event.start.year}.md"]).entries


def test_the_year_page_lists_its_months_and_where_each_entry_is(small_budget) -> None:
    events = crowded_year(5, 300)
    site = timeline_site(events, documents())
    year = parsed(site.pages["timeline/2022.md"])
    assert year.entries == [] and year.year == "2022"
    hrefs = [p[2] for p in year.parts]
    assert [h for h in year.links if h.startswith("2022/")] == hrefs  # every month page linked, in order
    assert len(site.pages["timeline/2022.md"].encode()) <= BUDGET
    for event in (e for e in events if e.start.year == 2022):
        place = site.places[id(event)]
        # The year page's old link #ev-… goes on to the page holding the entry.
        assert "timeline/" + page_of(year.parts, place.id) == place.path
        assert place.id in parsed(site.pages[place.path.removesuffix(".html") + ".md"]).entries
    # Each month page leads back to its year and on to the next page.
    first = parsed(site.pages["timeline/2022/01.md"])
    assert "../2022.html" in first.links and "../../timeline.html" in first.links


def test_documents_link_each_event_on_the_page_that_holds_it(small_budget) -> None:
    events = crowded_year(7, 300)
    site = timeline_site(events, documents())
    block = document_events_markdown(events, "doc-3", CitationBook(documents()), site.places)
    links = [h for h in re.findall(r'href="([^"]+)"', block) if h.startswith("../timeline/")]
    assert len(links) == sum(any(d == "doc-3" for d, _ in e.sources) for e in events)
    for href in links:
        path, _, anchor = href.removeprefix("../").partition("#")
        assert anchor in parsed(site.pages[path.removesuffix(".html") + ".md"]).entries, href


def test_a_year_within_the_budget_stays_one_page() -> None:
    events = crowded_year(9, 60)
    site = timeline_site(events, documents())
    assert not [p for p in site.pages if p.count("/") > 1]
    assert {p.path for p in site.places.values()} == {f"timeline/{e.start.year}.html" for e in events}


def test_a_conflict_note_names_a_few_sources_of_each_date_and_counts_them_all() -> None:
    from generator.rendering.timeline import CONFLICT_NAMED, conflict_note

    docs = [Document(DocumentInfo(slug=f"doc-{i}", source_path=f"source/doc-{i}.txt", source_sha256="0" * 64,
                                  symbol=f"CTOC/COP/2022/{i}"), [], []) for i in range(40)]
    stated = [(f"doc-{i}", "para-1") for i in range(30)]
    other = [(f"doc-{i}", "para-2") for i in range(30, 33)]
    event = Event(date(2022, 10, 17), date(2022, 10, 21), "会议", "session", "cop", stated + other, "day", ["cop"],
                  {}, conflicts=[(date(2022, 10, 18), None, other)])
    note = conflict_note(event, CitationBook(docs))
    assert f"等 {len(stated)} 处" in note and note.count("CTOC/COP/2022/") == CONFLICT_NAMED + len(other)
    assert all(f"CTOC/COP/2022/{i}" in note for i in range(30, 33))
