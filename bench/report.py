"""The goals of issue 9, checked against a benchmark report, and its table.

Ratios are always ours / plain (below 1: ours is faster or smaller), except
the speed-up goal, which is stated the other way round (plain / ours).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from .measure import STAGES

SPEEDUP_MIN = 3.0  # full build at least 3x faster than the plain build
NOCHANGE_MAX = 0.10  # rebuild with no change: at most 10% of a full build
ONECHANGE_MAX = 0.20  # rebuild after one changed document: at most 20%
PAYLOAD_MAX = 0.05  # search payload: at most 5% of the plain site's index
MEMORY_EXPONENT_MAX = 1.0  # peak memory at most linear in N


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


def evaluate_goals(report: dict[str, Any]) -> list[Goal]:
    """The five goals, at the largest N of the report (N = 500 by default)."""
    sizes = sorted(int(n) for n in report["runs"])
    n = sizes[-1]
    run = report["runs"][str(n)]
    full, plain = run["ours"]["full"], run["plain"]
    goals: list[Goal] = []

    speedup = plain["build_s"] / full["build_s"] if full["build_s"] else None
    if speedup is None:
        goals.append(Goal("full build vs plain", f"≥ {SPEEDUP_MIN:g}× faster", "—", None, "not measured"))
    elif speedup >= SPEEDUP_MIN:
        goals.append(Goal("full build vs plain", f"≥ {SPEEDUP_MIN:g}× faster", f"{speedup:.2f}× faster", True,
                          f"{speedup / SPEEDUP_MIN:.2f}× the required speed-up"))
    else:
        goals.append(Goal("full build vs plain", f"≥ {SPEEDUP_MIN:g}× faster", f"{speedup:.2f}× faster", False,
                          "missed: the full build must get "
                          f"{SPEEDUP_MIN / speedup:.1f}× faster ({full['build_s']:.1f} s → "
                          f"≤ {plain['build_s'] / SPEEDUP_MIN:.1f} s)"))

    goals.append(_at_most("rebuild, no change", ratio(run["ours"]["nochange"]["build_s"], full["build_s"]),
                          NOCHANGE_MAX, "the no-change rebuild time"))
    goals.append(_at_most("rebuild, one changed document", ratio(run["ours"]["onechange"]["build_s"], full["build_s"]),
                          ONECHANGE_MAX, "the one-change rebuild time"))
    goals.append(_at_most("search payload per query", ratio(full["search_payload_bytes"], plain["search_payload_bytes"]),
                          PAYLOAD_MAX, "the search payload"))

    if len(sizes) < 2:
        goals.append(Goal("peak memory growth", "≤ linear in N", "—", None, "needs two sizes"))
    else:
        # The two largest sizes: the growth that matters, least masked by the
        # fixed costs (jieba's dictionary, MkDocs) that dominate a small N.
        n_small = sizes[-2]
        small = report["runs"][str(n_small)]["ours"]["full"]
        e = memory_exponent(small, full, n_small, n)
        if e is None:
            goals.append(Goal("peak memory growth", "≤ linear in N", "—", None, "no growth measurable"))
        else:
            per_doc = (full["peak_rss_mb"] - small["peak_rss_mb"]) / (n - n_small)
            measured = f"N^{e:.2f} ({per_doc:.2f} MB/doc)"
            if e <= MEMORY_EXPONENT_MAX:
                goals.append(Goal("peak memory growth", "≤ linear in N", measured, True,
                                  f"between N={n_small} and N={n}, above the post-import baseline"))
            else:
                goals.append(Goal("peak memory growth", "≤ linear in N", measured, False,
                                  f"missed by exponent {e - MEMORY_EXPONENT_MAX:.2f} "
                                  f"(between N={n_small} and N={n})"))
    return goals


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
    """The printed report: one block per N, then the goals."""
    machine = report["machine"]
    lines = [(f"Benchmark {report['date']} · {machine['cpu']} · {machine['nproc']} CPUs · "
              f"Python {machine['python']} · seed {report['seed']}"),
             "Times are in-process build times (after imports); ratio = ours / plain."]
    row = "{:<32}{:>12}{:>8}{:>12}{:>12}"
    for n in sorted(report["runs"], key=int):
        run = report["runs"][n]
        full, plain = run["ours"]["full"], run["plain"]
        corpus = run["corpus"]
        lines += ["", (f"N = {n} documents (source {_bytes(corpus['bytes'])}, "
                       f"{corpus['distinct_share']:.0%} of non-empty lines distinct)"),
                  row.format("", "ours", "share", "plain", "ratio")]
        plain_stages = plain.get("stages_s", {})
        for stage in STAGES:
            s = full["stages_s"].get(stage, 0.0)
            p = plain_stages.get(stage)
            lines.append(row.format(f"  {stage}", _seconds(s), f"{s / full['build_s']:.0%}",
                                    "" if p is None else _seconds(p), "" if p is None else _ratio_text(ratio(s, p))))
        rows: list[tuple[str, str, str, float | None]] = [
            ("full build", _seconds(full["build_s"]), _seconds(plain["build_s"]),
             ratio(full["build_s"], plain["build_s"])),
            ("  (process incl. start-up)", _seconds(full["process_wall_s"]), _seconds(plain["process_wall_s"]),
             ratio(full["process_wall_s"], plain["process_wall_s"])),
            ("rebuild, no change", _seconds(run["ours"]["nochange"]["build_s"]), "", None),
            ("rebuild, one changed document", _seconds(run["ours"]["onechange"]["build_s"]), "", None),
            ("peak memory (RSS)", f"{full['peak_rss_mb']:.0f} MB", f"{plain['peak_rss_mb']:.0f} MB",
             ratio(full["peak_rss_mb"], plain["peak_rss_mb"])),
            ("  of which post-import baseline", f"{full['baseline_rss_mb']:.0f} MB",
             f"{plain['baseline_rss_mb']:.0f} MB", None),
            ("  largest child process, apart", _mb(full.get("peak_child_rss_mb")),
             _mb(plain.get("peak_child_rss_mb")), None),
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
        for name, ours, base, r in rows:
            lines.append(row.format(name, ours, "", base, _ratio_text(r) if base else ""))
        rebuild = run["ours"]
        lines.append(row.format("rebuild / full build", "", "", "", ""))
        lines.append(row.format("  no change", f"{rebuild['nochange']['build_s'] / full['build_s']:.0%}", "", "", ""))
        lines.append(row.format("  one changed document", f"{rebuild['onechange']['build_s'] / full['build_s']:.0%}",
                                "", "", ""))
        if full.get("missing_hooks"):
            lines.append(f"  note: stage hooks not found (their time is in 'other'): {', '.join(full['missing_hooks'])}")
    n_goal = max(report["runs"], key=int)
    lines += ["", f"Goals (issue 9), at N = {n_goal}:"]
    for goal in evaluate_goals(report):
        lines.append(f"  {goal.status:<7}{goal.name:<32}{goal.measured:<26}target {goal.target:<16}{goal.detail}")
    return "\n".join(lines)


def goals_json(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**asdict(g), "status": g.status} for g in evaluate_goals(report)]
