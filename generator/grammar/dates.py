"""Find and normalise Chinese date expressions in a string.

This module is pure: it reads a string and returns ``DateMention``s that
index into it. It knows nothing about documents or events (see
``corpus.timeline``).

Grammar (``␣`` is optional whitespace: the parser that joins hard-wrapped
lines may leave a space wherever a line was broken, so whitespace is allowed
between every pair of tokens, never inside a number)::

    date      := [YEAR 年] MONTH 月 DAY 日          full date
    month     := YEAR 年 MONTH 月                  month-only, no day after it
    range     := date 至 [[YEAR 年] MONTH 月] DAY 日
    day-run   := date ((和 | 、) [MONTH 月] DAY 日)+
    weekday   := [，|,] 星期(一|二|三|四|五|六|日|天)  after any of the above

Decisions:

* A day-run is split into runs of *consecutive* days. Each consecutive run is
  one mention (``12 日和 13 日`` is one two-day meeting; ``17 日、18 日、19
  日、20 日和 21 日`` is one five-day stretch). Non-consecutive days (``6 月
  9 日和 18 日``) are separate single-day mentions: they are a list of
  occasions, not a period.
* ``及`` joins separate full dates (``2021年 10月 12日和 13日及 2022年 6月
  29日和 30日``): each is its own mention, because each carries its own year.
* A year is only read when a month follows it: ``2030 年可持续发展议程``,
  ``2021 年关于…的政治宣言`` and ``2024-2025 两年期`` are not dates, nor is
  any number without 年/月/日 (``第 2225 卷``, ``2019 冠状病毒病``).
* A date without a year takes the year of the nearest preceding date in the
  same string that states one (the text's own context is the most specific),
  else ``context_year``; if neither exists the expression is dropped, since
  no date can be built. Such mentions have ``year_inferred=True``.
* A range end without a year takes the start's year, plus one if it would
  otherwise end before it starts (``12 月 30 日至 1 月 2 日``).
* A weekday refers to the day written just before it: the end of a range or
  run, else the start. ``weekday_ok`` records whether the calendar agrees; a
  wrong weekday is reported, not used to change the date.
* Impossible dates (``2 月 30 日``) are not mentions.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# Whitespace a joined line break may leave behind (incl. the ideographic space).
_WS = r"[ \t\r\n\u3000]*"
# A year must not continue another number or symbol ("E/CN.7/2024/17").
_NUM_START = r"(?<![\d/.\-－])"

_DATE = re.compile(
    _NUM_START
    + rf"(?:(?P<y>\d{{4}}){_WS}年{_WS})?(?P<m>\d{{1,2}}){_WS}月"
    + rf"(?:{_WS}(?P<d>\d{{1,2}}){_WS}日)?"
)
# The far end of a range, after 至.
_RANGE_END = re.compile(
    rf"{_WS}至{_WS}(?:(?P<y>\d{{4}}){_WS}年{_WS})?"
    rf"(?:(?P<m>\d{{1,2}}){_WS}月{_WS})?(?P<d>\d{{1,2}}){_WS}日"
)
# One more element of a day-run: "和 13 日", "、18 日", "和 11 月 1 日".
_RUN_ITEM = re.compile(
    rf"{_WS}[和、]{_WS}(?:(?P<m>\d{{1,2}}){_WS}月{_WS})?(?P<d>\d{{1,2}}){_WS}日"
)
_WEEKDAY = re.compile(rf"{_WS}[，,]?{_WS}星期(?P<w>[一二三四五六日天])")
# date.weekday() numbering: Monday is 0.
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


@dataclass
class DateMention:
    """One date expression: ``text[start:end]``.

    ``end_date`` is set for ranges and consecutive-day runs, and for
    month-only expressions (the last day of the month; ``precision`` is then
    ``"month"``). ``weekday_given`` uses ``date.weekday()`` numbering
    (Monday = 0); ``weekday_ok`` is None when no weekday is written.
    """

    start: int
    end: int
    start_date: date
    end_date: date | None = None
    weekday_given: int | None = None
    weekday_ok: bool | None = None
    year_inferred: bool = False
    precision: str = "day"  # "day" or "month"

    @property
    def last_date(self) -> date:
        return self.end_date or self.start_date


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _runs(items: list[tuple[date, int, int]]) -> list[list[tuple[date, int, int]]]:
    """Split (date, start, end) items into runs of consecutive days."""
    runs: list[list[tuple[date, int, int]]] = []
    for item in items:
        if runs and item[0] - runs[-1][-1][0] == timedelta(days=1):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _attach_weekday(text: str, mention: DateMention) -> None:
    """Extend ``mention`` over a following 星期X and check it."""
    m = _WEEKDAY.match(text, mention.end)
    if not m:
        return
    mention.end = m.end()
    mention.weekday_given = _WEEKDAYS[m.group("w")]
    mention.weekday_ok = mention.last_date.weekday() == mention.weekday_given


def find_dates(text: str, context_year: int | None = None) -> list[DateMention]:
    """All date mentions in ``text``, in order (see the module docstring)."""
    mentions: list[DateMention] = []
    last_year: int | None = None  # the latest year written out in this text
    pos = 0
    while (m := _DATE.search(text, pos)) is not None:
        pos = m.end()
        if m.group("y") is None and m.group("d") is None:
            continue  # "5 月" alone: too weak to be a date
        inferred = m.group("y") is None
        year = int(m.group("y")) if not inferred else (last_year or context_year)
        if year is None:
            continue
        month = int(m.group("m"))
        if not inferred:
            last_year = year

        if m.group("d") is None:
            first = _make_date(year, month, 1)
            if first is None:
                continue
            last = first.replace(day=calendar.monthrange(year, month)[1])
            mentions.append(DateMention(m.start(), m.end(), first, last, year_inferred=False,
                                        precision="month"))
            continue

        start_date = _make_date(year, month, int(m.group("d")))
        if start_date is None:
            continue

        rng = _RANGE_END.match(text, m.end())
        if rng:
            end_date = _range_end(rng, start_date)
            if end_date is not None and end_date > start_date:
                if rng.group("y"):
                    last_year = end_date.year
                mention = DateMention(m.start(), rng.end(), start_date, end_date,
                                      year_inferred=inferred)
                _attach_weekday(text, mention)
                mentions.append(mention)
                pos = mention.end
                continue

        # A single date, possibly the head of a day-run.
        items = [(start_date, m.start(), m.end())]
        run_pos = m.end()
        cur_month = month
        while (item := _RUN_ITEM.match(text, run_pos)) is not None:
            if item.group("m"):
                cur_month = int(item.group("m"))
            day = _make_date(year, cur_month, int(item.group("d")))
            if day is None or day <= items[-1][0]:
                break
            # The item's own span starts at its number, not at the connector.
            items.append((day, item.start("m") if item.group("m") else item.start("d"),
                          item.end()))
            run_pos = item.end()
        for run in _runs(items):
            mention = DateMention(run[0][1], run[-1][2], run[0][0],
                                  run[-1][0] if len(run) > 1 else None,
                                  year_inferred=inferred)
            mentions.append(mention)
        _attach_weekday(text, mentions[-1])
        pos = mentions[-1].end
    return mentions


def _range_end(rng: re.Match[str], start: date) -> date | None:
    """The date closing a range that began on ``start``."""
    month = int(rng.group("m")) if rng.group("m") else start.month
    if rng.group("y"):
        return _make_date(int(rng.group("y")), month, int(rng.group("d")))
    end = _make_date(start.year, month, int(rng.group("d")))
    if end is not None and end < start:
        # "12 月 30 日至 1 月 2 日": the range crosses into the next year.
        end = _make_date(start.year + 1, month, int(rng.group("d")))
    return end
