"""One measurement per process: a generator build or a plain MkDocs build.

The parent (``bench.__main__``) calls ``run_worker(spec)``, which starts
``python -m bench.measure '<spec as JSON>'``; the child builds, then prints
its figures as JSON on its last stdout line. A process per measurement
means each peak-memory figure (``ru_maxrss``) belongs to that build alone
and no build profits from another's warm imports or caches in memory.

Timing starts after the heavy imports (generator, MkDocs, Material, and jieba for the plain site)
in both kinds of child, so the two builds are compared on the same footing;
the process wall time including start-up is recorded as well.

Stage times of the generator come from the real ``generator.publishing.build.build``:
the build runs as named phases (``generator.publishing.phases``), and the
timer (``_Stages``) watches them through the phases' one hook, so the
breakdown stays true to what ``build()`` does as it changes (caches,
skipped phases), which a copy of the pipeline in the benchmark would not.
MkDocs' and Material's own steps have no such hook: their functions are
wrapped where they are defined (``FOREIGN_HOOKS``). Time outside the
phases is reported as ``other``; a phase or hook that no longer exists is
listed in ``missing_hooks`` rather than silently reading zero.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import importlib
import json
import logging
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent

# Stage -> the build's phases whose time it counts, in pipeline order. Time
# is exclusive: a phase run inside another counts for its own stage only.
STAGE_PHASES: dict[str, list[str]] = {
    # Each document read, numbered and analysed on every core, in worker
    # processes this timer cannot see inside: their wall time is counted.
    "read (all cores)": ["read"],
    "references": ["references"],
    "timeline": ["timeline"],
    "recommendations": ["recommendations"],
    "render": ["render"],
    "mkdocs": ["mkdocs"],
    # Document and anchor pages converted to HTML in worker processes.
    "mkdocs · convert pages (all cores)": ["convert"],
    # The index is written by a process of its own while the corpus is
    # linked: what counts here is the time the build takes to keep its
    # input (the blocks) and waits for it before rendering.
    "search (waited for)": ["search input", "search wait"],
    "outputs": ["anchors", "outputs"],
    "bundle": ["bundle"],
}
# MkDocs' own steps ("module:name" or "module:Class.method"), wrapped where
# defined (MkDocs calls them by module global or plugin method): where
# MkDocs' time goes, without double counting.
FOREIGN_HOOKS: dict[str, list[str]] = {
    "mkdocs · markdown": ["mkdocs.commands.build:_populate_page"],
    "mkdocs · page templates": ["mkdocs.commands.build:_build_page"],
    "mkdocs · search plugin": ["material.plugins.search.plugin:SearchPlugin.on_page_context",
                               "material.plugins.search.plugin:SearchPlugin.on_post_build"],
}
STAGES = [*STAGE_PHASES, *FOREIGN_HOOKS, "other"]
_STAGE_OF_PHASE = {name: stage for stage, names in STAGE_PHASES.items() for name in names}

PLAIN_MKDOCS_YML = """\
# Plain MkDocs + Material: the baseline of issue 9 (one page per text,
# default search, which segments Chinese with jieba as the generator's does).
site_name: Plain baseline
use_directory_urls: false
theme:
  name: material
  language: zh
plugins:
  - search
"""


def _rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU time of this process and of its children that ended, user and
    system: what a build costs whatever else shares the machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB; PSS shares each page among the
    processes that map it, so summed over processes it counts a forked
    copy's shared pages once."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


class _MemorySampler(threading.Thread):
    """The build's memory, all its processes together, sampled four times
    a second: the peaks of the summed RSS and PSS."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_rss_mb = self.peak_pss_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.25):
            totals = [_memory_mb(pid) for pid in _descendants(os.getpid())]
            self.peak_rss_mb = max(self.peak_rss_mb, sum(r for r, _ in totals))
            self.peak_pss_mb = max(self.peak_pss_mb, sum(p for _, p in totals))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _child_rss_mb() -> float:
    """Peak resident memory of the largest child process that ended (the
    worker processes and the search stage's process): not part of peak_rss_mb."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class _Stages:
    """Accumulates exclusive wall time per stage over the build's phases
    and the wrapped functions of MkDocs: a phase's or call's time minus
    that of those run inside it."""

    def __init__(self) -> None:
        stages = [*STAGE_PHASES, *FOREIGN_HOOKS]
        self.seconds = dict.fromkeys(stages, 0.0)
        self.calls = dict.fromkeys(stages, 0)
        self.peak_rss_mb = dict.fromkeys(stages, 0.0)
        self.missing: list[str] = []
        self._stack: list[list[float]] = []  # [start, time of timed work inside]
        self._watching: contextlib.ExitStack | None = None

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        frame = [time.perf_counter(), 0.0]
        self._stack.append(frame)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - frame[0]
            self._stack.pop()
            if self._stack:
                self._stack[-1][1] += elapsed
            self.seconds[stage] += elapsed - frame[1]
            self.calls[stage] += 1
            self.peak_rss_mb[stage] = max(self.peak_rss_mb[stage], _rss_mb())

    def watch(self, name: str) -> contextlib.AbstractContextManager:
        """The build's phase ``name``, timed for its stage."""
        stage = _STAGE_OF_PHASE.get(name)
        return self.timed(stage) if stage else contextlib.nullcontext()

    def wrap(self, stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)  # keeps attributes MkDocs reads on plugin methods
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.timed(stage):
                return func(*args, **kwargs)

        return timed

    def install(self, phases: bool = True) -> None:
        """Watch the build's phases (``phases``: else only MkDocs' steps,
        for the plain build) and wrap MkDocs' steps where they are defined."""
        if phases:
            from generator.publishing.phases import PHASES, watching

            self.missing += [name for name in _STAGE_OF_PHASE if name not in PHASES]
            self._watching = contextlib.ExitStack()
            self._watching.enter_context(watching(self.watch))
        for stage, hooks in FOREIGN_HOOKS.items():
            for hook in hooks:
                module_name, qualname = hook.split(":")
                try:
                    owner: Any = importlib.import_module(module_name)
                    *outer, name = qualname.split(".")
                    for part in outer:
                        owner = getattr(owner, part)
                    original = getattr(owner, name)
                except (ImportError, AttributeError):
                    self.missing.append(hook)
                    continue
                setattr(owner, name, self.wrap(stage, original))

    def stop_watching(self) -> None:
        if self._watching is not None:
            self._watching.close()


def _preload() -> None:
    """Import what both kinds of build need, before the clock starts."""
    for name in ("mkdocs.commands.build", "mkdocs.config", "material.plugins.search.plugin"):
        importlib.import_module(name)
    try:  # the plain site's search plugin segments Chinese with it (the bench extra)
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def dir_bytes(folder: Path) -> tuple[int, int]:
    """(bytes, files) of everything under ``folder``."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


# Typical queries: those the browser tests check (tests/publishing/test_browser.py
# QUERIES) and two common words.
TYPICAL_QUERIES = ["腐败", "第70/174号决议", "第 70/174 号决议", "70/174", "CTOC/COP/2022/L.4", "国际合作", "缔约国"]


def search_payloads(site: Path, queries: list[str]) -> dict[str, list[Path]]:
    """The files a browser loads to answer each query.

    Material's own worker fetches the whole ``search/search_index.json``
    (a plain site). Our engine loads the manifest, the unit shards of the
    query and the text of what Material shows first; what it loads is
    measured by running the engine itself under node (bench/payload.js).
    """
    folder = site / "search"
    manifest_path = folder / "search_index.json"
    if not manifest_path.is_file():
        return {q: [] for q in queries}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if "engine" not in manifest.get("config", {}):
        return {q: [manifest_path] for q in queries}
    run = subprocess.run(["node", str(PROJECT / "bench" / "payload.js"), str(site), json.dumps(queries)],
                         capture_output=True, text=True, check=True)
    loaded = json.loads(run.stdout)
    return {q: [folder / name for name in loaded[q]["files"]] for q in queries}


def search_payload(site: Path, query: str) -> list[Path]:
    """The files a browser loads to answer ``query`` (see search_payloads)."""
    return search_payloads(site, [query])[query]


# Where a site's files and bytes go, by the first matching prefix of their
# path (the hosting goals of issue 32: files, the largest file, bytes).
SITE_PARTS = (("search/", "search/"), ("documents/", "documents/"), ("anchors/*.json", "anchors/"),
              ("anchors/*.html", "anchors/"), ("data/documents/", "data/documents/"), ("data/akn/", "data/akn/"),
              ("timeline/", "timeline/"), ("resolutions/, symbols/", ("resolutions/", "symbols/")),
              ("assets/", "assets/"), ("years/", "years/"))


def site_parts(site: Path) -> dict[str, list[int]]:
    """Files and bytes of each part of the site (SITE_PARTS, the rest as "other")."""
    parts: dict[str, list[int]] = {name: [0, 0] for name, _ in SITE_PARTS}
    parts["other"] = [0, 0]
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        name = next((n for n, prefix in SITE_PARTS if rel.startswith(prefix)
                     and (not n.startswith("anchors/*") or rel.endswith(n.rsplit(".", 1)[1]))), "other")
        parts[name][0] += 1
        parts[name][1] += path.stat().st_size
    return parts


def site_figures(site: Path) -> dict[str, Any]:
    total, files = dir_bytes(site)
    every = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*") if p.is_file()]
    largest_file = max(every, default=(0, ""))
    search_dir = site / "search"
    per_query: dict[str, int] = {}
    largest: list[Path] = []
    largest_bytes = -1
    payloads = search_payloads(site, TYPICAL_QUERIES)
    for query in TYPICAL_QUERIES:
        payload = payloads[query]
        per_query[query] = sum(p.stat().st_size for p in payload)
        if per_query[query] > largest_bytes:
            largest, largest_bytes = payload, per_query[query]
    pages = [(p.stat().st_size, p) for p in site.rglob("*.html")]
    biggest = max(pages, default=(0, site))
    return {
        "site_bytes": total,
        "site_files": files,
        "biggest_page_bytes": biggest[0],
        "biggest_page": biggest[1].relative_to(site).as_posix() if pages else "",
        "search_dir_bytes": dir_bytes(search_dir)[0] if search_dir.is_dir() else 0,
        "search_dir_files": dir_bytes(search_dir)[1] if search_dir.is_dir() else 0,
        "largest_file_bytes": largest_file[0],
        "largest_file": largest_file[1],
        "site_parts": site_parts(site),
        "timeline_pages": sum(1 for _ in (site / "timeline").rglob("*.html")) if (site / "timeline").is_dir() else 0,
        "search_payload_queries": per_query,
        "search_payload_files": [p.relative_to(site).as_posix() for p in largest],
        # The goal uses the largest; the mean says what a typical query costs.
        "search_payload_bytes": max(per_query.values()),
        "search_payload_mean_bytes": sum(per_query.values()) / len(per_query),
        # Servers usually compress JSON (each file is its own response);
        # shown for context, goals use raw bytes.
        "search_payload_gzip_bytes": sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in largest),
    }


# The reuse layers of a rebuild that ``without`` can switch off (bench.layers):
# the stages of the store, MkDocs' incremental build from the last site, and
# the search files hard-linked from the last site.
STORE_LAYERS = ("reading", "page", "xref-pages", "conversion")
OTHER_LAYERS = ("incremental-mkdocs", "last-site-links")


def _switch_off(layer: str) -> None:
    """Make the build not reuse ``layer`` (it still keeps what it computes)."""
    from generator.cache.store import Store
    from generator.publishing import build as build_module

    if layer in STORE_LAYERS:
        get, holds = Store.get, Store.holds

        def missed(key: str) -> bool:
            return key.rsplit("-", 1)[0] == layer

        Store.get = lambda self, key: None if missed(key) else get(self, key)  # type: ignore[method-assign]
        Store.holds = lambda self, key: False if missed(key) else holds(self, key)  # type: ignore[method-assign]
    elif layer == "incremental-mkdocs":
        build_module.read_stamp = lambda stamp_file: {}
    elif layer == "last-site-links":
        index = build_module.finish_search_index
        build_module.finish_search_index = lambda site_dir, docs, last=None, written=None: index(
            site_dir, docs, None, written)
    else:
        raise ValueError(f"no reuse layer {layer!r}")


def measure_ours(spec: dict[str, Any]) -> dict[str, Any]:
    """One ``generator.publishing.build.build`` with per-stage timing."""
    _preload()
    from generator.publishing.build import BuildOptions, build

    if spec.get("without"):
        _switch_off(spec["without"])
    stages = _Stages()
    stages.install()
    baseline = _rss_mb()
    site, bundle = Path(spec["site_dir"]), Path(spec["bundle"])
    options = BuildOptions(source=Path(spec["source"]), config=Path(spec["config"]), site_dir=site, bundle=bundle,
                           cache_dir=Path(spec["cache_dir"]),
                           accept_anchor_changes=spec.get("accept_anchor_changes", False))
    sampler = _MemorySampler()
    sampler.start()
    start, cpu_start = time.perf_counter(), _cpu_s()
    result = build(options)
    total, cpu = time.perf_counter() - start, _cpu_s() - cpu_start
    sampler.stop()
    seconds = dict(stages.seconds)
    seconds["other"] = max(0.0, total - sum(seconds.values()))
    figures = site_figures(site)
    figures["bundle_bytes"] = result.bundle_path.stat().st_size if result.bundle_path else 0
    if spec.get("zim"):
        figures.update(measure_zim(site, bundle))
    if result.documents:
        # The index is written by a process of its own this timer cannot see
        # inside ("search (waited for)" is what the build waited): its own
        # time is measured apart, on the same documents, after the build.
        # (The build lets its models go: they are read again, from the
        # build's store.)
        from generator.cache.store import Store
        from generator.catalogue import load_settings
        from generator.publishing.build import read_corpus
        from generator.search.index import index_files

        stores = sorted((Path(spec["cache_dir"]) / "store").iterdir())
        docs = [r.doc for r in read_corpus(options.source, load_settings(options.config),
                                           Store(stores[0] if len(stores) == 1 else None))]
        begin = time.perf_counter()
        index_files(docs)
        figures["search_index_s"] = time.perf_counter() - begin
    return {
        "kind": "ours", "documents": len(result.documents), "build_s": total, "cpu_s": cpu, "stages_s": seconds,
        "stage_calls": stages.calls, "stage_peak_rss_mb": stages.peak_rss_mb, "missing_hooks": stages.missing,
        "warnings": len(result.warnings), "baseline_rss_mb": baseline, "peak_rss_mb": _rss_mb(), "peak_child_rss_mb": _child_rss_mb(),
        "peak_total_rss_mb": sampler.peak_rss_mb, "peak_total_pss_mb": sampler.peak_pss_mb, **figures,
    }


def measure_zim(site: Path, bundle: Path) -> dict[str, Any]:
    """The release step ``python -m generator zim`` on the site just built,
    timed on its own: it is not part of the build."""
    from generator.publishing.zim import release_zim

    sampler = _MemorySampler()
    sampler.start()
    start = time.perf_counter()
    made = release_zim(site, bundle / "bench.zim", "bench", "bench")
    seconds = time.perf_counter() - start
    sampler.stop()
    return {"zim_s": seconds, "zim_bytes": made.stat().st_size, "zim_peak_pss_mb": sampler.peak_pss_mb}


def write_plain_docs(source: Path, docs_dir: Path) -> int:
    """Each text as-is as one Markdown page, named after its file."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.glob("*.txt")):
        (docs_dir / (path.stem + ".md")).write_bytes(path.read_bytes())
        count += 1
    return count


def measure_plain(spec: dict[str, Any]) -> dict[str, Any]:
    """One plain MkDocs + Material build of the same texts."""
    _preload()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = Path(spec["work"])
    work.mkdir(parents=True, exist_ok=True)
    config_file = work / "mkdocs.yml"
    config_file.write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    pages = write_plain_docs(Path(spec["source"]), work / "docs")
    site = work / "site"
    # MkDocs' own messages (e.g. pages missing from a nav) are not ours to show.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    # The same MkDocs sub-stages as for the generator, to compare like with like.
    stages = _Stages()
    stages.install(phases=False)
    baseline = _rss_mb()
    sampler = _MemorySampler()
    sampler.start()
    start, cpu_start = time.perf_counter(), _cpu_s()
    build(load_config(config_file=str(config_file), docs_dir=str(work / "docs"), site_dir=str(site)))
    total, cpu = time.perf_counter() - start, _cpu_s() - cpu_start
    sampler.stop()
    seconds = {stage: s for stage, s in stages.seconds.items() if stage.startswith("mkdocs ·")}
    seconds["mkdocs"] = max(0.0, total - sum(seconds.values()))  # the rest of MkDocs' build
    return {"kind": "plain", "documents": pages, "build_s": total, "cpu_s": cpu, "stages_s": seconds,
            "baseline_rss_mb": baseline, "peak_rss_mb": _rss_mb(), "peak_child_rss_mb": _child_rss_mb(),
            "peak_total_rss_mb": sampler.peak_rss_mb, "peak_total_pss_mb": sampler.peak_pss_mb,
            **site_figures(site)}


def run_worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one measurement in a fresh Python process; return its figures."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # reproducible zips, as in `make`
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH", "")]))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.measure", json.dumps(spec)], cwd=PROJECT, env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"{spec['kind']} measurement failed (exit {proc.returncode}):\n{tail}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["process_wall_s"] = wall
    return figures


def main(argv: list[str]) -> int:
    spec = json.loads(argv[0])
    figures = measure_ours(spec) if spec["kind"] == "ours" else measure_plain(spec)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
