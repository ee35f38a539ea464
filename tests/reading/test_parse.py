"""Parser rules on small texts: each test names the layout it explains."""

import random
import re

import pytest

from generator.model import Document, DocumentInfo, Node
from generator.reading.anchors import number_document
from generator.reading.parse import PROCESSORS, parse
from generator.reading.processors import chinese_numeral, split_schedule_row
from generator.reading.repair import repair


def build(*blocks: str) -> Document:
    """Parse blocks written in the one-line-per-paragraph layout."""
    doc = parse(repair("\n\n".join(blocks) + "\n"), DocumentInfo(slug="t", source_path="t.txt", source_sha256=""))
    number_document(doc)
    return doc


def ids(doc: Document) -> list[str]:
    return [n.id for n in doc.walk()]


def test_numbered_headings_and_paragraphs_follow_the_paragraph_sequence():
    # "1. 审议情况" after paragraph 66 is a heading, not paragraph 1.
    doc = build("一. 导言", "A. 会议开幕", "1. 第一段。", "2. 第二段。", "1. 审议情况", "3. 第三段。")
    assert ids(doc) == ["sec-1", "sec-1-a", "para-1", "para-2", "sec-1-a-1", "para-3"]


def test_unlabelled_headings_are_counted_under_their_section():
    doc = build("一. 导言", "国际合作工作组", "1. 第一段。", "技术援助问题政府专家工作组", "2. 第二段。")
    assert ids(doc) == ["sec-1", "sec-1-h1", "para-1", "sec-1-h2", "para-2"]


def test_lettered_subparagraphs_and_headings_between_them_stay_in_the_paragraph():
    doc = build("8. 工作组通过了以下建议：", "更新立法记录", "(a) 甲；", "(b) 乙；", "国内法理", "(c) 丙。", "9. 下一段。")
    assert ids(doc) == ["para-8", "para-8-p1", "para-8-a", "para-8-b", "para-8-p2", "para-8-c", "para-9"]


def test_colon_introduces_a_nested_list_inside_the_paragraph():
    doc = build("81. 两个工作组通过了经修正的议程如下：", "国际合作工作组", "1. 组织事项：", "(a) 会议开幕；",
                "2. 其他事项。", "82. 下一段。")
    assert ids(doc) == ["para-81", "para-81-p1", "para-81-p1-1", "para-81-p1-1-a", "para-81-p1-2", "para-82"]


def test_skipped_paragraph_number_warns_and_keeps_unique_anchors():
    doc = build("1. 第一段。", "3. 第三段，编号跳过了第二段。", "3. 重复的编号，文字很长所以不是标题。")
    assert ids(doc) == ["para-1", "para-3", "para-3-2"]
    assert any("paragraph 3 where 2 was expected" in w for w in doc.warnings)
    assert any("para-3-2" in w for w in doc.warnings)


def test_resolution_has_title_formula_preamble_and_operative_paragraphs():
    doc = build("第 11/4 号决议", "保护文化财产", "联合国打击跨国有组织犯罪公约缔约方会议，", "回顾其决议，", "注意到报告，",
                "1. 促请各国；", "2. 请秘书处：", "(a) 收集数据；", "(b) 报告。")
    res = doc.body[0]
    assert (res.kind, res.id, res.text) == ("resolution", "res-11-4", "保护文化财产")
    assert ids(doc)[1:] == ["res-11-4-formula", "res-11-4-pre-1", "res-11-4-pre-2", "res-11-4-op-1",
                            "res-11-4-op-2", "res-11-4-op-2-a", "res-11-4-op-2-b"]


def test_resolution_with_a_lone_unnumbered_operative_paragraph():
    doc = build("第 11/3 号决议", "联合专题讨论的成果", "联合国打击跨国有组织犯罪公约缔约方会议，", "重申《公约》，",
                "核可工作组通过的建议，这些建议载于本决议附件。", "附件", "建议的标题", "(a) 鼓励缔约国；", "(b) 缔约国应当。")
    assert ids(doc) == ["res-11-3", "res-11-3-formula", "res-11-3-pre-1", "res-11-3-op-1", "res-11-3-annex-1",
                        "res-11-3-annex-1-p1", "res-11-3-annex-1-a", "res-11-3-annex-1-b"]


def test_decision_with_lettered_operative_paragraphs_and_no_numbers():
    doc = build("第 11/2 号决定", "工作安排", "联合国打击跨国有组织犯罪公约缔约方会议，考虑到议事规则：",
                "(a) 决定举行五个工作日；", "(b) 请秘书处报告。")
    assert ids(doc)[1:] == ["dec-11-2-formula", "dec-11-2-op-a", "dec-11-2-op-b"]


def test_decision_that_adopts_an_agenda_lists_its_items():
    doc = build("第 11/1 号决定", "临时议程", "联合国打击跨国有组织犯罪公约缔约方会议核准临时议程如下。", "临时议程",
                "1. 组织事项：", " - (a) 开幕；", "2. 其他事项。")
    assert ids(doc)[1:] == ["dec-11-1-op-1", "dec-11-1-p1", "dec-11-1-item-1", "dec-11-1-item-1-a",
                            "dec-11-1-item-2"]


def test_annex_numbers_in_chinese():
    assert [chinese_numeral(t) for t in ["", "一", "二", "十", "十一", "二十", "二十三"]] == [1, 1, 2, 10, 11, 20, 23]


def test_provisional_agenda_bullets_take_the_next_number():
    # Extraction turned items 1-6 into bullets; 7-9 kept their numbers: one list.
    doc = build("临时议程", "- 组织事项：", " - 开幕；", " - 选举；", "- 技术援助。", "3. 其他事项。")
    agenda = [n for n in doc.walk() if n.kind == "agenda-item"]
    assert [(n.id, n.label) for n in agenda] == [("agenda-1", "1."), ("agenda-1-a", "(a)"), ("agenda-1-b", "(b)"),
                                                  ("agenda-2", "2."), ("agenda-3", "3.")]
    assert agenda[0].role == "inferred" and agenda[4].role == ""


def test_annotations_have_items_paragraphs_and_documentation_lists():
    doc = build("临时议程", "1. 组织事项", "说明", "1. 组织事项", "(c) 通过议程", "缔约方会议通过了议程。", "另一段。",
                "文件", "临时议程说明（CTOC/COP/2024/1）", "2. 技术援助", "缔约方会议将审议。")
    assert ids(doc) == ["sec-h1", "agenda-1", "sec-h2", "item-1", "item-1-c", "item-1-c-p1", "item-1-c-p2",
                        "item-1-c-docs", "item-1-c-docs-1", "item-2", "item-2-p1"]


def test_quotation_of_several_rules_is_one_quote_per_quoted_paragraph():
    # One pair of quotation marks around several quoted paragraphs (the 2024 agenda's layout).
    doc = build("临时议程", "1. 组织事项", "说明", "1. 组织事项", "(e) 全权证书", "议事规则第 18 条规定：",
                "“1. 全权证书应递交秘书处。", "2. 变化也应提交。”", "议事规则第 19 条规定。")
    item = doc.body[4]
    assert item.id == "item-1-e"
    quotes = item.children[0].children
    assert [(q.kind, q.id, q.text) for q in quotes] == [
        ("quote", "item-1-e-p1-p1", "“1. 全权证书应递交秘书处。"), ("quote", "item-1-e-p1-p2", "2. 变化也应提交。”")]
    assert [c.id for c in item.children] == ["item-1-e-p1", "item-1-e-p2"]


def test_quoted_paragraphs_each_in_their_own_marks_are_the_same_quotes():
    # Each quoted paragraph in its own quotation marks (the 2016 agenda's layout): the same ids.
    doc = build("临时议程", "1. 组织事项", "说明", "1. 组织事项", "(e) 全权证书", "议事规则第 18 条规定：",
                "“1. 全权证书应递交秘书处。”", "“2. 变化也应提交。”", "议事规则第 19 条规定。")
    quotes = doc.body[4].children[0].children
    assert [(q.kind, q.id, q.text) for q in quotes] == [
        ("quote", "item-1-e-p1-p1", "“1. 全权证书应递交秘书处。”"), ("quote", "item-1-e-p1-p2", "“2. 变化也应提交。”")]


def test_preambular_paragraph_ending_with_a_comma_and_a_footnote_marker_is_complete():
    recalls = "回顾 1954 年 5 月 14 日通过的《关于发生武装冲突时保护文化财产的公约》以及该《公约》的两项议定书，¹²"
    stresses = "强调文化财产作为人类共同遗产的一部分以及作为各民族文化和特征的独特而重要的证明具有特殊价值，¹³"
    doc = build("第 11/4 号决议", "保护文化财产", "联合国打击跨国有组织犯罪公约缔约方会议，", recalls,
                "¹² 同上，第 249 卷，第 3511 号。", stresses, "1. 敦促缔约国采取措施。")
    res = doc.body[0]
    assert [(c.id, c.text) for c in res.children if c.kind == "preamble" and c.role != "formula"] == [
        ("res-11-4-pre-1", recalls), ("res-11-4-pre-2", stresses)]


def test_schedule_row_run_together_is_split_into_cells():
    assert split_schedule_row("上午 10 时-下午 1 时 项目 2(b). 《人口贩运议定书》 技术援助问题政府专家工作组（续）") == [
        "上午 10 时-下午 1 时", "项目 2(b). 《人口贩运议定书》", "技术援助问题政府专家工作组（续）"]
    assert split_schedule_row("10 月 18 日，星期二") == ["10 月 18 日，星期二", "", ""]


def test_front_matter_becomes_metadata():
    doc = build("第十二届会议", "2024年10月14日至18日，维也纳", "临时议程说明", "临时议程", "- 组织事项。")
    info = doc.info
    assert (info.session, info.place, info.title) == ("第十二届会议", "维也纳", "临时议程说明")
    assert ids(doc) == ["sec-h1", "agenda-1"]


def test_text_without_structure_becomes_plain_blocks():
    doc = build("这是一段没有编号的文字。", "这是另一段。")
    assert ids(doc) == ["p-1", "p-2"]
    assert doc.warnings == ["no recognisable structure; text kept as plain blocks"]


def test_footnote_block_links_the_markers_of_its_page():
    # Two footnotes at the foot of one page; the marker ² stands before the
    # first footnote line, ³ on the next page has no footnote.
    doc = build("第 11/1 号决议", "标题", "联合国打击跨国有组织犯罪公约缔约方会议，",
                "注意到《公约》¹总体范围内，各项议定书²而开展的工作，",
                "¹ 联合国，《条约汇编》。", "² 同上。", "回顾其决定，", "欢迎工作组的建议³，", "1. 核可建议。")
    spans = [(s.href, s.anchor_id) for n in doc.walk() for s in n.spans]
    assert spans == [("#fn-1", "fnref-1"), ("#fn-2", "fnref-2")]


def test_footnotes_of_the_document_annex_are_referenced_from_the_annex_only():
    # The body's marker ¹ has lost its footnote; the annex starts a new page
    # with footnotes numbered from ¹ again.
    doc = build("1. 主席介绍了工作组通过的¹建议，该次会议讨论了若干专题并通过了建议。", "附件", "决定草案",
                "1. 提案国¹决定推迟审议。", "¹ 该决定修订草案的提案国有：澳大利亚。")
    spans = [(n.id, s.href) for n in doc.walk() for s in n.spans]
    # The only footnote numbered 1 keeps the id fn-1; the body's ¹ stays text.
    assert spans == [("annex-1-para-1", "#fn-1")]
    assert doc.footnotes[0].ref_id == "fnref-1"


# One layout per block processor. Each case: the blocks of a small text, the
# block whose element is checked, and what that element is (kind, role,
# label); its text must be the block's own text after its label.
FORMULA = "联合国打击跨国有组织犯罪公约缔约方会议，"
ANNOTATED = ("临时议程", "1. 组织事项", "说明", "1. 组织事项")
LAYOUTS = {
    "QuotationGoesOn": (("1. 议事规则规定：", "“第一条。", "第二条。”"), 2, ("quote", "", "")),
    "QuotationOpens": (("1. 议事规则规定：", "“第一条。", "第二条。”"), 1, ("quote", "", "")),
    "QuotedParagraph": (("1. 议事规则规定：", "“第一条。”"), 1, ("quote", "", "")),
    "TableRow": (("1. 第一段。", "项目\t文件"), 1, ("table-row", "header", "")),
    "ScheduleHeader": (("附件", "工作安排", "日期/时间 项目 工作组"), 2, ("table-row", "header", "")),
    "InstrumentHeader": (("第 11/4 号决议", "保护文化财产"), 0, ("resolution", "", "第 11/4 号决议")),
    "AnnexHeader": (("1. 第一段。", "附件二", "标题"), 1, ("annex", "", "附件二")),
    "SectionHeading": (("一. 导言",), 0, ("heading", "", "一.")),
    "LetterHeading": (("A. 会议开幕",), 0, ("heading", "", "A.")),
    "AgendaHeading": (("临时议程", "1. 组织事项。"), 0, ("heading", "agenda-heading", "")),
    "AnnotationsHeading": (("临时议程", "1. 组织事项。", "说明"), 2, ("heading", "annotations-heading", "")),
    "AgendaItem": (("临时议程", "1. 组织事项。"), 1, ("agenda-item", "", "1.")),
    "AgendaSubItem": (("临时议程", "1. 组织事项：", "(a) 开幕；"), 2, ("agenda-item", "", "(a)")),
    "AgendaBullet": (("临时议程", "- 组织事项。"), 1, ("agenda-item", "inferred", "1.")),
    "AgendaText": (("临时议程", "1. 组织事项。", "这是议程之后的一段说明文字。"), 2, ("paragraph", "unnumbered", "")),
    "AnnotatedItem": (ANNOTATED, 3, ("item", "", "1.")),
    "AnnotatedSubItem": (ANNOTATED + ("(a) 会议开幕",), 4, ("item", "", "(a)")),
    "TextBeforeAnnotatedItems": (("临时议程", "1. 组织事项", "说明", "以下是说明。"), 3, ("paragraph", "unnumbered", "")),
    "DocumentsHeading": (ANNOTATED + ("文件",), 4, ("documents", "", "")),
    "DocumentEntry": (ANNOTATED + ("文件", "临时议程说明（CTOC/COP/2024/1）"), 5, ("documents", "entry", "")),
    "ItemParagraph": (ANNOTATED + ("缔约方会议将审议。",), 4, ("paragraph", "item-para", "")),
    "InstrumentTitle": (("第 11/4 号决议", "保护文化财产"), 1, ("resolution", "", "第 11/4 号决议")),
    "Formula": (("第 11/4 号决议", "标题", FORMULA), 2, ("preamble", "formula", "")),
    "ListedItem": (("第 11/1 号决定", "标题", "联合国打击跨国有组织犯罪公约缔约方会议核准临时议程如下。", "临时议程",
                    "1. 组织事项：", "2. 其他事项。"), 5, ("agenda-item", "", "2.")),
    "ListedSubItem": (("第 11/1 号决定", "标题", "联合国打击跨国有组织犯罪公约缔约方会议核准临时议程如下。", "临时议程",
                       "1. 组织事项：", "(a) 开幕；"), 5, ("agenda-item", "", "(a)")),
    "OperativeParagraph": (("第 11/4 号决议", "标题", FORMULA, "1. 促请各国。"), 3, ("operative", "", "1.")),
    "OperativeSubParagraph": (("第 11/4 号决议", "标题", FORMULA, "1. 请秘书处：", "(a) 收集数据；"), 4,
                              ("subparagraph", "", "(a)")),
    "LetteredOperative": (("第 11/2 号决定", "工作安排", FORMULA + "考虑到议事规则：", "(a) 决定举行五个工作日；"), 3,
                          ("operative", "", "(a)")),
    "ListTitle": (("第 11/1 号决定", "标题", "联合国打击跨国有组织犯罪公约缔约方会议核准临时议程如下。", "临时议程"), 3,
                  ("heading", "list-title", "")),
    "UnnumberedOperative": (("第 11/1 号决定", "标题", "联合国打击跨国有组织犯罪公约缔约方会议核准工作安排如下。",
                             "请秘书处在下届会议之前向所有缔约国分发本决定及其附件并提交一份报告。"), 3, ("operative", "", "")),
    "TextAfterOperatives": (("第 11/4 号决议", "标题", FORMULA, "1. 促请各国。", "这是决议之后的一段文字，不带编号。"), 4,
                            ("paragraph", "other", "")),
    "IntroducingOperative": (("第 11/1 号决定", "标题", "联合国打击跨国有组织犯罪公约缔约方会议核准临时议程如下。"), 2,
                             ("operative", "", "")),
    "Preamble": (("第 11/4 号决议", "标题", FORMULA, "回顾其决议，", "1. 促请各国。"), 3, ("preamble", "", "")),
    "LoneOperative": (("第 11/3 号决议", "标题", FORMULA, "核可工作组通过的建议。"), 3, ("operative", "", "")),
    "AnnexTitle": (("1. 第一段。", "附件", "决定草案"), 2, ("heading", "annex-title", "")),
    "NestedNumberedItem": (("1. 议程如下：", "1. 组织事项。"), 1, ("paragraph", "nested-item", "1.")),
    "NumberedParagraph": (("1. 第一段。",), 0, ("paragraph", "", "1.")),
    "NumberedHeading": (("1. 第一段。", "2. 第二段。", "1. 审议情况"), 2, ("heading", "", "1.")),
    "NestedLetteredItem": (("1. 议程如下：", "国际合作工作组", "(a) 会议开幕；"), 2, ("subparagraph", "", "(a)")),
    "SubParagraph": (("1. 工作组通过了以下建议：", "(a) 甲；"), 1, ("subparagraph", "", "(a)")),
    "AnnexItem": (("1. 第一段。", "附件", "建议", "(a) 鼓励缔约国；"), 3, ("subparagraph", "annex-item", "(a)")),
    "RomanItem": (("1. 工作组建议：", "(a) 各国应当：", "(iii) 收集数据；"), 2, ("subparagraph", "", "(iii)")),
    "BulletOfParagraph": (("1. 工作组建议：", "- 收集数据；"), 1, ("paragraph", "list-item", "")),
    "NestedHeading": (("1. 议程如下：", "国际合作工作组", "(a) 会议开幕；"), 1, ("heading", "nested-heading", "")),
    "NestedText": (("1. 议程如下：", "组织事项和其他事项，包括通过议程和工作安排。"), 1, ("paragraph", "list-item", "")),
    "SubHeading": (("8. 工作组通过了以下建议：", "(a) 甲；", "国内法理", "(b) 乙。"), 2, ("heading", "subheading", "")),
    "Heading": (("1. 第一段。", "国际合作工作组"), 1, ("heading", "", "")),
    "Continuation": (("1. 第一段。", "这一段接着上一段，不带编号，是上一段的续文。"), 1, ("paragraph", "continuation", "")),
    "UnnumberedParagraph": (("一. 导言", "这是一段没有编号的文字。"), 1, ("paragraph", "unnumbered", "")),
}


def _element_of(doc: Document, block: str, label: str) -> list[Node]:
    """The elements made from ``block``: their text is the block's after its
    bullet and its label (a header's element keeps the header as its label)."""
    text = block.removeprefix("- ").replace("\t", " ")
    text = text[len(label):].strip() if label and text.startswith(label) else text
    return [n for n in doc.walk() if n.text == text or (n.kind in ("resolution", "decision") and n.label == block)]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_makes_its_element_from_the_block_text(layout: str) -> None:
    blocks, index, (kind, role, label) = LAYOUTS[layout]
    doc = build(*blocks)
    found = [(n.kind, n.role, n.label) for n in _element_of(doc, blocks[index], label)]
    assert (kind, role, label) in found, (layout, found)


def test_every_registered_processor_has_a_layout_here_and_a_docstring() -> None:
    names = [type(p).__name__ for p in PROCESSORS]
    assert sorted(names) == sorted(LAYOUTS)
    assert all((type(p).__doc__ or "").strip() for p in PROCESSORS)


LETTERS = "abcdefghjk"


def _children(node: Node, kind: str) -> list[tuple[str, str]]:
    return [(c.label, c.text) for c in node.children if c.kind == kind]


def test_random_reports_keep_their_paragraphs_and_lettered_subparagraphs():
    rng = random.Random(1701)
    for _ in range(40):
        plan = [[f"(一项{rng.randrange(1000)}号子段)" for _ in range(rng.choice([0, 0, 1, 3, 5]))]
                for _ in range(rng.randrange(1, 12))]
        blocks = []
        for number, subs in enumerate(plan, 1):
            blocks.append(f"{number}. 第{number}段的文字{rng.randrange(1000)}" + ("：" if subs else "。"))
            blocks += [f"({LETTERS[i]}) {text}；" for i, text in enumerate(subs)]
        doc = build(*blocks)
        assert [(n.label, n.text) for n in doc.body] == [(b.split(" ", 1)[0], b.split(" ", 1)[1])
                                                         for b in blocks if b[0].isdigit()]
        for paragraph, subs in zip(doc.body, plan):
            assert _children(paragraph, "subparagraph") == [(f"({LETTERS[i]})", f"{t}；") for i, t in enumerate(subs)]


def test_random_agendas_number_their_bullets_after_the_last_printed_number():
    rng = random.Random(1702)
    for _ in range(40):
        blocks, expected = ["临时议程"], []
        for count in range(1, rng.randrange(2, 11)):
            text = f"议程项目{rng.randrange(1000)}。"
            blocks.append(rng.choice([f"{count}. {text}", f"- {text}"]))
            subs = [f"分项{rng.randrange(1000)}；" for _ in range(rng.choice([0, 0, 2]))]
            blocks += [f" - {s}" for s in subs]
            expected.append((f"{count}.", text, [(f"({LETTERS[i]})", s) for i, s in enumerate(subs)]))
        doc = build(*blocks)
        items = [n for n in doc.body if n.kind == "agenda-item"]
        assert [(n.label, n.text, _children(n, "agenda-item")) for n in items] == expected


def test_random_resolutions_keep_preamble_then_operative_paragraphs():
    rng = random.Random(1703)
    for _ in range(40):
        preamble = [f"回顾其第{rng.randrange(1, 99)}号决议，" for _ in range(rng.randrange(1, 5))]
        operative = [f"请秘书处{rng.randrange(1000)}" + rng.choice(["。", "；"]) for _ in range(rng.randrange(1, 6))]
        doc = build("第 11/4 号决议", "标题", FORMULA, *preamble, *[f"{i}. {t}" for i, t in enumerate(operative, 1)])
        res = doc.body[0]
        assert [c.text for c in res.children if c.kind == "preamble" and c.role != "formula"] == preamble
        assert _children(res, "operative") == [(f"{i}.", t) for i, t in enumerate(operative, 1)]


def test_zero_numbers_no_section_or_annex():
    # Sections and annexes count from 1: "零." and "附件零" are text.
    assert chinese_numeral("零") is None and chinese_numeral("〇") is None
    doc = build("一. 导言", "零. 标题", "附件零")
    assert [(n.kind, n.label) for n in doc.body] == [("heading", "一."), ("heading", ""), ("heading", "")]


# --- Quoted rules keep their own numbers ----------------------------------------

def test_quoted_paragraphs_carrying_their_own_number_keep_it_as_their_key():
    # Rules 3 and 4 of a rule quoted after the text naming them (the 2016 agenda's layout).
    doc = build("临时议程", "1. 组织事项", "说明", "1. 组织事项", "(e) 全权证书", "修改的第 3 款和新增的第 4 款具体内容如下：",
                "“3. 全权证书应由国家元首签发。”", "“4. 审议修正案时，全权证书应由外交部长签发。”", "(b) 附带的分项",
                "根据议事规则第 19 条审查。")
    quotes = doc.body[4].children[0].children
    assert [(q.id, q.key, q.label) for q in quotes] == [("item-1-e-p1-p1", "3", ""), ("item-1-e-p1-p2", "4", "")]
    # The number stays in the text as printed.
    assert quotes[0].text == "“3. 全权证书应由国家元首签发。”"


def test_quoted_paragraphs_without_a_number_have_no_key():
    doc = build("8. 工作组通过了下列案文：", "“甲。", "(b) 乙。”", "9. 下一段。")
    assert [(q.kind, q.key) for q in doc.body[0].children] == [("quote", ""), ("quote", "b")]


def test_random_quotations_keep_the_numbers_printed_inside_their_marks():
    rng = random.Random(3003)
    for _ in range(40):
        numbers = sorted(rng.sample(range(1, 40), rng.randint(1, 5)))
        quoted = [f"“{n}. 第{n}款的文字{rng.randrange(1000)}。”" for n in numbers]
        doc = build("5. 议事规则第 18 条规定如下：", *quoted, "6. 下一段。")
        assert [(q.key, q.text) for q in doc.body[0].children] == [(str(n), t) for n, t in zip(numbers, quoted)]


# --- The schedule's parallel meetings stay in their time slot --------------------

SCHEDULE = ("附件", "拟议工作安排", "日期/时间 全体会议 平行会议", "10 月 17 日，星期一")


def _rows(doc: Document) -> list[list[str]]:
    return [n.cells for n in doc.walk() if n.kind == "table-row"]


def test_a_parallel_meeting_on_a_line_of_its_own_goes_to_its_time_slot():
    doc = build(*SCHEDULE, "下午 3 时-6 时 项目 2. 审议《公约》及其各项议定书的执行情况", "技术援助问题政府专家工作组",
                "项目 2(a). 《有组织犯罪公约》")
    assert _rows(doc)[2:] == [
        ["下午 3 时-6 时", "项目 2. 审议《公约》及其各项议定书的执行情况", "技术援助问题政府专家工作组"],
        ["", "项目 2(a). 《有组织犯罪公约》", ""]]


def test_a_parallel_meeting_is_not_put_where_its_slot_has_one_already_or_before_any_slot():
    doc = build(*SCHEDULE, "技术援助问题政府专家工作组", "上午 10 时-下午 1 时 项目 2(b). 《人口贩运议定书》 国际合作工作组",
                "技术援助问题政府专家工作组（续）")
    assert _rows(doc)[2:] == [
        ["", "", "技术援助问题政府专家工作组"],
        ["上午 10 时-下午 1 时", "项目 2(b). 《人口贩运议定书》", "国际合作工作组"],
        ["", "", "技术援助问题政府专家工作组（续）"]]


def test_random_schedules_put_every_parallel_meeting_in_its_slot():
    rng = random.Random(3004)
    groups = ["技术援助问题政府专家工作组", "国际合作工作组", "国际合作工作组（续）"]
    for _ in range(30):
        blocks, expected = list(SCHEDULE), []
        for day in range(rng.randint(1, 3)):
            if day:
                date = f"10 月 {17 + day} 日，星期{'一二三四五'[day]}"
                blocks.append(date)
                expected.append([date, "", ""])
            for slot in ("上午 10 时-下午 1 时", "下午 3 时-6 时"):
                items = [f"项目 {rng.randint(1, 9)}. 议程项目{rng.randrange(100)}" for _ in range(rng.randint(1, 3))]
                lines = [f"{slot} {items[0]}", *items[1:]]
                rows = [[slot, items[0], ""]] + [["", item, ""] for item in items[1:]]
                group = rng.choice([*groups, ""])
                if group:
                    # The extraction puts the group's cell after any of the slot's items.
                    lines.insert(rng.randint(1, len(lines)), group)
                    rows[0][2] = group
                blocks += lines
                expected += rows
        assert _rows(build(*blocks))[2:] == expected, blocks


def test_the_real_schedule_has_no_row_holding_only_a_parallel_meeting():
    from pathlib import Path

    from generator.catalogue import load_settings
    from generator.reading.load import load_document

    root = Path(__file__).resolve().parents[2]
    source = root / "source" / "ctoc-cop-2016-1.txt"
    doc = load_document(source, load_settings(root / "site_config"), root)
    rows = [n.cells for n in doc.walk() if n.kind == "table-row"]
    assert rows[0] == ["日期/时间", "全体会议", "平行会议"]
    assert not [r for r in rows[1:] if not r[0] and not r[1]]
    # Every working group the source prints in the schedule is in the parallel
    # column of the slot whose time is the last one printed before it.
    lines = source.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("日期/时间"))
    slot = ""
    for line in lines[start:]:
        time = re.match(r"^(上午|下午)\s*\d+\s*时-[^项]*?时", line)
        slot = time.group().strip() if time else slot
        group = re.search(r"(\S*工作组)(?:（续）)?\s*$", line)
        if group:
            assert any(r[0] == slot and r[2].startswith(group.group(1)) for r in rows), line
