"""The timeline's pages (generator.rendering.timeline): the index of the
years, one page per year with its chart and entries, each document's list
of its dates. Events are drawn at random with a fixed seed; what is checked
is read back from the rendered HTML (Python-Markdown with the site's
extensions) and the SVG parsed as XML, against the events themselves."""

from __future__ import annotations

import html as html_lib
import json
import random
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser

from generator.corpus.timeline import BODY_SHORT_NAMES, EVENT_KINDS, Event, Quote
from generator.corpus.timeline.published import EventLock
from generator.model import Document, DocumentInfo
from generator.rendering.citations import CitationBook
from generator.rendering.timeline import document_events_markdown, timeline_pages
from tests.helpers import page_html

SVG = "{http://www.w3.org/2000/svg}"
# Characters that Markdown, HTML or the templates could read as syntax.
TRICKY = "*_`<>&[]()#{}|\\\"'"
CJK = "缔约方会议工作组第届次通过决议日期截止印发"
CHART_COLUMN = 688  # Material's content column on a desktop, CSS px


def random_events(seed: int, n: int, years: int = 80) -> list[Event]:
    """``n`` events over ``years`` years from 1950 (few years: crowded charts)."""
    rng = random.Random(seed)
    slugs = [f"doc-{i}" for i in range(6)]
    events = []
    for _ in range(n):
        start = date(1950, 1, 1) + timedelta(days=rng.randrange(years * 365))
        end = start + timedelta(days=rng.choice([0, 0, 1, 4, 40])) if rng.random() < 0.6 else None
        bodies = rng.sample(sorted(BODY_SHORT_NAMES), rng.choice([1, 1, 1, 2]))
        title = "".join(rng.choice(CJK + TRICKY) for _ in range(rng.randrange(3, 30)))
        sources = [(rng.choice(slugs), rng.choice(["", f"para-{rng.randrange(1, 90)}"]))
                   for _ in range(rng.randrange(1, 4))]
        sources = list(dict.fromkeys(sources))
        events.append(Event(start, end, title, rng.choice(sorted(EVENT_KINDS)), bodies[0], sources,
                            rng.choice(["day", "day", "month"]), bodies,
                            {s: Quote(1, "「" + rng.choice(TRICKY) + title[:5]) for s in sources}))
    return events


def documents() -> list[Document]:
    return [Document(DocumentInfo(slug=f"doc-{i}", source_path=f"source/doc-{i}.txt", source_sha256="0" * 64,
                                  symbol=f"CTOC/COP/20{i:02d}/1" if i % 2 else ""), [], [])
            for i in range(6)]




class Parsed(HTMLParser):
    """Entries (li.tl-entry: id, data, text), links, ids and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: dict[str, dict] = {}
        self.links: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self._entry: dict | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if self._entry is not None:
                self._entry["links"].append(a["href"])
        if tag == "li" and "tl-entry" in (a.get("class") or "").split():
            self._entry = {"body": a["data-body"], "kind": a["data-kind"], "text": "", "links": []}
            self.entries[a["id"]] = self._entry
            self._depth = 0
        if tag == "li" and self._entry is not None:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._entry is not None:
            self._depth -= 1
            if self._depth == 0:
                self._entry = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._entry is not None:
            self._entry["text"] += data


def parse(html: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(html)
    return parsed


def chart_of(html: str) -> ET.Element:
    """The year's SVG, parsed as XML: well-formed only if every title was escaped."""
    svg = re.search(r"<svg .*?</svg>", html, re.DOTALL)
    assert svg, "the year page has a chart"
    return ET.fromstring(svg.group())


def test_every_event_has_one_entry_on_its_years_page_with_its_own_words() -> None:
    events = random_events(7, 150)
    pages = timeline_pages(events, documents())
    years = sorted({e.start.year for e in events})
    assert sorted(pages) == sorted(["timeline.md"] + [f"timeline/{y}.md" for y in years])
    seen: set[str] = set()
    for year in years:
        parsed = parse(page_html(pages[f"timeline/{year}.md"]))
        mine = [e for e in events if e.start.year == year]
        assert len(parsed.entries) == len(mine)
        assert not seen & set(parsed.entries), "an entry id is used on two pages"
        seen |= set(parsed.entries)
        texts = sorted(entry["text"] for entry in parsed.entries.values())
        for event in mine:
            # The title is shown as the characters it is, never as markup.
            assert any(event.title in text for text in texts), event.title
        for entry in parsed.entries.values():
            assert all(re.fullmatch(r"\.\./documents/doc-\d\.html(#para-\d+)?", h) for h in entry["links"])
    assert len(seen) == len(events)


def test_entry_ids_stay_when_other_events_join_the_timeline() -> None:
    events = random_events(11, 120)
    before = {y: parse(page_html(p)).entries for y, p in timeline_pages(events, documents()).items()}
    more = events + random_events(12, 200)
    after = {y: parse(page_html(p)).entries for y, p in timeline_pages(more, documents()).items()}
    for year, entries in before.items():
        for anchor, entry in entries.items():
            assert after[year][anchor]["text"] == entry["text"], anchor


def test_each_mark_links_to_its_entry_named_by_its_dates_and_title_and_fits_the_column() -> None:
    events = random_events(3, 200)
    pages = timeline_pages(events, documents())
    for path, page in pages.items():
        if path == "timeline.md":
            continue
        html = page_html(page)
        parsed = parse(html)
        svg = chart_of(html)
        assert float(svg.get("width")) <= CHART_COLUMN
        marks = list(svg.iter(SVG + "a"))
        by_entry: dict[str, list[ET.Element]] = {}
        for mark in marks:
            by_entry.setdefault(mark.get("href").removeprefix("#"), []).append(mark)
        assert set(by_entry) == set(parsed.entries), path
        for anchor, entry_marks in by_entry.items():
            entry = parsed.entries[anchor]
            # One mark in each row of its bodies, at most one per body.
            assert 1 <= len(entry_marks) <= len(entry["body"].split())
            for mark in entry_marks:
                name = mark.get("aria-label")
                dates, _, title = name.partition(" ")
                assert re.fullmatch(r"\d{4}年\d{1,2}月(\d{1,2}日(至.*日)?)?", dates), name
                assert entry["text"].find(dates) >= 0 and title in entry["text"]
                assert mark.find(SVG + "rect/" + SVG + "title").text == name
                assert mark.get("data-kind") == entry["kind"] and mark.get("data-body") == entry["body"]


def test_marks_never_cover_each_other_and_are_big_enough_to_tap() -> None:
    pages = timeline_pages(random_events(5, 300, years=2), documents())
    for path, page in pages.items():
        if path == "timeline.md":
            continue
        svg = chart_of(page_html(page))
        boxes = [tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
                 for r in svg.iter(SVG + "rect")]
        for x, _y, w, h in boxes:
            assert w >= 24 and h >= 20 and x + w <= float(svg.get("width"))
        for i, (x1, y1, w1, h1) in enumerate(boxes):
            for x2, y2, w2, h2 in boxes[i + 1:]:
                apart = x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1
                assert apart, (path, (x1, y1), (x2, y2))


def test_index_links_every_year_and_counts_its_events() -> None:
    events = random_events(9, 250)
    html = page_html(timeline_pages(events, documents())["timeline.md"])
    counts = dict(re.findall(r'<a class="tl-year" href="timeline/(\d+)\.html" data-counts="([^"]*)"', html))
    years = {str(e.start.year) for e in events}
    assert set(counts) == years
    for year, tally in counts.items():
        total = sum(int(item.rsplit(":", 1)[1]) for item in tally.split())
        assert total == sum(str(e.start.year) == year for e in events)
    # Every decade with an event is a row of ten years.
    decades = re.findall(r'<span class="tl-decade-name">(\d+)年代</span>', html)
    assert decades == sorted({str(int(y) // 10 * 10) for y in years})
    assert len(re.findall(r'class="tl-year(?: tl-none)?"', html)) == 10 * len(decades)


def test_pages_fetch_nothing_and_run_no_source_text() -> None:
    for page in timeline_pages(random_events(13, 80), documents()).values():
        html = page_html(page)
        assert "<script" not in html and "https://" not in html and "http://" not in html.replace(
            'xmlns="http://www.w3.org/2000/svg"', "")


def test_document_list_links_its_own_anchors_and_each_events_entry() -> None:
    events = random_events(17, 200)
    pages = timeline_pages(events, documents())
    entries = {f"timeline/{p.removeprefix('timeline/').removesuffix('.md')}.html": parse(page_html(page)).entries
               for p, page in pages.items() if p != "timeline.md"}
    block = document_events_markdown(events, "doc-2", CitationBook(documents()))
    parsed = parse(block)
    stated = [e for e in events if any(doc == "doc-2" for doc, _ in e.sources)]
    to_timeline = [h for h in parsed.links if h.startswith("../timeline/")]
    assert len(to_timeline) == len(stated)
    for href in to_timeline:
        page, _, anchor = href.removeprefix("../").partition("#")
        assert anchor in entries[page]
    own = {f"#{a}" for e in stated for doc, a in e.sources if doc == "doc-2" and a}
    assert {h for h in parsed.links if h.startswith("#")} == own
    assert "../timeline.html" in parsed.links
    assert document_events_markdown(events, "no-such-doc", CitationBook(documents())) == ""


def test_an_event_stated_by_many_documents_quotes_a_few_and_links_every_one() -> None:
    """The first QUOTED_SOURCES sources are quoted, the others linked
    alone: every source still leads to its paragraph, and a page no longer
    grows by a quote for each document of a large corpus."""
    from generator.rendering.timeline import QUOTED_SOURCES

    rng = random.Random(21)
    docs = [Document(DocumentInfo(slug=f"doc-{i}", source_path=f"source/doc-{i}.txt", source_sha256="0" * 64),
                     [], []) for i in range(60)]
    for count in (1, QUOTED_SOURCES, QUOTED_SOURCES + 1, rng.randrange(QUOTED_SOURCES + 2, 120)):
        sources = [(f"doc-{i % 60}", f"para-{i}") for i in range(count)]
        clauses = {s: Quote(1, f"条款{k}：" + "".join(rng.choice(CJK) for _ in range(30))) for k, s in enumerate(sources)}
        event = Event(date(2020, 5, 4), None, "某项通过", min(EVENT_KINDS), "cop", sources, "day", ["cop"], clauses)
        html = page_html(timeline_pages([event], docs)["timeline/2020.md"])
        entry = next(iter(parse(html).entries.values()))
        assert entry["links"] == [f"../documents/{slug}.html#{anchor}" for slug, anchor in sources]
        quoted = [s for s in sources if clauses[s].clause in entry["text"]]
        assert quoted == sources[:QUOTED_SOURCES]
        assert (f"另有 {count - QUOTED_SOURCES} 处" in entry["text"]) == (count > QUOTED_SOURCES)


def test_a_year_page_keeps_its_entries_published_ids_and_carries_its_old_ones():
    """Ids given by the lock are the entries' ids; an old id of the page
    (merged into another entry, or moved to another year's page) is in the
    page's hidden list of aliases, the target as the aliases script reads
    it: an id of the page, else a link to the other page."""
    events = random_events(30, 6, years=1)
    for k, event in enumerate(events):
        event.id = f"ev-{event.start:%Y%m%d}-{k:08x}"
    year = events[0].start.year
    lock = EventLock(aliases=[
        {"page": f"timeline/{year}.html", "id": "ev-old-merged", "now": f"timeline/{year}.html#{events[0].id}",
         "since": "2026-12-06"},
        {"page": f"timeline/{year}.html", "id": "ev-old-moved", "now": f"timeline/{year + 1}.html#ev-x",
         "since": "2026-12-06"}])
    docs = [Document(DocumentInfo(slug=f"doc-{i}", source_path=f"s{i}", source_sha256="0"), []) for i in range(6)]
    page = timeline_pages(events, docs, CitationBook(docs), lock)[f"timeline/{year}.md"]
    html = page_html(page)
    for event in events:
        if event.start.year == year:
            assert f'id="{event.id}"' in html
    data = re.search(r'<div class="anchor-aliases" hidden data-aliases="([^"]*)"', html).group(1)
    assert json.loads(html_lib.unescape(data)) == {
        "ev-old-merged": {"now": events[0].id, "since": "2026-12-06"},
        "ev-old-moved": {"now": f"{year + 1}.html#ev-x", "since": "2026-12-06"}}


def test_a_meeting_on_one_unsaid_day_of_a_range_and_one_dated_against_its_number_say_so() -> None:
    """A numbered meeting is one sitting: "on 20 and 21 October" without
    saying which is shown as one of the days ("20日或21日"; over three days
    "…中的一天"), never as a two-day meeting. A meeting whose text dates it
    against the order of its number keeps its dates, with a note naming the
    meeting it contradicts, its date and the source that gives it."""
    docs = documents()
    cited = CitationBook(docs)
    fourth = Event(date(2022, 10, 20), date(2022, 10, 21), "扩大主席团第 4 次会议", "meeting", "cop-extended-bureau",
                   [("doc-1", "para-140")], "one-day", ["cop-extended-bureau"], {("doc-1", "para-140"): Quote(1, "第 4 次")})
    spread = Event(date(2022, 10, 17), date(2022, 10, 19), "第 3 次会议", "meeting", "cop",
                   [("doc-1", "para-29")], "one-day", ["cop"], {("doc-1", "para-29"): Quote(1, "第 3 次")})
    first = Event(date(2022, 10, 20), date(2022, 10, 21), "扩大主席团第 1 次会议", "meeting", "cop-extended-bureau",
                  [("doc-1", "para-140")], "one-day", ["cop-extended-bureau"],
                  {("doc-1", "para-140"): Quote(1, "第 1 次")},
                  order=[("not-after", "扩大主席团第二次会议", date(2022, 10, 18), None, [("doc-3", "para-41")])])
    for e, i in ((fourth, "a"), (spread, "b"), (first, "c")):
        e.id = f"ev-{e.start:%Y%m%d}-0000000{i}"
    page = parse(page_html(timeline_pages([fourth, spread, first], docs, cited)["timeline/2022.md"]))
    text = {e_id: entry["text"] for e_id, entry in page.entries.items()}
    assert "2022年10月20日或21日" in text[fourth.id] and "至21日" not in text[fourth.id]
    assert "2022年10月17日至19日中的一天" in text[spread.id]
    note = text[first.id]
    assert "日期与会议顺序不符" in note and "编号在后的扩大主席团第二次会议在2022年10月18日" in note
    assert "CTOC/COP/2003/1" in note  # doc-3, the source that dates the second meeting
    assert "日期与会议顺序不符" not in text[fourth.id]
