"""A document's citation as RIS (generator/rendering/ris.py), read back by
rispy, a RIS reader, and checked line by line against the RIS tag format
that Zotero's RIS translator reads (``^[A-Z][A-Z0-9]  - ``, TY first, ER
last); fields against the document's model and its copied citation.
"""

from __future__ import annotations

import random
import re
from functools import cache

import pytest
import rispy

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.model import DocumentInfo
from generator.publishing.build import read_corpus
from generator.rendering.citations import cite
from generator.rendering.ris import document_ris
from tests.helpers import CONFIG, PROJECT, SOURCE

SITE_URL = "https://untoc.unodc.org/zh/"
# Zotero's RIS translator: a tag, two spaces, a hyphen and a space.
RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - ?(.*)$")


@cache
def real_infos() -> tuple[DocumentInfo, ...]:
    return tuple(r.doc.info for r in read_corpus(SOURCE, load_settings(CONFIG), Store(None), PROJECT))


def random_info(rng: random.Random, k: int) -> DocumentInfo:
    year = rng.randint(1990, 2030)
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return DocumentInfo(slug=f"doc-{k}", source_path="source/x.txt", source_sha256="0" * 64,
                        symbol=rng.choice(["", f"CTOC/COP/{year}/{k}", f"E/{year}/{k}-E/CN.7/{year}/{k}"]),
                        title=rng.choice(["临时议程说明", "报告：第一部分", "标题 “引号” 和 - 连字符"]),
                        doc_type=rng.choice(["report", "note", "agenda"]),
                        date=rng.choice([day, ""]), adopted=rng.choice([day, ""]))


def infos() -> list[DocumentInfo]:
    rng = random.Random(29)
    return list(real_infos()) + [random_info(rng, k) for k in range(30)]


@pytest.mark.parametrize("site_url", ["", SITE_URL])
def test_each_document_is_one_report_a_reference_manager_reads(site_url: str) -> None:
    for info in infos():
        text = document_ris(info, site_url)
        lines = [line for line in text.splitlines() if line.strip()]
        tags = [RIS_LINE.match(line).group(1) for line in lines]  # every line is a tag line
        assert tags[0] == "TY" and tags[-1] == "ER" and tags.count("TY") == 1
        (reference,) = rispy.loads(text)
        assert reference["type_of_reference"] == "RPRT"
        assert reference["title"] == info.title
        assert reference.get("issn", "") == info.symbol  # SN: a report's number, for Zotero
        # The note is the citation the page copies for the whole document.
        assert reference["notes"] == [f"引文：{cite(info, None)}"]
        day = info.date or info.adopted
        assert reference.get("date", "") == day.replace("-", "/")
        urls = reference.get("urls", [])
        parts = re.split(r"-(?=[A-Z]+/)", info.symbol) if info.symbol else []
        expected = [f"https://undocs.org/zh/{part}" for part in parts]
        if site_url:
            expected.append(f"{site_url}documents/{info.slug}.html")
        assert urls == expected  # nothing else is an address of the document
