"""The goals of issues 18, 32 and 15, checked against a benchmark report, and its table.

Ratios are always ours / plain (below 1: ours is faster or smaller), except
the speed-up goal, which is stated the other way round (plain / ours).
The search goals (issue 15) are checked against ``report["search"]``,
written by bench.search: quality at N = 5, scale at the largest N.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from .measure import STAGES

# Issue 18, at N = 500 (and the largest N of the run, 2,000 by its goals):
GOAL_N = 500
# Issue 32: the full build (the ZIM is apart) ahead of the plain build at
# N = 500 and at the largest N (2,000 by its goals).
SPEEDUP_MIN = 1.0
NOCHANGE_MAX = 0.01  # rebuild with no change: at most 1% of a full build
ONECHANGE_MAX = 0.10  # rebuild after one changed document: at most 10%
SITE_MAX_RATIO = 1.5  # hosted site at most 1.5x the plain site
MEMORY_MAX_MB = {500: 1024, 2000: 3072}  # peak memory, all processes together
PAGE_MAX_BYTES = 1 << 20  # no page over 1 MB of HTML (at N = 2,000)
MEMORY_EXPONENT_MAX = 1.0  # peak memory at most linear in N
PAYLOAD_MAX = 0.05  # search payload: at most 5% of the plain site's index (issue 9)
# Issue 32: hostable on the common free static hosts at N = 2,000
# (Cloudflare Pages: 20,000 files, 25 MiB a file; GitHub Pages: 1 GB a site).
HOSTING_N = 2000
FILES_MAX = 20_000
FILE_MAX_BYTES = 25 * 2**20
SITE_MAX_BYTES = 1e9
# Issue 15: search quality on the real reports, from file:// and over http...
FIRST_HOLDS_MIN = 0.95  # the first result holds the query, share of queries
TOP5_HOLDS_MIN = 0.90  # of the first five results, share holding it (mean over queries)
ALL_LISTED_MIN = 1.0  # every document holding the query is listed, share of queries
# ...and scale at N = 1,000 (the bench corpus), the offline site from file://.
FIRST_RESULT_MAX_S = 1.5  # opening index.html to the first result shown
HEAP_MAX_BYTES = 200e6  # the page's JavaScript heap then
QUERY_MAX_BYTES = 1e6  # search files one query loads (http and disk), the largest...
QUERY_MEDIAN_MAX_BYTES = 300e3  # ...and the median
SEARCH_DIR_MAX_RATIO = 1.0  # the search folder no larger than a plain Material index
# Issue 28: known items (a query naming an element) at N = 5 and N = 1,000,
# from file:// and over http; folded queries give their plain form's results.
KNOWN_FIRST_MIN = 0.95  # the first result is the element meant, share of queries
KNOWN_MRR_MIN = 0.97  # mean reciprocal rank of the element meant
FOLDED_SAME_MIN = 1.0  # a folded query's results are its plain form's, share of queries
SCALE_N = 1000


@dataclass
class Goal:
    name: str
    target: str
    measured: str
    met: bool | None  # None: not measurable with this report
    detail: str

    @property
    def status(self) -> str:
        if self.met is None:
            return "n/a"
        return "met" if self.met else "MISSED"


def _mb(value: float | None) -> str:
    return f"{value:.0f} MB" if value else "—"


def ratio(ours: float, plain: float) -> float | None:
    """ours / plain, or None when there is nothing to compare with."""
    if not plain:
        return None
    return ours / plain


def _at_most(name: str, value: float | None, limit: float, what: str) -> Goal:
    target = f"≤ {limit:.0%}"
    if value is None:
        return Goal(name, target, "—", None, "not measured")
    measured = f"{value:.1%}"
    if value <= limit:
        return Goal(name, target, measured, True, f"within the limit by {limit - value:.1%} points")
    return Goal(name, target, measured, False,
                f"missed by {value - limit:.1%} points: {what} must shrink {value / limit:.1f}×")


def memory_exponent(small: dict[str, Any], large: dict[str, Any], n_small: int, n_large: int) -> float | None:
    """Exponent e of peak memory above the post-import baseline ~ N^e.

    The baseline (interpreter, generator, MkDocs, Material, jieba imported)
    does not depend on N; what grows on top of it is what the goal is about.
    """
    grown_small = small["peak_rss_mb"] - small["baseline_rss_mb"]
    grown_large = large["peak_rss_mb"] - large["baseline_rss_mb"]
    if n_large <= n_small or grown_small <= 0 or grown_large <= 0:
        return None
    return math.log(grown_large / grown_small) / math.log(n_large / n_small)


def _speedup_goal(n: int, full: dict[str, Any], plain: dict[str, Any], least: float) -> Goal:
    name, target = f"full build vs plain, N = {n}", f"≥ {least:g}× faster"
    speedup = plain["build_s"] / full["build_s"] if full["build_s"] else None
    if speedup is None:
        return Goal(name, target, "—", None, "not measured")
    measured = f"{speedup:.2f}× faster"
    if speedup >= least:
        return Goal(name, target, measured, True, f"{speedup / least:.2f}× the required speed-up")
    return Goal(name, target, measured, False,
                f"missed: the full build must get {least / speedup:.1f}× faster "
                f"({full['build_s']:.1f} s → ≤ {plain['build_s'] / least:.1f} s)")


def _total_memory(figures: dict[str, Any]) -> float:
    """The build's peak memory, all its processes together (PSS: a forked
    copy's shared pages once); older reports had the largest process only."""
    return figures.get("peak_total_pss_mb") or figures["peak_rss_mb"] + figures.get("peak_child_rss_mb", 0)


def _memory_goal(n: int, full: dict[str, Any], limit_mb: float) -> Goal:
    value = _total_memory(full)
    return _at_most_value(f"peak memory, all processes, N = {n}", value, limit_mb, lambda v: f"{v:.0f} MB",
                          "summed PSS of the build and its workers, sampled 4×/s")


def _growth_goal(report: dict[str, Any], sizes: list[int]) -> Goal:
    if len(sizes) < 2:
        return Goal("peak memory growth", "≤ linear in N", "—", None, "needs two sizes")
    # The two largest sizes: the growth that matters, least masked by the
    # fixed costs (MkDocs, Material) that dominate a small N.
    n_small, n = sizes[-2], sizes[-1]
    small, full = (report["runs"][str(k)]["ours"]["full"] for k in (n_small, n))
    e = memory_exponent(small, full, n_small, n)
    if e is None:
        return Goal("peak memory growth", "≤ linear in N", "—", None, "no growth measurable")
    per_doc = (_total_memory(full) - _total_memory(small)) / (n - n_small)
    measured = f"N^{e:.2f} ({per_doc:.2f} MB/doc)"
    if e <= MEMORY_EXPONENT_MAX:
        return Goal("peak memory growth", "≤ linear in N", measured, True,
                    f"between N={n_small} and N={n}, above the post-import baseline")
    return Goal("peak memory growth", "≤ linear in N", measured, False,
                f"missed by exponent {e - MEMORY_EXPONENT_MAX:.2f} (between N={n_small} and N={n})")


def evaluate_goals(report: dict[str, Any]) -> list[Goal]:
    """Issue 18's goals: at N = 500 (speed-up, memory, size, rebuilds) and at
    the largest N (still ahead of plain, memory, no page over 1 MB)."""
    sizes = sorted(int(n) for n in report["runs"])
    goals: list[Goal] = []
    for n in sizes:
        run = report["runs"][str(n)]
        full, plain = run["ours"]["full"], run["plain"]
        if n == GOAL_N:
            goals.append(_speedup_goal(n, full, plain, SPEEDUP_MIN))
            goals.append(_memory_goal(n, full, MEMORY_MAX_MB[GOAL_N]))
            goals.append(_at_most(f"site size vs plain, N = {n}", ratio(full["site_bytes"], plain["site_bytes"]),
                                  SITE_MAX_RATIO, "the site"))
            if "nochange" in run["ours"]:  # not measured at a --full-only size
                goals.append(_at_most("rebuild, no change", ratio(run["ours"]["nochange"]["build_s"], full["build_s"]),
                                      NOCHANGE_MAX, "the no-change rebuild time"))
                goals.append(_at_most(f"rebuild, one changed document, N = {n}",
                                      ratio(run["ours"]["onechange"]["build_s"], full["build_s"]),
                                      ONECHANGE_MAX, "the one-change rebuild time"))
            goals.append(_at_most("search payload per query",
                                  ratio(full["search_payload_bytes"], plain["search_payload_bytes"]),
                                  PAYLOAD_MAX, "the search payload"))
        if n == sizes[-1] and n > GOAL_N:
            goals.append(_speedup_goal(n, full, plain, SPEEDUP_MIN))
            if n in MEMORY_MAX_MB:
                goals.append(_memory_goal(n, full, MEMORY_MAX_MB[n]))
            if "onechange" in run["ours"]:
                goals.append(_at_most(f"rebuild, one changed document, N = {n}",
                                      ratio(run["ours"]["onechange"]["build_s"], full["build_s"]),
                                      ONECHANGE_MAX, "the one-change rebuild time"))
        if n == HOSTING_N:
            goals += hosting_goals(n, full)
        if n == sizes[-1]:
            goals.append(_at_most_value(f"biggest page, N = {n}", full.get("biggest_page_bytes"), PAGE_MAX_BYTES,
                                        _bytes, full.get("biggest_page", "")))
    goals.append(_growth_goal(report, sizes))
    for n, run in sorted(report.get("distinct", {}).items(), key=lambda kv: int(kv[0])):
        full = run["ours"]["full"]
        goals.append(_at_most_value(f"biggest page, distinct corpus, N = {n}", full.get("biggest_page_bytes"),
                                    PAGE_MAX_BYTES, _bytes, full.get("biggest_page", "")))
    return goals


def _search_share(full: dict[str, Any]) -> str:
    return (f"the search folder: {full.get('search_dir_files', 0)} files, {_bytes(full['search_dir_bytes'])}")


def hosting_goals(n: int, full: dict[str, Any]) -> list[Goal]:
    """Issue 32: the site fits the common free static hosts."""
    if "largest_file_bytes" not in full:
        return []
    files, search_files = full["site_files"], full.get("search_dir_files", 0)
    return [
        _at_most_value(f"site files, N = {n}", files, FILES_MAX, lambda v: f"{v:,.0f}",
                       f"{files - search_files:,} outside search/; {_search_share(full)}"),
        _at_most_value(f"largest file, N = {n}", full["largest_file_bytes"], FILE_MAX_BYTES,
                       lambda v: f"{v / 2**20:.1f} MiB", full["largest_file"]),
        _at_most_value(f"site bytes, N = {n}", full["site_bytes"], SITE_MAX_BYTES, _bytes,
                       f"{_bytes(full['site_bytes'] - full['search_dir_bytes'])} outside search/; "
                       f"{_search_share(full)}"),
    ]


def _at_least(name: str, value: float | None, limit: float, detail: str, share: bool = True) -> Goal:
    """A goal met by a value at least ``limit``: a share (shown in %) or a plain value."""
    target = f"≥ {limit:.0%}" if share else f"≥ {limit:.2f}"
    if value is None:
        return Goal(name, target, "—", None, "not measured")
    shown = f"{value:.1%}" if share else f"{value:.3f}"
    if value >= limit:
        return Goal(name, target, shown, True, detail)
    short = f"{limit - value:.1%} points" if share else f"{limit - value:.3f}"
    return Goal(name, target, shown, False, f"missed by {short}; {detail}")


def _quality_goals(quality: dict[str, Any]) -> list[Goal]:
    goals: list[Goal] = []
    for way, label in (("ours_file", "file://"), ("ours_http", "http")):
        run = quality.get("sites", {}).get(way)
        if not run or not run.get("works"):
            reason = run.get("reason", "not measured") if run else "not measured"
            for what in ("first result holds", "first five hold", "every document listed"):
                goals.append(Goal(f"{what}, {label}", "", "—", None, reason))
            continue
        n = run["queries"]
        goals.append(_at_least(f"first result holds, {label}", run["first_holds"], FIRST_HOLDS_MIN,
                               f"{round(run['first_holds'] * n)} of {n} queries"))
        goals.append(_at_least(f"first five hold, {label}", run["top5_holds"], TOP5_HOLDS_MIN,
                               f"mean over {n} queries"))
        goals.append(_at_least(f"every document listed, {label}", run["all_listed"], ALL_LISTED_MIN,
                               f"{round(run['all_listed'] * n)} of {n} queries"))
    return goals


def _at_most_value(name: str, value: float | None, limit: float, shown: Any, detail: str) -> Goal:
    target = f"≤ {shown(limit)}"
    if value is None:
        return Goal(name, target, "—", None, "not measured")
    if value <= limit:
        return Goal(name, target, shown(value), True, detail)
    return Goal(name, target, shown(value), False, f"missed: {value / limit:.1f}× the limit; {detail}")


def _payload_goal(name: str, spread: dict[str, Any] | None) -> Goal:
    target = f"≤ {_bytes(QUERY_MAX_BYTES)}, median ≤ {_bytes(QUERY_MEDIAN_MAX_BYTES)}"
    if not spread or spread.get("max") is None:
        return Goal(name, target, "—", None, "not measured")
    largest, median = spread["max"], spread["median"]
    measured = f"{_bytes(largest)}, median {_bytes(median)}"
    missed = [f"the largest {largest / QUERY_MAX_BYTES:.1f}× the limit"] if largest > QUERY_MAX_BYTES else []
    if median > QUERY_MEDIAN_MAX_BYTES:
        missed.append(f"the median {median / QUERY_MEDIAN_MAX_BYTES:.1f}× its limit")
    if missed:
        return Goal(name, target, measured, False, "missed: " + ", ".join(missed))
    return Goal(name, target, measured, True, "largest and median over the query set")


def _scale_goals(scale: dict[str, Any]) -> list[Goal]:
    n = scale.get("documents")
    at = "" if n == SCALE_N else f" (at N = {n}; the goal is for N = {SCALE_N})"
    file, http = scale.get("file", {}), scale.get("http", {})
    first = file.get("first_result_s", {})
    heap = file.get("heap_bytes", {})
    goals = [
        _at_most_value("first result from file://", first.get("median"), FIRST_RESULT_MAX_S, _seconds_short,
                       (f"median; the slowest query {_seconds_short(first['max'])}" if first.get("max") else
                        "median") + at),
        _at_most_value("JS heap at first result", heap.get("max"), HEAP_MAX_BYTES, _bytes,
                       "the largest over the queries, from file://" + at),
        _payload_goal("per query, downloaded (http)", http.get("search_bytes")),
        _payload_goal("per query, from disk (file://)", file.get("search_bytes")),
    ]
    folder, plain = scale.get("search_dir_bytes"), scale.get("plain_index_bytes")
    r = ratio(folder, plain) if folder is not None and plain else None
    goals.append(_at_most_value("search folder vs plain index", r, SEARCH_DIR_MAX_RATIO, lambda v: f"{v:.2f}×",
                                (f"{_bytes(folder)} vs {_bytes(plain)}" if r is not None else "no plain index") + at))
    return goals


def _known_goals(known: dict[str, Any]) -> list[Goal]:
    goals: list[Goal] = []
    n_docs = known.get("documents")
    for way, label in (("file", "file://"), ("http", "http")):
        run = known.get("sites", {}).get(way)
        if not run:
            continue
        k, f = run["known"], run["folded"]
        at = f"N = {n_docs}, {label}"
        goals.append(_at_least(f"known item first, {at}", k["first"], KNOWN_FIRST_MIN,
                               f"{round(k['first'] * k['queries'])} of {k['queries']} queries"))
        goals.append(_at_least(f"known item MRR, {at}", k["mrr"], KNOWN_MRR_MIN, f"over {k['queries']} queries",
                               share=False))
        goals.append(_at_least(f"folded = plain, {at}", f["same"], FOLDED_SAME_MIN,
                               f"{round(f['same'] * f['queries'])} of {f['queries']} folded queries"))
    return goals


def evaluate_search_goals(search: dict[str, Any]) -> list[Goal]:
    """The goals of issues 15 and 28 (quality, scale, known items) that the report measured."""
    goals: list[Goal] = []
    if "quality" in search:
        goals += _quality_goals(search["quality"])
    for key in ("known", "known_scale"):
        if key in search:
            goals += _known_goals(search[key])
    if "scale" in search:
        goals += _scale_goals(search["scale"])
    return goals


def format_known_table(known: dict[str, Any]) -> list[str]:
    """Known items by kind of name, and folded queries, both ways."""
    sites = known.get("sites", {})
    ways = [w for w in ("file", "http") if w in sites]
    first_run = sites[ways[0]]["known"] if ways else {"queries": 0}
    lines = ["", (f"Known items at N = {known['documents']}: {first_run['queries']} queries drawn from the model "
                  f"with seed {known['seed']} (first result the element meant / MRR)"),
             "{:<32}".format("") + "".join(f"{w:>16}" for w in ways)]
    lines.append(f"{'all':<32}" + "".join(f"{_share(sites[w]['known']['first'])} / {sites[w]['known']['mrr']:.3f}"
                                         .rjust(16) for w in ways))
    kinds = sorted({k for w in ways for k in sites[w]["known"]["by_kind"]})
    for kind in kinds:
        cells = []
        for w in ways:
            k = sites[w]["known"]["by_kind"].get(kind)
            cells.append(f"{_share(k['first'])} / {k['mrr']:.3f}" if k else "n/a")
        n = next((sites[w]["known"]["by_kind"][kind]["queries"] for w in ways
                  if kind in sites[w]["known"]["by_kind"]), 0)
        lines.append(f"  {f'{kind} ({n})':<30}" + "".join(f"{c:>16}" for c in cells))
    for w in ways:
        missed = [q for q in sites[w]["known"]["per_query"] if not q["first_is_meant"]]
        for q in missed[:5]:
            lines.append(f"  {w}: {q['query']!r} ({q['kind']}): first {q['first']}, meant at rank {q['rank']}")
    folded = {w: sites[w]["folded"] for w in ways}
    if ways:
        lines.append(f"{'folded query = its plain form':<32}" + "".join(
            f"{_share(folded[w]['same'])} of {folded[w]['queries']}".rjust(16) for w in ways))
        for w in ways:
            for q in [q for q in folded[w]["per_query"] if not q["same"]][:5]:
                lines.append(f"  {w}: {q['folded']!r} ({q['how']}) differs from {q['plain']!r}")
    return lines


def _seconds_short(value: float) -> str:
    return f"{value:.2f} s"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def format_search_table(search: dict[str, Any]) -> list[str]:
    """The search figures: quality next to the plain site's, then scale."""
    lines: list[str] = []
    quality = search.get("quality")
    if quality:
        sites = quality["sites"]
        ways = [w for w in ("ours_file", "ours_http", "plain_http", "plain_file") if w in sites]
        judged = next((sites[w]["queries"] for w in ways if sites[w].get("works")), 0)
        lines += ["", (f"Search quality at N = {quality['documents']} (the real reports): {len(quality['queries'])} "
                       f"queries drawn with seed {quality['seed']}, {judged} held by some block"),
                  "{:<32}".format("") + "".join(f"{w.replace('_', ' '):>13}" for w in ways)]
        for key, label in (("first_holds", "first result holds"), ("top5_holds", "first five hold (mean)"),
                           ("all_listed", "every document listed")):
            lines.append(f"{label:<32}" + "".join(f"{_share(sites[w].get(key)) if sites[w].get('works') else 'n/a':>13}"
                                                   for w in ways))
        kinds = sorted({k for w in ways for k in sites[w].get("by_kind", {})})
        for kind in kinds:
            cells = []
            for w in ways:
                k = sites[w].get("by_kind", {}).get(kind)
                cells.append(f"{_share(k['first_holds'])}/{_share(k['top5_holds'])}" if k else "n/a")
            n = next((sites[w]["by_kind"][kind]["queries"] for w in ways if kind in sites[w].get("by_kind", {})), 0)
            lines.append(f"  {kind + f' ({n}): first/five':<30}" + "".join(f"{c:>13}" for c in cells))
        for w in ways:
            run = sites[w]
            if not run.get("works"):
                lines.append(f"  note: {w.replace('_', ' ')}: search does not work: {run.get('reason')}")
            if run.get("late_results"):
                lines.append(f"  note: {w.replace('_', ' ')}: {run['late_results']} queries showed \"no results\" "
                             "before their results")
            if run.get("works") and run.get("leaked_requests"):
                lines.append(f"  note: {w.replace('_', ' ')}: {run['leaked_requests']} requests that would leave "
                             "the machine were aborted" + (f" ({', '.join(run.get('leaked_hosts', []))})"
                                                           if run.get("leaked_hosts") else ""))
    for key in ("known", "known_scale"):
        if search.get(key):
            lines += format_known_table(search[key])
    scale = search.get("scale")
    if scale:
        row = "{:<48}{:>12}{:>12}"
        lines += ["", f"Search at N = {scale['documents']}: {len(scale['queries'])} queries, each on a fresh page",
                  row.format("", "median", "max")]
        for way, label in (("file", "file://"), ("http", "http")):
            figures = scale.get(way, {})
            for key, name, show in (("first_result_s", "first result (from navigation start)", _seconds_short),
                                    ("page_load_s", "  of which the page's load event", _seconds_short),
                                    ("heap_bytes", "JS heap at first result", _bytes),
                                    ("search_bytes", "search files loaded per query", _bytes)):
                if key == "heap_bytes" and way == "http":
                    continue  # over http the worker is a thread of its own, outside the page's heap
                spread = figures.get(key) or {}
                if spread.get("max") is None:
                    continue
                lines.append(row.format(f"{label}: {name}" if not name.startswith(" ") else name,
                                        show(spread["median"]), show(spread["max"])))
            if figures.get("unanswered"):
                lines.append(f"  note: {label}: {figures['unanswered']} queries got no results")
        plain = scale.get("plain_index_bytes")
        lines.append(f"search folder {_bytes(scale['search_dir_bytes'])}, plain Material index "
                     f"{_bytes(plain) if plain else '—'}")
    goals = evaluate_search_goals(search)
    if goals:
        lines += ["", "Goals (issues 15 and 28, search):"]
        for goal in goals:
            lines.append(f"  {goal.status:<7}{goal.name:<32}{goal.measured:<28}target {goal.target:<30}{goal.detail}")
    return lines


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _bytes(value: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value:.0f} B"


def _mean_payload(figures: dict[str, Any]) -> float:
    """Mean search payload over the typical queries (reports before it had only the largest)."""
    return figures.get("search_payload_mean_bytes", figures["search_payload_bytes"])


def _ratio_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def format_table(report: dict[str, Any]) -> str:
    """The printed report: one block per N, then the goals; then search."""
    machine = report["machine"]
    lines = [(f"Benchmark {report['date']} · {machine['cpu']} · {machine['nproc']} CPUs · "
              f"Python {machine['python']} · seed {report['seed']}"),
             "Times are in-process build times (after imports); ratio = ours / plain."]
    row = "{:<32}{:>12}{:>8}{:>12}{:>12}"
    blocks = [(n, report["runs"][n], "") for n in sorted(report["runs"], key=int)]
    blocks += [(n, run, "the distinct corpus, ") for n, run in sorted(report.get("distinct", {}).items(),
                                                                    key=lambda kv: int(kv[0]))]
    for n, run, which in blocks:
        full, plain = run["ours"]["full"], run["plain"]
        corpus = run["corpus"]
        lines += ["", (f"N = {n} documents, {which}(source {_bytes(corpus['bytes'])}, "
                       f"{corpus['distinct_share']:.0%} of non-empty lines distinct)"),
                  row.format("", "ours", "share", "plain", "ratio")]
        plain_stages = plain.get("stages_s", {})
        for stage in STAGES:
            s = full["stages_s"].get(stage, 0.0)
            p = plain_stages.get(stage)
            lines.append(row.format(f"  {stage}", _seconds(s), f"{s / full['build_s']:.0%}",
                                    "" if p is None else _seconds(p), "" if p is None else _ratio_text(ratio(s, p))))
        if full.get("search_index_s") is not None:
            lines.append(row.format("  search index (own process; timed apart)", _seconds(full["search_index_s"]),
                                    f"{full['search_index_s'] / full['build_s']:.0%}", "", ""))
        rows: list[tuple[str, str, str, float | None]] = [
            ("full build", _seconds(full["build_s"]), _seconds(plain["build_s"]),
             ratio(full["build_s"], plain["build_s"])),
            ("  (process incl. start-up)", _seconds(full["process_wall_s"]), _seconds(plain["process_wall_s"]),
             ratio(full["process_wall_s"], plain["process_wall_s"])),
            ("peak memory (RSS)", f"{full['peak_rss_mb']:.0f} MB", f"{plain['peak_rss_mb']:.0f} MB",
             ratio(full["peak_rss_mb"], plain["peak_rss_mb"])),
            ("  of which post-import baseline", f"{full['baseline_rss_mb']:.0f} MB",
             f"{plain['baseline_rss_mb']:.0f} MB", None),
            ("  largest child process, apart", _mb(full.get("peak_child_rss_mb")),
             _mb(plain.get("peak_child_rss_mb")), None),
            ("peak memory, all processes (PSS)", _mb(full.get("peak_total_pss_mb")),
             _mb(plain.get("peak_total_pss_mb")), ratio(full.get("peak_total_pss_mb") or 0,
                                                        plain.get("peak_total_pss_mb") or 0)),
            ("biggest page", _bytes(full.get("biggest_page_bytes", 0)), _bytes(plain.get("biggest_page_bytes", 0)),
             None),
            ("site size", _bytes(full["site_bytes"]), _bytes(plain["site_bytes"]),
             ratio(full["site_bytes"], plain["site_bytes"])),
            ("site files", str(full["site_files"]), str(plain["site_files"]),
             ratio(full["site_files"], plain["site_files"])),
            ("search index (search/ folder)", _bytes(full["search_dir_bytes"]), _bytes(plain["search_dir_bytes"]),
             ratio(full["search_dir_bytes"], plain["search_dir_bytes"])),
            ("search payload per query", _bytes(full["search_payload_bytes"]), _bytes(plain["search_payload_bytes"]),
             ratio(full["search_payload_bytes"], plain["search_payload_bytes"])),
            ("  mean of the typical queries", _bytes(_mean_payload(full)), _bytes(_mean_payload(plain)),
             ratio(_mean_payload(full), _mean_payload(plain))),
            ("  gzip-compressed", _bytes(full["search_payload_gzip_bytes"]),
             _bytes(plain["search_payload_gzip_bytes"]),
             ratio(full["search_payload_gzip_bytes"], plain["search_payload_gzip_bytes"])),
            ("offline bundle (zip)", _bytes(full["bundle_bytes"]), "", None),
        ]
        if full.get("zim_s") is not None:  # the release step, timed apart from the build
            rows += [("ZIM (python -m generator zim, apart)", _seconds(full["zim_s"]), "", None),
                     ("  its size, its peak memory (PSS)",
                      f"{_bytes(full['zim_bytes'])}, {full['zim_peak_pss_mb']:.0f} MB", "", None)]
        if "largest_file_bytes" in full:
            rows += [("largest file", f"{full['largest_file_bytes'] / 2**20:.1f} MiB",
                      f"{plain.get('largest_file_bytes', 0) / 2**20:.1f} MiB", None),
                     ("  which", full["largest_file"], "", None),
                     ("timeline pages", str(full.get("timeline_pages", 0)), "", None)]
        for name, ours, base, r in rows:
            lines.append(row.format(name, ours, "", base, _ratio_text(r) if base else ""))
        parts = full.get("site_parts")
        if parts:
            lines.append(row.format("where the files and bytes go", "files", "", "bytes", "per doc"))
            for part, (count, size) in parts.items():
                lines.append(row.format(f"  {part}", str(count), "", _bytes(size), _bytes(size / int(n))))
        rebuild = run["ours"]
        if "nochange" in rebuild:  # not measured at a --full-only size
            lines.append(row.format("rebuild, no change", _seconds(rebuild["nochange"]["build_s"]), "", "", ""))
            lines.append(row.format("rebuild, one changed document", _seconds(rebuild["onechange"]["build_s"]),
                                    "", "", ""))
            lines.append(row.format("rebuild / full build", "", "", "", ""))
            lines.append(row.format("  no change", f"{rebuild['nochange']['build_s'] / full['build_s']:.0%}",
                                    "", "", ""))
            lines.append(row.format("  one changed document",
                                    f"{rebuild['onechange']['build_s'] / full['build_s']:.0%}", "", "", ""))
        if full.get("missing_hooks"):
            lines.append(f"  note: stage hooks not found (their time is in 'other'): {', '.join(full['missing_hooks'])}")
    if report["runs"]:
        n_goal = max(report["runs"], key=int)
        lines += ["", f"Goals (issue 18), at N = {GOAL_N} and N = {n_goal}:"]
        for goal in evaluate_goals(report):
            lines.append(f"  {goal.status:<7}{goal.name:<32}{goal.measured:<26}target {goal.target:<16}{goal.detail}")
    lines += format_search_table(report.get("search", {}))
    return "\n".join(lines)


def goals_json(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal of the report, issue 9's (when it has build runs), then issue 15's."""
    goals = evaluate_goals(report) if report["runs"] else []
    out = [{**asdict(g), "status": g.status} for g in goals]
    return out + [{**asdict(g), "status": g.status, "issue": 15}
                  for g in evaluate_search_goals(report.get("search", {}))]
