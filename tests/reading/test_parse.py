"""Parser rules on small texts: each test names the layout it explains."""

from generator.model import Document, DocumentInfo
from generator.reading.anchors import assign_anchors
from generator.reading.parse import parse
from generator.reading.processors import chinese_numeral, split_schedule_row
from generator.reading.repair import repair


def build(*blocks: str) -> Document:
    """Parse blocks written in the one-line-per-paragraph layout."""
    doc = parse(repair("\n\n".join(blocks) + "\n"), DocumentInfo(slug="t", source_path="t.txt", source_sha256=""))
    assign_anchors(doc)
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
    from generator.reading.footnotes import link_footnotes

    # Two footnotes at the foot of one page; the marker ² stands before the
    # first footnote line, ³ on the next page has no footnote.
    doc = build("第 11/1 号决议", "标题", "联合国打击跨国有组织犯罪公约缔约方会议，",
                "注意到《公约》¹总体范围内，各项议定书²而开展的工作，",
                "¹ 联合国，《条约汇编》。", "² 同上。", "回顾其决定，", "欢迎工作组的建议³，", "1. 核可建议。")
    link_footnotes(doc)
    spans = [(s.href, s.anchor_id) for n in doc.walk() for s in n.spans]
    assert spans == [("#fn-1", "fnref-1"), ("#fn-2", "fnref-2")]


def test_footnotes_of_the_document_annex_are_referenced_from_the_annex_only():
    from generator.reading.footnotes import link_footnotes

    # The body's marker ¹ has lost its footnote; the annex starts a new page
    # with footnotes numbered from ¹ again.
    doc = build("1. 主席介绍了工作组通过的¹建议，该次会议讨论了若干专题并通过了建议。", "附件", "决定草案",
                "1. 提案国¹决定推迟审议。", "¹ 该决定修订草案的提案国有：澳大利亚。")
    link_footnotes(doc)
    spans = [(n.id, s.href) for n in doc.walk() for s in n.spans]
    # The only footnote numbered 1 keeps the id fn-1; the body's ¹ stays text.
    assert spans == [("annex-1-para-1", "#fn-1")]
    assert doc.footnotes[0].ref_id == "fnref-1"
