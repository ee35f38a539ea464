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
* numbered plenary meetings: same bodies, same numbers, same dates;
* adoptions: same body and same resolution number; same instrument and
  date; an act without a number or instrument: same bodies and date (one
  silence procedure, however many sentences report what it approved);
* anything else: same kind, dates and title (and, for publications, the same
  document, since each document is reissued on its own).

"""

from __future__ import annotations

import re

from ...grammar.bodies import WORKING_GROUPS
from .events import TABLE_ORDER, Event, Quote, Statement, body_name, by_ordinal

# Bodies that number their sessions or meetings over their whole life (a
# Bureau numbers its meetings per session): the same ordinal with other
# dates is a discrepancy between texts, not another meeting.
_LIFELONG = frozenset({"cop", "ccpcj", "cnd", "ga", *WORKING_GROUPS})


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
    if stmt.kind == "adoption" and stmt.ordinal.startswith(("决议", "决定")):
        return (stmt.ordinal,)
    if stmt.kind == "adoption" and not stmt.ordinal:
        # An act with no number or instrument: the body's act of that day.
        return ("act", stmt.start, stmt.end)
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
    for stmt in sorted(statements, key=lambda s: (not s.ordinal, -(s.last - s.start).days,
                                                  s.source[0], s.source[1] != "")):
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
        events.append((event, key))
        for bucket in keys:
            buckets.setdefault(bucket, []).append(len(events) - 1)

    # Numbered meetings are named by what contains them before folding
    # (a working group's own meeting, not the joint event it folds into).
    _name_plenaries(events)
    result = [event for event, _ in _fold_happenings(events)]
    for event in result:
        _order_sources(event)
    return sorted(result, key=lambda e: (e.start, e.title))


def _join(event: Event, stmt: Statement) -> None:
    """Add what ``stmt`` says to the event it states: its source and clause,
    and its dates when they are not the event's."""
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


def _plenary_numbers(key: tuple) -> frozenset[str]:
    return frozenset(key[0].removeprefix("plenary ").split(",")) if _is_plenary(key) else frozenset()


def _is_plenary(key: tuple) -> bool:
    return bool(key) and isinstance(key[0], str) and key[0].startswith("plenary")


def _noun(title: str) -> str:
    match = re.search(r"(?:建设性对话|专题讨论|专家讨论|续会|会议)$", title)
    return match.group() if match else ""


def _absorb(into: Event, other: Event) -> None:
    """Give ``into`` the sources (and other dates) of ``other``."""
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
    * numbered meetings inside others of the same bodies (第 1 次会议 on the
      17th, 第 1、2 次会议 on the 17th, 第 1、2、3、4 次会议 on the 17th and
      18th): the smaller one is part of the larger, one with the same dates
      first, else the largest;
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
    _fold_nested_plenaries(events, gone)
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


def _fold_nested_plenaries(events: list[tuple[Event, tuple]], gone: set[int]) -> None:
    """Numbered meetings inside others of the same bodies join the larger one."""
    plenaries = sorted((i for i, (e, k) in enumerate(events) if _is_plenary(k) and i not in gone),
                       key=lambda i: (-len(_plenary_numbers(events[i][1])),
                                      -((events[i][0].end or events[i][0].start) - events[i][0].start).days))
    kept: dict[tuple, list[int]] = {}  # by bodies, in the order kept
    for i in plenaries:
        event, key = events[i]
        numbers = _plenary_numbers(key)
        containers = [j for j in kept.get(tuple(event.bodies), [])
                      if numbers <= _plenary_numbers(events[j][1]) and _contains_event(events[j][0], event)]
        if not containers:
            kept.setdefault(tuple(event.bodies), []).append(i)
            continue
        same = [j for j in containers if (events[j][0].start, events[j][0].end) == (event.start, event.end)]
        _absorb(events[(same or containers)[0]][0], event)
        gone.add(i)


def _fold_named_into_plenaries(events: list[tuple[Event, tuple]], by_dates: dict[tuple, list[int]],
                               gone: set[int]) -> None:
    """A named meeting absorbs the numbered meetings of its bodies on its day."""
    for i, (named, key) in enumerate(events):
        if i in gone or _is_plenary(key) or key[0] or named.kind != "meeting" or named.end:
            continue
        for j in by_dates[(named.start, named.end)]:
            plenary, other = events[j]
            if j not in gone and _is_plenary(other) and plenary.bodies == named.bodies:
                _absorb(named, plenary)
                numbers = re.search(r"第 [\d、]+ (?:次|场)会议$", plenary.title)
                named.title += f"（{numbers.group() if numbers else plenary.title}）"
                gone.add(j)


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


def _name_plenaries(events: list[tuple[Event, tuple]]) -> None:
    """Title numbered meetings after the session or meeting that contains them."""
    containers = [e for e, k in events
                  if k[0] and not k[0].startswith("plenary") and e.kind in ("session", "meeting")]
    for event, key in events:
        if not key[0].startswith("plenary"):
            continue
        for container in containers:
            if container.bodies == event.bodies and _contains_event(container, event):
                event.title = container.title + event.title
                break
        else:
            event.title = "和".join(body_name(b) for b in event.bodies) + event.title


def _contains_event(outer: Event, inner: Event) -> bool:
    return outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start)

