"""The bodies the documents name, and who is said to act: one table, one rule.

Both the cross-references (whose resolution is ``第 s/n 号决议``) and the
timeline (who held the meeting, who adopted, who set the deadline) read
bodies here, so that a name means the same body on every page.

``BODIES``: id -> ``Body``: its canonical name, the short name the timeline
shows, the names as written in running text, and whether it adopts
numbered resolutions and decisions. A subsidiary organ of the Conference
(its Bureau, its extended Bureau, its working groups) does not: a number
cited after it is still read as the Conference's (``parent``).

Rule (``actors``): within the sentence (up to 。；：), the nearest marker
before the position decides. A marker is a body name (quoted titles
“…” and 《…》 do not count), several names joined only by 和/及/与/、 (all
of them: "技术援助问题政府专家工作组和国际合作工作组在…", "麻醉药品委员会及预防
犯罪和刑事司法委员会在…举行的续会"), or a possessive 其 in the position's own
comma-clause, which means the subject of the sentence: the body standing
just before 其 ("大会在其…"), else the author of the document. With no
marker before, the first marker after the position in the same sentence
("2022 年 7 月 22 日，扩大主席团经由默许程序核准…") when the caller asks for
it, else the default.

Special names: a bare 工作组 is the last working group named (the caller
resolves it); 两个工作组 ("the two working groups") are the working groups
of the document's joint symbol; 本届会议 is the document's own body. Names
of other assemblies ending in 大会 (议会大会, 问题大会 — the 2001 conference on
small arms —, 组织大会, 司法大会, 卫生大会, 代表大会) are bodies of their own
("other"), never the General Assembly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Body:
    id: str
    name: str  # canonical, as the index pages head it
    short: str  # as the timeline labels it
    names: tuple[str, ...] = ()  # as written in running text
    adopts: bool = True  # numbers resolutions and decisions of its own
    parent: str = ""  # whose numbers a mention after it cites (organs of the Conference)
    # The symbol its resolution s/n is issued under, where a documented rule
    # gives it ("A/RES/{session}/{number}"), and the first session the rule
    # holds for; "" for a body whose resolutions have no symbol of their own
    # (they stand in its report) or whose rule is not known: never guessed.
    resolution_symbol: str = ""
    resolution_symbol_since: int = 1


# The order is the order of the indexes (the Conference first: these are its documents).
_TABLE: tuple[Body, ...] = (
    Body("cop", "联合国打击跨国有组织犯罪公约缔约方会议", "缔约方会议",
         ("联合国打击跨国有组织犯罪公约缔约方会议", "缔约方会议")),
    Body("cop-bureau", "缔约方会议主席团", "缔约方会议主席团",
         ("缔约方会议主席团", "主席团"), adopts=False, parent="cop"),
    Body("cop-extended-bureau", "缔约方会议扩大主席团", "缔约方会议扩大主席团",
         ("缔约方会议扩大主席团", "扩大主席团"), adopts=False, parent="cop"),
    Body("wg-trafficking", "贩运人口问题工作组", "贩运人口问题工作组",
         ("贩运人口问题临时工作组", "贩运人口问题工作组"), adopts=False, parent="cop"),
    Body("wg-smuggling", "偷运移民问题工作组", "偷运移民问题工作组",
         ("偷运移民问题政府间临时工作组", "偷运移民问题工作组"), adopts=False, parent="cop"),
    Body("wg-firearms", "枪支问题工作组", "枪支问题工作组",
         ("枪支问题不限成员名额政府间工作组", "枪支问题工作组"), adopts=False, parent="cop"),
    Body("wg-cooperation", "国际合作工作组", "国际合作工作组",
         ("国际合作不限成员名额工作组", "不限成员名额国际合作工作组", "国际合作工作组"),
         adopts=False, parent="cop"),
    Body("wg-technical-assistance", "技术援助问题政府专家工作组", "技术援助问题政府专家工作组",
         ("技术援助问题不限成员名额政府专家临时工作组", "技术援助问题政府专家临时工作组",
          "技术援助问题政府专家工作组"), adopts=False, parent="cop"),
    # The General Assembly numbers its resolutions session/number since its
    # 31st session (1976), each issued as A/RES/s/n.
    Body("ga", "大会", "大会", ("大会",), resolution_symbol="A/RES/{session}/{number}", resolution_symbol_since=31),
    Body("sc", "安全理事会", "安全理事会", ("安全理事会", "安理会")),
    Body("ecosoc", "经济及社会理事会", "经济及社会理事会", ("经济及社会理事会", "经社理事会")),
    # The Human Rights Council's resolution s/n is A/HRC/RES/s/n.
    Body("hrc", "人权理事会", "人权理事会", ("人权理事会",), resolution_symbol="A/HRC/RES/{session}/{number}"),
    Body("ccpcj", "预防犯罪和刑事司法委员会", "预防犯罪和刑事司法委员会",
         ("预防犯罪和刑事司法委员会", "预防犯罪委员会")),
    Body("cnd", "麻醉药品委员会", "麻醉药品委员会", ("麻醉药品委员会", "麻委会")),
    Body("csw", "妇女地位委员会", "妇女地位委员会", ("妇女地位委员会",)),
    Body("congress", "联合国预防犯罪和刑事司法大会", "联合国预防犯罪和刑事司法大会",
         ("联合国预防犯罪和刑事司法大会", "预防犯罪和刑事司法大会")),
    Body("unesco", "联合国教育、科学及文化组织大会", "联合国教育、科学及文化组织大会",
         ("联合国教育、科学及文化组织大会", "教科文组织大会")),
    Body("unidroit", "国际统一私法协会", "国际统一私法协会", ("国际统一私法协会",)),
    Body("eu-council", "欧洲联盟理事会", "欧洲联盟理事会", ("欧洲联盟理事会", "欧盟理事会")),
    Body("eppo", "欧洲检察官办公室", "欧洲检察官办公室", ("欧洲检察官办公室",), adopts=False),
    # The Secretariat serves the Conference and acts for it (keeps the list
    # of speakers, issues notes), but adopts nothing: its acts are its own.
    Body("secretariat", "秘书处", "秘书处", ("秘书处",), adopts=False),
    Body("other", "其他机构", "其他", ()),
)
BODIES: dict[str, Body] = {b.id: b for b in _TABLE}
WORKING_GROUPS = tuple(b.id for b in _TABLE if b.id.startswith("wg-"))

# The working group of a symbol's WG.n (CTOC/COP/WG.2 is technical assistance).
SYMBOL_WG = {"2": "wg-technical-assistance", "3": "wg-cooperation",
             "4": "wg-trafficking", "6": "wg-firearms", "7": "wg-smuggling"}

# "大会" alone is the General Assembly unless it ends the name of some other
# assembly ("议会大会", "问题大会", "组织大会", "司法大会", "卫生大会", "代表大会").
_OTHER_ASSEMBLY = r"(?<=[会题织法生表])大会"
# Special markers, resolved by the caller: a bare 工作组 (not …工作组 of a
# name matched whole), the two working groups, the present session.
_SPECIAL = {"bothwg": r"两个工作组", "anywg": r"工作组", "this": r"本届会议"}


def _spaced(name: str) -> str:
    """A name that wrapping may have split with whitespace anywhere."""
    return r"\s*".join(re.escape(ch) for ch in name)


_NAMES: list[tuple[str, str]] = sorted(
    ((name, b.id) for b in _TABLE for name in b.names), key=lambda item: -len(item[0]))
# Alternation is tried left to right at each position: the longest name
# first, so that a name containing another ("经济及社会理事会" contains
# "理事会", "缔约方会议扩大主席团" contains "缔约方会议") is matched whole.
# The lookahead on the characters a name can start with lets the scan pass
# every other position at once, instead of trying each alternative there
# (the same matches: half the time of reading a document went here).
_FIRST = "".join(sorted({name[0] for name, _ in _NAMES} | {"大"} | {p[0] for p in _SPECIAL.values()}))
BODY_RE = re.compile(f"(?=[{re.escape(_FIRST)}])(?:" + "|".join(
    [f"(?P<other>{_OTHER_ASSEMBLY})"]
    + [f"(?P<b{i}>{_spaced(name)})" for i, (name, _) in enumerate(_NAMES)]
    + [f"(?P<{group}>{pattern})" for group, pattern in _SPECIAL.items()]
) + ")")


_NOT_A_MENTION = re.compile(r"的说明")


@dataclass(frozen=True)
class BodyName:
    """One body name in a text: ``body`` is an id of BODIES, or ``anywg``,
    ``bothwg`` or ``this`` for the caller to resolve."""

    start: int
    end: int
    body: str


def body_names(text: str) -> list[BodyName]:
    """Every body name in ``text`` (mask quotes first: see ``mask_quotes``)."""
    found = []
    for m in BODY_RE.finditer(text):
        # "秘书处的说明" is a kind of document (a note by the Secretariat) in a
        # list of documents, not the Secretariat doing something.
        if _NOT_A_MENTION.match(text, m.end()):
            continue
        group = m.lastgroup or ""
        if group == "other":
            body = "other"
        elif group.startswith("b") and group[1:].isdigit():
            body = _NAMES[int(group[1:])][1]
        else:
            body = group
        found.append(BodyName(m.start(), m.end(), body))
    return found


# Titles and names of instruments ("题为“……”", 《……》) are not the text's own
# grammar: bodies named inside them never attribute anything.
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|「[^「」]*」")
MASK = "□"


def mask_quotes(text: str) -> str:
    """``text`` with the inside of quotes and book-title marks blanked, same length."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + MASK * (len(m.group(0)) - 2) + m.group(0)[-1], text)


# A sentence (or a colon-introduced list) is the scope of attribution.
SENTENCE_END = re.compile(r"[。；;！？：:]")
# "其" ("its") as the possessive ("回顾其……第 2/2 号决定", "大会在其第 55/25 号决议中").
# Not 其中 (whereof), 其他 (other), 其余, 其各 (each of its), 尤其, 与其.
_ITS_RE = re.compile(r"(?<![尤与])其(?![中他余各])")
# A body that is the subject of "其" stands just before it: "大会在其".
_ITS_SUBJECT_GAP = 6
# Names joined into one actor: "A和B", "A及B", "A与B", "A、B".
_JOIN = re.compile(r"\s*(?:和|及|与|、)\s*")


def joined(text: str, names: list[BodyName]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Names joined only by 和/及/与/、 as one marker: (start, end, bodies)."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    for name in names:
        if out and _JOIN.fullmatch(text, out[-1][1], name.start):
            start, _, bodies = out[-1]
            out[-1] = (start, name.end, bodies + (name.body,))
        else:
            out.append((name.start, name.end, (name.body,)))
    return out


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence (up to 。；：) around ``pos``."""
    start = 0
    for m in SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    end_match = SENTENCE_END.search(text, pos)
    return start, end_match.start() if end_match else len(text)


def actors(masked: str, names: list[BodyName], pos: int, default: tuple[str, ...],
           after: bool = False) -> tuple[str, ...]:
    """Who acts at ``pos`` in ``masked`` (see the module docstring).

    ``default`` stands for the author of the text, and for 其 with no body
    before it. With ``after``, a sentence naming no one before ``pos`` is
    read forward, to the first marker after it. Special markers (anywg, …)
    are returned as they are.
    """
    sentence_start, sentence_end = sentence_bounds(masked, pos)
    groups = joined(masked, names)
    best_pos, best = -1, default
    found = False
    for start, end, bodies in groups:
        if sentence_start <= start and end <= pos and start > best_pos:
            best_pos, best, found = start, bodies, True
    for m in _ITS_RE.finditer(masked, max(sentence_start, best_pos + 1), pos):
        if re.search(r"[，,]", masked[m.end():pos]):
            continue
        subject = default
        for start, end, bodies in groups:
            gap = masked[end:m.start()]
            if sentence_start <= start and end <= m.start() and len(gap) <= _ITS_SUBJECT_GAP \
                    and not re.search(r"[，,、]", gap):
                subject = bodies
        best_pos, best, found = m.start(), subject, True
    if not found and after:
        for start, _end, bodies in groups:
            if pos <= start < sentence_end:
                return bodies
    return best


def resolution_symbol(body: str, session: int, number: int) -> str:
    """The document symbol of ``body``'s resolution ``session/number`` by
    its body's documented rule (``ga``, 70, 174 -> ``A/RES/70/174``); "" when
    no rule gives one (decisions, and bodies whose resolutions stand in
    their reports)."""
    entry = BODIES.get(body)
    if entry is None or not entry.resolution_symbol or session < entry.resolution_symbol_since:
        return ""
    return entry.resolution_symbol.format(session=session, number=number)


def instrument_body(body: str) -> str:
    """The body whose numbers a citation after ``body``'s name cites."""
    entry = BODIES.get(body)
    if entry is None:
        return "cop"
    return entry.id if entry.adopts else (entry.parent or "other")
