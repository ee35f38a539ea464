"""What the timeline is made of: a *statement* (what one date mention in
one element says, before merging), an ``Event`` (one thing that happened,
with every source that states it, each with its clause verbatim), the names
the timeline gives bodies and kinds, and the machine-readable timeline
(``data/timeline.json``).

Kinds: ``session`` (第N届会议 of the Conference or a commission, and their
续会), ``meeting`` (第N次会议 of a working group or the Bureau, numbered
plenary meetings 第 1 次会议 / 第 5 和第 6 场会议 inside a session, other
meetings and dialogues), ``adoption`` (a resolution or decision 第 X/Y 号
决议, an instrument 通过的《…》 or its protocols, an act 通过/核准/商定),
``deadline`` (截止, 最迟, 不迟于), ``publication`` (印发, 重发), ``other``
(anything else with a date, e.g. "as of" dates).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from ...grammar.bodies import BODIES as BODY_TABLE
from ...ids import TIMELINE_DATA, timeline_data_path

# What the timeline calls each body (its short name), in the table's order.
BODY_SHORT_NAMES: dict[str, str] = {b.id: b.short for b in BODY_TABLE.values()}
# What each kind of event is called.
EVENT_KINDS: dict[str, str] = {
    "session": "届会",
    "meeting": "会议",
    "adoption": "通过",
    "deadline": "截止日期",
    "publication": "印发",
    "other": "其他",
}
# Each body's place in the table: the order bodies are listed and keyed in.
TABLE_ORDER = {body: i for i, body in enumerate(BODY_TABLE)}


@dataclass
class Quote:
    """Where a source states an event: the source line and its clause, verbatim."""

    line: int
    clause: str


@dataclass
class Event:
    """One thing that happened, with every (doc slug, anchor id) that states it.

    An anchor of ``""`` means the document's header (its session and dates),
    which has no anchor of its own. ``quotes`` holds, for each source, the
    clause that states the event, verbatim. ``conflicts``: other dates that
    other sources give for the same session or meeting, with those sources.
    """

    start: date
    end: date | None
    title: str
    kind: str
    body: str
    sources: list[tuple[str, str]] = field(default_factory=list)
    # "month" for 2024 年 12 月; "one-day" for one day from start to end that
    # the texts do not say (a numbered meeting "on 20 and 21 October").
    precision: str = "day"
    bodies: list[str] = field(default_factory=list)  # every body it belongs to, ``body`` first
    quotes: dict[tuple[str, str], Quote] = field(default_factory=dict)
    conflicts: list[tuple[date, date | None, list[tuple[str, str]]]] = field(default_factory=list)
    # Where the texts date a numbered meeting against the order of its
    # number: (relation, the other meeting's title, its dates, its sources);
    # relation "not-before" (it should be on or after those days: a
    # lower-numbered meeting, or what the text says was done before it),
    # "not-after" (a higher-numbered meeting held earlier). The title is ""
    # for a day something was done before it.
    order: list[tuple[str, str, date, date | None, list[tuple[str, str]]]] = field(default_factory=list)
    # What stated it: the claim of each statement merged into it (see
    # Statement.claim); by them a published event is found again (published.py).
    claims: set[str] = field(default_factory=set)
    # For each claim, what its statement says but its kind and bodies
    # (Statement.place): a published claim is found again in a statement
    # re-read with another kind or bodies (published.py).
    places: dict[str, tuple] = field(default_factory=dict)
    id: str = ""  # its entry's id once given (published.assign_event_ids), else ""

    def claim(self, stmt: Statement) -> None:
        """Record that ``stmt`` states this event."""
        self.claims.add(stmt.claim)
        self.places[stmt.claim] = stmt.place

    def __post_init__(self) -> None:
        if not self.bodies:
            self.bodies = [self.body]

    def identity(self) -> str:
        """What the event is, apart from its sources: kind, bodies and title
        (its first day names it too, see ``ids.event_id``)."""
        return "\0".join([self.kind, " ".join(self.bodies), self.title])


@dataclass
class Statement:
    """What one date mention says, before merging."""

    start: date
    end: date | None
    kind: str
    bodies: tuple[str, ...]
    title: str
    ordinal: str = ""  # "11" (session/meeting), "决议 5/2", "plenary 1,2"
    source: tuple[str, str] = ("", "")
    precision: str = "day"
    clause: str = ""  # the sentence that states it, verbatim
    line: int = 0  # source line of the element
    reports: tuple[str, ...] = ()  # symbols cited in the same element
    cites: tuple[str, ...] = ()  # symbols cited in the same sentence
    # What an act with no number or instrument acts on: the head word of its
    # object (安排 of "核准了…的工作安排"); one act, one thing (see merge).
    thing: str = ""
    # "not-before": the statement does not date the event, it says the event
    # was on ``start`` or after it (what the paragraph narrates of a meeting
    # had already been done on that day); "" for the event's own dates.
    bound: str = ""
    occurrence: int = 0  # how many statements of its element before it say the same (see claim)

    @property
    def body(self) -> str:
        return self.bodies[0]

    @property
    def last(self) -> date:
        return self.end or self.start

    @property
    def claim(self) -> str:
        """A digest of what this statement says and where: its document, its
        element, kind, bodies, ordinal and dates (and its occurrence, should
        the element say that twice). It depends on that document alone, so it
        stays the same as the collection grows: the published events are
        found again by their claims. The title is left out: a corrected
        wording of the same clause states the same event."""
        return claim_digest(self.place, self.kind, self.bodies)

    @property
    def place(self) -> tuple:
        """Where it is said and what it says but its kind and bodies: its
        document, element, ordinal, dates, bound and occurrence."""
        return (self.source, self.ordinal, self.start, self.end, self.bound, self.occurrence)

    @property
    def said(self) -> tuple:
        """What its claim says, but the occurrence."""
        return (self.source, self.kind, self.bodies, self.ordinal, self.start, self.end, self.bound)



def claim_digest(place: tuple, kind: str, bodies: tuple[str, ...]) -> str:
    """The claim (``Statement.claim``) of a statement at ``place`` read as
    ``kind`` of ``bodies``."""
    source, ordinal, start, end, bound, occurrence = place
    said = "\0".join([*source, kind, " ".join(bodies), ordinal, start.isoformat(),
                      end.isoformat() if end else "", str(occurrence), *([bound] if bound else [])])
    return hashlib.sha256(said.encode("utf-8")).hexdigest()[:16]


def by_ordinal(kind: str, ordinal: str) -> bool:
    """Whether such an event is identified by its ordinal and dates (a
    session or meeting; not a plenary, whose ordinal is only a number)."""
    return kind in ("session", "meeting") and not ordinal.startswith("plenary")


def body_name(body: str) -> str:
    """The timeline's name of a body; none for ``other``."""
    return BODY_SHORT_NAMES[body] if body != "other" else ""


# -- output ---------------------------------------------------------------------


def timeline_json(events: list[Event]) -> dict:
    """The machine-readable timeline (``timeline.json``)."""
    ordered = sorted(events, key=lambda e: (e.start, e.title))
    return {
        "version": 1,
        "events": [
            {
                **({"id": e.id} if e.id else {}),
                "start": e.start.isoformat(),
                "end": e.end.isoformat() if e.end else None,
                "title": e.title,
                "kind": e.kind,
                "body": e.body,
                "bodies": e.bodies,
                "sources": [_source_json(e, source) for source in e.sources],
                **({"precision": e.precision} if e.precision != "day" else {}),
                **({"conflicts": [
                    {"start": start.isoformat(), "end": end.isoformat() if end else None,
                     "sources": [{"doc": doc, "anchor": anchor} for doc, anchor in sources]}
                    for start, end, sources in e.conflicts]} if e.conflicts else {}),
                **({"order": [
                    {"relation": relation, **({"title": title} if title else {}),
                     "start": start.isoformat(), "end": end.isoformat() if end else None,
                     "sources": [{"doc": doc, "anchor": anchor} for doc, anchor in sources]}
                    for relation, title, start, end, sources in e.order]} if e.order else {}),
            }
            for e in ordered
        ],
    }


# The version of data/timeline.json: 2 lists the years, each year's events
# in a file of its own (version 1 held every event, 35 MB at 2,000
# documents, over the 25 MiB a file the common static hosts take).
TIMELINE_DATA_VERSION = 2


def timeline_files(events: list[Event]) -> dict[str, dict]:
    """The machine-readable timeline's files by site path:
    ``data/timeline.json`` (the years, each with how many events it has and
    the file of its events) and ``data/timeline/<year>.json``."""
    years: dict[str, list[dict]] = {}
    for event in timeline_json(events)["events"]:
        years.setdefault(event["start"][:4], []).append(event)
    files = {TIMELINE_DATA: {
        "version": TIMELINE_DATA_VERSION,
        "years": [{"year": int(year), "events": len(listed), "url": timeline_data_path(year)}
                  for year, listed in years.items()]}}
    for year, listed in years.items():
        files[timeline_data_path(year)] = {"version": TIMELINE_DATA_VERSION, "year": int(year), "events": listed}
    return files


def _source_json(event: Event, source: tuple[str, str]) -> dict:
    quote = event.quotes.get(source)
    out: dict = {"doc": source[0], "anchor": source[1]}
    if quote is not None:
        out["line"] = quote.line
        out["clause"] = quote.clause
    return out
