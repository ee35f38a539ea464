"""The finished search index: segmentation, separator, sub-words, size.

Unit tests use tiny hand-written inputs shaped like Material's output (jieba
word boundaries marked with U+200B); the rest read the index of the real
corpus built once by conftest. Expected texts are from source/*.txt.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.search import (
    REFS,
    SEPARATOR,
    SUBWORDS,
    ZWSP,
    finish_index,
    index_terms,
    is_searched,
    lunr_accepted_terms,
    references,
    resegment,
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


# --- re-segmentation ------------------------------------------------------

def test_resegment_keeps_word_boundaries_inside_han_runs_only() -> None:
    material = f"{ZWSP}大会{ZWSP}第{ZWSP} 70/174 {ZWSP}号{ZWSP}决议{ZWSP}，{ZWSP}附件{ZWSP}。"
    out = resegment(material)
    assert out == f"大会{ZWSP}第 70/174 号{ZWSP}决议，附件。"
    # Nothing but the marks changed.
    assert out.replace(ZWSP, "") == material.replace(ZWSP, "")


def test_resegment_leaves_unsegmented_text_alone() -> None:
    assert resegment("<p>CTOC/COP/2022/L.4</p>") == "<p>CTOC/COP/2022/L.4</p>"


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


def test_only_documents_and_home_are_searched() -> None:
    assert is_searched("documents/cop11-report.html#para-1")
    assert is_searched("index.html")
    for page in ("anchors.html", "resolutions.html#ga-res-70-174", "symbols.html", "timeline.html",
                 "recommendations.html#x"):
        assert not is_searched(page)


def test_subwords_with_jieba_dictionary() -> None:
    # The real dictionary, as in a build: 腐败 is a word of its own.
    assert "腐败" in subwords("反腐败")


def test_finish_index_config_and_pages() -> None:
    data = {
        "config": {"lang": ["zh"], "separator": "[\\s]+", "pipeline": ["stemmer"],
                   "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "anchors.html", "title": "锚点索引", "text": "反腐败"},
            {"location": "documents/a.html#para-1", "title": "一", "text": f"<p>{ZWSP}反腐败{ZWSP}</p>"},
        ],
    }
    out = finish_index(data, FREQ)
    assert out["config"]["separator"] == SEPARATOR
    assert out["config"]["fields"][SUBWORDS] == {"boost": 1.0}
    assert out["config"]["fields"][REFS]["boost"] > 1.0
    assert out["config"]["fields"]["title"]["boost"] < 1000.0
    assert [d["location"] for d in out["docs"]] == ["documents/a.html#para-1"]
    assert out["docs"][0]["text"] == "<p>反腐败</p>"
    assert "腐败" in out["docs"][0][SUBWORDS].split()
    assert data["docs"][1]["text"] == f"<p>{ZWSP}反腐败{ZWSP}</p>", "the input is not modified"


# --- the index of the real corpus ----------------------------------------

@pytest.fixture(scope="module")
def index(site_dir: Path) -> dict:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


def entry_tokens(entry: dict) -> set[str]:
    hidden = entry.get(SUBWORDS, "") + " " + entry.get(REFS, "")
    return set(tokens(entry["title"] + " " + entry["text"])) | set(hidden.split())


def test_offline_copy_is_the_same_index(site_dir: Path, index: dict) -> None:
    inline = (site_dir / "search" / "search_index.js").read_text(encoding="utf-8")
    prefix = "var __index = "
    assert inline.startswith(prefix)
    assert json.loads(inline[len(prefix):]) == index


def test_built_index_is_finished(index: dict) -> None:
    assert index["config"]["separator"] == SEPARATOR
    assert SUBWORDS in index["config"]["fields"]
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    assert all(is_searched(p) for p in pages)
    assert {f"documents/{p.stem}.html" for p in SOURCE.glob("*.txt")} <= pages


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
    # Budget: at most twice the source texts (Material's own index of the
    # same corpus was 5.5 times their size: \u escapes, derived pages).
    size = (site_dir / "search" / "search_index.json").stat().st_size
    source = sum(p.stat().st_size for p in SOURCE.glob("*.txt"))
    assert size <= 2 * source, (size, source)
