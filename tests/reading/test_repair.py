"""Extraction repair: each test names the layout it explains."""

import random
import re
from pathlib import Path

import pytest

from generator.reading.decode import decode_source
from generator.reading.repair import (
    Spacing,
    detect_layout,
    document_spacing,
    join_pieces,
    repair,
    strip_bold_markup,
    strip_link_syntax,
    unwrap_han,
)

SOURCE = Path(__file__).resolve().parents[2] / "source"


def wrapped(*lines: str) -> str:
    """Hard-wrapped layout: blank lines between lines, as the extraction writes them."""
    return "\n\n".join(lines) + "\n"


def one_per_line(*lines: str) -> str:
    """One-line-per-paragraph layout: blank lines between paragraphs."""
    return "\n\n".join(lines) + "\n"


def test_hard_wrapped_paragraph_ends_at_line_with_trailing_space():
    text = wrapped("1. 依照缔约方会议关于贩", "运人口问题的决定。 ", "2. 第二段。 ")
    blocks = repair(text).blocks
    assert [b.text for b in blocks] == ["1. 依照缔约方会议关于贩运人口问题的决定。", "2. 第二段。"]
    assert blocks[1].line == 5


def test_layout_detected_from_trailing_spaces():
    assert detect_layout(["一行 ", "", "两行", "三行 "]) == "wrapped"
    assert detect_layout(["整段文字。", "另一段文字。", "第三段。"]) == "lines"


def test_symbol_broken_after_slash_is_one_symbol():
    # "CTOC/COP/ ⏎ WG.4/2022/4": the trailing space after "/" is not a paragraph end.
    text = wrapped("3. 报告（CTOC/COP/ ", "WG.4/2022/4）将提交。 ")
    assert [b.text for b in repair(text).blocks] == ["3. 报告（CTOC/COP/WG.4/2022/4）将提交。"]


def test_page_break_with_footnote_block_inside_paragraph():
    # The footnote block sits between the two halves of paragraph 5.
    text = wrapped("5. 缔约方会议决定设立一个工作", "__________________ ", " * 因技术原因重新印发。 ",
                   "组，向缔约方会议提交报告。 ")
    result = repair(text)
    assert [b.text for b in result.blocks] == ["5. 缔约方会议决定设立一个工作组，向缔约方会议提交报告。"]
    assert [(f.marker, f.text) for f in result.footnotes] == [("*", "因技术原因重新印发。")]


def test_link_annotation_lines_are_debris():
    text = wrapped("(a) 临时议程说明（CTOC/COP/WG.2/2022/1）； ") + "http://undocs.org/ch/CTOC/COP/WG.2/2022/1\n"
    assert [b.text for b in repair(text).blocks] == ["(a) 临时议程说明（CTOC/COP/WG.2/2022/1）；"]


def test_one_line_layout_joins_paragraph_cut_by_page_break_around_footnotes():
    first = "回顾其 2020 年 10 月 16 日题为“庆祝”的第 10/4 号决议，其中缔约方会议请缔约国充分有效地利用《公约》，特别是关于引"
    text = one_per_line(first, "¹ 联合国，《条约汇编》，第 2225 卷。", "渡的第 16 条和关于司法协助的第 18 条，")
    result = repair(text)
    assert [b.text for b in result.blocks] == [first + "渡的第 16 条和关于司法协助的第 18 条，"]
    assert result.footnotes[0].marker == "¹"


def test_one_line_layout_keeps_short_heading_before_prose():
    text = one_per_line("审议情况", "许多发言者强调了《公约》在预防和打击跨国有组织犯罪方面不可或缺的作用。")
    assert len(repair(text).blocks) == 2


def test_one_line_layout_title_after_annex_header_is_not_joined():
    title = "国际合作工作组和技术援助问题政府专家工作组在 2022 年 5 月 23 日至 27 日举行的会议上就其联合专题讨论议题通过的建议"
    lead = "国际合作工作组通过了以下建议供缔约方会议核可："
    text = one_per_line("附件", title, lead)
    assert [b.text for b in repair(text).blocks] == ["附件", title, lead]


def test_table_of_contents_with_dot_leaders_is_taken_out_of_the_text_and_kept_apart():
    text = one_per_line("目录", "\t页次", "一. 组织事项.....\t31", "A. 会议开幕.....\t31",
                        "一. 组织事项", "1. 第一段。")
    result = repair(text)
    assert [b.text for b in result.blocks] == ["一. 组织事项", "1. 第一段。"]
    assert result.toc_lines == 4
    # Its entries, with their source lines (blank lines between them here).
    assert result.contents == [("一. 组织事项.....\t31", 5), ("A. 会议开幕.....\t31", 7)]


def test_markdown_link_syntax_is_debris_but_its_text_stays():
    assert strip_link_syntax("载于 [CTOC/COP/2022/1](#) 号文件") == "载于 CTOC/COP/2022/1 号文件"


def test_tab_separated_rows_keep_their_cells():
    text = one_per_line("日期/时间\t议程项目\t标题或说明", "\t1(b)\t选举主席团成员")
    rows = repair(text).blocks
    assert rows[1].cells == ["", "1(b)", "选举主席团成员"]


def test_bullets_of_one_line_layout_record_their_depth():
    text = "- 组织事项：\n - 选举主席团成员；\n"
    assert [(b.text, b.bullet_depth) for b in repair(text).blocks] == [("组织事项：", 1), ("选举主席团成员；", 2)]


def test_join_keeps_a_space_between_latin_words_only():
    assert join_pieces("Christopher", "Smith") == "Christopher Smith"
    assert join_pieces("关于引", "渡") == "关于引渡"
    assert join_pieces("CTOC/COP/WG.3/ ", "2022/3") == "CTOC/COP/WG.3/2022/3"


def test_hard_wrapped_line_ending_with_a_latin_word_goes_on_with_the_next_latin_word():
    # A name split over two lines: the trailing space after "Hikihara" is the
    # space between the two words of the name, not the paragraph's end.
    text = wrapped("44. 主席请日本常驻联合国（维也纳）代表 Hikihara ", "Takeshi 以委员会主席的身份发言。 ",
                   "45. 第二段。 ")
    assert [b.text for b in repair(text).blocks] == [
        "44. 主席请日本常驻联合国（维也纳）代表 Hikihara Takeshi 以委员会主席的身份发言。", "45. 第二段。"]


def test_hard_wrapped_line_ending_with_a_latin_word_before_a_label_or_han_text_ends_the_paragraph():
    text = wrapped("1. 会议由 Smith 主持，见 CTOC/COP/2022/INF/1 Rev ", "A. 会议开幕 ", "2. 报告员 Hikihara ",
                   "主持了讨论。 ")
    assert [b.text for b in repair(text).blocks] == [
        "1. 会议由 Smith 主持，见 CTOC/COP/2022/INF/1 Rev", "A. 会议开幕", "2. 报告员 Hikihara", "主持了讨论。"]


def test_one_line_layout_paragraph_ending_with_a_comma_and_a_footnote_marker_is_complete():
    # The marker is printed after the punctuation: the paragraph is closed,
    # even with the page's footnotes between it and the next one.
    first = "震惊地注意到在世界各地冲突中，文化财产遭受蓄意破坏的行为日益增多，并在这方面回顾该《公约》的两项议定书，¹²"
    second = "强调文化财产作为人类共同遗产的一部分以及作为各民族文化和特征的独特而重要的证明具有特殊价值，"
    text = one_per_line(first, "¹² 同上，第 249 卷，第 3511 号。", second)
    assert [b.text for b in repair(text).blocks] == [first, second]


def test_join_at_a_line_break_keeps_the_spacing_the_document_uses_between_han_and_digits():
    # The document prints "2022 年 5 月": a break after "年" gets that space back.
    spaced = wrapped("9. 工作组于 2021 年 5 月 10 日举行了第八次会议，2022 年", "5 月 4 日举行了第九次会议。 ")
    assert repair(spaced).blocks[0].text == "9. 工作组于 2021 年 5 月 10 日举行了第八次会议，2022 年 5 月 4 日举行了第九次会议。"
    # A document that prints "2022年5月" gets none.
    unspaced = wrapped("9. 工作组于2021年5月10日举行了第八次会议，2022年", "5月4日举行了第九次会议。 ")
    assert repair(unspaced).blocks[0].text == "9. 工作组于2021年5月10日举行了第八次会议，2022年5月4日举行了第九次会议。"
    # The same in the one-line layout, where a page break cuts the line.
    page = one_per_line("工作组于 2021 年 5 月 10 日举行了第八次会议并通过了关于国际合作的若干项建议，随后又于 2022",
                        "年 5 月 4 日举行了第九次会议。")
    assert repair(page).blocks[0].text.endswith("随后又于 2022 年 5 月 4 日举行了第九次会议。")


def test_spacing_of_a_document_is_read_from_its_lines():
    assert document_spacing("2022 年 5 月\n第 7/1 号") == Spacing(han_ascii=True, ascii_han=True)
    assert document_spacing("2022年5月\n第7/1号") == Spacing(han_ascii=False, ascii_han=False)
    assert join_pieces("2022 年", "5 月", Spacing(han_ascii=True)) == "2022 年 5 月"
    assert join_pieces("2022 年", "5 月") == "2022 年5 月"


# A paragraph cut by a page break: long, without closing punctuation.
CUT = "缔约方会议在其二〇二〇年十月举行的第十届会议上审议了秘书处编写的关于《公约》及其议定书执行情况的报告并请秘书处继续收集"
LABELLED_LINES = {
    "numbered paragraph": "12. 缔约方会议决定继续审议。",
    "lettered sub-paragraph": "(b) 继续收集资料；",
    "roman item": "(iv) 继续收集资料；",
    "chapter heading": "二. 审议情况",
    "letter heading": "B. 一般性讨论",
    "resolution header": "第 11/4 号决议",
    "decision header": "第 11/2 号决定",
    "annex header": "附件二",
}


@pytest.mark.parametrize("kind", sorted(LABELLED_LINES))
def test_one_line_layout_never_joins_a_labelled_line_to_a_cut_paragraph(kind: str):
    line = LABELLED_LINES[kind]
    assert [b.text for b in repair(one_per_line(CUT, line)).blocks] == [CUT, line]


def test_one_line_layout_joins_an_unlabelled_line_to_a_cut_paragraph():
    rest = "资料并向下届会议提交报告。"
    assert [b.text for b in repair(one_per_line(CUT, rest)).blocks] == [CUT + rest]


@pytest.mark.parametrize("kind", sorted(LABELLED_LINES))
def test_hard_wrapped_latin_word_before_a_labelled_line_ends_the_paragraph(kind: str):
    # "…代表 Hikihara␠" ⏎ a labelled line that happens to start with a Latin letter.
    line = LABELLED_LINES[kind]
    text = wrapped("1. 发言的有日本代表 Hikihara ", line + " ")
    first = "1. 发言的有日本代表 Hikihara"
    blocks = [b.text for b in repair(text).blocks]
    assert blocks == [first, line]


@pytest.mark.parametrize("mark", ["。", "；", "：", "，", "、", "！", "？", "”", "）", ")", "》", ".", ";", ":", ","])
def test_one_line_layout_line_ending_with_closing_punctuation_is_complete(mark: str):
    rest = "资料并向下届会议提交报告。"
    assert [b.text for b in repair(one_per_line(CUT + mark, rest)).blocks] == [CUT + mark, rest]


# --- Bold markup and wrapped titles ---------------------------------------------

def test_bold_markup_around_a_word_is_debris():
    assert strip_bold_markup("在第十三次会议上通过的**建议**") == "在第十三次会议上通过的建议"
    assert strip_bold_markup("**建议**和**决定**") == "建议和决定"


@pytest.mark.parametrize("text", [
    "临时议程**项目 2、4、5",  # a lone ** is a footnote marker
    "第十一届会议* 及 ** 说明",  # marks standing apart, no word inside
    "会议**，另见**",  # what follows the first is punctuation: two markers
    "a ** b ** c",
    "4. [x](javascript:alert(1)) 和 **bold** 文字。",  # Latin text in marks: the source's own characters
])
def test_footnote_markers_of_two_stars_are_not_bold_markup(text: str):
    assert strip_bold_markup(text) == text


def test_bold_markup_split_over_two_wrapped_lines_is_taken_out_of_the_paragraph():
    text = wrapped("1. 工作组在会议上通过的**建", "议**如下。 ")
    assert [b.text for b in repair(text).blocks] == ["1. 工作组在会议上通过的建议如下。"]


def test_random_words_in_bold_lose_their_marks_and_nothing_else():
    rng = random.Random(30)
    words = ["建议", "决定", "技术援助", "国际合作工作组", "第 11/2 号决议", "附件二"]
    for _ in range(200):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 5))]
        # The extraction marks a run of bold text once: two bold words never touch.
        bold = [False] * len(parts)
        for k in range(len(parts)):
            bold[k] = rng.random() < 0.5 and not (k and bold[k - 1])
        text = "".join(f"**{p}**" if b else p for p, b in zip(parts, bold, strict=True)) + "。"
        assert strip_bold_markup(text) == "".join(parts) + "。"


def test_no_bold_markup_is_left_in_the_real_reports_and_lone_markers_stay():
    for path in sorted(SOURCE.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        repaired = repair(decode_source(path.read_bytes(), path.name))
        texts = [b.text for b in repaired.blocks] + [n.text for n in repaired.footnotes]
        # The source's pairs of ** around a word (one line each) are gone ...
        for pair in re.findall(r"\*\*([^*\s][^*\n]*?)\*\*", raw):
            assert not any(f"**{pair}**" in t for t in texts), (path.name, pair)
            assert any(pair in t for t in texts), (path.name, pair)
        # ... and every ** that is not half of such a pair stays (a footnote
        # marker), in the blocks or as a footnote's own marker.
        lone = len(re.findall(r"(?<!\*)\*\*(?!\*)", re.sub(r"\*\*[^*\s][^*\n]*?\*\*", "", raw)))
        kept = sum(len(re.findall(r"(?<!\*)\*\*(?!\*)", t)) for t in texts) + sum(
            1 for n in repaired.footnotes if n.marker == "**")
        assert kept == lone, path.name


def test_a_space_between_two_han_characters_of_a_title_is_a_line_break():
    assert unwrap_han("2022 年 10 月 17 日至 21 日 在维也纳举行的第十一届会议报告") == \
        "2022 年 10 月 17 日至 21 日在维也纳举行的第十一届会议报告"
    assert unwrap_han("适用《联合国打击跨 国有组织犯罪公约》的联合专题讨 论的成果") == \
        "适用《联合国打击跨国有组织犯罪公约》的联合专题讨论的成果"
    # The document's own spacing around digits and Latin text stays.
    assert unwrap_han("CTOC/COP/2022/1 号文件，2022 年") == "CTOC/COP/2022/1 号文件，2022 年"


def test_hard_wrapped_table_of_contents_is_taken_out_and_kept_apart_too():
    text = wrapped("目录 ", "页次 ", "一. 组织事项..... 3 ", "四. 审议《公约》及其各项议定书的实施", "情况..... 36 ",
                   "一. 组织事项 ", "1. 第一段。 ")
    result = repair(text)
    assert [b.text for b in result.blocks] == ["一. 组织事项", "1. 第一段。"]
    assert [line for _, line in result.contents] == [5, 7, 9]
