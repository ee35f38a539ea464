"""Markdown conversions kept by content (generator/publishing/mdcache.py, site.convert_pages)."""

from __future__ import annotations

import logging
import pickle
import shutil
from pathlib import Path

import markdown
import pytest

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.publishing.build import PROJECT, read_corpus
from generator.publishing.mdcache import STAGE, ConversionCache, conversion_key
from generator.publishing.site import convert_pages, run_mkdocs
from generator.rendering.indexes import navigation
from tests.helpers import CONFIG, SOURCE, tree_bytes

PAGE = """# 标题 {: #title }

1&#46; 第一段，引用<a href="../resolutions.html#x" class="ref-instrument">第 1/2 号决议</a>。
{: #para-1 .k-paragraph }

## 一. 节 {: #sec-1 }

文字 *强调*
"""
EXTENSIONS = ["attr_list", "toc"]


def convert(text: str, store: Path | None = None, mode: str = "serve", salt: str = "s") -> tuple[str, list]:
    extensions: list = list(EXTENSIONS)
    if store is not None:
        extensions.append(ConversionCache(store=str(store), salt=salt, mode=mode))
    md = markdown.Markdown(extensions=extensions)
    return md.convert(text), md.toc_tokens


def test_stored_conversion_is_the_conversion(tmp_path) -> None:
    plain = convert(PAGE)
    assert convert(PAGE, tmp_path, "fill") == plain
    assert Store(tmp_path).path(conversion_key("s", PAGE)).is_file()
    served = convert(PAGE, tmp_path, "serve")
    assert served == plain
    assert served[1] and served[1][0]["id"] == "title"  # the table of contents comes along


def test_serve_takes_the_stored_result_without_parsing(tmp_path) -> None:
    convert(PAGE, tmp_path, "fill")
    path = Store(tmp_path).path(conversion_key("s", PAGE))
    stored = pickle.loads(path.read_bytes())
    stored["html"] = "<p>stored</p>"
    path.write_bytes(pickle.dumps(stored))
    assert convert(PAGE, tmp_path, "serve")[0] == "<p>stored</p>"


def test_other_text_or_salt_is_converted_as_usual(tmp_path) -> None:
    convert(PAGE, tmp_path, "fill")
    for path in (tmp_path / STAGE).iterdir():
        stored = pickle.loads(path.read_bytes())
        stored["html"] = "<p>stored</p>"
        path.write_bytes(pickle.dumps(stored))
    assert convert(PAGE, tmp_path, "serve", salt="other") == convert(PAGE)
    other = PAGE.replace("第一段", "第二段")
    assert convert(other, tmp_path, "serve") == convert(other)


def test_damaged_store_entry_is_converted_again(tmp_path) -> None:
    convert(PAGE, tmp_path, "fill")
    path = Store(tmp_path).path(conversion_key("s", PAGE))
    path.write_bytes(path.read_bytes()[:10])
    assert convert(PAGE, tmp_path, "serve") == convert(PAGE)


class _Messages(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Warns(markdown.treeprocessors.Treeprocessor):
    def run(self, root):
        logging.getLogger("mkdocs").warning("a link goes nowhere")


class _WarningExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Warns(md), "warns", 1)


def test_warnings_of_a_stored_conversion_are_logged_again(tmp_path) -> None:
    """Nothing is lost: what MkDocs said while converting is said again,
    also when it said it after the table of contents was made (toc runs the
    postprocessors on each heading, before the page's own run)."""
    logger = logging.getLogger("mkdocs")
    handler = _Messages()
    logger.addHandler(handler)
    try:
        md = markdown.Markdown(extensions=["toc", _WarningExtension(),
                                           ConversionCache(store=str(tmp_path), mode="fill")])
        md.convert(PAGE)
        filled = list(handler.messages)
        handler.messages.clear()
        markdown.Markdown(extensions=["toc", ConversionCache(store=str(tmp_path), mode="serve")]).convert(PAGE)
    finally:
        logger.removeHandler(handler)
    assert filled == ["a link goes nowhere"]
    assert handler.messages == ["a link goes nowhere"]
    assert len(list((tmp_path / STAGE).iterdir())) == 1  # one conversion stored, not one per heading


@pytest.mark.site
def test_links_to_a_stored_pages_anchors_are_checked_against_its_ids(tmp_path) -> None:
    """MkDocs checks a Markdown link to another page's anchor against the
    ids that page holds; a stored conversion gives the ids of its page, so
    a good link passes and a broken one is still reported."""
    docs = tmp_path / "docs"
    (docs / "documents").mkdir(parents=True)
    (docs / "documents" / "a.md").write_text(PAGE, encoding="utf-8")
    (docs / "index.md").write_text("# 索引\n\n[好](documents/a.md#para-1) [坏](documents/a.md#para-9)\n",
                                   encoding="utf-8")
    store = Store(tmp_path / "store")
    mkdocs_yml = PROJECT / "mkdocs.yml"
    convert_pages(mkdocs_yml, docs, tmp_path / "site", store, {"documents/a.md": PAGE})
    warnings = run_mkdocs(mkdocs_yml, docs, tmp_path / "site", ["index.md", "documents/a.md"],
                          conversions=store.folder)
    assert [w for w in warnings if "para-" in w] == [w for w in warnings if "#para-9" in w] != []


@pytest.fixture(scope="module")
def docs_dir(built) -> Path:
    """The Markdown folder of the real corpus' build."""
    site_dir, _ = built
    [folder] = (site_dir.parent / "cache" / "docs").iterdir()
    return folder


def test_site_with_stored_conversions_equals_mkdocs_alone(docs_dir, tmp_path) -> None:
    """Every byte of the site is the same whether MkDocs converts the
    document pages itself or takes the conversions made on other cores."""
    docs = [r.doc for r in read_corpus(SOURCE, load_settings(CONFIG), Store(None), root=PROJECT)]
    nav = navigation(docs)
    pages = {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((docs_dir / "documents").glob("*.md"))}
    assert len(pages) == len(docs)
    mkdocs_yml = PROJECT / "mkdocs.yml"
    alone, served, folder = tmp_path / "alone", tmp_path / "served", tmp_path / "store"
    store = Store(folder)
    run_mkdocs(mkdocs_yml, docs_dir, alone, nav)
    assert convert_pages(mkdocs_yml, docs_dir, served, store, pages) == len(pages)
    kept = sorted((folder / STAGE).iterdir())
    assert len(kept) == len(pages)
    run_mkdocs(mkdocs_yml, docs_dir, served, nav, conversions=folder)

    assert tree_bytes(alone) == tree_bytes(served)
    # MkDocs took the stored conversions: a marked one shows on its page.
    first = kept[0]
    stored = pickle.loads(first.read_bytes())
    stored["html"] = stored["html"].replace("</h1>", "</h1><p>MARK-FROM-STORE</p>", 1)
    first.write_bytes(pickle.dumps(stored))
    marked = tmp_path / "marked"
    run_mkdocs(mkdocs_yml, docs_dir, marked, nav, conversions=folder)
    assert sum("MARK-FROM-STORE" in p.read_text(encoding="utf-8") for p in (marked / "documents").glob("*.html")) == 1
    # A second call finds every conversion stored and converts nothing.
    assert convert_pages(mkdocs_yml, docs_dir, served, Store(folder), pages) == 0
    # A page that is gone takes its stored conversion with it, once the
    # build that no longer wants it ends.
    last = Store(folder)
    assert convert_pages(mkdocs_yml, docs_dir, served, last, dict(list(pages.items())[:1])) == 0
    last.keep_only_used()
    assert len(list((folder / STAGE).iterdir())) == 1
    shutil.rmtree(folder)


def test_store_entry_without_every_field_is_converted_again(tmp_path) -> None:
    convert(PAGE, tmp_path, "fill")
    path = Store(tmp_path).path(conversion_key("s", PAGE))
    stored = pickle.loads(path.read_bytes())
    del stored["anchor_ids"]
    path.write_bytes(pickle.dumps(stored))
    assert convert(PAGE, tmp_path, "serve") == convert(PAGE)


def test_a_conversion_worker_keeps_none_of_the_pages_it_converted(docs_dir, tmp_path) -> None:
    """A worker keeps its MkDocs configuration and files for its next pages;
    MkDocs hangs each Page (its Markdown and HTML) on its File, so without
    letting go a worker held every page it had converted."""
    from generator.publishing import site

    mkdocs_yml = PROJECT / "mkdocs.yml"
    sources = sorted(p.relative_to(docs_dir).as_posix() for p in (docs_dir / "documents").glob("*.md"))
    context = (mkdocs_yml, docs_dir, tmp_path / "site", tmp_path / "store")
    site._worker_context.cache_clear()
    try:
        for src in sources:
            site._convert_page((*context, src))
        _config, files = site._worker_context(*context)
        assert len(list((tmp_path / "store" / STAGE).iterdir())) == len(sources)  # they were converted
        assert [f.src_uri for f in files.documentation_pages() if f.page is not None] == []
    finally:
        site._worker_context.cache_clear()


def test_a_page_converts_the_same_without_the_processors_that_cannot_match_in_it(docs_dir, tmp_path) -> None:
    """Fill mode leaves out of a page's conversion the processors that only
    match at characters the page does not hold: every page the build wrote
    converts to the same HTML and table of contents as with all of them;
    a page that holds them (PAGE: emphasis) keeps them."""
    extensions = ["attr_list", "toc", "tables", "fenced_code"]
    pages = sorted(docs_dir.rglob("*.md"))
    assert len(pages) > 50
    for number, path in enumerate(pages):
        text = path.read_text(encoding="utf-8")
        text = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        whole = markdown.Markdown(extensions=extensions)
        lean = markdown.Markdown(extensions=[*extensions, ConversionCache(store=str(tmp_path), salt=str(number),
                                                                          mode="fill")])
        assert lean.convert(text) == whole.convert(text), path
        assert lean.toc_tokens == whole.toc_tokens, path
    full = markdown.Markdown(extensions=[*EXTENSIONS, ConversionCache(store=str(tmp_path), salt="e", mode="fill")])
    assert "<em>强调</em>" in full.convert(PAGE)
