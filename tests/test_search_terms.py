"""What the search index holds of a text: separator and tokens, jieba's
segmentation, sub-words and reference terms.

Rules are tested with a stand-in for jieba (fake_cut) and its dictionary
(FREQ); the tests of the Segmenter's cores and cache, and of the real
dictionary, use jieba itself.
"""

from __future__ import annotations

import re

import pytest

from generator.search_terms import (
    SEPARATOR,
    SUBWORDS,
    ZWSP,
    Segmenter,
    references,
    search_fields,
    segment,
    subwords,
    tokens,
)

# A stand-in for jieba's dictionary: which two/three-character parts are words.
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


def test_segmentation_on_two_cores_equals_one_core():
    texts = [f"缔约方会议第 {n} 号决议请各国加强反腐败合作，包括引渡和司法协助。" for n in range(2100)]
    parallel = Segmenter()
    parallel.fill(texts, processes=2)
    assert len(parallel) == len(texts)
    for text in texts[::300]:
        assert parallel(text) == search_fields(text)


def test_segmentation_cache_is_reused_only_by_the_same_code(tmp_path):
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
