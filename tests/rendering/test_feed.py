"""The Atom feed of the documents (generator/rendering/feed.py), read back
by feedparser and checked against RFC 4287's requirements with lxml: never
against the code's own output.

Cases: the five real reports, and documents made at random (a fixed seed)
with and without dates of every kind.
"""

from __future__ import annotations

import random
import re
from datetime import date
from functools import cache
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import etree

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.model import DocumentInfo
from generator.publishing.build import read_corpus
from generator.rendering.feed import documents_feed
from tests.helpers import CONFIG, PROJECT, SOURCE

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLISHED = date(2026, 12, 6)
SITE_URL = "https://untoc.unodc.org/zh/"
FEED_URL_HERE = "http://127.0.0.1:8000/feeds/documents.xml"  # where a reader fetched it, for relative links


@cache
def real_infos() -> tuple[DocumentInfo, ...]:
    return tuple(r.doc.info for r in read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT))


def random_infos(seed: int) -> list[DocumentInfo]:
    rng = random.Random(seed)
    infos = []
    for k in range(rng.randint(1, 12)):
        year = rng.randint(2000, 2030)
        symbol = rng.choice(["", f"CTOC/COP/{year}/{k + 1}", f"CTOC/COP/WG.2/{year}/{k}-CTOC/COP/WG.3/{year}/{k}"])
        kind = rng.choice(["date", "adopted", "meeting", "none"])
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        infos.append(DocumentInfo(
            slug=f"doc-{k}", source_path=f"source/doc-{k}.txt", source_sha256="0" * 64, symbol=symbol,
            title=f"文件标题 {k}", doc_type=rng.choice(["report", "note", "agenda"]),
            date=day if kind == "date" else "", adopted=day if kind == "adopted" else "",
            meeting_dates=f"{year} 年 {rng.randint(1, 12)} 月 {rng.randint(1, 20)} 日至 25 日" if kind == "meeting" else ""))
    return infos


def parsed(infos, site_url: str = "") -> feedparser.FeedParserDict:
    xml = documents_feed(list(infos), "站名", "test-site", site_url, PUBLISHED)
    feed = feedparser.parse(xml, response_headers={"content-location": FEED_URL_HERE,
                                                  "content-type": "application/atom+xml; charset=utf-8"})
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def rfc4287_problems(xml: bytes) -> list[str]:
    """What RFC 4287 (section 4) requires of a feed and its entries."""
    root = etree.fromstring(xml)
    problems = []
    if root.tag != f"{ATOM}feed":
        return ["not an atom:feed"]

    def one(parent, name: str, where: str) -> None:
        if len(parent.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"{where}: {len(parent.findall(f'{ATOM}{name}'))} atom:{name}")

    for name in ("id", "title", "updated"):
        one(root, name, "feed")
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author") and not all(e.findall(f"{ATOM}author") for e in entries):
        problems.append("no atom:author")
    for k, entry in enumerate(entries):
        for name in ("id", "title", "updated"):
            one(entry, name, f"entry {k}")
        alternates = [(link.get("type"), link.get("hreflang")) for link in entry.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"entry {k}: two alternate links of one type and language")
        if not alternates and entry.find(f"{ATOM}content") is None:
            problems.append(f"entry {k}: neither an alternate link nor content")
    for element in root.iter(f"{ATOM}id"):
        if not re.match(r"[a-z][a-z0-9+.-]*:", element.text or ""):
            problems.append(f"id {element.text!r} is not an absolute IRI")
    for element in root.iter(f"{ATOM}updated", f"{ATOM}published"):
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", element.text or ""):
            problems.append(f"date {element.text!r} is not an RFC 3339 date-time")
    return problems


def test_the_real_feed_is_valid_atom_with_every_document() -> None:
    infos = real_infos()
    for site_url in ("", SITE_URL):
        assert rfc4287_problems(documents_feed(list(infos), "站名", "test-site", site_url, PUBLISHED)) == []
        feed = parsed(infos, site_url)
        assert len(feed.entries) == len(infos)
        by_link = {entry.link: entry for entry in feed.entries}
        for info in infos:
            base = site_url or urljoin(FEED_URL_HERE, "../")
            entry = by_link[base + f"documents/{info.slug}.html"]
            # Each entry names the document by its symbol and its title.
            assert info.title in entry.title and info.symbol in entry.title
            if info.symbol:
                assert info.symbol in {tag.term for tag in entry.get("tags", [])}
                related = [link.href for link in entry.links if link.rel == "related"]
                parts = re.split(r"-(?=[A-Z]+/)", info.symbol)
                assert related == [f"https://undocs.org/zh/{part}" for part in parts]
            assert entry.updated_parsed is not None


@pytest.mark.parametrize("seed", range(20))
def test_entries_are_newest_first_by_the_date_each_document_states(seed: int) -> None:
    infos = random_infos(seed)
    feed = parsed(infos)
    days = [entry.updated[:10] for entry in feed.entries]
    assert days == sorted(days, reverse=True)
    for info in infos:
        entry = next(e for e in feed.entries if e.title.endswith(info.title))
        if info.date:
            assert entry.updated[:10] == entry.published[:10] == info.date
        else:
            assert "published" not in entry  # only a date of issue the document prints is Atom's published
            if info.adopted:
                assert entry.updated[:10] == info.adopted
            elif not info.meeting_dates:
                assert entry.updated[:10] == PUBLISHED.isoformat()


@pytest.mark.parametrize("seed", range(5))
def test_ids_do_not_depend_on_the_address_and_links_invent_none(seed: int) -> None:
    """Setting site_url later keeps every id (Atom: an id never changes);
    without it every link is relative to the feed or undocs.org's own."""
    infos = random_infos(seed)
    without, with_url = parsed(infos), parsed(infos, SITE_URL)
    assert without.feed.id == with_url.feed.id and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", without.feed.id)
    assert [e.id for e in without.entries] == [e.id for e in with_url.entries]
    assert len({e.id for e in without.entries}) == len(infos)
    raw = documents_feed(infos, "站名", "test-site", "", PUBLISHED).decode()
    for href in re.findall(r'href="([^"]+)"', raw):
        assert not re.match(r"[a-z]+:", href) or href.startswith("https://undocs.org/"), href
    for link in (link for e in with_url.entries for link in e.links if link.rel == "alternate"):
        assert link.href.startswith(SITE_URL)


def test_the_same_documents_give_the_same_bytes() -> None:
    infos = list(real_infos())
    first = documents_feed(infos, "站名", "test-site", "", PUBLISHED)
    assert documents_feed(list(reversed(infos)), "站名", "test-site", "", PUBLISHED) == first
