"""The sharded index: postings (lunr's weights, in lunr's order), prefix
aggregates, entry metadata, what is kept between builds and how postings
are updated after a few changed entries.

Unit tests use a hand-made four-entry index (tiny_index); the update tests
use the index of the real corpus (built once by conftest).
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from generator import search, shards
from generator.search_terms import CONFIG, REFS, SUBWORDS, tokens
from generator.search_worker import _decode, clause_files
from generator.shards import build_shards, postings
from tests.test_search import entry_tokens, index_terms


def tiny_index() -> tuple[dict, list[tuple[str, str, str]]]:
    """Four entries on two pages, fields as the generator writes them."""
    rows = [
        ("documents/a.html", "A", "<p>缔约方\u200b会议 报告</p>", {}),
        ("documents/a.html#para-1", "一", "<p>缔约方 缔约方 决议 70/174</p>", {SUBWORDS: "缔约 报告", REFS: "70/174 174"}),
        ("documents/b.html", "B", "<p>会议 决议</p>", {}),
        ("documents/b.html#para-2", "二", "<p>报告 缔约国</p>", {SUBWORDS: "缔约"}),
    ]
    docs = [{"location": loc, "title": title, "text": text, **extra} for loc, title, text, extra in rows]
    shown = [(loc, title, re.sub(r"<[^>]+>|\u200b", "", text)) for loc, title, text, _ in rows]
    return {"config": json.loads(json.dumps(CONFIG)), "docs": docs}, shown


def lunr_weights(data: dict) -> dict[tuple[str, int], float]:
    """lunr's field-vector entries summed over fields, written out from lunr's Builder."""
    docs, fields = data["docs"], data["config"]["fields"]
    holders: dict[str, int] = {}
    for doc in docs:
        for name in fields:
            for term in set(tokens(doc.get(name, ""))):
                holders[term] = holders.get(term, 0) + 1  # lunr.idf counts per field
    out: dict[tuple[str, int], float] = {}
    for number, doc in enumerate(docs):
        for name, spec in fields.items():
            found = tokens(doc.get(name, ""))
            for term in set(found):
                idf = math.log(1 + abs((len(docs) - holders[term] + 0.5) / (holders[term] + 0.5)))
                tf = found.count(term)
                score = idf * 2.2 * tf / (1.2 + tf) * spec["boost"]
                out[term, number] = out.get((term, number), 0) + math.floor(score * 1000 + 0.5) / 1000
    return out


def decode(flat: list[int]) -> list[tuple[int, int]]:
    """[gap, weight, ...] back to (entry, weight) pairs, in stored order (as the worker reads them)."""
    return list(_decode(flat))


def shown_of(docs: list[dict]) -> list[tuple[str, str, str]]:
    """(location, title, plain text) of index entries, as the build hands them to build_shards."""
    return [(d["location"], d["title"], re.sub(r"<[^>]+>|\u200b", "", d["text"])) for d in docs]


def test_postings_are_lunr_weights_in_thousandths() -> None:
    data, _ = tiny_index()
    plists = postings(data)
    expected = lunr_weights(data)
    assert {(t, e) for t, pl in plists.items() for e, _ in pl} == set(expected)
    for term, plist in plists.items():
        for entry, weight in plist:
            assert weight == round(expected[term, entry] * 1000), (term, entry)
    # By hand: 决议 is in the text of 2 of 4 entries, idf = ln(1 + 2.5/2.5);
    # 70/174 is in text and refs (boost 20) of entry 1, counted twice.
    assert dict(plists["决议"]) == {1: 693, 2: 693}
    assert dict(plists["70/174"]) == {1: 693 + 13863}
    # Entries in the order lunr meets them: the text field's, then the
    # sub-words' (报告 is in the text of 0 and 3, a sub-word of 1).
    assert [e for e, _ in plists["报告"]] == [0, 3, 1]


def test_short_prefixes_get_summed_postings_with_their_term_count(monkeypatch) -> None:
    monkeypatch.setattr(shards, "AGG_MIN_POSTINGS", 1)
    monkeypatch.setattr(shards, "AGG_MAX_SHARE", 1.0)
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    plists = postings(data)
    assert "缔约" in manifest["config"]["shards"]["aggregated"].split()
    (chunk,) = clause_files("缔约*", manifest)
    count, flat = json.loads(files[chunk])["缔约"]
    members = [t for t in plists if t.startswith("缔约")]
    assert count == len(members) == 3  # 缔约, 缔约方, 缔约国
    summed: dict[int, int] = {}
    for term in members:
        for entry, weight in plists[term]:
            summed[entry] = summed.get(entry, 0) + weight
    assert dict(decode(flat)) == summed
    # Stored in the order lunr meets the entries: 缔约 first (a sub-word of
    # 1 and 3), then its longer terms, the later character first: 缔约方
    # (U+65B9, text of 0 and 1) before 缔约国 (U+56FD, text of 3).
    assert [e for e, _ in decode(flat)] == [1, 3, 0]
    # A longer prefix, or an exact term, goes to the term chunks.
    assert all(f.startswith("t/") for f in clause_files("缔约方*", manifest))


def test_entry_metadata_is_per_page_and_plain_text() -> None:
    data, shown = tiny_index()
    files = build_shards(data, shown)
    manifest = json.loads(files["search_index.json"])
    pages = manifest["config"]["shards"]["pages"]
    assert pages == [["documents/a.html", "A", 0], ["documents/b.html", "B", 2]]
    meta = json.loads(files["m/1-0.json"])
    assert [[row[0], meta["titles"][row[1]], row[2]] for row in meta["entries"]] == [
        ["", "B", "会议 决议"], ["para-2", "二", "报告 缔约国"]]


SHARDS_SCRIPT = """
import hashlib, json, sys
sys.path.insert(0, {root!r})
from tests.test_shards import tiny_index
from generator.shards import build_shards
data, shown = tiny_index()
files = build_shards(data, shown)
print(hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest())
"""


def test_shards_are_byte_identical_across_processes() -> None:
    # Different hash seeds change the order of sets and dicts built from
    # them: the output must not depend on it.
    import os
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parent.parent)
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", SHARDS_SCRIPT.format(root=root)], env=env, cwd=root,
                             capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_real_shards_hold_every_index_term_once(site_dir: Path, index: dict, manifest: dict) -> None:
    folder = site_dir / "search"
    scheme = manifest["config"]["shards"]
    seen: list[str] = []
    for number, first in enumerate(scheme["terms"]):
        chunk = json.loads((folder / "t" / f"{number}.json").read_text(encoding="utf-8"))
        assert min(chunk, key=lambda t: t.encode("utf-16-be")) == first
        seen += chunk
    assert len(seen) == len(set(seen))
    assert set(seen) == index_terms(index["docs"], index["config"]["fields"])
    assert all(p.stat().st_size < 2 * shards.POSTINGS_BYTES for p in (folder / "a").glob("*.json"))


def test_kept_term_counts_give_the_same_shards_and_skip_the_replay(tmp_path, monkeypatch) -> None:
    """A rebuild takes each entry's term counts, and the phantom guard's
    answer for an unchanged term list, from the last build: same files."""
    data, shown = tiny_index()
    cold = build_shards(copy.deepcopy(data), shown)
    counts = shards.SearchCache()
    first = copy.deepcopy(data)
    search.avoid_phantom_terms(first, counts=counts)
    assert build_shards(first, shown, counts) == cold
    counts.save(tmp_path / "counts.pickle")

    kept = shards.SearchCache()
    kept.load(tmp_path / "counts.pickle")
    assert kept.counts and kept.phantom
    monkeypatch.setattr(shards, "tokens", lambda text: pytest.fail("an entry was split again"))
    monkeypatch.setattr(search, "lunr_accepted_terms", lambda terms: pytest.fail("the guard replayed lunr"))
    second = copy.deepcopy(data)
    search.avoid_phantom_terms(second, counts=kept)
    assert second == first
    assert build_shards(second, shown, kept) == cold


def test_term_counts_of_other_code_are_not_used(tmp_path, monkeypatch) -> None:
    counts = shards.SearchCache()
    counts.of(("a b", "", ""))
    counts.save(tmp_path / "counts.pickle")
    monkeypatch.setattr(shards, "COUNTS_VERSION", "other")
    kept = shards.SearchCache()
    kept.load(tmp_path / "counts.pickle")
    assert kept.counts == {}


def kept_counts(path: Path) -> shards.SearchCache:
    counts = shards.SearchCache()
    counts.load(path)
    return counts


def updated_terms(data: dict, counts: shards.SearchCache) -> set[str] | None:
    """The terms whose postings a build of ``data`` computes anew from
    ``counts`` (None: all of them, built in full)."""
    return shards._flat_postings(copy.deepcopy(data), counts)[1]


def test_postings_updated_after_a_few_changed_entries_equal_a_full_build(index: dict, tmp_path) -> None:
    """A rebuild after one changed paragraph updates the postings of that
    paragraph's terms only; every shard is the same as a build from scratch,
    including a term that appears, one that disappears and IDFs that move."""
    data = copy.deepcopy(index)
    shown = shown_of(data["docs"])
    counts = shards.SearchCache()
    build_shards(copy.deepcopy(data), shown, counts)
    counts.save(tmp_path / "counts.pickle")

    changed = copy.deepcopy(data)
    docs = changed["docs"]
    df = Counter(t for d in docs for t in entry_tokens(d))
    # A term only one entry holds disappears; a word of another entry is
    # replaced by a term new to the corpus.
    rare_entry, rare = next((i, t) for i, d in enumerate(docs) if "#" in d["location"]
                            for t in sorted(entry_tokens(d)) if df[t] == 1 and t in d["text"] and "<" not in t)
    docs[rare_entry]["text"] = docs[rare_entry]["text"].replace(rare, "")
    other = next(i for i, d in enumerate(docs) if i != rare_entry and "\u200b缔约国\u200b" in d["text"])
    docs[other]["text"] = docs[other]["text"].replace("\u200b缔约国\u200b", "\u200b新设术语\u200b", 1)

    affected = updated_terms(changed, kept_counts(tmp_path / "counts.pickle"))
    assert affected is not None and "新设术语" in affected and rare in affected
    assert len(affected) < len(df) / 20  # only the changed entries' terms
    warm = build_shards(copy.deepcopy(changed), shown, kept_counts(tmp_path / "counts.pickle"))
    assert warm == build_shards(copy.deepcopy(changed), shown)


def test_postings_updated_twice_in_a_row_equal_a_full_build(index: dict, tmp_path) -> None:
    """Updates chain (each rebuild starts from the last one's postings), and
    the two ways a term's postings are updated both hold: a term whose
    document frequency stays while a changed entry holds it more often (its
    row is moved, the other rows stand), and a changed entry whose first
    term in lunr's order changes (it moves in the summed postings of
    every term, which are updated too)."""
    data = copy.deepcopy(index)
    shown = shown_of(data["docs"])
    counts = shards.SearchCache()
    build_shards(copy.deepcopy(data), shown, counts)
    docs = data["docs"]
    df = Counter(t for d in docs for t in entry_tokens(d))
    for round_ in range(2):
        counts.save(tmp_path / "counts.pickle")
        counts = kept_counts(tmp_path / "counts.pickle")
        often = next(i for i, d in enumerate(docs) if "#" in d["location"] and "\u200b的\u200b" in d["text"]
                     and i % 2 == round_)
        docs[often]["text"] += "\u200b的\u200b的"
        digits = next(i for i, d in enumerate(docs) if "#" in d["location"] and i != often
                      and not any(c.isdigit() for c in d["text"]) and i % 2 == round_)
        docs[digits]["text"] = "0\u200b" + docs[digits]["text"]
        assert df["的"] == Counter(t for d in docs for t in entry_tokens(d))["的"]  # the same entries hold it
        affected = updated_terms(data, kept_counts(tmp_path / "counts.pickle"))
        assert affected is not None and "的" in affected and "0" in affected
        warm = build_shards(copy.deepcopy(data), shown, counts)
        assert warm == build_shards(copy.deepcopy(data), shown)
