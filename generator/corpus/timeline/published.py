"""Timeline entry ids that stay (CONTRACT.md: "Timeline entries carry
ev-… ids… kept in the lock like an anchor").

An event's id (``ids.event_id``: its first day and a digest of its kind,
bodies and title) is made once, when the event is first published, and
recorded in the anchor lock with the event's *claims*: the digest of each
statement merged into it (``Statement.claim``: its document, element, and
what it says there). What a document states depends on that document
alone, so a claim stays the same as the collection grows. A published event
is found again by any of its claims and keeps its id, whatever new
documents say of it and however its merged title or dates change.

A published id is never given to another event. Where it must change, the
old id is kept as an alias to where its event stands now, which the year
page carries for readers of old links: when a new text shows two published
events to be one happening (the event keeps the id that holds most of its
claims, the other becomes an alias of it) or moves an event to another
year's page. Those follow from the collection growing and are recorded
as they happen. A build that would drop a published id (no event holds its
claims any more: a text changed or was taken out, or the reading of it did)
stops, like a dropped anchor, unless the change is accepted; the old id is
then an alias of nothing (withdrawn).

Ids given to new events are recorded at once (a build adds them to the
lock without being asked, as they must not change once a reader may have
cited them); the claims of a published event are brought up to date with it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...ids import event_id, timeline_page_path
from .events import BODY_SHORT_NAMES, EVENT_KINDS, Event, claim_digest

# The lock's record of the timeline: year page -> id -> the event's claims.
EventPages = dict[str, dict[str, list[str]]]


@dataclass
class EventLock:
    """The published events (``pages``) and what became of those no longer
    published under their id (``aliases``: page, id, now, since)."""

    pages: EventPages = field(default_factory=dict)
    aliases: list[dict] = field(default_factory=list)


@dataclass
class Published:
    """What one build does to the published events: each event's id (set on
    the events), the published ids it would lose or move (``problems``), the
    lock after the build, and whether that lock differs from the one read."""

    problems: list[str]
    lock: EventLock
    changed: bool


def _page(event: Event) -> str:
    return timeline_page_path(event.start.year)


def assign_event_ids(events: list[Event], locked: EventLock | None, accept: bool = False,
                     since: str = "") -> Published:
    """Give each event its id (``Event.id``): its published one when it holds
    the claims of one, else a new one. ``accept``: the changes that would
    lose or move published ids are accepted (``since``: their date)."""
    locked = locked or EventLock()
    owner: dict[str, tuple[str, str]] = {}  # claim -> (page, id) that published it
    for page, ids in sorted(locked.pages.items()):
        for anchor, claims in sorted(ids.items()):
            for claim in claims:
                owner.setdefault(claim, (page, anchor))
    published = {anchor for ids in locked.pages.values() for anchor in ids}
    taken = published | {a["id"] for a in locked.aliases}  # never given to another event
    given: dict[str, Event] = {}
    ordered = sorted(events, key=lambda e: (e.start, e.title, sorted(e.claims)))
    found = _reread(ordered, owner)
    # Each published id to the event holding its claims; when a text shows
    # one published entry to be two happenings, the id stays with the one it
    # was made from (the same first day, kind, bodies and title), else with
    # the one holding most of its claims.
    candidates = []
    for position, event in enumerate(ordered):
        held = Counter(owner[c][1] for c in event.claims | found.get(id(event), set()) if c in owner)
        made_from = _new_id(event, set())
        for anchor, count in held.items():
            candidates.append((anchor != made_from and not anchor.startswith(made_from + "-"), -count,
                               position, anchor))
    kept: dict[int, str] = {}  # position -> the published id it keeps
    for _, _, position, anchor in sorted(candidates):
        if anchor not in given and position not in kept:
            kept[position] = anchor
            given[anchor] = ordered[position]
    for position, event in enumerate(ordered):
        event.id = kept[position] if position in kept else _new_id(event, taken | set(given))
        given[event.id] = event
    problems, aliases = _lost(locked, given, ordered, since)
    if problems and not accept:
        return Published(problems, locked, False)
    problems = []
    pages: EventPages = {}
    for event in ordered:
        pages.setdefault(_page(event), {})[event.id] = sorted(event.claims)
    lock = EventLock({page: dict(sorted(ids.items())) for page, ids in sorted(pages.items())},
                     _merged_aliases(locked.aliases, aliases, given))
    return Published(problems, lock, lock != locked)


def _reread(events: list[Event], owner: dict[str, tuple[str, str]]) -> dict[int, set[str]]:
    """Published claims that no event holds as they were, found again in a
    statement read anew: the same document, element, ordinal, dates and
    occurrence, read with another kind or other bodies (a corrected reading
    of the same clause states the same event: "发言报名将于…截止" found to be
    the Secretariat's, not the Conference's). For each event (by ``id``),
    the published claims its statements held before."""
    held = {claim for event in events for claim in event.claims}
    missing = set(owner) - held
    if not missing:
        return {}
    bodies = sorted({(body,) for body in BODY_SHORT_NAMES} | {("other",)} | {tuple(e.bodies) for e in events})
    found: dict[int, set[str]] = {}
    for event in events:
        for claim, place in event.places.items():
            if claim in owner:
                continue  # as published
            for kind in EVENT_KINDS:
                for names in bodies:
                    old = claim_digest(place, kind, names)
                    if old in missing:
                        found.setdefault(id(event), set()).add(old)
    return found


def _new_id(event: Event, taken: set[str]) -> str:
    """The id of an event published for the first time; ``-2``, ``-3``… when
    another event (or a published id) has the same first day and digest."""
    base = event_id(event.start, event.identity())
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    return anchor


def _lost(locked: EventLock, given: dict[str, Event], events: list[Event],
          since: str) -> tuple[list[str], list[dict]]:
    """The published ids this build would drop (its problems), and the
    aliases of every published id that is not where it was: merged into
    another event, moved to another year's page, or dropped."""
    holder = {claim: event for event in events for claim in event.claims}
    dropped: list[str] = []
    aliases: list[dict] = []
    for page, ids in sorted(locked.pages.items()):
        for anchor, claims in sorted(ids.items()):
            event = given.get(anchor)
            if event is None:
                event = next((holder[c] for c in claims if c in holder), None)
            if event is None:
                dropped.append(f"{page}#{anchor}")
                aliases.append({"page": page, "id": anchor, "now": None, "since": since})
            elif event.id != anchor or _page(event) != page:
                aliases.append({"page": page, "id": anchor, "now": f"{_page(event)}#{event.id}", "since": since})
    return dropped, aliases


def _merged_aliases(old: list[dict], new: list[dict], given: dict[str, Event]) -> list[dict]:
    """The aliases of the lock: each once, its first date kept, pointing to
    where its event stands now (an event found again drops its alias)."""
    out: dict[tuple[str, str], dict] = {}
    for alias in [*old, *new]:
        key = (alias["page"], alias["id"])
        if key in out:
            continue
        event = given.get(alias["id"])
        if event is not None and _page(event) == alias["page"]:
            continue  # published again where it was
        out[key] = dict(alias)
    for alias in out.values():
        target = alias["now"]
        if target and target.split("#")[1] in given:
            event = given[target.split("#")[1]]
            alias["now"] = f"{_page(event)}#{event.id}"
    return [out[k] for k in sorted(out)]


def page_event_aliases(lock: EventLock, page: str) -> dict[str, dict]:
    """The old ids of one year page: id -> {now: page#id or None, since}."""
    return {a["id"]: {"now": a["now"], "since": a["since"]} for a in lock.aliases if a["page"] == page}
