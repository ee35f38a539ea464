"""Per-document results kept between builds, and work shared among the cores."""

from __future__ import annotations

import pickle

import pytest

from generator.cache.store import Store, identity
from generator.catalogue import load_settings
from generator.errors import BuildError
from generator.parallel import PARALLEL_MIN_ITEMS, parallel_map
from generator.reading.load import load_document
from tests.helpers import CONFIG, PROJECT, SOURCE


def test_key_separates_kinds_and_input_boundaries() -> None:
    assert Store.key("page", "ab", "c") != Store.key("page", "a", "bc")
    assert Store.key("page", "x") != Store.key("reading", "x")
    assert Store.key("page", "x") == Store.key("page", b"x")
    assert Store.key("page", "x").startswith("page-")


def test_stored_result_comes_back_and_counts_as_reused(tmp_path) -> None:
    store = Store(tmp_path)
    key = Store.key("page", "text")
    assert store.get(key) is None
    store.put(key, {"a": [1, 2]})
    again = Store(tmp_path)
    assert again.get(key) == {"a": [1, 2]}
    assert store.misses["page"] == 1 and again.hits["page"] == 1


def test_unreadable_entry_is_computed_again(tmp_path) -> None:
    """An entry cut short (an interrupted build) is a miss, never an error."""
    store = Store(tmp_path)
    key = Store.key("page", "text")
    store.put(key, "value")
    path = next(tmp_path.rglob("*.pickle"))
    path.write_bytes(path.read_bytes()[:5])
    assert Store(tmp_path).get(key) is None


def test_entries_not_used_by_the_last_build_are_removed(tmp_path) -> None:
    first = Store(tmp_path)
    old, kept = Store.key("page", "old"), Store.key("page", "kept")
    first.put(old, 1)
    first.put(kept, 2)
    second = Store(tmp_path)
    assert second.get(kept) == 2
    second.keep_only_used()
    assert Store(tmp_path).get(old) is None
    assert Store(tmp_path).get(kept) == 2


def test_no_folder_keeps_nothing() -> None:
    store = Store(None)
    key = Store.key("page", "x")
    store.put(key, 1)
    assert store.get(key) is None


def _square_or_fail(n: int) -> int:
    if n in (5, 7):
        raise BuildError(f"bad item {n}", f"source/{n}.txt", n)
    return n * n


def test_parallel_map_keeps_input_order() -> None:
    items = list(range(PARALLEL_MIN_ITEMS * 3))
    assert parallel_map(_square_or_fail, [i for i in items if i not in (5, 7)], processes=2) == \
        [i * i for i in items if i not in (5, 7)]


def test_parallel_map_raises_the_first_error_in_input_order_with_its_place() -> None:
    with pytest.raises(BuildError) as caught:
        parallel_map(_square_or_fail, list(range(PARALLEL_MIN_ITEMS * 3)), processes=2)
    assert caught.value.one_line() == "source/5.txt:5: bad item 5"


def test_identity_ignores_how_strings_are_shared() -> None:
    """A document taken from the store has other string sharing than one
    parsed anew; both must give the same key."""
    settings = load_settings(CONFIG)
    doc = load_document(SOURCE / "ctoc-cop-2022-5.txt", settings, PROJECT)
    copy = pickle.loads(pickle.dumps(doc))
    assert copy == doc
    assert identity(copy) == identity(doc)
    copy.body[0].text += "。"
    assert identity(copy) != identity(doc)


def _cube(n: int) -> int:
    return n ** 3


def test_results_one_at_a_time_are_the_kept_ones_and_the_computed_ones_in_input_order(tmp_path) -> None:
    """Some results kept by an earlier build (one of them cut short), the
    rest computed on two cores: each comes when its turn comes, equal to
    computing it here, and each is kept for the next build."""
    import random

    rng = random.Random(20261202)
    items = list(range(PARALLEL_MIN_ITEMS * 5))
    keys = [Store.key("page", str(i)) for i in items]
    earlier = Store(tmp_path)
    kept = sorted(rng.sample(items, len(items) // 3))
    for i in kept:
        earlier.put(keys[i], i ** 3)
    damaged = earlier.path(keys[kept[0]])
    damaged.write_bytes(damaged.read_bytes()[:3])
    store = Store(tmp_path)
    assert list(store.each_result(keys, _cube, items)) == [i ** 3 for i in items]
    assert store.hits["page"] == len(kept) - 1 and store.misses["page"] == len(items) - len(kept) + 1
    again = Store(tmp_path)
    # All kept now: a function that squares (and fails on 5 and 7) is never called.
    assert again.results(keys, _square_or_fail, items) == [i ** 3 for i in items]
    assert again.hits["page"] == len(items)
