"""Citations of every anchored element (generator/rendering/citations.py,
each element's place given by the numbering pass: generator/reading/anchors.py).

Oracles: a grammar of the UN's Chinese citation style written here, apart
from the code; the source text (the number a citation gives is the number
printed at the start of the element's source line); and uniqueness within
each document. Every anchored element of the five real reports is checked.

A number the document does not print is counted, and written in the one
agreed form, in square brackets (``C`` below: ``项目 4 说明第 [6] 段``); a
printed number never is (``N``).
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.grammar.numerals import superscript_digits
from generator.model import Document, DocumentInfo, Node, Span
from generator.publishing.build import read_corpus
from generator.reading.anchors import number_document
from generator.rendering.citations import CitationBook, document_citations, document_places
from tests.helpers import CONFIG, PROJECT, SOURCE

# --- the grammar --------------------------------------------------------------
CN = "[一二三四五六七八九十]+"
SYMBOL = r"[A-Z]+(?:/[A-Z0-9.]+)+(?:-[A-Z]+(?:/[A-Z0-9.]+)+)?"
TITLE = r"《[^《》]+》"
DOC = rf"(?:{SYMBOL}|{TITLE})"
N = r"\d+"  # a number the document prints
C = r"\[\d+\]"  # a number counted by the site, which the document does not print
SUB = r"\([a-z]{1,2}\)"
ROMAN = r"\([ivx]+\)"
HEAD = r"标题“[^“”]+”"
PARA = rf"第 {N} 段(?:{SUB}项(?:{ROMAN}目)?)?"
SECTION = rf"第{CN}章(?: [A-Z] 节(?:第 {N} 小节)?)?"
ANNEX = rf"附件(?:{CN})?"
ROW = rf"表第 {C} 行(?:（表头）)?"
UNNUMBERED = rf"第 {C} 个未编号段落"
# What may follow a place: a list item, a quoted paragraph, an item under a heading.
TAIL = rf"(?:所列第 {C} 项|所引第 (?:{N}|{C}) 段|所引{SUB}项|，{HEAD}(?:下第 {N} 项(?:{SUB}目)?)?|，{UNNUMBERED}|，{ROW}|，第 {N} 项(?:{SUB}目)?)*"
OCCURRENCE = rf"(?:（第 {C} 处）)?"
ANNEX_PLACE = rf"{ANNEX}(?:，(?:第 {N} 段(?:{SUB}项)?|{SUB}段|{HEAD}|{UNNUMBERED}|{ROW}))?"
PLACE = (
    rf"(?:{SECTION}(?:，(?:{HEAD}|{UNNUMBERED}))?"
    rf"|{HEAD}|{UNNUMBERED}"
    rf"|{PARA}"
    rf"|临时议程项目 {N}(?:{SUB})?"
    rf"|项目 {N}(?:{SUB})? 说明(?:第 {C} 段|所列文件(?:第 {C} 项)?)?"
    rf"|{ANNEX_PLACE}"
    rf"|(?:{ANNEX}，)?脚注 (?:{N}|\*+))"
)
INSTRUMENT = rf"缔约方会议第 {N}/{N} 号(?:决议|决定)"
INSTRUMENT_PLACE = (
    rf"{INSTRUMENT}(?:，(?:起首语|序言部分第 {C} 段|第 {N} 段(?:{SUB}项(?:{ROMAN}目)?)?|{SUB}段|执行部分"
    rf"|所载临时议程项目 {N}(?:{SUB})?|{ANNEX_PLACE}|{HEAD}))?"
)
CITATION = re.compile(
    rf"{DOC}(?:，{PLACE}{TAIL})?{OCCURRENCE}"
    rf"|{INSTRUMENT_PLACE}{TAIL}{OCCURRENCE}（载于 ?{DOC}）"
)


@cache
def corpus() -> tuple[Document, ...]:
    return tuple(r.doc for r in read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT))


def anchored(doc: Document) -> list[str]:
    return [n.id for n in doc.walk() if n.id] + [fn.id for fn in doc.footnotes if fn.id]


def every_element() -> list[tuple[str, str, str]]:
    return [(doc.info.slug, node_id, citation) for doc in corpus()
            for node_id, citation in document_citations(doc).items()]


def test_every_anchored_element_has_a_citation() -> None:
    for doc in corpus():
        citations = document_citations(doc)
        assert set(anchored(doc)) == set(citations), doc.info.slug
    assert len(every_element()) > 1000  # the five reports: 1,121 anchored elements


def test_every_citation_is_well_formed() -> None:
    bad = [(slug, node_id, c) for slug, node_id, c in every_element() if not CITATION.fullmatch(c)]
    assert bad == [], f"{len(bad)} malformed, e.g. {bad[:5]}"


def labels_above(doc: Document) -> dict[str, set[str]]:
    """The printed labels of each element and of the elements above it."""
    out: dict[str, set[str]] = {}

    def walk(node: Node, above: set[str]) -> None:
        here = above | {node.label.strip()}
        out[node.id] = here
        for child in node.children:
            walk(child, here)

    for node in doc.body:
        walk(node, set())
    return out


def test_no_citation_shows_an_id() -> None:
    """What stands in brackets in a citation is a label printed in the
    document on that element or above it (never a piece of an id: (p), (docs))."""
    for doc in corpus():
        labels = labels_above(doc)
        for node_id, citation in document_citations(doc).items():
            assert node_id not in citation and "#" not in citation, (node_id, citation)
            for bracketed in re.findall(r"\([a-z]+\)", citation):
                assert bracketed in labels.get(node_id, set()), (node_id, citation)


def test_citations_are_unique_within_each_document() -> None:
    for doc in corpus():
        citations = list(document_citations(doc).values())
        repeated = {c for c in citations if citations.count(c) > 1}
        assert repeated == set(), (doc.info.slug, sorted(repeated)[:5])


def source_line(doc: Document, line: int) -> str:
    text = (PROJECT / doc.info.source_path).read_bytes().decode("utf-8", errors="replace")
    return text.splitlines()[line - 1]


def test_paragraph_numbers_are_the_source_text_numbers() -> None:
    """A numbered paragraph is cited by the number printed at the start of
    its line in the source; a sub-paragraph by its letter there."""
    checked = 0
    for doc in corpus():
        citations = document_citations(doc)
        for node in doc.body:
            if node.kind != "paragraph" or not node.key:
                continue
            printed = re.match(r"\s*(\d+)\s*[.．]", source_line(doc, node.line))
            assert printed, (doc.info.slug, node.line)
            assert citations[node.id].endswith(f"，第 {printed.group(1)} 段"), citations[node.id]
            for child in node.children:
                letter = re.match(r"\s*\(([a-z]+)\)", source_line(doc, child.line)) if child.line else None
                if child.kind == "subparagraph" and letter:
                    assert citations[child.id].endswith(f"第 {printed.group(1)} 段({letter.group(1)})项")
                    checked += 1
            checked += 1
    assert checked > 300


def test_resolutions_are_cited_with_their_body_and_the_report_holding_them() -> None:
    report = next(d for d in corpus() if d.info.slug == "cop11-report")
    citations = document_citations(report)
    title = report.info.title
    for node in report.walk():
        if node.kind != "resolution":
            continue
        # The heading as printed: 第 11/4 号决议.
        number = re.fullmatch(r"第 (\d+/\d+) 号决议", node.label).group(1)
        ops = [c for c in node.children if c.kind == "operative" and c.label]
        for op in ops:
            printed = re.match(r"\s*(\d+)\s*[.．]", source_line(report, op.line)).group(1)
            assert citations[op.id] == f"缔约方会议第 {number} 号决议，第 {printed} 段（载于《{title}》）"
        preamble = [c for c in node.children if c.kind == "preamble" and c.role != "formula"]
        for k, pre in enumerate(preamble, 1):
            assert citations[pre.id] == f"缔约方会议第 {number} 号决议，序言部分第 [{k}] 段（载于《{title}》）"


def test_footnotes_are_cited_by_their_printed_marker() -> None:
    for doc in corpus():
        citations = document_citations(doc)
        for fn in doc.footnotes:
            marker = superscript_digits(fn.marker)
            assert citations[fn.id].endswith(f"脚注 {marker}"), citations[fn.id]


def test_a_link_label_reads_as_the_citation() -> None:
    book = CitationBook(corpus())
    assert book.label("ctoc-cop-2024-1", "item-4-p1") == "CTOC/COP/2024/1，项目 4 说明第 [1] 段"
    assert book.label("cop11-report", "res-11-4-op-17") == "缔约方会议第 11/4 号决议，第 17 段"
    assert book.citation("cop11-report", "res-11-4-op-17").startswith("缔约方会议第 11/4 号决议，第 17 段（载于《")
    assert book.label("ctoc-cop-2022-5") == "CTOC/COP/2022/5"


# --- by rule, on documents made at random ---------------------------------------

def random_document(rng: random.Random) -> Document:
    """Numbered paragraphs with lettered sub-paragraphs and unlabelled
    children, some numbers repeated (as extraction sometimes leaves them)."""
    body: list[Node] = []
    numbers = [rng.randint(1, 40) for _ in range(rng.randint(1, 25))]
    for k, n in enumerate(numbers):
        children = []
        for j, letter in enumerate("abcdef"[: rng.randint(0, 5)]):
            children.append(Node("subparagraph", "子项。", label=f"({letter})", key=letter, id=f"p{k}-{j}"))
        for j in range(rng.randint(0, 3)):
            children.append(Node("paragraph", "列表。", role="list-item", id=f"p{k}-l{j}"))
        body.append(Node("paragraph", "段落。", label=f"{n}.", key=str(n), id=f"p{k}", children=children))
    info = DocumentInfo(slug="x", source_path="source/x.txt", source_sha256="0" * 64, symbol="A/B/1")
    return numbered(Document(info, body=body))


def numbered(doc: Document) -> Document:
    """``doc`` numbered as the reading stage numbers a parsed document."""
    number_document(doc)
    return doc


@pytest.mark.parametrize("seed", range(30))
def test_random_documents_get_unique_well_formed_citations(seed: int) -> None:
    doc = random_document(random.Random(seed))
    citations = document_citations(doc)
    assert set(citations) == {n.id for n in doc.walk()}
    assert len(set(citations.values())) == len(citations)
    for node in doc.body:
        assert re.fullmatch(rf"A/B/1，第 {node.key} 段(?:（第 \[\d+\] 处）)?", citations[node.id])
        for child in node.children:
            assert CITATION.fullmatch(citations[child.id]), citations[child.id]
            if child.kind == "subparagraph":
                assert f"第 {node.key} 段{child.label}项" in citations[child.id]


def test_grammar_rejects_the_malformed_forms_of_issue_19() -> None:
    for bad in ("CTOC/COP/2024/1，项目 3(p)说明", "CTOC/COP/2024/1，项目 4(docs)说明",
                "缔约方会议第 11/1 号决议，附件一，第 2 段(p)项", "cop11-report #res-11-1-pre-2"):
        assert not CITATION.fullmatch(bad), bad


def test_grammar_rejects_a_counted_number_written_as_printed() -> None:
    """Issue 29: "项目 4 说明第 6 段" passes a count off as the document's numbering."""
    for bad in ("CTOC/COP/2024/1，项目 4 说明第 6 段", "CTOC/COP/2024/1，附件，表第 24 行",
                "CTOC/COP/2024/1，项目 4 说明所列文件第 1 项", "A/B/1，第 [12] 段",
                "缔约方会议第 11/4 号决议，序言部分第 3 段（载于 A/B/1）", "A/B/1，第 2 个未编号段落"):
        assert not CITATION.fullmatch(bad), bad


# --- counted numbers, by rule ---------------------------------------------------

def test_a_counted_number_is_marked_and_a_printed_one_is_not() -> None:
    """Every element's own number: printed (its label, as the source line
    starts) and then never bracketed; or counted, bracketed in the citation
    and given to the page to show beside it (Place.counted), the same form."""
    checked = 0
    for doc in corpus():
        places = document_places(doc)
        for node in doc.walk():
            if not node.id:
                continue
            place = places[node.id]
            if place.counted:
                assert re.fullmatch(r"\[\d+\]", place.counted), place
                assert not node.label.strip() or node.kind == "table-row", (node.id, node.label, place)
                assert place.counted in place.text, place
                checked += 1
            printed = re.fullmatch(r"(\d+)[.．]", node.label.strip())
            if printed:
                assert f"[{printed.group(1)}]" not in place.text.split("，")[-1], place
    assert checked > 100


def test_table_rows_are_cited_by_the_number_their_id_carries() -> None:
    rows = 0
    for doc in corpus():
        places = document_places(doc)
        for node in doc.walk():
            if node.kind == "table-row" and node.id:
                number = re.search(r"-row-(\d+)$", node.id).group(1)  # the id is the oracle here
                assert places[node.id].counted == f"[{number}]", node.id
                assert re.search(rf"表第 \[{number}\] 行", places[node.id].text), places[node.id]
                rows += 1
    assert rows > 20


def test_the_document_itself_is_cited_by_its_symbol_or_its_title() -> None:
    for doc in corpus():
        book = CitationBook([doc])
        whole = book.citation(doc.info.slug)
        assert whole == (doc.info.symbol or f"《{doc.info.title}》"), whole
        assert CITATION.fullmatch(whole)


def test_module_has_no_id_parsing() -> None:
    """Citations come from the structure: neither the module nor the pass
    that places each element ever splits an id."""
    for module in ("rendering/citations.py", "reading/anchors.py"):
        source = (Path(__file__).resolve().parents[2] / "generator" / module).read_text()
        assert ".id.split" not in source and "node_id.split" not in source and "re.match(" not in source


# --- Quoted titles and quoted rules ---------------------------------------------

SUPERSCRIPT = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")


def test_a_heading_is_quoted_without_the_footnote_markers_printed_in_it():
    info = DocumentInfo(slug="r", source_path="r.txt", source_sha256="", symbol="CTOC/COP/2022/9")
    heading = Node("heading", text="第十三次会议通过的¹⁰建议²", id="sec-h1", spans=[
        Span(9, 11, "#fn-10", "footnote-ref", anchor_id="fnref-10"),
        Span(13, 14, "#fn-2", "footnote-ref", anchor_id="fnref-2")])
    doc = Document(info, [heading])
    assert document_citations(numbered(doc))["sec-h1"] == "CTOC/COP/2022/9，标题“第十三次会议通过的建议”"
    # A superscript that refers to no footnote is the heading's own text.
    heading.spans = []
    assert document_citations(numbered(doc))["sec-h1"] == "CTOC/COP/2022/9，标题“第十三次会议通过的¹⁰建议²”"


def test_quoted_paragraphs_are_cited_by_the_number_printed_inside_their_marks():
    info = DocumentInfo(slug="a", source_path="a.txt", source_sha256="", symbol="CTOC/COP/2016/1")
    lead = Node("paragraph", text="修改的第 3 款和新增的第 4 款具体内容如下：", role="item-para", id="item-1-e-p1", children=[
        Node("quote", text="“3. 全权证书应由国家元首签发。”", key="3", id="item-1-e-p1-p1"),
        Node("quote", text="“4. 全权证书应由外交部长签发。”", key="4", id="item-1-e-p1-p2"),
        Node("quote", text="“未编号的引文。”", id="item-1-e-p1-p3"),
        Node("quote", text="“(b) 分项。”", key="b", id="item-1-e-p1-p4")])
    item = Node("item", text="全权证书", label="(e)", key="1-e", id="item-1-e", children=[lead])
    top = Node("item", text="组织事项", label="1.", key="1", id="item-1")
    citations = document_citations(numbered(Document(info, [top, item])))
    assert [citations[f"item-1-e-p1-p{k}"] for k in range(1, 5)] == [
        "CTOC/COP/2016/1，项目 1(e) 说明第 [1] 段所引第 3 段", "CTOC/COP/2016/1，项目 1(e) 说明第 [1] 段所引第 4 段",
        "CTOC/COP/2016/1，项目 1(e) 说明第 [1] 段所引第 [3] 段", "CTOC/COP/2016/1，项目 1(e) 说明第 [1] 段所引(b)项"]


def test_real_quoted_rules_are_cited_by_their_own_numbers() -> None:
    """Every quote of the real reports whose source line opens with a number
    (after the quotation mark) is cited by that number."""
    checked = 0
    for doc in corpus():
        citations = document_citations(doc)
        for node in doc.walk():
            if node.kind != "quote":
                continue
            # (The extraction may print a bullet before the quotation mark.)
            printed = re.match(r"\s*(?:-\s+)?[“\"]?\s*(\d+)\s*[.．]", source_line(doc, node.line))
            if printed:
                assert citations[node.id].endswith(f"所引第 {printed.group(1)} 段"), citations[node.id]
                checked += 1
    assert checked >= 6  # rules 3 and 4 in CTOC/COP/2016/1, rules 1 to 4 in CTOC/COP/2024/1


def test_no_citation_carries_extraction_debris() -> None:
    """No footnote digits inside a quoted title, no bold markup, no space a
    wrapped line left between two Han characters (the report's own title,
    which names it wherever it is cited)."""
    for doc in corpus():
        book = CitationBook([doc])
        for node_id, citation in document_citations(doc).items():
            for quoted in re.findall(r"标题“([^”]*)”", citation):
                assert not SUPERSCRIPT.search(quoted), citation
            assert "**" not in re.sub(r"脚注 \*+$", "", citation), citation
            assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", citation), citation
            assert book.label(doc.info.slug, node_id)
    (report,) = [d for d in corpus() if d.info.slug == "cop11-report"]
    assert "21 日在维也纳举行" in report.info.title
