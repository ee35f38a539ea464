"""``python -m bench [--sizes 5,500] [--quick] [--out bench/out/report.json]``.

For each N: generate the synthetic corpus, then, each in its own process,
build it with plain MkDocs + Material, build it with the generator (full
build into an empty site folder) and time the ZIM made from that site on
its own (the release step, no part of the build), build it again
unchanged, change one document and build once more. Then search in headless Chromium
(bench.search): quality at N = 5 (the real reports), scale at the largest
N (``--sizes 5,1000`` for the goals of issue 15), on the sites just built.
Writes the JSON report and prints the table with the goals of issues 9
and 15.

``python -m bench search --site DIR [--plain DIR] [--quality] [--scale]``
measures search only, on sites already built (e.g. kept with ``--keep``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

from .corpus import DEFAULT_SEED, PROJECT, change_one, generate, paragraph_stats, write_corpus
from .measure import run_worker
from .report import format_table, goals_json
from .search import KNOWN_COUNT, QUALITY_COUNT, QUALITY_SEED, SCALE_COUNT, measure_known, measure_quality, measure_scale

OUT = PROJECT / "bench" / "out"
QUALITY_N = 5  # round 0 of the bench corpus: the real reports, unchanged


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 5,500")
    return sizes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    parser.add_argument("--sizes", type=_sizes, default=[5, 500], help="corpus sizes N (default 5,500)")
    parser.add_argument("--quick", action="store_true", help="sizes 5,20: a check that everything runs")
    parser.add_argument("--out", type=Path, default=OUT / "report.json", help="JSON report (default bench/out/report.json)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the synthetic corpus")
    parser.add_argument("--work", type=Path, default=OUT / "work", help="scratch folder for corpora and sites")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and sites")
    parser.add_argument("--table", type=Path, metavar="REPORT",
                        help="only print the table of an existing JSON report (no measurement)")
    parser.add_argument("--no-search", action="store_true", help="skip the search measurements in Chromium")
    parser.add_argument("--full-only", type=_sizes, default=[], metavar="SIZES",
                        help="sizes at which only the full build is measured beside the plain one, without the "
                             "two rebuilds")
    parser.add_argument("--no-zim", action="store_true", help="do not time the ZIM (python -m generator zim)")
    parser.add_argument("--zim-max", type=int, default=None, metavar="N",
                        help="time the ZIM only at sizes up to N (it takes minutes a hundred documents)")
    parser.add_argument("--distinct", type=_sizes, default=[], metavar="SIZES",
                        help="also build the distinct corpus (events that do not merge: crowded years) at these "
                             "sizes, full build and plain only")
    return parser


def _search_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench search",
                                     description="Search quality and scale (issue 15) on sites already built.")
    parser.add_argument("--site", type=Path, required=True, help="our built site folder (site/)")
    parser.add_argument("--plain", type=Path, help="the plain Material site folder (work/nN/plain/site)")
    parser.add_argument("--offline", type=Path, help="the unzipped offline bundle, for file:// (default: --site)")
    parser.add_argument("--quality", action="store_true", help="quality only (the site of the real reports)")
    parser.add_argument("--scale", action="store_true", help="scale only")
    parser.add_argument("--known", action="store_true",
                        help="known items and folded queries only (issue 28), drawn from the site's own model")
    parser.add_argument("--queries", type=int, help=f"query count (default {QUALITY_COUNT} quality, "
                                                    f"{SCALE_COUNT} scale)")
    parser.add_argument("--seed", type=int, default=QUALITY_SEED, help="seed of the query set")
    parser.add_argument("--out", type=Path, default=OUT / "search.json", help="JSON report (default bench/out/search.json)")
    return parser


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "nproc": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}


def _write_report(report: dict[str, Any], out: Path) -> int:
    """Judge the goals, write the JSON report and print the table."""
    report["goals"] = goals_json(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(format_table(report))
    _say(f"report written to {out}")
    return 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_search(n: int, sizes: list[int], work: Path) -> dict[str, Any]:
    """The search measurements due at size ``n`` of the run: quality on the
    real reports, scale at the largest size (the sites the run just built)."""
    out: dict[str, Any] = {}
    site, plain = work / "site", work / "plain" / "site"
    if n == QUALITY_N:
        out["quality"] = measure_quality(site, plain, say=_say)
        out["known"] = measure_known(site, say=_say)
    if n == sizes[-1] and n > QUALITY_N:
        out["scale"] = measure_scale(site, plain, say=_say)
        out["known_scale"] = measure_known(site, say=_say)
    return out


def search_main(argv: list[str]) -> int:
    args = _search_parser().parse_args(argv)
    both = not args.quality and not args.scale and not args.known
    search: dict[str, Any] = {}
    if args.quality or both:
        search["quality"] = measure_quality(args.site, args.plain, args.queries or QUALITY_COUNT, args.seed, _say)
    if args.scale or both:
        search["scale"] = measure_scale(args.site, args.plain, args.offline, args.queries or SCALE_COUNT, args.seed,
                                        _say)
    if args.known or both:
        known = measure_known(args.site, args.offline, args.queries or KNOWN_COUNT, say=_say)
        search["known" if known["documents"] <= QUALITY_N else "known_scale"] = known
    report: dict[str, Any] = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                              "machine": machine(), "seed": args.seed, "sizes": [], "runs": {}, "search": search}
    return _write_report(report, args.out)


def run_size(n: int, seed: int, work: Path, rebuilds: bool = True, zim: bool = True,
             distinct: bool = False) -> dict[str, Any]:
    if work.exists():
        shutil.rmtree(work)
    source, config = work / "source", work / "config"
    docs = generate(n, seed, distinct=distinct)
    write_corpus(source, docs)
    # No catalogue: slugs come from the distinct file names (see bench.corpus).
    config.mkdir(parents=True)
    shutil.copyfile(PROJECT / "site_config" / "site.toml", config / "site.toml")
    corpus = {"documents": n, "bytes": sum(len(d.text.encode("utf-8")) for d in docs), **paragraph_stats(docs)}

    _say(f"N={n}: plain MkDocs build")
    plain = run_worker({"kind": "plain", "source": str(source), "work": str(work / "plain")})
    # The generator's cache (stamps, kept Markdown, segmentation) lives in the
    # work folder, removed above: the full build starts from nothing.
    ours_spec = {"kind": "ours", "source": str(source), "config": str(config), "site_dir": str(work / "site"),
                 "bundle": str(work / "dist"), "cache_dir": str(work / "cache")}
    _say(f"N={n}: generator, full build" + (", then the ZIM apart" if zim else ""))
    full = run_worker({**ours_spec, "zim": zim})
    if not rebuilds:
        return {"corpus": corpus, "plain": plain, "ours": {"full": full}}
    _say(f"N={n}: generator, rebuild with no change")
    nochange = run_worker(ours_spec)
    changed = docs[n // 2].name
    word = change_one(source / changed)
    _say(f"N={n}: generator, rebuild after changing {changed}")
    # The edited paragraph gives its published id other text: accepted, as
    # for a corrected document (the anchor lock would stop the build).
    onechange = run_worker({**ours_spec, "accept_anchor_changes": True})
    onechange["changed_document"] = changed
    onechange["changed_word"] = word
    return {"corpus": corpus, "plain": plain, "ours": {"full": full, "nochange": nochange, "onechange": onechange}}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["search"]:
        return search_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.table:
        print(format_table(json.loads(args.table.read_text(encoding="utf-8"))))
        return 0
    sizes = [5, 20] if args.quick else args.sizes
    report: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(), "seed": args.seed, "sizes": sizes, "runs": {}, "search": {},
    }
    for n in sizes:
        report["runs"][str(n)] = run_size(n, args.seed, args.work / f"n{n}", rebuilds=n not in args.full_only,
                                          zim=not args.no_zim and (args.zim_max is None or n <= args.zim_max))
        if not args.no_search:
            # On the sites just built, before they are removed.
            report["search"].update(run_search(n, sizes, args.work / f"n{n}"))
        if not args.keep:
            shutil.rmtree(args.work / f"n{n}", ignore_errors=True)
    for n in args.distinct:
        _say(f"N={n}: the distinct corpus")
        report.setdefault("distinct", {})[str(n)] = run_size(n, args.seed, args.work / f"d{n}", rebuilds=False,
                                                             zim=False, distinct=True)
        if not args.keep:
            shutil.rmtree(args.work / f"d{n}", ignore_errors=True)
    return _write_report(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
