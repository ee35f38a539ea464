"""A document's citation as RIS, which Zotero, EndNote and other reference
managers import: ``data/ris/<slug>.ris``, linked from the document's header.

Built from the same model as the citation the page copies
(``citations.cite``): the document's title and symbol as its header shows
them, its date of issue (else the day it says it was adopted), and its
official text at undocs.org; its page's address only when ``site_url`` is
set (nothing else is an address of it). The copied citation itself is
the note (N1), so that what the reader pastes and what the manager holds
agree.

Tags as Zotero's RIS translator reads them for a report (TY RPRT): TI title,
SN report number (the symbol), M3 report type, DA date, LA language, UR
link, N1 note. Written with rispy.
"""

from __future__ import annotations

import rispy

from ..grammar.citations import split_symbol
from ..ids import official_url, page_path
from ..model import DOC_TYPE_NAMES, DocumentInfo
from .citations import cite


class _Writer(rispy.RisWriter):
    """rispy's writer without its numbered line before each reference
    ("1."), which is not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def document_reference(info: DocumentInfo, site_url: str) -> dict:
    """The document as one RIS reference (rispy's field names)."""
    reference: dict = {"type_of_reference": "RPRT", "title": info.title}
    if info.symbol:
        reference["issn"] = info.symbol  # SN: a report's number, for Zotero
    if DOC_TYPE_NAMES.get(info.doc_type):
        reference["type_of_work"] = DOC_TYPE_NAMES[info.doc_type]
    day = info.date or info.adopted
    if day:
        reference["date"] = day.replace("-", "/")
        reference["year"] = day[:4]
    reference["language"] = "zh"
    urls = [official_url(part) for part in split_symbol(info.symbol)] if info.symbol else []
    if site_url:
        urls.append(site_url + page_path(info.slug))
    if urls:
        reference["urls"] = urls
    reference["notes"] = [f"引文：{cite(info, None)}"]
    return reference


def document_ris(info: DocumentInfo, site_url: str) -> str:
    """The RIS text of one document's citation (CRLF line ends, as the RIS
    specification writes them)."""
    writer = _Writer()
    writer.NEWLINE = "\r\n"
    return writer.formats([document_reference(info, site_url)])
