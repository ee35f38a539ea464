"""Which official language a document says it was written in
(generator/grammar/languages.py), and what the reading stage keeps of it.

Oracle: the source texts' own front matter, read here with a pattern of
the six official languages' names written in this test.
"""

from __future__ import annotations

import re

import pytest

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.grammar.languages import OFFICIAL_LANGUAGES, original_language
from generator.publishing.build import read_corpus
from tests.helpers import CONFIG, PROJECT, SOURCE

NAMES = {"Arabic": "ar", "Chinese": "zh", "English": "en", "French": "fr", "Russian": "ru", "Spanish": "es",
         "阿拉伯文": "ar", "中文": "zh", "英文": "en", "法文": "fr", "俄文": "ru", "西班牙文": "es"}


def test_the_six_official_languages_as_undocs_org_names_them() -> None:
    assert sorted(lang.code for lang in OFFICIAL_LANGUAGES) == ["ar", "en", "es", "fr", "ru", "zh"]


@pytest.mark.parametrize(("line", "code"), [
    *((f"Original: {name}", code) for name, code in NAMES.items() if name.isascii()),
    *((f"原文：{name}", code) for name, code in NAMES.items() if not name.isascii()),
    ("Original:English", "en"), ("  Original: Spanish  ", "es"), ("原文: 法文", "fr"),
    ("Original: German", ""),  # not an official language: nothing claimed
    ("Original: English and French", ""),  # not one language
    ("Distr.: General", ""), ("Chinese", ""), ("英文原文", ""),
])
def test_an_original_is_read_only_from_a_line_that_states_it(line: str, code: str) -> None:
    assert original_language(line) == code


def test_each_real_document_keeps_the_original_its_front_matter_states() -> None:
    docs = [r.doc for r in read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT)]
    stated = 0
    for doc in docs:
        text = (PROJECT / doc.info.source_path).read_text(encoding="utf-8")
        m = re.search(r"^\s*(?:Original:\s*(\w+)|原文[:：]\s*(\S+))\s*$", text, re.MULTILINE)
        wanted = NAMES.get(m.group(1) or m.group(2), "") if m else ""
        assert doc.info.original_language == wanted, doc.info.slug
        stated += bool(wanted)
    assert stated >= 2  # the report of the eleventh session and CTOC/COP/2024/1
