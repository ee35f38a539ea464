"""Merging the statements of every document into events.

Merging — two statements are the same event when:

* sessions and meetings: same bodies, same kind and same ordinal. Dates
  that agree (one range contains the other: "定于 10 月 14 日开幕" is the
  first day of the 14–18 October session) make one event with the longest
  range; dates that disagree (for a body that numbers its sessions or
  meetings over its whole life, within a year) make one event with both
  dates and a conflict note, so that the discrepancy is visible;
* a session/meeting stated without an ordinal joins the event of the same
  bodies and kind with exactly the same dates. Within one document, the
  meetings of a body listed without ordinals and those listed with them
  that cite the same report (the same document symbol in their nodes: "…
  在维也纳举行的会议的报告（CTOC/COP/2016/7）" and "…举行了第四次会议。这两次
  会议的报告…（CTOC/COP/2016/7）") are the same meetings, paired in date
  order when they count as many;
* numbered meetings (第 5 次会议, 第一场会议): one event per meeting. A
  body numbers its meetings within a session or meeting of its own (the
  container whose dates hold them): every statement of meeting n of that
  body within the same container is that meeting, and a joint meeting
  ("两个工作组…第一场会议") is meeting n of each of its bodies, so it is the
  same event as "国际合作工作组…第 1 和第 2 场会议"'s first. With no
  container, statements of meeting n whose dates overlap are one. Its dates
  are those every statement allows (第 1、2、3、4 次会议 on 17 and 18 October
  and 第 4 次和第 5 次会议 on 18 and 19 October: meeting 4 on the 18th);
  statements that allow none are a conflict, kept visible;
* adoptions: same body and same resolution number; same instrument and
  date; an act without a number or instrument: same bodies and date (one
  silence procedure, however many sentences report what it approved);
* anything else: same kind, dates and title (and, for publications, the same
  document, since each document is reissued on its own).

"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...grammar.bodies import BODIES as BODY_TABLE
from ...grammar.bodies import WORKING_GROUPS
from ...instruments import BY_NOUN
from .events import TABLE_ORDER, Event, Quote, Statement, body_name, by_ordinal

# Bodies that number their sessions or meetings over their whole life (a
# Bureau numbers its meetings per session): the same ordinal with other
# dates is a discrepancy between texts, not another meeting.
_LIFELONG = frozenset({"cop", "ccpcj", "cnd", "ga", *WORKING_GROUPS})
# A body's numbered meetings stated without a session to hold them: the
# same number within a week is the same meeting (a session lasts a week or
# two, the next is months away), its other dates a discrepancy.
_SAME_SITTING = timedelta(days=7)


def _contains(a: Statement | Event, b: Statement) -> bool:
    """Whether b's dates lie within a's (or a's within b's)."""
    a_last = a.end or a.start
    return (a.start <= b.start and b.last <= a_last) or (b.start <= a.start and a_last <= b.last)


def _conflicting(event: Event, stmt: Statement) -> bool:
    """Whether other dates for the same ordinal are a discrepancy between
    texts: a body that numbers over its life, dates within a year."""
    return (set(stmt.bodies) <= _LIFELONG
            and abs((event.start - stmt.start).days) < 366)


def _same(event: Event, key: tuple, stmt: Statement, other_key: tuple) -> bool:
    if tuple(event.bodies) != stmt.bodies or event.kind != stmt.kind:
        return False
    ordinal, other = key[0], other_key[0]
    if by_ordinal(stmt.kind, ordinal):
        if ordinal and other:
            return ordinal == other and (_contains(event, stmt) or _conflicting(event, stmt))
        # Without an ordinal, only the exact same dates identify the event.
        return (event.start, event.end) == (stmt.start, stmt.end)
    return key == other_key


def _key(stmt: Statement) -> tuple:
    if by_ordinal(stmt.kind, stmt.ordinal):
        return (stmt.ordinal,)
    if stmt.kind == "adoption" and stmt.ordinal.startswith(tuple(BY_NOUN)):
        return (stmt.ordinal,)
    if stmt.kind == "adoption" and not stmt.ordinal:
        # An act with no number or instrument: the body's act of that day on
        # one thing (one approval, however many sentences report it; two
        # things approved the same day are two approvals).
        return ("act", stmt.start, stmt.end, stmt.thing)
    if stmt.kind == "other" and stmt.cites:
        # A date of a cited document ("截至 <date> 加入…的情况（CTOC/COP/2024/CRP.1）"):
        # the same date of the same document, however many sentences give it.
        return ("cites", stmt.start, stmt.end, stmt.cites)
    return (stmt.ordinal, stmt.start, stmt.end, stmt.title)


def _buckets(stmt: Statement, key: tuple) -> list[tuple]:
    """The lookup keys under which an event made from ``stmt`` can be found again.

    Every pair that _same accepts shares one of them: a session or meeting
    (not a plenary) by its ordinal when both have one, else by its exact
    dates; anything else by its whole key. A bucket that _same could not
    use would grow with the corpus (every statement of a body on one day).
    """
    if by_ordinal(stmt.kind, stmt.ordinal):
        buckets = [("dates", stmt.bodies, stmt.kind, stmt.start, stmt.end)]
        if key[0]:
            buckets.insert(0, ("ordinal", stmt.bodies, stmt.kind, key[0]))
        return buckets
    return [("key", stmt.bodies, stmt.kind, key)]



def merge_statements(statements: list[Statement]) -> list[Event]:
    """The events of the statements of every document (in document order),
    merged, sorted by start then title."""
    events: list[tuple[Event, tuple]] = []
    # Candidate events are looked up by what _same compares (bodies, kind and
    # ordinal, exact dates, or the whole key), not by scanning every event:
    # the corpus grows to hundreds of documents.
    buckets: dict[tuple, list[int]] = {}
    # Statements with an ordinal go first so that the ones without can join
    # them; among those, the longest range first, then by source.
    plenary = [stmt for stmt in statements if stmt.ordinal.startswith("plenary ")]
    for stmt in sorted((s for s in statements if not s.ordinal.startswith("plenary ")),
                       key=lambda s: (not s.ordinal, -(s.last - s.start).days, s.source[0], s.source[1] != "")):
        key = _key(stmt)
        keys = _buckets(stmt, key)
        found = None
        for position in sorted(set().union(*(buckets.get(b, ()) for b in keys))):
            event, event_key = events[position]
            if _same(event, event_key, stmt, key):
                found = event
                break
        if found is not None:
            _join(found, stmt)
            continue
        event = Event(stmt.start, stmt.end, stmt.title, stmt.kind, stmt.body,
                      [stmt.source], stmt.precision, list(stmt.bodies),
                      {stmt.source: Quote(stmt.line, stmt.clause)})
        event.claim(stmt)
        events.append((event, key))
        for bucket in keys:
            buckets.setdefault(bucket, []).append(len(events) - 1)

    # Numbered meetings are found in, and named by, what contains them
    # before folding (a working group's own meeting, not the joint event it
    # folds into).
    events.extend(_numbered_meetings(plenary, events))
    result = [event for event, _ in _fold_happenings(events)]
    for event in result:
        _order_sources(event)
    return sorted(result, key=lambda e: (e.start, e.title))


def _join(event: Event, stmt: Statement) -> None:
    """Add what ``stmt`` says to the event it states: its source and clause,
    and its dates when they are not the event's."""
    event.claim(stmt)
    if stmt.source not in event.sources:
        event.sources.append(stmt.source)
        event.quotes[stmt.source] = Quote(stmt.line, stmt.clause)
    elif stmt.clause not in event.quotes[stmt.source].clause:
        # Two sentences of one element state it.
        quote = event.quotes[stmt.source]
        quote.clause = f"{quote.clause}……{stmt.clause}"
    if by_ordinal(stmt.kind, stmt.ordinal) and stmt.ordinal and not _contains(event, stmt):
        _add_conflict(event, stmt)


def _order_sources(event: Event) -> None:
    """Sources in document order, other dates by date."""
    event.sources.sort(key=_source_order)
    for _, _, sources in event.conflicts:
        sources.sort(key=_source_order)
    event.conflicts.sort(key=lambda c: (c[0], c[1] or c[0]))



def _is_plenary(key: tuple) -> bool:
    return bool(key) and isinstance(key[0], str) and key[0].startswith("plenary")


def _noun(title: str) -> str:
    match = re.search(r"(?:建设性对话|专题讨论|专家讨论|续会|会议)$", title)
    return match.group() if match else ""


def _absorb(into: Event, other: Event) -> None:
    """Give ``into`` the sources (and other dates) of ``other``."""
    into.claims |= other.claims
    into.places.update(other.places)
    for source in other.sources:
        if source not in into.sources:
            into.sources.append(source)
            into.quotes[source] = other.quotes[source]
    for conflict in other.conflicts:
        if conflict not in into.conflicts:
            into.conflicts.append(conflict)


def _fold_happenings(events: list[tuple[Event, tuple]]) -> list[tuple[Event, tuple]]:
    """One happening, one event: fold statements of the same meeting that the
    merge keeps apart because they name it differently.

    * a joint meeting (several bodies, no ordinal) and the meetings of its
      bodies on exactly the same dates ("两个工作组…于 5 月 23 日至 27 日举行的会议"
      and "与B第十三次会议同时举行的A第十三次会议", same days): one event of
      all the bodies, titled by their meetings ("A第十三次会议和B第十三次会议");
      a body's dialogue on the day of a joint dialogue is that dialogue;
    * a named meeting (专题讨论, 建设性对话) and numbered meetings of the same
      bodies on exactly the same day: the discussion held at those meetings.
    """
    gone: set[int] = set()
    # Events by their dates, in order: every fold below is between events
    # of the same dates (or, for the numbered meetings, of the same bodies),
    # so each looks only there, not at the whole timeline.
    by_dates: dict[tuple, list[int]] = {}
    for i, (e, _) in enumerate(events):
        by_dates.setdefault((e.start, e.end), []).append(i)
    _fold_joint_meetings(events, by_dates, gone)
    _fold_named_into_plenaries(events, by_dates, gone)
    return [pair for i, pair in enumerate(events) if i not in gone]


def _fold_joint_meetings(events: list[tuple[Event, tuple]], by_dates: dict[tuple, list[int]],
                         gone: set[int]) -> None:
    """A joint meeting absorbs its bodies' own meetings on exactly its dates."""
    for joint, key in events:
        if len(joint.bodies) < 2 or _is_plenary(key) or joint.kind not in ("session", "meeting") \
                or key[0]:
            continue
        parts = [(e, k) for e, k in (events[i] for i in by_dates[(joint.start, joint.end)] if i not in gone)
                 if e is not joint
                 and e.kind == joint.kind and not _is_plenary(k)
                 and set(e.bodies) < set(joint.bodies) and (e.start, e.end) == (joint.start, joint.end)
                 and _noun(e.title) == _noun(joint.title)]
        index = {id(events[i][0]): i for i in by_dates[(joint.start, joint.end)]}
        for part, _ in parts:
            _absorb(joint, part)
            gone.add(index[id(part)])
        numbered = sorted((p for p in parts if p[1][0]), key=lambda p: TABLE_ORDER.get(p[0].body, 99))
        if numbered and {b for p, _ in numbered for b in p.bodies} == set(joint.bodies):
            joint.title = "和".join(p.title for p, _ in numbered)


def _fold_named_into_plenaries(events: list[tuple[Event, tuple]], by_dates: dict[tuple, list[int]],
                               gone: set[int]) -> None:
    """A named meeting absorbs the numbered meetings of its bodies on its day."""
    for i, (named, key) in enumerate(events):
        if i in gone or _is_plenary(key) or key[0] or named.kind != "meeting" or named.end:
            continue
        held_at = []
        for j in by_dates[(named.start, named.end)]:
            plenary, other = events[j]
            if j not in gone and _is_plenary(other) and plenary.bodies == named.bodies:
                _absorb(named, plenary)
                held_at.append(re.search(r"第 (\d+) (次|场)会议$", plenary.title))
                gone.add(j)
        if held_at:
            numbers = "、".join(m.group(1) for m in sorted(held_at, key=lambda m: int(m.group(1))))
            named.title += f"（第 {numbers} {held_at[0].group(2)}会议）"


def _add_conflict(event: Event, stmt: Statement) -> None:
    """Record other dates a source gives for the event."""
    for start, end, sources in event.conflicts:
        if (start, end) == (stmt.start, stmt.end):
            if stmt.source not in sources:
                sources.append(stmt.source)
            return
    event.conflicts.append((stmt.start, stmt.end, [stmt.source]))


def _source_order(source: tuple[str, str]) -> tuple:
    return (source[0], source[1] != "", _anchor_order(source[1]))


def _anchor_order(anchor: str) -> tuple:
    """Natural order of anchors (para-2 before para-10)."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", anchor))


def _numbered_meetings(statements: list[Statement], events: list[tuple[Event, tuple]]) -> list[tuple[Event, tuple]]:
    """One event per numbered meeting (see the module docstring): the
    statements of one meeting joined, their dates narrowed to those all of
    them allow, titled after the container of its body."""
    containers: dict[str, list[Event]] = {}  # a body's own sessions and meetings
    for event, key in events:
        if key[0] and event.kind in ("session", "meeting") and len(event.bodies) == 1:
            containers.setdefault(event.bodies[0], []).append(event)
    ordered = sorted(statements, key=lambda s: (s.source[0], _anchor_order(s.source[1]), s.start))
    held_in = [{body: _container(containers, body, stmt) for body in stmt.bodies} for stmt in ordered]
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Meeting n of a body in one container: one meeting. Without a
    # container, statements of meeting n whose dates overlap (a sweep over
    # them by date: the corpus grows to thousands of statements).
    first_in: dict[tuple[str, str, int], int] = {}
    loose: dict[tuple[str, str], list[int]] = {}
    for i, stmt in enumerate(ordered):
        for body in stmt.bodies:
            container = held_in[i][body]
            if container is None:
                loose.setdefault((body, stmt.ordinal), []).append(i)
            else:
                parent[root(i)] = root(first_in.setdefault((body, stmt.ordinal, id(container)), i))
    for members in loose.values():
        members.sort(key=lambda i: (ordered[i].start, i))
        reach = None
        for previous, i in zip([None, *members], members, strict=False):
            if previous is not None and ordered[i].start <= reach + _SAME_SITTING:
                parent[root(i)] = root(previous)
            reach = ordered[i].last if reach is None or ordered[i].start > reach else max(reach, ordered[i].last)
    groups: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        groups.setdefault(root(i), []).append(i)
    meetings = [_Meeting([ordered[i] for i in members], [held_in[i] for i in members])
                for members in groups.values()]
    # A meeting that no text dates (only bounded: "…已在 <date> 商定") is not
    # on the timeline; its bound had nothing to narrow.
    meetings = [m for m in meetings if m.dated]
    _hold_in_order(meetings, events, containers)
    return [m.event() for m in meetings]


def _container(containers: dict[str, list[Event]], body: str, stmt: Statement | Event) -> Event | None:
    """The session or meeting of ``body`` whose dates hold the statement's
    (the shortest, should two); for an organ of another body that has none
    of its own there (the Bureau of the Conference), that body's session: it
    numbers its meetings within the session it serves."""
    owners = (body, BODY_TABLE[body].parent if body in BODY_TABLE else "")
    if body in _PER_SESSION:
        owners = owners[1:]  # its own meetings are numbered alongside, they hold none
    for owner in owners:
        holding = [c for c in containers.get(owner, []) if _contains_event(c, _as_event(stmt))]
        if holding:
            return min(holding, key=lambda c: ((c.end or c.start) - c.start).days)
    return None


def _as_event(stmt: Statement | Event) -> Event:
    return Event(stmt.start, stmt.end, stmt.title, stmt.kind, stmt.body)


class _Meeting:
    """One numbered meeting from every statement of it: the days each text
    allows, narrowed by those that bound it and by the order of its number
    among its body's meetings (``_hold_in_order``), then its event."""

    def __init__(self, statements: list[Statement], held_in: list[dict[str, Event | None]]) -> None:
        self.statements = statements
        self.held_in = held_in
        self.bodies = sorted({b for s in statements for b in s.bodies},
                             key=lambda b: TABLE_ORDER.get(b, len(TABLE_ORDER)))
        dated = [s for s in statements if not s.bound]
        self.dated = bool(dated)
        if not dated:
            return
        self.first = dated[0]
        number = self.first.ordinal.removeprefix("plenary ")
        self.number = int(number) if number.isdigit() else None
        start, last = max(s.start for s in dated), min(s.last for s in dated)
        self.agreed = start <= last
        if not self.agreed:  # the texts disagree: the first one's dates, the others noted
            start, last = self.first.start, self.first.last
        self.lo, self.hi = start, last
        self.order: list[tuple[str, str, date, date | None, list[tuple[str, str]]]] = []
        for bound in (s for s in statements if s.bound == "not-before"):
            if not self.agreed:
                continue
            if bound.start <= self.hi:
                self.lo = max(self.lo, bound.start)
            else:  # what the paragraph says was done before it, after its dates
                self.order.append(("not-before", "", bound.start, None, [bound.source]))

    def container(self, body: str) -> Event | None:
        return next((held[body] for held in self.held_in if held.get(body) is not None), None)

    @property
    def title(self) -> str:
        """Named after the body's own session or meeting (not the session an
        organ serves: the Bureau's meeting is the Bureau's)."""
        bodies = self.bodies
        own = [held[bodies[0]] for held in self.held_in if held.get(bodies[0]) is not None]
        container = own[0] if len(bodies) == 1 and own and own[0].bodies == bodies else None
        return (container.title if container is not None
                else "和".join(body_name(b) for b in bodies)) + self.first.title

    def event(self) -> tuple[Event, tuple]:
        bodies, statements, first, title = self.bodies, self.statements, self.first, self.title
        start, last = self.lo, self.hi
        end = last if last != start else None
        # A numbered meeting is one sitting, on one day: dates the texts
        # leave open are the days it may have been held on, one of them.
        event = Event(start, end, title, "meeting", bodies[0], [], "one-day" if end else "day", bodies, {},
                      order=self.order)
        for stmt in statements:
            if stmt.source in event.sources:
                _join(event, stmt)  # another sentence of the same element
            else:
                event.sources.append(stmt.source)
                event.quotes[stmt.source] = Quote(stmt.line, stmt.clause)
                event.claim(stmt)
            if not self.agreed and not stmt.bound and not (stmt.start <= start and (end or start) <= stmt.last):
                _add_conflict(event, stmt)
        return event, (first.ordinal, start, end, title)


# Bodies that number their meetings within the session they serve (the
# Bureau, the extended Bureau): "第二次会议" and "第 2 次会议" are one count.
_PER_SESSION = frozenset(b for b, entry in BODY_TABLE.items() if entry.parent and b not in _LIFELONG)


@dataclass
class _InOrder:
    """A numbered meeting as the order of numbers sees it: its number, the
    days it may be on, how the timeline titles it, and who states it."""

    number: int
    lo: date
    hi: date
    title: str
    sources: list[tuple[str, str]]
    notes: list
    meeting: _Meeting | None = None


def _hold_in_order(meetings: list[_Meeting], events: list[tuple[Event, tuple]],
                   containers: dict[str, list[Event]]) -> None:
    """A body numbers its meetings in the order it holds them: within one
    session (or the meeting that holds them), meeting n is on or after the
    day of every lower-numbered one and on or before that of every higher
    one. Each meeting's days are narrowed to those the order allows
    (meetings 1–4 "on 17 and 18 October", meeting 2 on the 17th and 4 on
    the 18th: 3 on either; were 4 on the 17th, 3 too). A meeting whose texts
    date it against the order (meeting 1 "on 20 and 21 October", meeting 2
    on the 18th) keeps the days they give, noted with the meetings it
    contradicts; those do not narrow the others.

    Its body's meetings named by their ordinal count too, for a body that
    numbers within the session it serves ("扩大主席团第二次会议" is its
    meeting 2)."""
    series: dict[tuple[str, int], list[_InOrder]] = {}
    for m in meetings:
        if m.number is None or not m.agreed:
            continue
        member = _InOrder(m.number, m.lo, m.hi, m.title, [s.source for s in m.statements if not s.bound],
                          m.order, m)
        for body in m.bodies:
            container = m.container(body)
            if container is not None:
                series.setdefault((body, id(container)), []).append(member)
    for event, key in events:
        if (event.kind == "meeting" and len(event.bodies) == 1 and event.bodies[0] in _PER_SESSION
                and isinstance(key[0], str) and key[0].isdigit() and not event.conflicts):
            body = event.bodies[0]
            container = _container(containers, body, event)
            if container is not None:
                series.setdefault((body, id(container)), []).append(
                    _InOrder(int(key[0]), event.start, event.end or event.start, event.title,
                             list(event.sources), event.order))
    for members in series.values():
        against = {id(m): _against_order(m, members) for m in members}
        for m in members:
            for relation, other in against[id(m)]:
                note = (relation, other.title, other.lo, other.hi if other.hi != other.lo else None,
                        list(other.sources))
                if note not in m.notes:
                    m.notes.append(note)
        kept = [m for m in members if not against[id(m)]]
        for m in kept:
            if m.meeting is None:
                continue
            floor = max((o.lo for o in kept if o.number < m.number), default=m.lo)
            ceiling = min((o.hi for o in kept if o.number > m.number), default=m.hi)
            m.meeting.lo, m.meeting.hi = max(m.meeting.lo, floor), min(m.meeting.hi, ceiling)


def _against_order(member: _InOrder, members: list[_InOrder]) -> list[tuple[str, _InOrder]]:
    """The meetings of the same count whose days ``member``'s contradict:
    a lower number held after all its days ("not-before": it should be on
    or after that one), a higher one before them ("not-after")."""
    return ([("not-before", o) for o in members if o.number < member.number and o.lo > member.hi]
            + [("not-after", o) for o in members if o.number > member.number and o.hi < member.lo])


def _contains_event(outer: Event, inner: Event) -> bool:
    return outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start)

