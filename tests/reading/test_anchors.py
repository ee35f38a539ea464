"""The numbering pass (generator/reading/anchors.py) on small documents
built by hand, as a tool or a test builds one: each element is numbered
where it stands, its citation place and eId as the contract and the
README write them (README, "Reading and citing" and "Akoma Ntoso"),
whether the pass ran or a later stage asked for them first."""

from __future__ import annotations

from generator.model import Document, DocumentInfo, Footnote, Node, Span
from generator.reading.anchors import number_document, numbered
from generator.rendering.citations import document_places


def _report(ids: bool) -> Document:
    """Paragraph 1 with its (a), an unnumbered paragraph, resolution 11/4
    with a preambular and an operative paragraph, and footnote 1 referenced
    from paragraph 1: ``ids`` given by hand (the contract's), or none."""
    given = (lambda i: i) if ids else (lambda i: "")
    para = Node("paragraph", "文本¹。", label="1.", key="1", id=given("para-1"),
                children=[Node("subparagraph", "分段。", label="(a)", key="a", id=given("para-1-a"))])
    if ids:
        para.spans.append(Span(2, 3, "#fn-1", "footnote-ref", anchor_id="fnref-1"))
    resolution = Node("resolution", "打击跨国有组织犯罪", label="第 11/4 号决议", key="11-4", id=given("res-11-4"),
                      children=[Node("preamble", "回顾其决议，", id=given("res-11-4-pre-1")),
                                Node("operative", "决定……；", label="1.", key="1", id=given("res-11-4-op-1"))])
    body = [para, Node("paragraph", "未编号的段落。", id=given("p-1")), resolution]
    notes = [Footnote(marker="¹", text="见 CTOC/COP/2020/10。", id=given("fn-1"), ref_id=given("fnref-1"))]
    return Document(DocumentInfo(slug="t", source_path="source/t.txt", source_sha256="0" * 64, title="测试"),
                    body, notes)


PLACES = {"para-1": "第 1 段", "para-1-a": "第 1 段(a)项", "p-1": "第 [1] 个未编号段落",
          "res-11-4": "缔约方会议第 11/4 号决议", "res-11-4-pre-1": "缔约方会议第 11/4 号决议，序言部分第 [1] 段",
          "res-11-4-op-1": "缔约方会议第 11/4 号决议，第 1 段", "fn-1": "脚注 1"}
EIDS = {"para-1": "para_1", "para-1-a": "para_1__subpara_a", "p-1": "p_1", "res-11-4": "res_11-4",
        "res-11-4-pre-1": "res_11-4__rec_1", "res-11-4-op-1": "res_11-4__para_1"}


def test_the_pass_numbers_each_element_where_it_stands() -> None:
    doc = _report(ids=False)
    number_document(doc)
    assert [n.id for n in doc.walk()] == list(EIDS)
    assert {n.id: n.eid for n in doc.walk()} == EIDS
    assert {k: p.text for k, p in document_places(doc).items()} == PLACES
    [note] = doc.footnotes
    assert (note.id, note.eid, note.ref_id, note.refs) == ("fn-1", "note_1", "fnref-1", ["fnref-1"])


def test_a_document_built_by_hand_keeps_its_ids_and_gets_the_rest() -> None:
    doc = _report(ids=True)
    assert numbered(doc) is doc
    assert [n.id for n in doc.walk()] == list(EIDS)
    assert {n.id: n.eid for n in doc.walk()} == EIDS
    assert {n.id: n.place.text for n in doc.walk()} == {k: v for k, v in PLACES.items() if k != "fn-1"}
    assert all(n.row is not None for n in doc.walk())
    [note] = doc.footnotes
    assert (note.id, note.eid, note.place.text, note.refs, note.ref_eid) == (
        "fn-1", "note_1", "脚注 1", ["fnref-1"], "noteref_1")
    # Its spans are its own: none added by the numbering of its copy.
    assert [s.anchor_id for s in doc.body[0].spans] == ["fnref-1"]


def test_ids_given_by_hand_are_what_citations_are_keyed_by() -> None:
    doc = _report(ids=True)
    for node in doc.walk():
        node.id = f"x-{node.id}"
    assert {k.removeprefix("x-"): p.text for k, p in document_places(doc).items()} == PLACES
