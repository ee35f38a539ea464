"""The search index built from the document model: entries, segmentation,
separator, sub-words, size.

Unit tests use tiny hand-built documents and a stand-in for jieba; the rest
read the index of the real corpus built once by conftest. Expected texts
are from source/*.txt.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from generator import search
from generator.model import Document, DocumentInfo, Footnote, Node
from generator.search import (
    CONFIG,
    EVERY_FILE,
    REFS,
    SEPARATOR,
    SHARD_DIRS,
    SUBWORDS,
    ZWSP,
    Segmenter,
    build_index,
    build_shards,
    clause_files,
    document_entries,
    index_terms,
    lunr_accepted_terms,
    lunr_order,
    material_segment,
    postings,
    query_clauses,
    rank_query,
    references,
    segment,
    shards_for_query,
    shown_metadata,
    subwords,
    tokens,
)

SOURCE = Path(__file__).resolve().parent.parent / "source"
# A stand-in for jieba's dictionary: which two/three-character parts are words.
# A term list on which lunr's automaton goes wrong (test_lunr_replay_finds_merged_nodes).
PHANTOM_CASE = (
    "19. 1939 1954 1963 1970 1988 1995 1997 1999 2. 2/2 2/3 2/6 2/rev.2 20. 2001 2005 2006 2007 "
    "2008/909/jha 2009 2010/17 2010/crp.7 2011 2012 2013 2014/13 2015 2016/10 2016/11 2016/12 2016/13 "
    "2016/14 2016/2 2016/3 2016/4 2016/5 2016/6 2016/7 2016/8 2016/9 2016/crp.1 2017/1939 2018 2019 "
    "2020/2 2020/3 2020/crp.5 2021/3 2021/4 2021/5 2021/6 2022/14 2022/27 2022/28 2022/3 2022/4 2022/5 "
    "2022/6 2022/7 2022/8 2022/crp.1 2022/crp.2 2022/crp.3 2022/crp.4 2022/crp.6 2022/inf/2/rev.2 "
    "2022/l.1/add.1 2022/l.1/add.2 2022/l.1/add.3 2022/l.1/add.4 2022/l.1/add.5 2022/l.1/add.6 "
    "2022/l.1/add.7 2022/l.1/add.8 2022/l.1/add.9 2022/l.10/rev.2 2022/l.2/rev.1 2022/l.3/rev.1 2022/l.4 "
    "2022/l.5 2022/l.6/rev.1 2022/l.7/rev.2 2022/l.8/rev.2 2022/l.9/rev.1 2023 2024/10 2024/17 2024/18 "
    "2024/2 2024/3 2024/4 2024/5 2024/6 2024/7 2024/8 2024/9 2024/crp.1 2024/crp.2 2024/crp.3 2024/crp.4 "
    "2024/crp.5 2024/inf/1 2025 2030 21. 22. 2225 2237 2241 2253 23. 230 2326 233 24. 2421 249 25. 26. "
    "26/3 27. 27/5 28. 29. 295 3. 3/2 3/3 30. 31. 31/1 32. 33. 34. 35. 3511 36. 37. 38. 39. 39574 4. 4/2 "
    "4/3 4/4 4/6 4/7 40. 41. 42. 43. 43718 44. 45. 46. 47. 48. 49. 5. 5/2 5/3 5/4 5/5 5/8 50. 51. 519 "
    "52. 53. 54. 55. 55/25 550 56. 57. 58. 59. 6. 6/1 6/2 6/3 60. 60/519 60/88/corr.2 61. 61/295 62. 63. "
    "64. 65% 65. 65/230 66. 66/180 67. 68. 68/186 69. 69/196 8/1 8/3 "
)
FREQ = {"腐败": 5, "联合": 9, "合国": 1, "联合国": 9, "公约": 9}


# --- separator and tokens -------------------------------------------------

@pytest.mark.parametrize("query", ["第70/174号决议", "第 70/174 号决议", "第　70/174　号决议"])
def test_mixed_query_forms_give_the_same_terms(query: str) -> None:
    # Han next to digits splits; "/" does not: the number stays one term.
    assert tokens(query) == ["第", "70/174", "号决议"]


def test_symbols_stay_whole_and_full_width_punctuation_separates() -> None:
    text = "决议草案（CTOC/COP/2022/L.4），提案国有：联合王国和美国。"
    assert tokens(text) == ["决议草案", "ctoc/cop/2022/l.4", "提案国有", "联合王国和美国"]


def test_every_full_width_punctuation_mark_separates() -> None:
    marks = "、。，．？！；：“”‘’（）《》〈〉【】「」『』〔〕…—～·"
    assert tokens("甲".join(marks)) == ["甲"] * (len(marks) - 1)


def test_separator_survives_materials_page_highlighter() -> None:
    # Material's page highlighter splits the separator on "|" and drops
    # alternatives that are pure look-arounds: the first one must stay a
    # valid regex of its own.
    first, *rest = SEPARATOR.split("|")
    re.compile(first)
    assert all(re.fullmatch(r"\(\?<=\[[^)]+\]\)\(\?=\[[^)]+\]\)", alt) for alt in rest), rest


# --- segmentation -----------------------------------------------------------

def fake_cut(words: dict[str, list[str]], calls: list[str] | None = None):
    """A stand-in for jieba.cut: the given words for a Han run, else characters."""
    def cut(run: str) -> list[str]:
        if calls is not None:
            calls.append(run)
        return words.get(run, list(run))
    return cut


def test_segment_marks_boundaries_inside_han_runs_only() -> None:
    cut = fake_cut({"大会第": ["大会", "第"], "号决议": ["号", "决议"], "附件": ["附件"]})
    out = segment("大会第 70/174 号决议，附件。", cut)
    assert out == f"大会{ZWSP}第 70/174 号{ZWSP}决议，附件。"
    # Nothing but the marks changed, and the symbol was never cut.
    assert out.replace(ZWSP, "") == "大会第 70/174 号决议，附件。"


def test_segment_leaves_text_without_han_alone() -> None:
    assert segment("CTOC/COP/2022/L.4", fake_cut({})) == "CTOC/COP/2022/L.4"


def test_segmenter_runs_jieba_once_per_distinct_text() -> None:
    calls: list[str] = []
    segmenter = Segmenter(FREQ, fake_cut({"联合国反腐败公约": ["联合国", "反腐败", "公约"]}, calls))
    first = segmenter("《联合国反腐败公约》")
    again = segmenter("《联合国反腐败公约》")
    assert again is first
    assert calls == ["联合国反腐败公约"]
    assert (segmenter.calls, len(segmenter)) == (2, 1)
    assert first["text"] == f"<p>《联合国{ZWSP}反腐败{ZWSP}公约》</p>"
    assert "腐败" in first[SUBWORDS].split()


def test_segmenter_escapes_text_shown_as_html() -> None:
    fields = Segmenter(FREQ, fake_cut({}))("a <b> & c")
    assert fields["text"] == "<p>a &lt;b&gt; &amp; c</p>"


# --- sub-words --------------------------------------------------------------

def test_subwords_reach_inside_long_words() -> None:
    extra = subwords(f"《{ZWSP}联合国{ZWSP}反腐败{ZWSP}公约{ZWSP}》", FREQ)
    assert "腐败" in extra  # the dictionary word inside 反腐败
    assert "反腐" in extra  # a prefix, for the worker's query segmentation
    assert "联合" in extra
    assert "合国" in extra
    # Terms already indexed whole are not repeated.
    assert "反腐败" not in extra and "公约" not in extra


def test_references_repeat_numbers_and_give_symbol_tails() -> None:
    refs = references("决议草案（CTOC/COP/2022/L.4）和第 70/174 号决议")
    assert refs == ["ctoc/cop/2022/l.4", "cop/2022/l.4", "2022/l.4", "l.4", "70/174", "174"]


def test_subwords_with_jieba_dictionary() -> None:
    # The real dictionary, as in a build: 腐败 is a word of its own.
    assert "腐败" in subwords("反腐败")


def small_document() -> Document:
    info = DocumentInfo(slug="x-report", source_path="source/x.txt", source_sha256="", symbol="CTOC/COP/2022/9",
                        title="报告", session="第十一届会议")
    body = [
        Node("heading", text="缔约方会议通过的决议", label="一.", level=1, id="sec-1"),
        Node("paragraph", text="联合国反腐败公约", label="1.", id="para-1",
             children=[Node("subparagraph", text="大会第 70/174 号决议", label="(a)", id="para-1-a")]),
        Node("paragraph", text="", label="", id="para-2"),  # nothing to search
        Node("table-row", cells=["国家", "CTOC/COP/2022/L.4"], id="row-1"),
        Node("heading", text="附件", label="二.", level=1, id="sec-2"),
        Node("paragraph", text="联合国反腐败公约", label="1.", id="annex-para-1"),
    ]
    footnotes = [Footnote(marker="¹", text="大会第 70/174 号决议，附件。", id="fn-1")]
    return Document(info, body, footnotes)


def test_one_entry_per_anchored_element_after_the_page_entry() -> None:
    entries = list(document_entries(small_document(), Segmenter(FREQ, fake_cut({}))))
    page = "documents/x-report.html"
    assert [e["location"] for e in entries] == [
        page, f"{page}#sec-1", f"{page}#para-1", f"{page}#para-1-a", f"{page}#row-1",
        f"{page}#sec-2", f"{page}#annex-para-1", f"{page}#fn-1",
    ]
    by_id = {e["location"].partition("#")[2]: e for e in entries}
    # The page entry: what Material groups the page's results under.
    assert by_id[""]["title"] == "CTOC/COP/2022/9 报告"
    assert "第十一届会议" in by_id[""]["text"].replace(ZWSP, "")
    # Titles are the section heading, shown but not searched.
    assert by_id["para-1-a"]["title"] == "一. 缔约方会议通过的决议"
    assert by_id["annex-para-1"]["title"] == "二. 附件"
    assert by_id["fn-1"]["title"] == "脚注"
    # Each entry holds its own text only: label and text, or the cells.
    assert by_id["para-1"]["text"].replace(ZWSP, "") == "<p>1. 联合国反腐败公约</p>"
    assert "70/174" in by_id["para-1-a"][REFS].split()
    assert "l.4" in by_id["row-1"][REFS].split()
    assert "70/174" in by_id["fn-1"][REFS].split()


def test_repeated_paragraphs_are_segmented_once() -> None:
    calls: list[str] = []
    segmenter = Segmenter(FREQ, fake_cut({}, calls))
    list(document_entries(small_document(), segmenter))
    # para-1 and annex-para-1 share "1. 联合国反腐败公约".
    assert segmenter.calls == len(segmenter) + 1
    assert calls.count("联合国反腐败公约") == 1


def test_build_index_config() -> None:
    data = build_index([small_document()], Segmenter(FREQ, fake_cut({})))
    config = data["config"]
    assert config == CONFIG
    assert config["separator"] == SEPARATOR
    # "title" is not a field: a heading match must not send the reader to a
    # paragraph of its section that lacks the query.
    assert "title" not in config["fields"]
    assert config["fields"][SUBWORDS] == {"boost": 1.0}
    assert config["fields"][REFS]["boost"] > config["fields"]["text"]["boost"]
    assert data["docs"][0]["location"] == "documents/x-report.html"


# --- the index of the real corpus ----------------------------------------

@pytest.fixture(scope="module")
def index(site_dir: Path) -> dict:
    """The single index, as file:// readers load it."""
    inline = (site_dir / "search" / "search_index.js").read_text(encoding="utf-8")
    prefix = "var __index = "
    assert inline.startswith(prefix)
    return json.loads(inline[len(prefix):])


@pytest.fixture(scope="module")
def manifest(site_dir: Path) -> dict:
    """The manifest of the sharded index, as the hosted site's worker gets it."""
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


def entry_tokens(entry: dict) -> set[str]:
    hidden = entry.get(SUBWORDS, "") + " " + entry.get(REFS, "")
    return set(tokens(entry["text"])) | set(hidden.split())


def test_http_manifest_is_small_and_has_the_same_config(site_dir: Path, index: dict, manifest: dict) -> None:
    # Material's bundle hands config and docs to the worker: the shard
    # scheme rides in config, docs stay empty (no entry text over http).
    assert manifest["docs"] == []
    config = dict(manifest["config"])
    shards = config.pop("shards")
    assert config == index["config"]
    assert shards["entries"] == len(index["docs"])
    assert [p[0] for p in shards["pages"]] == [d["location"] for d in index["docs"] if "#" not in d["location"]]
    size = (site_dir / "search" / "search_index.json").stat().st_size
    assert size < len(json.dumps(index, ensure_ascii=False).encode()) / 50


def test_built_index_covers_every_anchor_of_the_documents(site_dir: Path, index: dict) -> None:
    assert index["config"] == CONFIG
    locations = [d["location"] for d in index["docs"]]
    assert len(locations) == len(set(locations))
    pages = {loc.split("#")[0] for loc in locations}
    assert pages == {f"documents/{p.stem}.html" for p in SOURCE.glob("*.txt")}
    # Every #id is an element of its page: a result lands on it.
    for page in pages:
        ids = set(re.findall(r'id="([^"]+)"', (site_dir / page).read_text(encoding="utf-8")))
        wanted = {loc.partition("#")[2] for loc in locations if loc.startswith(page + "#")}
        assert wanted and wanted <= ids, (page, sorted(wanted - ids)[:5])


def test_material_search_box_stays_and_its_plugin_indexed_nothing(site_dir: Path) -> None:
    # The hook marks every page excluded; the header still has the search box.
    page = (site_dir / "documents" / "cop11-report.html").read_text(encoding="utf-8")
    assert 'name="search"' in page and 'data-md-component="search-query"' in page


@pytest.mark.parametrize(("query", "paragraph"), [
    # source/cop11-report.txt line 418 (footnote 17) and line 1112 (paragraph 124).
    ("第70/174号决议", "大会第 70/174 号决议，附件。"),
    ("70/174", "大会第 70/174 号决议，附件。"),
    ("CTOC/COP/2022/L.4", "决议草案（CTOC/COP/2022/L.4），提案国有"),
    ("L.4", "决议草案（CTOC/COP/2022/L.4），提案国有"),
])
def test_number_and_symbol_terms_are_indexed_where_cited(index: dict, query: str, paragraph: str) -> None:
    term = next(t for t in tokens(query) if re.search(r"\d", t))
    holders = [d for d in index["docs"] if paragraph in d["text"].replace(ZWSP, "")]
    assert holders, f"no entry holds {paragraph!r}"
    assert all(term in entry_tokens(d) for d in holders)


def test_word_inside_jieba_word_is_indexed(index: dict) -> None:
    # Paragraph 116 has 腐败 only inside "AWTAD 反腐败组织".
    line = next(x for x in (SOURCE / "cop11-report.txt").read_text(encoding="utf-8").splitlines()
                if x.startswith("116. "))
    assert "腐败" not in line.replace("反腐败", "")
    (holder,) = [d for d in index["docs"] if "AWTAD" in d["text"]]
    assert holder["location"] == "documents/cop11-report.html#para-116"
    assert "腐败" in entry_tokens(holder)


def test_lunr_automaton_accepts_exactly_the_index_terms(index: dict) -> None:
    # Replays lunr's TokenSet construction: a phantom term would make every
    # query that reaches it fail in the worker (see avoid_phantom_terms).
    terms = index_terms(index["docs"], index["config"]["fields"])
    assert len(terms) > 1000
    assert lunr_accepted_terms(terms) == terms


def test_lunr_replay_finds_merged_nodes() -> None:
    # Terms of this corpus (before the guard) that lunr merged into a
    # phantom: 8/1 and 8/3 lost, 8/196 accepted. Found by shrinking the
    # failing term list; kept whole so the node ids stay the same.
    terms = set(PHANTOM_CASE.split())
    accepted = lunr_accepted_terms(terms)
    assert accepted - terms == {"8/196"}
    assert terms - accepted == {"8/1", "8/3"}


def test_index_stays_small(site_dir: Path) -> None:
    # Budget: at most 2.5 times the source texts (Material's own index of
    # the same corpus was 5.5 times their size: \u escapes, derived pages).
    # Beyond the text itself: U+200B word marks (3 bytes each in UTF-8, a
    # third of the text field), and per element its location and its
    # section's title (a tenth of the index; shown in the results).
    size = (site_dir / "search" / "search_index.js").stat().st_size
    source = sum(p.stat().st_size for p in SOURCE.glob("*.txt"))
    assert size <= 2.5 * source, (size, source)


def test_segmentation_on_two_cores_equals_one_core():
    from generator.search import Segmenter, search_fields

    texts = [f"缔约方会议第 {n} 号决议请各国加强反腐败合作，包括引渡和司法协助。" for n in range(2100)]
    parallel = Segmenter()
    parallel.fill(texts, processes=2)
    assert len(parallel) == len(texts)
    for text in texts[::300]:
        assert parallel(text) == search_fields(text)


def test_segmentation_cache_is_reused_only_by_the_same_code(tmp_path):
    from generator.search import Segmenter

    cache = tmp_path / "segments.json"
    first = Segmenter()
    first("缔约方会议")
    first.save(cache)
    second = Segmenter(cut=lambda text: pytest.fail("cached text was segmented again"))
    second.load(cache)
    assert second("缔约方会议") == first("缔约方会议")
    cache.write_text(cache.read_text(encoding="utf-8").replace('"version": "', '"version": "old-'),
                     encoding="utf-8")
    third = Segmenter()
    third.load(cache)
    assert len(third) == 0


# --- the sharded index (http) ---------------------------------------------

def tiny_index() -> tuple[dict, list[tuple[str, str, str]]]:
    """Four entries on two pages, fields as the generator writes them."""
    rows = [
        ("documents/a.html", "A", "<p>缔约方\u200b会议 报告</p>", {}),
        ("documents/a.html#para-1", "一", "<p>缔约方 缔约方 决议 70/174</p>", {SUBWORDS: "缔约 报告", REFS: "70/174 174"}),
        ("documents/b.html", "B", "<p>会议 决议</p>", {}),
        ("documents/b.html#para-2", "二", "<p>报告 缔约国</p>", {SUBWORDS: "缔约"}),
    ]
    docs = [{"location": loc, "title": title, "text": text, **extra} for loc, title, text, extra in rows]
    shown = [(loc, title, re.sub(r"<[^>]+>|\u200b", "", text)) for loc, title, text, _ in rows]
    return {"config": json.loads(json.dumps(CONFIG)), "docs": docs}, shown


def lunr_weights(data: dict) -> dict[tuple[str, int], float]:
    """lunr's field-vector entries summed over fields, written out from lunr's Builder."""
    docs, fields = data["docs"], data["config"]["fields"]
    holders: dict[str, int] = {}
    for doc in docs:
        for name in fields:
            for term in set(tokens(doc.get(name, ""))):
                holders[term] = holders.get(term, 0) + 1  # lunr.idf counts per field
    out: dict[tuple[str, int], float] = {}
    for number, doc in enumerate(docs):
        for name, spec in fields.items():
            found = tokens(doc.get(name, ""))
            for term in set(found):
                idf = math.log(1 + abs((len(docs) - holders[term] + 0.5) / (holders[term] + 0.5)))
                tf = found.count(term)
                score = idf * 2.2 * tf / (1.2 + tf) * spec["boost"]
                out[term, number] = out.get((term, number), 0) + math.floor(score * 1000 + 0.5) / 1000
    return out


def test_postings_are_lunr_weights_in_thousandths() -> None:
    data, _ = tiny_index()
    plists = postings(data)
    expected = lunr_weights(data)
    assert {(t, e) for t, pl in plists.items() for e, _ in pl} == set(expected)
    for term, plist in plists.items():
        for entry, weight in plist:
            assert weight == round(expected[term, entry] * 1000), (term, entry)
    # By hand: 决议 is in the text of 2 of 4 entries, idf = ln(1 + 2.5/2.5);
    # 70/174 is in text and refs (boost 20) of entry 1, counted twice.
    assert dict(plists["决议"]) == {1: 693, 2: 693}
    assert dict(plists["70/174"]) == {1: 693 + 13863}
    # Entries in the order lunr meets them: the text field's, then the
    # sub-words' (报告 is in the text of 0 and 3, a sub-word of 1).
    assert [e for e, _ in plists["报告"]] == [0, 3, 1]


def test_terms_in_the_order_lunr_expands_a_clause() -> None:
    # A term before its longer terms, the later character first; digit
    # edges are integer-like object keys, so they come last of all.
    assert sorted(["腐败案", "腐败", "腐败问题"], key=lunr_order) == ["腐败", "腐败问题", "腐败案"]
    assert sorted(["a1", "a/", "ab", "a"], key=lunr_order) == ["a", "ab", "a/", "a1"]


def decode(flat: list[int]) -> list[tuple[int, int]]:
    """[gap, weight, ...] back to (entry, weight) pairs, in stored order."""
    out, entry = [], 0
    for gap, weight in zip(flat[::2], flat[1::2], strict=True):
        entry += gap
        out.append((entry, weight))
    return out


def _read(files: dict[str, str]):
    return lambda path: json.loads(files[path])


def test_shards_for_query_names_the_chunks_holding_its_terms(monkeypatch) -> None:
    monkeypatch.setattr(search, "POSTINGS_BYTES", 40)  # a few terms per chunk
    monkeypatch.setattr(search, "LEXICON_BYTES", 20)
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    assert len(manifest["config"]["shards"]["terms"]) > 3
    read = _read(files)
    (needed,) = shards_for_query("70/174", manifest, read)
    assert "70/174" in read(needed)
    # A prefix needs every chunk that may hold a term starting with it.
    assert {f for f in shards_for_query("70", manifest, read)} >= {needed}
    # Han: Material segments against the index's terms (the lexicon), and
    # never looks up the run's last character.
    clauses, lexicon = query_clauses("缔约方会议", manifest, read)
    assert clauses == ["缔约方*"]
    assert lexicon and all(f.startswith("l/") for f in lexicon)
    chunks = shards_for_query("缔约方会议", manifest, read)
    assert set(lexicon) < set(chunks)
    holding = [f for f in chunks if f.startswith("t/") and "缔约方" in read(f)]
    assert holding
    # The mirror reads only the lexicon it names, as the worker fetches
    # postings only after segmenting.
    only_lexicon = {f: files[f] for f in lexicon}
    assert shards_for_query("缔约方会议", manifest, lambda path: json.loads(only_lexicon[path])) == chunks
    # A bare wildcard (from Material's transform) is the per-entry sums.
    assert clause_files("**", manifest) == [EVERY_FILE]
    every = dict(decode(read(EVERY_FILE)))
    assert every == {n: sum(w for pl in postings(data).values() for e, w in pl if e == n) for n in range(4)}


def test_material_segmentation_is_mirrored() -> None:
    # Worked through Material's segment(): 国际 is the longest term at 0,
    # 合 at 2; the last character is never looked up.
    assert material_segment("国际合作", {"国际", "合作", "合"}) == ["国际", "合"]
    assert material_segment("腐败", {"反腐败"}) == ["腐败"]
    assert material_segment("号决议", {"号"}) == ["号"]


def test_short_prefixes_get_summed_postings_with_their_term_count(monkeypatch) -> None:
    monkeypatch.setattr(search, "AGG_MIN_POSTINGS", 1)
    monkeypatch.setattr(search, "AGG_MAX_SHARE", 1.0)
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    plists = postings(data)
    assert "缔约" in manifest["config"]["shards"]["aggregated"].split()
    (chunk,) = clause_files("缔约*", manifest)
    count, flat = json.loads(files[chunk])["缔约"]
    members = [t for t in plists if t.startswith("缔约")]
    assert count == len(members) == 3  # 缔约, 缔约方, 缔约国
    summed: dict[int, int] = {}
    for term in members:
        for entry, weight in plists[term]:
            summed[entry] = summed.get(entry, 0) + weight
    assert dict(decode(flat)) == summed
    # Stored in the order lunr meets the entries: 缔约 first (a sub-word of
    # 1 and 3), then its longer terms, the later character first: 缔约方
    # (U+65B9, text of 0 and 1) before 缔约国 (U+56FD, text of 3).
    assert [e for e, _ in decode(flat)] == [1, 3, 0]
    # A longer prefix, or an exact term, goes to the term chunks.
    assert all(f.startswith("t/") for f in clause_files("缔约方*", manifest))


def test_entry_metadata_is_per_page_and_plain_text(monkeypatch) -> None:
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    pages = manifest["config"]["shards"]["pages"]
    assert pages == [["documents/a.html", "A", 0], ["documents/b.html", "B", 2]]
    meta = json.loads(files["m/1-0.json"])
    assert [[row[0], meta["titles"][row[1]], row[2]] for row in meta["entries"]] == [
        ["", "B", "会议 决议"], ["para-2", "二", "报告 缔约国"]]
    # One entry per file: a page shown needs its own entry's file and its
    # best entries' files only.
    monkeypatch.setattr(search, "META_ENTRIES", 1)
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    assert {f for f in files if f.startswith("m/")} == {"m/0-0.json", "m/0-1.json", "m/1-0.json", "m/1-1.json"}
    assert rank_query("70/174", manifest, _read(files))[0][0] == 0
    assert shown_metadata("70/174", manifest, _read(files)) == ["m/0-0.json", "m/0-1.json"]


def test_ranking_mirror_by_hand() -> None:
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    # 决议* expands to one term, |q| = 1; 决议 weighs 0.693 in entries 1 and
    # 2. Material multiplies by 1 + boost², boost = found share (1) plus 1
    # for a page's own entry: entry 2 (page 1's own) 0.693 * 5, entry 1 * 2.
    ranked = rank_query("决议", manifest, _read(files))
    assert [(page, [entry for entry, _ in group]) for page, group in ranked] == [(1, [2]), (0, [1])]
    assert math.isclose(ranked[0][1][0][1], 0.693 * 5)
    assert math.isclose(ranked[1][1][0][1], 0.693 * 2)


SHARDS_SCRIPT = """
import hashlib, json, sys
sys.path.insert(0, {root!r})
from tests.test_search import tiny_index
from generator.search import build_shards
data, shown = tiny_index()
files = build_shards(data, shown)
print(hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest())
"""


def test_shards_are_byte_identical_across_processes() -> None:
    # Different hash seeds change the order of sets and dicts built from
    # them: the output must not depend on it.
    import os
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parent.parent)
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", SHARDS_SCRIPT.format(root=root)], env=env, cwd=root,
                             capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_real_shards_hold_every_index_term_once(site_dir: Path, index: dict, manifest: dict) -> None:
    folder = site_dir / "search"
    shards = manifest["config"]["shards"]
    seen: list[str] = []
    for number, first in enumerate(shards["terms"]):
        chunk = json.loads((folder / "t" / f"{number}.json").read_text(encoding="utf-8"))
        assert min(chunk, key=lambda t: t.encode("utf-16-be")) == first
        seen += chunk
    assert len(seen) == len(set(seen))
    assert set(seen) == index_terms(index["docs"], index["config"]["fields"])
    assert all(len(p.read_bytes()) < 2 * search.POSTINGS_BYTES or p.parent.name != "a"
               for p in folder.rglob("*.json"))


def test_hosted_pages_use_our_worker_and_it_finds_materials(site_dir: Path) -> None:
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.DOTALL)[1])
    assert config["search"].endswith("assets/javascripts/workers/untoc-search.js")
    worker = (site_dir / "assets" / "javascripts" / "workers" / "untoc-search.js").read_text(encoding="utf-8")
    material = re.search(r'var MATERIAL_WORKER = "([^"]+)"', worker)[1]
    assert (site_dir / "assets" / "javascripts" / "workers" / material).is_file()


def test_offline_bundle_has_the_single_index_not_the_shards(bundle_zip: Path) -> None:
    import zipfile

    names = [n.split("/", 1)[1] for n in zipfile.ZipFile(bundle_zip).namelist()]
    assert "search/search_index.js" in names
    assert not [n for n in names if n.startswith(tuple(f"search/{d}/" for d in SHARD_DIRS))]
    assert f"search/{EVERY_FILE}" not in names


def test_override_is_materials_config_block_but_for_the_worker() -> None:
    """overrides/main.html copies Material's {% block config %}: a Material
    upgrade that changes it must be noticed, and nothing else may differ."""
    import material

    def block(text: str) -> list[str]:
        body = text[re.search(r"^\s*\{% block config %\}\s*$", text, re.MULTILINE).start():]
        return [line.strip() for line in body[:body.index("{% endblock %}")].splitlines() if line.strip()]

    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"))
    ours = block((Path(__file__).resolve().parent.parent / "overrides" / "main.html").read_text(encoding="utf-8"))
    changed = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
    assert changed == [('"search": "assets/javascripts/workers/search.a7633da7.min.js" | url,',
                        '"search": "assets/javascripts/workers/untoc-search.js" | url,')]


def test_kept_term_counts_give_the_same_shards_and_skip_the_replay(tmp_path, monkeypatch) -> None:
    """A rebuild takes each entry's term counts, and the phantom guard's
    answer for an unchanged term list, from the last build: same files."""
    data, shown = tiny_index()
    cold = build_shards(copy.deepcopy(data), shown)
    counts = search.SearchCache()
    first = copy.deepcopy(data)
    search.avoid_phantom_terms(first, counts=counts)
    assert build_shards(first, shown, counts) == cold
    counts.save(tmp_path / "counts.pickle")

    kept = search.SearchCache()
    kept.load(tmp_path / "counts.pickle")
    assert kept.counts and kept.phantom
    monkeypatch.setattr(search, "tokens", lambda text: pytest.fail("an entry was split again"))
    monkeypatch.setattr(search, "lunr_accepted_terms", lambda terms: pytest.fail("the guard replayed lunr"))
    second = copy.deepcopy(data)
    search.avoid_phantom_terms(second, counts=kept)
    assert second == first
    assert build_shards(second, shown, kept) == cold


def test_term_counts_of_other_code_are_not_used(tmp_path, monkeypatch) -> None:
    counts = search.SearchCache()
    counts.of(("a b", "", ""))
    counts.save(tmp_path / "counts.pickle")
    monkeypatch.setattr(search, "CACHE_VERSION", "other")
    kept = search.SearchCache()
    kept.load(tmp_path / "counts.pickle")
    assert kept.counts == {}


def test_write_shards_writes_only_changes_and_removes_stale_shards(tmp_path) -> None:
    folder = tmp_path / "search"
    search.write_shards(folder, {"t/0.json": "{}", "t/1.json": "[1]", "search_index.json": "{}"})
    (folder / "t" / "0.json").touch()
    kept = (folder / "t" / "0.json").stat().st_mtime_ns
    search.write_shards(folder, {"t/0.json": "{}", "search_index.json": "[]"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == \
        ["search_index.json", "t/0.json"]
    assert (folder / "t" / "0.json").stat().st_mtime_ns == kept  # unchanged: not written again
    assert (folder / "search_index.json").read_text() == "[]"


def test_postings_updated_after_a_few_changed_entries_equal_a_full_build(index: dict, tmp_path) -> None:
    """A rebuild after one changed paragraph updates the postings of that
    paragraph's terms only; every shard is the same as a build from scratch,
    including a term that appears, one that disappears and IDFs that move."""
    data = copy.deepcopy(index)
    shown = [(d["location"], d["title"], re.sub(r"<[^>]+>|\u200b", "", d["text"])) for d in data["docs"]]
    counts = search.SearchCache()
    build_shards(copy.deepcopy(data), shown, counts)
    assert counts.affected is None  # nothing kept yet: built in full
    counts.save(tmp_path / "counts.pickle")

    changed = copy.deepcopy(data)
    docs = changed["docs"]
    df = Counter(t for d in docs for t in entry_tokens(d))
    # A term only one entry holds disappears; a word of another entry is
    # replaced by a term new to the corpus.
    rare_entry, rare = next((i, t) for i, d in enumerate(docs) if "#" in d["location"]
                            for t in sorted(entry_tokens(d)) if df[t] == 1 and t in d["text"] and "<" not in t)
    docs[rare_entry]["text"] = docs[rare_entry]["text"].replace(rare, "")
    other = next(i for i, d in enumerate(docs) if i != rare_entry and "\u200b缔约国\u200b" in d["text"])
    docs[other]["text"] = docs[other]["text"].replace("\u200b缔约国\u200b", "\u200b新设术语\u200b", 1)

    kept = search.SearchCache()
    kept.load(tmp_path / "counts.pickle")
    warm = build_shards(copy.deepcopy(changed), shown, kept)
    assert kept.affected is not None and "新设术语" in kept.affected and rare in kept.affected
    assert len(kept.affected) < len(df) / 20  # only the changed entries' terms
    assert warm == build_shards(copy.deepcopy(changed), shown)


def test_postings_updated_twice_in_a_row_equal_a_full_build(index: dict, tmp_path) -> None:
    """Updates chain (each rebuild starts from the last one's postings), and
    the two ways a term's postings are updated both hold: a term whose
    document frequency stays while a changed entry holds it more often (its
    row is moved, the other rows stand), and a changed entry whose first
    term in lunr's order changes (it moves in the summed postings of
    every term, which are updated too)."""
    data = copy.deepcopy(index)
    shown = [(d["location"], d["title"], re.sub(r"<[^>]+>|\u200b", "", d["text"])) for d in data["docs"]]
    counts = search.SearchCache()
    build_shards(copy.deepcopy(data), shown, counts)
    docs = data["docs"]
    df = Counter(t for d in docs for t in entry_tokens(d))
    for round_ in range(2):
        counts.save(tmp_path / "counts.pickle")
        counts = search.SearchCache()
        counts.load(tmp_path / "counts.pickle")
        often = next(i for i, d in enumerate(docs) if "#" in d["location"] and "\u200b的\u200b" in d["text"]
                     and i % 2 == round_)
        docs[often]["text"] += "\u200b的\u200b的"
        digits = next(i for i, d in enumerate(docs) if "#" in d["location"] and i != often
                      and not any(c.isdigit() for c in d["text"]) and i % 2 == round_)
        docs[digits]["text"] = "0\u200b" + docs[digits]["text"]
        assert df["的"] == Counter(t for d in docs for t in entry_tokens(d))["的"]  # the same entries hold it
        warm = build_shards(copy.deepcopy(data), shown, counts)
        assert counts.affected is not None and "的" in counts.affected and "0" in counts.affected
        assert warm == build_shards(copy.deepcopy(data), shown)


def test_write_shards_links_the_last_sites_unchanged_shards_and_leaves_them_alone(tmp_path) -> None:
    last = tmp_path / "old" / "search"
    search.write_shards(last, {"t/0.json": "{}", "t/1.json": "[1]", "search_index.json": "{}"})
    folder = tmp_path / "new" / "search"
    search.write_shards(folder, {"t/0.json": "{}", "t/1.json": "[2]", "search_index.json": "{}"}, last)
    assert (folder / "t" / "0.json").stat().st_ino == (last / "t" / "0.json").stat().st_ino  # linked
    assert (folder / "t" / "1.json").stat().st_ino != (last / "t" / "1.json").stat().st_ino  # written anew
    assert (folder / "t" / "1.json").read_text() == "[2]"
    assert (last / "t" / "1.json").read_text() == "[1]"  # the last site is as it was
