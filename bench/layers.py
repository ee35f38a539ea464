"""What each reuse layer of a rebuild saves (issue 17: keep only those that
save more than a second).

    python -m bench.layers [--n 500] [--seed S] [--work DIR] [--out FILE]

Generates the bench corpus of N documents, builds it from nothing, changes
one document, and keeps the site, bundle and cache as they are then. Each
rebuild starts from a copy of that state, in its own process: once with
every layer, then once with each layer switched off (bench.measure
``without``); the ZIM is no part of a build (``python -m generator
zim``). What a layer saves is the second time minus the first, in wall
time and in CPU time (the processes' user and system time, which other
work on the machine does not inflate).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from .corpus import DEFAULT_SEED, change_one, generate, write_corpus
from .measure import OTHER_LAYERS, PROJECT, STORE_LAYERS, run_worker


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_layers(n: int, seed: int, work: Path) -> dict:
    if work.exists():
        shutil.rmtree(work)
    source, config, state = work / "source", work / "config", work / "state"
    docs = generate(n, seed)
    write_corpus(source, docs)
    config.mkdir(parents=True)
    shutil.copyfile(PROJECT / "site_config" / "site.toml", config / "site.toml")
    spec = {"kind": "ours", "source": str(source), "config": str(config), "site_dir": str(state / "site"),
            "bundle": str(state / "dist"), "cache_dir": str(state / "cache")}
    _say(f"N={n}: full build")
    full = run_worker(spec)
    change_one(source / docs[n // 2].name)
    runs = {}
    for layer in [None, *STORE_LAYERS, *OTHER_LAYERS]:
        run = work / "run"
        shutil.rmtree(run, ignore_errors=True)
        shutil.copytree(state, run, symlinks=True)
        # The lock of the full build is kept: the changed paragraph is accepted.
        shutil.copytree(config, run / "config")
        _say(f"N={n}: one-change rebuild without {layer or 'nothing'}")
        try:
            runs[layer or "all layers"] = run_worker({**spec, "config": str(run / "config"),
                                                      "site_dir": str(run / "site"), "bundle": str(run / "dist"),
                                                      "cache_dir": str(run / "cache"), "accept_anchor_changes": True,
                                                      **({"without": layer} if layer else {})})
        except RuntimeError as exc:  # one layer's failure does not lose the others' figures
            if layer is None:
                raise
            _say(str(exc))
    shutil.rmtree(work / "run", ignore_errors=True)
    base = runs["all layers"]
    return {"documents": n, "full": full, "full_build_s": full["build_s"], "full_cpu_s": full["cpu_s"],
            "rebuild_s": base["build_s"], "rebuild_cpu_s": base["cpu_s"],
            "saved_s": {layer: r["build_s"] - base["build_s"] for layer, r in runs.items() if layer != "all layers"},
            "saved_cpu_s": {layer: r["cpu_s"] - base["cpu_s"] for layer, r in runs.items() if layer != "all layers"},
            "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / "out" / "work" / "layers")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out" / "layers.json")
    args = parser.parse_args(argv)
    report = measure_layers(args.n, args.seed, args.work)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"N={report['documents']}: full build {report['full_build_s']:.1f} s ({report['full_cpu_s']:.1f} s CPU), "
          f"one-change rebuild {report['rebuild_s']:.1f} s ({report['rebuild_cpu_s']:.1f} s CPU)")
    for layer, saved in sorted(report["saved_cpu_s"].items(), key=lambda kv: -kv[1]):
        print(f"  {layer:20s} saves {report['saved_s'][layer]:6.1f} s wall, {saved:6.1f} s CPU"
              + ("" if saved > 1 else "   (≤ 1 s)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
