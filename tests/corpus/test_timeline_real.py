"""The timeline of the real reports, on the happenings issue 30 names,
against the source text read here with patterns of this file's own."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.corpus.timeline import Event, build_timeline
from generator.model import Document
from generator.publishing.build import read_corpus
from tests.helpers import CONFIG, PROJECT, SOURCE


@cache
def corpus() -> tuple[tuple[Document, ...], tuple[Event, ...]]:
    docs = tuple(r.doc for r in read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT))
    return docs, tuple(build_timeline(list(docs)))


def events() -> tuple[Event, ...]:
    return corpus()[1]


def test_the_declaration_adopted_by_the_general_assembly_is_its_adoption():
    # cop11-report line 372 "回顾 2007 年 9 月 13 日通过了《联合国土著人民权利宣言》，¹³",
    # line 388 "¹³ 大会第 61/295 号决议，附件。"
    [event] = [e for e in events() if e.start == date(2007, 9, 13)]
    assert (event.kind, event.bodies, event.title) == ("adoption", ["ga"], "通过《联合国土著人民权利宣言》")


def test_the_informal_consultations_before_each_session_are_meetings():
    found = {e.start: e for e in events() if "磋商" in e.title}
    for day, slug in ((date(2016, 10, 14), "ctoc-cop-2016-1"), (date(2024, 10, 11), "ctoc-cop-2024-1")):
        event = found[day]
        assert (event.kind, event.title, event.bodies) == ("meeting", "会前非正式磋商", ["cop"])
        assert [doc for doc, _ in event.sources] == [slug]


def _numbers(listed: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", listed)]


def test_each_numbered_meeting_of_the_eleventh_session_is_one_event_with_every_paragraph_naming_it():
    """Every paragraph of the session report naming the Conference's
    numbered meetings ("第 4 次和第 5 次会议", "第 1、2、3、4 次会议", "第 11 次会议")
    with a date, or opening on one without a date and dating what had
    already been done by then ("在第 3 次会议上…已在 2022 年 10 月 18 日…商定"),
    is a source of each meeting it names, and of no other meeting; each
    meeting is one event."""
    docs, built = corpus()
    report = next(d for d in docs if d.info.slug == "cop11-report")
    by_line = {n.line: n.id for n in report.walk() if n.id and n.kind == "paragraph"}
    naming: dict[int, set[str]] = {}
    lines = (SOURCE / "cop11-report.txt").read_text(encoding="utf-8").splitlines()
    meetings = re.compile(r"日\s*(?:本届会议|缔约方会议|举行的)?\s*第\s*([\d\s、和第次]+?)\s*次会议")
    for number, line in enumerate(lines, 1):
        if number not in by_line:
            continue
        for match in meetings.finditer(line):
            if "主席团" in re.split(r"[。；]", line[:match.start()])[-1]:
                continue  # the Bureau's (or the extended Bureau's) meetings are its own
            for n in _numbers(match.group(1)):
                naming.setdefault(n, set()).add(by_line[number])
        undated = re.match(r"\d+\.\s*在第\s*(\d+)\s*次会议上", line)
        if undated and re.search(r"已(?:经)?[在于]\s*\d{4}\s*年", line):
            naming.setdefault(int(undated.group(1)), set()).add(by_line[number])
    assert sorted(naming) == [1, 2, 3, 4, 5, 6, 7, 10, 11]
    for n, anchors in naming.items():
        title = f"缔约方会议第十一届会议第 {n} 次会议"
        matching = [e for e in built if e.title == title]
        assert len(matching) == 1, title
        assert {a for doc, a in matching[0].sources if doc == "cop11-report"} == anchors, title
    # 4, 5 and 6, each named by two runs of meetings, are on one day each;
    # 3, "on 17 and 18 October" with 1-4, is on or after the 18th, when what
    # was put at it had been agreed (paragraph 41).
    days = {n: next(e for e in built if e.title == f"缔约方会议第十一届会议第 {n} 次会议") for n in (3, 4, 5, 6)}
    assert [(days[n].start, days[n].end) for n in (3, 4, 5, 6)] == [
        (date(2022, 10, 18), None), (date(2022, 10, 18), None), (date(2022, 10, 19), None),
        (date(2022, 10, 19), None)]


def test_the_joint_first_meeting_of_the_two_working_groups_is_one_event():
    """"两个工作组在 2022 年 5 月 23 日第一场会议上" and "国际合作工作组在 2022 年
    5 月 23 日第 1 和第 2 场会议上": the first meeting is one event, of both groups."""
    first = [e for e in events() if e.start == date(2022, 5, 23) and re.search(r"第 1 场会议", e.title)]
    assert len(first) == 1
    assert first[0].bodies == ["wg-cooperation", "wg-technical-assistance"]
    assert set(first[0].sources) == {("ctoc-cop-wg2-2022-4", "para-12"), ("ctoc-cop-wg2-2022-4", "para-79")}
    # No other event of that day is a numbered meeting holding the first.
    assert not [e for e in events() if e.start == date(2022, 5, 23) and re.search(r"第 [\d、]*1[、 ]", e.title)
                and e is not first[0]]


def test_no_happening_is_two_numbered_meeting_events():
    """No two events are the same numbered meeting of a body (its number in
    the same session or meeting)."""
    seen: dict[tuple, Event] = {}
    for event in events():
        number = re.search(r"第 (\d+) (?:次|场)会议(?:）)?$", event.title)
        if number is None or event.kind != "meeting":
            continue
        for body in event.bodies:
            key = (body, number.group(1), event.start.year, event.start.month)
            assert key not in seen or abs((seen[key].start - event.start).days) > 14, (event.title, seen[key].title)
            seen[key] = event
