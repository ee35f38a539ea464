"""Citations of instruments and symbols (generator/grammar/citations.py).

Rule tests use small strings named after the grammar they exercise; the
"real" tests use sentences copied from source/ (wrapped lines joined as the
parser joins them), with values checked against the text.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from generator.grammar.bodies import BODIES as BODY_TABLE
from generator.grammar.citations import InstrumentMention, find_instruments, find_symbols, split_symbol
from generator.ids import official_url, symbol_id

SOURCE = Path(__file__).resolve().parents[2] / "source"


def cited(text: str) -> list[tuple[str, str]]:
    """(key, visible text) of every instrument mention."""
    return [(m.key, text[m.start:m.end]) for m in find_instruments(text)]


def keys(text: str) -> list[str]:
    return [m.key for m in find_instruments(text)]


def joined_source(name: str) -> str:
    """A source file with its line breaks removed: wrapped pieces run on."""
    return "".join(line for line in (SOURCE / name).read_text(encoding="utf-8").splitlines())


# --- Instrument grammar -------------------------------------------------------

def test_spaced_citation_is_a_conference_resolution_by_default() -> None:
    assert cited("在第 7/1 号决议中，") == [("cop-res-7-1", "第 7/1 号决议")]


def test_unspaced_citation() -> None:
    assert cited("缔约方会议在第5/2号决定中决定设立全体委员会") == [("cop-dec-5-2", "第5/2号决定")]


def test_decision_and_resolution_with_same_number_are_different_instruments() -> None:
    text = "在关于今后各届会议工作安排的第 6/3 号决定中；在关于执行《打击偷运移民议定书》的第 6/3 号决议中"
    assert keys(text) == ["cop-dec-6-3", "cop-res-6-3"]


def test_coordinated_numbers_sharing_one_noun_are_each_cited() -> None:
    text = "缔约方会议在关于建立和启动实施情况审议机制的第 9/1 号和第 10/1 号决议中，强调必须"
    assert cited(text) == [("cop-res-9-1", "第 9/1 号"), ("cop-res-10-1", "第 10/1 号决议")]


def test_coordinated_numbers_without_first_hao() -> None:
    assert cited("第 9/1 和第 10/1 号决议") == [("cop-res-9-1", "第 9/1"), ("cop-res-10-1", "第 10/1 号决议")]


def test_repeated_noun_gives_two_citations() -> None:
    text = "毒品和犯罪问题办公室根据缔约方会议第 5/4 号决议和第 6/2 号决议赋予的任务"
    assert cited(text) == [("cop-res-5-4", "第 5/4 号决议"), ("cop-res-6-2", "第 6/2 号决议")]


def test_space_left_by_line_wrap_between_number_and_noun() -> None:
    # ctoc-cop-2016-1: "…的第 7/2 号 ⏎ 决定"
    assert cited("工作安排的第 7/2 号 决定，") == [("cop-dec-7-2", "第 7/2 号 决定")]


@pytest.mark.parametrize("text", [
    "欧盟理事会第 2008/909/JHA 号框架决定",  # an EU act, not a UN number
    "《公约》第 32 条赋予缔约方会议的职能",
    "缔约方会议第十一届会议通过的决议和决定",
    "11/1. 执行《联合国打击跨国有组织犯罪公约》各项国际合作条款",  # table of contents
])
def test_text_without_citation_yields_nothing(text: str) -> None:
    assert find_instruments(text) == []


def test_unesco_general_conference_is_not_a_resolution() -> None:
    text = ("还回顾联合国教育、科学及文化组织大会 1970 年 11 月 14 日通过的《关于禁止和防止非法进出口"
            "文化财产和非法转让其所有权的方法的公约》¹⁴和国际统一私法协会 1995 年 6 月 24 日通过的"
            "《关于被盗或非法出口文物的公约》，¹⁵")
    assert find_instruments(text) == []


def test_key_format() -> None:
    mention = InstrumentMention(0, 1, "ga", "dec", 60, 519)
    assert mention.key == "ga-dec-60-519"


# --- Attribution rule ---------------------------------------------------------

@pytest.mark.parametrize("text, key", [
    ("大会第 76/185 号决议", "ga-res-76-185"),
    ("大会第 60/519 号决定", "ga-dec-60-519"),
    ("预防犯罪和刑事司法委员会第 26/3 号决议", "ccpcj-res-26-3"),
    ("麻醉药品委员会第 65/2 号决议", "cnd-res-65-2"),
    ("麻委会第 65/2 号决议", "cnd-res-65-2"),
    ("经济及社会理事会第 20/10 号决议", "ecosoc-res-20-10"),
    ("经社理事会第 20/10 号决议", "ecosoc-res-20-10"),
    ("人权理事会第 49/6 号决议", "hrc-res-49-6"),
    ("安全理事会第 24/82 号决议", "sc-res-24-82"),
])
def test_body_named_right_before_the_number(text: str, key: str) -> None:
    assert keys(text) == [key]


def test_body_before_date_and_quoted_title() -> None:
    text = ("回顾麻醉药品委员会 2022 年 3 月 18 日题为“加强国际合作，处理非法药物贩运与非法枪支贩运"
            "之间的联系”的第 65/2 号决议，")
    [mention] = find_instruments(text)
    assert mention.key == "cnd-res-65-2"
    assert mention.title == "加强国际合作，处理非法药物贩运与非法枪支贩运之间的联系"


def test_body_governs_numbers_after_a_comma_in_the_same_sentence() -> None:
    # cop11-report, resolution 11/5: the body stands before "所有决议，包括…".
    text = ("又回顾大会以往与贩运人口有关的所有决议，包括 2021 年 11 月 22 日题为“2021 年关于执行《联合国"
            "打击贩运人口的全球行动计划》的政治宣言”的第 76/7 号决议和 2021 年 12 月 16 日题为“改进打击"
            "贩运人口工作的协调”的第 76/186 号决议，")
    mentions = find_instruments(text)
    assert [m.key for m in mentions] == ["ga-res-76-7", "ga-res-76-186"]
    assert [m.title for m in mentions] == [
        "2021 年关于执行《联合国打击贩运人口的全球行动计划》的政治宣言", "改进打击贩运人口工作的协调"]


def test_nearest_body_wins_when_another_body_is_named() -> None:
    text = ("又回顾预防犯罪和刑事司法委员会题为“开展国际合作打击贩运文化财产”的第 27/5 号决议，以及缔约"
            "方会议题为“打击侵害文化财产的跨国有组织犯罪”的第 10/7 号决议，")
    assert keys(text) == ["ccpcj-res-27-5", "cop-res-10-7"]


def test_body_acting_on_another_bodys_resolution() -> None:
    # The commission acted "according to" a General Assembly resolution.
    assert keys("还欢迎预防犯罪和刑事司法委员会根据大会第 76/185 号决议，于 2022 年") == ["ga-res-76-185"]


def test_its_after_another_body_means_the_conference() -> None:
    assert keys("回顾大会第 76/7 号决议，并重申其第 10/3 号决议，") == ["ga-res-76-7", "cop-res-10-3"]


def test_its_belongs_to_the_body_just_before_it() -> None:
    assert keys("大会在其第 55/25 号决议中决定，除非缔约方会议另有决定") == ["ga-res-55-25"]
    assert keys("缔约方会议在其关于技术援助活动的第 2/6 号决定中") == ["cop-dec-2-6"]


def test_its_alone_is_the_conference_as_author() -> None:
    text = ("回顾其 2005 年 10 月 19 日题为“《联合国打击跨国有组织犯罪公约》国际合作条款的执行情况”的"
            "第 2/2 号决定中决定")
    [mention] = find_instruments(text)
    assert (mention.key, mention.title) == ("cop-dec-2-2", "《联合国打击跨国有组织犯罪公约》国际合作条款的执行情况")


def test_its_in_qizhong_is_not_a_possessive() -> None:
    # "其中大会" names the Assembly as the new subject.
    assert keys("注意到大会 2021 年 12 月 24 日第 76/233 号决议，其中大会决定设立") == ["ga-res-76-233"]


def test_body_inside_quoted_title_does_not_count() -> None:
    assert keys("回顾大会题为“预防犯罪和刑事司法委员会的工作”的第 70/1 号决议") == ["ga-res-70-1"]


def test_body_inside_book_title_does_not_count() -> None:
    text = "见《联合国小武器和轻武器非法贸易各方面问题大会的报告》和第 5/4 号决议"
    assert keys(text) == ["cop-res-5-4"]


def test_body_in_an_earlier_sentence_does_not_count() -> None:
    assert keys("大会通过了该宣言。在第 7/1 号决议中，缔约方会议决定") == ["cop-res-7-1"]


def test_other_assembly_is_not_the_general_assembly() -> None:
    assert keys("地中海议会大会第 12/3 号决议") == ["other-res-12-3"]


def test_body_name_split_by_wrap_space() -> None:
    assert keys("例如预防犯 罪和刑事司法委员会第 26/3 号决议，") == ["ccpcj-res-26-3"]


# --- Real sentences ------------------------------------------------------------

def test_real_cop11_preamble_with_ga_title_before_date() -> None:
    text = ("回顾大会题为“加强预防犯罪和刑事司法对策以保护文化财产，尤其是防止文化财产被贩运”的 2011 年 12 月"
            " 19 日第 66/180 号决议和 2013 年 12 月 18 日第 68/186 号决议，以及大会 2014 年 12 月 18 日题为"
            "“关于贩运文化财产及其他相关犯罪的预防犯罪和刑事司法对策国际准则”的第 69/196 号决议，")
    mentions = find_instruments(text)
    assert [m.key for m in mentions] == ["ga-res-66-180", "ga-res-68-186", "ga-res-69-196"]
    assert mentions[0].title == "加强预防犯罪和刑事司法对策以保护文化财产，尤其是防止文化财产被贩运"
    # The title stated once before the first is shared by the second (joined
    # by 和 and its date), not by the third, which has its own.
    assert mentions[1].title == mentions[0].title
    assert mentions[2].title == "关于贩运文化财产及其他相关犯罪的预防犯罪和刑事司法对策国际准则"


def test_shared_title_names_every_citation_joined_to_the_first() -> None:
    """题为“T”的第 a 号和第 b 号决议: both are T, whether they share one noun
    or each has its own, and with or without a date before the second."""
    for text in ("题为“T”的第 66/180 号和第 68/186 号决议",
                 "题为“T”的 2011 年 12 月 19 日第 66/180 号决议和 2013 年 12 月 18 日第 68/186 号决议"):
        assert [m.title for m in find_instruments("大会" + text)] == ["T", "T"]


def test_common_title_spans_a_decision_and_a_resolution_until_the_next_title() -> None:
    """共同题为“T”的 <date> 第 a 号决定和 <date> 第 b 号决议、题为“U”的第 c 号决议."""
    text = ("回顾其共同题为“T”的 2008 年 10 月 17 日第 4/2 号决定和 2010 年 10 月 22 日第 5/8 号决议、"
            "题为“U”的 2012 年 10 月 19 日第 6/1 号决议，以及第 7/4 号决议，")
    assert [(m.key, m.title) for m in find_instruments(text)] == [
        ("cop-dec-4-2", "T"), ("cop-res-5-8", "T"), ("cop-res-6-1", "U"), ("cop-res-7-4", "")]


def test_title_is_not_shared_across_other_words() -> None:
    text = "题为“T”的第 5/4 号决议，并注意到第 6/2 号决议"
    assert [m.title for m in find_instruments(text)] == ["T", ""]


def test_real_cop11_conference_list_of_resolutions_and_decisions() -> None:
    text = ("回顾缔约方会议关于实施《禁止贩运人口议定书》的 2010 年 10 月 22 日第 5/2 号决议和 2020 年 10 月"
            " 16 日第 10/3 号决议及 2005 年 10 月 20 日第 2/3 号决定和 2006 年 10 月 18 日第 3/3 号决定，")
    assert keys(text) == ["cop-res-5-2", "cop-res-10-3", "cop-dec-2-3", "cop-dec-3-3"]


def test_real_cop11_its_after_conference_named_as_object() -> None:
    text = ("回顾《联合国打击跨国有组织犯罪公约》²⁴第 32 条赋予缔约方会议的职能，并重申其 2014 年 10 月 10 日"
            "第 7/1 号决议和 2008 年 10 月 17 日第 4/6 号决定，")
    assert keys(text) == ["cop-res-7-1", "cop-dec-4-6"]


def test_real_cop11_footnote() -> None:
    assert cited("见大会第 60/519 号决定、A/60/88 和 A/60/88/Corr.2，附件。") == [
        ("ga-dec-60-519", "第 60/519 号决定")]


def test_real_2022_5_short_commission_name() -> None:
    text = ("麻委会在关于加强国际合作处理非法药物贩运与非法枪支贩运之间联系的第65/2号决议中，请联合国毒品和"
            "犯罪问题办公室执行主任将该决议提供给预防犯罪和刑事司法委员会及联合国打击跨国有组织犯罪公约缔约方会议。")
    assert cited(text) == [("cnd-res-65-2", "第65/2号决议")]


def test_real_wg2_commission_named_before_about_clause() -> None:
    text = ("其中几位发言者提到预防犯罪和刑事司法委员会关于在预防犯罪和刑事司法政策与方案中以及在预防和打击"
            "跨国有组织犯罪工作中将性别视角纳入主流的第 26/3 号决议，")
    assert keys(text) == ["ccpcj-res-26-3"]


def test_real_2024_1_decision_in_brackets() -> None:
    text = ("2022 年 10 月 17 日至 21 日在维也纳举行的缔约方会议第十一届会议通过了第十二届会议临时议程"
            "（第 11/1 号决定）。")
    assert cited(text) == [("cop-dec-11-1", "第 11/1 号决定")]


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCE.glob("*.txt")))
def test_every_cited_noun_in_the_sources_is_found(name: str) -> None:
    """Each "号决议/号决定" of a source closes exactly one citation found."""
    text = joined_source(name)
    nouns = len(re.findall(r"第\s*\d+\s*/\s*\d+\s*号\s*(?:决议|决定)", text))
    closing = [m for m in find_instruments(text) if text[m.end - 2:m.end] in ("决议", "决定")]
    assert nouns > 0
    assert len(closing) == nouns


# --- Symbols ------------------------------------------------------------------

def symbols(text: str) -> list[tuple[str, str]]:
    """(normalised symbol, visible text) of every symbol mention."""
    return [(m.symbol, text[m.start:m.end]) for m in find_symbols(text)]


@pytest.mark.parametrize("symbol", [
    "CTOC/COP/2022/5",
    "CTOC/COP/2022/L.1",
    "CTOC/COP/2022/L.1/Add.9",
    "CTOC/COP/2022/L.10/Rev.2",
    "CTOC/COP/2022/CRP.6",
    "CTOC/COP/2024/INF/1",
    "CTOC/COP/2022/INF/2/Rev.2",
    "CTOC/COP/WG.6/2022/CRP.1",
    "CTOC/COP/WG.7/2021/5",
    "A/60/88",
    "A/60/88/Corr.2",
    "A/CONF.192/15",
    "A/RES/76/185",
    "E/2022/27",
    "E/CN.15/2024/18",
])
def test_single_symbol_in_brackets(symbol: str) -> None:
    text = f"秘书处的报告（{symbol}）；"
    [mention] = find_symbols(text)
    assert (mention.symbol, mention.parts) == (symbol, [symbol])
    assert text[mention.start:mention.end] == symbol


@pytest.mark.parametrize("after", ["。", "，第 2-4 段。", "）。", ")；", " 号会议室文件", "](#)"])
def test_trailing_punctuation_is_not_part_of_the_symbol(after: str) -> None:
    assert symbols(f"CTOC/COP/2022/CRP.3{after}") == [("CTOC/COP/2022/CRP.3", "CTOC/COP/2022/CRP.3")]


def test_joint_symbol_is_one_mention_with_two_parts() -> None:
    [mention] = find_symbols("载有该决议的第六十五届会议报告（E/2022/28-E/CN.7/2022/14）将提交缔约方会议")
    assert mention.symbol == "E/2022/28-E/CN.7/2022/14"
    assert mention.parts == ["E/2022/28", "E/CN.7/2022/14"]


def test_wrap_space_after_slash_is_repaired_but_covered() -> None:
    text = "这些会议的报告（分别为 CTOC/COP/WG.4/2021/6 和 CTOC/COP/ WG.4/2022/4）将提交"
    assert symbols(text) == [("CTOC/COP/WG.4/2021/6", "CTOC/COP/WG.4/2021/6"),
                             ("CTOC/COP/WG.4/2022/4", "CTOC/COP/ WG.4/2022/4")]


def test_wrap_space_inside_first_part_of_joint_symbol() -> None:
    text = "（分别为 CTOC/COP/WG.3/2021/3 和 CTOC/COP/WG.2/ 2022/4-CTOC/COP/WG.3/2022/4）将提交"
    mentions = find_symbols(text)
    assert [m.symbol for m in mentions] == [
        "CTOC/COP/WG.3/2021/3", "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"]
    assert text[mentions[1].start:mentions[1].end] == "CTOC/COP/WG.2/ 2022/4-CTOC/COP/WG.3/2022/4"
    assert mentions[1].parts == ["CTOC/COP/WG.2/2022/4", "CTOC/COP/WG.3/2022/4"]


def test_wrap_space_after_joining_hyphen() -> None:
    text = "这次会议的报告（CTOC/COP/WG.2/2022/4- CTOC/COP/WG.3/2022/4）将提交"
    assert symbols(text) == [("CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4",
                              "CTOC/COP/WG.2/2022/4- CTOC/COP/WG.3/2022/4")]


def test_wrap_space_after_root() -> None:
    assert symbols("技术援助的报告（CTOC/ COP/2016/10）") == [("CTOC/COP/2016/10", "CTOC/ COP/2016/10")]


@pytest.mark.parametrize("text", [
    "http://undocs.org/ch/CTOC/COP/WG.2/2022/1",  # link annotation debris
    "CTOC/COP 的文件",  # a series, not a document
    "CTOC/COP/ 会议",
    "2024-2025 两年期合并预算",
    "COVID-19 大流行",
    "欧盟理事会第 2008/909/JHA 号框架决定",
])
def test_not_a_symbol(text: str) -> None:
    assert find_symbols(text) == []


def test_hyphen_not_followed_by_a_symbol_ends_it() -> None:
    assert symbols("A/76/550-附件") == [("A/76/550", "A/76/550")]


def test_official_url() -> None:
    assert official_url("CTOC/COP/2022/5") == "https://undocs.org/zh/CTOC/COP/2022/5"


@pytest.mark.parametrize("symbol, html_id", [
    ("CTOC/COP/2022/5", "ctoc-cop-2022-5"),
    ("CTOC/COP/WG.2/2022/4", "ctoc-cop-wg2-2022-4"),
    ("CTOC/COP/2022/L.10/Rev.2", "ctoc-cop-2022-l10-rev2"),
    ("CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4", "ctoc-cop-wg2-2022-4--ctoc-cop-wg3-2022-4"),
    ("E/CN.7/2024/17-E/CN.15/2024/18", "e-cn7-2024-17--e-cn15-2024-18"),
])
def test_symbol_id(symbol: str, html_id: str) -> None:
    assert symbol_id(split_symbol(symbol)) == html_id


def test_symbol_ids_of_all_source_symbols_are_distinct_ascii() -> None:
    found = {m.symbol for p in SOURCE.glob("*.txt") for m in find_symbols(joined_source(p.name))}
    ids = {symbol_id(split_symbol(s)) for s in found}
    assert len(found) > 80
    assert len(ids) == len(found)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-+[a-z0-9]+)*", i) for i in ids)


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCE.glob("*.txt")))
def test_every_ctoc_symbol_in_the_sources_is_found(name: str) -> None:
    """Each "CTOC/" outside a URL starts one part of a found symbol."""
    text = joined_source(name)
    starts = len(re.findall(r"(?<![/.A-Za-z])CTOC/", text))
    parts = [p for m in find_symbols(text) for p in m.parts if p.startswith("CTOC/")]
    assert len(parts) == starts


def test_split_symbol() -> None:
    assert split_symbol("A/60/88") == ["A/60/88"]
    assert split_symbol("E/2022/28-E/CN.7/2022/14") == ["E/2022/28", "E/CN.7/2022/14"]


# --- Bodies that report on an instrument but adopt none ----------------------

# The bodies of the table that adopt nothing and serve no body that does
# (the Secretariat, the European Public Prosecutor's Office): read from the
# table, so that a body added to it is covered.
NON_CLAIMANTS = [b for b in BODY_TABLE.values() if not b.adopts and not b.parent]
ADOPTERS = [b for b in BODY_TABLE.values() if b.adopts and b.id != "other"]


def test_the_secretariat_reporting_on_a_resolution_does_not_make_it_someone_elses() -> None:
    # CTOC/COP/2024/1, item 3, and CTOC/COP/2016/1, item 2(a): no body adopts
    # what the Secretariat reports on; the Conference's document, its instrument.
    assert keys("秘书处将口头报告第 11/4 号决议的执行情况。") == ["cop-res-11-4"]
    assert keys("秘书处将口头介绍第 11/2 号决定的最新执行情况。") == ["cop-dec-11-2"]
    assert keys("缔约方会议将收到秘书处关于第 7/1 号决议执行工作所取得的进展的报告") == ["cop-res-7-1"]


@pytest.mark.parametrize("reporter", NON_CLAIMANTS, ids=lambda b: b.id)
def test_a_body_that_adopts_nothing_gives_way_to_the_body_named_before_it(reporter) -> None:
    for adopter in ADOPTERS:
        for name in adopter.names:
            text = f"{name}请{reporter.names[0]}报告第 3/4 号决议的执行情况。"
            assert keys(text) == [f"{adopter.id}-res-3-4"], text
        # Named alone, it leaves the citation to the Conference.
        assert keys(f"{reporter.names[0]}关于第 3/4 号决议的报告") == ["cop-res-3-4"]


def test_random_sentences_attribute_to_the_nearest_adopting_body() -> None:
    """Sentences built at random (seed 30) from the table: a citation is the
    nearest adopting body's (an organ of the Conference standing for the
    Conference), whatever non-adopting bodies stand between."""
    rng = random.Random(30)
    organs = [b for b in BODY_TABLE.values() if b.parent]
    for _ in range(300):
        first = rng.choice(ADOPTERS + organs)
        between = rng.sample(NON_CLAIMANTS, rng.randint(0, len(NON_CLAIMANTS)))
        text = first.names[-1] + "".join(f"请{b.names[0]}" for b in between) + "执行第 12/3 号决定。"
        owner = first.id if first.adopts else first.parent
        assert keys(text) == [f"{owner}-dec-12-3"], text


def test_no_instrument_of_the_reports_is_credited_to_an_invented_body() -> None:
    """Every citation the real reports credit to "other" is in a sentence that
    names an assembly other than the General Assembly (…议会大会); none of
    the Conference's own numbers is."""
    other_assembly = re.compile(r"[会题织法生表]大会")
    for path in sorted(SOURCE.glob("*.txt")):
        text = joined_source(path.name)
        for mention in find_instruments(text):
            if mention.body == "other":
                sentence = re.split(r"[。；]", text[:mention.start])[-1]
                assert other_assembly.search(sentence), (path.name, sentence)
