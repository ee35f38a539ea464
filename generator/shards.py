"""The sharded search index for the hosted site, and what the search keeps between builds.

Over http a reader should download only what a query needs, not the whole
index. The single index (search.py) stays, as search_index.js, for file://
(where only <script> can load data and Material's own lunr worker runs);
over http search_index.json becomes a small manifest and our worker
(generator/assets/javascripts/workers/untoc-search.js) fetches shards.

lunr scores an entry as the sum, over fields, of the dot product of the
query vector and the entry's field vector divided by the length of the
query vector: sum_f sum_t q_t * w(t, e, f) / |q|, with w the BM25 weight
(b = 0, as Material sets it) times the field boost, rounded to 3
decimals. Each clause of a query adds its boost to q_t of every index
term it expands to (第* expands to every term starting with 第), so the
score is linear in the clauses: score(e) = sum_c boost_c * A_c(e) / |q|,
A_c(e) = sum over the terms t of c of W(t, e), W(t, e) = sum_f w(t, e, f);
|q| needs only how many terms each clause expands to and how the clauses
overlap. The shards hold W per term and entry (postings, in thousandths:
exact, as w has 3 decimals), and for heavy short prefixes (第*, 缔约*:
the pieces Han segmentation makes) the sum over the prefix's terms and
their count, so such a clause fetches one list instead of thousands.
Beside them: the lexicon (term names, to segment a query's Han runs as
Material does) and the entries' text shown in results, per page in runs
of META_ENTRIES.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import marshal
import math
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .lunr import js_order, lunr_idf, lunr_order, lunr_weight
from .memo import load_pickle, paused_cycle_collection, store_pickle
from .search_terms import tokens

SHARD_DIRS = ("t", "a", "l", "m")  # terms, prefix aggregates, lexicon, entry metadata
EVERY_FILE = "every.json"  # per entry, the sum of W over all its terms (the clause **)
WEIGHT_SCALE = 1_000  # W is stored as W * WEIGHT_SCALE: an integer, w has 3 decimals
POSTINGS_BYTES = 32_000  # target size of a term or aggregate shard
LEXICON_BYTES = 8_000  # target size of a lexicon shard (term names only)
META_ENTRIES = 16  # entries per metadata file (text shown in results)
AGG_MAX_PREFIX = 2  # aggregates for prefixes of 1 and 2 characters...
AGG_MIN_POSTINGS = 300  # ...whose terms hold this many postings together...
AGG_MAX_SHARE = 0.75  # ...and only if the aggregate is this much smaller
SHARDS_VERSION = 1

# What the kept counts, phantom answer and postings (SearchCache.save)
# depend on: the code that splits, weighs and guards the index, and Python's
# version (marshal's format).
_COUNTED_BY = ("search_terms.py", "lunr.py", "shards.py", "search.py")
COUNTS_VERSION = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes() for name in _COUNTED_BY) + sys.version.encode()
).hexdigest()[:16]


class SearchCache:
    """What the search index keeps between builds, beside the segmentation.

    Weighting the index and guarding it against lunr's phantom terms need
    every entry's terms; a rebuild after one changed document would split
    and count every entry again. Kept in one pickle: each distinct entry's
    terms counted per field (keyed by a digest of its fields), the phantom
    guard's answer by term list, and the last build's postings, which a
    rebuild updates where few entries changed (_update_postings).
    """

    def __init__(self) -> None:
        self.counts: dict[bytes, list[dict[str, int]]] = {}
        self.used: set[bytes] = set()
        self.phantom: dict[str, int] = {}  # digest of the sorted terms -> filler size
        # The last build's postings, to update rather than rebuild (see
        # _update_postings): its fields, entry keys in index order, document
        # frequencies, postings, serialised postings and prefix sums.
        self.postings: dict[str, object] = {}

    @staticmethod
    def key(values: tuple[str, ...]) -> bytes:
        return hashlib.sha1("\0".join(values).encode("utf-8")).digest()

    def of(self, values: tuple[str, ...], key: bytes | None = None) -> list[dict[str, int]]:
        """The term counts of each field value (do not modify them);
        ``key``: their digest (``SearchCache.key``), where known already.

        Plain dicts: a Counter pickles several times slower."""
        key = key or self.key(values)
        self.used.add(key)
        found = self.counts.get(key)
        if found is None:
            found = self.counts[key] = [dict(Counter(tokens(value))) for value in values]
        return found

    def load(self, path: Path) -> None:
        with paused_cycle_collection():
            kept = load_pickle(path)
            if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == COUNTS_VERSION):
                return  # not kept, or by other code
            try:
                counts = marshal.loads(kept[1])
            except (EOFError, ValueError, TypeError):
                return
        self.counts, self.phantom, self.postings = counts, kept[2], kept[3]

    def save(self, path: Path) -> None:
        """Keep the counts this build used, for the next build."""
        kept = {k: v for k, v in self.counts.items() if k in self.used}
        # The counts are a hundred thousand small dicts: marshal writes them
        # several times faster than pickle (whose version check,
        # COUNTS_VERSION, also covers marshal's, which is Python's).
        store_pickle(path, (COUNTS_VERSION, marshal.dumps(kept), self.phantom, self.postings))


def field_values(doc: dict, names: Iterable[str]) -> tuple[str, ...]:
    """An entry's searched field values, in config order ("" where absent)."""
    return tuple(v if isinstance(v := doc.get(name), str) else "" for name in names)


def _field_boosts(data: dict) -> dict[str, float]:
    """The searched fields of the index, in config order, with their boosts."""
    return {name: float(spec.get("boost", 1) or 1) for name, spec in data["config"]["fields"].items()}


def _scaled(w: float) -> int:
    """W(t, e), summed over the fields, in WEIGHT_SCALE units."""
    return math.floor(w * WEIGHT_SCALE + 0.5)


def _entry_stats(keys: list[tuple[str, ...]], digests: list[bytes], boosts: list[float], counts: SearchCache,
                 df: Counter) -> tuple[list[dict[str, float]], list[dict[str, int]]]:
    """Per entry (its field values and their digest): term -> W(t, e), and
    term -> the first field (config order) holding it; ``df`` receives the
    document frequencies.

    Entries with the same fields (the reports repeat paragraphs word for
    word) share one computation and one result: do not modify them.
    """
    for key, digest in zip(keys, digests, strict=True):
        for found in counts.of(key, digest):  # one list per distinct digest
            df.update(found.keys())
    n = len(keys)
    idf = {t: lunr_idf(n, d) for t, d in df.items()}
    done: dict[bytes, tuple[dict[str, float], dict[str, int]]] = {}
    weights_out: list[dict[str, float]] = []
    firsts_out: list[dict[str, int]] = []
    for digest in digests:
        result = done.get(digest)
        if result is None:
            weights: dict[str, float] = {}
            first: dict[str, int] = {}
            for number, (boost, found) in enumerate(zip(boosts, counts.counts[digest], strict=True)):
                for t, tf in found.items():
                    weights[t] = weights.get(t, 0.0) + lunr_weight(idf[t], tf, boost)
                    first.setdefault(t, number)
            result = done[digest] = (weights, first)
        weights_out.append(result[0])
        firsts_out.append(result[1])
    return weights_out, firsts_out


def postings(data: dict) -> dict[str, list[tuple[int, int]]]:
    """term -> [(entry number, W * WEIGHT_SCALE)] in the order lunr meets the entries.

    lunr goes through a term's fields in config order, and each field's
    entries in index order: by the first field holding the term, then by
    entry. (Ties in score keep that order.)
    """
    plists, _ = _flat_postings(data, SearchCache())
    return {t: list(_pairs(flat)) for t, flat in plists.items()}


def _flat_postings(data: dict, counts: SearchCache) -> tuple[dict[str, array], set[str] | None]:
    """postings() as flat arrays [entry, weight, entry, weight, ...] (a tuple
    per posting would take several times the memory at 500 documents), and
    the terms whose postings were computed anew (None: all of them).

    With ``counts`` holding the last build's postings, and the entries the
    same but for a few, only the postings of the terms of those entries are
    computed again (_update_postings); ``counts`` then keeps these postings
    for the next build.
    """
    boosts = tuple(_field_boosts(data).items())
    names = [name for name, _ in boosts]
    keys = [field_values(doc, names) for doc in data["docs"]]
    digests = [SearchCache.key(key) for key in keys]
    updated = _update_postings(keys, digests, boosts, counts)
    if updated is not None:
        return updated
    df: Counter = Counter()
    plists = _all_postings(keys, digests, [boost for _, boost in boosts], counts, df)
    counts.postings = {"boosts": boosts, "entries": digests, "df": dict(df), "plists": plists}
    return plists, None


# At most this share of the entries may have changed for the postings to be
# updated rather than built again.
UPDATE_SHARE = 0.02


def _update_postings(keys: list[tuple[str, ...]], digests: list[bytes], boosts: tuple,
                     counts: SearchCache) -> tuple[dict[str, array], set[str]] | None:
    """The postings, from the last build's and the entries that changed, and
    the terms whose postings were computed anew; or None when they must be
    built again (other fields, another number of
    entries, too many changes, or the last build's counts not kept).

    With the same number of entries, a term's IDF changes only where its
    document frequency does, and that only through the changed entries: the
    terms of their old and new text are the only ones whose postings can
    differ. Where such a term's document frequency moved, every entry
    holding it is weighed again; where it did not (most terms of a changed
    paragraph, 的 among them), only the changed entries' postings are taken
    out and put back in their place. The summed postings of every term
    (``EVERY_FILE``) are updated alongside (_update_every).
    """
    last = counts.postings
    n = len(keys)
    if not last or last.get("boosts") != boosts or len(last["entries"]) != n:
        return None
    changed = [i for i, (a, b) in enumerate(zip(last["entries"], digests, strict=True)) if a != b]
    if len(changed) > max(1, int(n * UPDATE_SHARE)):
        return None
    old = [counts.counts.get(last["entries"][i]) for i in changed]
    if any(found is None for found in old):
        return None

    def counts_of(e: int) -> list[dict[str, int]]:  # the kept counts of entry e
        return counts.of(keys[e], digests[e])

    new = [counts_of(i) for i in changed]
    last_df: dict[str, int] = last["df"]
    df: dict[str, int] = dict(last_df)
    affected: set[str] = set()
    for per_field, step in [(f, -1) for f in old] + [(f, 1) for f in new]:
        for found in per_field:
            for t in found:
                df[t] = df.get(t, 0) + step
                affected.add(t)
    for t in affected:
        if df[t] == 0:
            del df[t]
    last_plists: dict[str, array] = last["plists"]
    plists = dict(last_plists)  # the arrays of unaffected terms are shared, never changed
    changed_set = set(changed)
    weights = [boost for _, boost in boosts]
    reweighed: dict[int, int] = {}  # holder -> change of its sum over all terms
    changed_sums = dict.fromkeys(changed, 0)
    for t in affected:
        if t not in df:
            plists.pop(t, None)
            continue
        d = df[t]
        idf = lunr_idf(n, d)
        before = last_plists.get(t, array("q"))
        if d == last_df.get(t):
            flat = _splice(before, t, changed, old, new, idf, weights, counts_of)
        else:
            holders = [e for e in before[::2] if e not in changed_set]
            holders += [i for i, per_field in zip(changed, new, strict=True) if any(t in found for found in per_field)]
            # Only the holders of a changed term are looked up (kept counts).
            rows = sorted((first, e, w) for e in holders
                          for first, w in [_weighed(t, idf, weights, counts_of(e))])
            flat = array("q", itertools.chain.from_iterable((e, w) for _, e, w in rows))
            was = dict(_pairs(before))
            for _, e, w in rows:
                if e not in changed_set:
                    reweighed[e] = reweighed.get(e, 0) + w - was[e]
        for e, w in _pairs(flat):
            if e in changed_set:
                changed_sums[e] += w
        plists[t] = flat
    counts.postings = {"boosts": boosts, "entries": digests, "df": df, "plists": plists,
                       "dumps": last.get("dumps", {}), "aggregates": last.get("aggregates", {})}
    if "every" in last:
        counts.postings["every"] = _update_every(last["every"], reweighed, changed_sums, new,
                                                 counts_of)
    return plists, affected


def _weighed(t: str, idf: float, boosts: list[float], per_field: list[dict[str, int]]) -> tuple[int, int]:
    """(first field holding ``t``, W(t, e) in WEIGHT_SCALE units) of an entry
    whose fields hold these term counts: lunr's operations in lunr's order,
    as _entry_stats."""
    total = 0.0
    first = -1
    for number, (boost, found) in enumerate(zip(boosts, per_field, strict=True)):
        tf = found.get(t)
        if tf:
            total = total + lunr_weight(idf, tf, boost)
            if first < 0:
                first = number
    return first, _scaled(total)


def _first_field(per_field: list[dict[str, int]], term: str) -> int:
    return next(number for number, found in enumerate(per_field) if term in found)


def _splice(before: array, t: str, changed: list[int], old: list, new: list, idf: float, weights: list[float],
            counts_of: Callable[[int], list[dict[str, int]]]) -> array:
    """``t``'s postings with the changed entries' rows taken out and their
    new rows put in their place: its IDF is the same, so every other row
    stands, in the same order (first field, then entry)."""
    flat = array("q", before)
    for e, per_field in zip(changed, old, strict=True):
        if any(t in found for found in per_field):
            at = flat[::2].index(e)
            del flat[2 * at:2 * at + 2]
    for e, per_field in zip(changed, new, strict=True):
        if any(t in found for found in per_field):
            first, w = _weighed(t, idf, weights, per_field)
            # Rows are in (first field, entry) order: bisect on row numbers,
            # looking up the counts of the few entries it probes.
            at = bisect.bisect_left(range(len(flat) // 2), (first, e),
                                    key=lambda row: (_first_field(counts_of(flat[2 * row]), t), flat[2 * row]))
            flat[2 * at:2 * at] = array("q", (e, w))
    return flat


def _update_every(last: array, reweighed: dict[int, int], changed_sums: dict[int, int], new: list,
                  counts_of: Callable[[int], list[dict[str, int]]]) -> array:
    """The last build's summed postings of every term (flat [entry, sum, ...]
    in the order lunr meets the entries) brought up to date.

    lunr meets an entry at the first of its terms in lunr_order, among that
    term's postings by (first field, entry): the entries are in the order of
    _met_key, which changes only for the changed entries. Their sums are
    computed anew; the other entries' sums move only with the terms they
    hold whose weights moved (``reweighed``).
    """
    sums = dict(zip(last[::2], last[1::2], strict=True))
    for e, delta in reweighed.items():
        sums[e] += delta
    order = [e for e in last[::2] if e not in changed_sums]
    for e, per_field in sorted(zip(changed_sums, new, strict=True)):
        if not any(per_field):
            continue  # no terms: lunr never meets it
        at = bisect.bisect_left(order, _met_key(per_field, e), key=lambda x: _met_key(counts_of(x), x))
        order.insert(at, e)
        sums[e] = changed_sums[e]
    return array("q", itertools.chain.from_iterable((e, sums[e]) for e in order))


def _met_key(per_field: list[dict[str, int]], entry: int) -> tuple:
    """Where lunr first meets an entry whose fields hold these term counts (see _update_every)."""
    term = min((t for found in per_field for t in found), key=lunr_order)
    return lunr_order(term), _first_field(per_field, term), entry


def _all_postings(keys: list[tuple[str, ...]], digests: list[bytes], boosts: list[float], counts: SearchCache,
                  df: Counter) -> dict[str, array]:
    """Every term's postings, computed from every entry (``df`` receives the
    document frequencies)."""
    fields = len(boosts)
    staged: dict[str, list[array | None]] = {}
    scaled: dict[int, dict[str, int]] = {}  # id of a shared weights dict -> its integers
    weights_all, firsts_all = _entry_stats(keys, digests, boosts, counts, df)
    for entry, (weights, first) in enumerate(zip(weights_all, firsts_all, strict=True)):
        ints = scaled.get(id(weights))
        if ints is None:
            ints = scaled[id(weights)] = {t: _scaled(w) for t, w in weights.items()}
        for term, weight in ints.items():
            buckets = staged.get(term)
            if buckets is None:
                buckets = staged[term] = [None] * fields
            bucket = buckets[first[term]]
            if bucket is None:
                bucket = buckets[first[term]] = array("q")
            bucket.append(entry)
            bucket.append(weight)
    # Entries were added in index order: the buckets, in field order, are
    # the order lunr meets them.
    out: dict[str, array] = {}
    for term, buckets in staged.items():
        flat = array("q")
        for bucket in buckets:
            if bucket is not None:
                flat.extend(bucket)
        out[term] = flat
    return out


def _pairs(flat: array) -> Iterator[tuple[int, int]]:
    return zip(flat[::2], flat[1::2], strict=True)


def _met(plists: dict[str, array], terms: Iterable[str]) -> list[tuple[int, int]]:
    """Summed postings of ``terms``, entries in the order lunr meets them (terms in lunr_order)."""
    summed: dict[int, int] = {}
    for term in sorted(terms, key=lunr_order):
        for entry, weight in _pairs(plists[term]):
            summed[entry] = summed.get(entry, 0) + weight
    return list(summed.items())


def _encode(plist: Iterable[tuple[int, int]]) -> list[int]:
    """Flat [gap, weight, gap, weight, ...]: entry numbers as gaps (negative where
    the order goes back) keep the JSON short."""
    flat: list[int] = []
    previous = 0
    for entry, weight in plist:
        flat += (entry - previous, weight)
        previous = entry
    return flat


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _chunks(items: list[tuple[str, str]], target: int) -> list[list[tuple[str, str]]]:
    """Consecutive (key, serialised value) runs of about ``target`` bytes; a big value alone."""
    out: list[list[tuple[str, str]]] = []
    size = 0
    for key, value in items:
        cost = len(key.encode()) + len(value.encode()) + 4
        if not out or size + cost > target:
            out.append([])
            size = 0
        out[-1].append((key, value))
        size += cost
    return out


def aggregates(plists: dict[str, array], last: dict | None = None,
               affected: set[str] | None = None) -> dict[str, tuple[int, array]]:
    """(term count, summed postings as a flat array) of the short prefixes
    where one list is much smaller than all of theirs.

    ``last``: the last build's, valid for every prefix of no ``affected`` term.
    """
    members: dict[str, list[str]] = {}
    for term in plists:
        for size in range(1, min(AGG_MAX_PREFIX, len(term)) + 1):
            members.setdefault(term[:size], []).append(term)
    touched = None
    if last is not None and affected is not None:
        touched = {t[:size] for t in affected for size in range(1, min(AGG_MAX_PREFIX, len(t)) + 1)}
    out: dict[str, tuple[int, array]] = {}
    for prefix, terms in members.items():
        if touched is not None and prefix not in touched:
            if prefix in last:
                out[prefix] = last[prefix]
            continue
        total = sum(len(plists[t]) // 2 for t in terms)
        if total < AGG_MIN_POSTINGS or len(terms) < 2:
            continue
        summed = _met(plists, terms)
        if len(summed) <= AGG_MAX_SHARE * total:
            # Flat integer arrays: a list of tuples pickles ten times slower.
            out[prefix] = (len(terms), array("q", itertools.chain.from_iterable(summed)))
    return out


def build_shards(data: dict, pages_text: list[tuple[str, str, str]],
                 counts: SearchCache | None = None) -> dict[str, str]:
    """The files of the sharded index, path (under search/) -> content.

    ``data``: the single index (Material's format, after the phantom guard);
    ``pages_text``: (location, title, plain text) of each of its entries,
    in the same order, for the metadata shown in results.
    """
    counts = SearchCache() if counts is None else counts
    files: dict[str, str] = {}
    plists, affected = _flat_postings(data, counts)
    terms = sorted(plists, key=js_order)

    def write(folder: str, chunks: list[list[tuple[str, str]]], body: Callable[[list[tuple[str, str]]], str]) -> list[str]:
        for number, chunk in enumerate(chunks):
            files[f"{folder}/{number}.json"] = body(chunk)
        return [chunk[0][0] for chunk in chunks]

    def as_object(chunk: list[tuple[str, str]]) -> str:
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{v}" for k, v in chunk) + "}"

    # Material's query transform turns the "*" it appends after a Han piece
    # into a clause of its own, "**", which lunr expands to every term: it
    # adds sum_t W(t, e) to every entry.
    # This build's postings: after a full build they keep no "every",
    # "dumps" or "aggregates" yet; after an update, the last build's, which
    # hold where ``affected`` says.
    kept = counts.postings
    every = kept.get("every")
    if every is None:
        every = kept["every"] = array("q", itertools.chain.from_iterable(_met(plists, plists)))
    files[EVERY_FILE] = _dump(_encode(_pairs(every)))
    last_dumps: dict[str, str] = kept.get("dumps", {})
    dumps = {t: last_dumps[t] if t in last_dumps and t not in affected else _dump(_encode(_pairs(plists[t])))
             for t in terms}
    term_items = [(t, dumps[t]) for t in terms]
    term_first = write("t", _chunks(term_items, POSTINGS_BYTES), as_object)
    agg = kept["aggregates"] = aggregates(plists, kept.get("aggregates"), affected)
    kept["dumps"] = dumps
    agg_keys = sorted(agg, key=js_order)
    agg_first = write("a", _chunks([(k, _dump([agg[k][0], _encode(_pairs(agg[k][1]))])) for k in agg_keys],
                                   POSTINGS_BYTES), as_object)
    lexicon_first = write("l", _chunks([(t, "") for t in terms], LEXICON_BYTES),
                          lambda chunk: _dump([k for k, _ in chunk]))

    # Entry metadata, per page in runs of META_ENTRIES entries (the page
    # entry, then its elements): a result list shows pages, each with its
    # matching elements, and a page is fetched only where those are.
    pages: list[list] = []
    for number, (location, title, _text) in enumerate(pages_text):
        if "#" not in location:
            pages.append([location, title, number])
    bounds = [p[2] for p in pages] + [len(pages_text)]
    for page_no, (start, end) in enumerate(itertools.pairwise(bounds)):
        for run, first in enumerate(range(start, end, META_ENTRIES)):
            titles: dict[str, int] = {}
            rows = []
            for location, title, text in pages_text[first:min(first + META_ENTRIES, end)]:
                rows.append([location.partition("#")[2], titles.setdefault(title, len(titles)), text])
            files[f"m/{page_no}-{run}.json"] = _dump({"entries": rows, "titles": list(titles)})

    config = json.loads(json.dumps(data["config"]))
    config["shards"] = {
        "version": SHARDS_VERSION,
        "scale": WEIGHT_SCALE,
        "entries": len(pages_text),
        "meta_entries": META_ENTRIES,
        "count": len(terms),  # how many terms "**" expands to
        "pages": pages,
        "terms": term_first,
        "aggregates": agg_first,
        "aggregated": " ".join(agg_keys),
        "lexicon": lexicon_first,
    }
    # "docs" stays empty: Material's bundle hands config and docs to the
    # worker, which reads the scheme from config.shards.
    files["search_index.json"] = _dump({"config": config, "docs": []})
    return files
