"""The Python mirror of the search worker: which shards a query needs,
Material's query segmentation, the ranking and the metadata fetched to show
results. The browser tests check the mirror against the worker itself."""

from __future__ import annotations

import json
import math

from generator import shards
from generator.search_worker import (
    clause_files,
    material_segment,
    query_clauses,
    rank_query,
    shards_for_query,
    shown_metadata,
)
from generator.shards import EVERY_FILE, build_shards, postings
from tests.test_shards import decode, tiny_index


def _read(files: dict[str, str]):
    return lambda path: json.loads(files[path])


def test_shards_for_query_names_the_chunks_holding_its_terms(monkeypatch) -> None:
    monkeypatch.setattr(shards, "POSTINGS_BYTES", 40)  # a few terms per chunk
    monkeypatch.setattr(shards, "LEXICON_BYTES", 20)
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    assert len(manifest["config"]["shards"]["terms"]) > 3
    read = _read(files)
    (needed,) = shards_for_query("70/174", manifest, read)
    assert "70/174" in read(needed)
    # A prefix needs every chunk that may hold a term starting with it.
    assert {f for f in shards_for_query("70", manifest, read)} >= {needed}
    # Han: Material segments against the index's terms (the lexicon), and
    # never looks up the run's last character.
    clauses, lexicon = query_clauses("缔约方会议", manifest, read)
    assert clauses == ["缔约方*"]
    assert lexicon and all(f.startswith("l/") for f in lexicon)
    chunks = shards_for_query("缔约方会议", manifest, read)
    assert set(lexicon) < set(chunks)
    holding = [f for f in chunks if f.startswith("t/") and "缔约方" in read(f)]
    assert holding
    # The mirror reads only the lexicon it names, as the worker fetches
    # postings only after segmenting.
    only_lexicon = {f: files[f] for f in lexicon}
    assert shards_for_query("缔约方会议", manifest, lambda path: json.loads(only_lexicon[path])) == chunks
    # A bare wildcard (from Material's transform) is the per-entry sums.
    assert clause_files("**", manifest) == [EVERY_FILE]
    every = dict(decode(read(EVERY_FILE)))
    assert every == {n: sum(w for pl in postings(data).values() for e, w in pl if e == n) for n in range(4)}


def test_material_segmentation_is_mirrored() -> None:
    # Worked through Material's segment(): 国际 is the longest term at 0,
    # 合 at 2; the last character is never looked up.
    assert material_segment("国际合作", {"国际", "合作", "合"}) == ["国际", "合"]
    assert material_segment("腐败", {"反腐败"}) == ["腐败"]
    assert material_segment("号决议", {"号"}) == ["号"]


def test_ranking_mirror_by_hand() -> None:
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    # 决议* expands to one term, |q| = 1; 决议 weighs 0.693 in entries 1 and
    # 2. Material multiplies by 1 + boost², boost = found share (1) plus 1
    # for a page's own entry: entry 2 (page 1's own) 0.693 * 5, entry 1 * 2.
    ranked = rank_query("决议", manifest, _read(files))
    assert [(page, [entry for entry, _ in group]) for page, group in ranked] == [(1, [2]), (0, [1])]
    assert math.isclose(ranked[0][1][0][1], 0.693 * 5)
    assert math.isclose(ranked[1][1][0][1], 0.693 * 2)


def test_shown_metadata_is_the_files_of_the_pages_listed_first(monkeypatch) -> None:
    # One entry per file: a page shown needs its own entry's file and its
    # best entries' files only.
    monkeypatch.setattr(shards, "META_ENTRIES", 1)
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    assert {f for f in files if f.startswith("m/")} == {"m/0-0.json", "m/0-1.json", "m/1-0.json", "m/1-1.json"}
    assert rank_query("70/174", manifest, _read(files))[0][0] == 0
    assert shown_metadata("70/174", manifest, _read(files)) == ["m/0-0.json", "m/0-1.json"]
