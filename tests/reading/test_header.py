"""A note's header: its sub-title and the titles of the agenda items it is
issued under (generator/reading/header.py, parse.apply_front_matter).

Oracles: the text written here (each item's title is what the test puts
in, split over lines as a header prints it) and the source of
CTOC/COP/2022/5, whose three titles are the source's own words.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.corpus.agendas import agenda_item_titles, name_agenda_items
from generator.model import DocumentInfo
from generator.publishing.build import read_corpus
from generator.reading.header import agenda_numbers, split_agenda_titles
from generator.reading.load import load_document
from generator.reading.parse import parse
from generator.reading.repair import repair

ROOT = Path(__file__).resolve().parents[2]

ITEM_2 = "审议《联合国打击跨国有组织犯罪公约》及其各项议定书的实施情况"
ITEM_4 = "国际合作，尤其侧重于引渡、司法协助和没收事宜国际合作，以及中央主管机关的设立与加强"
ITEM_5 = "技术援助"


def note(*header: str) -> DocumentInfo:
    """The info of a note whose front matter is ``header`` (hard-wrapped
    layout: each line of the header ends with a space), with one paragraph."""
    text = "\n\n".join(f"{line} " for line in header) + "\n\n1. 第一段。 \n"
    info = DocumentInfo(slug="n", source_path="n.txt", source_sha256="")
    parse(repair(text), info)
    return info


def titles(info: DocumentInfo) -> list[tuple[str, str]]:
    return [(t.number, t.title) for t in info.agenda_titles]


def test_the_line_naming_the_kind_of_document_is_its_subtitle_not_a_page_header():
    info = note("第十一届会议*", "2022 年 10 月 17 日至 21 日，维也纳", "临时议程**项目 5", "技术援助",
                "各附属机构会议的报告", "秘书处的说明")
    assert info.subtitle == "秘书处的说明"
    assert info.title == "各附属机构会议的报告"
    assert "秘书处的说明" not in info.front_matter
    assert titles(info) == [("5", "技术援助")]


def test_titles_that_begin_on_their_own_lines_are_told_apart_by_the_layout():
    info = note("临时议程**项目 3、6", "《公约》界定的其他严重犯罪，包括跨国有组织", "犯罪的新形式和新方面", "财务和预算事项",
                "说明的标题", "秘书处的说明")
    assert titles(info) == [("3", "《公约》界定的其他严重犯罪，包括跨国有组织犯罪的新形式和新方面"), ("6", "财务和预算事项")]
    assert info.front_matter == []


def test_two_titles_run_together_on_one_line_stay_together_without_other_evidence():
    lines = ["审议《联合国打击跨国有组织犯罪公约》及其", "各项议定书的实施情况国际合作，尤其侧重于", "引渡、司法协助和没收事宜国际合作，",
             "以及中央主管机关的设立与加强", "技术援助"]
    info = note("临时议程**项目 2、4、5", *lines, "报告", "秘书处的说明")
    # Nothing says where item 2 ends: the titles stay whole, under all the numbers.
    assert titles(info) == [("2、4、5", ITEM_2 + ITEM_4 + ITEM_5)]
    # A title the corpus knows says where one ends: each item gets its own.
    assert [(t.number, t.title) for t in split_agenda_titles(lines, ["2", "4", "5"], None, [ITEM_2 + "："])] == [
        ("2", ITEM_2), ("4", ITEM_4), ("5", ITEM_5)]
    # So does one the corpus knows that ends the lines.
    known = [f"{ITEM_4}。"]
    assert [t.title for t in split_agenda_titles(lines, ["2", "4", "5"], None, known)] == [ITEM_2, ITEM_4, ITEM_5]


def test_contradictory_evidence_keeps_the_titles_together():
    lines = ["财务和预算事项", "其他事项", "技术援助"]
    # Three titles, two items: more cuts than the items allow.
    assert [(t.number, t.title) for t in split_agenda_titles(lines, ["6", "8"])] == [
        ("6、8", "财务和预算事项其他事项技术援助")]


@pytest.mark.parametrize("line,numbers", [
    ("临时议程**项目 2、4、5", ["2", "4", "5"]),
    ("临时议程*项目 3", ["3"]),
    ("临时议程项目 2(a)、3 和 4", ["2(a)", "3", "4"]),
    ("临时议程项目 2（b）", ["2(b)"]),
])
def test_the_items_line_names_its_numbers(line: str, numbers: list[str]):
    assert agenda_numbers(line) == numbers


# The titles of items of the Conference's agendas, as a header may print them.
TITLES = [ITEM_2, ITEM_4, ITEM_5, "组织事项", "财务和预算事项", "其他事项", "通过缔约方会议第十二届会议报告",
          "《公约》界定的其他严重犯罪，包括跨国有组织犯罪的新形式和新方面", "缔约方会议第十三届会议临时议程"]


def _wrapped(title: str, width: int) -> list[str]:
    """A title cut into lines of ``width`` characters, never after a word
    that cannot end a title... except where the cut happens to fall."""
    return [title[i:i + width] for i in range(0, len(title), width)]


def test_random_headers_with_titles_on_their_own_lines():
    """Headers made at random (seed 30) from known titles, each wrapped at a
    column width and starting on its own line: whenever the layout alone
    is enough (each title's last line ends where a title can end, no other
    line does), each item gets its own title; otherwise, with the corpus's
    titles, too; never a title assigned to the wrong item."""
    rng = random.Random(30)
    for _ in range(300):
        chosen = rng.sample(TITLES, rng.randint(1, 4))
        numbers = [str(n) for n in sorted(rng.sample(range(1, 10), len(chosen)))]
        width = rng.randint(8, 22)
        lines = [line for title in chosen for line in _wrapped(title, width)]
        split = split_agenda_titles(lines, numbers, None, TITLES)
        assert [(t.number, t.title) for t in split] == list(zip(numbers, chosen, strict=True)), lines
        alone = split_agenda_titles(lines, numbers)
        assert [(t.number, t.title) for t in alone] in (list(zip(numbers, chosen, strict=True)),
                                                        [("、".join(numbers), "".join(chosen))]), lines


def test_random_headers_with_two_titles_run_together_on_a_line():
    """The extraction may run the last line of a title and the first of the
    next together: with the corpus's titles, still one title per item."""
    rng = random.Random(31)
    for _ in range(300):
        chosen = rng.sample(TITLES, rng.randint(2, 4))
        numbers = [str(n) for n in range(2, 2 + len(chosen))]
        width = rng.randint(8, 22)  # one column for the whole header
        lines = [line for title in chosen for line in _wrapped(title, width)]
        k = rng.randrange(len(lines) - 1)
        lines[k:k + 2] = [lines[k] + lines[k + 1]]
        split = split_agenda_titles(lines, numbers, None, TITLES)
        assert [(t.number, t.title) for t in split] in (
            list(zip(numbers, chosen, strict=True)), [("、".join(numbers), "".join(chosen))]), lines
        if any(lines[k].startswith(t) or lines[k].endswith(t) for t in chosen):
            assert len(split) == len(numbers), lines


def test_the_note_of_the_real_corpus_names_its_three_items():
    """CTOC/COP/2022/5 (issue 30): items 2, 4 and 5, each with its whole
    title as the source prints it, the sub-title apart."""
    settings = load_settings(ROOT / "site_config")
    alone = load_document(ROOT / "source" / "ctoc-cop-2022-5.txt", settings, ROOT)
    assert alone.info.subtitle == "秘书处的说明"
    assert alone.info.front_matter == []
    assert alone.info.agenda_lines_at == [7, 9, 11, 13, 15]
    # Read alone, the note cannot say where item 2 ends: the titles stay whole.
    assert titles(alone.info) == [("2、4、5", ITEM_2 + ITEM_4 + ITEM_5)]
    docs = [r.doc for r in read_corpus(ROOT / "source", settings, Store(None), ROOT)]
    assert any(ITEM_2 in t for t in agenda_item_titles(docs))
    name_agenda_items(docs)
    (note_doc,) = [d for d in docs if d.info.symbol == "CTOC/COP/2022/5"]
    assert titles(note_doc.info) == [("2", ITEM_2), ("4", ITEM_4), ("5", ITEM_5)]
    assert [t.line for t in note_doc.info.agenda_titles] == [7, 9, 15]
    source = "".join((ROOT / "source" / "ctoc-cop-2022-5.txt").read_text(encoding="utf-8").split())
    assert ITEM_2 + ITEM_4 + ITEM_5 in source
    assert not note_doc.warnings
