"""Events across the corpus: what happened when, and where each text says so.

Every anchored node (and footnote) is searched for date mentions
(``dates.find_dates``); each mention becomes a *statement* — body, kind,
ordinal, dates, title — read from the clause around it. Statements of the
same event are then merged into one ``Event`` with several sources.

Bodies (``BODIES``): ``cop`` (the Conference), ``cop-bureau`` (its Bureau
and extended Bureau), the five working groups ``wg-trafficking``,
``wg-smuggling``, ``wg-firearms``, ``wg-cooperation``,
``wg-technical-assistance``, ``cnd``, ``ccpcj``, ``ga``, ``other``.

Kinds: ``session`` (第N届会议 of the Conference or a commission, and their
续会), ``meeting`` (第N次会议 of a working group or the Bureau, numbered
plenary meetings 第 1 次会议 / 第 5 和第 6 场会议 inside a session, other
meetings and dialogues), ``adoption`` (a resolution or decision 第 X/Y 号
决议, or an instrument 通过的《…》), ``deadline`` (截止, 最迟, 不迟于),
``publication`` (印发, 重发), ``other`` (anything else with a date, e.g. "as
of" dates).

Reading a statement, in this order (the text is first stripped of the
spaces joined line breaks leave between Chinese characters):

1. a resolution/decision number right after the date (optionally after
   题为“…”的) -> adoption;
2. 通过的《title》 right after the date -> adoption of that instrument;
3. 截止/最迟/不迟于 in the date's comma-clause -> deadline; 印发/重发 after it
   -> publication;
4. an ordinal 第N届会议 / 第N次会议 right before the date ("第十一届会议于
   2022 年…", "工作组第十二次会议（2020年7月9日和10日）"), or one after it
   reached only through "在维也纳举行的", "举行了", a body name, or a "与…同时
   /衔接/平行举行的" phrase (that other meeting is skipped: it is held
   alongside, not the dated one) -> session (届) or meeting (次). An ordinal
   followed by 结束后/之后 ("after the meeting") is not the dated event.
   Dates joined only by 和/及/、 share the words after the last of them;
   when those name as many ordinals as there are dates (第十一次和第十二次
   会议) they are paired in order;
5. numbered meetings right after the date (第 1 次会议, 第 5 和第 6 场会议)
   -> meeting, titled after the session or meeting of the same body whose
   dates contain them ("缔约方会议第十一届会议第 1 次会议");
6. 续会, 建设性对话, 专题讨论, 专家讨论, or 会议 with a body right before it
   or 举行 before it ("在维也纳举行的…工作组会议") -> session (续会) or meeting;
7. otherwise ``adoption`` if 通过/核准/核可/商定 follows, else ``other``;
   titled with the comma-clause minus its dates. A text that is only a date
   (a day heading in a schedule table) makes no event; one that repeats the
   document's own session dates ("2016 年 10 月 17 日至 21 日，维也纳") is
   that session.

The body is the one written right before the ordinal or noun (贩运人口问题
工作组第十一次会议); else the last one named before the date in its
comma-clause, skipping "与 X" (缔约方会议在…); else the one the sentence opens
with ("贩运人口问题工作组…举行了第十一次会议，…举行了第十二次会议"); a bare
工作组 ("该工作组", "工作组第八次会议") is the last working group named,
in this node or an earlier one of the same document; 本届会议 and texts
naming none fall back to the document's own body (first body in its title,
else its symbol: CTOC/COP -> cop, WG.2 -> technical assistance, …), or to
``other`` for a 第N次会议 (an expert meeting, say). Resolutions: "其"
right before the date is the document's body (回顾其 2005 年…第 2/2 号决
定), else the last body in the clause, else by number: a session part below
20 is the Conference's; the commissions and the General Assembly number
theirs from the 20s upwards.

Merging — two statements are the same event when:

* sessions and meetings: same body, same kind and same ordinal, and dates
  that agree (one range contains the other: "定于 10 月 14 日开幕" is the
  first day of the 14–18 October session). The event keeps the longest
  range. Same ordinal with dates that disagree stays two events, so a
  discrepancy between texts is visible rather than silently resolved;
* a session/meeting stated without an ordinal ("2021年 10月 12日和 13日…举行
  的贩运人口问题工作组会议") joins the event of the same body and kind with
  exactly the same dates;
* numbered plenary meetings: same body, same numbers, same dates;
* adoptions: same body and same resolution number, or same instrument and
  date;
* anything else: same kind, dates and title (and, for publications, the same
  document, since each document is reissued on its own).

Years of year-less dates: the nearest earlier full date in the same text,
else the year of the document's session dates (``DocumentInfo.session_dates``),
else of the first date in its title (a report "…2022 年 5 月 23 日至 27 日在维也
纳举行的会议报告"), else of its issue date (``DocumentInfo.date``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from jinja2 import Environment

from .dates import DateMention, find_dates
from .mdtext import escape_html, escape_inline
from .model import Document, DocumentInfo
from .parse import chinese_number
from .render import page_source
from .templating import plain_overlay

BODIES: dict[str, str] = {
    "cop": "缔约方会议",
    "cop-bureau": "缔约方会议主席团",
    "wg-trafficking": "贩运人口问题工作组",
    "wg-smuggling": "偷运移民问题工作组",
    "wg-firearms": "枪支问题工作组",
    "wg-cooperation": "国际合作工作组",
    "wg-technical-assistance": "技术援助问题政府专家工作组",
    "cnd": "麻醉药品委员会",
    "ccpcj": "预防犯罪和刑事司法委员会",
    "ga": "大会",
    "other": "其他",
}
KINDS: dict[str, str] = {
    "session": "届会",
    "meeting": "会议",
    "adoption": "通过",
    "deadline": "截止日期",
    "publication": "印发",
    "other": "其他",
}
# SVG rows: the Conference, then each working group; everything else shares one row.
_SVG_ROWS = ("cop", "wg-trafficking", "wg-smuggling", "wg-firearms",
             "wg-cooperation", "wg-technical-assistance")


# Body names as written. Alternation is tried left to right at each
# position, so the Bureau ("缔约方会议扩大主席团") wins over the Conference,
# and a named working group wins over a bare 工作组.
_BODY_RE = re.compile(
    r"(?P<bureau>(?:缔约方会议)?(?:扩大)?主席团)"
    r"|(?P<ta>技术援助问题(?:不限成员名额)?政府专家(?:临时)?工作组)"
    r"|(?P<coop>国际合作(?:不限成员名额)?工作组)"
    r"|(?P<tip>贩运人口问题(?:临时)?工作组)"
    r"|(?P<som>偷运移民问题(?:政府间临时)?工作组)"
    r"|(?P<fa>枪支问题(?:不限成员名额政府间)?工作组)"
    r"|(?P<anywg>工作组)"
    r"|(?P<cop>缔约方会议)"
    r"|(?P<cnd>麻醉药品委员会|麻委会)"
    r"|(?P<ccpcj>预防犯罪和刑事司法委员会|预防犯罪委员会)"
    # Not UNESCO's 组织大会 nor a 问题大会 (the 2001 small arms conference).
    r"|(?P<ga>(?<![织题])大会)"
    r"|(?P<this>本届会议)"
)
_BODY_GROUPS = {"bureau": "cop-bureau", "ta": "wg-technical-assistance",
                "coop": "wg-cooperation", "tip": "wg-trafficking",
                "som": "wg-smuggling", "fa": "wg-firearms", "cop": "cop",
                "cnd": "cnd", "ccpcj": "ccpcj", "ga": "ga"}

_CN = "一二三四五六七八九十百零〇两"
# 第十一届会议, 第十一次和第十二次会议, 第二次会议, 第八次双年度会议
# (Chinese numerals; the text is whitespace-normalised first, see _squeeze).
_ORDINAL_RE = re.compile(
    rf"第(?P<first>[{_CN}]+)(?P<unit>届|次)"
    rf"(?P<more>(?:(?:和|、|及)第[{_CN}]+(?:届|次))*)(?P<noun>(?:双年度)?会议|续会)"
)
# Numbered meetings inside a session: 第1次会议, 第1、2、3、4次会议,
# 第5和第6场会议, 第一场会议.
_PLENARY_RE = re.compile(
    rf"第[\d{_CN}]+(?:次|场)?(?:(?:、|和|及)第?[\d{_CN}]+(?:次|场)?)*(?P<unit>次|场)(?:全体)?会议"
)
_NUMBER_RE = re.compile(rf"\d+|[{_CN}]+")
_RESOLUTION_RE = re.compile(r"(?:题为“[^”]*”的)?第(?P<num>\d+/\d+)号(?P<what>决议|决定)")
_INSTRUMENT_RE = re.compile(r"(?:通过的|通过了)(?P<title>该?《[^》]*》)")
# Between an ordinal and the date it introduces ("第十一届会议于", "定于").
_ORDINAL_LEAD_RE = re.compile(r"[将已定于在的（(]*")
# Between a date and the ordinal (or the body before it) naming the dated
# event: "在维也纳举行的", "举行了", "与…同时举行的" (another meeting held
# alongside is skipped, it is not the dated one).
_ORDINAL_FOLLOW_RE = re.compile(
    r"(?:与[^，。；]*?(?:同时|衔接|平行)举行的?)?(?:在[^，。；]{0,6}?)?(?:举行|召开)?[了的]?"
)
# Between a date and numbered meetings: "举行的", "本届会议", a body.
_PLENARY_LEAD_RE = re.compile(r"(?:举行的|本届会议|在|缔约方会议|(?:扩大)?主席团)*")
# Only connectors between two dates: they share what follows the last one.
_CONNECTOR_RE = re.compile(r"[和及、,，以]*")
_AFTER_RE = re.compile(r"(?:结束后|之后|以后|前|之前)")
_DEADLINE_RE = re.compile(r"截止|最迟|不迟于|之前出示")
_PUBLICATION_RE = re.compile(r"印发|重发")
_ADOPTION_RE = re.compile(r"通过|核准|核可|商定")
# Events named without an ordinal; 会议 only counts with a body or 举行.
_NOUN_RE = re.compile(r"续会|建设性对话|(?:联合)?专题讨论|专家讨论|会议")
_CJK = r"\u2e80-\u9fff\uff00-\uffef"
_CLAUSE_END = "。；;"
_SUBCLAUSE_END = "。；;，,"
_SYMBOL_WG = {"2": "wg-technical-assistance", "3": "wg-cooperation",
              "4": "wg-trafficking", "6": "wg-firearms", "7": "wg-smuggling"}
_EXCERPT_LEN = 60


@dataclass
class Event:
    """One thing that happened, with every (doc slug, anchor id) that states it.

    An anchor of ``""`` means the document's header (its session and dates),
    which has no anchor of its own.
    """

    start: date
    end: date | None
    title: str
    kind: str
    body: str
    sources: list[tuple[str, str]] = field(default_factory=list)
    precision: str = "day"  # "month" for 2024 年 12 月


@dataclass
class _Statement:
    """What one date mention says, before merging."""

    start: date
    end: date | None
    kind: str
    body: str
    title: str
    ordinal: str = ""  # "11" (session/meeting), "决议 5/2", "plenary 1,2"
    source: tuple[str, str] = ("", "")
    precision: str = "day"

    @property
    def last(self) -> date:
        return self.end or self.start


def _cn_ordinal(n: int) -> str:
    """11 -> 十一 (titles use the canonical Chinese numeral)."""
    units = "零一二三四五六七八九"
    if n < 10:
        return units[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (units[tens] if tens > 1 else "") + "十" + (units[ones] if ones else "")
    return str(n)


def _squeeze(text: str) -> str:
    """Drop whitespace next to Chinese characters.

    A joined line break leaves a space anywhere, even inside a word ("第十三
    次会议", "贩运人 口问题工作组"); Chinese has no spaces between words, so
    removing them is safe and lets the patterns below stay simple.
    """
    text = re.sub(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """The stretch around [start, end) between two stop characters outside “quotes”."""
    left, depth = 0, 0
    for i in range(start - 1, -1, -1):
        char = text[i]
        depth += (char == "”") - (char == "“")
        if depth <= 0 and char in stops:
            left = i + 1
            break
    right, depth = len(text), 0
    for i in range(end, len(text)):
        char = text[i]
        depth += (char == "“") - (char == "”")
        if depth <= 0 and char in stops:
            right = i
            break
    return left, right


class _Reader:
    """Reads the statements of one document, node by node in document order."""

    def __init__(self, doc: Document) -> None:
        self.info = doc.info
        self.default_body = _document_body(doc.info)
        self.context_year = _context_year(doc.info)
        # The working group a bare 该工作组 refers to, carried across nodes.
        self.last_wg = self.default_body if self.default_body.startswith("wg-") else ""
        self.header = self._header_statement()

    def statements(self, raw: str, anchor: str) -> list[_Statement]:
        text = _squeeze(raw)
        mentions = find_dates(text, self.context_year)
        out: list[_Statement] = []
        for i in range(len(mentions)):
            stmt = self._read(text, mentions, i)
            if stmt is not None:
                stmt.source = (self.info.slug, anchor)
                out.append(stmt)
        for match in _BODY_RE.finditer(text):
            body = _BODY_GROUPS.get(match.lastgroup or "", "")
            if body.startswith("wg-"):
                self.last_wg = body
        return out

    # -- one mention --------------------------------------------------------

    def _read(self, text: str, mentions: list[DateMention], i: int) -> _Statement | None:
        mention = mentions[i]
        clause_start, clause_end = _bounds(text, mention.start, mention.end, _CLAUSE_END)
        sub_start, sub_end = _bounds(text, mention.start, mention.end, _SUBCLAUSE_END)
        # Dates joined only by 和/及 share the words after the last of them.
        group_first, group_last = _shared_group(text, mentions, i, clause_end)
        tail_start = mentions[group_last].end
        tail_end = min(mentions[group_last + 1].start if group_last + 1 < len(mentions)
                       else clause_end, clause_end)
        tail = text[tail_start:tail_end]

        def make(kind: str, body: str, title: str, ordinal: str = "") -> _Statement:
            return _Statement(mention.start_date, mention.end_date, kind, body, title,
                              ordinal, precision=mention.precision)

        res = _RESOLUTION_RE.match(tail)
        if res:
            body = self._resolution_body(text, mention.start, clause_start)
            if body is None:
                # Commissions and the General Assembly number theirs from the 20s up.
                body = "cop" if int(res.group("num").split("/")[0]) < 20 else "other"
            what = res.group("what")
            return make("adoption", body, f"{_body_name(body)}第 {res.group('num')} 号{what}",
                        f"{what} {res.group('num')}")
        inst = _INSTRUMENT_RE.match(tail)
        if inst:
            body = self._attached_body(text, mention.start) or "other"
            return make("adoption", body, "通过" + inst.group("title"),
                        "instrument " + inst.group("title"))
        if _DEADLINE_RE.search(text, sub_start, sub_end):
            body = self._subject_body(text, mention.start) or self.default_body
            return make("deadline", body, _excerpt(text, sub_start, sub_end, mentions))
        if _PUBLICATION_RE.search(tail):
            label = self.info.symbol or self.info.slug
            return make("publication", self.default_body,
                        f"{label}：{_excerpt(text, clause_start, clause_end, mentions)}",
                        "doc " + self.info.slug)

        event = self._ordinal_event(text, mention, clause_start, tail_start, tail_end,
                                    i - group_first, group_last - group_first + 1)
        if event is not None:
            kind, body, title, ordinal = event
            return make(kind, body, title, ordinal)

        plenary = _PLENARY_RE.search(text, tail_start, tail_end)
        if plenary and _PLENARY_LEAD_RE.fullmatch(text, tail_start, plenary.start()):
            body = self._subject_body(text, mention.start) or self.default_body
            numbers = [str(chinese_number(n)) for n in _NUMBER_RE.findall(plenary.group()[1:])]
            title = f"第 {'、'.join(numbers)} {plenary.group('unit')}会议"
            return make("meeting", body, title, "plenary " + ",".join(numbers))

        named = self._named_event(text, mention.start, tail_start, sub_end, clause_end)
        if named is not None:
            kind, body, title = named
            return make(kind, body, title)

        excerpt = (_excerpt(text, sub_start, sub_end, mentions)
                   or _excerpt(text, clause_start, clause_end, mentions))
        if not excerpt:
            return None  # a bare date, e.g. a day heading in a schedule table
        if self.header and (mention.start_date, mention.end_date) == (
                self.header.start, self.header.end):
            # The session dates repeated under the title ("…，维也纳").
            return make(self.header.kind, self.header.body, self.header.title,
                        self.header.ordinal)
        body = self._subject_body(text, mention.start) or self.default_body
        kind = "adoption" if _ADOPTION_RE.search(tail) else "other"
        return make(kind, body, excerpt)

    def _named_event(self, text: str, date_start: int, tail_start: int, sub_end: int,
                     clause_end: int) -> tuple[str, str, str] | None:
        """(kind, body, title) for 续会/建设性对话/…会议 named after the date without
        an ordinal. 会议 counts only within the comma-clause and with a body
        right before it or 举行 between ("在维也纳举行的会议")."""
        body_spans = [m.span() for m in _BODY_RE.finditer(text, tail_start, clause_end)]
        for noun in _NOUN_RE.finditer(text, tail_start, clause_end):
            word = noun.group()
            inside_name = any(a <= noun.start() < b for a, b in body_spans)
            if word == "会议" and (inside_name or noun.start() >= sub_end
                                 or text[noun.start() - 1] in "次届场"):
                continue
            attached = self._attached_body(text, noun.start())
            held = "举行" in text[tail_start:noun.start()]
            if word == "会议" and not (attached or held):
                continue
            between = _BODY_RE.search(text, tail_start, noun.start())
            body = (attached or self._subject_body(text, date_start)
                    or (self._resolve(text, between) if between else "other"))
            kind = "session" if word == "续会" else "meeting"
            if body == "other":
                # No body to name it by: use the words that describe it.
                phrase = re.sub(r"^.*?(?:举行|召开)[了的]?", "", text[tail_start:noun.end()])
                return kind, body, phrase[-_EXCERPT_LEN:]
            return kind, body, _body_name(body) + word
        return None

    def _ordinal_event(self, text: str, mention: DateMention, clause_start: int,
                       tail_start: int, tail_end: int, position: int,
                       group_size: int) -> tuple[str, str, str, str] | None:
        """(kind, body, title, ordinal) when a 第N届/次会议 names the dated event."""
        ordinal = None
        for match in _ORDINAL_RE.finditer(text, clause_start, mention.start):
            if _ORDINAL_LEAD_RE.fullmatch(text, match.end(), mention.start):
                ordinal = match  # "第十一届会议于 <date>"
        numbers: list[int] = []
        if ordinal is not None:
            numbers = [chinese_number(ordinal.group("first"))]
        else:
            ordinal = _ordinal_after(text, tail_start, tail_end)
            if ordinal is None:
                return None
            numbers = [chinese_number(n) for n in _NUMBER_RE.findall(
                ordinal.group("first") + ordinal.group("more"))]
            if len(numbers) != group_size:
                # Several dates and not as many ordinals: cannot pair them.
                numbers = numbers[:1] if group_size == 1 else []
            else:
                numbers = [numbers[position]]
        if not numbers:
            return None
        unit = ordinal.group("unit")
        # "第八届会议" alone in a Conference document is the Conference's; a
        # 第N次会议 with no body named is someone else's (an expert meeting).
        fallback = self.default_body if unit == "届" else "other"
        body = (self._attached_body(text, ordinal.start())
                or self._subject_body(text, mention.start) or fallback)
        kind = "session" if unit == "届" else "meeting"
        title = f"{_body_name(body)}第{_cn_ordinal(numbers[0])}{unit}{ordinal.group('noun')}"
        return kind, body, title, str(numbers[0])

    def _attached_body(self, text: str, pos: int) -> str | None:
        """The body written right before ``pos`` (optionally with 的)."""
        start = _attached_start(text, pos)
        if start == pos:
            return None
        match = _BODY_RE.match(text, start)
        return self._resolve(text, match) if match else None

    def _resolution_body(self, text: str, pos: int, clause_start: int) -> str | None:
        """Whose resolution: 其 is the author of the text itself ("回顾其 2005 年…第 2/2
        号决定"); else the last body named before it in the clause."""
        if text[max(0, pos - 1):pos] == "其":
            return self.default_body
        last = None
        for match in _BODY_RE.finditer(text, clause_start, pos):
            last = match
        return self._resolve(text, last) if last is not None else None

    def _subject_body(self, text: str, pos: int) -> str | None:
        """Who the date is about: the last body named in its comma-clause, else the
        body the sentence opens with ("贩运人口问题工作组…举行了第十一次会议，…举行了
        第十二次会议")."""
        sub_start, _ = _bounds(text, pos, pos, _SUBCLAUSE_END)
        last = None
        for match in _BODY_RE.finditer(text, sub_start, pos):
            if text[max(sub_start, match.start() - 1):match.start()] != "与":
                last = match
        if last is not None:
            return self._resolve(text, last)
        sentence_start, _ = _bounds(text, pos, pos, _CLAUSE_END)
        opening = _BODY_RE.search(text, sentence_start, pos)
        if opening is not None and opening.start() - sentence_start <= 4:
            return self._resolve(text, opening)
        return None

    def _resolve(self, text: str, match: re.Match[str]) -> str:
        """A body id for a match; a bare 工作组 is the last working group named."""
        group = match.lastgroup or ""
        if group == "this":
            return self.default_body
        if group != "anywg":
            return _BODY_GROUPS[group]
        for earlier in reversed(list(_BODY_RE.finditer(text, 0, match.start()))):
            body = _BODY_GROUPS.get(earlier.lastgroup or "", "")
            if body.startswith("wg-"):
                return body
        return self.last_wg or "other"

    def _header_statement(self) -> _Statement | None:
        """The session named in the document's header, if its dates are known."""
        info = self.info
        dates = find_dates(info.session_dates, self.context_year)
        ordinal = _ORDINAL_RE.search(_squeeze(info.session)) if info.session else None
        if not dates or ordinal is None:
            return None
        n = chinese_number(ordinal.group("first"))
        unit = ordinal.group("unit")
        kind = "session" if unit == "届" else "meeting"
        title = f"{_body_name(self.default_body)}第{_cn_ordinal(n)}{unit}{ordinal.group('noun')}"
        return _Statement(dates[0].start_date, dates[0].end_date, kind, self.default_body,
                          title, str(n), (info.slug, ""))


def _shared_group(text: str, mentions: list[DateMention], i: int,
                  clause_end: int) -> tuple[int, int]:
    """The run of mentions around ``i`` joined only by 和/及/、."""
    first = i
    while first > 0 and _CONNECTOR_RE.fullmatch(text, mentions[first - 1].end,
                                                 mentions[first].start):
        first -= 1
    last = i
    while (last + 1 < len(mentions) and mentions[last + 1].start < clause_end
           and _CONNECTOR_RE.fullmatch(text, mentions[last].end, mentions[last + 1].start)):
        last += 1
    return first, last


def _attached_start(text: str, pos: int) -> int:
    """Where the body written right before ``pos`` (optionally with 的) starts."""
    stem = text[:pos].removesuffix("的")
    for match in _BODY_RE.finditer(stem, max(0, len(stem) - 20)):
        if match.end() == len(stem):
            return match.start()
    return pos


def _ordinal_after(text: str, start: int, end: int) -> re.Match[str] | None:
    """The ordinal after a date that names the dated event, if any."""
    for ordinal in _ORDINAL_RE.finditer(text, start, end):
        lead_end = _attached_start(text, ordinal.start())
        if not _ORDINAL_FOLLOW_RE.fullmatch(text, start, lead_end):
            continue
        # "第十二次会议结束后举行的…": the date is after that meeting.
        if _AFTER_RE.match(text, ordinal.end()):
            continue
        return ordinal
    return None


def _excerpt(text: str, start: int, end: int, mentions: list[DateMention]) -> str:
    """The clause with its dates cut out: a title for an event with no name."""
    parts: list[str] = []
    pos = start
    for m in mentions:
        if start <= m.start < end:
            before = text[pos:m.start]
            # "将于 <date> 举行" reads "将举行" once the date is gone.
            parts.append(re.sub(r"(?<=[将已应并而])在$|^[于在]$|(?<!迟)于$", "", before))
            pos = m.end
    parts.append(text[pos:end])
    clause = "".join(parts).strip(" ，,、：:")
    if len(clause) > _EXCERPT_LEN:
        clause = clause[:_EXCERPT_LEN].rstrip() + "…"
    return clause


def _body_name(body: str) -> str:
    return BODIES[body] if body != "other" else ""


def _document_body(info: DocumentInfo) -> str:
    """The body a document is about: named in its title, else in its symbol."""
    match = _BODY_RE.search(info.title or "")
    if match and match.lastgroup in _BODY_GROUPS:
        return _BODY_GROUPS[match.lastgroup]
    wg = re.search(r"/WG\.(\d)", info.symbol)
    if wg and wg.group(1) in _SYMBOL_WG:
        return _SYMBOL_WG[wg.group(1)]
    if info.symbol.startswith("CTOC/COP"):
        return "cop"
    return "other"


def _context_year(info: DocumentInfo) -> int | None:
    """The year a year-less date in this document most likely belongs to."""
    for text in (info.session_dates, info.title):
        dates = find_dates(text)
        if dates:
            return dates[0].start_date.year
    match = re.match(r"\d{4}", info.date or "")
    return int(match.group()) if match else None


# -- merging ------------------------------------------------------------------


def _contains(a: _Statement | Event, b: _Statement) -> bool:
    """Whether b's dates lie within a's (or a's within b's)."""
    a_last = a.end or a.start
    return (a.start <= b.start and b.last <= a_last) or (b.start <= a.start and a_last <= b.last)


def _by_ordinal(kind: str, ordinal: str) -> bool:
    """Whether such an event is identified by its ordinal and dates (a
    session or meeting; not a plenary, whose ordinal is only a number)."""
    return kind in ("session", "meeting") and not ordinal.startswith("plenary")


def _same(event: Event, key: tuple, stmt: _Statement, other_key: tuple) -> bool:
    if event.body != stmt.body or event.kind != stmt.kind:
        return False
    ordinal, other = key[0], other_key[0]
    if _by_ordinal(stmt.kind, ordinal):
        if ordinal and other:
            return ordinal == other and _contains(event, stmt)
        # Without an ordinal, only the exact same dates identify the event.
        return (event.start, event.end) == (stmt.start, stmt.end)
    return key == other_key


def _key(stmt: _Statement) -> tuple:
    if _by_ordinal(stmt.kind, stmt.ordinal):
        return (stmt.ordinal,)
    if stmt.kind == "adoption" and stmt.ordinal.startswith(("决议", "决定")):
        return (stmt.ordinal,)
    return (stmt.ordinal, stmt.start, stmt.end, stmt.title)


def _buckets(stmt: _Statement, key: tuple) -> list[tuple]:
    """The lookup keys under which an event made from ``stmt`` can be found again.

    Every pair that _same accepts shares one of them: a session or meeting
    (not a plenary) by its ordinal when both have one, else by its exact
    dates; anything else by its whole key. A bucket that _same could not
    use would grow with the corpus (every statement of a body on one day).
    """
    if _by_ordinal(stmt.kind, stmt.ordinal):
        buckets = [("dates", stmt.body, stmt.kind, stmt.start, stmt.end)]
        if key[0]:
            buckets.insert(0, ("ordinal", stmt.body, stmt.kind, key[0]))
        return buckets
    return [("key", stmt.body, stmt.kind, key)]


def document_statements(doc: Document) -> list[_Statement]:
    """What one document states about dates, in document order.

    Depends on the document alone (its text, ids and metadata), so a build
    can keep it between builds and read the documents on several cores.
    """
    statements: list[_Statement] = []
    reader = _Reader(doc)
    if reader.header is not None:
        statements.append(reader.header)
    for node in doc.walk():
        text = " ".join(node.cells) if node.cells else node.text
        if node.id and text:
            statements.extend(reader.statements(text, node.id))
    for note in doc.footnotes:
        if note.id and note.text:
            statements.extend(reader.statements(note.text, note.id))
    return statements


def build_timeline(documents: list[Document]) -> list[Event]:
    """Every event the documents state, merged, sorted by start then title."""
    return merge_statements([stmt for doc in documents for stmt in document_statements(doc)])


def merge_statements(statements: list[_Statement]) -> list[Event]:
    """The events of the statements of every document (in document order),
    merged, sorted by start then title."""
    events: list[tuple[Event, tuple]] = []
    # Candidate events are looked up by what _same compares (body, kind and
    # ordinal, exact dates, or the whole key), not by scanning every event:
    # the corpus grows to hundreds of documents.
    buckets: dict[tuple, list[int]] = {}
    # Statements with an ordinal go first so that the ones without can join them.
    for stmt in sorted(statements, key=lambda s: (not s.ordinal, -(s.last - s.start).days)):
        key = _key(stmt)
        keys = _buckets(stmt, key)
        found = None
        for position in sorted(set().union(*(buckets.get(b, ()) for b in keys))):
            event, event_key = events[position]
            if _same(event, event_key, stmt, key):
                found = event
                break
        if found is not None:
            if stmt.source not in found.sources:
                found.sources.append(stmt.source)
            continue
        events.append((Event(stmt.start, stmt.end, stmt.title, stmt.kind, stmt.body,
                             [stmt.source], stmt.precision), key))
        for bucket in keys:
            buckets.setdefault(bucket, []).append(len(events) - 1)

    result = [event for event, _ in events]
    _name_plenaries(events)
    for event in result:
        event.sources.sort(key=lambda s: (s[0], s[1] != "", _anchor_order(s[1])))
    return sorted(result, key=lambda e: (e.start, e.title))


def _anchor_order(anchor: str) -> tuple:
    """Natural order of anchors (para-2 before para-10)."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", anchor))


def _name_plenaries(events: list[tuple[Event, tuple]]) -> None:
    """Title numbered meetings after the session or meeting that contains them."""
    containers = [e for e, k in events
                  if k[0] and not k[0].startswith("plenary") and e.kind in ("session", "meeting")]
    for event, key in events:
        if not key[0].startswith("plenary"):
            continue
        for container in containers:
            if container.body == event.body and _contains_event(container, event):
                event.title = container.title + event.title
                break
        else:
            event.title = _body_name(event.body) + event.title


def _contains_event(outer: Event, inner: Event) -> bool:
    return outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start)


# -- output ---------------------------------------------------------------------


def timeline_json(events: list[Event]) -> dict:
    """The machine-readable timeline (``timeline.json``)."""
    ordered = sorted(events, key=lambda e: (e.start, e.title))
    return {
        "version": 1,
        "events": [
            {
                "start": e.start.isoformat(),
                "end": e.end.isoformat() if e.end else None,
                "title": e.title,
                "kind": e.kind,
                "body": e.body,
                "sources": [{"doc": doc, "anchor": anchor} for doc, anchor in e.sources],
            }
            for e in ordered
        ],
    }


def _format_dates(event: Event) -> str:
    if event.precision == "month":
        return f"{event.start.year}年{event.start.month}月"
    text = f"{event.start.year}年{event.start.month}月{event.start.day}日"
    if event.end and event.end != event.start:
        if event.end.year != event.start.year:
            text += f"至{event.end.year}年{event.end.month}月{event.end.day}日"
        elif event.end.month != event.start.month:
            text += f"至{event.end.month}月{event.end.day}日"
        else:
            text += f"至{event.end.day}日"
    return text


# SVG geometry, in user units.
_SVG_LABEL_W = 190
_SVG_ROW_H = 28
_SVG_YEAR_W = 60
_SVG_TOP = 30


def timeline_svg(events: list[Event]) -> str:
    """A static SVG: one row per body, one mark per event, a tick per year."""
    # The chart shows the life of the Conference and its working groups:
    # the years of their sessions and meetings. Older dates (conventions
    # adopted decades ago) stay in the list below it, not in the chart.
    shown = [e for e in events if e.body in _SVG_ROWS and e.kind in ("session", "meeting")]
    if not shown:
        return '<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" width="0" height="0"></svg>'
    first = min(e.start.year for e in shown)
    last = max((e.end or e.start).year for e in shown)
    events = [e for e in events if first <= e.start.year and (e.end or e.start).year <= last]
    rows = list(_SVG_ROWS) + ["other"]
    width = _SVG_LABEL_W + (last - first + 1) * _SVG_YEAR_W + 10
    height = _SVG_TOP + len(rows) * _SVG_ROW_H + 10

    def x_of(day: date) -> float:
        offset = (day.timetuple().tm_yday - 1) / 366
        return _SVG_LABEL_W + (day.year - first + offset) * _SVG_YEAR_W

    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" width="{width}" '
         f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
         f'aria-label="{escape_html("时间线")}">'),
    ]
    for year in range(first, last + 2):
        x = _SVG_LABEL_W + (year - first) * _SVG_YEAR_W
        out.append(f'<line x1="{x}" y1="{_SVG_TOP - 8}" x2="{x}" y2="{height - 10}" '
                   'stroke="#ccc" stroke-width="1"/>')
        if year <= last:
            out.append(f'<text x="{x + 2}" y="{_SVG_TOP - 12}" font-size="11">{year}</text>')
    for index, row in enumerate(rows):
        y = _SVG_TOP + index * _SVG_ROW_H
        label = BODIES[row] if row != "other" else "其他机构"
        out.append(f'<text x="4" y="{y + 17}" font-size="12">{escape_html(label)}</text>')
        out.append(f'<line x1="{_SVG_LABEL_W}" y1="{y + 13}" x2="{width - 10}" y2="{y + 13}" '
                   'stroke="#eee" stroke-width="1"/>')
    for event in sorted(events, key=lambda e: (e.start, e.title)):
        row = event.body if event.body in _SVG_ROWS else "other"
        y = _SVG_TOP + rows.index(row) * _SVG_ROW_H
        x1 = x_of(event.start)
        x2 = max(x_of(event.end or event.start), x1 + 3)
        fill = "#1f5fa8" if event.kind in ("session", "meeting") else "#c77c0e"
        out.append(
            f'<rect class="ev" data-body="{event.body}" data-kind="{event.kind}" '
            f'x="{x1:.1f}" y="{y + 6}" '
            f'width="{x2 - x1:.1f}" height="14" fill="{fill}" opacity="0.8">'
            f"<title>{escape_html(_format_dates(event) + ' ' + event.title)}</title></rect>"
        )
    out.append("</svg>")
    return "".join(out)


def _environment() -> Environment:
    return plain_overlay()


def _href(slug: str, anchor: str) -> str:
    """A site-root-relative link to a document anchor; ids are ASCII, quoted just in case."""
    href = page_source(quote(slug))
    return href + ("#" + quote(anchor) if anchor else "")


def timeline_page(events: list[Event], documents: list[Document]) -> str:
    """Markdown for ``timeline.md`` at the site root."""
    symbols = {d.info.slug: d.info.symbol for d in documents}
    ordered = sorted(events, key=lambda e: (e.start, e.title))
    years: dict[int, list[dict]] = {}
    for event in ordered:
        years.setdefault(event.start.year, []).append({
            "body": event.body,
            "kind": event.kind,
            "body_name": escape_inline(BODIES[event.body]),
            "kind_name": escape_inline(KINDS[event.kind]),
            "dates": escape_inline(_format_dates(event)),
            "title": escape_inline(event.title),
            "sources": [
                {"href": _href(slug, anchor),
                 "label": escape_inline(f"{symbols.get(slug) or slug} {anchor}".strip())}
                for slug, anchor in event.sources
            ],
        })
    return _environment().get_template("timeline.md.j2").render(
        years=sorted(years.items()),
        svg=timeline_svg(ordered),
        bodies=[{"id": b, "name": escape_html(BODIES[b])}
                for b in BODIES if any(e.body == b for e in events)],
        kinds=[{"id": k, "name": escape_html(KINDS[k])}
               for k in KINDS if any(e.kind == k for e in events)],
    )


def document_events_markdown(events: list[Event], slug: str) -> str:
    """An HTML block listing the events a document states, linking to its anchors.

    It is generated navigation, not text of the document, so it is one
    block with its own id (``events``) that readers and checks can tell apart.
    """
    stated = [e for e in sorted(events, key=lambda e: (e.start, e.title))
              if any(doc == slug for doc, _ in e.sources)]
    if not stated:
        return ""
    items = []
    for event in stated:
        anchors = [a for doc, a in event.sources if doc == slug and a]
        links = "、".join(f'<a href="#{escape_html(quote(a))}">{escape_html(a)}</a>' for a in anchors)
        item = f"{escape_html(_format_dates(event))}：{escape_html(event.title)}"
        items.append(f"<li>{item}" + (f"（{links}）" if links else "") + "</li>")
    return ('<section class="doc-events" id="events" data-search-exclude>\n<h2>本文件提及的日期</h2>\n<ul>\n'
            + "\n".join(items) + '\n</ul>\n<p><a href="../timeline.html">全部时间线</a></p>\n</section>\n')
