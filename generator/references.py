"""Find citations of resolutions, decisions and UN document symbols in text.

Pure functions on one string (a paragraph as the parser delivers it, wrapped
lines already joined). Offsets always index that string, so the xref stage can
turn every mention into a ``Span`` of the node it came from.

Two small grammars live here:

* Instruments. A citation is ``第 s/n 号决议`` (resolution) or ``第 s/n 号决定``
  (decision); several numbers may share one noun (``第 9/1 号和第 10/1 号决议``).
  The adopting body is not part of the number: Chinese puts it in front, often
  far in front (``大会……所有决议，包括……的第 76/7 号决议``). See
  ``_attribute`` for the rule.
* Symbols. A UN document symbol is a root series (``CTOC``, ``A``, ``E``...)
  followed by ``/``-separated components (``COP``, ``WG.2``, ``2022``, ``L.10``,
  ``Rev.2``, ``INF``...); a joint symbol links two of them with ``-``. Line
  wrapping in the PDF extraction can leave one space after a ``/`` or ``-``;
  the symbol is repaired, the mention still covers the visible text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Adopting bodies: id -> canonical Chinese name. The order is the order in
# which the index lists them (the Conference first: these are its documents).
BODIES: dict[str, str] = {
    "cop": "联合国打击跨国有组织犯罪公约缔约方会议",
    "ga": "大会",
    "sc": "安全理事会",
    "ecosoc": "经济及社会理事会",
    "hrc": "人权理事会",
    "ccpcj": "预防犯罪和刑事司法委员会",
    "cnd": "麻醉药品委员会",
    "csw": "妇女地位委员会",
    "congress": "联合国预防犯罪和刑事司法大会",
    "unesco": "联合国教育、科学及文化组织大会",
    "eu-council": "欧洲联盟理事会",
    "other": "其他机构",
}

# The body a citation belongs to when the sentence names none: these documents
# are written by and for the Conference of the Parties.
DEFAULT_BODY = "cop"

# Names as they occur in running text, longest first so that a name containing
# another ("经济及社会理事会" contains "理事会", "…组织大会" contains "大会") is
# matched whole. Whitespace left by line wrapping may sit between any two
# characters.
_BODY_NAMES: list[tuple[str, str]] = [
    ("联合国教育、科学及文化组织大会", "unesco"),
    ("教科文组织大会", "unesco"),
    ("联合国预防犯罪和刑事司法大会", "congress"),
    ("预防犯罪和刑事司法大会", "congress"),
    ("联合国打击跨国有组织犯罪公约缔约方会议", "cop"),
    ("缔约方会议", "cop"),
    ("预防犯罪和刑事司法委员会", "ccpcj"),
    ("预防犯罪委员会", "ccpcj"),
    ("麻醉药品委员会", "cnd"),
    ("麻委会", "cnd"),
    ("经济及社会理事会", "ecosoc"),
    ("经社理事会", "ecosoc"),
    ("人权理事会", "hrc"),
    ("安全理事会", "sc"),
    ("安理会", "sc"),
    ("妇女地位委员会", "csw"),
    ("欧洲联盟理事会", "eu-council"),
    ("欧盟理事会", "eu-council"),
    ("大会", "ga"),
]
# "大会" alone is the General Assembly unless it ends the name of some other
# assembly ("议会大会", "问题大会", "组织大会", "司法大会", "卫生大会", "代表大会").
# Such a name still stops the search for a body (body "other"), so that its
# numbers are never credited to the General Assembly or to the Conference.
_OTHER_ASSEMBLY = r"(?<=[会题织法生表])大会"


def _spaced(name: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in name)


_BODY_RE = re.compile("|".join(
    [f"(?P<other>{_OTHER_ASSEMBLY})"]
    + [f"(?P<b{i}>{_spaced(name)})" for i, (name, _) in enumerate(_BODY_NAMES)]
))

# "其" ("its") as the possessive in front of a citation ("回顾其……第 2/2 号决定",
# "大会在其第 55/25 号决议中"). Not 其中 (whereof), 其他 (other), 其余, 其各
# (each of its), 尤其 (especially), 与其.
_ITS_RE = re.compile(r"(?<![尤与])其(?![中他余各])")
# A body that is the subject of "其" stands just before it: "大会在其",
# "缔约方会议还重申其". Up to this many characters may separate them.
_ITS_SUBJECT_GAP = 6

# A sentence (or a colon-introduced list) is the scope of attribution.
_SENTENCE_END = re.compile(r"[。；;！？：:]")
# Titles and names of instruments ("题为“……”", 《……》) are not the text's own
# grammar: bodies named inside them ("…预防犯罪和刑事司法对策…", "…大会的报告")
# never attribute a citation.
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|「[^「」]*」")
_MASK = "□"

# 第 s/n 号 [和 第 s/n 号]* 决议|决定. Wrapping may leave spaces anywhere between
# the parts; "号" may be omitted before a conjunction ("第 9/1 和第 10/1 号决议").
_NUMBER = r"第\s*(\d{1,3})\s*/\s*(\d{1,4})\s*号?"
_CONJ = r"\s*(?:以及|和|及|与|或|、)\s*"
# The noun must follow a 号 ("第 9/1 和第 10/1 号决议" is fine, "第 9/1 决议" is
# not a citation form).
_INSTRUMENT_RE = re.compile(rf"{_NUMBER}(?:{_CONJ}{_NUMBER})*(?<=号)\s*(?P<kind>决议|决定)")
_ONE_NUMBER_RE = re.compile(_NUMBER)
_KINDS = {"决议": "res", "决定": "dec"}

# A title stated right before the citation: 题为“T”的 [date] 第 s/n 号…
_TITLE_BEFORE = re.compile(
    r"题为“([^“”]+)”的\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*)?$"
)


@dataclass(frozen=True)
class InstrumentMention:
    """One cited resolution or decision; ``start``/``end`` cover ``第 s/n 号…``."""

    start: int
    end: int
    body: str  # a key of BODIES
    kind: str  # "res" | "dec"
    session: int
    number: int
    title: str = ""  # as stated right before the citation (题为“…”), else ""

    @property
    def key(self) -> str:
        return instrument_key(self.body, self.kind, self.session, self.number)


def instrument_key(body: str, kind: str, session: int, number: int) -> str:
    """The id of an instrument across the site: ``cop-res-7-1``, ``ga-dec-60-519``."""
    return f"{body}-{kind}-{session}-{number}"


def _mask_quotes(text: str) -> str:
    """``text`` with the inside of quotes and book-title marks blanked, same length."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + _MASK * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _bodies(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, body) of every body name in the masked text."""
    found = []
    for m in _BODY_RE.finditer(masked):
        group = m.lastgroup or ""
        body = "other" if group == "other" else _BODY_NAMES[int(group[1:])][1]
        found.append((m.start(), m.end(), body))
    return found


def _attribute(masked: str, bodies: list[tuple[int, int, str]], pos: int) -> str:
    """The body that adopted the instrument cited at ``pos``.

    Rule: within the sentence, the nearest marker before the citation decides.
    A marker is a body name (its body; quoted titles do not count), or a
    possessive 其 in the citation's own clause (no comma in between), which
    means the subject of the sentence: the body standing just before 其
    ("大会在其…") or else the author of the document, the Conference. With no
    marker, the citation is the Conference's own (DEFAULT_BODY). So a body
    named once governs every number after it ("大会……第 76/7 号决议和……第
    76/186 号决议") until another body, or the Conference's 其, takes over.
    """
    sentence_start = 0
    for m in _SENTENCE_END.finditer(masked, 0, pos):
        sentence_start = m.end()
    best_pos, best_body = -1, DEFAULT_BODY
    for start, end, body in bodies:
        if sentence_start <= start and end <= pos and start > best_pos:
            best_pos, best_body = start, body
    for m in _ITS_RE.finditer(masked, max(sentence_start, best_pos + 1), pos):
        if "，" in masked[m.end():pos] or "," in masked[m.end():pos]:
            continue
        subject = DEFAULT_BODY
        for start, end, body in bodies:
            gap = masked[end:m.start()]
            if sentence_start <= start and end <= m.start() and len(gap) <= _ITS_SUBJECT_GAP \
                    and not re.search(r"[，,、]", gap):
                subject = body
        best_pos, best_body = m.start(), subject
    return best_body


def find_instruments(text: str) -> list[InstrumentMention]:
    """Every resolution or decision cited in ``text``, in text order.

    A coordinated citation (``第 9/1 号和第 10/1 号决议``) yields one mention
    per number, each covering its own ``第 s/n 号`` (the last one also the
    noun), all of the same kind and body.
    """
    if "第" not in text:
        return []  # no citation form without it; most paragraphs end here
    masked = _mask_quotes(text)
    citations = list(_INSTRUMENT_RE.finditer(masked))
    if not citations:
        return []
    bodies = _bodies(masked)
    mentions: list[InstrumentMention] = []
    for m in citations:
        kind = _KINDS[m.group("kind")]
        body = _attribute(masked, bodies, m.start())
        numbers = list(_ONE_NUMBER_RE.finditer(masked, m.start(), m.end()))
        for i, num in enumerate(numbers):
            # The last number also covers the noun; the others end at their own
            # 号 (or number), never on a space left before the conjunction.
            end = m.end() if i == len(numbers) - 1 else len(masked[:num.end()].rstrip())
            title_match = _TITLE_BEFORE.search(text, 0, num.start())
            mentions.append(InstrumentMention(
                start=num.start(), end=end, body=body, kind=kind,
                session=int(num.group(1)), number=int(num.group(2)),
                title=title_match.group(1) if title_match else "",
            ))
    return mentions


# --- Document symbols -------------------------------------------------------

# Root series of the symbols these documents cite. A root must start the
# symbol: not preceded by a letter, digit, "/" or "." (so nothing is found
# inside a URL such as undocs.org/ch/CTOC/...).
_ROOTS = r"(?:CTOC|CAC|A|E|S|ST|TD|UNODC)"
# A component: letters with an optional ".digits" (COP, WG.2, CN.15, CONF.192,
# RES, L.10, Rev.2, Add.9, Corr.2, CRP.6, INF) or a plain number (2022, 4).
_COMPONENT = r"(?:[A-Z][A-Za-z]*(?:\.\d+)?|\d+)"
# "/" may be followed by one space left by line wrapping.
_SINGLE = rf"{_ROOTS}(?:/ ?{_COMPONENT})+"
_SYMBOL_RE = re.compile(
    rf"(?<![A-Za-z0-9/.])(?P<sym>{_SINGLE}(?:- ?{_SINGLE})*)(?![A-Za-z0-9])"
)
_PART_SPLIT = re.compile(rf"-(?={_ROOTS}/)")

OFFICIAL_BASE = "https://undocs.org/zh/"


@dataclass
class SymbolMention:
    """One cited document symbol; ``symbol`` is normalised (no spaces)."""

    start: int
    end: int
    symbol: str
    parts: list[str] = field(default_factory=list)


def normalise_symbol(raw: str) -> str:
    """Repair line-wrap debris: drop whitespace inside a symbol."""
    return re.sub(r"\s+", "", raw)


def _is_symbol(symbol: str) -> bool:
    """A real symbol has a root and at least two components, one with a digit.

    This rejects bare series ("CTOC/COP") and short accidents ("A/B").
    """
    components = symbol.split("/")
    return len(components) >= 3 and any(ch.isdigit() for ch in symbol)


def find_symbols(text: str) -> list[SymbolMention]:
    """Every UN document symbol cited in ``text``, in text order.

    A joint symbol (``E/2022/28-E/CN.7/2022/14``) is one mention whose
    ``parts`` are its single symbols.
    """
    mentions: list[SymbolMention] = []
    for m in _SYMBOL_RE.finditer(text):
        symbol = normalise_symbol(m.group("sym"))
        parts = split_symbol(symbol)
        if all(_is_symbol(p) for p in parts):
            mentions.append(SymbolMention(m.start(), m.end(), symbol, parts))
    return mentions


def split_symbol(symbol: str) -> list[str]:
    """The single symbols of a (normalised) joint symbol; [symbol] if single."""
    return _PART_SPLIT.split(symbol)


def official_url(symbol: str) -> str:
    """The official (Chinese) URL of a symbol on the UN document resolver."""
    return OFFICIAL_BASE + symbol


def symbol_id(symbol: str) -> str:
    """A lower-case ASCII HTML id for a symbol, unique per symbol.

    ``/`` becomes ``-``, the ``-`` joining the parts of a joint symbol becomes
    ``--`` and dots are dropped (``CTOC/COP/WG.2/2022/4`` ->
    ``ctoc-cop-wg2-2022-4``). The mapping is one-to-one on the symbol grammar
    above: a dot only ever sits between letters and digits of one component,
    so dropping it loses nothing (and UN symbols do not differ by letter case
    alone).
    """
    return "--".join(p.replace("/", "-").replace(".", "") for p in split_symbol(symbol)).lower()
