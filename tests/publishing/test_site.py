"""The Markdown folder MkDocs reads (site.MarkdownFolder), written a page
at a time as the pages are rendered."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.publishing.site import ASSETS, SHIM_NAME, MarkdownFolder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def shim(tmp_path) -> Path:
    path = tmp_path / "shim.js"
    path.write_text("// shim", encoding="utf-8")
    return path


def _pages(rng: random.Random, count: int) -> dict[str, str]:
    return {f"documents/{rng.randrange(10**6)}-{i}.md": "".join(rng.choice("联合国第段。\n#") for _ in range(40))
            for i in range(count)}


def test_the_folder_holds_exactly_the_pages_written_and_the_assets(tmp_path, shim) -> None:
    rng = random.Random(18)
    docs = tmp_path / "docs"
    stale = docs / "documents" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("a page of the last build", encoding="utf-8")
    pages = _pages(rng, 30)
    folder = MarkdownFolder(docs, shim)
    for rel, text in pages.items():
        folder.write(rel, text)
    folder.finish()
    assets = {f"assets/{p.relative_to(ASSETS).as_posix()}": p.read_bytes() for p in ASSETS.rglob("*") if p.is_file()}
    assert _files(docs) == {**{rel: text.encode("utf-8") for rel, text in pages.items()}, **assets,
                            SHIM_NAME: b"// shim"}
    assert folder.written == list(pages)
    assert dict(folder.texts(folder.written)) == pages  # read back as written


def test_an_unchanged_page_keeps_its_time_stamp_and_a_changed_one_is_written(tmp_path, shim) -> None:
    """MkDocs' incremental build renders again a page whose Markdown is newer than its HTML."""
    docs = tmp_path / "docs"
    first = MarkdownFolder(docs, shim)
    first.write("documents/a.md", "# 甲")
    first.write("documents/b.md", "# 乙")
    first.finish()
    stamps = {p.name: p.stat().st_mtime_ns for p in (docs / "documents").iterdir()}
    again = MarkdownFolder(docs, shim)
    again.write("documents/a.md", "# 甲")
    again.write("documents/b.md", "# 乙，改")
    again.finish()
    assert (docs / "documents" / "a.md").stat().st_mtime_ns == stamps["a.md"]
    assert (docs / "documents" / "b.md").read_text(encoding="utf-8") == "# 乙，改"


def test_a_page_written_twice_is_its_last_text_once(tmp_path, shim) -> None:
    folder = MarkdownFolder(tmp_path / "docs", shim)
    folder.write("index.md", "first")
    folder.write("index.md", "second")
    assert folder.written == ["index.md"]
    assert folder.texts(["index.md"])["index.md"] == "second"


def test_a_page_outside_the_folder_is_refused(tmp_path, shim) -> None:
    folder = MarkdownFolder(tmp_path / "docs", shim)
    with pytest.raises(BuildError, match="outside the site"):
        folder.write("../escape.md", "x")
    assert not (tmp_path / "escape.md").exists()


def test_a_missing_shim_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(BuildError, match="make vendor"):
        MarkdownFolder(tmp_path / "docs", tmp_path / "no-shim.js")
