"""Recommendations of a report paired with their endorsed wording (generator/corpus/recommendations.py).

The real-corpus expectations were checked by reading both texts:
footnote ⁴ (11/1 annex II) cites paragraphs 7 and 10 of the joint report,
⁷ (11/2 annex I) paragraph 8, ⁸ (11/2 annex II) paragraphs 8 and 10, ¹⁰
(11/3 annex) paragraph 9. Paragraph 8 has items (a)-(x): (a)-(o) are the
twelfth meeting's proposals endorsed in 11/2 annex I, (p)-(x) the thirteenth
meeting's in annex II; paragraph 10 (a)-(b) was endorsed twice, as (l)-(m)
of 11/1 annex II and (j)-(k) of 11/2 annex II. 11/1 annex I comes from
CTOC/COP/WG.3/2021/3 (footnote ³), which is not in the corpus.
"""

from __future__ import annotations

import markdown
import pytest

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.corpus.recommendations import (
    THRESHOLD,
    Pairing,
    add_recommendation_links,
    align,
    cited_paragraphs,
    lettered_items,
    match_recommendations,
    similarity,
)
from generator.model import Document, DocumentInfo, Footnote, Link, Node, Span
from generator.publishing.build import PROJECT, link_corpus, read_corpus
from generator.rendering.mdtext import escape_html
from generator.rendering.recommendations import diff_html, recommendations_page

REPORT = "ctoc-cop-wg2-2022-4"
COP11 = "cop11-report"
JOINT = "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"
LETTERS = "abcdefghijklmnopqrstuvwx"


def _run(source: str, source_letters: str, target: str, target_letters: str) -> list[tuple[str, str]]:
    assert len(source_letters) == len(target_letters)
    return [(f"{source}-{s}", f"{target}-{t}") for s, t in zip(source_letters, target_letters, strict=True)]


# Every pair, in the order match_recommendations returns them (annexes in
# document order, items in annex order).
EXPECTED = (
    _run("para-7", LETTERS[:11], "res-11-1-annex-2", LETTERS[:11])
    + _run("para-10", "ab", "res-11-1-annex-2", "lm")
    + _run("para-8", LETTERS[:15], "res-11-2-annex-1", LETTERS[:15])
    + _run("para-8", LETTERS[15:24], "res-11-2-annex-2", LETTERS[:9])
    + _run("para-10", "ab", "res-11-2-annex-2", "jk")
    + _run("para-9", LETTERS[:12], "res-11-3-annex-1", LETTERS[:12])
)

# Pairs whose wording differs beyond spacing (each difference read in the
# texts, e.g. 7(k) ends "。" where annex II (k) ends "；"; 9(j) 目的地国 → 目的地).
CHANGED = {
    "para-7-a", "para-7-f", "para-7-h", "para-7-k",
    "para-8-b", "para-8-n", "para-8-o",
    "para-8-p", "para-8-q", "para-8-r", "para-8-x",
    "para-9-a", "para-9-b", "para-9-c", "para-9-e", "para-9-g", "para-9-h", "para-9-i", "para-9-j", "para-9-l",
}


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    readings = read_corpus(PROJECT / "source", load_settings(PROJECT / "site_config"), Store(None), root=PROJECT)
    link_corpus(readings)
    return [r.doc for r in readings]


@pytest.fixture(scope="module")
def pairings(corpus: list[Document]) -> list[Pairing]:
    return match_recommendations(corpus)


def _node(docs: list[Document], slug: str, anchor: str) -> Node:
    doc = next(d for d in docs if d.info.slug == slug)
    return next(n for n in doc.walk() if n.id == anchor)


# --- The real texts -----------------------------------------------------------

def test_every_endorsed_recommendation_is_paired_with_its_source(pairings: list[Pairing]) -> None:
    assert [(p.source_id, p.target_id) for p in pairings] == EXPECTED
    assert {(p.source_doc, p.target_doc) for p in pairings} == {(REPORT, COP11)}


def test_annex_from_a_report_outside_the_corpus_gets_no_pairs(pairings: list[Pairing]) -> None:
    assert not [p for p in pairings if p.annex_id == "res-11-1-annex-1"]


def test_pairs_carry_wording_labels_and_annex(pairings: list[Pairing], corpus: list[Document]) -> None:
    pair = next(p for p in pairings if p.target_id == "res-11-2-annex-2-a")
    assert pair.source_id == "para-8-p"
    assert pair.source_text == _node(corpus, REPORT, "para-8-p").text
    assert pair.target_text == _node(corpus, COP11, "res-11-2-annex-2-a").text
    assert pair.source_label == f"{JOINT}，第 8 段(p)项"
    assert pair.target_label == "第 11/2 号决议附件二(a)"
    assert (pair.annex_id, pair.annex_label) == ("res-11-2-annex-2", "第 11/2 号决议附件二")
    assert pair.source_href == f"documents/{REPORT}.html#para-8-p"
    assert pair.target_href == f"documents/{COP11}.html#res-11-2-annex-2-a"


def test_which_wordings_changed(pairings: list[Pairing]) -> None:
    changed = {p.source_id for p in pairings if p.changed}
    # 10(b) changed only in 11/2 annex II (a comma dropped), not in 11/1 annex II.
    ten_b = {p.target_id: p.changed for p in pairings if p.source_id == "para-10-b"}
    assert ten_b == {"res-11-1-annex-2-m": False, "res-11-2-annex-2-k": True}
    assert changed - {"para-10-b"} == CHANGED
    identical = [p for p in pairings if not p.changed]
    assert identical and all(p.similarity == 1.0 for p in identical)


def test_threshold_separates_right_from_wrong_pairs_with_margin(
        pairings: list[Pairing], corpus: list[Document]) -> None:
    """Every right pair scores well above the threshold and every other pair
    the footnotes allow well below it, so the threshold is not fitted to a
    borderline case."""
    paired = {(p.source_id, p.target_id) for p in pairings}
    assert min(p.similarity for p in pairings) >= THRESHOLD + 0.15
    allowed = {"res-11-1-annex-2": ["para-7", "para-10"], "res-11-2-annex-1": ["para-8"],
               "res-11-2-annex-2": ["para-8", "para-10"], "res-11-3-annex-1": ["para-9"]}
    wrong = []
    for annex, paragraphs in allowed.items():
        targets = lettered_items(_node(corpus, COP11, annex))
        for paragraph in paragraphs:
            for source in lettered_items(_node(corpus, REPORT, paragraph)):
                wrong.extend(similarity(source.text, t.text) for t in targets if (source.id, t.id) not in paired)
    assert len(wrong) > 500
    assert max(wrong) <= THRESHOLD - 0.1


def test_diff_of_real_wordings(pairings: list[Pairing]) -> None:
    diffs = {p.source_id + ">" + p.target_id: diff_html(p.source_text, p.target_text) for p in pairings}
    assert "目的地<del>国</del>的影响" in diffs["para-9-j>res-11-3-annex-1-j"]
    assert "<ins>联合国</ins>毒品和犯罪问题办公室<ins>（毒品和犯罪问题办公室）</ins>可制定" in diffs[
        "para-8-b>res-11-2-annex-1-b"]
    assert "委员会<del>第三十一届会议通过的</del>题为" in diffs["para-9-l>res-11-3-annex-1-l"]
    # 7(a) prints "第 17 条", the annex "第17条": spacing is not marked as a change.
    seven_a = diffs["para-7-a>res-11-1-annex-2-a"]
    assert "<del>" not in seven_a and seven_a.count("<ins>") == 1 and "第17条" in seven_a
    unchanged = next(p for p in pairings if p.source_id == "para-7-b")
    assert diffs["para-7-b>res-11-1-annex-2-b"] == escape_html(unchanged.target_text)


def test_links_both_ways_on_the_real_corpus(corpus: list[Document], pairings: list[Pairing]) -> None:
    add_recommendation_links(corpus, pairings)
    add_recommendation_links(corpus, pairings)  # a second run adds nothing
    ten_a = _node(corpus, REPORT, "para-10-a").backlinks
    assert ten_a == [
        Link("经第 11/1 号决议附件二核可：(l)", f"documents/{COP11}.html#res-11-1-annex-2-l", "endorsed-as"),
        Link("经第 11/2 号决议附件二核可：(j)", f"documents/{COP11}.html#res-11-2-annex-2-j", "endorsed-as"),
    ]
    assert _node(corpus, COP11, "res-11-3-annex-1-i").backlinks == [
        Link(f"源自 {JOINT}，第 9 段(i)项", f"documents/{REPORT}.html#para-9-i", "endorses")]
    assert _node(corpus, COP11, "res-11-1-annex-1-a").backlinks == []


def test_page_of_the_real_pairs(pairings: list[Pairing]) -> None:
    page = recommendations_page(pairings)
    html = markdown.markdown(page.split("---", 2)[2], extensions=["attr_list"])
    assert html.count('<div class="rec-diff') == len(EXPECTED)
    assert html.count('class="rec-diff rec-same"') == len(EXPECTED) - len(CHANGED) - 1
    for source, target in EXPECTED:
        assert f'href="documents/{REPORT}.md#{source}"' in html
        assert f'href="documents/{COP11}.md#{target}"' in html
    for annex in ("res-11-1-annex-2", "res-11-2-annex-1", "res-11-2-annex-2", "res-11-3-annex-1"):
        assert f'id="{COP11}-{annex}"' in html
    assert 'id="rec-cop11-report-res-11-3-annex-1-j"' in html
    assert "共 51 项，其中 21 项措辞有改动" in html


# --- Small examples -----------------------------------------------------------

A = "鼓励缔约国加强国际合作，交流打击贩运野生生物的信息和经验"
A2 = "鼓励缔约国进一步加强国际合作，交流打击贩运野生生物的信息"
B = "毒品和犯罪问题办公室应继续根据请求提供技术援助和能力建设"
B2 = "联合国毒品和犯罪问题办公室应继续根据请求提供技术援助和能力建设"
C = "请各国向秘书处提供本国立法和判例，以便发布在知识管理门户网站上"
C2 = "请各国向秘书处提供本国立法和判例，以便发布在门户网站上"
UNRELATED = "会议选举主席团成员并通过议程"


def test_align_skips_dropped_and_added_items() -> None:
    pairs = align([A, B, C], [A2, UNRELATED, C2])
    assert [(i, j) for i, j, _ in pairs] == [(0, 0), (2, 2)]
    assert all(score >= THRESHOLD for _, _, score in pairs)


def test_align_preserves_order() -> None:
    # Crossing pairs (A->A2 after B->B2) cannot both hold: the better one stays.
    pairs = align([A, B], [B2, A2])
    assert len(pairs) == 1
    assert (pairs[0][0], pairs[0][1]) == (1, 0)  # B/B2 (0.97) beats A/A2 (0.85)


def test_align_is_one_to_one_and_maximises_the_total() -> None:
    # Greedy left-to-right would give the target to the first, weaker source.
    assert [(i, j) for i, j, _ in align([A2 + "等", A], [A])] == [(1, 0)]
    assert [(i, j) for i, j, _ in align([A, A], [A])] == [(1, 0)]  # once, not twice
    assert align([UNRELATED], [A]) == []
    assert align([A], [A2], threshold=0.99) == []


def test_similarity_ignores_whitespace() -> None:
    assert similarity("第 17 条的规定", "第17条的规定") == 1.0
    assert similarity("甲乙丙丁", "戊己庚辛") == 0.0


def test_cited_paragraphs_forms() -> None:
    assert cited_paragraphs(f"{JOINT}，第7段和第10段。") == [(JOINT, [7, 10])]
    assert cited_paragraphs(f"{JOINT}，第 8 和第 10 段。") == [(JOINT, [8, 10])]
    assert cited_paragraphs("CTOC/COP/WG.3/2021/3，第 2-4 段。") == [("CTOC/COP/WG.3/2021/3", [2, 3, 4])]
    assert cited_paragraphs("见 CTOC/COP/2024/1，附件。") == []
    assert cited_paragraphs("联合国，《条约汇编》，第 2225 卷，第 39574 号。") == []


def test_diff_html_escapes_and_ignores_spacing() -> None:
    assert diff_html("甲<乙>", "甲<丙&>") == "甲&lt;<del>乙</del><ins>丙&amp;</ins>&gt;"
    assert diff_html("第 2 条", "第2条") == "第2条"
    assert diff_html("一二三", "一二三四") == "一二三<ins>四</ins>"


def _info(slug: str, symbol: str) -> DocumentInfo:
    return DocumentInfo(slug=slug, source_path=f"source/{slug}.txt", source_sha256="0" * 64, symbol=symbol)


def _item(anchor: str, letter: str, text: str, line: int = 0) -> Node:
    return Node("subparagraph", text, label=f"({letter})", key=letter, id=f"{anchor}-{letter}", line=line)


def _small_corpus(footnote: str = "CTOC/COP/WG.2/2023/2-CTOC/COP/WG.3/2023/2，第 3 段。") -> list[Document]:
    """A report whose paragraph 3 has three recommendations and paragraph 4
    one; a resolution whose annex, by footnote ¹, endorses 3(a) reworded and
    3(c), dropping 3(b). Its annex II repeats 4(a) word for word but cites
    nothing, so it must not pair. The marker ¹ also appears earlier in the
    resolution document for another footnote (numbering restarts)."""
    report = Document(_info("wg-report", "CTOC/COP/WG.2/2023/2-CTOC/COP/WG.3/2023/2"), body=[
        Node("paragraph", "工作组通过了以下建议：", label="3.", key="3", id="para-3", children=[
            _item("para-3", "a", A), _item("para-3", "b", UNRELATED), _item("para-3", "c", C)]),
        Node("paragraph", "工作组还通过了以下建议：", label="4.", key="4", id="para-4", children=[
            _item("para-4", "a", B)]),
    ])
    annex_lead = Node("paragraph", "工作组通过了下列建议，¹供核可：", role="unnumbered", id="res-1-1-annex-1-p1",
                      line=20)
    resolutions = Document(_info("cop-report", "CTOC/COP/2023/9"), body=[
        Node("paragraph", "见第一章¹。", label="1.", key="1", id="para-1", line=2),
        Node("resolution", "某决议", label="第 1/1 号决议", key="1-1", id="res-1-1", children=[
            Node("annex", label="附件一", key="1", id="res-1-1-annex-1", children=[
                annex_lead,
                _item("res-1-1-annex-1", "a", A2, 21),
                _item("res-1-1-annex-1", "b", C2, 22),
            ]),
            Node("annex", label="附件二", key="2", id="res-1-1-annex-2", children=[
                Node("paragraph", "另一工作组的建议：", id="res-1-1-annex-2-p1"),
                _item("res-1-1-annex-2", "a", B),
            ]),
        ]),
    ], footnotes=[
        Footnote("¹", "同上，第 5 段。", line=3, id="fn-1"),
        Footnote("¹", footnote, line=30, id="fn-1-2"),
    ])
    return [report, resolutions]


def test_match_small_corpus_by_footnote_marker() -> None:
    pairs = match_recommendations(_small_corpus())
    assert [(p.source_id, p.target_id) for p in pairs] == [
        ("para-3-a", "res-1-1-annex-1-a"), ("para-3-c", "res-1-1-annex-1-b")]
    first = pairs[0]
    assert (first.source_doc, first.target_doc) == ("wg-report", "cop-report")
    assert first.source_label == "CTOC/COP/WG.2/2023/2-CTOC/COP/WG.3/2023/2，第 3 段(a)项"
    assert first.target_label == "第 1/1 号决议附件一(a)"
    assert first.similarity == round(similarity(A, A2), 4)


def test_match_by_one_part_of_a_joint_symbol_and_by_footnote_span() -> None:
    docs = _small_corpus("CTOC/COP/WG.3/2023/2，第 4 段。")
    # Swap where the two ¹ footnotes are printed, so that the bare marker now
    # means the other one ("同上，第 5 段", no symbol); only the linked
    # reference (span) leads to the citation.
    docs[1].footnotes[0].line, docs[1].footnotes[1].line = 30, 3
    lead = docs[1].body[1].children[0].children[0]
    lead.spans.append(Span(11, 12, "#fn-1-2", "footnote-ref"))
    pairs = match_recommendations(docs)
    # Paragraph 4 (a) is B; annex I holds nothing like it.
    assert pairs == []
    docs[1].body[1].children[0].children[1].text = B2
    assert [(p.source_id, p.target_id) for p in match_recommendations(docs)] == [
        ("para-4-a", "res-1-1-annex-1-a")]


def test_annex_citing_nothing_is_not_matched_even_when_identical() -> None:
    pairs = match_recommendations(_small_corpus())
    assert not [p for p in pairs if p.annex_id == "res-1-1-annex-2"]


def test_add_links_small_corpus() -> None:
    docs = _small_corpus()
    add_recommendation_links(docs, match_recommendations(docs))
    source = docs[0].body[0].children[0]
    target = docs[1].body[1].children[0].children[1]
    assert source.backlinks == [Link("经第 1/1 号决议附件一核可：(a)", "documents/cop-report.html#res-1-1-annex-1-a",
                                     "endorsed-as")]
    assert target.backlinks == [Link("源自 CTOC/COP/WG.2/2023/2-CTOC/COP/WG.3/2023/2，第 3 段(a)项",
                                     "documents/wg-report.html#para-3-a", "endorses")]
    assert docs[0].body[0].children[1].backlinks == []  # 3(b) was not endorsed


def test_page_escapes_source_text() -> None:
    pair = Pairing("r", "para-1-a", "[链接](http://x) <b>粗</b> *强*", "c", "res-1-1-annex-1-a",
                   "[链接](http://x) <i>斜</i> *强*", 0.8, source_label="R/1，第 1 段(a)项",
                   target_label="第 1/1 号决议附件(a)", annex_id="res-1-1-annex-1", annex_label="第 1/1 号决议附件",
                   source_item="(a)", target_item="(a)")
    page = recommendations_page([pair])
    html = markdown.markdown(page.split("---", 2)[2], extensions=["attr_list"])
    assert "<b>" not in html and "<i>" not in html and "<em>" not in html
    assert 'href="http://x"' not in html
    assert "<del>b</del><ins>i</ins>" in html and "&lt;" in html
    assert '<a href="documents/r.md#para-1-a">R/1，第 1 段(a)项</a>' in html
    assert 'id="rec-c-res-1-1-annex-1-a"' in html


def test_page_without_pairs_says_so() -> None:
    html = markdown.markdown(recommendations_page([]).split("---", 2)[2], extensions=["attr_list"])
    assert "共 0 项" in html and 'id="none"' in html and "rec-diff" not in html
