"""A document's own table of contents (generator/reading/contents.py).

Oracles: the contents written here, and the source of the session report,
whose contents lines (those ending in a page number) are read here with a
pattern of their own and must each become one entry linked to the element
of the page that has the same label and words.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from generator.catalogue import load_settings
from generator.model import Document, DocumentInfo
from generator.reading.anchors import number_document
from generator.reading.contents import contents_entries
from generator.reading.load import load_document
from generator.reading.parse import parse
from generator.reading.repair import repair

ROOT = Path(__file__).resolve().parents[2]
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def build(*lines: str) -> Document:
    """A report in the one-line layout: its contents, then its body."""
    doc = parse(repair("\n\n".join(lines) + "\n"), DocumentInfo(slug="t", source_path="t.txt", source_sha256=""))
    number_document(doc)
    return doc


def entries(doc: Document) -> list[tuple[str, str, str, int, str]]:
    return [(e.label, e.title, e.page, e.level, e.target) for e in doc.contents]


def test_entries_keep_label_title_and_page_and_link_to_their_element():
    doc = build("目录", "\t页次", "一. 组织事项.....\t3", "A. 会议开幕.....\t3", "审议情况.....\t4",
                "11/1. 执行各项国际合作条款\t5", "二. 结论.....\t8", "附件\t", "关于建设性对话的决定修 订草案.....\t9",
                "一. 组织事项", "A. 会议开幕", "1. 会议开幕了。", "审议情况", "2. 审议了。",
                "第 11/1 号决议", "执行各项国际合作条款", "联合国打击跨国有组织犯罪公约缔约方会议，", "1. 决定。",
                "附件", "一项附件。", "二. 结论", "3. 结束。", "附件", "关于建设性对话的决定修订草案", "1. 案文。")
    assert entries(doc) == [
        ("一.", "组织事项", "3", 1, "sec-1"),
        ("A.", "会议开幕", "3", 2, "sec-1-a"),
        ("", "审议情况", "4", 3, "sec-1-a-h1"),
        ("11/1.", "执行各项国际合作条款", "5", 3, "res-11-1"),
        ("二.", "结论", "8", 1, "sec-2"),
        # The report's annex, not the resolution's before it: entries are found in order.
        ("", "附件", "", 1, "annex-1"),
        # The space the PDF's wrapping left between two Han characters is taken out.
        ("", "关于建设性对话的决定修订草案", "9", 2, "annex-1-p1"),
    ]
    # The entries are not text of the body, and have no ids of their own.
    assert [n.text for n in doc.body][:2] == ["组织事项", "会议开幕"]


def test_an_entry_naming_no_element_of_the_page_links_nowhere():
    doc = build("目录", "一. 导言.....\t1", "二. 不存在的一章.....\t2", "三. 结论.....\t3",
                "一. 导言", "1. 文字。", "三. 结论", "2. 文字。")
    assert [(e.label, e.target) for e in doc.contents] == [("一.", "sec-1"), ("二.", ""), ("三.", "sec-3")]


def test_the_same_words_twice_link_in_document_order():
    # "审议情况" under two chapters: each entry to the heading of its own chapter.
    doc = build("目录", "一. 甲.....\t1", "审议情况.....\t1", "二. 乙.....\t2", "审议情况.....\t2",
                "一. 甲", "审议情况", "1. 文字。", "二. 乙", "审议情况", "2. 文字。")
    assert [e.target for e in doc.contents] == ["sec-1", "sec-1-h1", "sec-2", "sec-2-h1"]


def test_an_entry_wrapped_over_two_lines_is_one_entry():
    (entry,) = contents_entries([("四. 审议《公约》及其各项", 5), ("议定书的实施情况.....\t36", 6)])
    assert (entry.label, entry.title, entry.page, entry.line) == ("四.", "审议《公约》及其各项议定书的实施情况", "36", 5)


def test_random_contents_link_every_entry_to_its_heading():
    rng = random.Random(30)
    chapters = "一二三四五六七八九"
    for _ in range(40):
        contents, body, expected = ["目录", "\t页次"], [], []
        paragraph = 0
        for c in range(rng.randint(1, 6)):
            title = f"第{c}章的标题{rng.randrange(100)}"
            contents.append(f"{chapters[c]}. {title}.....\t{c + 1}")
            body.append(f"{chapters[c]}. {title}")
            expected.append(("sec-" + str(c + 1), 1))
            for s in range(rng.randint(0, 3)):
                letter = "ABCD"[s]
                sub = rng.choice(["审议情况", "缔约方会议采取的行动", f"小节{rng.randrange(100)}"])
                contents.append(f"{letter}. {sub}.....\t{c + 1}")
                body.append(f"{letter}. {sub}")
                expected.append((f"sec-{c + 1}-{letter.lower()}", 2))
                paragraph += 1
                body.append(f"{paragraph}. 文字。")
        doc = build(*contents, *body)
        assert [(e.target, e.level) for e in doc.contents] == expected


def test_the_session_reports_contents_are_all_there_and_linked():
    """Every line of the report's printed contents (a label or not, a page
    number after dot leaders or a tab) is one entry, in order, linked to an
    element of the page whose label and words are the entry's."""
    path = ROOT / "source" / "cop11-report.txt"
    doc = load_document(path, load_settings(ROOT / "site_config"), ROOT)
    lines = path.read_text(encoding="utf-8").splitlines()
    printed = [(n, line) for n, line in enumerate(lines, 1)
               if re.search(r"(\.{3,}\s*\t?\s*\d+|\t\d*)\s*$", line) and line.strip() != "页次"]
    assert [e.line for e in doc.contents] == [n for n, _ in printed]
    by_id = {n.id: n for n in doc.walk() if n.id}
    for entry, (_, line) in zip(doc.contents, printed, strict=True):
        words = re.sub(r"(\.{3,})?\s*\t\s*\d*\s*$", "", line)
        assert re.sub(r"\s", "", f"{entry.label}{entry.title}") == re.sub(r"\s", "", words)
        assert entry.target in by_id, line
        node = by_id[entry.target]
        shown = f"{node.key.replace('-', '/')}.{node.text}" if node.kind in ("resolution", "decision") else (
            node.label or "") + node.text
        assert re.sub(r"[\s¹²³⁴⁵⁶⁷⁸⁹⁰*]", "", shown) == re.sub(r"\s", "", words), line
    # Its own navigation: no entry takes an id, so none can collide with the contract's.
    assert all(ID.match(n.id) for n in doc.walk() if n.id)


def test_contents_of_a_hard_wrapped_report_take_no_id_of_its_headings():
    """In the hard-wrapped layout too: the contents' lines are not headings
    of the body (which would take sec-1 and push the real chapter to sec-1-2)."""
    lines = ["目录 ", "页次 ", "一. 组织事项..... 3 ", "二. 审议《公约》及其各项议定书的实施", "情况..... 36 ",
             "一. 组织事项 ", "1. 第一段。 ", "二. 审议《公约》及其各项议定书的实施情况 ", "2. 第二段。 "]
    text = "\n\n".join(lines) + "\n"
    doc = parse(repair(text), DocumentInfo(slug="t", source_path="t.txt", source_sha256=""))
    number_document(doc)
    assert [n.id for n in doc.walk()] == ["sec-1", "para-1", "sec-2", "para-2"]
    assert [(e.label, e.title, e.page, e.target) for e in doc.contents] == [
        ("一.", "组织事项", "3", "sec-1"), ("二.", "审议《公约》及其各项议定书的实施情况", "36", "sec-2")]
    assert not doc.warnings
