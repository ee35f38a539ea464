"""The five real reports: structure, ids and conservation of their text.

Expected counts come from reading the texts (issue 3 lists them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.model import Document, DocumentInfo
from generator.reading.anchors import number_document
from generator.reading.parse import parse
from generator.reading.repair import repair

SOURCE = Path(__file__).resolve().parents[2] / "source"
FILES = {
    "note": "ctoc-cop-2022-5.txt",  # seed 000
    "joint": "ctoc-cop-wg2-2022-4.txt",  # seed 001
    "session": "cop11-report.txt",  # seed 002
    "agenda2024": "ctoc-cop-2024-1.txt",  # seed 003
    "agenda2016": "ctoc-cop-2016-1.txt",  # seed 004
}


def load_text(text: str) -> Document:
    doc = parse(repair(text), DocumentInfo(slug="x", source_path="x", source_sha256=""))
    number_document(doc)
    return doc


def load(name: str) -> Document:
    return load_text((SOURCE / FILES[name]).read_text(encoding="utf-8"))


def ids(doc: Document) -> set[str]:
    return {n.id for n in doc.walk()} | {f.id for f in doc.footnotes}


def letters(last: str) -> list[str]:
    return [chr(c) for c in range(ord("a"), ord(last) + 1)]


def paragraph_numbers(doc: Document) -> list[int]:
    return [int(n.key) for n in doc.body if n.kind == "paragraph" and n.key]


def test_note_paragraphs_and_footnotes():
    doc = load("note")
    assert paragraph_numbers(doc) == list(range(1, 19))
    assert [(f.id, f.text) for f in doc.footnotes] == [
        ("fn-star1", "因技术原因于 2022 年 9 月 29 日重新印发。"), ("fn-star2", "CTOC/COP/2022/1。")]
    assert doc.info.session == "第十一届会议*"
    assert doc.info.reissue_notes == ["因技术原因于 2022 年 9 月 29 日重新印发。"]
    assert doc.warnings == []


@pytest.mark.parametrize("para, last", [(7, "k"), (8, "x"), (9, "l"), (10, "b"), (86, "d"), (87, "g")])
def test_joint_report_subparagraphs(para, last):
    doc = load("joint")
    wanted = {f"para-{para}-{x}" for x in letters(last)}
    assert wanted <= ids(doc)
    assert f"para-{para}-{chr(ord(last) + 1)}" not in ids(doc)


def test_joint_report_paragraphs_and_nested_agendas():
    doc = load("joint")
    assert paragraph_numbers(doc) == list(range(1, 90))
    para81 = next(n for n in doc.body if n.id == "para-81")
    # Two agendas, of six and seven items, each under its working group's name.
    groups = [c for c in para81.children if c.role == "nested-heading"]
    assert [g.text for g in groups] == ["国际合作工作组", "技术援助问题政府专家工作组"]
    assert [len(g.children) for g in groups] == [6, 7]
    assert groups[1].children[3].text.startswith("最后确定并通过工作组第十二次会议")


def test_session_report_paragraphs():
    doc = load("session")
    assert paragraph_numbers(doc) == list(range(1, 145))
    assert doc.warnings == []


@pytest.mark.parametrize("res, ops", [("11-1", 2), ("11-2", 2), ("11-3", 1), ("11-4", 19), ("11-5", 21), ("11-6", 29)])
def test_session_report_resolutions_operative_paragraphs(res, ops):
    doc = load("session")
    node = next(n for n in doc.walk() if n.id == f"res-{res}")
    operative = [c for c in node.children if c.kind == "operative"]
    assert [c.id for c in operative] == [f"res-{res}-op-{k}" for k in range(1, ops + 1)]
    assert node.children[0].role == "formula"


@pytest.mark.parametrize("annex, last", [("res-11-1-annex-1", "x"), ("res-11-1-annex-2", "m"),
                                         ("res-11-2-annex-1", "o"), ("res-11-2-annex-2", "k"),
                                         ("res-11-3-annex-1", "l")])
def test_session_report_resolution_annexes(annex, last):
    doc = load("session")
    node = next(n for n in doc.walk() if n.id == annex)
    assert [c.key for c in node.children if c.kind == "subparagraph"] == letters(last)


def test_session_report_decisions_and_own_annex():
    doc = load("session")
    found = ids(doc)
    assert {"dec-11-1", "dec-11-2", "dec-11-1-item-9", "dec-11-1-item-2-d", "dec-11-2-op-c"} <= found
    assert {"annex-1", "annex-1-para-1", "annex-1-para-2-b", "annex-1-fn-1"} <= found


def test_session_report_footnotes_attached_to_their_markers():
    doc = load("session")

    def referencing(href: str) -> list[tuple[str, str]]:
        return [(n.id, s.anchor_id) for n in doc.walk() for s in n.spans if s.href == href]

    # ³ (CTOC/COP/WG.3/2021/3) is printed four times in resolution 11/1:
    # operative paragraphs 1 and 2, annex I's title and its lead-in; each
    # reference has its own id, the footnote's way back to it.
    assert referencing("#fn-3") == [("res-11-1-op-1", "fnref-3"), ("res-11-1-op-2", "fnref-3-2"),
                                    ("res-11-1-annex-1-p1", "fnref-3-3"), ("res-11-1-annex-1-p2", "fnref-3-4")]
    # The report's annex numbers its footnotes anew: its ¹ is referenced from
    # the annex, not from the ¹ of paragraph 129, whose footnote the
    # extraction lost.
    assert referencing("#annex-1-fn-1") == [("annex-1-para-1", "annex-1-fnref-1")]
    para129 = next(n for n in doc.walk() if n.id == "para-129")
    assert "¹" in para129.text and para129.spans == []


@pytest.mark.parametrize("name", ["agenda2024", "agenda2016"])
def test_agendas_items_and_annotations(name):
    doc = load(name)
    found = ids(doc)
    assert {f"agenda-{i}" for i in range(1, 10)} <= found and "agenda-10" not in found
    assert {f"agenda-1-{x}" for x in letters("f")} | {f"agenda-2-{x}" for x in letters("d")} <= found
    assert {f"item-{i}" for i in range(1, 10)} <= found
    assert {f"item-1-{x}" for x in letters("f")} | {f"item-2-{x}" for x in letters("d")} <= found
    assert "annex-1-row-2" in found
    assert doc.warnings == []


def test_agenda_documentation_list_names_the_document_itself():
    doc = load("agenda2024")
    entry = next(n for n in doc.walk() if n.id == "item-1-c-docs-1")
    assert entry.text == "临时议程说明（CTOC/COP/2024/1）"


# --- Re-wrapping: the same report at another width gives the same anchors ---

def rewrap(text: str, width: int, page_every: int) -> str:
    """Write a hard-wrapped report again at ``width``, with page breaks elsewhere.

    Follows the layout of the extraction: soft breaks drop their spaces, a
    paragraph's last line keeps a trailing space, a break after "/" keeps
    one; every ``page_every`` lines a footnote block and a stray indent
    appear, as at a page boundary.
    """
    doc_blocks = repair(text)
    lines: list[str] = []
    count = 0
    for block in doc_blocks.blocks:
        body = block.text
        pieces = [body[i:i + width] for i in range(0, len(body), width)]
        for k, piece in enumerate(pieces):
            last = k == len(pieces) - 1
            piece = piece.rstrip() if not last else piece
            if not last and not piece:
                continue
            if last or piece.endswith("/"):
                piece += " "
            count += 1
            if count % page_every == 0:
                lines.append("__________________ ")
                lines.append(" * 页脚注。 ")
                piece = " " + piece
            lines.append(piece)
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize("name", ["note", "joint", "agenda2016"])
@pytest.mark.parametrize("width, page_every", [(31, 17), (47, 23)])
def test_rewrapped_report_gives_same_paragraphs_and_anchors(name, width, page_every):
    text = (SOURCE / FILES[name]).read_text(encoding="utf-8")
    original = load_text(text)
    again = load_text(rewrap(text, width, page_every))

    def structure(doc: Document) -> list[tuple[str, str]]:
        return [(n.id, re.sub(r"\s", "", n.full_text)) for n in doc.walk()]

    assert structure(again) == structure(original)


# --- Text conservation on the built pages ---

DEBRIS_LINE = re.compile(r"^\s*(_{5,}|https?://undocs\.org/\S*|目录|页次)\s*$")
TOC_LINE = re.compile(r"(\.{3,}\s*\t?\s*\d+|\t\d*)\s*$")


def source_lines(path: Path) -> list[str]:
    """The source's lines minus the debris the contract allows to drop."""
    out = []
    in_toc = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        stripped = line.strip()
        if stripped == "目录":
            in_toc = True
        if in_toc and stripped.startswith("一.") and not TOC_LINE.search(line):
            in_toc = False
        if not stripped or DEBRIS_LINE.match(line) or (in_toc and (TOC_LINE.search(line) or stripped in ("目录",))):
            continue
        if in_toc:
            continue
        line = re.sub(r"\[([^\[\]]*)\]\(#\)", r"\1", line)
        # The PDF's bold around Chinese words, as the extraction marks it (issue 30).
        line = re.sub(r"\*\*([^*\n]*[\u4e00-\u9fff][^*\n]*)\*\*", r"\1", line)
        line = re.sub(r"^\s*(-\s+)+", "", line)
        out.append(re.sub(r"\s", "", line))
    return [ln for ln in out if ln]


def page_parts(html: str) -> tuple[str, str, str]:
    """The page's text, whitespace removed: (title and header, body, footnotes)."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article")
    for junk in article.select(".headerlink, .backlinks, .footnote-backref, .doc-events"):
        junk.decompose()

    def text(nodes) -> str:
        return "".join(re.sub(r"\s", "", n.get_text()) for n in nodes)

    # The header's values (its labels are the site's words, not the source's).
    head = [article.select_one("h1"), *article.select(".doc-header dd")]
    foot = article.select(".footnote")
    header = article.select_one(".doc-header")
    body = [n for n in article.find_all(recursive=False) if n not in head and n is not header and n not in foot]
    return text(head), text(body), text(foot)


FOOTNOTE_LINE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹*]+")


@pytest.mark.parametrize("name", list(FILES))
def test_every_source_character_is_on_the_page_in_order(name, site_dir):
    """Body text in source order; front matter in the header; footnotes at the foot."""
    slug = {"note": "ctoc-cop-2022-5", "joint": "ctoc-cop-wg2-2022-4", "session": "cop11-report",
            "agenda2024": "ctoc-cop-2024-1", "agenda2016": "ctoc-cop-2016-1"}[name]
    head, body, foot = page_parts((site_dir / "documents" / f"{slug}.html").read_text(encoding="utf-8"))
    cursor = 0
    missing = []
    seen: set[str] = set()
    for line in source_lines(SOURCE / FILES[name]):
        if line in head or (FOOTNOTE_LINE.match(line) and line in foot):
            continue
        at = body.find(line, cursor)
        if at < 0 and not (line in seen and line in body[:cursor]):
            # (a line seen before and not repeated is a header repeated at
            # the top of a page: debris)
            missing.append(line)
            continue
        seen.add(line)
        cursor = max(cursor, at + len(line))
    assert missing == []


# --- Layouts of issue 16, on the real reports ---

def source_line(name: str, number: int) -> str:
    """Line ``number`` (1-based) of a source text, whitespace removed."""
    return re.sub(r"\s", "", (SOURCE / FILES[name]).read_text(encoding="utf-8").split("\n")[number - 1])


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_session_report_resolution_11_4_has_its_21_preambular_paragraphs_as_printed():
    # Read from the source: after the formula (line 364), one preambular
    # paragraph per line up to operative paragraph 1 (line 426), footnote
    # lines aside; line 422 goes on with line 414 after a page break.
    # Lines 368 and 382 end with "，" and a footnote marker.
    lines = [n for n in range(366, 426, 2) if not FOOTNOTE_LINE.match(source_line("session", n))]
    lines.remove(422)
    printed = [source_line("session", n) + (source_line("session", 422) if n == 414 else "") for n in lines]
    assert len(printed) == 21
    doc = load("session")
    res = next(n for n in doc.walk() if n.id == "res-11-4")
    preamble = [c for c in res.children if c.kind == "preamble" and c.role != "formula"]
    assert [(c.id, squeezed(c.text)) for c in preamble] == [
        (f"res-11-4-pre-{k}", text) for k, text in enumerate(printed, 1)]


def test_joint_report_paragraph_with_a_name_split_over_two_lines_is_whole():
    # Paragraph 44 runs from line 823 ("…代表 Hikihara␠") to line 833.
    doc = load("joint")
    para = next(n for n in doc.body if n.id == "para-44")
    assert squeezed(para.full_text) == "".join(source_line("joint", n) for n in range(823, 834, 2))
    assert "代表 Hikihara Takeshi 以预防犯罪" in para.text
    assert para.children == []


@pytest.mark.parametrize("name, quoted", [("agenda2016", [(185, 189), (191, 195)]),
                                          ("agenda2024", [(101, 101), (102, 102), (103, 103), (104, 104)])])
def test_agendas_quoted_rules_are_one_quote_each(name, quoted):
    # Rule 18 of the rules of procedure quoted under item 1 (e): the 2016
    # agenda quotes two paragraphs, each in its own marks, the 2024 agenda
    # four inside one pair of marks; each quoted paragraph is a quote.
    doc = load(name)
    intro = next(n for n in doc.walk() if n.id == "item-1-e-p1")
    quotes = [c for c in intro.children if c.kind == "quote"]
    assert [q.id for q in quotes] == [f"item-1-e-p1-p{k}" for k in range(1, len(quoted) + 1)]
    printed = ["".join(source_line(name, n) for n in range(first, last + 1) if source_line(name, n))
               for first, last in quoted]
    assert [squeezed(q.text) for q in quotes] == [re.sub(r"^-", "", text) for text in printed]


def test_note_date_broken_over_two_lines_keeps_the_documents_spacing():
    # Line 109 ends with "2022 年", line 111 opens with "5 月 4 日"; the note
    # prints its dates with spaces ("2021 年 5 月 10 日", same line 109).
    text = (SOURCE / FILES["note"]).read_text(encoding="utf-8").split("\n")
    assert text[108].endswith("2022 年") and text[110].startswith("5 月 4 日") and "2021 年 5 月 10 日" in text[108]
    para = next(n for n in load("note").body if n.id == "para-9")
    assert "2022 年 5 月 4 日" in para.text
