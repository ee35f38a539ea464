"""The command line on texts people drop into source/, good and bad.

Every build here runs ``python -m generator build`` as a subprocess on a
small temporary source folder, with a copy of ``site_config/`` (without the
project's anchor lock, which records the real corpus), so the project's own
files are never touched. Full builds take seconds (MkDocs), so the
successful ones are shared through module-scoped fixtures; refused inputs
fail before MkDocs runs and are cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import tree_bytes

# Every test here runs the command line, which builds a site (or refuses to).
pytestmark = pytest.mark.site

PROJECT = Path(__file__).resolve().parents[2]
EPOCH = "1700000000"

HOSTILE_LINES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "**bold**",
    "# heading at the start of a line",
    "| a | b |",
    "{#para-2}",
    "<!-- comment -->",
]

# Paragraph 3 is missing and paragraph 4 comes twice: it builds, with
# warnings naming the lines (7 and 9), and every paragraph keeps its own id.
HOSTILE = "\n\n".join([
    "测试报告",                                          # line 1
    "1. <script>alert(1)</script> 第一段。",              # line 3
    "2. <img src=x onerror=alert(1)> 第二段。",            # line 5
    "4. [x](javascript:alert(1)) 和 **bold** 文字。",      # line 7
    "4. 重复的段落编号。",                                  # line 9
    *HOSTILE_LINES[4:],
    "5. 最后一段 <a href=\"javascript:alert(2)\">链接</a>。",
]) + "\n"

PLAIN = "没有编号的文字，第一块。\r\n\r\n第二块文字，也没有结构。\r\n\r\n第三块文字。\r\n"
CHINESE_NAME = "报告 (最终).txt"
HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"


def write_source(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def good_files() -> dict[str, bytes]:
    return {
        "hostile.txt": HOSTILE.encode("utf-8"),
        # GB18030 with CRLF line ends and no structure at all.
        "plain.txt": PLAIN.encode("gb18030"),
        # UTF-8 with BOM and old Mac CR line ends, under a name that is no slug.
        CHINESE_NAME: b"\xef\xbb\xbf" + "最终报告\r\r1. 第一段。\r\r2. 第二段。\r".encode(),
        HOSTILE_NAME: "文件名不是标记。\n\n1. 唯一的段落。\n".encode(),
    }


def make_config(folder: Path, catalogue: str = "") -> Path:
    """A copy of site_config/ with no anchor lock and the given catalogue."""
    shutil.copytree(PROJECT / "site_config", folder)
    (folder / "anchors.lock.json").unlink(missing_ok=True)
    (folder / "catalogue.toml").write_text(catalogue, encoding="utf-8")
    return folder


def run_build(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(PROJECT), "CI": "1",
           # The build cache of these throwaway sites stays beside them, not in the project.
           "GENERATOR_CACHE_DIR": str(cwd.parent / f"{cwd.name}-cache")}
    env.pop("GENERATOR_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "generator", "build", *args], check=False, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def build_in(root: Path, source: str = "source", config: str = "config", site: str = "site",
             bundle: str = "dist/site.zip", *extra: str) -> subprocess.CompletedProcess:
    return run_build(root, "--source", source, "--config", config, "--site-dir", site, "--bundle", bundle, *extra)


def error_line(result: subprocess.CompletedProcess) -> str:
    """The build failed with exactly one line on stderr, and no traceback."""
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    return lines[0]


def snapshot(*paths: Path) -> dict[str, str]:
    """SHA-256 of every file under ``paths`` (folders walked), by path."""
    out = {}
    for top in paths:
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for f in files:
            out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """One successful build of the awkward-but-readable texts."""
    root = tmp_path_factory.mktemp("good")
    write_source(root / "source", good_files())
    make_config(root / "config")
    result = build_in(root)
    assert result.returncode == 0, result.stderr
    return root, result


def page_for(root: Path, source_name: str) -> Path:
    manifest = json.loads((root / "site" / "anchors.json").read_text(encoding="utf-8"))
    (doc,) = [d for d in manifest["documents"] if d["source"] == f"source/{source_name}"]
    return root / "site" / doc["url"]


def article(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.find("article")


# 1. Encodings --------------------------------------------------------------

@pytest.mark.parametrize(("name", "text"), [
    ("plain.txt", "第二块文字，也没有结构。"),
    (CHINESE_NAME, "第二段。"),
])
def test_legacy_and_odd_line_ends_build_to_clean_text(good, name, text):
    root, _ = good
    page_text = article(page_for(root, name)).get_text()
    assert text in page_text
    # No BOM, no stray carriage return, no mojibake of the encoding.
    assert "\ufeff" not in page_text and "\r" not in page_text and "\ufffd" not in page_text


# 2. Broken files: one-line error naming file and line, nothing written -------

BROKEN = [
    ("empty.txt", b"", "error: source/empty.txt: "),
    ("blank.txt", b"  \r\n\t\n\xe3\x80\x80\n", "error: source/blank.txt: "),
    ("binary.txt", b"PK\x03\x04\n\x00\x00\x14\x00", "error: source/binary.txt:2: "),
    ("latin1.txt", "Première ligne\n".encode("latin-1"), "error: source/latin1.txt:1: "),
    ("latin1-gbk-lookalike.txt", "ok\nEspaña y el año\n".encode("latin-1"),
     "error: source/latin1-gbk-lookalike.txt:2: "),
    ("damaged.txt", "第一行\n第二行\n第三".encode() + b"\x80\x80" + "行\n".encode(), "error: source/damaged.txt:3: "),
    ("control.txt", "第一行\r\n第二行\x1b\r\n".encode(), "error: source/control.txt:2: "),
]


@pytest.mark.parametrize(("name", "data", "prefix"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_refused_in_one_line(tmp_path, name, data, prefix):
    write_source(tmp_path / "source", {"good.txt": "报告\n\n1. 第一段。\n".encode(), name: data})
    make_config(tmp_path / "config")
    result = build_in(tmp_path)
    assert error_line(result).startswith(prefix)
    # Nothing half-built: no site, no bundle, no lock.
    assert not (tmp_path / "site").exists() and not (tmp_path / "dist").exists()
    assert not (tmp_path / "config" / "anchors.lock.json").exists()


def test_odd_text_builds_with_warnings_naming_file_and_line(good):
    _, result = good
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert any(w.startswith("warning: source/hostile.txt: line 7: ") for w in warnings), warnings
    assert any(w.startswith("warning: source/hostile.txt: line 9: ") and "para-4" in w for w in warnings), warnings
    assert any(w.startswith("warning: source/plain.txt: ") and "structure" in w for w in warnings), warnings


def test_every_paragraph_keeps_a_unique_anchor(good):
    root, _ = good
    ids = [t["id"] for t in article(page_for(root, "hostile.txt")).find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    assert {"para-1", "para-2", "para-4", "para-4-2"} <= set(ids), ids


def test_unstructured_text_gets_plain_block_anchors(good):
    root, _ = good
    art = article(page_for(root, "plain.txt"))
    blocks = [p for p in art.find_all("p") if "第" in p.get_text()]
    assert len(blocks) == 3
    assert all(re.fullmatch(r"p-\d+", p.get("id", "")) for p in blocks), [p.get("id") for p in blocks]


# 3. Hostile text is text ---------------------------------------------------

def test_hostile_lines_render_literally(good):
    root, _ = good
    text = " ".join(article(page_for(root, "hostile.txt")).get_text().split())
    for line in HOSTILE_LINES:
        assert line in text, line
    assert "**bold**" in text and '<a href="javascript:alert(2)">链接</a>' in text


def test_no_source_text_becomes_markup_anywhere_on_the_site(good):
    # Every page, not just the document: the index, the anchor list, the
    # search index page and the navigation all carry titles and text.
    root, _ = good
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find_all("img", onerror=True), page
        assert not soup.find_all(src="x"), page
        assert not [s for s in soup.find_all("script") if "alert" in s.get_text()], page
        assert not [t for t in soup.find_all(True) if any(str(v).strip().lower().startswith("javascript:")
                                                         for v in t.attrs.values())], page
        assert not soup.find_all(string=lambda s: s.__class__.__name__ == "Comment" and "comment" in s), page
        assert not soup.find_all("strong", string="bold"), page


# 4. Atomic output ----------------------------------------------------------

@pytest.fixture
def published(good, tmp_path):
    """A copy of the good build's outputs, with its lock, to fail builds against."""
    root, _ = good
    shutil.copytree(root / "source", tmp_path / "source")
    shutil.copytree(root / "config", tmp_path / "config")
    shutil.copytree(root / "site", tmp_path / "site")
    shutil.copytree(root / "dist", tmp_path / "dist")
    assert (tmp_path / "config" / "anchors.lock.json").is_file()
    return tmp_path


def assert_untouched(root: Path, before: dict[str, str]) -> None:
    assert snapshot(root / "site", root / "dist") == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".build-") or p.name.endswith(".old")]
    assert leftovers == []


def test_failed_decode_leaves_site_and_bundle_as_they_were(published):
    before = snapshot(published / "site", published / "dist")
    (published / "source" / "zz-latin1.txt").write_bytes("Résumé\n".encode("latin-1"))
    assert "zz-latin1.txt:1:" in error_line(build_in(published))
    assert_untouched(published, before)


def test_dropped_anchor_leaves_site_and_bundle_as_they_were(published):
    before = snapshot(published / "site", published / "dist")
    (published / "source" / "plain.txt").unlink()
    assert "anchors.lock.json" in error_line(build_in(published))
    assert_untouched(published, before)


def test_failure_after_mkdocs_leaves_site_and_bundle_as_they_were(published):
    # The bundle's folder cannot be created (a file is in the way): this is
    # found only after MkDocs has run, and must still change nothing.
    before = snapshot(published / "site", published / "dist")
    (published / "blocked").write_text("a file, not a folder", encoding="utf-8")
    result = build_in(published, "source", "config", "site", "blocked/dist")
    error_line(result)
    assert_untouched(published, before)


def test_successful_build_replaces_site_and_bundle_whole(published):
    old_page = page_for(published, "plain.txt")
    old_zip = (published / "dist" / "site.zip").read_bytes()
    (published / "source" / "plain.txt").unlink()
    result = build_in(published, "source", "config", "site", "dist/site.zip", "--accept-anchor-changes")
    assert result.returncode == 0, result.stderr
    # The removed document's page is gone, not left over from the old site.
    assert not old_page.exists()
    assert (published / "dist" / "site.zip").read_bytes() != old_zip
    leftovers = [p.name for p in published.iterdir() if p.name.startswith(".build-") or p.name.endswith(".old")]
    assert leftovers == []


# 5. Determinism ------------------------------------------------------------

def test_same_inputs_give_byte_identical_site_and_bundle(good, tmp_path):
    root, _ = good
    # Fresh copies of the inputs (the manifest names the source folder, so
    # that keeps its name), built into another site folder and bundle path.
    write_source(tmp_path / "source", good_files())
    make_config(tmp_path / "config")
    result = build_in(tmp_path, "source", "config", "out/site2", "out/bundle.zip")
    assert result.returncode == 0, result.stderr
    first, second = tree_bytes(root / "site"), tree_bytes(tmp_path / "out" / "site2")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert (tmp_path / "out" / "bundle.zip").read_bytes() == (root / "dist" / "site.zip").read_bytes()


# 6. Paths ------------------------------------------------------------------

def test_file_names_give_safe_slugs(good):
    root, _ = good
    for name in (CHINESE_NAME, HOSTILE_NAME):
        page = page_for(root, name)
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.html", page.name), page.name
        assert page.parent == root / "site" / "documents" and page.is_file()


def test_site_files_stay_inside_the_site(good):
    root, _ = good
    site = (root / "site").resolve()
    for path in (root / "site").rglob("*"):
        assert site in path.resolve().parents
    assert sorted(p.name for p in root.iterdir()) == ["config", "dist", "site", "source"]


@pytest.mark.parametrize("slug", ["../x", "../../evil", "a/b", "/etc/x", "X-Upper", "..", ""])
def test_unsafe_catalogue_slug_is_refused(tmp_path, slug):
    write_source(tmp_path / "source", {"a.txt": "报告\n\n1. 第一段。\n".encode()})
    make_config(tmp_path / "config", f'["a.txt"]\nslug = {json.dumps(slug)}\n')
    line = error_line(build_in(tmp_path))
    assert line.startswith("error: config/catalogue.toml: ") and "slug" in line
    assert not (tmp_path / "site").exists()


def test_two_files_claiming_one_symbol_are_an_error_naming_both(tmp_path):
    write_source(tmp_path / "source", {"first.txt": "报告一\n\n1. 第一段。\n".encode(),
                                       "second.txt": "报告二\n\n1. 第一段。\n".encode()})
    catalogue = '["first.txt"]\nsymbol = "CTOC/COP/2024/9"\n\n["second.txt"]\nsymbol = "CTOC/COP/2024/9"\n'
    make_config(tmp_path / "config", catalogue)
    line = error_line(build_in(tmp_path))
    assert "CTOC/COP/2024/9" in line and "source/first.txt" in line and "source/second.txt" in line
    assert not (tmp_path / "site").exists()
