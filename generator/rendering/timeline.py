"""The timeline's pages: ``timeline.md`` (the index: the years by decade,
the filter, the legend), one page per year (``timeline/<year>.md``: its
chart, one mark per event, and its entries), and each document's list of
the dates it states. The events come from ``corpus.timeline``; this module
only lays them out: what the pages say and how they look is in the
templates (``templates/timeline*.j2``), which escape every value through
the ``mdtext`` filters.

Every event has one entry, on the page of the year it starts in, with an
id from ``ids.event_id``; the chart's marks, the index and the documents'
date lists link to it there. A year whose page would pass the size of a
page (``PAGE_BUDGET``: no page over 1 MB, however large the collection)
is split by month: its page lists its months, each month's entries and
chart are a page of their own (``timeline/<year>/<mm>.html``, in parts
cut between days when one month is still too large), and the year page
takes an old link to an entry (``timeline/<year>.html#ev-…``) on to the
month that holds it (``timeline-months.js``, from the date in the id).
"""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from ..corpus.timeline import BODY_SHORT_NAMES, EVENT_KINDS, Event
from ..corpus.timeline.published import EventLock, page_event_aliases
from ..ids import (
    anchor_href,
    decade,
    event_id,
    markdown_source,
    page_path,
    timeline_month_path,
    timeline_page_path,
    timeline_page_source,
)
from ..model import Document
from .aliases import alias_element
from .citations import CitationBook
from .mdtext import relative_href
from .templating import environment

# The chart's rows: the Conference, then each working group; every other
# body shares the last row.
CHART_ROWS = ("cop", "wg-trafficking", "wg-smuggling", "wg-firearms",
              "wg-cooperation", "wg-technical-assistance")
OTHER_ROW = "other"
OTHER_ROW_NAME = "其他机构"
INDEX_SOURCE = "timeline.md"
INDEX_PATH = "timeline.html"

# Year chart geometry, in CSS pixels: it fits the 688 px content column of
# a desktop; on a phone its region scrolls sideways.
CHART_WIDTH = 660
_LABEL_W = 162
_PLOT_W = CHART_WIDTH - _LABEL_W - 6
_AXIS_H = 22
# Each mark is a target of at least 24 px across, 20 px high, 24 px apart
# from the next lane's: a reader can point at it on a phone (WCAG 2.5.8).
_LANE_H = 24
_MARK_H = 20
_ROW_GAP = 6
_MIN_MARK_W = 24
_MARK_GAP = 2


# -- dates ----------------------------------------------------------------------


def format_dates(event: Event) -> str:
    """The event's dates as the texts write them (2022年10月17日至21日)."""
    return _format_range(event.start, event.end, event.precision)


def _format_range(start: date, end: date | None, precision: str = "day") -> str:
    """A range as the texts write one; one day of a range that the texts do
    not say (``one-day``) as "20日或21日", "17日至19日中的一天"."""
    if precision == "month":
        return f"{start.year}年{start.month}月"
    text = f"{start.year}年{start.month}月{start.day}日"
    if end and end != start:
        if end.year != start.year:
            last = f"{end.year}年{end.month}月{end.day}日"
        elif end.month != start.month:
            last = f"{end.month}月{end.day}日"
        else:
            last = f"{end.day}日"
        if precision == "one-day":
            return f"{text}或{last}" if (end - start).days == 1 else f"{text}至{last}中的一天"
        text += f"至{last}"
    return text


# How many of the sources of each date a conflict note names; it counts
# the others (every one is in data/timeline/<year>.json and in the entry's
# list of sources). An event of a collection of thousands is stated by
# hundreds of documents, with as many dates: a note naming each made one
# document's page most of a megabyte (the bench's distinct corpus).
CONFLICT_NAMED = 5


def conflict_note(event: Event, book: CitationBook) -> str:
    """The visible note of an event whose sources disagree on its dates,
    each source named by its citation."""
    if not event.conflicts and not event.order:
        return ""

    def where(sources: list[tuple[str, str]]) -> str:
        named = "、".join(book.label(doc, anchor) for doc, anchor in sources[:CONFLICT_NAMED])
        return named if len(sources) <= CONFLICT_NAMED else f"{named}等 {len(sources)} 处"

    others = "；".join(f"{_format_range(start, end)}（{where(sources)}）"
                      for start, end, sources in event.conflicts)
    stated = [s for s in event.sources if not any(s in c[2] for c in event.conflicts)]
    note = f"日期不一致：{format_dates(event)}（{where(stated)}）；{others}" if event.conflicts else ""
    if event.order:
        order = "；".join(_order_note(relation, title, start, end, where(sources))
                         for relation, title, start, end, sources in event.order)
        note += ("；" if note else f"日期与会议顺序不符：{format_dates(event)}（{where(stated)}）；") + order
    return note


def _order_note(relation: str, title: str, start: date, end: date | None, where: str) -> str:
    """One thing the dates of a numbered meeting contradict: a meeting of a
    lower number held after them, of a higher number before them, or what
    the text says was done before the meeting, after them."""
    dates = _format_range(start, end, "one-day")
    if not title:
        return f"所述此前之事在{dates}（{where}）"
    return f"{'编号在前的' if relation == 'not-before' else '编号在后的'}{title}在{dates}（{where}）"


# -- where each event is --------------------------------------------------------


@dataclass(frozen=True)
class EntryPlace:
    """Where an event's entry is: its year page (or, in a year split by
    month, its month's page) and its id there."""

    year: int
    id: str
    page: str = ""  # the page's site path when it is not the year page

    @property
    def path(self) -> str:
        return self.page or timeline_page_path(self.year)

    @property
    def href(self) -> str:
        """Site-root-relative link to the entry."""
        return f"{self.path}#{self.id}"


def _ordered(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.start, e.title))


def event_places(events: list[Event]) -> dict[int, EntryPlace]:
    """Each event's place (by ``id()`` of the event), in timeline order.

    An event's published id (``Event.id``, given with the lock) is its
    place; without one, the id is made here. Two events with the same first
    day, kind, bodies and title (two documents reissued under one title)
    get ``-2``, ``-3``… in that order.
    """
    places: dict[int, EntryPlace] = {}
    taken: set[str] = {event.id for event in events if event.id}
    for event in _ordered(events):
        if event.id:  # given by the lock (corpus/timeline/published.py): it stays
            places[id(event)] = EntryPlace(event.start.year, event.id)
            continue
        base = event_id(event.start, event.identity())
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        places[id(event)] = EntryPlace(event.start.year, anchor)
    return places


# -- the pages ------------------------------------------------------------------


def _row(body: str) -> str:
    return body if body in CHART_ROWS else OTHER_ROW


def _rows_of(event: Event) -> list[str]:
    """The chart rows an event has a mark in: one per row of its bodies."""
    return list(dict.fromkeys(_row(b) for b in event.bodies))


def _source_href(slug: str, anchor: str, page: str) -> str:
    """A link from ``page`` to a document anchor; ids are ASCII, quoted just in case."""
    return relative_href(anchor_href(quote(slug), quote(anchor)).removesuffix("#"), page)


def _entry(event: Event, place: EntryPlace, book: CitationBook, page: str) -> dict:
    return {
        "id": place.id,
        "body": " ".join(event.bodies),
        "kind": event.kind,
        "body_name": "、".join(BODY_SHORT_NAMES[b] for b in event.bodies),
        "kind_name": EVENT_KINDS[event.kind],
        "dates": format_dates(event),
        "title": event.title,
        "conflict": conflict_note(event, book),
        "sources": [_source(event, slug, anchor, book, page) for slug, anchor in event.sources[:QUOTED_SOURCES]],
        "more_sources": [_source(event, slug, anchor, book, page, quoted=False)
                         for slug, anchor in event.sources[QUOTED_SOURCES:]],
    }


# How many of an event's sources its entry quotes; the others are listed by
# their links alone (their clause is on the paragraph linked). An event of a
# corpus of thousands is stated by hundreds of documents, and quoting each
# would make one year's page megabytes (issue 18).
QUOTED_SOURCES = 20


def _source(event: Event, slug: str, anchor: str, book: CitationBook, page: str, quoted: bool = True) -> dict:
    quote = event.quotes.get((slug, anchor)) if quoted else None
    return {"href": _source_href(slug, anchor, page), "label": book.label(slug, anchor),
            "clause": quote.clause if quote is not None else ""}


@dataclass(frozen=True)
class _Axis:
    """The days a chart shows: a year, or one month of a year split by month."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def x(self, day: date) -> float:
        """Where a day stands on the axis."""
        return _LABEL_W + (day - self.first).days / self.days * _PLOT_W

    @property
    def one_day(self) -> float:
        """The least width of a mark of one day (a year's: a 366th of the plot)."""
        return _PLOT_W / max(self.days, 366) if self.days >= 365 else _PLOT_W / self.days

    def ticks(self) -> list[dict]:
        if self.days >= 365:
            return [{"x": f"{self.x(date(self.first.year, m, 1)):.1f}", "label": f"{m}月"} for m in range(1, 13)]
        return [{"x": f"{self.x(self.first.replace(day=d)):.1f}", "label": f"{d}日"}
                for d in (1, 5, 10, 15, 20, 25) if d <= self.last.day]


def _year_axis(year: int) -> _Axis:
    return _Axis(date(year, 1, 1), date(year, 12, 31))


def _month_axis(year: int, month: int) -> _Axis:
    return _Axis(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _x(day: date) -> float:
    """Where a day stands on its year's axis."""
    return _year_axis(day.year).x(day)


def _span(event: Event, year: int, axis: _Axis | None = None) -> tuple[float, float]:
    """The mark's extent on the chart of its first year or month (a
    month-precise date covers its month; an event running past the axis,
    to its end)."""
    axis = axis or _year_axis(year)
    start = event.start
    if event.precision == "month":
        end = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    else:
        end = event.end or start
    end = min(end, axis.last)
    x1 = axis.x(start)
    x2 = max(axis.x(end) + axis.one_day, x1 + _MIN_MARK_W)
    overrun = max(0.0, x2 - (_LABEL_W + _PLOT_W))  # a mark of the last days ends with the axis
    return x1 - overrun, x2 - overrun


def _lanes(spans: list[tuple[float, float]]) -> list[int]:
    """A lane for each span (in the order given) so that none overlaps
    another in its lane: each mark can be seen, pointed at and clicked."""
    ends: list[float] = []
    lanes = []
    for x1, x2 in spans:
        for lane, end in enumerate(ends):
            if end + _MARK_GAP <= x1:
                ends[lane] = x2
                lanes.append(lane)
                break
        else:
            ends.append(x2)
            lanes.append(len(ends) - 1)
    return lanes


def year_chart(events: list[Event], places: dict[int, EntryPlace], year: int, axis: _Axis | None = None) -> dict:
    """The geometry of one year's chart (or one month's, ``axis``): rows of
    bodies, marks in lanes, month (or day) ticks."""
    axis = axis or _year_axis(year)
    ordered = _ordered(events)
    rows = [r for r in (*CHART_ROWS, OTHER_ROW) if any(r in _rows_of(e) for e in ordered)]
    chart_rows = []
    top = _AXIS_H
    for row in rows:
        members = [e for e in ordered if row in _rows_of(e)]
        spans = [_span(e, year, axis) for e in members]
        lanes = _lanes(spans)
        height = (max(lanes) + 1) * _LANE_H + _ROW_GAP
        marks = [{"href": "#" + places[id(e)].id, "name": f"{format_dates(e)} {e.title}",
                  "body": " ".join(e.bodies), "kind": e.kind,
                  "x": f"{x1:.1f}", "width": f"{x2 - x1:.1f}",
                  "y": top + _ROW_GAP // 2 + lane * _LANE_H}
                 for e, (x1, x2), lane in zip(members, spans, lanes, strict=True)]
        chart_rows.append({"name": BODY_SHORT_NAMES[row] if row != OTHER_ROW else OTHER_ROW_NAME,
                           "top": top, "height": height, "label_y": top + height // 2 + 4,
                           "marks": marks})
        top += height
    months = axis.ticks()
    return {"width": CHART_WIDTH, "height": top + 2, "label_w": _LABEL_W, "plot_end": _LABEL_W + _PLOT_W,
            "axis_h": _AXIS_H, "mark_h": _MARK_H, "rows": chart_rows, "months": months}


def _filters(events: list[Event]) -> dict:
    """The checkboxes of the filter: the bodies and kinds these events have."""
    return {
        "bodies": [{"id": b, "name": BODY_SHORT_NAMES[b]} for b in BODY_SHORT_NAMES if any(b in e.bodies for e in events)],
        "kinds": [{"id": k, "name": EVENT_KINDS[k]} for k in EVENT_KINDS if any(e.kind == k for e in events)],
    }


def _legend(events: list[Event]) -> list[dict]:
    return [{"id": k, "name": EVENT_KINDS[k]} for k in EVENT_KINDS if any(e.kind == k for e in events)]


def year_page(year: int, events: list[Event], places: dict[int, EntryPlace], book: CitationBook,
              years: list[int], aliases: dict[str, dict] | None = None) -> str:
    """Markdown for ``timeline/<year>.md``: the chart of the year, then its
    entries by month; ``aliases``: the page's old entry ids (id -> now, since),
    for readers of old links (anchor-aliases.js)."""
    page = timeline_page_path(year)
    ordered = _ordered(events)
    months: dict[int, list[dict]] = {}
    for event in ordered:
        months.setdefault(event.start.month, []).append(_entry(event, places[id(event)], book, page))
    at = years.index(year)
    return environment().get_template("timeline-year.md.j2").render(
        year=year, heading="", chart_name="", year_href="",
        months=sorted(months.items()),
        count=len(ordered),
        chart=year_chart(ordered, places, year),
        legend=_legend(ordered),
        filters=_filters(ordered),
        index_href=relative_href(INDEX_PATH, page),
        previous=_year_link(years[at - 1], page) if at > 0 else None,
        next=_year_link(years[at + 1], page) if at + 1 < len(years) else None,
    ) + alias_element({old: {"now": _alias_target(alias["now"], page), "since": alias["since"]}
                       for old, alias in (aliases or {}).items()})


def _alias_target(now: str | None, page: str) -> str | None:
    """Where an old entry id's event is now, as the aliases script reads it:
    an id on this page, else a link relative to this page."""
    if now is None:
        return None
    target, _, anchor = now.partition("#")
    return anchor if target == page else relative_href(now, page)


# The most bytes of Markdown a timeline page may have: MkDocs' theme
# around it (header, navigation, scripts: 15-60 kB) keeps the page's HTML
# under 1 MB (issue 32: no page over 1 MB, for any collection). A year
# over it is split by month, a month still over it into parts.
PAGE_BUDGET = 800_000
_NEIGHBOUR_LINKS = 1_000


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


@dataclass
class MonthPart:
    """One page of a year split by month: the events of one month (or of
    a run of its days, when the month is split too)."""

    year: int
    month: int
    number: int  # 1, 2, … within the month
    events: list[Event] = field(default_factory=list)

    @property
    def path(self) -> str:
        return timeline_month_path(self.year, self.month, self.number)

    @property
    def first_day(self) -> int:
        return self.events[0].start.day


def _weight(event: Event) -> int:
    """About how many bytes an event's entry takes: what cutting a month
    into parts of about equal size goes by."""
    sources = event.sources[:QUOTED_SOURCES]
    quoted = sum(len(q.clause) * 3 for key in sources if (q := event.quotes.get(key)) is not None)
    return 400 + len(event.title) * 6 + 160 * len(event.sources) + quoted


def _cut_month(year: int, month: int, events: list[Event], parts: int) -> list[MonthPart]:
    """A month's events in ``parts`` runs of whole days (an event's day
    tells its part: timeline-months.js finds it from the id) of about
    equal weight."""
    days: dict[int, list[Event]] = {}
    for event in events:
        days.setdefault(event.start.day, []).append(event)
    total = sum(_weight(e) for e in events)
    cut: list[MonthPart] = [MonthPart(year, month, 1)]
    done = 0
    for day in sorted(days):
        weight = sum(_weight(e) for e in days[day])
        if cut[-1].events and done + weight / 2 > total * len(cut) / parts:
            cut.append(MonthPart(year, month, len(cut) + 1))
        cut[-1].events.extend(days[day])
        done += weight
    return cut


def month_page(part: MonthPart, places: dict[int, EntryPlace], book: CitationBook, neighbours: list[MonthPart]) -> str:
    """Markdown for one page of a year split by month: the chart of the
    month's days and the entries of ``part``."""
    page = part.path
    ordered = _ordered(part.events)
    at = neighbours.index(part)
    days = f"（{ordered[0].start.day}日至{ordered[-1].start.day}日）" if len(neighbours) > 1 and any(
        p.month == part.month and p is not part for p in neighbours) else ""
    name = f"{part.year}年{part.month}月"
    return environment().get_template("timeline-year.md.j2").render(
        year=part.year,
        heading=f"{name}时间线{days}",
        chart_name=name,
        months=[(part.month, [_entry(e, places[id(e)], book, page) for e in ordered])],
        count=len(ordered),
        chart=year_chart(ordered, places, part.year, _month_axis(part.year, part.month)),
        legend=_legend(ordered),
        filters=_filters(ordered),
        index_href=relative_href(INDEX_PATH, page),
        year_href=relative_href(timeline_page_path(part.year), page),
        previous=_part_link(neighbours[at - 1], page) if at > 0 else None,
        next=_part_link(neighbours[at + 1], page) if at + 1 < len(neighbours) else None,
    )


def _part_link(part: MonthPart, page: str) -> dict:
    return {"name": f"{part.year}年{part.month}月" + (f"（{part.first_day}日起）" if part.number > 1 else ""),
            "href": relative_href(part.path, page)}


def split_year_page(year: int, parts: list[MonthPart], years: list[int]) -> str:
    """Markdown for ``timeline/<year>.md`` of a year split by month: its
    months, each linking to its page(s) with how many events of each kind
    it has, and where each of its entries now is, for old links."""
    page = timeline_page_path(year)
    every = [e for part in parts for e in part.events]
    months = [{"name": f"{part.month}月" + (f"{part.first_day}日起" if part.number > 1 else ""),
               "id": f"month-{part.month}" if part.number == 1 else "",
               "href": relative_href(part.path, page), "count": len(part.events),
               "counts": _counts(part.events), "shares": _shares(part.events)} for part in parts]
    # timeline-months.js: an entry's id (ev-<yyyymmdd>-…) gives its month
    # and day, and so its page: the first day of each page is all it needs.
    holder = [[part.month, part.first_day, relative_href(part.path, page)] for part in parts]
    at = years.index(year)
    return environment().get_template("timeline-months.md.j2").render(
        year=year, months=months, count=len(every), legend=_legend(every), filters=_filters(every),
        parts=json.dumps(holder, separators=(",", ":")),
        index_href=relative_href(INDEX_PATH, page),
        previous=_year_link(years[at - 1], page) if at > 0 else None,
        next=_year_link(years[at + 1], page) if at + 1 < len(years) else None,
    )


def _month_parts(year: int, events: list[Event], places: dict[int, EntryPlace], book: CitationBook) -> list[MonthPart]:
    """The pages of a year split by month: each month in as few parts as
    keep each page within PAGE_BUDGET (a month of one day stays whole)."""
    months: dict[int, list[Event]] = {}
    for event in _ordered(events):
        months.setdefault(event.start.month, []).append(event)
    parts: list[MonthPart] = []
    for month, evs in sorted(months.items()):
        count = 1
        while True:
            cut = _cut_month(year, month, evs, count)
            for part in cut:
                for event in part.events:
                    places[id(event)] = EntryPlace(year, places[id(event)].id, part.path)
            # Measured among this month's pages: the links to the months
            # before and after, on the final page, take a few bytes more.
            sizes = [_size(month_page(part, places, book, cut)) + _NEIGHBOUR_LINKS for part in cut]
            if max(sizes) <= PAGE_BUDGET or len(cut) < count or count >= len({e.start.day for e in evs}):
                break
            count = max(count + 1, math.ceil(count * max(sizes) / PAGE_BUDGET))
        parts.extend(cut)
    return parts


@dataclass
class TimelineSite:
    """The timeline's pages (Markdown path -> text) and where each event's
    entry is (by ``id()`` of the event), which the documents link to."""

    places: dict[int, EntryPlace]
    pages: dict[str, str]


def _year_link(year: int, page: str) -> dict:
    return {"year": year, "name": f"{year}年", "href": relative_href(timeline_page_path(year), page)}


def _counts(events: list[Event]) -> str:
    """How many events of each bodies and kind a year has, for the filter
    (``cop:session:2 cop+wg-firearms:meeting:1``)."""
    tally: dict[tuple[str, str], int] = {}
    for e in events:
        key = ("+".join(e.bodies), e.kind)
        tally[key] = tally.get(key, 0) + 1
    return " ".join(f"{bodies}:{kind}:{n}" for (bodies, kind), n in sorted(tally.items()))


def _shares(events: list[Event]) -> list[dict]:
    """Each kind's share of the year's events, in the legend's order."""
    return [{"kind": k, "n": n} for k in EVENT_KINDS if (n := sum(e.kind == k for e in events))]


def index_page(by_year: dict[int, list[Event]]) -> str:
    """Markdown for ``timeline.md``: every year with events, by decade, each
    linking to its page, with how many events it has of each kind."""
    every = [e for events in by_year.values() for e in events]
    decades: dict[int, list[dict]] = {}
    for first in sorted({decade(y) for y in by_year}):
        decades[first] = [
            {"year": y, "href": timeline_page_path(y), "count": len(by_year[y]),
             "counts": _counts(by_year[y]), "shares": _shares(by_year[y])} if y in by_year
            else {"year": y, "href": "", "count": 0, "counts": "", "shares": []}
            for y in range(first, first + 10)]
    return environment().get_template("timeline.md.j2").render(
        decades=sorted(decades.items()),
        count=len(every),
        first=min(by_year) if by_year else None,
        last=max(by_year) if by_year else None,
        legend=_legend(every),
        filters=_filters(every),
    )


def timeline_site(events: list[Event], documents: list[Document], book: CitationBook | None = None,
                  lock: EventLock | None = None) -> TimelineSite:
    """Every page of the timeline, by Markdown path: the index, each year's
    page and the months of a year split by month; each source named by its
    citation (``book``, else one made here); each year page with the old
    ids ``lock`` keeps for it; and each event's place."""
    book = book or CitationBook(documents)
    places = event_places(events)
    by_year: dict[int, list[Event]] = {}
    for event in _ordered(events):
        by_year.setdefault(event.start.year, []).append(event)
    years = sorted(by_year)
    pages = {INDEX_SOURCE: index_page(by_year)}
    for year in years:
        aliases = page_event_aliases(lock, timeline_page_path(year)) if lock else {}
        page = year_page(year, by_year[year], places, book, years, aliases)
        if _size(page) > PAGE_BUDGET:
            parts = _month_parts(year, by_year[year], places, book)
            # The year's old ids stay on its page (anchor-aliases.js reads
            # them there); its entries are on the months' pages.
            page = split_year_page(year, parts, years) + alias_element(
                {old: {"now": _alias_target(alias["now"], timeline_page_path(year)), "since": alias["since"]}
                 for old, alias in aliases.items()})
            for part in parts:
                pages[markdown_source(part.path)] = month_page(part, places, book, parts)
        pages[timeline_page_source(year)] = page
    return TimelineSite(places, pages)


def timeline_pages(events: list[Event], documents: list[Document], book: CitationBook | None = None,
                   lock: EventLock | None = None) -> dict[str, str]:
    """Every page of the timeline, by Markdown path (see ``timeline_site``)."""
    return timeline_site(events, documents, book, lock).pages


def document_events_markdown(events: list[Event], slug: str, book: CitationBook,
                             places: dict[int, EntryPlace] | None = None) -> str:
    """An HTML block listing the events a document states, each linking to
    its anchors in the document and to its entry in the timeline.

    It is generated navigation, not text of the document, so it is one
    block with its own id (``events``) that readers and checks can tell apart.
    ``places``: every event's place (``event_places`` of the whole timeline).
    """
    stated = [e for e in _ordered(events) if any(doc == slug for doc, _ in e.sources)]
    if not stated:
        return ""
    places = places if places is not None else event_places(events)
    page = page_path(slug)
    items = [{"dates": format_dates(e), "title": e.title, "conflict": conflict_note(e, book),
              "timeline": relative_href(places[id(e)].href, page),
              "anchors": [(a, book.place(slug, a)) for doc, a in e.sources if doc == slug and a]}
             for e in stated]
    return environment().get_template("timeline-document.html.j2").render(
        items=items, index_href=relative_href(INDEX_PATH, page))


def documents_events(events: list[Event], slugs: list[str], book: CitationBook,
                     places: dict[int, EntryPlace]) -> list[str]:
    """``document_events_markdown`` of each of ``slugs``, in order: each
    document's events found in one pass over the timeline."""
    stated: dict[str, list[Event]] = {}
    for event in events:
        for slug in {doc for doc, _ in event.sources}:
            stated.setdefault(slug, []).append(event)
    return [document_events_markdown(stated.get(slug, []), slug, book, places) for slug in slugs]
