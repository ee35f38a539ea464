"""``python -m bench [--sizes 5,500] [--quick] [--out bench/out/report.json]``.

For each N: generate the synthetic corpus, then, each in its own process,
build it with plain MkDocs + Material, build it with the generator (full
build into an empty site folder), build it again unchanged, change one
document and build once more. Writes the JSON report and prints the table
with the goals of issue 9.
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

OUT = PROJECT / "bench" / "out"


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


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_size(n: int, seed: int, work: Path) -> dict[str, Any]:
    if work.exists():
        shutil.rmtree(work)
    source, config = work / "source", work / "config"
    docs = generate(n, seed)
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
    _say(f"N={n}: generator, full build")
    full = run_worker(ours_spec)
    _say(f"N={n}: generator, rebuild with no change")
    nochange = run_worker(ours_spec)
    changed = docs[n // 2].name
    word = change_one(source / changed)
    _say(f"N={n}: generator, rebuild after changing {changed}")
    onechange = run_worker(ours_spec)
    onechange["changed_document"] = changed
    onechange["changed_word"] = word
    return {"corpus": corpus, "plain": plain, "ours": {"full": full, "nochange": nochange, "onechange": onechange}}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.table:
        print(format_table(json.loads(args.table.read_text(encoding="utf-8"))))
        return 0
    sizes = [5, 20] if args.quick else args.sizes
    report: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(), "seed": args.seed, "sizes": sizes, "runs": {},
    }
    for n in sizes:
        report["runs"][str(n)] = run_size(n, args.seed, args.work / f"n{n}")
        if not args.keep:
            shutil.rmtree(args.work / f"n{n}", ignore_errors=True)
    report["goals"] = goals_json(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(format_table(report))
    _say(f"report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
