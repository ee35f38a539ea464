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

from ..instruments import BY_NOUN, NOUN
from .bodies import BODIES as _BODY_TABLE
from .bodies import BodyName, actors, body_names, instrument_body, mask_quotes

# Each body's canonical Chinese name, by id, from the one table of bodies
# (grammar/bodies.py), in the order the index lists them.
BODY_NAMES: dict[str, str] = {b.id: b.name for b in _BODY_TABLE.values()}

# The body a citation belongs to when the sentence names none: these documents
# are written by and for the Conference of the Parties.
DEFAULT_BODY = "cop"
# Its name as a citation of an instrument it adopted gives it (缔约方会议第 11/4 号决议).
ADOPTING_BODY = _BODY_TABLE[DEFAULT_BODY].short

# 第 s/n 号 [和 第 s/n 号]* 决议|决定. Wrapping may leave spaces anywhere between
# the parts; "号" may be omitted before a conjunction ("第 9/1 和第 10/1 号决议").
_NUMBER = r"第\s*(\d{1,3})\s*/\s*(\d{1,4})\s*号?"
_CONJ = r"\s*(?:以及|和|及|与|或|、)\s*"
# The noun must follow a 号 ("第 9/1 和第 10/1 号决议" is fine, "第 9/1 决议" is
# not a citation form).
_INSTRUMENT_RE = re.compile(rf"{_NUMBER}(?:{_CONJ}{_NUMBER})*(?<=号)\s*(?P<kind>{NOUN})")
_ONE_NUMBER_RE = re.compile(_NUMBER)

# A title stated right before the citation: [共同]题为“T”的 [date] 第 s/n 号…
_DATE_TEXT = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*"
_TITLE_BEFORE = re.compile(rf"题为“([^“”]+)”的\s*(?:{_DATE_TEXT})?$")
# What may stand between two citations that share one title: a conjunction
# and the next one's date ("…第 66/180 号决议和 2013 年 12 月 18 日第 68/186 号决议").
_SHARED_GAP = re.compile(rf"\s*(?:号|{NOUN})*{_CONJ}(?:{_DATE_TEXT})?")


@dataclass(frozen=True)
class InstrumentMention:
    """One cited resolution or decision; ``start``/``end`` cover ``第 s/n 号…``."""

    start: int
    end: int
    body: str  # a key of BODY_NAMES
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


def _attribute(masked: str, names: list[BodyName], pos: int) -> str:
    """The body that adopted the instrument cited at ``pos``.

    The rule of ``bodies.actors``: within the sentence, the nearest marker
    before the citation decides (a body name, or a possessive 其: the body
    just before it, else the author of the document, the Conference). With
    no marker, the citation is the Conference's own (DEFAULT_BODY). So a
    body named once governs every number after it ("大会……第 76/7 号决议和
    ……第 76/186 号决议") until another body, or the Conference's 其, takes
    over. An organ of the Conference (its Bureau, a working group) adopts no
    numbered instruments: a number after its name is the Conference's.

    A body that adopts nothing and serves no body that does (the
    Secretariat: "秘书处将口头报告第 11/4 号决议的执行情况", "秘书处关于第 7/1 号
    决议执行工作…的报告") is no marker at all: it reports on an instrument, it
    does not say whose it is. The citation is read as if its name were not
    there, so in a document of the Conference it is the Conference's own
    unless another body is named.
    """
    claimants = [n for n in names if _may_claim(n.body)]
    return instrument_body(actors(masked, claimants, pos, (DEFAULT_BODY,))[-1])


def _may_claim(body: str) -> bool:
    """Whether a body named before a citation can say whose it is: one that
    adopts numbered instruments, or an organ of one that does (the special
    markers 工作组, 本届会议 are organs or sessions of the Conference)."""
    entry = _BODY_TABLE.get(body)
    return entry is None or entry.adopts or bool(entry.parent)


def find_instruments(text: str) -> list[InstrumentMention]:
    """Every resolution or decision cited in ``text``, in text order.

    A coordinated citation (``第 9/1 号和第 10/1 号决议``) yields one mention
    per number, each covering its own ``第 s/n 号`` (the last one also the
    noun), all of the same kind and body.
    """
    if "第" not in text:
        return []  # no citation form without it; most paragraphs end here
    masked = mask_quotes(text)
    citations = list(_INSTRUMENT_RE.finditer(masked))
    if not citations:
        return []
    bodies = body_names(masked)
    mentions: list[InstrumentMention] = []
    # A title names every citation joined to the one it precedes by only a
    # conjunction and a date: "题为“T”的第 66/180 号决议和第 68/186 号决议",
    # "共同题为“T”的 <date> 第 4/2 号决定和 <date> 第 5/8 号决议" (both are T).
    shared_title, shared_end = "", -1
    for m in citations:
        kind = BY_NOUN[m.group("kind")].prefix
        body = _attribute(masked, bodies, m.start())
        numbers = list(_ONE_NUMBER_RE.finditer(masked, m.start(), m.end()))
        for i, num in enumerate(numbers):
            # The last number also covers the noun; the others end at their own
            # 号 (or number), never on a space left before the conjunction.
            end = m.end() if i == len(numbers) - 1 else len(masked[:num.end()].rstrip())
            title_match = _TITLE_BEFORE.search(text, 0, num.start())
            if title_match:
                shared_title = title_match.group(1)
            elif not (shared_title and _SHARED_GAP.fullmatch(masked, shared_end, num.start())):
                shared_title = ""
            shared_end = end
            mentions.append(InstrumentMention(
                start=num.start(), end=end, body=body, kind=kind,
                session=int(num.group(1)), number=int(num.group(2)),
                title=shared_title,
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


# The paragraphs a citation names right after a symbol (a pinpoint), one
# pattern for each way the documents write them: "，第7段和第10段",
# "，第 8 和第 10 段", "，第 2-4 段", "第 3 至 5 段". A number (or range) is
# ``_PIN_NUMBER``; ``_PIN_RUN`` is the whole run after the symbol.
_PIN_NUMBER = re.compile(r"(\d+)(?:\s*[-–—至]\s*(\d+))?")
_PIN_NUMBER_TEXT = r"\d+(?:\s*[-–—至]\s*\d+)?"
_PIN_JOINS = ("和", "及", "以及", "、", "，", ",")
_PIN_RUN = re.compile(
    rf"^[\s，,]*第\s*{_PIN_NUMBER_TEXT}\s*段?"
    rf"(?:\s*(?:{'|'.join(_PIN_JOINS)})\s*第?\s*{_PIN_NUMBER_TEXT}\s*段?)*")


@dataclass(frozen=True)
class Pinpoint:
    """One paragraph number (or range) of a pinpoint: where its digits stand
    in the text, and the paragraphs it names (a range expanded)."""

    start: int
    end: int
    numbers: tuple[int, ...]


@dataclass
class SymbolMention:
    """One cited document symbol; ``symbol`` is normalised (no spaces).
    ``pinpoints``: the paragraphs of it the text names right after it."""

    start: int
    end: int
    symbol: str
    parts: list[str] = field(default_factory=list)
    pinpoints: list[Pinpoint] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[int]:
        """Every paragraph number the pinpoint names, once each, in order."""
        return list(dict.fromkeys(n for pin in self.pinpoints for n in pin.numbers))


def pinpoints(text: str, end: int) -> list[Pinpoint]:
    """The pinpoint paragraphs written right after a symbol ending at ``end``."""
    run = _PIN_RUN.match(text[end:])
    # The run names paragraphs up to its last 段 ("第 3 页" names none).
    written = run.group()[: run.group().rfind("段") + 1] if run else ""
    found = []
    for m in _PIN_NUMBER.finditer(written):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        found.append(Pinpoint(end + m.start(), end + m.end(), tuple(range(first, max(first, last) + 1))))
    return found


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
            mentions.append(SymbolMention(m.start(), m.end(), symbol, parts, pinpoints(text, m.end())))
    return mentions


def split_symbol(symbol: str) -> list[str]:
    """The single symbols of a (normalised) joint symbol; [symbol] if single."""
    return _PART_SPLIT.split(symbol)


def symbol_series(symbol: str) -> str:
    """The series a symbol is filed under in the symbol index: its components
    up to and including the first that is a number (a year or a session),
    ``CTOC/COP/2024/1`` -> ``CTOC/COP/2024``, ``CTOC/COP/WG.2/2022/4`` ->
    ``CTOC/COP/WG.2/2022``, ``A/RES/70/174`` -> ``A/RES/70``; a joint symbol
    by its first single symbol, a symbol with no such number whole but its
    last component.

    The rule looks at the symbol alone, so a symbol's part never changes as
    the corpus grows (its URL is cited).
    """
    components = split_symbol(symbol)[0].split("/")
    for i, component in enumerate(components):
        if component.isdigit():
            return "/".join(components[: i + 1])
    return "/".join(components[:-1]) or components[0]
