"""Pinpoint citations of corpus documents link to the paragraphs they name,
and what is cited lists who cites it (corpus/xref.py on the real reports).

Oracle: the source text of the citing footnotes and paragraphs."""

from __future__ import annotations

import re
from functools import cache

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.grammar.citations import find_symbols
from generator.publishing.build import link_corpus, read_corpus
from tests.helpers import CONFIG, PROJECT, SOURCE

JOINT = "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"


@cache
def linked():
    readings = read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT)
    index = link_corpus(readings).index
    return {r.doc.info.slug: r.doc for r in readings}, index


def citing_sites():
    """(document, element id, text, spans) of every footnote and element citing the joint report
    with paragraph numbers, as the source text writes them."""
    docs, _ = linked()
    for doc in docs.values():
        sites = [(n.id, n.text, n.spans) for n in doc.walk() if n.id] + [
            (fn.id, fn.text, fn.spans) for fn in doc.footnotes]
        for anchor, text, spans in sites:
            # Written out here, apart from the grammar: the symbol, then 第n段 (and more).
            compact = re.sub(r"\s", "", text)
            if JOINT in compact and re.search(re.escape(JOINT) + r"[，,]第\d", compact):
                yield doc, anchor, text, spans


def test_pinpoints_link_each_named_paragraph() -> None:
    docs, _ = linked()
    cited = docs["ctoc-cop-wg2-2022-4"]
    checked = 0
    for doc, anchor, text, spans in citing_sites():
        compact = re.sub(r"\s", "", text)
        tail = compact[compact.index(JOINT) + len(JOINT):]
        run = re.match(r"[，,]((?:第?\d+(?:段)?(?:和|及|、)?)+)", tail).group(1)
        wanted = [int(n) for n in re.findall(r"\d+", run)]
        links = [s for s in spans if s.role == "pinpoint"]
        targets = [s.href for s in links]
        for number in wanted:
            paragraph = next(n for n in cited.body if n.kind == "paragraph" and n.label.strip() == f"{number}.")
            assert f"documents/ctoc-cop-wg2-2022-4.html#{paragraph.id}" in targets, (anchor, text)
            # The paragraph lists the citing element, by its citation.
            assert any(link.href.endswith(f"#{anchor}") and "#" not in link.text for link in paragraph.backlinks)
            checked += 1
        for link in links:
            assert text[link.start:link.end].strip().isdigit()
    assert checked >= 6  # footnotes 4, 7, 8 and 10 of the report: 7, 10, 8, 8, 10, 9


def test_the_first_pinpoint_of_the_issue_lands_on_paragraphs_7_and_10() -> None:
    docs, _ = linked()
    report = docs["cop11-report"]
    note = next(fn for fn in report.footnotes if "第7段和第10段" in re.sub(r"\s", "", fn.text))
    hrefs = [s.href for s in note.spans if s.role == "pinpoint"]
    assert hrefs == ["documents/ctoc-cop-wg2-2022-4.html#para-7", "documents/ctoc-cop-wg2-2022-4.html#para-10"]


def test_a_cited_document_lists_every_element_citing_it() -> None:
    docs, _ = linked()
    for slug, doc in docs.items():
        if not doc.info.symbol:
            continue
        citing = set()
        for other in docs.values():
            if other is doc:
                continue
            texts = [(n.id, n.text) for n in other.walk() if n.id] + [(fn.id, fn.text) for fn in other.footnotes]
            parts = doc.info.symbol.split("-CTOC") if "-CTOC" in doc.info.symbol else [doc.info.symbol]
            names = [doc.info.symbol] + [("CTOC" + p if i else p) for i, p in enumerate(parts)]
            for anchor, text in texts:
                if any(m.symbol in names or set(m.parts) & set(names) for m in find_symbols(text)):
                    citing.add(f"documents/{other.info.slug}.html#{anchor}")
        assert {link.href for link in doc.backlinks} == citing, slug


def test_cited_by_links_read_as_citations() -> None:
    _, index = linked()
    for entry in [*index.instruments.values(), *index.symbols.values()]:
        for citation in entry.cited_by:
            assert "#" not in citation.label and citation.anchor not in citation.label, citation
