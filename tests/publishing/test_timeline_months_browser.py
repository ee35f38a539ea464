"""A year of the timeline split by month, read in headless Chromium from
file:// (the unzipped offline bundle's way: nothing is fetched).

The real reports' years fit one page each; the site here is built from
them with a page budget small enough that the largest year is split, as
a collection of thousands of documents splits its years. The oracle is
the site's own data (``data/timeline.json``) and the pages the browser
lands on: an old link to an entry of the year page goes on to the month
page holding it, the filter in its query kept; a month's old heading
link lands on that month in the year's list."""

from __future__ import annotations

import os
import random
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.publishing.build import BuildOptions, build
from generator.rendering import timeline as timeline_module
from tests.helpers import CONFIG, SOURCE, guarded_page, timeline_events

TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> tuple[Path, int]:
    """The real reports built with a small page budget: (site, the year split)."""
    root = tmp_path_factory.mktemp("split")
    shutil.copytree(CONFIG, root / "config")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timeline_module, "PAGE_BUDGET", 30_000)
        build(BuildOptions(source=SOURCE, config=root / "config", site_dir=root / "site", bundle=None,
                           cache_dir=root / "cache"))
    events = timeline_events(root / "site")
    year, _ = Counter(e["start"][:4] for e in events).most_common(1)[0]
    assert (root / "site" / "timeline" / year).is_dir(), "the largest year is split by month"
    return root / "site", int(year)


@pytest.mark.site
def test_an_old_link_to_an_entry_of_a_split_year_lands_on_its_month(browser, split_site) -> None:
    site, year = split_site
    events = timeline_events(site)
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
             for p in (site / "timeline" / str(year)).glob("*.html")}
    ids = sorted({m for text in pages.values() for m in re.findall(r'<li class="tl-entry" id="(ev-[^"]+)"', text)})
    assert len(ids) == sum(e["start"].startswith(str(year)) for e in events)
    leaked: list[str] = []
    with guarded_page(browser, lambda url: url.startswith("file://"), leaked) as page:
        for entry in random.Random(32).sample(ids, min(5, len(ids))):
            (holder,) = [p for p, text in pages.items() if f'id="{entry}"' in text]
            page.goto((site / "timeline" / f"{year}.html").as_uri() + f"?hide-kind=other#{entry}")
            page.wait_for_function(f"location.pathname.endsWith('/{holder}')", timeout=TIMEOUT_MS)
            page.wait_for_load_state("load")
            assert page.evaluate("location.hash") == f"#{entry}"
            assert page.evaluate("location.search") == "?hide-kind=other"  # the filter goes along
            assert page.evaluate("document.querySelector(':target').id") == entry
            assert page.locator(f"#{entry}").is_visible()  # the entry landed on is shown, whatever the filter
        # A month's heading on the year page, before the split: its place in the list of months.
        page.goto((site / "timeline" / f"{year}.html").as_uri() + "#month-10")
        page.wait_for_load_state("load")
        assert page.evaluate("location.pathname").endswith(f"/timeline/{year}.html")
    assert leaked == []


@pytest.mark.site
def test_a_rebuild_where_a_year_is_no_longer_split_is_the_site_built_from_scratch(tmp_path) -> None:
    """The month pages of a year split in the last build go when it is one
    page again (MkDocs' incremental build would leave them), and so do the
    year files of the timeline's data that no longer have events."""
    from tests.helpers import tree_bytes

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    shutil.copytree(CONFIG, tmp_path / "config")

    def build_into(site: str, cache: str, budget: int | None = None):
        with pytest.MonkeyPatch.context() as patch:
            if budget:
                patch.setattr(timeline_module, "PAGE_BUDGET", budget)
            result = build(BuildOptions(source=SOURCE, config=tmp_path / "config", site_dir=tmp_path / site,
                                        bundle=None, cache_dir=tmp_path / cache))
        assert result.documents
        return result

    build_into("site", "cache", 30_000)
    assert list((tmp_path / "site" / "timeline").glob("*/*.html"))
    (tmp_path / "site" / "data" / "timeline" / "1066.json").write_text("{}", encoding="utf-8")  # a year gone since
    with (tmp_path / "config" / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n# an input changed: the stamp no longer matches, the pages are built again\n")
    assert build_into("site", "cache").incremental  # from a copy of the last site
    build_into("fresh", "fresh-cache")
    assert not list((tmp_path / "site" / "timeline").glob("*/*.html"))
    assert tree_bytes(tmp_path / "site") == tree_bytes(tmp_path / "fresh")
