"""Parse repaired blocks into the document model.

The front matter (session, dates, symbol lines, title) becomes metadata;
the body is read block by block, like a reader would, by the block
processors of ``processors``, ``agenda``, ``instrument`` and ``prose``,
registered here by priority (``build_processors``). Each processor explains
a layout of these documents, not a line of one of them.
"""

from __future__ import annotations

import re

from ..grammar.labels import AGENDA_HEADING, ANNEX_HEADER, INSTRUMENT_HEADER, LETTER_HEADING, NUMBERED, SECTION
from ..grammar.languages import original_language
from ..grammar.numerals import CHINESE_DIGITS
from ..model import Document, DocumentInfo, Footnote
from . import agenda, instrument, processors, prose
from .contents import contents_entries
from .header import agenda_numbers, split_agenda_titles
from .processors import Registry, parse_blocks
from .repair import Block, Repaired, unwrap_han

# Front matter lines, recognised by what they say.
SESSION_LINE = re.compile(rf"^第[{CHINESE_DIGITS}]+届会议\**$")
DATES_PLACE_LINE = re.compile(r"^\d{4}\s*年.*日\s*[，,]\s*\S+$")
AGENDA_ITEMS_LINE = re.compile(r"^临时议程\**\s*项目")
DISTRIBUTION_LINE = re.compile(
    r"^(Distr\.:.*|Chinese|Original:.*|\d{1,2} (January|February|March|April|May|June|July|"
    r"August|September|October|November|December) \d{4})$"
)
ORGAN_LINE = re.compile(r"^联合国打击跨国有组织犯罪公约\s+缔约方会议$")
DOC_TYPE_LINE = re.compile(r"^(秘书处的说明|秘书处的报告|秘书长的报告)$")
ISO_MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], 1)}


def build_processors() -> Registry:
    """Every block processor, by priority: those of any region first (a
    quotation, a table, a header or heading wins wherever it stands), then
    each region's, most specific layout first, its catch-all last."""
    registry = Registry()
    anywhere = [processors.QuotationGoesOn, processors.QuotationOpens, processors.QuotedParagraph,
                processors.TableRow, processors.ScheduleHeader, processors.InstrumentHeader,
                processors.AnnexHeader, processors.SectionHeading, processors.LetterHeading,
                processors.AgendaHeading, processors.AnnotationsHeading]
    in_agenda = [agenda.AgendaItem, agenda.AgendaSubItem, agenda.AgendaBullet, agenda.AgendaText]
    in_annotations = [agenda.AnnotatedItem, agenda.AnnotatedSubItem, agenda.TextBeforeAnnotatedItems,
                      agenda.DocumentsHeading, agenda.DocumentEntry, agenda.ItemParagraph]
    in_instrument = [instrument.InstrumentTitle, instrument.Formula, instrument.ListedItem,
                     instrument.ListedSubItem, instrument.OperativeParagraph, instrument.OperativeSubParagraph,
                     instrument.LetteredOperative, instrument.ListTitle, instrument.UnnumberedOperative,
                     instrument.TextAfterOperatives, instrument.IntroducingOperative, instrument.Preamble,
                     instrument.LoneOperative]
    in_prose = [prose.AnnexTitle, prose.NestedNumberedItem, prose.NumberedParagraph, prose.NumberedHeading,
                prose.NestedLetteredItem, prose.SubParagraph, prose.AnnexItem, prose.RomanItem,
                prose.BulletOfParagraph, prose.NestedHeading, prose.NestedText, prose.SubHeading,
                prose.Heading, prose.Continuation, prose.UnnumberedParagraph]
    for base, group in ((500, anywhere), (400, in_agenda), (300, in_annotations), (200, in_instrument),
                        (100, in_prose)):
        for offset, cls in enumerate(group):
            registry.register(cls(), base - offset)
    return registry


PROCESSORS = build_processors()


def parse(repaired: Repaired, info: DocumentInfo) -> Document:
    blocks = list(repaired.blocks)
    front, body = split_front_matter(blocks)
    apply_front_matter(front, info)
    doc = Document(info=info)
    state = parse_blocks(body, PROCESSORS)
    doc.body = state.body
    doc.warnings.extend(state.warnings)
    doc.footnotes = [Footnote(f.marker, f.text, f.line) for f in repaired.footnotes]
    doc.contents = contents_entries(repaired.contents)
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
        if SECTION.match(text) or NUMBERED.match(text) or LETTER_HEADING.match(text):
            return blocks[:i], blocks[i:]
    return [], blocks


def _sort_line(block: Block, info: DocumentInfo) -> bool:
    """Put a front matter line that says what it is into the metadata;
    False for a line that does not (a title, an agenda item's title)."""
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
        info.subtitle = info.subtitle or text
    else:
        return False
    return True


def apply_front_matter(front: list[Block], info: DocumentInfo) -> None:
    """Sort the front matter lines into metadata; keep the rest verbatim.

    The lines after ``临时议程项目 2、4、5`` up to the title are those items'
    titles (reading/header.py tells them apart); the line naming the kind
    of document (秘书处的说明) is the document's sub-title."""
    title_index = None
    for i, block in enumerate(front):
        if DOC_TYPE_LINE.match(block.text):
            title_index = i - 1 if i else None
    items_at = next((i for i, b in enumerate(front) if AGENDA_ITEMS_LINE.match(b.text)), None)
    rest: list[tuple[int, Block]] = []  # (position in the front matter, line)
    for i, block in enumerate(front):
        if i == title_index and not _sort_line(block, info):
            info.title = info.title or unwrap_han(block.text)
        elif not _sort_line(block, info):
            rest.append((i, block))
    if title_index is None and rest:
        # Without a line naming the kind of document, the title is the last
        # unsorted line: the agenda titles of a note stand before it.
        title_block = rest.pop()[1]
        title = unwrap_han(title_block.text)
        info.title = info.title or title
        if info.title != title:
            rest.append((-1, Block(title, title_block.line)))  # the title as printed, kept
    if items_at is not None:
        titled = [b for i, b in rest if i > items_at]
        info.agenda_lines = [b.text for b in titled]
        info.agenda_lines_at = [b.line for b in titled]
        info.agenda_titles = split_agenda_titles(info.agenda_lines, agenda_numbers(info.agenda_items),
                                                 info.agenda_lines_at)
        rest = [(i, b) for i, b in rest if i <= items_at]
    info.front_matter.extend(b.text for _, b in rest)
    info.original_language = next(
        (code for line in info.distribution + info.front_matter if (code := original_language(line))), "")
