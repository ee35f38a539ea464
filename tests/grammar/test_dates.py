"""Chinese date expressions (generator.grammar.dates), one test per grammar rule.

Expected dates were read off the source texts; weekdays are cross-checked
with the calendar module in the tests themselves.
"""

from __future__ import annotations

import calendar
from datetime import date

import pytest

from generator.grammar.dates import find_dates


def spans(text: str, context_year: int | None = None) -> list[str]:
    return [text[m.start:m.end] for m in find_dates(text, context_year)]


def test_range_within_a_month() -> None:
    [m] = find_dates("2022 年 10 月 17 日至 21 日")
    assert (m.start_date, m.end_date) == (date(2022, 10, 17), date(2022, 10, 21))
    assert not m.year_inferred and m.weekday_given is None and m.weekday_ok is None


def test_range_across_months_keeps_the_year() -> None:
    [m] = find_dates("2022 年 10 月 17 日至 11 月 2 日")
    assert (m.start_date, m.end_date) == (date(2022, 10, 17), date(2022, 11, 2))


def test_range_across_a_year_end_rolls_the_year() -> None:
    [m] = find_dates("2022 年 12 月 30 日至 1 月 2 日")
    assert m.end_date == date(2023, 1, 2)


def test_range_from_cop11_report_paragraph() -> None:
    # cop11-report.txt para 2 (2024-1 item 2(d)): a range across months.
    text = "注意到 2022 年 6 月 27 日至 7 月 1 日召开的各国审议《行动纲领》执行情况第八次双年度会议的报告"
    [m] = find_dates(text)
    assert (m.start_date, m.end_date) == (date(2022, 6, 27), date(2022, 7, 1))
    assert text[m.start:m.end] == "2022 年 6 月 27 日至 7 月 1 日"


def test_he_between_consecutive_days_is_one_two_day_range() -> None:
    [m] = find_dates("2021 年 3 月 25 日和 26 日举行的国际合作工作组第十二次会议")
    assert (m.start_date, m.end_date) == (date(2021, 3, 25), date(2021, 3, 26))


def test_he_between_non_consecutive_days_is_a_list() -> None:
    found = find_dates("6 月 9 日和 18 日", context_year=2016)
    assert [(m.start_date, m.end_date) for m in found] == [
        (date(2016, 6, 9), None), (date(2016, 6, 18), None)]


def test_ji_separates_dated_items_each_with_its_year() -> None:
    # ctoc-cop-2022-5.txt, heading before para 1 (one space left per line break).
    text = "2021年 10月 12日和 13日及 2022年 6月 29日和 30日在维也纳举行的贩运人口问题工作组会议的报告"
    found = find_dates(text)
    assert [(m.start_date, m.end_date) for m in found] == [
        (date(2021, 10, 12), date(2021, 10, 13)), (date(2022, 6, 29), date(2022, 6, 30))]
    assert spans(text) == ["2021年 10月 12日和 13日", "2022年 6月 29日和 30日"]


def test_enumerated_consecutive_days_form_one_stretch() -> None:
    # cop11-report.txt para 24.
    text = "缔约方会议主席团在 2022 年 10 月 17 日、18 日、19 日、20 日和 21 日第 1、2、3、4、5 次会议上审议了全权证书问题。"
    [m] = find_dates(text)
    assert (m.start_date, m.end_date) == (date(2022, 10, 17), date(2022, 10, 21))


@pytest.mark.parametrize("text", [
    "2022 年 5 月 23 日至 27 日",
    "2022年5月23日至27日",
    "2022 年 5月 23 日至 27日",          # ctoc-cop-2022-5.txt para 13
    "2022 年 5 月 23 日至27 日",          # ctoc-cop-wg2-2022-4.txt title
    "2022 年 5 月 23 日至\n27 日",        # a line break the parser did not join
    "2022\u3000年\u30005\u3000月\u300023\u3000日至\u300027\u3000日",
])
def test_spacing_variants(text: str) -> None:
    [m] = find_dates(text)
    assert (m.start_date, m.end_date) == (date(2022, 5, 23), date(2022, 5, 27))
    assert (m.start, m.end) == (0, len(text))


def test_line_break_between_month_number_and_yue() -> None:
    # ctoc-cop-wg2-2022-4.txt line 475-476: "2008 年 11" / "月 27 日".
    [m] = find_dates("欧洲联盟理事会 2008 年 11\n月 27 日关于")
    assert m.start_date == date(2008, 11, 27)


def test_weekday_that_agrees() -> None:
    # ctoc-cop-2024-1.txt item 1(c): "截止时间为 2024 年 9 月 30 日星期一".
    assert calendar.weekday(2024, 9, 30) == calendar.MONDAY
    [m] = find_dates("规定截止时间为 2024 年 9 月 30 日星期一。")
    assert m.start_date == date(2024, 9, 30)
    assert (m.weekday_given, m.weekday_ok) == (0, True)


def test_weekday_that_disagrees_is_reported_not_corrected() -> None:
    [m] = find_dates("2024 年 9 月 30 日星期二")
    assert m.start_date == date(2024, 9, 30)
    assert (m.weekday_given, m.weekday_ok) == (1, False)


def test_weekday_is_part_of_the_mention() -> None:
    text = "报名函应最迟于 2024 年 10 月 4 日星期五中午发出"
    assert calendar.weekday(2024, 10, 4) == calendar.FRIDAY
    assert spans(text) == ["2024 年 10 月 4 日星期五"]
    assert find_dates(text)[0].weekday_ok is True


def test_yearless_date_takes_context_year() -> None:
    # ctoc-cop-wg2-2022-4.txt para 30; the meeting was in 2022.
    [m] = find_dates("在 5 月 25 日第 5 和第 6 场会议上", context_year=2022)
    assert m.start_date == date(2022, 5, 25)
    assert m.year_inferred


def test_yearless_schedule_row_checks_weekday_with_context_year() -> None:
    # ctoc-cop-2024-1.txt annex: "10月14日，星期一".
    assert calendar.weekday(2024, 10, 14) == calendar.MONDAY
    [m] = find_dates("10月14日，星期一", context_year=2024)
    assert (m.start_date, m.weekday_given, m.weekday_ok, m.year_inferred) == (
        date(2024, 10, 14), 0, True, True)
    [wrong] = find_dates("10月14日，星期一", context_year=2023)
    assert wrong.weekday_ok is False


def test_yearless_date_prefers_an_earlier_year_in_the_same_text() -> None:
    # cop11-report.txt para 140: the year is written once, earlier in the paragraph.
    text = ("缔约方会议在 2022 年 10 月 21 日第 11 次会议上审议了议程项目 7。"
            "随后也经过了扩大主席团 10 月 20 日和 21 日第 1、4、5 次会议讨论。")
    found = find_dates(text, context_year=1999)
    assert [(m.start_date, m.end_date, m.year_inferred) for m in found] == [
        (date(2022, 10, 21), None, False), (date(2022, 10, 20), date(2022, 10, 21), True)]


def test_yearless_date_without_any_year_is_dropped() -> None:
    assert find_dates("会前非正式磋商将于 10 月 14 日星期五举行") == []


def test_yearless_date_with_wrong_weekday_in_2016_document() -> None:
    # ctoc-cop-2016-1.txt item 1(c): "会前非正式磋商将于 10 月 14 日星期五举行" (2016).
    assert calendar.weekday(2016, 10, 14) == calendar.FRIDAY
    [m] = find_dates("会前非正式磋商将于 10 月 14 日星期五举行", context_year=2016)
    assert m.weekday_ok is True


def test_month_only_expression() -> None:
    # ctoc-cop-2024-1.txt item 6: "在 2024 年 12 月举行的续会".
    [m] = find_dates("预防犯罪和刑事司法委员会在 2024 年 12 月举行的续会")
    assert (m.start_date, m.end_date, m.precision) == (date(2024, 12, 1), date(2024, 12, 31), "month")


@pytest.mark.parametrize("text", [
    "第 2225 卷",
    "2019 冠状病毒病（COVID-19）大流行",
    "《2030 年可持续发展议程》",
    "毒罪办 2024-2025 两年期合并预算",
    "2021 年关于执行《联合国打击贩运人口的全球行动计划》的政治宣言",
    "E/CN.7/2024/17-E/CN.15/2024/18",
    "第2017/1939 号条例",
    "5 月",                 # a month alone
    "2023 年 2 月 30 日",    # no such day
])
def test_not_dates(text: str) -> None:
    assert find_dates(text, context_year=2024) == []


def test_mentions_index_the_text_in_order() -> None:
    # cop11-report.txt res 11/4 preamble: two dates for two instruments.
    text = "分别于 1954 年 5 月 14 日和 1999 年 3 月 26 日通过的该《公约》"
    assert spans(text) == ["1954 年 5 月 14 日", "1999 年 3 月 26 日"]
