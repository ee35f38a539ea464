"""Pages once published that the site no longer builds
(generator/rendering/retired.py, site_config/retired.toml): each stays at
its address, says why and links where its content is now (CONTRACT.md:
every URL is as permanent as a document page).

Oracles: the paths the resolution index published before issue 30's
attribution fix (resolutions/other-7.html, resolutions/other-11.html: an
invented "其他机构" whose sessions the sources never name), the link
resolved as a browser resolves it against the page's own address, and the
built site.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from generator.catalogue import RetiredPage, load_retired, load_settings
from generator.errors import BuildError
from generator.rendering.retired import retired_pages
from tests.helpers import CONFIG, page_html

# Published by the builds before the attribution fix; gone from the index since.
ONCE_PUBLISHED = ["resolutions/other-7.html", "resolutions/other-11.html"]
PAGE = RetiredPage("resolutions/gone-3.html", "resolutions.html", "此页所列内容已归入其通过机构之下。", "2026-12-06",
                   "retired.toml", 12)


def _links(html: str) -> list[str]:
    """The links to other pages (not a heading's own "#…" link)."""
    return re.findall(r'href="([^"#][^"]*)"', html)


def test_a_retired_page_says_why_and_links_where_its_content_is_now() -> None:
    [(source, page)] = retired_pages([PAGE], {"resolutions.md": "决议和决定索引", "index.md": "首页"}).items()
    assert source == "resolutions/gone-3.md"
    html = page_html(page)
    assert PAGE.why in html and "决议和决定索引" in html
    [link] = _links(html)
    # Resolved against the page's own address, as a browser (or file://) does.
    assert posixpath.normpath(posixpath.join(posixpath.dirname(PAGE.path), link)) == PAGE.now


def test_a_retired_page_built_again_or_sending_readers_nowhere_stops_the_build() -> None:
    with pytest.raises(BuildError) as built_again:
        retired_pages([PAGE], {"resolutions.md": "决议和决定索引", "resolutions/gone-3.md": "又一页"})
    assert built_again.value.one_line().startswith("retired.toml:12:")
    with pytest.raises(BuildError) as nowhere:
        retired_pages([PAGE], {"index.md": "首页"})
    assert "resolutions.html" in nowhere.value.one_line()


@pytest.mark.parametrize("entry,field", [
    ('path = "resolutions/other 7.html"\nnow = "resolutions.html"\nwhy = "x"\nsince = "2026-12-06"', "path"),
    ('path = "resolutions/other-7.html"\nnow = "https://x.org/a.html"\nwhy = "x"\nsince = "2026-12-06"', "now"),
    ('path = "resolutions/other-7.html"\nnow = "resolutions.html"\nwhy = " "\nsince = "2026-12-06"', "why"),
    ('path = "resolutions/other-7.html"\nnow = "resolutions.html"\nwhy = "x"\nsince = "yesterday"', "since"),
    ('path = "resolutions/other-7.html"\nnow = "resolutions.html"\nwhy = "x"', "fields"),
])
def test_a_malformed_entry_stops_the_build_naming_the_file_and_line(tmp_path: Path, entry: str, field: str) -> None:
    path = tmp_path / "retired.toml"
    path.write_text(f"# retired pages\n\n[[page]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(BuildError) as error:
        load_retired(path)
    assert error.value.one_line().startswith(f"{path}:3:") and field in error.value.one_line()


def test_the_pages_published_before_the_attribution_fix_are_recorded() -> None:
    retired = {p.path: p for p in load_settings(CONFIG).retired}
    assert set(ONCE_PUBLISHED) <= set(retired)
    assert all(retired[p].now == "resolutions.html" for p in ONCE_PUBLISHED)


def test_every_page_once_published_still_resolves_in_the_built_site(site_dir: Path) -> None:
    index = (site_dir / "resolutions.html").read_text(encoding="utf-8")
    assert "其他机构" not in index
    for path in ONCE_PUBLISHED:
        page = site_dir / path
        assert page.is_file(), path
        html = page.read_text(encoding="utf-8")
        article = re.search(r"<article.*?</article>", html, re.DOTALL).group()
        targets = {posixpath.normpath(posixpath.join(posixpath.dirname(path), link)) for link in _links(article)}
        assert "resolutions.html" in targets
        assert (site_dir / "resolutions.html").is_file()
