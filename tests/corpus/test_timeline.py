"""The corpus timeline (generator.corpus.timeline) on small hand-built documents.

Node texts are sentences from source/*.txt, with the single spaces the
parser leaves where a hard-wrapped line was joined.
"""

from __future__ import annotations

import random
import re
from datetime import date

from generator.corpus.timeline import Event, build_timeline, document_statements, timeline_json
from generator.model import Document, DocumentInfo, Footnote, Node, Span
from generator.rendering.timeline import timeline_pages

COP11_TITLE = "联合国打击跨国有组织犯罪公约缔约方会议 2022 年 10 月 17 日至 21 日 在维也纳举行的第十一届会议报告"


def doc(slug: str, paragraphs: dict[str, str], footnotes: dict[str, str] | None = None,
        **info: str) -> Document:
    nodes = [Node(kind="paragraph", text=text, id=anchor) for anchor, text in paragraphs.items()]
    notes = [Footnote(marker="*", text=text, id=anchor)
             for anchor, text in (footnotes or {}).items()]
    return Document(DocumentInfo(slug=slug, source_path=f"source/{slug}.txt",
                                 source_sha256="0" * 64, **info), nodes, notes)


def by_title(events: list[Event]) -> dict[str, Event]:
    return {e.title: e for e in events}


def test_same_session_in_two_documents_is_one_event() -> None:
    cop11 = doc("cop11-report", {
        "para-3": "联合国打击跨国有组织犯罪公约缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。",
    }, title=COP11_TITLE)
    agenda = doc("ctoc-cop-2024-1", {
        "item-1-c-p1": "2022 年 10 月 17 日至 21 日在维也纳举行的缔约方会议第十一届会议通过了第十二届会议临时议程（第 11/1 号决定）。",
    }, symbol="CTOC/COP/2024/1", session="第十二届会议", session_dates="2024年10月14日至18日，维也纳")
    events = build_timeline([cop11, agenda])
    session = by_title(events)["缔约方会议第十一届会议"]
    assert (session.start, session.end, session.kind, session.body) == (
        date(2022, 10, 17), date(2022, 10, 21), "session", "cop")
    assert session.sources == [("cop11-report", "para-3"), ("ctoc-cop-2024-1", "item-1-c-p1")]
    assert [e.title for e in events].count("缔约方会议第十一届会议") == 1


def test_header_session_and_opening_day_join_the_session() -> None:
    agenda = doc("ctoc-cop-2024-1", {
        "item-1-a-p1": "联合国打击跨国有组织犯罪公约缔约方会议第十二届会议定于 2024 年 10 月 14 日星期一上午 10 时开幕。",
    }, symbol="CTOC/COP/2024/1", session="第十二届会议", session_dates="2024年10月14日至18日，维也纳")
    cop11 = doc("cop11-report", {
        "para-142": "缔约方会议决定于 2024 年 10 月 14 日至 18 日举行第十二届会议。",
    }, title=COP11_TITLE)
    [session] = build_timeline([agenda, cop11])
    assert (session.title, session.start, session.end) == (
        "缔约方会议第十二届会议", date(2024, 10, 14), date(2024, 10, 18))
    # The header has no anchor of its own: "" stands for the page itself.
    assert session.sources == [("cop11-report", "para-142"), ("ctoc-cop-2024-1", ""),
                               ("ctoc-cop-2024-1", "item-1-a-p1")]


def test_list_of_dates_pairs_with_the_meetings_named_later() -> None:
    # ctoc-cop-2022-5.txt: the heading lists two meetings; para 3 names them.
    note = doc("ctoc-cop-2022-5", {
        "sec-h1": "2021年 10月 12日和 13日及 2022年 6月 29日和 30日在维也纳举行的贩运人 口问题工作组会议的报告",
        "para-3": "贩运人口问题工作组 2021 年 10 月 12 日和 13 日举行了第十一次会议， 2022 年 6 月 29 日和 30 日举行了第十二次会议。",
    }, symbol="CTOC/COP/2022/5", session="第十一届会议", session_dates="2022 年 10 月 17 日至 21 日，维也纳")
    events = [e for e in build_timeline([note]) if e.body == "wg-trafficking"]
    assert [(e.title, e.start, e.end, e.kind) for e in events] == [
        ("贩运人口问题工作组第十一次会议", date(2021, 10, 12), date(2021, 10, 13), "meeting"),
        ("贩运人口问题工作组第十二次会议", date(2022, 6, 29), date(2022, 6, 30), "meeting"),
    ]
    for event in events:
        assert event.sources == [("ctoc-cop-2022-5", "para-3"), ("ctoc-cop-2022-5", "sec-h1")]


def test_ordinals_listed_after_dates_are_paired_in_order() -> None:
    # cop11-report.txt, resolution 11/5 preamble.
    cop11 = doc("cop11-report", {
        "res-11-5-pre-9": "注意到贩运人口问题工作组分别于 2021 年 10 月 12 日和 13 日及 2022 年 6 月 29 日和 30 日在维也纳举行的第十一次和第十二次会议的报告，",
    }, title=COP11_TITLE)
    events = build_timeline([cop11])
    assert [(e.title, e.start) for e in events] == [
        ("贩运人口问题工作组第十一次会议", date(2021, 10, 12)),
        ("贩运人口问题工作组第十二次会议", date(2022, 6, 29)),
    ]


def test_meeting_held_alongside_is_not_the_dated_one() -> None:
    # ctoc-cop-2024-1.txt item 5.
    agenda = doc("ctoc-cop-2024-1", {
        "item-5-p4": "缔约方会议在第 11/2 号决议中核可了技术援助问题政府专家工作组在 2020 年 7 月 9 日和 10 日举行的第十二次会议上讨论并在 2022 年 5 月 23 日至 27 日与国际合作工作组第十三次会议同时举行的第十三次会议上通过的建议。",
    }, symbol="CTOC/COP/2024/1")
    events = build_timeline([agenda])
    assert [(e.title, e.start, e.end, e.body) for e in events] == [
        ("技术援助问题政府专家工作组第十二次会议", date(2020, 7, 9), date(2020, 7, 10),
         "wg-technical-assistance"),
        ("技术援助问题政府专家工作组第十三次会议", date(2022, 5, 23), date(2022, 5, 27),
         "wg-technical-assistance"),
    ]


def test_same_ordinal_or_dates_merge_but_conflicting_dates_do_not() -> None:
    # ctoc-cop-2016-1.txt item 2(d): the paragraph says the fourth meeting was
    # on 18-19 May 2016, the document list says 18-19 June 2016.
    agenda = doc("ctoc-cop-2016-1", {
        "item-2-d-p7": "枪支问题工作组在 2015 年 6 月 9 日举行了第三次会议，在 2016 年 5 月 18 日和 19 日举行了第四次会议。",
        "item-2-d-docs-2": "秘书处的说明，转交枪支问题工作组 2015年 6月 9日及 2016年 6月 18日和 19日 在维也纳举行的会议的报告（CTOC/COP/2016/7）",
    }, symbol="CTOC/COP/2016/1")
    events = build_timeline([agenda])
    assert [(e.title, e.start, len(e.sources)) for e in events] == [
        ("枪支问题工作组第三次会议", date(2015, 6, 9), 2),
        ("枪支问题工作组第四次会议", date(2016, 5, 18), 1),
        ("枪支问题工作组会议", date(2016, 6, 18), 1),
    ]


def test_bare_working_group_refers_to_the_last_one_named() -> None:
    # ctoc-cop-2016-1.txt item 4: "该工作组" opens a paragraph of its own.
    agenda = doc("ctoc-cop-2016-1", {
        "item-4-p5": "国际合作工作组在 2015 年 10 月 27 日和 28 日举行了第六次会议。",
        "item-4-p6": "该工作组的第七次会议将在 2016 年 10 月 19 日至 21 日与缔约方会议第八届会议平行举行。",
    }, symbol="CTOC/COP/2016/1")
    titles = [e.title for e in build_timeline([agenda])]
    assert titles == ["国际合作工作组第六次会议", "国际合作工作组第七次会议"]


def test_numbered_meetings_are_named_after_their_session() -> None:
    cop11 = doc("cop11-report", {
        "para-3": "联合国打击跨国有组织犯罪公约缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。",
        "para-5": "在 2022 年 10 月 17 日本届会议第 1 次会议上，缔约方会议第十届会议主席和第十一届会议主席致开幕词。",
        "para-8": "缔约方会议在2022年10月17日第1次会议上通过了载于 CTOC/COP/2022/1 号文件的临时议程。",
    }, title=COP11_TITLE)
    events = by_title(build_timeline([cop11]))
    first = events["缔约方会议第十一届会议第 1 次会议"]
    assert first.sources == [("cop11-report", "para-5"), ("cop11-report", "para-8")]
    assert (first.kind, first.start, first.end) == ("meeting", date(2022, 10, 17), None)
    assert "缔约方会议第十届会议" not in events  # the tenth session's president spoke


def test_yearless_date_takes_the_year_of_the_document() -> None:
    # ctoc-cop-wg2-2022-4.txt para 30: "在 5 月 25 日第 5 和第 6 场会议上".
    report = doc("ctoc-cop-wg2-2022-4", {
        "para-30": "在 5 月 25 日第 5 和第 6 场会议上，国际合作工作组审议了议程项目 5。",
    }, symbol="CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4",
        title="国际合作工作组和技术援助问题政府专家工作组 2022 年 5 月 23 日至27 日在维也纳举行的会议报告")
    # Two meetings, one event each (one happening, one event).
    assert [(e.start, e.kind, e.body, e.title) for e in build_timeline([report])] == [
        (date(2022, 5, 25), "meeting", "wg-cooperation", "国际合作工作组第 5 场会议"),
        (date(2022, 5, 25), "meeting", "wg-cooperation", "国际合作工作组第 6 场会议")]


def test_resolution_dates_are_adoptions_of_the_right_body() -> None:
    cop11 = doc("cop11-report", {
        "res-11-1-pre-2": "回顾其 2005 年 10 月 19 日题为“《联合国打击跨国有组织犯罪公约》国际合作条款的执行情况”的第 2/2 号决定，",
        "res-11-4-pre-7": "回顾大会题为“加强预防犯罪和刑事司法对策以保护文化财产，尤其是防止文化财产被贩运”的 2011 年 12 月 19 日第 66/180 号决议，",
    }, title=COP11_TITLE)
    events = build_timeline([cop11])
    assert [(e.title, e.kind, e.body, e.start) for e in events] == [
        ("缔约方会议第 2/2 号决定", "adoption", "cop", date(2005, 10, 19)),
        ("大会第 66/180 号决议", "adoption", "ga", date(2011, 12, 19)),
    ]


def test_deadlines_and_reissues() -> None:
    agenda = doc("ctoc-cop-2024-1", {
        "item-1-c-p5": "根据第 6/3 号决定，提交决议草案供缔约方会议第十二届会议审议的规定截止时间为 2024 年 9 月 30 日星期一。",
    }, {"fn-star1": "因技术原因于2024年7月25日重发。"}, symbol="CTOC/COP/2024/1")
    events = build_timeline([agenda])
    assert [(e.kind, e.start, e.sources) for e in events] == [
        ("publication", date(2024, 7, 25), [("ctoc-cop-2024-1", "fn-star1")]),
        ("deadline", date(2024, 9, 30), [("ctoc-cop-2024-1", "item-1-c-p5")]),
    ]
    # The title is the source's comma-clause, verbatim, date and all (never
    # the clause with its date cut out).
    assert events[1].title == "提交决议草案供缔约方会议第十二届会议审议的规定截止时间为 2024 年 9 月 30 日星期一"
    assert events[0].title == "CTOC/COP/2024/1：因技术原因于2024年7月25日重发"


def test_schedule_day_heading_alone_is_not_an_event() -> None:
    agenda = doc("ctoc-cop-2024-1", {}, symbol="CTOC/COP/2024/1",
                 session_dates="2024年10月14日至18日，维也纳")
    agenda.body = [Node(kind="table-row", cells=["10月14日，星期一", "", ""], id="annex-1-row-1")]
    assert build_timeline([agenda]) == []


def sample_events() -> list[Event]:
    return [
        Event(date(2024, 10, 14), date(2024, 10, 18), "缔约方会议第十二届会议", "session", "cop",
              [("ctoc-cop-2024-1", "item-1-a-p1")]),
        Event(date(2022, 10, 17), date(2022, 10, 21), "缔约方会议第十一届会议", "session", "cop",
              [("cop11-report", "para-3"), ("ctoc-cop-2024-1", "item-1-c-p1")]),
        Event(date(2022, 6, 29), date(2022, 6, 30), "贩运人口问题工作组第十二次会议", "meeting",
              "wg-trafficking", [("ctoc-cop-2022-5", "para-3")]),
        Event(date(2022, 10, 13), None, "a*b <script>&[x](y)", "deadline", "cop-bureau",
              [("cop11-report", "para-10")]),
    ]


def test_timeline_json_shape_and_order() -> None:
    data = timeline_json(sample_events())
    assert set(data) == {"version", "events"} and data["version"] == 1
    assert [e["start"] for e in data["events"]] == [
        "2022-06-29", "2022-10-13", "2022-10-17", "2024-10-14"]
    assert data["events"][1] == {
        "start": "2022-10-13", "end": None, "title": "a*b <script>&[x](y)", "kind": "deadline",
        "body": "cop-bureau", "bodies": ["cop-bureau"],
        "sources": [{"doc": "cop11-report", "anchor": "para-10"}]}
    assert data["events"][2]["sources"][1] == {"doc": "ctoc-cop-2024-1", "anchor": "item-1-c-p1"}


# --- Rules of issue 16: quoted clauses, verbatim titles, one table of bodies --------

def test_each_source_carries_its_clause_verbatim() -> None:
    """The clause quoted is the source's own text (its spacing kept), the
    sentence that holds the date."""
    note = doc("ctoc-cop-2022-5", {
        "para-9": "前文。枪支问题工作组于 2021 年 5 月 10 日至 12 日举行了第八次会议。后文。",
    }, symbol="CTOC/COP/2022/5")
    event = build_timeline([note])[0]
    assert event.quotes[("ctoc-cop-2022-5", "para-9")].clause == \
        "枪支问题工作组于 2021 年 5 月 10 日至 12 日举行了第八次会议"
    assert timeline_json([event])["events"][0]["sources"][0]["clause"] == \
        "枪支问题工作组于 2021 年 5 月 10 日至 12 日举行了第八次会议"


def test_untitled_statement_is_titled_with_its_clause_not_cut() -> None:
    """A date that names no meeting: the title is its comma-clause as written,
    date included (never "扩大主席团以为截止日期")."""
    report = doc("cop11-report", {
        "para-10": "此外，扩大主席团以 2022 年 10 月 13 日为截止日期，经默许程序批准了建议。",
        "para-43-a": "会议室文件，内容是截至 2022 年 10 月 3 日加入《公约》的情况（CTOC/COP/2022/CRP.1）；",
    }, title=COP11_TITLE)
    events = build_timeline([report])
    # The adverbial "以…为截止日期" states no act: the title runs on to the
    # act it dates; the "as of" date of a paper's contents is no event.
    assert [(e.title, e.bodies) for e in events] == [
        ("扩大主席团以 2022 年 10 月 13 日为截止日期，经默许程序批准了建议", ["cop-extended-bureau"]),
    ]


def test_date_in_a_report_title_is_that_meetings() -> None:
    """《<name>的报告，<date>，<place>》: the meeting named, of no body of the table."""
    report = doc("cop11-report", {}, {
        "fn-27": "《联合国小武器和轻武器非法贸易各方面问题大会的报告，2001年7月9日至20日，纽约》（A/CONF.192/15）。",
    }, title=COP11_TITLE)
    (event,) = build_timeline([report])
    assert (event.title, event.kind, event.bodies) == (
        "联合国小武器和轻武器非法贸易各方面问题大会", "meeting", ["other"])


def test_extended_bureau_is_not_the_bureau_and_acts_named_after_the_date() -> None:
    report = doc("cop11-report", {
        "para-10": "2022年7月22日，扩大主席团经由默许程序核准了第十一届会议的工作安排。",
        "para-4": "缔约方会议扩大主席团于 2022 年 7 月 22 日经由默许程序核准，本届会议将以混合形式举行。",
        "para-24": "缔约方会议主席团在 2022 年 10 月 17 日第 1 次会议上审议了全权证书问题。",
    }, title=COP11_TITLE)
    events = build_timeline([report])
    # Two things approved by silence on one day (the organization of work,
    # the hybrid format): two approvals, the text not saying they were one.
    assert sorted((e.bodies, e.kind, e.sources[0][1]) for e in events) == [
        (["cop-bureau"], "meeting", "para-24"),
        (["cop-extended-bureau"], "adoption", "para-10"), (["cop-extended-bureau"], "adoption", "para-4")]


def test_joint_meeting_of_two_working_groups_belongs_to_both() -> None:
    wg = doc("ctoc-cop-wg2-2022-4", {
        "para-43": "技术援助问题政府专家工作组和国际合作工作组在 5 月 24 日第 3 和第 4 场会议上审议了联合议程项目。",
        "para-79": "两个工作组在 2022 年 5 月 23 日第一场会议上讨论了其会议的拟议工作安排。",
        "para-30": "在 5 月 25 日第 5 和第 6 场会议上，技术援助问题政府专家工作组审议了议程项目 3。",
    }, symbol="CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4",
        title="国际合作工作组和技术援助问题政府专家工作组 2022 年 5 月 23 日至 27 日在维也纳举行的会议报告")
    events = build_timeline([wg])
    assert [(e.start.day, e.bodies) for e in events] == [
        (23, ["wg-cooperation", "wg-technical-assistance"]),
        (24, ["wg-cooperation", "wg-technical-assistance"]),
        (24, ["wg-cooperation", "wg-technical-assistance"]),
        (25, ["wg-technical-assistance"]), (25, ["wg-technical-assistance"])]
    page = timeline_pages(events, [wg])["timeline/2022.md"]
    marks = re.findall(r'<a class="tl-mark" [^>]*data-body="wg-cooperation wg-technical-assistance"', page)
    assert len(marks) == 6  # each joint meeting: a mark in each row


def test_acts_of_other_organisations_are_theirs() -> None:
    wg = doc("ctoc-cop-wg2-2022-4", {
        "para-67": "一位发言者就 2021 年 6 月 1 日开始运作的欧洲检察官办公室作了介绍。他特别提到了欧洲联盟理事会 2017 年 10 月 12 日第 2017/1939 号条例。",
    }, symbol="CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4")
    report = doc("cop11-report", {
        "res-11-6-pre-4": "注意到 2022 年 6 月 27 日至 7 月 1 日召开的各国审议《行动纲领》执行情况第八次双年度会议的报告，",
    }, title=COP11_TITLE)
    events = build_timeline([wg, report])
    assert [(e.bodies, e.kind, e.title) for e in events] == [
        (["eu-council"], "adoption", "欧洲联盟理事会 2017 年 10 月 12 日第 2017/1939 号条例"),
        (["eppo"], "other", "2021 年 6 月 1 日开始运作的欧洲检察官办公室"),
        (["other"], "meeting", "各国审议《行动纲领》执行情况第八次双年度会议"),
    ]


def test_protocols_of_a_convention_are_not_the_convention() -> None:
    report = doc("cop11-report", {
        "res-11-4-pre-2": "回顾 1954 年 5 月 14 日通过的《关于发生武装冲突时保护文化财产的公约》以及分别于 1954 年 5 月 14 日和 1999 年 3 月 26 日通过的该《公约》的两项议定书，",
    }, title=COP11_TITLE)
    assert [(e.start.year, e.title) for e in build_timeline([report])] == [
        (1954, "通过《关于发生武装冲突时保护文化财产的公约》"),
        (1954, "通过《关于发生武装冲突时保护文化财产的公约》的议定书"),
        (1999, "通过《关于发生武装冲突时保护文化财产的公约》的议定书"),
    ]


def test_same_meeting_with_other_dates_is_one_entry_with_a_conflict_note() -> None:
    """Meetings listed without ordinals and with them, citing the same report,
    are the same meetings in date order; dates that differ are shown."""
    agenda = doc("ctoc-cop-2016-1", {
        "item-2-d-p7": "枪支问题工作组在 2015 年 6 月 9 日举行了第三次会议，在 2016 年 5 月 18 日和 19 日举行了第四次会议。这两次会议的报告将转交缔约方会议第八届会议（CTOC/COP/2016/7）。",
        "item-2-d-docs-2": "秘书处的说明，转交枪支问题工作组 2015 年 6 月 9 日及 2016 年 6 月 18 日和 19 日在维也纳举行的会议的报告（CTOC/COP/2016/7）",
    }, symbol="CTOC/COP/2016/1", session="第八届会议", session_dates="2016 年 10 月 17 日至 21 日，维也纳")
    third, fourth = [e for e in build_timeline([agenda]) if e.bodies == ["wg-firearms"]]
    assert (third.title, third.conflicts, len(third.sources)) == ("枪支问题工作组第三次会议", [], 2)
    assert fourth.title == "枪支问题工作组第四次会议"
    assert (fourth.start, fourth.end) == (date(2016, 5, 18), date(2016, 5, 19))
    assert fourth.conflicts == [(date(2016, 6, 18), date(2016, 6, 19), [("ctoc-cop-2016-1", "item-2-d-docs-2")])]
    page = timeline_pages([third, fourth], [agenda])["timeline/2016.md"]
    # Each date with the place that states it, named as a citation (the
    # document's symbol, then the place), never by its id.
    [note] = re.findall(r"日期不一致：[^<\n]*", page)
    assert re.fullmatch(r"日期不一致：2016年5月18日至19日（CTOC/COP/2016/1，[^（）]+）；"
                        r"2016年6月18日至19日（CTOC/COP/2016/1，[^（）]+）", note), note
    assert "item-" not in note
    assert timeline_json([fourth])["events"][0]["conflicts"][0]["start"] == "2016-06-18"


def test_document_states_its_own_adoption_and_session() -> None:
    from generator.corpus.timeline import describe_dates
    wg = doc("ctoc-cop-wg2-2022-4", {"para-88": "两个工作组于 2022 年 5 月 27 日通过了本篇联合会议报告。"},
             symbol="CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4",
             title="国际合作工作组和技术援助问题政府专家工作组 2022 年 5 月 23 日至 27 日在维也纳举行的会议报告")
    describe_dates(wg)
    assert (wg.info.adopted, wg.info.meeting_dates, wg.info.meeting_place) == (
        "2022-05-27", "2022 年 5 月 23 日至 27 日", "维也纳")
    agenda = doc("ctoc-cop-2024-1", {}, session_dates="2024年10月14日至18日，维也纳", place="维也纳")
    describe_dates(agenda)
    assert (agenda.info.adopted, agenda.info.meeting_dates, agenda.info.meeting_place) == (
        "", "2024年10月14日至18日", "维也纳")


# -- layouts of issue 16's review -------------------------------------------------


def _doc(text: str, symbol: str = "CTOC/COP/2024/1", title: str = "") -> Document:
    info = DocumentInfo(slug="x", source_path="source/x.txt", source_sha256="", symbol=symbol, title=title)
    return Document(info=info, body=[Node(kind="para", text=text, id="p-1", line=7)])


def _titles(text: str, **kw) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.title, s.bodies) for s in document_statements(_doc(text, **kw))]


def test_layout_joint_dialogue_after_two_meetings_is_of_both_groups() -> None:
    text = ("在国际合作工作组第十五次会议和技术援助问题政府专家工作组第十五次会议结束后，于 2024 年 6 月 7 日"
            "与相关利益攸关方举行了一次关于技术援助和国际合作的联合建设性对话。")
    assert _titles(text) == [("国际合作工作组和技术援助问题政府专家工作组联合建设性对话",
                              ("wg-cooperation", "wg-technical-assistance"))]


def test_layout_date_in_a_prepositional_relative_clause_is_the_nouns_act() -> None:
    text = "一位发言者就 2021 年 6 月 1 日开始运作的欧洲检察官办公室的任务作了专题介绍。"
    assert _titles(text) == [("2021 年 6 月 1 日开始运作的欧洲检察官办公室", ("eppo",))]
    text = "根据缔约方会议扩大主席团 2016 年 4 月 12 日提出的请求，将转交报告。"
    assert _titles(text)[0][0] == "缔约方会议扩大主席团 2016 年 4 月 12 日提出的请求"


def test_layout_numbered_act_is_titled_by_its_author_date_and_number_whole() -> None:
    text = "他特别提到了欧洲联盟理事会 2017 年 10 月 12 日第 2017/1939 号条例，该条例加强了合作。"
    assert _titles(text) == [("欧洲联盟理事会 2017 年 10 月 12 日第 2017/1939 号条例", ("eu-council",))]


def test_layout_clause_with_no_act_of_its_own_runs_to_the_next() -> None:
    text = "此外，扩大主席团以2022年10月13日为截止日期，经默许程序批准了具体工作安排。"
    assert _titles(text)[0][0] == "扩大主席团以2022年10月13日为截止日期，经默许程序批准了具体工作安排"


def test_layout_as_of_date_in_a_papers_contents_is_no_event() -> None:
    assert _titles("会议室文件，内容是截至 2022 年 10 月 3 日加入《公约》的情况（CTOC/COP/2022/CRP.1）；") == []


def test_layout_clause_does_not_take_the_closing_bracket_of_the_sentence_before() -> None:
    stmts = document_statements(_doc("通过了议程。（案文见第 11/1 号决定。）缔约方会议决定于 2024 年 10 月 14 日至 18 日举行第十二届会议。"))
    assert stmts[-1].clause.startswith("缔约方会议决定")


def test_layout_reissue_of_a_document_without_symbol_is_named_by_its_title() -> None:
    doc = _doc("因技术原因于 2023 年 1 月 6 日重新印发。", symbol="", title="第十一届会议报告")
    assert [s.title for s in document_statements(doc)] == ["第十一届会议报告：因技术原因于 2023 年 1 月 6 日重新印发"]


# --- Issue 30: who adopted an instrument, meetings named as a subject, numbered meetings --

def _with_note(text: str, marker: str, note: str) -> tuple[Node, Footnote]:
    """A preambular paragraph whose footnote marker (its first occurrence) refers to ``note``."""
    at = text.index(marker)
    node = Node(kind="preamble", text=text, id="res-11-4-pre-4",
                spans=[Span(at, at + len(marker), "#fn-13", "footnote-ref", anchor_id="fnref-13")])
    return node, Footnote(marker=marker, text=note, id="fn-13")


def test_instrument_adopted_by_the_resolution_its_footnote_cites():
    # cop11-report, resolution 11/4, preamble: "回顾 2007 年 9 月 13 日通过了《…宣言》，¹³" with
    # "¹³ 大会第 61/295 号决议，附件。": the General Assembly adopted it.
    node, note = _with_note("回顾 2007 年 9 月 13 日通过了《联合国土著人民权利宣言》，¹³特别是有关文化财产的条款，",
                            "¹³", "大会第 61/295 号决议，附件。")
    report = Document(DocumentInfo(slug="cop11-report", source_path="s", source_sha256="0", title=COP11_TITLE),
                      [node], [note])
    [event] = build_timeline([report])
    assert (event.kind, event.bodies, event.title, event.start) == (
        "adoption", ["ga"], "通过《联合国土著人民权利宣言》", date(2007, 9, 13))


def test_instrument_whose_footnote_cites_no_resolution_or_whose_adopter_is_named_keeps_its_body():
    for text, note, bodies in [
        ("回顾 1954 年 5 月 14 日通过的《关于发生武装冲突时保护文化财产的公约》¹²，", "同上，第 249 卷，第 3511 号。", ["other"]),
        ("还回顾联合国教育、科学及文化组织大会 1970 年 11 月 14 日通过的《关于…的公约》¹²，", "大会第 61/295 号决议，附件。",
         ["unesco"]),
        ("回顾 2007 年 9 月 13 日通过了《宣言》，特别是有关条款，¹²", "大会第 61/295 号决议，附件。", ["other"]),
    ]:
        node, footnote = _with_note(text, "¹²", note)
        report = Document(DocumentInfo(slug="r", source_path="s", source_sha256="0", title=COP11_TITLE), [node],
                          [footnote])
        assert [e.bodies for e in build_timeline([report])] == [bodies], text


def test_meeting_named_as_the_subject_of_its_clause_is_a_meeting_titled_by_its_name():
    agenda = doc("ctoc-cop-2024-1", {
        "item-1-c-p5": "提交决议草案的截止时间为 2024 年 9 月 30 日星期一。会前非正式磋商将于 2024 年 10 月 11 日星期五举行。"
                       "将在 2024 年 9 月 2 日星期一开放报名。",
    }, symbol="CTOC/COP/2024/1", session="第十二届会议", session_dates="2024年10月14日至18日，维也纳")
    events = {e.start: e for e in build_timeline([agenda])}
    consultation = events[date(2024, 10, 11)]
    assert (consultation.kind, consultation.title, consultation.bodies) == ("meeting", "会前非正式磋商", ["cop"])
    # Not every subject is a meeting: the opening of a list stays "other".
    assert events[date(2024, 9, 2)].kind == "other"


def test_random_subject_meetings_are_titled_by_their_subject():
    rng = random.Random(30)
    names = ["会前非正式磋商", "非正式协商", "专家组会议", "区域研讨会", "部长级圆桌会议", "简报会"]
    leads = ["将于", "已于", "于", "定于", "拟于"]
    tails = ["举行", "星期五举行", "在维也纳举行", "上午 10 时举行", "召开"]
    for _ in range(100):
        name, lead, tail = rng.choice(names), rng.choice(leads), rng.choice(tails)
        day = rng.randint(1, 28)
        text = f"关于会议安排。{name}{lead} 2024 年 3 月 {day} 日{tail}。"
        [event] = build_timeline([doc("ctoc-cop-2024-1", {"p-1": text}, symbol="CTOC/COP/2024/1")])
        assert (event.kind, event.title, event.start) == ("meeting", name, date(2024, 3, day)), text


def test_each_numbered_meeting_is_one_event_dated_by_what_every_text_allows():
    """第 1、2、3、4 次会议 on 17 and 18 October and 第 4 次和第 5 次会议 on 18 and
    19 October: meeting 4 was on the 18th, and is one event with both sources."""
    report = doc("cop11-report", {
        "para-3": "联合国打击跨国有组织犯罪公约缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。",
        "para-29": "缔约方会议在 2022 年 10 月 17 日和 18 日举行的第 1、2、3、4 次会议上审议了议程项目 1(f)。",
        "para-43": "缔约方会议在 2022 年 10 月 18 日和 19 日第 4 次和第 5 次会议上审议了议程项目 2(a)。",
        "para-63": "在 2022 年 10 月 19 日第 5 次会议上，缔约方会议审议了议程项目 2(b)。",
    }, title=COP11_TITLE)
    meetings = [(e.title, e.start, e.end, e.sources) for e in build_timeline([report]) if "次会议" in e.title]
    assert meetings == [
        ("缔约方会议第十一届会议第 1 次会议", date(2022, 10, 17), date(2022, 10, 18), [("cop11-report", "para-29")]),
        ("缔约方会议第十一届会议第 2 次会议", date(2022, 10, 17), date(2022, 10, 18), [("cop11-report", "para-29")]),
        ("缔约方会议第十一届会议第 3 次会议", date(2022, 10, 17), date(2022, 10, 18), [("cop11-report", "para-29")]),
        ("缔约方会议第十一届会议第 4 次会议", date(2022, 10, 18), None,
         [("cop11-report", "para-29"), ("cop11-report", "para-43")]),
        ("缔约方会议第十一届会议第 5 次会议", date(2022, 10, 19), None,
         [("cop11-report", "para-43"), ("cop11-report", "para-63")]),
    ]


def test_a_joint_numbered_meeting_is_the_same_event_as_its_bodies_meeting_of_that_number():
    wg = doc("ctoc-cop-wg2-2022-4", {
        "para-12": "国际合作工作组在 2022 年 5 月 23 日第 1 和第 2 场会议上审议了议程项目 2。",
        "para-70": "国际合作工作组于 2022 年 5 月 23 日至 27 日举行了第十三次会议。",
        "para-71": "技术援助问题政府专家工作组于 2022 年 5 月 23 日至 27 日举行了第十三次会议。",
        "para-79": "两个工作组在 2022 年 5 月 23 日第一场会议上讨论了其会议的拟议工作安排。",
    }, symbol="CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4",
        title="国际合作工作组和技术援助问题政府专家工作组 2022 年 5 月 23 日至 27 日在维也纳举行的会议报告")
    numbered = [(e.bodies, e.title, e.sources) for e in build_timeline([wg]) if "场会议" in e.title]
    assert numbered == [
        (["wg-cooperation", "wg-technical-assistance"], "国际合作工作组和技术援助问题政府专家工作组第 1 场会议",
         [("ctoc-cop-wg2-2022-4", "para-12"), ("ctoc-cop-wg2-2022-4", "para-79")]),
        (["wg-cooperation"], "国际合作工作组第十三次会议第 2 场会议", [("ctoc-cop-wg2-2022-4", "para-12")]),
    ]


def test_days_listed_one_by_one_go_to_the_meetings_in_order_and_disagreeing_days_are_noted():
    report = doc("cop11-report", {
        "para-24": "缔约方会议主席团在 2022 年 10 月 17 日、18 日和 19 日第 1、2、3 次会议上审议了全权证书问题。",
        "para-25": "主席团在 2022 年 10 月 20 日第 3 次会议上通过了报告。",
    }, title=COP11_TITLE)
    events = [(e.title, e.start, [(a, b) for a, b, _ in e.conflicts]) for e in build_timeline([report])]
    assert events == [("缔约方会议主席团第 1 次会议", date(2022, 10, 17), []),
                      ("缔约方会议主席团第 2 次会议", date(2022, 10, 18), []),
                      ("缔约方会议主席团第 3 次会议", date(2022, 10, 19), [(date(2022, 10, 20), None)])]


def test_random_numbered_meetings_are_one_event_each_within_their_session():
    """Sentences drawn at random (seed 30) naming runs of the session's
    meetings on the days they were held: each meeting is one event, on the
    day it was held, with every sentence naming it as a source."""
    rng = random.Random(30)
    held = {n: date(2022, 10, 17 + (n - 1) // 2) for n in range(1, 11)}  # two meetings a day
    for _ in range(30):
        paragraphs, naming = {"para-3": "缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。"}, {}
        for k in range(rng.randint(1, 6)):
            first = rng.randint(1, 9)
            numbers = list(range(first, min(10, first + rng.randint(1, 3)) + 1))
            days = sorted({held[n] for n in numbers})
            when = "2022 年 10 月 " + "和".join(f"{d.day} 日" for d in days)
            listed = "、".join(str(n) for n in numbers)
            anchor = f"para-{10 + k}"
            paragraphs[anchor] = f"缔约方会议在 {when}第 {listed} 次会议上审议了议程项目 {k}。"
            for n in numbers:
                naming.setdefault(n, []).append(("cop11-report", anchor))
        events = [e for e in build_timeline([doc("cop11-report", paragraphs, title=COP11_TITLE)])
                  if re.search(r"第 \d+ 次会议$", e.title)]
        assert sorted((int(re.search(r"(\d+) 次会议$", e.title).group(1)), e.sources) for e in events) == \
            sorted(naming.items()), paragraphs
        for e in events:
            n = int(re.search(r"(\d+) 次会议$", e.title).group(1))
            assert e.start <= held[n] <= (e.end or e.start), (n, e.start, e.end)


def test_consultations_held_on_a_date_are_a_meeting_named_as_written():
    for text, bodies in [("将于 2024 年 10 月 11 日星期五举行会前非正式磋商。", ["cop"]),
                         ("扩大主席团于 2024 年 3 月 5 日举行了非正式协商。", ["cop-extended-bureau"])]:
        agenda = doc("ctoc-cop-2024-1", {"item-1-c-p5": text}, symbol="CTOC/COP/2024/1")
        [event] = build_timeline([agenda])
        assert (event.kind, event.bodies) == ("meeting", bodies), text
        assert event.title in text and event.title.endswith(("磋商", "协商")), event.title


def test_a_clause_after_a_semicolon_naming_no_one_goes_on_with_the_actor_before_it():
    # ctoc-cop-2024-1 item 1(f): the list of speakers is kept by the Secretariat;
    # it opens it and closes it.
    agenda = doc("ctoc-cop-2024-1", {
        "item-1-f-p2": "一般性讨论的发言者名单由秘书处保存；将在 2024 年 9 月 2 日星期一开放报名，2024 年 10 月 14 日星期一正午报名截止。",
        "item-1-f-p3": "发言报名将于 2024 年 10 月 15 日中午截止。",
    }, symbol="CTOC/COP/2024/1")
    assert [(e.start, e.kind, e.bodies) for e in build_timeline([agenda])] == [
        (date(2024, 9, 2), "other", ["secretariat"]), (date(2024, 10, 14), "deadline", ["secretariat"]),
        # A sentence of its own naming no one is the document's body's.
        (date(2024, 10, 15), "deadline", ["cop"])]


def test_a_dated_instrument_whose_footnote_cites_the_resolution_carrying_it_is_that_adoption():
    node, note = _with_note("回顾 2007 年 9 月 13 日的《联合国土著人民权利宣言》¹³，", "¹³", "大会第 61/295 号决议，附件。")
    report = Document(DocumentInfo(slug="r", source_path="s", source_sha256="0", title=COP11_TITLE), [node], [note])
    assert [(e.kind, e.bodies, e.title) for e in build_timeline([report])] == [
        ("adoption", ["ga"], "通过《联合国土著人民权利宣言》")]
    # Without such a footnote, a date before a title is no adoption.
    node, note = _with_note("回顾 2007 年 9 月 13 日的《宣言》¹³，", "¹³", "联合国，《条约汇编》，第 1 卷。")
    report = Document(DocumentInfo(slug="r", source_path="s", source_sha256="0", title=COP11_TITLE), [node], [note])
    assert [e.kind for e in build_timeline([report])] == ["other"]


# -- who acts, what kind, which day: rules of issue 30's fresh reading ----------

def test_a_sentence_naming_no_one_is_acted_on_by_who_acts_on_its_subject_in_the_paragraph() -> None:
    """A list of speakers opened by a body and closed in a sentence that
    names no one ("发言报名将于 <date> 截止"): the closing is that body's,
    the sentence's subject (报名) being what the earlier sentence has it
    act on. A sentence whose subject no earlier one names keeps the
    document's body."""
    agenda = doc("ctoc-cop-2016-1", {
        "item-1-f-p1": "秘书处将于 2016 年 9 月 19 日开始让各国报名发言。发言报名将于 2016 年 10 月 17 日中午截止。",
        "item-1-f-p2": "提案草稿将于 2016 年 10 月 19 日中午截止。",
    }, symbol="CTOC/COP/2016/1", session="第八届会议", session_dates="2016年10月17日至21日，维也纳")
    events = {e.start: e for e in build_timeline([agenda]) if e.kind != "session"}
    assert (events[date(2016, 9, 19)].bodies, events[date(2016, 10, 17)].bodies) == (["secretariat"], ["secretariat"])
    assert (events[date(2016, 10, 17)].kind, events[date(2016, 10, 19)].kind) == ("deadline", "deadline")
    assert events[date(2016, 10, 19)].bodies == ["cop"]


def test_an_approval_by_silence_procedure_is_an_adoption_on_its_closing_date() -> None:
    """"以 <date> 为截止日期，经默许程序批准了…": no one objected by that day,
    so the thing was approved on it; an adoption, not a deadline. A date
    that closes what someone must do stays a deadline."""
    report = doc("cop11-report", {
        "para-10": "此外，扩大主席团以2022年10月13日为截止日期，经默许程序批准了与法定人数和表决有关的具体工作安排。",
        "para-11": "各缔约国应不迟于 2022 年 9 月 30 日向秘书处提交全权证书。",
    }, title=COP11_TITLE)
    events = {e.start: e for e in build_timeline([report])}
    silence, deadline = events[date(2022, 10, 13)], events[date(2022, 9, 30)]
    assert (silence.kind, silence.bodies, silence.end) == ("adoption", ["cop-extended-bureau"], None)
    assert "经默许程序批准了与法定人数和表决有关的具体工作安排" in silence.title
    assert deadline.kind == "deadline"
    # The same act, its closing date written otherwise: in brackets, after
    # the act, as the day of a procedure that approved (批准, 核准).
    others = doc("cop11-report", {
        "para-1": "扩大主席团经默许程序（截止日期为 2022 年 10 月 14 日）批准了与法定人数有关的安排。",
        "para-2": "扩大主席团通过默许程序核准了与表决有关的事项，默许程序截止日期为 2022 年 10 月 16 日。",
        "para-3": "扩大主席团经由默许程序于 2022 年 10 月 18 日批准了会议的工作安排。",
    }, title=COP11_TITLE)
    read = sorted((e.start.day, e.kind, e.bodies[0], e.sources[0][1]) for e in build_timeline([others]))
    assert read == [(14, "adoption", "cop-extended-bureau", "para-1"), (16, "adoption", "cop-extended-bureau", "para-2"),
                    (18, "adoption", "cop-extended-bureau", "para-3")]
    # Told in another comma-clause than its closing date: the sentence is its title.
    assert [e.title for e in build_timeline([others]) if e.start.day == 16] == [
        "扩大主席团通过默许程序核准了与表决有关的事项，默许程序截止日期为 2022 年 10 月 16 日"]


def test_one_approval_stated_twice_is_one_event_two_things_approved_that_day_are_two() -> None:
    """An act with no number: the same thing approved on the same day by
    two sentences (the organization of work, "核准了…工作安排" and "…核准
    的会议工作安排") is one approval; another thing approved that day by
    silence ("商定，…以混合形式举行") is another."""
    report = doc("ctoc-cop-wg2-2022-4", {
        "para-68": "缔约方会议扩大主席团 2022 年 3 月 29 日经由默许程序商定，两个工作组会议都以混合形式举行。",
        "para-79": "会上就此提到了经缔约方会议扩大主席团于 2022 年 3 月 29 日经由默许程序核准的会议工作安排。",
        "para-89": "将根据扩大主席团 2022 年 3 月 29 日经由默许程序核准的两个工作组第十三次会议工作安排，由秘书处在会后编写。",
    }, symbol="CTOC/COP/WG.2/2022/4")
    events = [e for e in build_timeline([report]) if e.kind == "adoption"]
    assert sorted(sorted(a for _, a in e.sources) for e in events) == [["para-68"], ["para-79", "para-89"]]
    assert {tuple(e.bodies) for e in events} == {("cop-extended-bureau",)}


MEETINGS_1_TO_4 = "缔约方会议在 2022 年 10 月 17 日和 18 日举行的第 1、2、3、4 次会议上审议了议程项目 1(f)。"


def _meeting(events: list[Event], n: int) -> Event:
    [event] = [e for e in events if e.title == f"缔约方会议第十一届会议第 {n} 次会议"]
    return event


def test_a_numbered_meeting_is_not_before_what_the_text_says_was_already_done_for_it() -> None:
    """Meetings 1-4 "on 17 and 18 October", and a paragraph that opens on
    the 3rd without a date and says that what was put at it had already
    been agreed on the 18th: the 3rd was on the 18th, and that paragraph
    is one of its sources."""
    report = doc("cop11-report", {
        "para-3": "联合国打击跨国有组织犯罪公约缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。",
        "para-29": MEETINGS_1_TO_4,
        "para-41": "在第 3 次会议上，主席提出一项建议。该建议已在 2022 年 10 月 18 日举行的扩大主席团第二次会议上商定。",
    }, title=COP11_TITLE)
    events = build_timeline([report])
    third = _meeting(events, 3)
    assert (third.start, third.end, third.precision) == (date(2022, 10, 18), None, "day")
    assert third.sources == [("cop11-report", "para-29"), ("cop11-report", "para-41")]
    # The bound dates none of the others, nor the meeting where it was agreed.
    assert (_meeting(events, 1).start, _meeting(events, 1).end) == (date(2022, 10, 17), date(2022, 10, 18))
    assert [e.start for e in events if e.bodies == ["cop-extended-bureau"]] == [date(2022, 10, 18)]


def test_numbered_meetings_are_held_in_the_order_of_their_numbers() -> None:
    """Within a session, meeting n is on or after every lower-numbered one
    and on or before every higher one: with 1-4 "on 17 and 18 October" and
    the 4th on the 17th, the 3rd was on the 17th too; with the 2nd on the
    17th and the 4th on the 18th, the 3rd is one of the two days, not both."""
    session = "联合国打击跨国有组织犯罪公约缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。"
    early = build_timeline([doc("cop11-report", {
        "para-3": session, "para-29": MEETINGS_1_TO_4,
        "para-43": "在 2022 年 10 月 17 日第 4 次会议上，缔约方会议审议了议程项目 2(a)。",
    }, title=COP11_TITLE)])
    assert [(_meeting(early, n).start, _meeting(early, n).end) for n in (1, 2, 3, 4)] == [
        (date(2022, 10, 17), None)] * 4
    open_ = build_timeline([doc("cop11-report", {
        "para-3": session, "para-29": MEETINGS_1_TO_4,
        "para-14": "在2022年10月17日第1次和第2次会议上，缔约方会议讨论了观察员问题。",
        "para-43": "在 2022 年 10 月 18 日第 4 次会议上，缔约方会议审议了议程项目 2(a)。",
    }, title=COP11_TITLE)])
    third = _meeting(open_, 3)
    assert (third.start, third.end, third.precision) == (date(2022, 10, 17), date(2022, 10, 18), "one-day")
    assert (_meeting(open_, 2).start, _meeting(open_, 2).end) == (date(2022, 10, 17), None)


def test_a_meeting_dated_against_the_order_of_its_number_keeps_its_dates_and_says_so() -> None:
    """The extended Bureau's meetings 1, 4 and 5 "on 20 and 21 October" and
    its second meeting on the 18th: the 1st cannot be after the 2nd, and the
    text is not corrected; the 1st keeps the days it is given, noted with
    the meeting it contradicts, and the 4th and 5th are each one of those
    two days."""
    report = doc("cop11-report", {
        "para-3": "联合国打击跨国有组织犯罪公约缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。",
        "para-41": "该建议已在 2022 年 10 月 18 日举行的扩大主席团第二次会议上商定。",
        "para-140": "临时议程草案随后也经过了扩大主席团 10 月 20 日和 21 日第 1、4、5 次会议讨论。",
    }, title=COP11_TITLE)
    events = {e.title: e for e in build_timeline([report]) if e.bodies == ["cop-extended-bureau"]}
    first, second = events["缔约方会议扩大主席团第 1 次会议"], events["缔约方会议扩大主席团第二次会议"]
    assert (first.start, first.end) == (date(2022, 10, 20), date(2022, 10, 21))
    assert [(r, t, s) for r, t, s, _, _ in first.order] == [("not-after", second.title, date(2022, 10, 18))]
    assert [(r, t) for r, t, *_ in second.order] == [("not-before", first.title)]
    for n in (4, 5):
        e = events[f"缔约方会议扩大主席团第 {n} 次会议"]
        assert (e.start, e.end, e.precision, e.order) == (date(2022, 10, 20), date(2022, 10, 21), "one-day", [])
    data = {e["title"]: e for e in timeline_json(list(events.values()))["events"]}
    assert data[first.title]["order"][0]["relation"] == "not-after"
    assert data["缔约方会议扩大主席团第 4 次会议"]["precision"] == "one-day"


# -- layouts of the second fresh reading ------------------------------------------


def test_layout_dated_act_in_a_relative_clause_reported_by_a_later_meeting() -> None:
    """A reporting verb of the text's own time (提到/提及/回顾/注意到…) whose
    object is a noun phrase with a dated relative clause: what happened on
    the date is that noun phrase, from where its clause opens (由/经, the
    date, the body that is its subject) to its head; the main clause is the
    later meeting's report, not part of the title."""
    cases = {
        "会上就此提到了由秘书处编写并经缔约方会议扩大主席团于 2022 年 3 月 29 日经由默许程序核准的会议工作安排。":
            "由秘书处编写并经缔约方会议扩大主席团于 2022 年 3 月 29 日经由默许程序核准的会议工作安排",
        "会上回顾了经扩大主席团于 2022 年 3 月 29 日核准的工作安排。":
            "经扩大主席团于 2022 年 3 月 29 日核准的工作安排",
        "与会者注意到扩大主席团于 2022 年 7 月 22 日核准的工作安排。":
            "扩大主席团于 2022 年 7 月 22 日核准的工作安排",
    }
    for text, title in cases.items():
        assert _titles(text) == [(title, ("cop-extended-bureau",))], text
    [stmt] = document_statements(_doc("一位发言者提及 2021 年 6 月 4 日通过的工作计划。"))
    assert (stmt.title, stmt.kind) == ("2021 年 6 月 4 日通过的工作计划", "adoption")
    # Not a relative clause: the object of 提到 is a clause whose act is done
    # (核准了), and the comma-clause stays whole.
    assert _titles("会上提到扩大主席团于 2022 年 3 月 29 日核准了工作安排。") == [
        ("会上提到扩大主席团于 2022 年 3 月 29 日核准了工作安排", ("cop-extended-bureau",))]


def test_layout_bodies_in_a_built_title_are_named_in_the_texts_order() -> None:
    """A title built from two bodies names them as the text does, in its
    order and with its joining word (麻醉药品委员会及预防犯罪和刑事司法委员会),
    whatever the table's order; the event's bodies stay in the table's order."""
    cases = {
        "该报告将提交给麻醉药品委员会及预防犯罪和刑事司法委员会在 2024 年 12 月举行的续会。":
            "麻醉药品委员会及预防犯罪和刑事司法委员会续会",
        "该报告将提交给预防犯罪和刑事司法委员会和麻醉药品委员会在 2024 年 12 月举行的续会。":
            "预防犯罪和刑事司法委员会和麻醉药品委员会续会",
    }
    for text, title in cases.items():
        assert _titles(text) == [(title, ("ccpcj", "cnd"))], text
    cases = {
        "技术援助问题政府专家工作组和国际合作工作组第十三次会议于 2022 年 5 月 23 日至 27 日举行。":
            "技术援助问题政府专家工作组和国际合作工作组第十三次会议",
        "国际合作工作组与技术援助问题政府专家工作组第十三次会议于 2022 年 5 月 23 日至 27 日举行。":
            "国际合作工作组与技术援助问题政府专家工作组第十三次会议",
    }
    for text, title in cases.items():
        assert _titles(text) == [(title, ("wg-cooperation", "wg-technical-assistance"))], text
