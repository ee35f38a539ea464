"""The anchor manifest and the anchor lock (CONTRACT.md, "Permanence")."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from bs4 import BeautifulSoup

from generator.corpus.manifest import accept_changes, check_lock, lock_entries, text_digest
from generator.errors import BuildError
from generator.publishing.build import BuildOptions, build
from tests.helpers import CONFIG, SOURCE, manifest_anchors

# Ids the page itself adds around the document's text: they are not anchors
# of the document and are not in the manifest.
GENERATED = {"doc-header", "events", "footnotes", "__search", "__drawer", "__toc"}


def test_manifest_lists_every_document_with_its_source_hash(site_dir):
    manifest = json.loads((site_dir / "anchors.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 2
    assert "anchors" not in manifest  # version 2: each document's anchors are a file of their own
    by_slug = {d["slug"]: d for d in manifest["documents"]}
    assert set(by_slug) == {"ctoc-cop-2022-5", "ctoc-cop-wg2-2022-4", "cop11-report", "ctoc-cop-2024-1",
                            "ctoc-cop-2016-1"}
    for doc in manifest["documents"]:
        source = SOURCE.parent / doc["source"]
        assert hashlib.sha256(source.read_bytes()).hexdigest() == doc["source_sha256"]
        assert (site_dir / doc["url"]).is_file()
        assert doc["akn"] == f"data/akn/{doc['slug']}.xml" and (site_dir / doc["akn"]).is_file()
        assert doc["anchors"] == f"anchors/{doc['slug']}.json"
        own = json.loads((site_dir / doc["anchors"]).read_text(encoding="utf-8"))
        assert set(own) == {"version", "doc", "anchors"} and own["version"] == 2 and own["doc"] == doc["slug"]
        assert own["anchors"] and {a["doc"] for a in own["anchors"]} == {doc["slug"]}
        assert {a["url"].split("#")[0] for a in own["anchors"]} == {doc["url"]}
    # The anchor page of each document stays beside its file of anchors, and links it.
    for slug in by_slug:
        page = BeautifulSoup((site_dir / "anchors" / f"{slug}.html").read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(f'article a[href="{slug}.json"]') is not None
    assert by_slug["ctoc-cop-wg2-2022-4"]["symbol"] == "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"


def test_every_element_id_on_a_page_is_in_the_manifest_and_unique(site_dir):
    manifest = json.loads((site_dir / "anchors.json").read_text(encoding="utf-8"))
    every = manifest_anchors(site_dir)
    for doc in manifest["documents"]:
        listed = [a["id"] for a in every if a["doc"] == doc["slug"]]
        assert len(listed) == len(set(listed)), "ids must be unique within a page"
        soup = BeautifulSoup((site_dir / doc["url"]).read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        on_page = {el["id"] for el in article.select("p[id], h1[id], h2[id], h3[id], h4[id], h5[id], h6[id], "
                                                     "tr[id], blockquote[id], sup[id]")}
        assert on_page - GENERATED == set(listed)
        for anchor in listed:
            assert article.find(id=anchor) is not None, anchor


def test_manifest_kinds_and_text(site_dir):
    every = manifest_anchors(site_dir)
    anchors = {(a["doc"], a["id"]): a for a in every}
    op = anchors[("cop11-report", "res-11-4-op-17")]
    assert op["kind"] == "operative"
    assert op["url"] == "documents/cop11-report.html#res-11-4-op-17"
    assert op["text"].startswith("17. 促请各国充分利用国际刑事警察组织")
    assert anchors[("cop11-report", "res-11-4")]["kind"] == "resolution"
    assert anchors[("cop11-report", "res-11-4-pre-1")]["kind"] == "preamble"
    assert anchors[("ctoc-cop-2024-1", "item-2-a-docs-1")]["kind"] == "documents"
    assert anchors[("ctoc-cop-2024-1", "agenda-2-b")]["kind"] == "agenda-item"
    assert anchors[("ctoc-cop-2024-1", "annex-1-row-4")]["kind"] == "table-row"
    assert anchors[("ctoc-cop-2022-5", "fn-star2")]["kind"] == "footnote"
    assert {a["kind"] for a in every} <= {
        "heading", "paragraph", "subparagraph", "resolution", "decision", "preamble", "operative", "annex",
        "agenda-item", "item", "documents", "footnote", "table-row", "quote", "other"}


def test_lock_refuses_a_dropped_or_moved_anchor():
    locked = {"documents/a.html": {"para-1": "d1", "para-2": "d2"}, "documents/b.html": {"para-9": "d9"}}
    current = {"documents/a.html": {"para-1": "d1", "para-9": "d9"}, "documents/b.html": {}}
    with pytest.raises(BuildError) as caught:
        check_lock(locked, current, "site_config/anchors.lock.json")
    message = caught.value.one_line()
    assert "documents/a.html#para-2" in message
    assert "documents/b.html#para-9 (now on documents/a.html)" in message
    assert "--accept-anchor-changes" in message


def test_lock_refuses_a_published_anchor_given_other_text():
    locked = {"documents/a.html": {"para-1": text_digest("1. 第一段。"), "para-2": text_digest("2. 第二段。")}}
    current = {"documents/a.html": {"para-1": text_digest("1. 第一段。"), "para-2": text_digest("2. 另一段。")}}
    with pytest.raises(BuildError, match=r"documents/a\.html#para-2 \(other text\)"):
        check_lock(locked, current, "lock")


def test_lock_compares_text_with_whitespace_removed():
    assert text_digest("2022 年 5 月 4 日") == text_digest("2022 年5 月\n4 日")
    assert text_digest("2022 年 5 月") != text_digest("2022 年 6 月")


def test_lock_of_version_1_checks_ids_only():
    check_lock({"documents/a.html": {"para-1": None}}, {"documents/a.html": {"para-1": "d"}}, "lock")


def test_lock_accepts_added_anchors():
    check_lock({"documents/a.html": {"para-1": "d1"}}, {"documents/a.html": {"para-1": "d1", "para-2": "d2"}}, "lock")


def _manifest(*anchors: tuple[str, str]) -> dict[str, list[dict]]:
    """Document a's anchors, by slug, as the build passes them."""
    return {"a": [{"doc": "a", "id": i, "url": f"documents/a.html#{i}", "text": t} for i, t in anchors]}


def test_accepted_change_records_where_each_old_text_stands_now():
    """Renumbered, split, joined and withdrawn text, as a parser correction moves it."""
    before = _manifest(("pre-1", "回顾甲，"), ("pre-2", "回顾乙，¹ 注意到丙，"), ("pre-3", "注意到丁，"),
                       ("para-4", "4. 主席请代表 Hikihara"), ("para-4-p1", "Takeshi 发言。"), ("para-5", "5. 删去。"))
    after = _manifest(("pre-1", "回顾甲，"), ("pre-2", "回顾乙，¹"), ("pre-3", "注意到丙，"), ("pre-4", "注意到丁，"),
                      ("para-4", "4. 主席请代表 Hikihara Takeshi 发言。"))
    first = accept_changes(None, before, "2026-01-01")
    assert first.aliases == []
    lock = accept_changes(first, after, "2026-02-02")
    now = {a["id"]: a["now"] for a in lock.aliases}
    assert now == {"pre-2": "pre-2", "pre-3": "pre-4", "para-4": "para-4", "para-4-p1": "para-4", "para-5": None}
    assert {a["since"] for a in lock.aliases} == {"2026-02-02"}
    assert lock.pages == lock_entries(after)
    # A later change keeps each alias's first text and date, and looks up
    # where that text stands again; an id that holds its text again has none.
    later = _manifest(("pre-1", "回顾甲，"), ("pre-2", "回顾乙，¹ 注意到丙，"), ("pre-3", "注意到戊，"),
                      ("pre-4", "注意到丁，"), ("para-4", "4. 主席请代表 Hikihara Takeshi 发言。"))
    again = accept_changes(lock, later, "2026-03-03")
    kept = {a["id"]: (a["now"], a["since"]) for a in again.aliases}
    assert kept == {"pre-3": ("pre-4", "2026-02-02"), "para-4": ("para-4", "2026-02-02"),
                    "para-4-p1": ("para-4", "2026-02-02"), "para-5": (None, "2026-02-02")}


def test_text_corrected_in_place_keeps_its_id_and_a_joined_row_goes_to_the_row_it_joined():
    """Debris taken out of an element (bold markup) leaves the text at its id;
    a table row joined to the row above (a parallel meeting put in its time
    slot) is found at that row, not at another element that merely ends
    with the same words."""
    before = _manifest(("annex-2-p1", "第十三次会议上通过的**建议**"), ("item-5-p5", "收到技术援助问题政府专家工作组"),
                       ("row-9", "下午 3 时-6 时 项目 2. 审议"), ("row-10", "技术援助问题政府专家工作组"),
                       ("row-11", "项目 2(a). 《公约》"))
    after = _manifest(("annex-2-p1", "第十三次会议上通过的建议"), ("item-5-p5", "收到技术援助问题政府专家工作组"),
                      ("row-9", "下午 3 时-6 时 项目 2. 审议 技术援助问题政府专家工作组"), ("row-10", "项目 2(a). 《公约》"))
    lock = accept_changes(accept_changes(None, before, "2026-01-01"), after, "2026-02-02")
    # (row-9 begins with its old text: the cited text is still there.)
    assert {a["id"]: a["now"] for a in lock.aliases} == {"annex-2-p1": "annex-2-p1", "row-9": "row-9",
                                                         "row-10": "row-9", "row-11": "row-10"}


def test_build_refuses_dropped_anchor_unless_accepted(tmp_path):
    config = tmp_path / "site_config"
    shutil.copytree(CONFIG, config)
    lock = config / "anchors.lock.json"
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["pages"]["documents/cop11-report.html"]["para-999"] = text_digest("999. 已删去的段落。")
    lock.write_text(json.dumps(data), encoding="utf-8")
    site = tmp_path / "site"
    options = BuildOptions(source=SOURCE, config=config, site_dir=site, bundle=None, cache_dir=tmp_path / "cache")
    with pytest.raises(BuildError, match=r"documents/cop11-report\.html#para-999"):
        build(options)
    assert not site.exists(), "a refused build writes no site"

    options.accept_anchor_changes = True
    build(options)
    rewritten = json.loads(lock.read_text(encoding="utf-8"))
    assert "para-999" not in rewritten["pages"]["documents/cop11-report.html"]
    assert "para-94" in rewritten["pages"]["documents/cop11-report.html"]
    withdrawn = [a for a in rewritten["aliases"] if a["id"] == "para-999"]
    assert [(a["doc"], a["now"]) for a in withdrawn] == [("cop11-report", None)]
    manifest = json.loads((site / "anchors.json").read_text(encoding="utf-8"))
    assert {"doc": "cop11-report", "id": "para-999", "now": None, "since": withdrawn[0]["since"]} \
        in manifest["aliases"]


def test_committed_lock_matches_the_build(site_dir):
    """The published lock and the build agree: no anchor silently dropped
    or given other text."""
    every = manifest_anchors(site_dir)
    committed = json.loads((CONFIG / "anchors.lock.json").read_text(encoding="utf-8"))["pages"]
    built = lock_entries({"all": every})
    for page, ids in committed.items():
        assert set(ids) <= set(built.get(page, {})), page
        assert {i: d for i, d in ids.items() if built[page].get(i) != d} == {}, page


def test_anchor_pages_link_every_anchor_of_their_document(site_dir):
    """anchors.html lists the documents; each document's anchor page links
    every element and footnote of the manifest (not the title and the
    footnote references, which are no elements of the structure)."""
    manifest = json.loads((site_dir / "anchors.json").read_text(encoding="utf-8"))
    index = BeautifulSoup((site_dir / "anchors.html").read_text(encoding="utf-8"), "html.parser")
    listed = [a["href"] for a in index.select("ul.anchor-documents a")]
    assert listed == [f"anchors/{d['slug']}.html" for d in manifest["documents"]]
    for doc in manifest["documents"]:
        slug = doc["slug"]
        page = BeautifulSoup((site_dir / "anchors" / f"{slug}.html").read_text(encoding="utf-8"), "html.parser")
        links = {a["href"] for a in page.select("ul.anchor-index a")}
        expected = {f"../{a['url']}" for a in manifest_anchors(site_dir)
                    if a["doc"] == slug and a["id"] != "title" and not a["id"].startswith("fnref-")
                    and "-fnref-" not in a["id"]}
        assert links == expected


def test_a_row_joined_to_its_slot_is_found_there_though_a_later_row_ends_the_same_and_stays_found():
    # (A paragraph before the table ends with the same words, unchanged.)
    before = _manifest(("para-0", "0. 会议将收到国际合作工作组（续）"), ("row-20", "上午 10 时-下午 1 时 项目 4. 国际合作"),
                       ("row-21", "国际合作工作组（续）"), ("row-22", "下午 3 时-6 时 项目 5. 技术援助 国际合作工作组（续）"),
                       ("para-1", "1. 一段。"))
    after = _manifest(("para-0", "0. 会议将收到国际合作工作组（续）"),
                      ("row-20", "上午 10 时-下午 1 时 项目 4. 国际合作 国际合作工作组（续）"),
                      ("row-21", "下午 3 时-6 时 项目 5. 技术援助 国际合作工作组（续）"), ("para-1", "1. 一段。"))
    lock = accept_changes(accept_changes(None, before, "2026-01-01"), after, "2026-02-02")
    now = {a["id"]: a["now"] for a in lock.aliases}
    assert (now["row-21"], now["row-22"]) == ("row-20", "row-21")
    # Another change accepted later leaves the answers where they were.
    later = _manifest(*[(a["id"], a["text"]) for a in after["a"][:3]], ("para-1", "1. 改过的一段。"))
    again = accept_changes(lock, later, "2026-03-03")
    assert {a["id"]: (a["now"], a["since"]) for a in again.aliases if a["id"].startswith("row")} == {
        "row-20": ("row-20", "2026-02-02"), "row-21": ("row-20", "2026-02-02"), "row-22": ("row-21", "2026-02-02")}
