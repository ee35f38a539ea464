"""The Atom feed of the documents (RFC 4287), newest first: ``feeds/documents.xml``
(``ids.FEED_PATH``), linked from every page's head.

Each entry is one document: its symbol and title (as the page's own title
names it), its date, a link to its page and one to its official text at
undocs.org. Nothing in it is an address the site was not given:

* ids never depend on an address: ``urn:uuid:`` UUIDs (RFC 4122, version 5)
  derived from the page's permanent path (CONTRACT.md) for an entry and
  from the bundle name for the feed, so that they stay the same when
  ``site_url`` is set later, as Atom asks of an id;
* links are absolute under ``site_url`` when it is set, else relative to
  the feed (``../documents/x.html``: the feed is ``feeds/documents.xml``),
  which a feed reader resolves against wherever it read the feed; the
  official links are undocs.org's own.

The entry's date is the date the document states for itself: its date of
issue, else the day it says it was adopted, else (a provisional agenda, a
note stating neither) the first day of the meeting it is for, else the
day this site published it (``SOURCE_DATE_EPOCH``); the summary says which.
Entries are ordered by that date, newest first.

Written with the standard library's ElementTree: feedgen 1.0.0 (its last
release, 2023) drops the ``rel``, ``type`` and ``hreflang`` of every link of
an entry, which makes a second link of an entry a second "alternate" and
the feed invalid.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from ..grammar.citations import split_symbol
from ..grammar.dates import find_dates
from ..ids import FEED_PATH, official_url, page_path
from ..model import DOC_TYPE_NAMES, DocumentInfo
from .citations import cite

ATOM = "http://www.w3.org/2005/Atom"
# The namespace of the site's own UUIDs (feed and entry ids): a fixed
# random UUID, so that every build derives the same ids.
ID_NAMESPACE = uuid.UUID("c614d56e-eaa8-4c77-9f9d-c938a947e4e5")


@dataclass(frozen=True)
class EntryDate:
    """An entry's date and what it is (for the summary)."""

    day: date
    what: str  # 文件日期, 通过日期, 会议首日, 本站发布日期
    issued: bool  # the document's own date of issue (then also Atom's published)


def entry_date(info: DocumentInfo, published: date) -> EntryDate:
    """The date a document states for itself (see the module's docstring)."""
    if info.date:
        return EntryDate(date.fromisoformat(info.date), "文件日期", True)
    if info.adopted:
        return EntryDate(date.fromisoformat(info.adopted), "通过日期", False)
    meeting = find_dates(info.meeting_dates or info.session_dates)
    if meeting:
        return EntryDate(meeting[0].start_date, "会议首日", False)
    return EntryDate(published, "本站发布日期", False)


def entry_id(slug: str) -> str:
    """A document's entry id, from its page's permanent path."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, page_path(slug))}"


def feed_id(bundle_name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'feed:{bundle_name}')}"


def _timestamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), UTC).isoformat()


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    # Tags without a namespace, under a root that declares Atom's as the
    # default: ElementTree's register_namespace would change how every
    # other document of the process is written.
    element = ET.SubElement(parent, tag, attrs)
    if text:
        element.text = text
    return element


def entry_title(info: DocumentInfo) -> str:
    """What an entry is called: symbol and title, as the page's own title."""
    return f"{info.symbol} {info.title}".strip()


def _summary(info: DocumentInfo, when: EntryDate) -> str:
    parts = [f"引文：{cite(info, None)}", f"文号：{info.symbol or '本文本未载明'}"]
    if DOC_TYPE_NAMES.get(info.doc_type):
        parts.append(f"类型：{DOC_TYPE_NAMES[info.doc_type]}")
    if info.session:
        parts.append(f"届会：{info.session.rstrip('*＊ ')}")
    if info.meeting_dates or info.session_dates:
        parts.append(f"会议日期：{info.meeting_dates or info.session_dates}")
    parts.append(f"{when.what}：{when.day.isoformat()}")
    return "；".join(parts)


def documents_feed(infos: list[DocumentInfo], title: str, bundle_name: str, site_url: str,
                   published: date) -> bytes:
    """The feed of ``infos``, newest first. ``published``: the day the site
    is published (the date of a document that states none)."""
    dated = sorted(((entry_date(info, published), info) for info in infos),
                   key=lambda pair: (pair[0].day, pair[1].slug), reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "zh-Hans"})
    _sub(feed, "id", feed_id(bundle_name))
    _sub(feed, "title", title)
    _sub(feed, "subtitle", "本站收录的文件，最新的在前")
    _sub(feed, "updated", _timestamp(dated[0][0].day if dated else published))
    author = _sub(feed, "author")
    _sub(author, "name", title)
    # The site's root as the feed reaches it: its address, else relative to the feed.
    root = site_url or "../" * FEED_PATH.count("/")
    _sub(feed, "link", rel="self", type="application/atom+xml",
         href=site_url + FEED_PATH if site_url else FEED_PATH.rpartition("/")[2])
    _sub(feed, "link", rel="alternate", type="text/html", href=root + "index.html")
    _sub(feed, "generator", "untoc-cop-site")
    for when, info in dated:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(info.slug))
        _sub(entry, "title", entry_title(info))
        _sub(entry, "updated", _timestamp(when.day))
        if when.issued:
            _sub(entry, "published", _timestamp(when.day))
        _sub(entry, "link", rel="alternate", type="text/html", hreflang="zh", href=root + page_path(info.slug))
        for part in split_symbol(info.symbol) if info.symbol else []:
            _sub(entry, "link", rel="related", hreflang="zh", title=f"{part} 正式文本", href=official_url(part))
        if info.symbol:
            _sub(entry, "category", term=info.symbol, label=f"文号 {info.symbol}")
        _sub(entry, "summary", _summary(info, when))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
