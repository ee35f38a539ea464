"""Reading the dates of one document: every anchored node (and footnote) is
searched for date mentions (``grammar.dates.find_dates``); each mention
becomes a ``Statement`` — bodies, kind, ordinal, dates, title, and the
clause of the source that states it — read from the sentence around it.
What one document states depends on that document alone, so the build
reads the documents on several cores and keeps each reading between builds;
``merge`` then joins the statements of every document into events.

Bodies are those of the one table of bodies (``grammar/bodies.py``),
which the cross-references use too; who acted is read by its rule
(``bodies.actors``). An event may belong to several bodies: a meeting of
"技术援助问题政府专家工作组和国际合作工作组", the reconvened sessions of
"麻醉药品委员会及预防犯罪和刑事司法委员会", an act of "两个工作组" (the
working groups of a joint document).

Titles are never made by cutting words out of a sentence. A title is
either built from the document's own structure — the body and ordinal of
a session or meeting (缔约方会议第十一届会议), the number of a resolution
(大会第 66/180 号决议), an instrument's own name (通过《…公约》) — or it is
the source's words, verbatim: the comma-clause that holds the date, or the
name of a meeting as written after 举行的/召开的. A date inside a relative
clause that is the object of a verb reporting it at the text's own time
(提到/提及/回顾/注意到…: "会上就此提到了由秘书处编写并经…于 <date> 经由默许
程序核准的会议工作安排") dates that noun phrase: the title starts where the
relative clause opens (由/经/在/于, the date, or the body that is its
subject), not at the main clause. A title built from several bodies names
them in the text's order, with its joining word ("麻醉药品委员会及预防犯罪和
刑事司法委员会在…举行的续会" -> 麻醉药品委员会及预防犯罪和刑事司法委员会续会);
the statement's bodies stay in the table's order (its key).

Reading a statement, in this order (the text is first stripped of the
spaces joined line breaks leave between Chinese characters; offsets are
mapped back to the source text for what is quoted):

1. a resolution/decision number right after the date (optionally after
   题为“…”的) -> adoption, of the body the cross-references give it;
2. 通过的《title》 right after the date -> adoption of that instrument; when
   《title》 is followed by 的(两项)议定书, of its protocols, not of it (该《公约》
   is the last 《…公约》 named before);
3. 截止/最迟/不迟于 in the date's comma-clause -> deadline; 印发/重发 after it
   -> publication;
4. an ordinal 第N届会议 / 第N次会议 right before the date ("第十一届会议于
   2022 年…", "第一次<name>会议已于…"), or one after it reached only through
   "在维也纳举行的", "举行了", a body name, or a "与…同时/衔接/平行举行的"
   phrase (that other meeting is skipped: it is held alongside, not the
   dated one) -> session (届) or meeting (次). An ordinal followed by
   结束后/之后 ("after the meeting") is not the dated event. Dates joined
   only by 和/及/、 share the words after the last of them; when those name
   as many ordinals as there are dates (第十一次和第十二次会议) they are
   paired in order; a bare 第二次会议 after 第一次<name>会议 in the same
   sentence is the second of that name;
5. numbered meetings right after the date (第 1 次会议, 第 5 和第 6 场会议)
   -> meeting, titled after the session or meeting of the same body whose
   dates contain them ("缔约方会议第十一届会议第 1 次会议");
6. 续会, 建设性对话, 专题讨论, 专家讨论, or 会议 with a body right before it
   or 举行/召开 before it ("在维也纳举行的…工作组会议") -> session (续会) or
   meeting; with no body, titled by its name as written after 举行的/召开的;
7. a date in the title of a report, 《<name>的报告，<date>，<place>》 -> the
   meeting of that name;
8. 截至 <date> ("as of"): ``other``, of no body (no one acts on it);
9. otherwise ``adoption`` if 通过/核准/核可/商定 or a numbered act (第 2017/1939
   号条例) follows, else ``other``; titled with its comma-clause, verbatim. A text that is only a date (a
   day heading in a schedule table) makes no event; one that repeats the
   document's own session dates ("2016 年 10 月 17 日至 21 日，维也纳") is
   that session.

Who acted: the body written right before the ordinal or noun (贩运人口问题
工作组第十一次会议), else ``bodies.actors`` at the date (the nearest body
named before it in the sentence, else the first after it: "2022 年 7 月
22 日，扩大主席团经由默许程序核准…"); a bare 工作组 ("该工作组", "工作组第八次
会议") is the last working group named, in this node or an earlier one of
the same document; 本届会议 and texts naming none fall back to the
document's own body (first body in its title, else its symbol: CTOC/COP
-> cop, WG.2 -> technical assistance, …), or to ``other`` for a 第N次会议
(an expert meeting, say) and for a meeting named without a body.


Years of year-less dates: the nearest earlier full date in the same text,
else the year of the document's session dates (``DocumentInfo.session_dates``),
else of the first date in its title (a report "…2022 年 5 月 23 日至 27 日在维也
纳举行的会议报告"), else of its issue date (``DocumentInfo.date``): the year of
the meetings it reports, which is not always the year it is listed under
(``DocumentInfo.year``, its issue date's first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

from ...grammar.bodies import BODIES as BODY_TABLE
from ...grammar.bodies import (
    SYMBOL_WG,
    BodyName,
    actors,
    body_names,
    joined,
    mask_quotes,
    sentence_bounds,
)
from ...grammar.citations import find_instruments, find_symbols
from ...grammar.dates import DateMention, find_dates
from ...grammar.numerals import CHINESE_DIGITS, chinese_number, chinese_ordinal
from ...instruments import BY_NOUN, NOUN, printed
from ...model import Document, DocumentInfo
from .events import TABLE_ORDER, Statement, body_name, by_ordinal

_CN = CHINESE_DIGITS
# 第十一届会议, 第十一次和第十二次会议, 第二次会议, 第八次双年度会议
# (Chinese numerals; the text is whitespace-normalised first, see _squeeze).
_ORDINAL_RE = re.compile(
    rf"第(?P<first>[{_CN}]+)(?P<unit>届|次)"
    rf"(?P<more>(?:(?:和|、|及)第[{_CN}]+(?:届|次))*)(?P<noun>(?:双年度)?会议|续会)"
)
# 第一次<name>会议 right before the date: a meeting named between its ordinal
# and 会议 ("第一次探讨关于…政府间会议已于…").
_NAMED_ORDINAL_RE = re.compile(rf"第(?P<first>[{_CN}]+)次(?P<name>[^，。；、第]{{4,80}}?会议)")
# Numbered meetings inside a session: 第1次会议, 第1、2、3、4次会议,
# 第5和第6场会议, 第一场会议.
_PLENARY_RE = re.compile(
    rf"第[\d{_CN}]+(?:次|场)?(?:(?:、|和|及)第?[\d{_CN}]+(?:次|场)?)*(?P<unit>次|场)(?:全体)?会议"
)
_NUMBER_RE = re.compile(rf"\d+|[{_CN}]+")
_RESOLUTION_RE = re.compile(rf"(?:题为“[^”]*”的)?第(?P<num>\d+/\d+)号(?P<what>{NOUN})")
_INSTRUMENT_RE = re.compile(
    r"(?:通过的|通过了)(?P<title>(?P<this>该)?《[^》]*》)(?P<protocols>的?(?:两项|各项)?议定书)?")
_TITLE_RE = re.compile(r"《[^《》]*公约》")
# An instrument named right after its date, without 通过: "<date>的《…》".
_DATED_TITLE_RE = re.compile(r"的?(?P<title>《[^《》]*》)")
# Between an ordinal and the date it introduces ("第十一届会议于", "定于", "已于").
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
# An approval by silence procedure, done ("经由默许程序核准", "经默许程序批准了",
# "默许程序…已核准", "经…默许程序核准的"): no one objected by its closing date,
# and it is adopted. One said to come ("如无反对，将视为经默许程序核准") is not.
_SILENCE = "默许程序"
_DONE_APPROVAL_RE = re.compile(
    r"(?:核准|批准|商定|通过|核可)(?:了|的)|已(?:经)?[^，,。；;]{0,8}?(?:核准|批准|商定|通过|核可)"
    r"|默许程序(?:核准|批准|商定|核可)")
_PROSPECTIVE_RE = re.compile(r"将|视为|如果|若")
# A date of something already done ("已在 <date>", "已于 <date>", "已经于 <date>").
_ALREADY_RE = re.compile(r"已(?:经)?(?:在|于)$")
# A sentence that opens on a numbered meeting it does not date: "在第 3 次会议
# 上，…", "缔约方会议在第 11 次会议上…" (a body, or 本届会议, may stand before 第).
_UNDATED_MEETING_RE = re.compile(
    rf"(?:^|(?<=[。；;]))[^，。；;\d]{{0,16}}?在(?P<pre>[^，。；;\d第]{{0,16}}?)"
    rf"第(?P<n>\d+|[{_CN}]+)(?P<unit>次|场)(?:全体)?会议上")
# The verb of an act, done ("核准了") or as a relative clause ("核准的").
_ACT_VERB_RE = re.compile(r"(?:核准|批准|商定|通过|核可)了?")
_HELD_RE = re.compile(r"举行|召开")
# Events named without an ordinal; 会议 only counts with a body or 举行.
_NOUN_RE = re.compile(r"续会|(?:联合)?建设性对话|(?:联合)?专题讨论|专家讨论|会议|磋商|协商")
# Consultations are held among the parties to the body whose document it is
# (the Conference's informal consultations before its session).
_CONSULTATIONS = ("磋商", "协商")
# 《<name>的报告，<date>，<place>》: the date of the meeting the report is of.
_REPORT_TITLE_RE = re.compile(r"《(?P<name>[^《》，]+?)的报告，$")
# After a body's name: the instrument it adopted, cited (its date optional).
_OWNER_RE = re.compile(rf"(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日)?第\d+/\d+号(?:{NOUN})")
# A numbered act of another organisation right after its date: "第 2017/1939 号
# 条例", "…的第 2008/909/JHA 号框架决定".
_NUMBERED_ACT_RE = re.compile(rf"(?:关于[^，。；]*?的)?第[\w/]+号(?:条例|框架决定|指令|{NOUN})")
# A comma-clause that states no act of its own: it ends in a verb whose
# object is the next comma-clause ("…经由默许程序核准，本届会议将…"), or it is
# an adverbial ("以 <date> 为截止日期，经默许程序批准了…").
_OPEN_ACT_RE = re.compile(r"(?:核准|批准|通过|商定|核可|决定)了?$|以[^，,]*为截止日期$")
# A date inside a prepositional phrase ("根据…<date>提出的请求，", "就 <date>
# 开始运作的<body>的…作了专题介绍") modifies the noun its relative clause ends in.
_PREPOSITION_RE = re.compile(r"(?:根据|按照|依照|就|应)$")
_RELATIVE_RE = re.compile(r"[^，。；的“《（]{1,8}的(?P<noun>[^，。；的“《（]{1,12}?)(?=[，。；的（]|$)")
# Verbs of a main clause that name, at the time of the text, a thing done
# at another time: its object is a noun phrase whose relative clause holds
# the date ("会上就此提到了由秘书处编写并经缔约方会议扩大主席团于 <date> 经由默许
# 程序核准的会议工作安排"). What happened on the date is that noun phrase;
# the main clause (会上就此提到了) is the later meeting's report of it.
_REPORTING_VERBS = ("提到", "提及", "述及", "谈到", "回顾", "忆及", "注意到", "参考", "参照", "援引")
_REPORTING_RE = re.compile(rf"(?:{'|'.join(_REPORTING_VERBS)})[了过]?")
# Where such a relative clause opens, right after the verb: its agent
# marker (由秘书处编写…), 经 (经…核准), a place or time marker (在/于), or
# the date itself; or a body, its subject (扩大主席团于 <date> 核准的…).
_RELATIVE_OPENERS = ("由", "经", "在", "于")
# The relative clause goes on after the date to its verb and 的, with no
# verb done in the main clause's way (了) between: "经由默许程序核准的".
_RELATIVE_TAIL_RE = re.compile(r"[^，,。；;的了“”《》]*?的")
# A meeting named as the subject of its clause, before the date it is held
# on: "会前非正式磋商将于…", "非正式协商已于…". The name ends in a word for a
# meeting; the clause goes on after the date with 举行/召开 (a weekday and an
# hour may come between).
_SUBJECT_MEETING_RE = re.compile(
    r"(?P<name>[^，。；“”《》]{0,24}?(?:磋商|协商|会议|对话|讨论|研讨会|讲习班|座谈会|会晤|简报会|听证会|论坛|会谈))"
    r"(?:将|已|拟|定|仍将)?(?:于|在)")
_HELD_AFTER_RE = re.compile(r"(?:[，,]?星期[一二三四五六日天])?(?:[上下]午|中午|晚上)?(?:\d{1,2}时(?:\d{1,2}分)?)?"
                            r"(?:在[^，。；]{1,12}?)?(?:举行|召开)")
# 截至 <date> in a description of a document's contents ("内容是截至…的情况",
# "其中载有截至…", 题为“截至…”): what the paper covers, not an event.
_CONTENTS_RE = re.compile(r"(?:内容是|载有|题为“)$")
# A sentence that opens with its subject right before its date ("发言报名将于
# <date>…", "报名已于 <date>…"): the subject names the thing the sentence is
# about; its head, the last word, is its last two characters (a Chinese noun
# is most often two: 报名, 名单, 草案).
_SUBJECT_RE = re.compile(r"(?P<subject>(?![应将已须请])[\u4e00-\u9fff]{2,12}?)"
                         r"(?:将|已|拟|定|仍将|应)?(?:最迟|不迟)?(?:于|在)")
_HEAD_LEN = 2
# The words that join two names of bodies in a list ("A及B", "A和B").
_JOINED_RE = re.compile(r"和|及|与|、")
_CJK = r"\u2e80-\u9fff\uff00-\uffef"
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_CLAUSE_END = "。；;"
_SUBCLAUSE_END = "。；;，,"
_TITLE_LEN = 80


def _squeeze(text: str) -> str:
    """Drop whitespace next to Chinese characters (see ``_squeeze_map``)."""
    return _squeeze_map(text)[0]


def _squeeze_map(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace next to Chinese characters, other runs of
    whitespace made one space, stripped; and for each character kept, its
    offset in ``text``.

    A joined line break leaves a space anywhere, even inside a word ("第十三
    次会议", "贩运人 口问题工作组"); Chinese has no spaces between words, so
    removing them is safe and lets the patterns below stay simple. The map
    lets what is quoted be the source's own text.
    """
    # Run by run of whitespace, the text between copied whole (a loop over
    # every character was a fifth of the time of reading a document).
    out: list[str] = []
    offsets: list[int] = []
    done, n = 0, len(text)
    for run in _SPACES.finditer(text):
        start, end = run.span()
        out.append(text[done:start])
        offsets.extend(range(done, start))
        # A run at the start or the end goes; inside, it stays as one space
        # unless a Chinese character stands on either side.
        if 0 < start and end < n and not (_CJK_CHAR.match(text[start - 1]) or _CJK_CHAR.match(text[end])):
            out.append(" ")
            offsets.append(start)
        done = end
    out.append(text[done:])
    offsets.extend(range(done, n))
    return "".join(out), offsets


_SPACES = re.compile(r"\s+")


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """The stretch around [start, end) between two stop characters outside “quotes”."""
    left, depth = 0, 0
    for i in range(start - 1, -1, -1):
        char = text[i]
        depth += (char == "”") - (char == "“")
        if depth <= 0 and char in stops:
            left = i + 1
            # "…决定。）缔约方会议决定…": the bracket closes the sentence before.
            while left < start and text[left] in "）)]】":
                left += 1
            break
    right, depth = len(text), 0
    for i in range(end, len(text)):
        char = text[i]
        depth += (char == "“") - (char == "”")
        if depth <= 0 and char in stops:
            right = i
            break
    return left, right



def _unique(bodies: tuple[str, ...]) -> tuple[str, ...]:
    """Each body once, in the table's order (the same bodies, the same key)."""
    return tuple(sorted(set(bodies), key=lambda b: TABLE_ORDER.get(b, len(TABLE_ORDER))))



class _NoEvent:
    """What a rule returns when the mention it reads states no event at all."""


NO_EVENT = _NoEvent()


@dataclass
class _Around:
    """A date mention and the stretches of its text the rules read: its
    sentence (clause), its comma-clause (sub), and the words after the last
    date of its group (tail: dates joined only by 和/及 share them)."""

    text: str
    mentions: list[DateMention]
    index: int
    clause_start: int
    clause_end: int
    sub_start: int
    sub_end: int
    group_first: int
    group_last: int
    tail_start: int
    tail_end: int

    @classmethod
    def of(cls, text: str, mentions: list[DateMention], i: int) -> _Around:
        mention = mentions[i]
        clause_start, clause_end = _bounds(text, mention.start, mention.end, _CLAUSE_END)
        sub_start, sub_end = _bounds(text, mention.start, mention.end, _SUBCLAUSE_END)
        group_first, group_last = _shared_group(text, mentions, i, clause_end)
        tail_end = min(mentions[group_last + 1].start if group_last + 1 < len(mentions)
                       else clause_end, clause_end)
        return cls(text, mentions, i, clause_start, clause_end, sub_start, sub_end,
                   group_first, group_last, mentions[group_last].end, tail_end)

    @property
    def mention(self) -> DateMention:
        return self.mentions[self.index]

    @property
    def tail(self) -> str:
        return self.text[self.tail_start:self.tail_end]

    def make(self, kind: str, bodies: tuple[str, ...], title: str, ordinal: str = "") -> Statement:
        mention = self.mention
        return Statement(mention.start_date, mention.end_date, kind, _unique(bodies), title,
                         ordinal, precision=mention.precision)


class _Reader:
    """Reads the statements of one document, node by node in document order."""

    def __init__(self, doc: Document) -> None:
        self.info = doc.info
        self.default_body = _document_body(doc.info)
        self.context_year = _context_year(doc.info)
        # The working groups of a joint document: 两个工作组.
        self.both_wg = tuple(SYMBOL_WG[n] for n in re.findall(r"/WG\.(\d)", doc.info.symbol)
                             if n in SYMBOL_WG)
        # The working group a bare 该工作组 refers to, carried across nodes.
        self.last_wg = self.default_body if self.default_body.startswith("wg-") else ""
        self.header = self._header_statement()
        # Per node: the squeezed text, its map to the raw text, the raw text,
        # the masked text and the body names in it.
        self.raw = ""
        self.offsets: list[int] = []
        self.masked = ""
        self.names: list[BodyName] = []
        self.actor_names: list[BodyName] = []
        self.notes: list[tuple[int, int, str]] = []  # the footnotes the element refers to

    def statements(self, raw: str, anchor: str, line: int = 0,
                   notes: list[tuple[int, int, str]] | None = None) -> list[Statement]:
        """What ``raw`` (the text of element ``anchor``) states; ``notes``: the
        footnotes it refers to, (start, end) of the marker in ``raw`` and the
        footnote's text."""
        text, self.offsets = _squeeze_map(raw)
        self.raw = raw
        self.notes = notes or []
        self.masked = mask_quotes(text)
        self.names = body_names(self.masked)
        # A body named as the author of a cited instrument ("根据大会第 76/185 号
        # 决议，") is not who acts in the sentence.
        self.actor_names = [n for n in self.names if not _OWNER_RE.match(self.masked, n.end)]
        mentions = find_dates(text, self.context_year)
        reports = tuple(dict.fromkeys(m.symbol for m in find_symbols(raw)))
        out: list[Statement] = []
        for i in range(len(mentions)):
            for stmt in self._read(text, mentions, i):
                stmt.source = (self.info.slug, anchor)
                stmt.line = line
                start, end = _bounds(text, mentions[i].start, mentions[i].end, _CLAUSE_END)
                stmt.clause = self._quote(text, start, end)
                stmt.reports = reports
                stmt.cites = tuple(m.symbol for m in find_symbols(text[start:end]))
                out.append(stmt)
        out.extend(self._already_done(text, mentions, anchor, line, reports))
        for name in self.names:
            if name.body.startswith("wg-"):
                self.last_wg = name.body
        return out

    def _already_done(self, text: str, mentions: list[DateMention], anchor: str, line: int,
                      reports: tuple[str, ...]) -> list[Statement]:
        """A paragraph that narrates what happened at a numbered meeting it
        does not date ("在第 3 次会议上，主席…提出一项建议") and says that
        something had already been done on a day ("该建议…已在 2022 年 10 月
        18 日举行的…会议上商定"): the meeting was held on that day or after
        it. One statement of the meeting, a bound (``not-before``), not its
        date; the merge narrows the meeting's dates with it."""
        out: list[Statement] = []
        for mention in mentions:
            if not _ALREADY_RE.search(text, 0, mention.start):
                continue
            meeting = None
            for match in _UNDATED_MEETING_RE.finditer(text, 0, mention.start):
                meeting = match  # the nearest one before the date
            if meeting is None:
                continue
            n = chinese_number(meeting.group("n"))
            if n is None:
                continue
            # Whose meeting: the body right before 第 ("在扩大主席团第 1 次会议上"),
            # else the subject before 在 ("缔约方会议在第 11 次会议上"), else the
            # document's; words before 第 that name no body are not a meeting's.
            attached = self._attached(text, meeting.start("n") - 1) if meeting.group("pre") else None
            if meeting.group("pre") and attached is None:
                continue
            subject = [n for n in self.names if meeting.start() <= n.start and n.end <= meeting.start("pre")]
            bodies = attached or (self._resolve(subject[-1].body, subject[-1].start) if subject
                                  else (self.default_body,))
            unit = meeting.group("unit")
            sentence_start, sentence_end = _bounds(text, mention.start, mention.end, _CLAUSE_END)
            sub_start, sub_end = _bounds(text, meeting.start("n"), meeting.end(), _SUBCLAUSE_END)
            stmt = Statement(mention.start_date, None, "meeting", _unique(bodies), f"第 {n} {unit}会议",
                             f"plenary {n}", (self.info.slug, anchor), precision=mention.precision,
                             line=line, reports=reports, bound="not-before")
            stmt.clause = f"{self._quote(text, sub_start, sub_end)}……{self._quote(text, sentence_start, sentence_end)}"
            stmt.cites = tuple(m.symbol for m in find_symbols(text[sentence_start:sentence_end]))
            out.append(stmt)
        return out

    def _quote(self, text: str, start: int, end: int) -> str:
        """The source's own text of text[start:end] (whitespace runs made one space)."""
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start >= end:
            return ""
        raw = self.raw[self.offsets[start]:self.offsets[end - 1] + 1]
        return re.sub(r"\s+", " ", raw)

    def _title(self, text: str, start: int, end: int) -> str:
        """A verbatim title: the source's words, cut at a length with "…"."""
        quote = self._quote(text, start, end).strip(" ，,、：:")
        if len(quote) > _TITLE_LEN:
            quote = quote[:_TITLE_LEN].rstrip() + "…"
        return quote

    # -- one mention --------------------------------------------------------

    def _read(self, text: str, mentions: list[DateMention], i: int) -> list[Statement]:
        """What mention ``i`` states: the first rule of the module's list that
        reads it (numbered meetings are one statement each)."""
        at = _Around.of(text, mentions, i)
        for rule in (self._by_number, self._by_instrument, self._by_marker, self._by_ordinal,
                     self._by_plenary, self._by_name, self._by_report_title, self._by_subject,
                     self._by_clause):
            found = rule(at)
            if found is not None:
                return [] if found is NO_EVENT else found if isinstance(found, list) else [found]
        return []

    def _by_number(self, at: _Around) -> Statement | None:
        """1. a resolution or decision number right after the date."""
        res = _RESOLUTION_RE.match(at.tail)
        if not res:
            return None
        # Whose it is: the cross-references' reading of the same citation.
        number = tuple(int(n) for n in res.group("num").split("/"))
        cited = [m for m in find_instruments(at.text)
                 if (m.session, m.number) == number and m.start >= at.tail_start]
        body = cited[0].body if cited else "cop"
        what = res.group("what")
        return at.make("adoption", (body,), f"{body_name(body)}{printed(BY_NOUN[what].kind, res.group('num'))}",
                       f"{what} {res.group('num')}")

    def _by_instrument(self, at: _Around) -> Statement | None:
        """2. 通过的《title》 right after the date: that instrument, or its
        protocols. Adopted by the body named right before the date; else,
        when the footnote printed right after its title cites the resolution
        that carries it ("¹³ 大会第 61/295 号决议，附件。"), by that
        resolution's body; else by no body of the table. Such a footnote
        also makes "<date>的《title》" that instrument's adoption."""
        inst = _INSTRUMENT_RE.match(at.tail)
        if not inst:
            # "<date>的《宣言》¹³" with "¹³ 大会第 61/295 号决议，附件。": the
            # instrument the resolution of that date adopted, though the
            # sentence does not say 通过.
            dated = _DATED_TITLE_RE.match(at.tail)
            carried = dated and self._carried_by(at.tail_start + dated.end("title"))
            if not carried:
                return None
            return at.make("adoption", carried, "通过" + dated.group("title"), "instrument " + dated.group("title"))
        bodies = (self._attached(at.text, at.mention.start)
                  or self._carried_by(at.tail_start + inst.end("title")) or ("other",))
        title = inst.group("title")
        if inst.group("this"):
            # 该《公约》: the last convention named before it.
            named = list(_TITLE_RE.finditer(at.text, 0, at.tail_start + inst.start("title")))
            title = named[-1].group() if named else title.removeprefix("该")
        if inst.group("protocols"):
            return at.make("adoption", bodies, f"通过{title}的议定书", f"protocol {title}")
        return at.make("adoption", bodies, "通过" + title, "instrument " + title)

    def _by_marker(self, at: _Around) -> Statement | None:
        """3. a deadline (截止, 最迟, 不迟于) or a publication (印发, 重发)."""
        text = at.text
        if (_DEADLINE_RE.search(text, at.sub_start, at.sub_end)
                and not _approved_by_silence(text, at.clause_start, at.clause_end)):
            bodies = self._actors(text, at.mention.start) or (self.default_body,)
            return at.make("deadline", bodies,
                           self._title(text, at.sub_start, self._act_end(text, at.sub_start, at.sub_end)))
        if _PUBLICATION_RE.search(at.tail):
            # The document by its symbol, else by its own title (never the slug).
            label = self.info.symbol or re.sub(r"\s+", " ", self.info.title).strip() or self.info.slug
            return at.make("publication", (self.default_body,),
                           f"{label}：{self._title(text, at.clause_start, at.clause_end)}",
                           "doc " + self.info.slug)
        return None

    def _by_ordinal(self, at: _Around) -> Statement | None:
        """4. a session or meeting named by its ordinal."""
        event = self._ordinal_event(at.text, at.mention, at.clause_start, at.tail_start, at.tail_end,
                                    at.index - at.group_first, at.group_last - at.group_first + 1)
        if event is None:
            return None
        kind, bodies, title, ordinal = event
        return at.make(kind, bodies, title, ordinal)

    def _by_plenary(self, at: _Around) -> list[Statement] | _NoEvent | None:
        """5. numbered meetings right after the date: one statement each (one
        meeting, one event). The days of a run listed one by one, as many
        as the meetings ("17 日、18 日、19 日、20 日和 21 日第 1、2、3、4、5 次
        会议"), are theirs in order; otherwise each meeting is on the dates
        given (the merge narrows them with what other texts say)."""
        text = at.text
        plenary = _PLENARY_RE.search(text, at.tail_start, at.tail_end)
        if not (plenary and _PLENARY_LEAD_RE.fullmatch(text, at.tail_start, plenary.start())):
            return None
        bodies = self._actors(text, at.mention.start) or (self.default_body,)
        numbers = [str(chinese_number(n)) for n in _NUMBER_RE.findall(plenary.group()[1:])]
        if "None" in numbers:
            return NO_EVENT  # a malformed numeral: not a meeting's number
        mention = at.mention
        days = _listed_days(text[mention.start:mention.end], mention)
        out = []
        for k, number in enumerate(numbers):
            stmt = at.make("meeting", bodies, f"第 {number} {plenary.group('unit')}会议", f"plenary {number}")
            if len(days) == len(numbers):
                stmt.start, stmt.end = days[k], None
            out.append(stmt)
        return out

    def _by_name(self, at: _Around) -> Statement | None:
        """6. 续会, 建设性对话, … or a 会议 of a body, named without an ordinal."""
        named = self._named_event(at.text, at.mention.start, at.tail_start, at.sub_end, at.clause_end)
        if named is None:
            return None
        kind, bodies, title = named
        return at.make(kind, bodies, title)

    def _by_report_title(self, at: _Around) -> Statement | None:
        """7. 《<name>的报告，<date>，<place>》: that meeting's dates."""
        text, mention = at.text, at.mention
        report = _REPORT_TITLE_RE.search(text, 0, at.mentions[at.group_first].start)
        if not (report and "》" in text[mention.end:at.clause_end]
                and "《" not in text[report.end():mention.start]):
            return None
        name_start, name_end = report.span("name")
        names = [n for n in self.names if name_start <= n.start and n.end <= name_end]
        bodies = self._resolve(names[-1].body, names[-1].start) if names else ("other",)
        return at.make("meeting", bodies, self._title(text, name_start, name_end))

    def _by_subject(self, at: _Around) -> Statement | None:
        """8. a meeting named as the subject of its clause, held on the date:
        "会前非正式磋商将于 2024 年 10 月 11 日星期五举行" -> a meeting, titled
        by its name as written (the subject, verbatim), of the body acting
        there, else the document's."""
        text = at.text
        subject = _SUBJECT_MEETING_RE.fullmatch(text, at.sub_start, at.mention.start)
        if not (subject and _HELD_AFTER_RE.match(text, at.mention.end)):
            return None
        bodies = self._actors(text, at.mention.start) or (self.default_body,)
        return at.make("meeting", bodies, self._title(text, *subject.span("name")))

    def _carried_by(self, end: int) -> tuple[str, ...] | None:
        """The body of the resolution cited by the footnote whose marker
        stands right after ``end`` (an offset of the squeezed text; a comma
        may stand between), if any."""
        if not 0 < end <= len(self.offsets):
            return None
        raw_end = self.offsets[end - 1] + 1
        for start, _, note in self.notes:
            if start >= raw_end and re.fullmatch(r"[\s，,]*", self.raw[raw_end:start]):
                cited = [m for m in find_instruments(note) if m.kind == "res"]
                return (cited[0].body,) if cited else None
        return None

    def _by_clause(self, at: _Around) -> Statement | _NoEvent:
        """8.–9. anything else: a bare date (none), the session dates repeated,
        an "as of" date, or an act titled by its clause, verbatim."""
        text, mention, sub_start, sub_end = at.text, at.mention, at.sub_start, at.sub_end
        date_text = text[mention.start:mention.end]
        if not (text[sub_start:sub_end].replace(date_text, "").strip(" ，,、：:")
                or text[at.clause_start:at.clause_end].replace(date_text, "").strip(" ，,、：:")):
            return NO_EVENT  # a bare date, e.g. a day heading in a schedule table
        if self.header and (mention.start_date, mention.end_date) == (self.header.start, self.header.end):
            # The session dates repeated under the title ("…，维也纳").
            return at.make(self.header.kind, self.header.bodies, self.header.title, self.header.ordinal)
        if text.endswith("截至", 0, mention.start):
            if _CONTENTS_RE.search(text, sub_start, mention.start - 2):
                return NO_EVENT  # what a paper covers ("内容是截至 <date> 加入…的情况")
            # "截至 <date> 加入…的情况": a date the figures are as of; no one acts.
            return at.make("other", ("other",), self._title(text, sub_start, sub_end))
        bodies = self._actors(text, mention.start) or (self.default_body,)
        body_start = self._attached_start(text, mention.start)
        start = mention.start if body_start is None else body_start
        act = _NUMBERED_ACT_RE.match(at.tail)
        if act:
            # "欧洲联盟理事会 <date> 第 2017/1939 号条例": the instrument, named whole.
            stmt = at.make("adoption", bodies, self._quote(text, start, at.tail_start + act.end()))
            stmt.thing = act.group()
            return stmt
        rel = _RELATIVE_RE.match(text, mention.end, sub_end)
        # "就 <date> 开始运作的欧洲检察官办公室…": the act is that of the body the
        # relative clause names (its name, whole, ends the title), else the
        # act of the noun the clause ends in ("…提出的请求，").
        if rel and _PREPOSITION_RE.search(text, sub_start, start):
            noun = [n for n in self.names if n.start == rel.start("noun") and n.end <= sub_end]
            if noun:
                name = max(noun, key=lambda n: n.end)
                return at.make("other", self._resolve(name.body, name.start), self._title(text, start, name.end))
            return at.make("other", bodies, self._title(text, start, rel.end("noun")))
        silence = _approved_by_silence(text, at.clause_start, at.clause_end)
        kind = ("adoption" if _ADOPTION_RE.search(at.tail) or _NUMBERED_ACT_RE.match(at.tail) or silence
                else "other")
        act_end = self._act_end(text, sub_start, sub_end)
        title = self._title(text, self._relative_start(text, sub_start, mention.start, mention.end, act_end),
                            act_end)
        if title == self._title(text, mention.start, mention.end) or (
                silence and not _ACT_VERB_RE.search(text, sub_start, act_end)):
            # Nothing but the date, or the closing date of a silence procedure
            # whose approval is told in another comma-clause: the sentence.
            title = self._title(text, at.clause_start, at.clause_end)
        stmt = at.make(kind, bodies, title)
        if kind == "adoption":
            stmt.thing = (_act_object_head(text, at.tail_start, at.clause_end)
                          or _act_object_head(text, at.clause_start, at.clause_end))
        return stmt

    def _relative_start(self, text: str, start: int, date_start: int, date_end: int, end: int) -> int:
        """Where the title of a date in text[start:end] starts: at ``start``,
        or, when the date is inside a relative clause that is the object of
        a reporting verb (``_REPORTING_VERBS``: "会上就此提到了由秘书处编写并经
        …于 <date> 经由默许程序核准的会议工作安排"), where that relative clause
        opens: right after the verb, at its agent marker (由/经/在/于), the
        date, or the body that is its subject. The clause must run from there
        through the date to its own verb and 的 (no 的 before the date: the
        date is in the clause the verb's object opens with)."""
        verb = None
        for match in _REPORTING_RE.finditer(text, start, date_start):
            verb = match
        if verb is None:
            return start
        opens = verb.end()
        if not (text.startswith(_RELATIVE_OPENERS, opens) or opens == date_start
                or any(n.start == opens for n in self.names)):
            return start
        if "的" in text[opens:date_start] or not _RELATIVE_TAIL_RE.match(text, date_end, end):
            return start
        return opens

    def _act_end(self, text: str, start: int, end: int) -> int:
        """Where the title of the comma-clause text[start:end] ends: at its end,
        or at the end of the next comma-clause when it states no act of its own."""
        if end < len(text) and text[end] in "，," and _OPEN_ACT_RE.search(text[start:end].strip()):
            return _bounds(text, end + 1, end + 1, _SUBCLAUSE_END)[1]
        return end

    def _attached_start(self, text: str, pos: int) -> int | None:
        """Where the body (or bodies) written right before ``pos`` starts."""
        for start, end, _bodies in joined(self.masked, self.names):
            if end == pos:
                return start
        return None

    def _named_event(self, text: str, date_start: int, tail_start: int, sub_end: int,
                     clause_end: int) -> tuple[str, tuple[str, ...], str] | None:
        """(kind, bodies, title) for 续会/建设性对话/…会议 named after the date without
        an ordinal. 会议 counts only within the comma-clause and with a body
        right before it or 举行/召开 between ("在维也纳举行的会议")."""
        body_spans = [(n.start, n.end) for n in self.names if tail_start <= n.start < clause_end]
        for noun in _NOUN_RE.finditer(text, tail_start, clause_end):
            word = noun.group()
            inside_name = any(a <= noun.start() < b for a, b in body_spans)
            if word == "会议" and (inside_name or noun.start() >= sub_end
                                 or text[noun.start() - 1] in "次届场"):
                continue
            attached = self._attached(text, noun.start())
            held = _HELD_RE.search(text, tail_start, noun.start())
            if word in ("会议", *_CONSULTATIONS) and not (attached or held):
                continue
            between = [n for n in self.names if tail_start <= n.start and n.end <= noun.start()]
            bodies = (attached or self._actors(text, date_start)
                      or (self._resolve(between[0].body, between[0].start) if between else ("other",)))
            if word in _CONSULTATIONS:
                # Titled by its name as written ("会前非正式磋商"), of the body
                # acting there, else the document's.
                if bodies == ("other",):
                    bodies = (self.default_body,)
                name_start = held.end() if held else tail_start
                while name_start < noun.start() and text[name_start] in "了的":
                    name_start += 1
                return "meeting", bodies, self._title(text, name_start, noun.end())
            if word.startswith("联合"):
                # A joint event ("…联合建设性对话") is of every body its sentence
                # names before it ("在A第十五次会议和B第十五次会议结束后，于…").
                sentence_start = _bounds(text, noun.start(), noun.start(), _CLAUSE_END)[0]
                named = _unique(tuple(b for n in self.actor_names
                                      if sentence_start <= n.start and n.end <= noun.start()
                                      for b in self._resolve(n.body, n.start)))
                if len(named) > 1:
                    bodies = named
            kind = "session" if word == "续会" else "meeting"
            if bodies == ("other",):
                # No body to name it by: its name as written after 举行的/召开的.
                name_start = held.end() if held else tail_start
                while name_start < noun.start() and text[name_start] in "了的":
                    name_start += 1
                return kind, bodies, self._title(text, name_start, noun.end())
            return kind, bodies, self._names_of(bodies, noun.start()) + word
        return None

    def _ordinal_event(self, text: str, mention: DateMention, clause_start: int,
                       tail_start: int, tail_end: int, position: int,
                       group_size: int) -> tuple[str, tuple[str, ...], str, str] | None:
        """(kind, bodies, title, ordinal) when a 第N届/次会议 names the dated event."""
        ordinal = None
        for match in _ORDINAL_RE.finditer(text, clause_start, mention.start):
            if _ORDINAL_LEAD_RE.fullmatch(text, match.end(), mention.start):
                ordinal = match  # "第十一届会议于 <date>"
        name = ""
        if ordinal is None:
            for match in _NAMED_ORDINAL_RE.finditer(text, clause_start, mention.start):
                if _ORDINAL_LEAD_RE.fullmatch(text, match.end(), mention.start) \
                        and not any(match.start() <= n.start < match.end() for n in self.names):
                    # "第一次<name>会议已于 <date>": a meeting of no body of the table.
                    n = chinese_number(match.group("first"))
                    if n is None:
                        continue
                    title = f"第{chinese_ordinal(n)}次{self._quote(text, *match.span('name'))}"
                    return "meeting", ("other",), title, f"{n} {match.group('name')}"
        numbers: list[int] = []
        if ordinal is not None:
            numbers = [chinese_number(ordinal.group("first"))]
        else:
            ordinal = _ordinal_after(text, self.names, tail_start, tail_end)
            if ordinal is None:
                return None
            numbers = [chinese_number(n) for n in _NUMBER_RE.findall(
                ordinal.group("first") + ordinal.group("more"))]
            if len(numbers) != group_size:
                # Several dates and not as many ordinals: cannot pair them.
                numbers = numbers[:1] if group_size == 1 else []
            else:
                numbers = [numbers[position]]
        if not numbers or None in numbers:
            return None
        unit = ordinal.group("unit")
        attached = self._attached(text, ordinal.start())
        if attached is None and unit == "次" and ordinal.group("noun") == "会议":
            # "第一次<name>会议…，第二次会议…": the second of that name.
            for match in _NAMED_ORDINAL_RE.finditer(text, clause_start, ordinal.start()):
                if not any(match.start() <= n.start < match.end() for n in self.names):
                    name = match.group("name")
            if name:
                return ("meeting", ("other",), f"第{chinese_ordinal(numbers[0])}次{name}",
                        f"{numbers[0]} {name}")
        # "第八届会议" alone in a Conference document is the Conference's; a
        # 第N次会议 with no body named is someone else's (an expert meeting).
        fallback = self.default_body if unit == "届" else "other"
        bodies = attached or self._actors(text, mention.start) or (fallback,)
        kind = "session" if unit == "届" else "meeting"
        title = (f"{self._names_of(bodies, ordinal.start())}"
                 f"第{chinese_ordinal(numbers[0])}{unit}{ordinal.group('noun')}")
        return kind, bodies, title, str(numbers[0])

    def _names_of(self, bodies: tuple[str, ...], pos: int) -> str:
        """The timeline's names of ``bodies`` for a title built from them, in
        the order the text names them: "麻醉药品委员会及预防犯罪和刑事司法委员会
        在 2024 年 12 月举行的续会" -> 麻醉药品委员会及预防犯罪和刑事司法委员会
        续会, whatever the table's order. A body's place is where its sentence
        last names it before ``pos`` (the event's noun or ordinal), else first
        names it after; bodies not named by a name of their own (两个工作组,
        本届会议) come last, in the table's order. Two names the text joins
        (和/及/与/、) are joined by the text's word, others by 和."""
        sentence_start, sentence_end = sentence_bounds(self.masked, pos)
        named: dict[str, BodyName] = {}
        for name in self.names:
            if not sentence_start <= name.start < sentence_end or name.body in ("bothwg", "this"):
                continue
            for body in self._resolve(name.body, name.start):
                if name.start < pos or body not in named:
                    named[body] = name
        end = len(self.masked)

        def place(body: str) -> tuple[int, int, int]:
            name = named.get(body)
            if name is None:
                return (2, end, TABLE_ORDER.get(body, len(TABLE_ORDER)))
            return (0 if name.start < pos else 1, name.start, 0)

        ordered = sorted(bodies, key=place)
        title = body_name(ordered[0])
        for previous, body in pairwise(ordered):
            a, b = named.get(previous), named.get(body)
            joint = self.masked[a.end:b.start] if a and b and a.end <= b.start else ""
            title += (joint if _JOINED_RE.fullmatch(joint) else "和") + body_name(body)
        return title

    def _attached(self, text: str, pos: int) -> tuple[str, ...] | None:
        """The body (or bodies joined by 和/及) written right before ``pos``
        (optionally with 的)."""
        stem_end = pos - 1 if text[pos - 1:pos] == "的" else pos
        for start, end, bodies in joined(self.masked, self.names):
            if end == stem_end:
                return _unique(tuple(b for body in bodies for b in self._resolve(body, start)))
        return None

    def _actors(self, text: str, pos: int) -> tuple[str, ...] | None:
        """Who acts at ``pos``: ``bodies.actors``, read forward when the sentence
        names no one before it; None when it names no one at all."""
        found = actors(self.masked, self.actor_names, pos, (), after=True)
        clause_start = sentence_bounds(self.masked, pos)[0]
        if not found and clause_start and self.masked[clause_start - 1] in "；;":
            # A clause after ； that names no one goes on with who acted in
            # the clause before it ("发言者名单由秘书处保存；将在 <date> 开放报名").
            found = actors(self.masked, self.actor_names, clause_start - 1, ())
        if not found:
            found = self._actor_of_subject(clause_start, pos)
        if not found:
            return None
        start = next((n.start for n in self.names if n.body == found[-1]), pos)
        return _unique(tuple(b for body in found for b in self._resolve(body, start)))

    def _actor_of_subject(self, sentence_start: int, pos: int) -> tuple[str, ...]:
        """Who acts on the thing a sentence naming no one is about: the actor
        of the paragraph's nearest earlier sentence about the same thing.

        Such a sentence opens with its subject right before the date ("发言
        报名将于 <date> 中午截止"); the thing is the subject's head, its last
        word (报名). An earlier sentence of the paragraph that names it ("秘书
        处将于 <date> 开始让各国报名发言") says who acts on it there: the body
        named before it in that sentence (秘书处). A word inside a body's
        name (会议 in 缔约方会议) is that body, not the thing."""
        subject = _SUBJECT_RE.fullmatch(self.masked, sentence_start, pos)
        if subject is None:
            return ()
        head = subject.group("subject")[-_HEAD_LEN:]
        at = self.masked.rfind(head, 0, sentence_start)
        while at >= 0:
            if not any(n.start <= at < n.end for n in self.names):
                return actors(self.masked, self.actor_names, at, ())
            at = self.masked.rfind(head, 0, at)
        return ()

    def _resolve(self, body: str, pos: int) -> tuple[str, ...]:
        """Body ids for a name; a bare 工作组 is the last working group named,
        两个工作组 the working groups of the document, 本届会议 its body."""
        if body == "this":
            return (self.default_body,)
        if body == "bothwg":
            return self.both_wg or ((self.last_wg,) if self.last_wg else ("other",))
        if body != "anywg":
            return (body,)
        for earlier in reversed([n for n in self.names if n.end <= pos]):
            if earlier.body.startswith("wg-"):
                return (earlier.body,)
        return (self.last_wg or "other",)

    def _header_statement(self) -> Statement | None:
        """The session named in the document's header, if its dates are known."""
        info = self.info
        dates = find_dates(info.session_dates, self.context_year)
        ordinal = _ORDINAL_RE.search(_squeeze(info.session)) if info.session else None
        if not dates or ordinal is None:
            return None
        n = chinese_number(ordinal.group("first"))
        if n is None:
            return None
        unit = ordinal.group("unit")
        kind = "session" if unit == "届" else "meeting"
        title = f"{body_name(self.default_body)}第{chinese_ordinal(n)}{unit}{ordinal.group('noun')}"
        return Statement(dates[0].start_date, dates[0].end_date, kind, (self.default_body,),
                          title, str(n), (info.slug, ""),
                          clause=re.sub(r"\s+", " ", info.session_dates).strip(),
                          line=info.session_dates_line)


def _approved_by_silence(text: str, start: int, end: int) -> bool:
    """Whether the sentence text[start:end] says something was approved by
    silence procedure: what is approved by silence is approved when the
    time for objections runs out, so a closing date it gives ("以 <date> 为
    截止日期，经默许程序批准了…", "…核准了…，默许程序截止日期为 <date>") is the
    approval's day, not a deadline set for someone."""
    if _SILENCE not in text[start:end]:
        return False
    verb = _DONE_APPROVAL_RE.search(text, start, end)
    return verb is not None and not _PROSPECTIVE_RE.search(text, start, verb.start())


def _act_object_head(text: str, start: int, end: int) -> str:
    """The head word of what the first act after ``start`` acts on, its
    last two characters (a Chinese phrase ends in its head): the noun after
    the verb ("核准了第十一届会议的工作安排" -> 安排), the noun a relative
    clause ends in ("…核准的会议工作安排" -> 安排), or, for a verb whose
    object is the next comma-clause ("核准，本届会议将以混合形式举行"), the
    word that clause ends in (举行). A note in brackets is not the object
    ("…的拟议工作安排（见附件）"). "" when no act is found."""
    verb = _ACT_VERB_RE.search(text, start, end)
    if verb is None:
        return ""
    at = verb.end()
    if text[at:at + 1] in ("的", "，", ","):
        at += 1
    stop = re.compile(r"[，,。；;]").search(text, at, end)
    words = re.sub(r"（[^（）]*）|\([^()]*\)|\s+", "", text[at:stop.start() if stop else end])
    return words[-_HEAD_LEN:]


def _listed_days(written: str, mention: DateMention) -> list:
    """The days of a date written as a run of days one by one ("17 日、18 日
    和 19 日"), in order; [] for one day or a range (至)."""
    if "至" in written or mention.end_date is None:
        return []
    days = [mention.start_date + timedelta(days=k) for k in range((mention.end_date - mention.start_date).days + 1)]
    return days if written.count("日") == len(days) else []


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


def _ordinal_after(text: str, names: list[BodyName], start: int, end: int) -> re.Match[str] | None:
    """The ordinal after a date that names the dated event, if any."""
    for ordinal in _ORDINAL_RE.finditer(text, start, end):
        lead_end = ordinal.start()
        stem_end = lead_end - 1 if text[lead_end - 1:lead_end] == "的" else lead_end
        for name in names:
            if name.end == stem_end and name.start >= start:
                lead_end = name.start
        # Names joined by 和/及 before the ordinal ("A和B第十三次会议").
        for name in reversed(names):
            if name.end < lead_end and name.start >= start and re.fullmatch(
                    r"和|及|与|、", text[name.end:lead_end]):
                lead_end = name.start
        if not _ORDINAL_FOLLOW_RE.fullmatch(text, start, lead_end):
            continue
        # "第十二次会议结束后举行的…": the date is after that meeting.
        if _AFTER_RE.match(text, ordinal.end()):
            continue
        return ordinal
    return None


def _document_body(info: DocumentInfo) -> str:
    """The body a document is about: named in its title, else in its symbol."""
    for name in body_names(mask_quotes(info.title or "")):
        if name.body in BODY_TABLE:
            return name.body
    wg = re.search(r"/WG\.(\d)", info.symbol)
    if wg and wg.group(1) in SYMBOL_WG:
        return SYMBOL_WG[wg.group(1)]
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




def _pair_by_report(statements: list[Statement]) -> None:
    """Give the meetings a document lists without ordinals the ordinals of
    the meetings it lists with them, when both cite the same report.

    "…2015 年 6 月 9 日及 2016 年 6 月 18 日和 19 日在维也纳举行的会议的报告
    （CTOC/COP/2016/7）" and "…在 2015 年 6 月 9 日举行了第三次会议，在 2016 年
    5 月 18 日和 19 日举行了第四次会议。这两次会议的报告…（CTOC/COP/2016/7）":
    the same two meetings, paired in date order when both count as many.
    """
    groups: dict[tuple, dict[tuple[str, str], list[Statement]]] = {}
    for stmt in statements:
        if by_ordinal(stmt.kind, stmt.ordinal) and stmt.source[1]:
            for report in stmt.reports:
                groups.setdefault((stmt.bodies, stmt.kind, report), {}) \
                    .setdefault(stmt.source, []).append(stmt)
    for by_source in groups.values():
        numbered = [s for s in by_source.values() if all(x.ordinal for x in s)]
        for unnumbered in by_source.values():
            if any(x.ordinal for x in unnumbered):
                continue
            for model in numbered:
                if len(model) == len(unnumbered):
                    ordered = sorted(unnumbered, key=lambda x: x.start)
                    for stmt, named in zip(ordered, sorted(model, key=lambda x: x.start), strict=True):
                        stmt.ordinal, stmt.title = named.ordinal, named.title
                    break


def document_statements(doc: Document) -> list[Statement]:
    """What one document states about dates, in document order.

    Depends on the document alone (its text, ids and metadata), so a build
    can keep it between builds and read the documents on several cores.
    """
    statements: list[Statement] = []
    reader = _Reader(doc)
    if reader.header is not None:
        statements.append(reader.header)
    notes = {f"#{fn.id}": fn.text for fn in doc.footnotes if fn.id}
    for node in doc.walk():
        text = " ".join(node.cells) if node.cells else node.text
        if node.id and text:
            refs = [] if node.cells else sorted(
                (span.start, span.end, notes[span.href]) for span in node.spans
                if span.role == "footnote-ref" and span.href in notes)
            statements.extend(reader.statements(text, node.id, node.line, refs))
    for note in doc.footnotes:
        if note.id and note.text:
            statements.extend(reader.statements(note.text, note.id, note.line))
    _pair_by_report(statements)
    seen: dict[tuple, int] = {}
    for stmt in statements:  # two statements of one element that say the same: told apart in order
        stmt.occurrence = seen.get(stmt.said, 0)
        seen[stmt.said] = stmt.occurrence + 1
    return statements



# "两个工作组于 2022 年 5 月 27 日通过了本篇联合会议报告": a report that states
# the day it was adopted.
_OWN_ADOPTION_RE = re.compile(r"通过了?本(?:篇|份|项)?[^，。；]{0,12}报告")


def adoption_date(doc: Document) -> str:
    """The ISO date on which the document says it was itself adopted, or ""."""
    for node in doc.walk():
        text = _squeeze(node.text)
        for mention in find_dates(text):
            if mention.precision == "day" and mention.end_date is None \
                    and _OWN_ADOPTION_RE.match(text, mention.end + (text[mention.end:mention.end + 1] == "，")):
                return mention.start_date.isoformat()
    return ""


_TITLE_MEETING_RE = re.compile(r"(?P<dates>\d{4}\s*年[\d\s年月日至和及、]*日)\s*在\s*(?P<place>[^\s举]+)\s*举行")


def meeting_info(info: DocumentInfo) -> tuple[str, str]:
    """(dates, place) of the session or meeting a document is for, as printed:
    its session line ("2016 年 10 月 17 日至 21 日，维也纳"), else its title
    ("…2022 年 10 月 17 日至 21 日 在维也纳举行的第十一届会议报告")."""
    if info.session_dates:
        dates, _, place = info.session_dates.partition("，")
        return re.sub(r"\s+", " ", dates).strip(), (info.place or place).strip()
    match = _TITLE_MEETING_RE.search(info.title or "")
    if match:
        return re.sub(r"\s+", " ", match.group("dates")).strip(), match.group("place")
    return "", info.place


def describe_dates(doc: Document) -> None:
    """Fill in what the home page shows of a document's dates: the day it
    was adopted (when its text says so) and its session's dates and place."""
    doc.info.adopted = adoption_date(doc)
    doc.info.meeting_dates, doc.info.meeting_place = meeting_info(doc.info)

