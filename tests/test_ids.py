"""The id and URL scheme (generator/ids.py) against CONTRACT.md's rules."""

from __future__ import annotations

import random

from generator.ids import (
    SAFE_SLUG,
    akn_path,
    anchor_href,
    file_slug,
    markdown_href,
    natural_key,
    official_url,
    page_path,
    page_slug,
    symbol_slug,
)


def test_contract_slug_examples() -> None:
    assert symbol_slug(["CTOC/COP/2024/1"]) == "ctoc-cop-2024-1"
    assert symbol_slug(["CTOC/COP/WG.2/2022/4", "CTOC/COP/WG.3/2022/4"]) == "ctoc-cop-wg2-2022-4"


def test_symbol_slugs_are_safe_for_random_symbols() -> None:
    rng = random.Random(17)
    for _ in range(500):
        parts = ["/".join(rng.choice(["CTOC", "COP", "WG.2", "L.10", "Rev.2", "2024", "A", "E", "CN.15", "1"])
                          for _ in range(rng.randint(2, 6)))]
        slug = symbol_slug(parts)
        assert SAFE_SLUG.match(slug), parts
        assert "." not in slug and "/" not in slug and "--" not in slug


def test_file_slug_is_safe_and_never_empty() -> None:
    for name in ["第十一届会议报告.txt", "COP 11 report (final).txt", "---.txt"]:
        assert SAFE_SLUG.match(file_slug(name)), name


def test_page_slug_inverts_page_path() -> None:
    for slug in ["ctoc-cop-2024-1", "cop11-report", "a"]:
        assert page_slug(page_path(slug)) == slug
    assert page_slug("index.html") == "index.html"


def test_anchor_and_file_urls() -> None:
    assert anchor_href("x", "para-3") == "documents/x.html#para-3"
    assert akn_path("x") == "data/akn/x.xml"
    assert official_url("CTOC/COP/2022/5") == "https://undocs.org/zh/CTOC/COP/2022/5"


def test_markdown_href_keeps_the_fragment() -> None:
    assert markdown_href("documents/x.html#res-11-4") == "documents/x.md#res-11-4"
    assert markdown_href("symbols.html") == "symbols.md"
    assert markdown_href("https://undocs.org/zh/A/1") == "https://undocs.org/zh/A/1"


def test_natural_key_orders_numbers_by_value() -> None:
    rng = random.Random(11)
    numbers = rng.sample(range(1, 400), 40)
    ids = [f"para-{n}" for n in numbers]
    assert sorted(ids, key=natural_key) == [f"para-{n}" for n in sorted(numbers)]
    symbols = [f"CTOC/COP/WG.{w}/20{y}/{k}" for w, y, k in [(2, 22, 10), (2, 22, 9), (10, 21, 1), (3, 22, 2)]]
    assert sorted(symbols, key=natural_key) == ["CTOC/COP/WG.2/2022/9", "CTOC/COP/WG.2/2022/10",
                                                "CTOC/COP/WG.3/2022/2", "CTOC/COP/WG.10/2021/1"]
