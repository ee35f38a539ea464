"""Parse repaired blocks into the document model.

The parser reads the blocks in order, like a reader would, and keeps a small
state: where it is (report body, resolution, annex, agenda, annotations) and
which element the next lettered or nested block belongs to. Each rule below
explains a layout of these documents, not a line of one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..grammar.numerals import chinese_number
from ..model import Document, DocumentInfo, Footnote, Node
from .repair import Block, Repaired, without_markers

ROMAN_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*\.\s*(.*)$")
LETTER_HEADING = re.compile(r"^([A-Z])\s*\.\s*(.*)$")
NUMBERED = re.compile(r"^(\d{1,3})\s*\.(?!\d)\s*(.*)$")
LETTERED = re.compile(r"^\(\s*([a-z]{1,2})\s*\)\s*(.*)$")
ROMAN_ITEM = re.compile(r"^\(([ivx]+)\)\s*(.*)$")
INSTRUMENT_HEADER = re.compile(r"^第\s*(\d+)\s*/\s*(\d+)\s*号(决议|决定)$")
ANNEX_HEADER = re.compile(r"^附件([一二三四五六七八九十]*)$")
FORMULA = re.compile(r"^联合国打击跨国有组织犯罪公约缔约方会议(，|,)")
# Punctuation that ends prose; headings may end with a bracket or quote.
CLOSING = tuple("。；：，、！？;:,")
INTRODUCES = ("：", ":", "如下。", "如下：")

# Front matter lines, recognised by what they say.
SESSION_LINE = re.compile(r"^第[一二三四五六七八九十]+届会议\**$")
DATES_PLACE_LINE = re.compile(r"^\d{4}\s*年.*日\s*[，,]\s*\S+$")
AGENDA_ITEMS_LINE = re.compile(r"^临时议程\**\s*项目")
DISTRIBUTION_LINE = re.compile(
    r"^(Distr\.:.*|Chinese|Original:.*|\d{1,2} (January|February|March|April|May|June|July|"
    r"August|September|October|November|December) \d{4})$"
)
ORGAN_LINE = re.compile(r"^联合国打击跨国有组织犯罪公约\s+缔约方会议$")
DOC_TYPE_LINE = re.compile(r"^(秘书处的说明|秘书处的报告|秘书长的报告)$")
AGENDA_HEADING = "临时议程"
ANNOTATIONS_HEADING = re.compile(r"^(说明|临时议程说明)$")
DOCUMENTS_HEADING = "文件"
SCHEDULE_HEADER = re.compile(r"^日期/时间\s")
SCHEDULE_TIME = re.compile(r"^(上午|下午)\s*\d+\s*时\s*(-|至)\s*(上午|下午)?\s*\d+\s*时")
SCHEDULE_DATE = re.compile(r"^\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]\s*星期[一二三四五六日]$")
ISO_MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], 1)}


def chinese_numeral(text: str) -> int | None:
    """The number of a heading or annex; a bare 附件 is annex 1."""
    return chinese_number(text) if text else 1


def is_heading_like(text: str) -> bool:
    """A short line with no closing punctuation (footnote markers aside) reads as a heading."""
    return len(text) <= 80 and not without_markers(text).endswith(CLOSING)


@dataclass
class _State:
    mode: str = "body"  # body, instrument, annex, agenda, annotations
    paragraph: Node | None = None  # numbered paragraph receiving sub-paragraphs
    sub: Node | None = None  # lettered sub-paragraph receiving roman items
    instrument: Node | None = None
    annex: Node | None = None
    item: Node | None = None  # annotation heading receiving paragraphs
    docs: Node | None = None  # documentation list receiving entries
    agenda_item: Node | None = None
    nested: Node | None = None  # paragraph whose colon introduced a nested list
    nested_heading: Node | None = None
    quoting: Node | None = None  # the element whose quotation is open
    table_header: str = ""
    next_para: int = 1
    agenda_count: int = 0
    warnings: list[str] = field(default_factory=list)


def parse(repaired: Repaired, info: DocumentInfo) -> Document:
    blocks = list(repaired.blocks)
    front, body = split_front_matter(blocks)
    apply_front_matter(front, info)
    doc = Document(info=info)
    doc.body = _parse_body(body, doc)
    doc.footnotes = [Footnote(f.marker, f.text, f.line) for f in repaired.footnotes]
    for fn in repaired.footnotes:
        if fn.marker.startswith("*") and re.search(r"(重新印发|重发)", fn.text):
            info.reissue_notes.append(fn.text)
    structured = ("heading", "resolution", "decision", "annex", "agenda-item", "item")
    if not any(n.kind in structured or n.key for n in doc.walk()):
        doc.warnings.append("no recognisable structure; text kept as plain blocks")
    return doc


def split_front_matter(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The front matter is what precedes the body.

    The body starts at the first numbered or lettered heading or paragraph,
    at the provisional agenda, or right after the line that names the kind
    of document (秘书处的说明).
    """
    for i, block in enumerate(blocks):
        text = block.text
        if DOC_TYPE_LINE.match(text):
            return blocks[: i + 1], blocks[i + 1:]
        if text == AGENDA_HEADING or block.bullet_depth or block.cells:
            return blocks[:i], blocks[i:]
        if INSTRUMENT_HEADER.match(text) or ANNEX_HEADER.match(text):
            return blocks[:i], blocks[i:]
        if ROMAN_HEADING.match(text) or NUMBERED.match(text) or LETTER_HEADING.match(text):
            return blocks[:i], blocks[i:]
    return [], blocks


def apply_front_matter(front: list[Block], info: DocumentInfo) -> None:
    """Sort the front matter lines into metadata; keep the rest verbatim."""
    title_index = None
    for i, block in enumerate(front):
        if DOC_TYPE_LINE.match(block.text):
            title_index = i - 1 if i else None
    rest: list[str] = []
    for i, block in enumerate(front):
        text = block.text
        if SESSION_LINE.match(text):
            info.session = text
        elif DATES_PLACE_LINE.match(text):
            info.session_dates = text
            info.session_dates_line = block.line
            info.place = re.split(r"[，,]", text)[-1].strip()
        elif AGENDA_ITEMS_LINE.match(text):
            info.agenda_items = text
        elif DISTRIBUTION_LINE.match(text):
            info.distribution.append(text)
            m = re.match(r"^(\d{1,2}) (\w+) (\d{4})$", text)
            if m and not info.date:
                info.date = f"{m.group(3)}-{ISO_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
        elif ORGAN_LINE.match(text):
            info.front_matter.append(text)
        elif DOC_TYPE_LINE.match(text):
            info.doc_type = info.doc_type or "note"
            info.front_matter.append(text)
        elif i == title_index:
            info.title = info.title or text
        else:
            rest.append(text)
    if title_index is None and rest:
        # Without a line naming the kind of document, the title is the last
        # unsorted line: the agenda titles of a note stand before it.
        title = rest.pop()
        info.title = info.title or title
        if info.title != title:
            rest.append(title)
    info.front_matter.extend(rest)


def _new(kind: str, block: Block, text: str, **kw) -> Node:
    return Node(kind=kind, text=text.strip(), line=block.line, **kw)


def _parse_body(blocks: list[Block], doc: Document) -> list[Node]:
    body: list[Node] = []
    st = _State()
    for index, block in enumerate(blocks):
        nxt = blocks[index + 1] if index + 1 < len(blocks) else None
        _step(block, nxt, st, body, doc)
    doc.warnings.extend(st.warnings)
    return body


def _reset_paragraph(st: _State) -> None:
    st.paragraph = st.sub = st.nested = st.nested_heading = st.quoting = None


def _container(st: _State, body: list[Node]) -> list[Node]:
    """Where a top-level element of the current mode goes."""
    if st.annex is not None:
        return st.annex.children
    if st.instrument is not None:
        return st.instrument.children
    return body


def _step(block: Block, nxt: Block | None, st: _State, body: list[Node], doc: Document) -> None:
    text = block.text

    # A quotation runs from an opening “ to its closing ”; each paragraph
    # quoted (a rule, a clause of it) is a quote of its own, under the
    # element that introduces the quotation, as when every quoted paragraph
    # carries its own quotation marks.
    if st.quoting is not None:
        st.quoting.children.append(_new("quote", block, text))
        if _closes_quote(text):
            st.quoting = None
        return
    if text.startswith("“") and (st.paragraph or st.item or st.nested) and not _closes_quote(text):
        st.quoting = _last_text_node(st)
        st.quoting.children.append(_new("quote", block, text))
        return
    if text.startswith("“") and text.endswith("”") and _last_text_node(st) is not None \
            and _last_text_node(st).text.endswith(INTRODUCES):
        _last_text_node(st).children.append(_new("quote", block, text))
        return

    if block.cells or (st.annex is not None and st.table_header):
        _table_step(block, st, _container(st, body))
        return
    if st.annex is not None and SCHEDULE_HEADER.match(text):
        st.table_header = text
        _table_step(block, st, _container(st, body))
        return

    # Resolution and decision headers, annexes.
    m = INSTRUMENT_HEADER.match(text)
    if m:
        kind = "resolution" if m.group(3) == "决议" else "decision"
        node = _new(kind, block, "", label=text, key=f"{m.group(1)}-{m.group(2)}")
        (st.annex.children if st.annex is not None and st.instrument is None else body).append(node)
        _reset_paragraph(st)
        st.instrument, st.annex, st.mode = node, None, "instrument"
        st.item = st.docs = st.agenda_item = None
        return
    m = ANNEX_HEADER.match(text)
    number = chinese_numeral(m.group(1)) if m else None
    if number is not None:
        node = _new("annex", block, "", label=text, key=str(number))
        (st.instrument.children if st.instrument is not None else body).append(node)
        _reset_paragraph(st)
        st.annex, st.mode = node, "annex"
        st.item = st.docs = st.agenda_item = None
        if st.instrument is None:
            st.next_para = 1
        return

    # Section headings (一. / A.) close any resolution or annex of the body.
    m = ROMAN_HEADING.match(text)
    number = chinese_numeral(m.group(1)) if m else None
    if number is not None and is_heading_like(m.group(2)):
        _close_regions(st)
        body.append(_new("heading", block, m.group(2), label=f"{m.group(1)}.", key=str(number), level=1))
        return
    m = LETTER_HEADING.match(text)
    if m and is_heading_like(m.group(2)) and st.mode != "annotations":
        _close_regions(st)
        body.append(_new("heading", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1).lower(), level=2))
        return

    if text == AGENDA_HEADING and st.mode in ("body",) and not st.paragraph:
        st.mode = "agenda"
        body.append(_new("heading", block, text, level=1, role="agenda-heading"))
        return
    if ANNOTATIONS_HEADING.match(text) and st.mode == "agenda":
        st.mode = "annotations"
        st.agenda_item = None
        body.append(_new("heading", block, text, level=1, role="annotations-heading"))
        return

    if st.mode == "agenda":
        _agenda_step(block, st, body)
        return
    if st.mode == "annotations":
        _annotation_step(block, st, body)
        return
    if st.instrument is not None and st.annex is None:
        _instrument_step(block, nxt, st)
        return
    _prose_step(block, nxt, st, _container(st, body), doc)


def split_schedule_row(text: str) -> list[str]:
    """Cells of a schedule row whose columns the extraction ran together.

    A row of the proposed organization of work reads: a time range, an
    agenda item ("项目 2(b). 《…》"), and a parallel meeting (a working
    group, perhaps "（续）"). Date rows carry only the date.
    """
    time = SCHEDULE_TIME.match(text)
    cells = ["", "", ""]
    rest = text
    if time:
        cells[0] = time.group(0).strip()
        rest = text[time.end():].strip()
    elif SCHEDULE_DATE.match(text):
        return [text, "", ""]
    parallel = re.search(r"(?:^|\s)(\S*工作组(?:（续）)?)$", rest)
    if parallel:
        cells[2] = parallel.group(1)
        rest = rest[: parallel.start()].strip()
    cells[1] = rest
    return cells


def _table_step(block: Block, st: _State, container: list[Node]) -> None:
    """Rows of a table: tab-separated cells, or a schedule run together."""
    text = block.text
    if block.cells:
        cells = list(block.cells)
    elif SCHEDULE_HEADER.match(text):
        if any(n.kind == "table-row" for n in container):
            return  # the header repeated at the top of the next page
        cells = text.split()
    else:
        cells = split_schedule_row(text)
    container.append(Node(kind="table-row", text=text, cells=cells, line=block.line,
                          role="header" if not any(n.kind == "table-row" for n in container) else ""))


def _closes_quote(text: str) -> bool:
    return text.rstrip().endswith("”")


def _last_text_node(st: _State) -> Node | None:
    return st.sub or st.paragraph or st.docs or st.item


def _close_regions(st: _State) -> None:
    _reset_paragraph(st)
    st.instrument = st.annex = None
    st.item = st.docs = st.agenda_item = None
    if st.mode in ("instrument", "annex"):
        st.mode = "body"


def _agenda_step(block: Block, st: _State, body: list[Node]) -> None:
    """The provisional agenda: numbered or bulleted items with sub-items.

    Extraction turned some numbered items into ``- `` bullets; a top-level
    bullet takes the next number, a nested bullet the next letter.
    """
    text = block.text
    m = NUMBERED.match(text)
    if m and not block.bullet_depth:
        st.agenda_count = int(m.group(1))
        st.agenda_item = _new("agenda-item", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        body.append(st.agenda_item)
        return
    lm = LETTERED.match(text)
    if block.bullet_depth >= 2 or lm:
        parent = st.agenda_item
        if parent is None:
            body.append(_new("paragraph", block, text, role="unnumbered"))
            return
        if lm:
            key, label, rest = lm.group(1), f"({lm.group(1)})", lm.group(2)
        else:
            key = chr(ord("a") + len(parent.children))
            label, rest = f"({key})", text
        parent.children.append(_new("agenda-item", block, rest, label=label, key=key,
                                    role="" if lm else "inferred"))
        return
    if block.bullet_depth == 1:
        st.agenda_count += 1
        st.agenda_item = _new("agenda-item", block, text, label=f"{st.agenda_count}.",
                              key=str(st.agenda_count), role="inferred")
        body.append(st.agenda_item)
        return
    body.append(_new("paragraph", block, text, role="unnumbered"))


def _annotation_step(block: Block, st: _State, body: list[Node]) -> None:
    """Annotations: a heading per item and sub-item, paragraphs, documents."""
    text = block.text
    m = NUMBERED.match(text)
    if m and is_heading_like(m.group(2)):
        st.item = _new("item", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        st.agenda_item = st.item
        st.docs = st.paragraph = None
        body.append(st.item)
        return
    m = LETTERED.match(text)
    if m and is_heading_like(m.group(2)) and st.agenda_item is not None:
        st.item = _new("item", block, m.group(2), label=f"({m.group(1)})",
                       key=f"{st.agenda_item.key}-{m.group(1)}")
        st.docs = st.paragraph = None
        body.append(st.item)
        return
    if st.item is None:
        body.append(_new("paragraph", block, text, role="unnumbered"))
        return
    if text == DOCUMENTS_HEADING:
        st.docs = _new("documents", block, text)
        st.item.children.append(st.docs)
        st.paragraph = None
        return
    if st.docs is not None:
        st.docs.children.append(_new("documents", block, text, role="entry"))
        return
    st.paragraph = _new("paragraph", block, text, role="item-para")
    st.item.children.append(st.paragraph)


def _instrument_step(block: Block, nxt: Block | None, st: _State) -> None:
    """Inside a resolution or decision: title, formula, preamble, operative."""
    res = st.instrument
    assert res is not None
    text = block.text
    if not res.text and not FORMULA.match(text):
        res.text = text  # the title follows the header
        res.line = res.line or block.line
        return
    if FORMULA.match(text) and not any(c.role == "formula" for c in res.children):
        res.children.append(_new("preamble", block, text, role="formula"))
        return
    lists = [c for c in res.children if c.kind == "agenda-item"]
    ops = [c for c in res.children if c.kind == "operative"]
    introducing = ops and ops[-1].text.endswith(INTRODUCES) and not ops[-1].children
    m = NUMBERED.match(text)
    if m and (lists or introducing and m.group(1) != str(len(ops) + 1)):
        st.agenda_item = _new("agenda-item", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        res.children.append(st.agenda_item)
        return
    if lists and (block.bullet_depth or LETTERED.match(text)):
        lm = LETTERED.match(text)
        key = lm.group(1) if lm else chr(ord("a") + len(st.agenda_item.children))
        st.agenda_item.children.append(_new("agenda-item", block, lm.group(2) if lm else text,
                                            label=f"({key})", key=key))
        return
    if m:
        op = _new("operative", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1))
        res.children.append(op)
        st.paragraph, st.sub = op, None
        return
    lm = LETTERED.match(text)
    if lm:
        if st.paragraph is not None and st.paragraph.kind == "operative" and \
                st.paragraph.text.endswith(INTRODUCES):
            st.paragraph.children.append(_new("subparagraph", block, lm.group(2),
                                              label=f"({lm.group(1)})", key=lm.group(1)))
        else:
            res.children.append(_new("operative", block, lm.group(2), label=f"({lm.group(1)})",
                                     key=lm.group(1)))
        return
    if ops and is_heading_like(text):
        res.children.append(_new("heading", block, text, role="list-title"))
        return
    if ops and not ops[-1].label:
        # a second unnumbered operative paragraph
        res.children.append(_new("operative", block, text, key=str(len(ops) + 1)))
        return
    if ops:
        res.children.append(_new("paragraph", block, text, role="other"))
        return
    if text.endswith(("如下。", "如下：")):
        # "…核准…临时议程如下。": an operative paragraph that introduces a list.
        res.children.append(_new("operative", block, text, key="1"))
        return
    if without_markers(text).endswith(("，", ",", "；")) or (nxt is not None and not NUMBERED.match(nxt.text)
                                           and not INSTRUMENT_HEADER.match(nxt.text)
                                           and not ANNEX_HEADER.match(nxt.text)
                                           and not LETTER_HEADING.match(nxt.text)
                                           and not ROMAN_HEADING.match(nxt.text)):
        res.children.append(_new("preamble", block, text))
        return
    # The last unnumbered paragraph, ending the resolution: its only
    # operative paragraph (a resolution with a lone operative paragraph).
    res.children.append(_new("operative", block, text, key="1"))


def _prose_step(block: Block, nxt: Block | None, st: _State, container: list[Node], doc: Document) -> None:
    """Report body and annexes: numbered paragraphs, sub-paragraphs, headings."""
    text = block.text
    in_annex = st.annex is not None
    if in_annex and not st.annex.children and not (NUMBERED.match(text) or LETTERED.match(text)):
        # The line after an annex header is the annex's title.
        st.annex.children.append(_new("heading", block, text, level=4, role="annex-title"))
        return
    m = NUMBERED.match(text)
    if m:
        number = int(m.group(1))
        rest = m.group(2)
        if st.nested is not None and number != st.next_para:
            _nested_step(block, st, "numbered", m)
            return
        if number == st.next_para or not is_heading_like(rest):
            if number != st.next_para:
                st.warnings.append(f"line {block.line}: paragraph {number} where {st.next_para} was expected")
            _reset_paragraph(st)
            kind = "paragraph"
            st.paragraph = _new(kind, block, rest, label=f"{m.group(1)}.", key=m.group(1),
                                role="annex-para" if in_annex and st.instrument is None else "")
            container.append(st.paragraph)
            st.next_para = number + 1
            if rest.endswith(INTRODUCES) and nxt is not None and not LETTERED.match(nxt.text):
                st.nested = st.paragraph
            return
        _reset_paragraph(st)
        container.append(_new("heading", block, rest, label=f"{m.group(1)}.", key=m.group(1), level=3))
        return
    lm = LETTERED.match(text)
    if lm and st.nested is not None:
        _nested_step(block, st, "lettered", lm)
        return
    if lm and st.paragraph is not None:
        st.nested = None
        st.sub = _new("subparagraph", block, lm.group(2), label=f"({lm.group(1)})", key=lm.group(1))
        st.paragraph.children.append(st.sub)
        return
    if lm and in_annex:
        container.append(_new("subparagraph", block, lm.group(2), label=f"({lm.group(1)})",
                              key=lm.group(1), role="annex-item"))
        return
    rm = ROMAN_ITEM.match(text)
    if rm and st.sub is not None:
        st.sub.children.append(_new("subparagraph", block, rm.group(2), label=f"({rm.group(1)})",
                                    key=rm.group(1)))
        return
    if block.bullet_depth and st.paragraph is not None:
        st.paragraph.children.append(_new("paragraph", block, text, role="list-item"))
        return
    if st.nested is not None:
        _nested_step(block, st, "plain", None)
        return
    if is_heading_like(text):
        # An unlabelled heading inside a run of lettered sub-paragraphs
        # (the recommendations under a subject) stays in that paragraph.
        if st.paragraph is not None and st.paragraph.children and nxt is not None and LETTERED.match(nxt.text):
            st.paragraph.children.append(_new("heading", block, text, role="subheading"))
            st.sub = None
            return
        _reset_paragraph(st)
        container.append(_new("heading", block, text, level=0 if not in_annex else 4,
                              role="annex-title" if in_annex else ""))
        return
    if st.paragraph is not None:
        st.paragraph.children.append(_new("paragraph", block, text, role="continuation"))
        return
    container.append(_new("paragraph", block, text, role="unnumbered"))


def _nested_step(block: Block, st: _State, what: str, m: re.Match | None) -> None:
    """A list nested in a paragraph (the agendas quoted in a report)."""
    owner = st.nested
    assert owner is not None
    if what == "plain" and is_heading_like(block.text) and not block.bullet_depth:
        st.nested_heading = _new("heading", block, block.text, role="nested-heading")
        owner.children.append(st.nested_heading)
        return
    target = st.nested_heading or owner
    if what == "numbered":
        node = _new("paragraph", block, m.group(2), label=f"{m.group(1)}.", key=m.group(1), role="nested-item")
        target.children.append(node)
        st.sub = node
        return
    if what == "lettered":
        # Lettered items belong to the nested numbered item above them, or,
        # when there is none (headed groups of recommendations), to the
        # paragraph itself, keeping their own letters.
        parent = st.sub if st.sub is not None else owner
        parent.children.append(_new("subparagraph", block, m.group(2), label=f"({m.group(1)})", key=m.group(1)))
        return
    target.children.append(_new("paragraph", block, block.text, role="list-item"))
