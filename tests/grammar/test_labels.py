"""The block-label table: each label read from lines made by rule, and the
repair stage's question (does a line open a labelled block?) agreeing with
the parser's (which label has it?)."""

import random

import pytest

from generator.grammar.labels import (
    ANNEX_HEADER,
    BLOCK_LABELS,
    CLOSING_MARKS,
    INSTRUMENT_HEADER,
    LETTER_HEADING,
    LETTERED,
    NUMBERED,
    PROSE_ENDINGS,
    ROMAN_ITEM,
    SECTION,
    ends_closed,
    is_header,
    is_heading_like,
    opens_labelled_block,
    without_markers,
)

CN_NUMERALS = ["一", "二", "三", "九", "十", "十一", "十九", "二十", "二十三", "九十九"]
TEXT = "缔约方会议审议了这一项目"


def test_numbered_label_gives_its_number_and_text():
    rng = random.Random(11)
    for _ in range(200):
        number, space = rng.randrange(1, 1000), rng.choice(["", " ", "  "])
        m = NUMBERED.match(f"{number}.{space}{TEXT}。")
        assert m and (m.group(1), m.group(2)) == (str(number), f"{TEXT}。")


def test_a_decimal_is_not_a_numbered_label():
    assert NUMBERED.match("1.5 亿美元") is None
    assert not opens_labelled_block("1.5 亿美元")


def test_lettered_and_roman_labels_give_their_letters():
    for letters in ["a", "b", "z", "aa", "bb"]:
        m = LETTERED.match(f"({letters}) {TEXT}；")
        assert m and (m.group(1), m.group(2)) == (letters, f"{TEXT}；")
    for roman in ["i", "ii", "iii", "iv", "viii", "xii"]:
        m = ROMAN_ITEM.match(f"({roman}) {TEXT}；")
        assert m and (m.group(1), m.group(2)) == (roman, f"{TEXT}；")


def test_section_label_takes_chinese_numerals_of_up_to_three_characters():
    for numeral in CN_NUMERALS:
        m = SECTION.match(f"{numeral}. 导言")
        assert m and (m.group(1), m.group(2)) == (numeral, "导言")
    assert SECTION.match("二十一一. 导言") is None


def test_letter_heading_is_a_capital_and_a_dot_not_an_initial_or_a_symbol():
    for letter in "ABCXYZ":
        m = LETTER_HEADING.match(f"{letter}. 会议开幕")
        assert m and (m.group(1), m.group(2)) == (letter, "会议开幕")
    for text in ["U.N. 文件", "A./RES/55/25", "a. 小写"]:
        assert LETTER_HEADING.match(text) is None and not opens_labelled_block(text)


def test_headers_are_whole_lines():
    rng = random.Random(12)
    for _ in range(100):
        session, number, kind = rng.randrange(1, 30), rng.randrange(1, 20), rng.choice(["决议", "决定"])
        for line in [f"第 {session}/{number} 号{kind}", f"第{session}/{number}号{kind}", f"第 {session} / {number} 号{kind}"]:
            m = INSTRUMENT_HEADER.match(line)
            assert m and m.groups() == (str(session), str(number), kind) and is_header(line)
        assert not is_header(f"第 {session}/{number} 号{kind}所述")
    for numeral in ["", *CN_NUMERALS]:
        m = ANNEX_HEADER.match(f"附件{numeral}")
        assert m and m.group(1) == numeral and is_header(f"附件{numeral}")
    assert not is_header("附件所列的建议")


def _random_line(rng: random.Random) -> str:
    label = rng.choice(["12.", "3 .", "1.5", "(a)", "( b )", "(iv)", "(xyz)", "一.", "二十三.", "A.", "U.N.",
                        "第 11/4 号决议", "第 11/4 号决议所述", "附件二", "附件", "附件所列", "", "- 1.", "• (c)"])
    return rng.choice(["", " ", "  "]) + label + rng.choice(["", " "]) + rng.choice(["", TEXT, TEXT + "。"])


def test_repair_and_parse_read_the_same_labels():
    # A line opens a labelled block for the repair stage exactly when, its
    # indent and bullets aside, one of the parser's labels matches it.
    rng = random.Random(13)
    for _ in range(2000):
        line = _random_line(rng)
        bare = line.strip()
        while bare[:2] in ("- ", "• "):
            bare = bare[2:].lstrip()
        assert opens_labelled_block(line) == any(label.match(bare) for label in BLOCK_LABELS), line


def test_prose_endings_close_a_line_and_a_heading_may_end_with_a_bracket():
    assert set(PROSE_ENDINGS) < set(CLOSING_MARKS)
    for mark in PROSE_ENDINGS:
        assert ends_closed(TEXT + mark) and not is_heading_like(TEXT + mark)
    for mark in set(CLOSING_MARKS) - set(PROSE_ENDINGS):
        assert ends_closed(TEXT + mark) and is_heading_like(TEXT + mark)
    assert not ends_closed(TEXT) and is_heading_like(TEXT)


@pytest.mark.parametrize("markers", ["¹", "¹²", "*", "**", "³⁴⁵"])
def test_footnote_markers_after_the_punctuation_do_not_change_how_text_ends(markers: str):
    assert without_markers(f"{TEXT}，{markers}") == f"{TEXT}，"
    assert ends_closed(f"{TEXT}，{markers}") and not is_heading_like(f"{TEXT}，{markers}")


def test_a_long_line_is_no_heading():
    assert is_heading_like("标" * 80) and not is_heading_like("标" * 81)
