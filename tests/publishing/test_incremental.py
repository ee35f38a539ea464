"""A rebuild after one changed document renders only the pages that changed,
and gives exactly the site a build from scratch gives."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.publishing.build import BuildOptions, build
from tests.helpers import CONFIG, SOURCE, tree_bytes

# Every test here builds sites.
pytestmark = pytest.mark.site


def test_rebuild_after_one_change_equals_a_build_from_scratch(tmp_path):
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    config = tmp_path / "site_config"
    shutil.copytree(CONFIG, config)

    def options(name: str) -> BuildOptions:
        return BuildOptions(source=source, config=config, site_dir=tmp_path / name / "site",
                            bundle=tmp_path / name / "dist", cache_dir=tmp_path / name / "cache")

    first = build(options("a"))
    assert not first.incremental
    pages = tmp_path / "a" / "site" / "documents"
    untouched = (pages / "ctoc-cop-2016-1.html").stat().st_mtime_ns
    years_before = tree_bytes(tmp_path / "a" / "site" / "timeline")

    agenda = source / "ctoc-cop-2024-1.txt"
    text = agenda.read_text(encoding="utf-8")
    assert "缔约方会议扩大主席团在 2024 年 6 月 12 日商定" in text
    agenda.write_text(text.replace("扩大主席团在 2024 年 6 月 12 日商定", "扩大主席团于 2024 年 6 月 12 日商定"),
                      encoding="utf-8")
    # The changed paragraph gives a published id other text: accepted, as a
    # corrected document would be (CONTRACT.md, "Permanence").
    changed = options("a")
    changed.accept_anchor_changes = True
    again = build(changed)
    assert again.incremental
    # Only the changed document was read and rendered anew; the others came
    # from the store of the first build.
    assert (again.computed["reading"], again.computed["page"]) == (1, 1)
    # Its page and its anchor page were converted again, and the timeline's
    # pages of the years whose entries changed (they quote its text); the
    # stored conversions of the others, and of the index parts (their
    # citations did not change), were found under the same names.
    site = tmp_path / "a" / "site"
    parts = len(list((site / "resolutions").glob("*.html"))) + len(list((site / "symbols").glob("*.html")))
    assert parts > 2
    years_after = tree_bytes(site / "timeline")
    changed_years = [y for y in years_after if years_before.get(y) != years_after[y]]
    assert 1 <= len(changed_years) < len(years_after)
    assert (first.converted, again.converted) == (10 + parts + len(years_before), 2 + len(changed_years))
    assert (again.reused["reading"], again.reused["page"]) == (4, 4)
    # The index of citations is the same: its pages were not rendered again.
    assert again.reused.get("xref-pages") == 1 and "xref-pages" not in again.computed, (again.reused, again.computed)
    # The page of an unchanged document was not rendered again.
    assert (pages / "ctoc-cop-2016-1.html").stat().st_mtime_ns == untouched
    assert "扩大主席团于 2024 年 6 月 12 日商定" in (pages / "ctoc-cop-2024-1.html").read_text(encoding="utf-8")

    scratch = build(options("b"))
    assert not scratch.incremental
    assert tree_bytes(tmp_path / "a" / "site") == tree_bytes(tmp_path / "b" / "site")
    assert again.bundle_path.read_bytes() == scratch.bundle_path.read_bytes()
