"""The corpus cross-reference stage (generator/corpus/xref.py) on hand-built documents."""

from __future__ import annotations

import html as html_lib
import json
import random
import re

import markdown

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.corpus.xref import build_xref, xref_json
from generator.ids import markdown_href
from generator.model import Document, DocumentInfo, Footnote, Link, Node, Span
from generator.publishing.build import link_corpus, read_corpus
from generator.rendering.indexes import xref_pages
from tests.helpers import CONFIG, PROJECT, SOURCE

REPORT_P124 = "118. 在同次会议上，缔约方会议通过了决议草案（CTOC/COP/2022/L.4）。（案文见第一章 A 节，第 11/1 号决议。）"
AGENDA_P6 = "缔约方会议在第 11/1 号决议中核可了一项建议，即秘书处应根据缔约方会议第 5/8 号决议所载任务授权编制汇总表。"
AGENDA_P7 = "还欢迎预防犯罪和刑事司法委员会根据大会第 76/185 号决议，于 2022 年举行会议（见 CTOC/COP/2024/5）。"
AGENDA_P8 = "临时议程说明（CTOC/COP/2024/1）"
NOTE_P16 = "这些会议的报告（分别为 CTOC/COP/WG.3/2021/3 和 CTOC/COP/WG.2/ 2022/4-CTOC/COP/WG.3/2022/4）将提交。"
NOTE_P17 = "这次会议的报告（CTOC/COP/WG.3/2022/4）将提交缔约方会议第十一届会议。"


def info(slug: str, symbol: str) -> DocumentInfo:
    return DocumentInfo(slug=slug, source_path=f"source/{slug}.txt", source_sha256="0" * 64, symbol=symbol)


def corpus() -> list[Document]:
    """A report holding resolution 11/1, an agenda citing it, a note citing a
    joint symbol of the working-group report."""
    report = Document(
        info("cop11-report", "CTOC/COP/2022/15"),
        body=[
            Node("resolution", "执行《联合国打击跨国有组织犯罪公约》各项国际合作条款", label="第 11/1 号决议",
                 key="11-1", id="res-11-1", children=[
                     Node("preamble", "联合国打击跨国有组织犯罪公约缔约方会议，", role="formula",
                          id="res-11-1-formula"),
                     Node("preamble", "回顾其 2005 年 10 月 19 日题为“国际合作条款的执行情况”的第 2/2 号决定，",
                          id="res-11-1-pre-1"),
                 ]),
            Node("paragraph", REPORT_P124, id="para-124"),
        ],
        footnotes=[Footnote("²⁸", "见大会第 60/519 号决定、A/60/88 和 A/60/88/Corr.2，附件。", id="fn-28")],
    )
    agenda = Document(
        info("ctoc-cop-2024-1", "CTOC/COP/2024/1"),
        body=[
            Node("section", children=[
                Node("paragraph", AGENDA_P6, id="item-4-p6"),
                Node("paragraph", AGENDA_P7, id="item-4-p7"),
                Node("documents", AGENDA_P8, id="item-1-docs-1"),
            ]),
        ],
    )
    note = Document(
        info("ctoc-cop-2022-5", "CTOC/COP/2022/5"),
        body=[Node("paragraph", NOTE_P16, id="para-16"), Node("paragraph", NOTE_P17, id="para-17")],
    )
    wg = Document(info("ctoc-cop-wg2-2022-4", "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"))
    return [report, agenda, note, wg]


def node(docs: list[Document], slug: str, anchor: str) -> Node:
    doc = next(d for d in docs if d.info.slug == slug)
    return next(n for n in doc.walk() if n.id == anchor)


def linked(n: Node, role: str) -> list[tuple[str, str]]:
    """(visible text, href) of the spans of one role."""
    return [(n.text[s.start:s.end], s.href) for s in sorted(n.spans, key=lambda s: s.start) if s.role == role]


# --- Spans --------------------------------------------------------------------

def test_instrument_in_the_corpus_links_to_its_node() -> None:
    docs = corpus()
    build_xref(docs)
    assert linked(node(docs, "ctoc-cop-2024-1", "item-4-p6"), "instrument") == [
        ("第 11/1 号决议", "documents/cop11-report.html#res-11-1"),
        ("第 5/8 号决议", "resolutions/cop-5.html#cop-res-5-8"),
    ]


def test_instrument_outside_the_corpus_links_to_the_index_under_its_body() -> None:
    docs = corpus()
    build_xref(docs)
    [span] = [s for s in node(docs, "ctoc-cop-2024-1", "item-4-p7").spans if s.role == "instrument"]
    assert span.href == "resolutions/ga-76.html#ga-res-76-185"
    assert span.title == "大会第 76/185 号决议"


def test_span_title_carries_the_corpus_title() -> None:
    docs = corpus()
    build_xref(docs)
    [span] = [s for s in node(docs, "cop11-report", "para-124").spans if s.role == "instrument"]
    assert span.title.endswith("第 11/1 号决议：执行《联合国打击跨国有组织犯罪公约》各项国际合作条款")


def test_symbol_of_a_corpus_document_links_to_its_page_by_any_part() -> None:
    docs = corpus()
    build_xref(docs)
    wg_page = "documents/ctoc-cop-wg2-2022-4.html"
    assert linked(node(docs, "ctoc-cop-2022-5", "para-16"), "symbol") == [
        ("CTOC/COP/WG.3/2021/3", "symbols/ctoc-cop-wg3-2021.html#ctoc-cop-wg3-2021-3"),
        ("CTOC/COP/WG.2/ 2022/4-CTOC/COP/WG.3/2022/4", wg_page),
    ]
    assert linked(node(docs, "ctoc-cop-2022-5", "para-17"), "symbol") == [("CTOC/COP/WG.3/2022/4", wg_page)]


def test_symbol_outside_the_corpus_links_to_the_symbol_index() -> None:
    docs = corpus()
    build_xref(docs)
    assert linked(node(docs, "ctoc-cop-2024-1", "item-4-p7"), "symbol") == [
        ("CTOC/COP/2024/5", "symbols/ctoc-cop-2024.html#ctoc-cop-2024-5")]


def test_document_naming_its_own_symbol_gets_no_link_but_is_indexed() -> None:
    docs = corpus()
    index = build_xref(docs)
    assert node(docs, "ctoc-cop-2024-1", "item-1-docs-1").spans == []
    entry = index.symbols["CTOC/COP/2024/1"]
    assert entry.target == "documents/ctoc-cop-2024-1.html"
    assert [(c.doc, c.anchor) for c in entry.cited_by] == [("ctoc-cop-2024-1", "item-1-docs-1")]


def test_existing_footnote_reference_span_is_kept() -> None:
    docs = corpus()
    p6 = node(docs, "ctoc-cop-2024-1", "item-4-p6")
    start = AGENDA_P6.index("第 11/1 号决议")
    marker = Span(start + 2, start + 6, "#fn-1", "footnote-ref")  # inside "第 11/1 号决议"
    p6.spans.append(marker)
    build_xref(docs)
    assert p6.spans[0] is marker
    assert [s.href for s in p6.spans if s.role == "instrument"] == ["resolutions/cop-5.html#cop-res-5-8"]


def test_running_twice_adds_nothing() -> None:
    docs = corpus()
    build_xref(docs)
    first = [(n.id, list(n.spans), list(n.backlinks)) for d in docs for n in d.walk()]
    build_xref(docs)
    assert [(n.id, n.spans, n.backlinks) for d in docs for n in d.walk()] == first


# --- Index and backlinks ------------------------------------------------------------

def test_corpus_resolution_gets_cited_by_links_but_not_from_its_own_heading() -> None:
    docs = corpus()
    build_xref(docs)
    assert node(docs, "cop11-report", "res-11-1").backlinks == [
        Link("CTOC/COP/2022/15 #para-124", "documents/cop11-report.html#para-124"),
        Link("CTOC/COP/2024/1 #item-4-p6", "documents/ctoc-cop-2024-1.html#item-4-p6"),
    ]


def test_heading_that_contains_its_own_number_is_not_a_citation() -> None:
    docs = corpus()
    res = node(docs, "cop11-report", "res-11-1")
    res.text = "第 11/1 号决议"  # a parser that keeps the label in the text
    index = build_xref(docs)
    assert res.spans == []
    assert ("cop11-report", "res-11-1") not in [(c.doc, c.anchor) for c in index.instruments["cop-res-11-1"].cited_by]


def test_footnote_citations_are_indexed() -> None:
    index = build_xref(corpus())
    assert [(c.doc, c.anchor) for c in index.instruments["ga-dec-60-519"].cited_by] == [("cop11-report", "fn-28")]
    assert "A/60/88/Corr.2" in index.symbols


def test_container_without_text_is_skipped_and_children_are_cited() -> None:
    index = build_xref(corpus())
    anchors = [c.anchor for c in index.instruments["ga-res-76-185"].cited_by]
    assert anchors == ["item-4-p7"]


def test_xref_json_shape() -> None:
    data = xref_json(build_xref(corpus()))
    assert set(data) == {"version", "instruments", "symbols", "symbol_aliases"}
    assert data["version"] == 1
    res = next(i for i in data["instruments"] if i["key"] == "cop-res-11-1")
    assert res == {
        "key": "cop-res-11-1", "body": "cop", "kind": "res", "number": "11/1",
        "title": "执行《联合国打击跨国有组织犯罪公约》各项国际合作条款",
        "target": "documents/cop11-report.html#res-11-1",
        "cited_by": [{"doc": "cop11-report", "anchor": "para-124"},
                     {"doc": "ctoc-cop-2024-1", "anchor": "item-4-p6"}],
    }
    dec = next(i for i in data["instruments"] if i["key"] == "cop-dec-2-2")
    assert (dec["title"], dec["target"]) == ("国际合作条款的执行情况", None)  # title stated by the citation
    sym = next(s for s in data["symbols"] if s["symbol"] == "CTOC/COP/2024/5")
    assert sym == {"symbol": "CTOC/COP/2024/5", "official_url": "https://undocs.org/zh/CTOC/COP/2024/5",
                   "target": None, "cited_by": [{"doc": "ctoc-cop-2024-1", "anchor": "item-4-p7"}]}
    json.dumps(data)  # serialisable as is


def test_xref_json_order_is_by_body_then_number_and_natural_symbol_order() -> None:
    data = xref_json(build_xref(corpus()))
    keys = [i["key"] for i in data["instruments"]]
    assert keys == ["cop-dec-2-2", "cop-res-5-8", "cop-res-11-1", "ga-dec-60-519", "ga-res-76-185"]
    symbols = [s["symbol"] for s in data["symbols"]]
    assert symbols.index("A/60/88") < symbols.index("A/60/88/Corr.2") < symbols.index("CTOC/COP/2022/L.4")


def test_xref_json_does_not_depend_on_document_order() -> None:
    assert xref_json(build_xref(corpus())) == xref_json(build_xref(corpus()[::-1]))


# --- Pages ----------------------------------------------------------------------------

def html(page: str) -> str:
    return markdown.markdown(page, extensions=["attr_list"])


def forwarding(page: str) -> dict[str, str]:
    """The index page's map of old ids to where they stand now."""
    m = re.search(r'<div class="index-parts" hidden(?: data-by-prefix="")? data-parts="([^"]*)"></div>', page)
    assert m, "the index page carries its forwarding map"
    return json.loads(html_lib.unescape(m.group(1)))


def symbol_forwarded(page: str, html_id: str) -> str | None:
    """Where the symbol index sends an old fragment: its map, else the part
    it links to whose name (the longest) starts the id, then "-"."""
    listed = forwarding(page)
    if html_id in listed:
        return listed[html_id]
    names = [n for n in re.findall(r"\(symbols/([a-z0-9-]+)\.md\)", page) if html_id.startswith(n + "-")]
    return f"symbols/{max(names, key=len)}.html#{html_id}" if names else None


def test_resolutions_index_leads_to_one_part_per_body_and_session() -> None:
    index = build_xref(corpus())
    pages = xref_pages(index)
    out = html(pages["resolutions.md"])
    for html_id in ("cop", "ga"):  # the bodies stay on the index page
        assert f'id="{html_id}"' in out
    assert pages["resolutions.md"].index("{#cop}") < pages["resolutions.md"].index("{#ga}")
    parts = {(e.body, e.session) for e in index.instruments.values()}
    assert {src for src in pages if src.startswith("resolutions/")} == {f"resolutions/{b}-{s}.md" for b, s in parts}
    for body, session in parts:
        assert f"(resolutions/{body}-{session}.md)" in pages["resolutions.md"]
    for entry in index.instruments.values():
        part = f"resolutions/{entry.body}-{entry.session}"
        assert f'id="{entry.key}"' in html(pages[part + ".md"])
        # An old link to the one-page index (resolutions.html#<key>) is forwarded there.
        assert forwarding(pages["resolutions.md"])[entry.key] == f"{part}.html#{entry.key}"
    assert forwarding(pages["resolutions.md"])["cop-session-11"] == "resolutions/cop-11.html"


def test_resolutions_part_links_where_adopted_and_citing_paragraphs() -> None:
    entry = xref_pages(build_xref(corpus()))["resolutions/cop-11.md"]
    assert 'href="../documents/cop11-report.html#res-11-1"' in entry
    assert 'href="../documents/cop11-report.html#para-124"' in entry
    assert 'href="../documents/ctoc-cop-2024-1.html#item-4-p6"' in entry
    assert "执行《联合国打击跨国有组织犯罪公约》各项国际合作条款" in entry
    assert 'href="../resolutions.html"' in entry  # back to the index
    ga = xref_pages(build_xref(corpus()))["resolutions/ga-76.md"]
    assert "大会第七十六届会议" in ga


def _chinese(n: int) -> str:
    """1..99 as a Chinese numeral, written here by the rule (the oracle)."""
    digits = "零一二三四五六七八九"
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[units] if units else "")


def test_sessions_are_named_as_the_documents_name_them() -> None:
    """第七届会议, never 第 7 届会议: on the index and on every part."""
    index = build_xref(corpus())
    pages = xref_pages(index)
    text = "".join(pages.values())
    assert not re.search(r"第\s*\d+\s*届会议", text)
    for entry in index.instruments.values():
        name = f"第{_chinese(entry.session)}届会议"
        assert f"[{name}](resolutions/{entry.body}-{entry.session}.md)" in pages["resolutions.md"], name
        assert name in pages[f"resolutions/{entry.body}-{entry.session}.md"]


def test_an_instrument_the_collection_does_not_hold_links_its_official_text_where_a_rule_gives_it() -> None:
    """A General Assembly resolution s/n (s >= 31) is A/RES/s/n at undocs.org,
    a Human Rights Council resolution A/HRC/RES/s/n; no link is guessed for
    a decision, or for a body with no such rule (the Commissions' and the
    Conference's resolutions stand in their reports)."""
    rng = random.Random(29)
    cited = [(body, kind, rng.randint(1, 80), rng.randint(1, 300))
             for body in ("大会", "人权理事会", "麻醉药品委员会", "缔约方会议") for kind in ("决议", "决定")
             for _ in range(6)]
    text = "。".join(f"{body}第 {s}/{n} 号{kind}" for body, kind, s, n in cited) + "。"
    citing = Document(info("notes", "A/B/1"), body=[Node("paragraph", text, label="1.", key="1", id="para-1")])
    index = build_xref(corpus() + [citing])
    pages = xref_pages(index)
    linked = 0
    for entry in index.instruments.values():
        part = pages[f"resolutions/{entry.body}-{entry.session}.md"]
        section = part.split(f"{{#{entry.key}}}", 1)[1].split("\n## ", 1)[0]
        official = re.findall(r'href="(https://undocs\.org/[^"]+)"', section)
        if entry.body == "ga" and entry.kind == "res" and entry.session >= 31 and not entry.target:
            assert official == [f"https://undocs.org/zh/A/RES/{entry.session}/{entry.number}"], entry.key
            linked += 1
        elif entry.body == "hrc" and entry.kind == "res":
            assert official == [f"https://undocs.org/zh/A/HRC/RES/{entry.session}/{entry.number}"], entry.key
            linked += 1
        else:
            assert official == [], entry.key
    assert linked >= 10
    # The same in xref.json, for other tools.
    for item in xref_json(index)["instruments"]:
        entry = index.instruments[item["key"]]
        assert item.get("official_url", "") == entry.official_url
        assert bool(entry.official_url) == (entry.body in ("ga", "hrc") and entry.kind == "res"
                                            and (entry.body == "hrc" or entry.session >= 31))


def test_source_text_in_pages_is_escaped() -> None:
    docs = corpus()
    node(docs, "cop11-report", "res-11-1").text = "*强调* [链接](http://x) <b>"
    out = html(xref_pages(build_xref(docs))["resolutions/cop-11.md"])
    assert "<em>" not in out and 'href="http://x"' not in out and "<b>" not in out
    # Shown as the characters themselves (numeric references), not as markup.
    assert "&#42;强调&#42; &#91;链接&#93;(http://x) &#60;b&#62;" in out


def _series(symbol: str) -> str:
    """The series by the rule of the symbol index: up to the first number."""
    components = symbol.split("-CTOC")[0].split("/")
    first_number = next(i for i, c in enumerate(components) if c.isdigit())
    return "-".join(components[: first_number + 1]).lower().replace(".", "")


def test_symbols_index_leads_to_one_part_per_series_with_every_symbol() -> None:
    index = build_xref(corpus())
    pages = xref_pages(index)
    for entry in index.symbols.values():
        part = f"symbols/{_series(entry.symbol)}"
        out = html(pages[part + ".md"])
        assert f'id="{entry.id}"' in out
        assert f'href="{entry.official_url}"' in out
        assert f"({part}.md)" in pages["symbols.md"]
        assert symbol_forwarded(pages["symbols.md"], entry.id) == f"{part}.html#{entry.id}"
    joint = pages["symbols/ctoc-cop-wg2-2022.md"]
    joint = joint[joint.index("{#ctoc-cop-wg2-2022-4--ctoc-cop-wg3-2022-4}"):]
    assert 'href="../documents/ctoc-cop-wg2-2022-4.html"' in joint.split("\n## ")[0]
    assert 'href="../documents/ctoc-cop-2022-5.html#para-16"' in joint.split("\n## ")[0]


def test_each_symbol_of_a_joint_symbol_is_an_alias_of_its_entry() -> None:
    """A joint symbol A-B: A and B each resolve to the one entry (in the JSON
    and as ids on the symbols page); a citation of B alone is a citation of
    that entry; the official link is A's, as the documents' own links are."""
    index = build_xref(corpus())
    joint = "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"
    assert "CTOC/COP/WG.3/2022/4" not in index.symbols
    entry = index.symbol_entry("CTOC/COP/WG.3/2022/4")
    assert entry is index.symbols[joint] is index.symbol_entry("CTOC/COP/WG.2/2022/4")
    assert entry.official_url == "https://undocs.org/zh/CTOC/COP/WG.2/2022/4"
    assert [(c.doc, c.anchor) for c in entry.cited_by] == [
        ("ctoc-cop-2022-5", "para-16"), ("ctoc-cop-2022-5", "para-17")]
    corpus_docs = corpus()
    build_xref(corpus_docs)
    assert linked(node(corpus_docs, "ctoc-cop-2022-5", "para-17"), "symbol") == [
        ("CTOC/COP/WG.3/2022/4", "documents/ctoc-cop-wg2-2022-4.html")]
    data = xref_json(index)
    aliases = {a["symbol"]: a for a in data["symbol_aliases"]}
    assert set(aliases) == {"CTOC/COP/WG.2/2022/4", "CTOC/COP/WG.3/2022/4"}
    assert aliases["CTOC/COP/WG.3/2022/4"]["entry"] == joint
    assert aliases["CTOC/COP/WG.3/2022/4"]["id"] == "ctoc-cop-wg3-2022-4"
    assert next(s for s in data["symbols"] if s["symbol"] == joint)["parts"] == joint.split("-")
    pages = xref_pages(index)
    out = html(pages["symbols/ctoc-cop-wg2-2022.md"])
    for html_id in ("ctoc-cop-wg2-2022-4", "ctoc-cop-wg3-2022-4", "ctoc-cop-wg2-2022-4--ctoc-cop-wg3-2022-4"):
        assert f'id="{html_id}"' in out
        assert symbol_forwarded(pages["symbols.md"], html_id) == f"symbols/ctoc-cop-wg2-2022.html#{html_id}"
    # Only what the names of the parts do not place is listed: the joint symbol's second part.
    assert forwarding(pages["symbols.md"]) == {"ctoc-cop-wg3-2022-4": "symbols/ctoc-cop-wg2-2022.html#ctoc-cop-wg3-2022-4"}


def test_page_href() -> None:
    assert markdown_href("documents/x.html#res-11-4") == "documents/x.md#res-11-4"
    assert markdown_href("documents/x.html") == "documents/x.md"
    assert markdown_href("resolutions.html#ga-res-76-185") == "resolutions.md#ga-res-76-185"


# --- The real reports ----------------------------------------------------------

def test_every_paragraph_citing_the_sessions_instruments_is_counted_once() -> None:
    """Cited-by of the eleventh session's resolutions and decisions, against
    the source: the number of paragraphs (lines of the one-line-per-paragraph
    texts) that cite it in the form 第 11/n 号决议/决定, its own header apart.
    A paragraph where the Secretariat reports on it counts like any other."""
    readings = read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT)
    index = link_corpus(readings).index
    lines = [line for name in ("cop11-report.txt", "ctoc-cop-2024-1.txt")
             for line in (SOURCE / name).read_text(encoding="utf-8").splitlines()]
    for kind, noun in (("res", "决议"), ("dec", "决定")):
        for number in range(1, 7):
            pattern = re.compile(rf"第\s*11\s*/\s*{number}\s*号(?:和第[\s\d/]+号)?\s*{noun}")
            citing = [line for line in lines if pattern.search(line) and not pattern.fullmatch(line.strip())]
            entry = index.instruments.get(f"cop-{kind}-11-{number}")
            assert len(entry.cited_by if entry else []) == len(citing), (kind, number, citing)
    # No session of an invented body in the resolution index: the reports
    # name no other assembly whose numbered instruments they cite.
    assert sorted({e.body for e in index.instruments.values()}) == ["ccpcj", "cnd", "cop", "ga"]
