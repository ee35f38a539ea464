"""The timeline's pages: the chart (SVG), the page by year, and each
document's list of the dates it states. The events come from
``corpus.timeline``; this module only shows them."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from jinja2 import Environment

from ..corpus.timeline import _SVG_ROWS, BODIES, KINDS, Event
from ..ids import page_source
from ..model import Document
from .mdtext import escape_html, escape_inline
from .templating import plain_overlay


def _format_dates(event: Event) -> str:
    return _format_range(event.start, event.end, event.precision)


def _format_range(start: date, end: date | None, precision: str = "day") -> str:
    if precision == "month":
        return f"{start.year}年{start.month}月"
    text = f"{start.year}年{start.month}月{start.day}日"
    if end and end != start:
        if end.year != start.year:
            text += f"至{end.year}年{end.month}月{end.day}日"
        elif end.month != start.month:
            text += f"至{end.month}月{end.day}日"
        else:
            text += f"至{end.day}日"
    return text


def conflict_note(event: Event, symbols: dict[str, str] | None = None) -> str:
    """The visible note of an event whose sources disagree on its dates."""
    if not event.conflicts:
        return ""
    symbols = symbols or {}

    def where(sources: list[tuple[str, str]]) -> str:
        return "、".join(f"{symbols.get(doc) or doc} {anchor}".strip() for doc, anchor in sources)

    others = "；".join(f"{_format_range(start, end)}（{where(sources)}）"
                      for start, end, sources in event.conflicts)
    stated = [s for s in event.sources if not any(s in c[2] for c in event.conflicts)]
    return f"日期不一致：{_format_dates(event)}（{where(stated)}）；{others}"


# SVG geometry, in user units.
_SVG_LABEL_W = 190
_SVG_ROW_H = 28
_SVG_YEAR_W = 60
_SVG_TOP = 30


def timeline_svg(events: list[Event]) -> str:
    """A static SVG: one row per body, one mark per event, a tick per year."""
    # The chart shows the life of the Conference and its working groups:
    # the years of their sessions and meetings. Older dates (conventions
    # adopted decades ago) stay in the list below it, not in the chart.
    shown = [e for e in events if e.body in _SVG_ROWS and e.kind in ("session", "meeting")]
    if not shown:
        return '<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" width="0" height="0"></svg>'
    first = min(e.start.year for e in shown)
    last = max((e.end or e.start).year for e in shown)
    events = [e for e in events if first <= e.start.year and (e.end or e.start).year <= last]
    rows = list(_SVG_ROWS) + ["other"]
    width = _SVG_LABEL_W + (last - first + 1) * _SVG_YEAR_W + 10
    height = _SVG_TOP + len(rows) * _SVG_ROW_H + 10

    def x_of(day: date) -> float:
        offset = (day.timetuple().tm_yday - 1) / 366
        return _SVG_LABEL_W + (day.year - first + offset) * _SVG_YEAR_W

    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" width="{width}" '
         f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
         f'aria-label="{escape_html("时间线")}">'),
    ]
    for year in range(first, last + 2):
        x = _SVG_LABEL_W + (year - first) * _SVG_YEAR_W
        out.append(f'<line x1="{x}" y1="{_SVG_TOP - 8}" x2="{x}" y2="{height - 10}" '
                   'stroke="#ccc" stroke-width="1"/>')
        if year <= last:
            out.append(f'<text x="{x + 2}" y="{_SVG_TOP - 12}" font-size="11">{year}</text>')
    for index, row in enumerate(rows):
        y = _SVG_TOP + index * _SVG_ROW_H
        label = BODIES[row] if row != "other" else "其他机构"
        out.append(f'<text x="4" y="{y + 17}" font-size="12">{escape_html(label)}</text>')
        out.append(f'<line x1="{_SVG_LABEL_W}" y1="{y + 13}" x2="{width - 10}" y2="{y + 13}" '
                   'stroke="#eee" stroke-width="1"/>')
    for event in sorted(events, key=lambda e: (e.start, e.title)):
        # An event of several bodies has a mark in each of their rows.
        for row in dict.fromkeys(b if b in _SVG_ROWS else "other" for b in event.bodies):
            y = _SVG_TOP + rows.index(row) * _SVG_ROW_H
            x1 = x_of(event.start)
            x2 = max(x_of(event.end or event.start), x1 + 3)
            fill = "#1f5fa8" if event.kind in ("session", "meeting") else "#c77c0e"
            out.append(
                f'<rect class="ev" data-body="{" ".join(event.bodies)}" data-kind="{event.kind}" '
                f'x="{x1:.1f}" y="{y + 6}" '
                f'width="{x2 - x1:.1f}" height="14" fill="{fill}" opacity="0.8">'
                f"<title>{escape_html(_format_dates(event) + ' ' + event.title)}</title></rect>"
            )
    out.append("</svg>")
    return "".join(out)


def _environment() -> Environment:
    return plain_overlay()


def _href(slug: str, anchor: str) -> str:
    """A site-root-relative link to a document anchor; ids are ASCII, quoted just in case."""
    href = page_source(quote(slug))
    return href + ("#" + quote(anchor) if anchor else "")


def timeline_page(events: list[Event], documents: list[Document]) -> str:
    """Markdown for ``timeline.md`` at the site root."""
    symbols = {d.info.slug: d.info.symbol for d in documents}
    ordered = sorted(events, key=lambda e: (e.start, e.title))
    years: dict[int, list[dict]] = {}
    for event in ordered:
        years.setdefault(event.start.year, []).append({
            "body": " ".join(event.bodies),
            "kind": event.kind,
            "body_name": escape_inline("、".join(BODIES[b] for b in event.bodies)),
            "kind_name": escape_inline(KINDS[event.kind]),
            "dates": escape_inline(_format_dates(event)),
            "title": escape_inline(event.title),
            "conflict": escape_inline(conflict_note(event, symbols)),
            "sources": [
                {"href": _href(slug, anchor),
                 "label": escape_inline(f"{symbols.get(slug) or slug} {anchor}".strip()),
                 "clause": escape_inline(event.quotes[(slug, anchor)].clause
                                         if (slug, anchor) in event.quotes else "")}
                for slug, anchor in event.sources
            ],
        })
    return _environment().get_template("timeline.md.j2").render(
        years=sorted(years.items()),
        svg=timeline_svg(ordered),
        bodies=[{"id": b, "name": escape_html(BODIES[b])}
                for b in BODIES if any(b in e.bodies for e in events)],
        kinds=[{"id": k, "name": escape_html(KINDS[k])}
               for k in KINDS if any(e.kind == k for e in events)],
    )


def document_events_markdown(events: list[Event], slug: str) -> str:
    """An HTML block listing the events a document states, linking to its anchors.

    It is generated navigation, not text of the document, so it is one
    block with its own id (``events``) that readers and checks can tell apart.
    """
    stated = [e for e in sorted(events, key=lambda e: (e.start, e.title))
              if any(doc == slug for doc, _ in e.sources)]
    if not stated:
        return ""
    items = []
    for event in stated:
        anchors = [a for doc, a in event.sources if doc == slug and a]
        links = "、".join(f'<a href="#{escape_html(quote(a))}">{escape_html(a)}</a>' for a in anchors)
        item = f"{escape_html(_format_dates(event))}：{escape_html(event.title)}"
        if event.conflicts:
            item += f'<br><span class="tl-conflict">{escape_html(conflict_note(event))}</span>'
        items.append(f"<li>{item}" + (f"（{links}）" if links else "") + "</li>")
    return ('<section class="doc-events" id="events" data-search-exclude>\n<h2>本文件提及的日期</h2>\n<ul>\n'
            + "\n".join(items) + '\n</ul>\n<p><a href="../timeline.html">全部时间线</a></p>\n</section>\n')
