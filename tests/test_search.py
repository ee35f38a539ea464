"""The search index built from the document model: its entries, its config,
the phantom guard, the files written, and the index of the real corpus
(built once by conftest). Expected texts are from source/*.txt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from generator import search
from generator.lunr import lunr_accepted_terms
from generator.model import Document, DocumentInfo, Footnote, Node
from generator.search import build_index
from generator.search_terms import CONFIG, REFS, SEPARATOR, SUBWORDS, ZWSP, Segmenter, tokens
from generator.shards import EVERY_FILE, SHARD_DIRS
from tests.test_search_terms import FREQ, fake_cut

SOURCE = Path(__file__).resolve().parent.parent / "source"


def index_terms(docs: Iterable[dict], fields: Iterable[str]) -> set[str]:
    """Every term the worker puts in its inverted index: every field value
    of every entry, split as its tokenizer splits."""
    terms: set[str] = set()
    for doc in docs:
        for name in fields:
            value = doc.get(name)
            if isinstance(value, str):
                terms.update(tokens(value))
    return terms


def small_document() -> Document:
    info = DocumentInfo(slug="x-report", source_path="source/x.txt", source_sha256="", symbol="CTOC/COP/2022/9",
                        title="报告", session="第十一届会议")
    body = [
        Node("heading", text="缔约方会议通过的决议", label="一.", level=1, id="sec-1"),
        Node("paragraph", text="联合国反腐败公约", label="1.", id="para-1",
             children=[Node("subparagraph", text="大会第 70/174 号决议", label="(a)", id="para-1-a")]),
        Node("paragraph", text="", label="", id="para-2"),  # nothing to search
        Node("table-row", cells=["国家", "CTOC/COP/2022/L.4"], id="row-1"),
        Node("heading", text="附件", label="二.", level=1, id="sec-2"),
        Node("paragraph", text="联合国反腐败公约", label="1.", id="annex-para-1"),
    ]
    footnotes = [Footnote(marker="¹", text="大会第 70/174 号决议，附件。", id="fn-1")]
    return Document(info, body, footnotes)


def test_one_entry_per_anchored_element_after_the_page_entry() -> None:
    entries = build_index([small_document()], Segmenter(FREQ, fake_cut({})))["docs"]
    page = "documents/x-report.html"
    assert [e["location"] for e in entries] == [
        page, f"{page}#sec-1", f"{page}#para-1", f"{page}#para-1-a", f"{page}#row-1",
        f"{page}#sec-2", f"{page}#annex-para-1", f"{page}#fn-1",
    ]
    by_id = {e["location"].partition("#")[2]: e for e in entries}
    # The page entry: what Material groups the page's results under.
    assert by_id[""]["title"] == "CTOC/COP/2022/9 报告"
    assert "第十一届会议" in by_id[""]["text"].replace(ZWSP, "")
    # Titles are the section heading, shown but not searched.
    assert by_id["para-1-a"]["title"] == "一. 缔约方会议通过的决议"
    assert by_id["annex-para-1"]["title"] == "二. 附件"
    assert by_id["fn-1"]["title"] == "脚注"
    # Each entry holds its own text only: label and text, or the cells.
    assert by_id["para-1"]["text"].replace(ZWSP, "") == "<p>1. 联合国反腐败公约</p>"
    assert "70/174" in by_id["para-1-a"][REFS].split()
    assert "l.4" in by_id["row-1"][REFS].split()
    assert "70/174" in by_id["fn-1"][REFS].split()


def test_repeated_paragraphs_are_segmented_once() -> None:
    calls: list[str] = []
    segmenter = Segmenter(FREQ, fake_cut({}, calls))
    build_index([small_document()], segmenter)
    # para-1 and annex-para-1 share "1. 联合国反腐败公约".
    assert segmenter.calls == len(segmenter) + 1
    assert calls.count("联合国反腐败公约") == 1


def test_build_index_config() -> None:
    data = build_index([small_document()], Segmenter(FREQ, fake_cut({})))
    config = data["config"]
    assert config == CONFIG
    assert config["separator"] == SEPARATOR
    # "title" is not a field: a heading match must not send the reader to a
    # paragraph of its section that lacks the query.
    assert "title" not in config["fields"]
    assert config["fields"][SUBWORDS] == {"boost": 1.0}
    assert config["fields"][REFS]["boost"] > config["fields"]["text"]["boost"]
    assert data["docs"][0]["location"] == "documents/x-report.html"


# --- the index of the real corpus ----------------------------------------


def entry_tokens(entry: dict) -> set[str]:
    hidden = entry.get(SUBWORDS, "") + " " + entry.get(REFS, "")
    return set(tokens(entry["text"])) | set(hidden.split())


def test_http_manifest_is_small_and_has_the_same_config(site_dir: Path, index: dict, manifest: dict) -> None:
    # Material's bundle hands config and docs to the worker: the shard
    # scheme rides in config, docs stay empty (no entry text over http).
    assert manifest["docs"] == []
    config = dict(manifest["config"])
    shards = config.pop("shards")
    assert config == index["config"]
    assert shards["entries"] == len(index["docs"])
    assert [p[0] for p in shards["pages"]] == [d["location"] for d in index["docs"] if "#" not in d["location"]]
    size = (site_dir / "search" / "search_index.json").stat().st_size
    assert size < len(json.dumps(index, ensure_ascii=False).encode()) / 50


def test_built_index_covers_every_anchor_of_the_documents(site_dir: Path, index: dict) -> None:
    assert index["config"] == CONFIG
    locations = [d["location"] for d in index["docs"]]
    assert len(locations) == len(set(locations))
    pages = {loc.split("#")[0] for loc in locations}
    assert pages == {f"documents/{p.stem}.html" for p in SOURCE.glob("*.txt")}
    # Every #id is an element of its page: a result lands on it.
    for page in pages:
        ids = set(re.findall(r'id="([^"]+)"', (site_dir / page).read_text(encoding="utf-8")))
        wanted = {loc.partition("#")[2] for loc in locations if loc.startswith(page + "#")}
        assert wanted and wanted <= ids, (page, sorted(wanted - ids)[:5])


def test_material_search_box_stays(site_dir: Path) -> None:
    # Every generated page is excluded from Material's plugin (its index is
    # replaced by ours); the header still has the plugin's search box.
    page = (site_dir / "documents" / "cop11-report.html").read_text(encoding="utf-8")
    assert 'name="search"' in page and 'data-md-component="search-query"' in page


@pytest.mark.parametrize(("query", "paragraph"), [
    # source/cop11-report.txt line 418 (footnote 17) and line 1112 (paragraph 124).
    ("第70/174号决议", "大会第 70/174 号决议，附件。"),
    ("70/174", "大会第 70/174 号决议，附件。"),
    ("CTOC/COP/2022/L.4", "决议草案（CTOC/COP/2022/L.4），提案国有"),
    ("L.4", "决议草案（CTOC/COP/2022/L.4），提案国有"),
])
def test_number_and_symbol_terms_are_indexed_where_cited(index: dict, query: str, paragraph: str) -> None:
    term = next(t for t in tokens(query) if re.search(r"\d", t))
    holders = [d for d in index["docs"] if paragraph in d["text"].replace(ZWSP, "")]
    assert holders, f"no entry holds {paragraph!r}"
    assert all(term in entry_tokens(d) for d in holders)


def test_word_inside_jieba_word_is_indexed(index: dict) -> None:
    # Paragraph 116 has 腐败 only inside "AWTAD 反腐败组织".
    line = next(x for x in (SOURCE / "cop11-report.txt").read_text(encoding="utf-8").splitlines()
                if x.startswith("116. "))
    assert "腐败" not in line.replace("反腐败", "")
    (holder,) = [d for d in index["docs"] if "AWTAD" in d["text"]]
    assert holder["location"] == "documents/cop11-report.html#para-116"
    assert "腐败" in entry_tokens(holder)


def test_lunr_automaton_accepts_exactly_the_index_terms(index: dict) -> None:
    # Replays lunr's TokenSet construction: a phantom term would make every
    # query that reaches it fail in the worker (see avoid_phantom_terms).
    terms = index_terms(index["docs"], index["config"]["fields"])
    assert len(terms) > 1000
    assert lunr_accepted_terms(terms) == terms


def test_index_stays_small(site_dir: Path) -> None:
    # Budget: at most 2.5 times the source texts (Material's own index of
    # the same corpus was 5.5 times their size: \u escapes, derived pages).
    # Beyond the text itself: U+200B word marks (3 bytes each in UTF-8, a
    # third of the text field), and per element its location and its
    # section's title (a tenth of the index; shown in the results).
    size = (site_dir / "search" / "search_index.js").stat().st_size
    source = sum(p.stat().st_size for p in SOURCE.glob("*.txt"))
    assert size <= 2.5 * source, (size, source)


def test_hosted_pages_use_our_worker_and_it_finds_materials(site_dir: Path) -> None:
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.DOTALL)[1])
    assert config["search"].endswith("assets/javascripts/workers/untoc-search.js")
    worker = (site_dir / "assets" / "javascripts" / "workers" / "untoc-search.js").read_text(encoding="utf-8")
    material = re.search(r'var MATERIAL_WORKER = "([^"]+)"', worker)[1]
    assert (site_dir / "assets" / "javascripts" / "workers" / material).is_file()


def test_offline_bundle_has_the_single_index_not_the_shards(bundle_zip: Path) -> None:
    import zipfile

    names = [n.split("/", 1)[1] for n in zipfile.ZipFile(bundle_zip).namelist()]
    assert "search/search_index.js" in names
    assert not [n for n in names if n.startswith(tuple(f"search/{d}/" for d in SHARD_DIRS))]
    assert f"search/{EVERY_FILE}" not in names


def test_override_is_materials_config_block_but_for_the_worker() -> None:
    """overrides/main.html copies Material's {% block config %}: a Material
    upgrade that changes it must be noticed, and nothing else may differ."""
    import material

    def block(text: str) -> list[str]:
        body = text[re.search(r"^\s*\{% block config %\}\s*$", text, re.MULTILINE).start():]
        return [line.strip() for line in body[:body.index("{% endblock %}")].splitlines() if line.strip()]

    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"))
    ours = block((Path(__file__).resolve().parent.parent / "overrides" / "main.html").read_text(encoding="utf-8"))
    changed = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
    assert changed == [('"search": "assets/javascripts/workers/search.a7633da7.min.js" | url,',
                        '"search": "assets/javascripts/workers/untoc-search.js" | url,')]


def test_write_shards_writes_only_changes_and_removes_stale_shards(tmp_path) -> None:
    folder = tmp_path / "search"
    search.write_shards(folder, {"t/0.json": "{}", "t/1.json": "[1]", "search_index.json": "{}"})
    (folder / "t" / "0.json").touch()
    kept = (folder / "t" / "0.json").stat().st_mtime_ns
    search.write_shards(folder, {"t/0.json": "{}", "search_index.json": "[]"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == \
        ["search_index.json", "t/0.json"]
    assert (folder / "t" / "0.json").stat().st_mtime_ns == kept  # unchanged: not written again
    assert (folder / "search_index.json").read_text() == "[]"


def test_write_shards_links_the_last_sites_unchanged_shards_and_leaves_them_alone(tmp_path) -> None:
    last = tmp_path / "old" / "search"
    search.write_shards(last, {"t/0.json": "{}", "t/1.json": "[1]", "search_index.json": "{}"})
    folder = tmp_path / "new" / "search"
    search.write_shards(folder, {"t/0.json": "{}", "t/1.json": "[2]", "search_index.json": "{}"}, last)
    assert (folder / "t" / "0.json").stat().st_ino == (last / "t" / "0.json").stat().st_ino  # linked
    assert (folder / "t" / "1.json").stat().st_ino != (last / "t" / "1.json").stat().st_ino  # written anew
    assert (folder / "t" / "1.json").read_text() == "[2]"
    assert (last / "t" / "1.json").read_text() == "[1]"  # the last site is as it was
