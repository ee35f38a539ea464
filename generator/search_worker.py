"""The search worker's query path, in Python: which shards a query needs and
how the worker ranks its results.

A mirror of generator/assets/javascripts/workers/untoc-search.js (and of
the parts of Material's query transform it ports), for the tests, which
check it against the worker in a browser, and for the benchmark, which
measures what a query downloads. The build does not use it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterator

from .lunr import js_order, lunr_order
from .search_terms import SEPARATOR_RE
from .shards import EVERY_FILE

HIGH = "\uffff"  # sorts after every BMP code unit: p + HIGH bounds the terms starting with p

# Han as JavaScript's /\p{sc=Han}/u (Material segments such runs of a query
# against the index's terms); Python's re has no script classes.
HAN_SCRIPT = ("\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
              "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00020000-\U0003134a")
_HAN_SCRIPT_RUN = re.compile(f"[{HAN_SCRIPT}]+")


# --- Which files a query needs (mirror of the worker) -----------------------


def _last_at_most(firsts: list[str], key: str) -> int:
    """Index of the last chunk whose first key sorts at or before ``key`` (-1 if none)."""
    lo, hi = 0, len(firsts)
    k = js_order(key)
    while lo < hi:
        mid = (lo + hi) // 2
        if js_order(firsts[mid]) <= k:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _range_chunks(firsts: list[str], prefix: str) -> list[int]:
    """The chunks that can hold terms starting with ``prefix``."""
    lo = max(_last_at_most(firsts, prefix), 0)
    hi = _last_at_most(firsts, prefix + HIGH)
    return list(range(lo, hi + 1))


def material_segment(query: str, terms: set[str] | dict) -> list[str]:
    """Material's segment() (integrations/search/query/segment): the pieces of a Han run.

    Ported as is, including that the run's last character never starts or
    ends a looked-up piece: the worker must give the same clauses.
    """
    segments: dict[str, None] = {}
    wordcuts = [0] * len(query)
    for i in range(len(query)):
        for j in range(i + 1, len(query)):
            if query[i:j] in terms:
                wordcuts[i] = j - i
    stack = [0]
    s = len(stack)
    while s > 0:
        s -= 1
        p = stack[s]
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments[query[p:p + q]] = None
                if s < len(stack):
                    stack[s] = p + q
                else:
                    stack.append(p + q)
                s += 1
        q = p + wordcuts[p]
        if q < len(wordcuts) and wordcuts[q] and q < len(query) - 1:
            if s < len(stack):
                stack[s] = q
            else:
                stack.append(q)
            s += 1
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


def _slices(run: str) -> list[str]:
    return [run[i:j] for i in range(len(run)) for j in range(i + 1, len(run))]


_OPERATORS = re.compile(r"[:~^+\"\\*-]")


def query_clauses(query: str, manifest: dict, read: Callable[[str], object]) -> tuple[list[str], set[str]]:
    """The lunr clause terms of a plain query, and the lexicon files read to find them.

    Mirrors Material's transform for queries without lunr operators
    (: ~ ^ + - * " \\), which is what readers type; others raise ValueError.
    """
    if _OPERATORS.search(query):
        raise ValueError(f"query with lunr operators is not mirrored: {query!r}")
    shards = manifest["config"]["shards"]
    lexicon: set[str] = set()
    known: set[str] = set()
    for run in _HAN_SCRIPT_RUN.findall(query):
        for piece in _slices(run):
            i = _last_at_most(shards["lexicon"], piece)
            if i >= 0 and f"l/{i}.json" not in lexicon:
                lexicon.add(f"l/{i}.json")
                known.update(read(f"l/{i}.json"))
    segmented = _HAN_SCRIPT_RUN.sub(lambda m: "* ".join(material_segment(m.group(), known)), query)
    clauses: list[str] = []
    for part in segmented.split():
        for piece in SEPARATOR_RE.split(part):
            if piece:
                clauses.append((piece + "*").lower())
    return clauses, lexicon


def clause_files(term: str, manifest: dict) -> list[str]:
    """The shards one lunr clause term (a glob: * is any text) needs."""
    shards = manifest["config"]["shards"]
    prefix = term.split("*", 1)[0]
    if not prefix:
        # "**" matches every term; "*x" (typed by hand) would need every
        # term shard, and the worker leaves it out.
        return [EVERY_FILE] if set(term) == {"*"} else []
    if "*" in term and term.rstrip("*") == prefix and prefix in set(shards["aggregated"].split()):
        return [f"a/{_last_at_most(shards['aggregates'], prefix)}.json"]
    if "*" not in term:
        i = _last_at_most(shards["terms"], term)
        return [f"t/{i}.json"] if i >= 0 else []
    return [f"t/{i}.json" for i in _range_chunks(shards["terms"], prefix)]


def shards_for_query(query: str, manifest: dict, read: Callable[[str], object]) -> list[str]:
    """The files under search/ the worker fetches to rank ``query`` (before showing results).

    ``manifest``: search/search_index.json; ``read(path)``: a shard's data
    (the lexicon is needed to segment Han runs as the worker does).
    """
    clauses, files = query_clauses(query, manifest, read)
    needed = set(files)
    for term in clauses:
        needed.update(clause_files(term, manifest))
    return sorted(needed)


# --- Ranking (mirror of the worker, for measuring and testing) --------------

# lunr's English stop words: Material lists a query term not found as
# missing unless it is one of them (getSearchQueryTerms).
LUNR_STOP_WORDS = frozenset([
    "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "but", "by", "can", "cannot", "could", "dear", "did", "do", "does",
    "either", "else", "ever", "every", "for", "from", "get", "got", "had", "has", "have", "he", "her", "hers",
    "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "least", "let", "like",
    "likely", "may", "me", "might", "most", "must", "my", "neither", "no", "nor", "not", "of", "off", "often",
    "on", "only", "or", "other", "our", "own", "rather", "said", "say", "says", "she", "should", "since", "so",
    "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "tis", "to",
    "too", "twas", "us", "wants", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "would", "yet", "you", "your"
])


def _decode(flat: list[int]) -> Iterator[tuple[int, int]]:
    entry = 0
    for gap, weight in zip(flat[::2], flat[1::2], strict=True):
        entry += gap
        yield entry, weight


def _clause_matches(term: str, manifest: dict, read: Callable[[str], object]) -> tuple[dict[int, int], object]:
    """(entry -> summed weight in lunr's meeting order, the clause's terms: a list or (prefix, count))."""
    shards = manifest["config"]["shards"]
    prefix = term.split("*", 1)[0]
    files = clause_files(term, manifest)
    out: dict[int, int] = {}

    def add(flat: list[int]) -> None:
        for entry, weight in _decode(flat):
            out[entry] = out.get(entry, 0) + weight

    if not prefix:
        if files:
            add(read(EVERY_FILE))
            return out, ("", shards["count"])
        return out, []
    if files and files[0].startswith("a/"):
        count, flat = read(files[0])[prefix]
        add(flat)
        return out, (prefix, count)
    if "*" not in term:
        flat = read(files[0]).get(term) if files else None
        if flat:
            add(flat)
            return out, [term]
        return out, []
    rest = term[len(prefix):]
    glob = None if set(rest) == {"*"} else re.compile("^" + ".*".join(map(re.escape, term.split("*"))) + "$")
    lists: dict[str, list[int]] = {}
    for path in files:
        for t, flat in read(path).items():
            if t.startswith(prefix) and (glob is None or glob.match(t)):
                lists[t] = flat
    terms = sorted(lists, key=lunr_order)
    for t in terms:
        add(lists[t])
    return out, terms


def _shared(a: object, b: object) -> int:
    if isinstance(a, list) and isinstance(b, list):
        return len(set(a) & set(b))
    if isinstance(a, list):
        return sum(1 for t in a if t.startswith(b[0]))
    if isinstance(b, list):
        return _shared(b, a)
    if a[0].startswith(b[0]):
        return a[1]
    if b[0].startswith(a[0]):
        return b[1]
    return 0


def rank_query(query: str, manifest: dict, read: Callable[[str], object]) -> list[tuple[int, list[tuple[int, float]]]]:
    """The worker's result list for a plain ``query``: (page, [(entry, score), ...]) in order.

    The same arithmetic in the same order as untoc-search.js (so equal
    scores tie the same way); the page's own entry is the one whose number
    is the page's first entry.
    """
    shards = manifest["config"]["shards"]
    clauses, _ = query_clauses(query, manifest, read)
    scores: dict[int, float] = {}
    found = []
    for term in clauses:
        entries, terms = _clause_matches(term, manifest, read)
        found.append((entries, terms))
        for entry, weight in entries.items():
            scores[entry] = scores.get(entry, 0) + 1 * weight
    squares = 0
    for _, a in found:
        for _, b in found:
            squares += 1 * 1 * _shared(a, b)
    norm = math.sqrt(squares) * shards["scale"]
    results = []
    for entry, total in scores.items():
        value = total / norm if norm else 0.0
        results.append((entry, value))
    results.sort(key=lambda r: -r[1])
    # Material's terms: a clause term stripped of one leading and one
    # trailing "*", found when its clause matched the entry.
    shown = []
    for term in clauses:
        shown.append(term.removeprefix("*").removesuffix("*"))
    firsts = [p[2] for p in shards["pages"]]
    adjusted = []
    for entry, value in results:
        terms: dict[str, bool] = {}
        for bare, (entries, _) in zip(shown, found, strict=True):
            if entry in entries and "*" not in bare:
                terms[bare] = True
        for bare in shown:
            if bare not in terms and bare and bare not in LUNR_STOP_WORDS:
                terms[bare] = False
        page = bisect.bisect_right(firsts, entry) - 1
        boost = (firsts[page] == entry) + (sum(terms.values()) / len(terms) if terms else math.nan)
        adjusted.append((entry, page, value * (1 + boost ** 2)))
    adjusted.sort(key=lambda r: -r[2])
    groups: dict[int, list[tuple[int, float]]] = {}
    for entry, page, value in adjusted:
        groups.setdefault(page, []).append((entry, value))
    return list(groups.items())


FIRST_PAGES = 10  # result items Material renders before the reader scrolls


def shown_metadata(query: str, manifest: dict, read: Callable[[str], object]) -> list[str]:
    """The metadata files the worker fetches to show the results of ``query``.

    For each of the first FIRST_PAGES pages listed: the file of the page's
    own entry and those of the sections Material shows open (scoring as
    well as the page's best); the "more" sections are fetched when opened.
    """
    shards = manifest["config"]["shards"]
    size = shards["meta_entries"]
    files: set[str] = set()
    for page, group in rank_query(query, manifest, read)[:FIRST_PAGES]:
        first = shards["pages"][page][2]
        files.add(f"m/{page}-0.json")
        top = group[0][1]
        for entry, value in group:
            if entry == first or not value < top:
                files.add(f"m/{page}-{(entry - first) // size}.json")
    return sorted(files)

