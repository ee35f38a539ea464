"""The pipeline, stage by stage, from source texts to site and bundle.

decode → repair → parse → anchors → footnotes → references → timeline →
render → MkDocs → manifest and lock → bundle. Each stage is a module with
one job; this module only passes their plain data along and puts the new
site in place when, and only when, every stage succeeded. The ZIM for
Kiwix is made from the built site by a command of its own (publishing/zim.py).
"""

from __future__ import annotations

import filecmp
import gc
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, is_dataclass
from datetime import date
from pathlib import Path

from ..cache.stamp import fingerprint, input_digest, read_stamp, up_to_date, write_stamp
from ..cache.store import Store, identity
from ..catalogue import Settings, load_settings
from ..corpus.agendas import name_agenda_items
from ..corpus.manifest import (
    Lock,
    accept_changes,
    acceptance_date,
    anchor_file,
    build_manifest,
    check_lock,
    document_anchors,
    lock_entries,
    manifest_aliases,
    read_lock,
    write_lock,
)
from ..corpus.recommendations import Pairing, add_recommendation_links, match_recommendations
from ..corpus.timeline import Event, describe_dates, document_statements, merge_statements, timeline_json
from ..corpus.timeline.published import EventLock, assign_event_ids
from ..corpus.xref import Mentions, XrefIndex, build_xref, document_mentions, xref_json
from ..errors import BuildError
from ..files import write_if_changed
from ..grammar.citations import split_symbol
from ..ids import (
    FEED_PATH,
    SAFE_SLUG,
    akn_path,
    anchors_json_path,
    anchors_page_source,
    decade,
    decade_page_path,
    file_slug,
    markdown_source,
    page_source,
    ris_path,
    symbol_slug,
    timeline_data_path,
    year_page_path,
)
from ..model import Document, DocumentInfo
from ..parallel import give_back_freed_memory, long_lived_objects_set_aside, paused_cycle_collection
from ..reading.anchors import assign_anchors
from ..reading.decode import decode_source
from ..reading.footnotes import link_footnotes
from ..reading.parse import parse
from ..reading.repair import repair
from ..rendering.akn import document_akn
from ..rendering.aliases import page_aliases
from ..rendering.citations import CitationBook
from ..rendering.document import anchor_count, render_anchors_page, render_document
from ..rendering.feed import documents_feed
from ..rendering.indexes import (
    decade_heading,
    decade_pages,
    document_rows,
    home_listing,
    index_parts,
    xref_pages,
    year_heading,
    year_pages,
)
from ..rendering.recommendations import recommendations_page
from ..rendering.retired import retired_pages
from ..rendering.ris import document_ris
from ..rendering.templating import TEMPLATES, environment
from ..rendering.timeline import INDEX_SOURCE, Place, document_events_markdown, event_places, timeline_site
from ..search.index import finish_search_index, keep_index_input
from .background import Background
from .site import (
    ASSETS,
    MarkdownFolder,
    bundle_format,
    convert_pages,
    copy_last_site,
    replace_dir,
    run_mkdocs,
    write_bundle,
)

PROJECT = Path(__file__).resolve().parents[2]
LOCK_NAME = "anchors.lock.json"
# The theme override folder named by mkdocs.yml (custom_dir): part of every page.
OVERRIDES = PROJECT / "overrides"


@dataclass
class BuildOptions:
    source: Path
    config: Path
    site_dir: Path
    bundle: Path | None = None  # a folder (dist/) or a .zip path
    accept_anchor_changes: bool = False
    mkdocs_config: Path = PROJECT / "mkdocs.yml"
    shim: Path = PROJECT / ".cache" / "vendor" / "iframe-worker" / "shim.js"
    progress: bool = False
    # Build stamps, kept Markdown and segmentation, keyed by the site folder.
    cache_dir: Path = field(default_factory=lambda: Path(os.environ.get("GENERATOR_CACHE_DIR")
                                                        or PROJECT / ".cache"))

    def bundle_target(self, bundle_name: str) -> Path | None:
        if self.bundle is None:
            return None
        if self.bundle.suffix == ".zip":
            return self.bundle
        return self.bundle / f"{bundle_name}-offline.zip"


@dataclass
class BuildResult:
    documents: list[DocumentInfo]  # the documents built, in file name order
    warnings: list[str] = field(default_factory=list)
    bundle_path: Path | None = None
    lock_written: bool = False
    up_to_date: bool = False  # nothing changed since the last good build
    incremental: bool = False  # only changed pages were rendered again
    # Results taken from earlier builds / computed anew, by kind ("reading":
    # parse and analysis, "page": rendering, "xref-pages": the
    # cross-reference pages).
    reused: dict[str, int] = field(default_factory=dict)
    computed: dict[str, int] = field(default_factory=dict)
    converted: int = 0  # document and anchor pages whose Markdown was converted anew


def _say(options: BuildOptions, message: str) -> None:
    if options.progress:
        print(message, file=sys.stderr, flush=True)


def load_document(path: Path, settings: Settings, root: Path) -> Document:
    """Decode, repair and parse one source file; apply its catalogue entry."""
    data = path.read_bytes()
    shown = _shown_path(path, root)
    text = decode_source(data, shown)
    entry = settings.catalogue.get(path.name, {})
    info = DocumentInfo(slug="", source_path=shown, source_sha256=hashlib.sha256(data).hexdigest(),
                        symbol=entry.get("symbol", ""), doc_type=entry.get("doc_type", ""),
                        title=entry.get("title", ""), date=entry.get("date", ""))
    doc = parse(repair(text), info)
    if not info.title:
        info.title = path.stem
    if not info.doc_type:
        info.doc_type = infer_doc_type(doc)
    info.slug = symbol_slug(split_symbol(info.symbol)) if info.symbol else entry.get("slug") or file_slug(path.name)
    if not SAFE_SLUG.match(info.slug):
        raise BuildError(f"cannot derive a safe page name from {info.slug!r}", shown)
    return doc


def infer_doc_type(doc: Document) -> str:
    kinds = {n.kind for n in doc.body}
    if "agenda-item" in kinds or "item" in kinds:
        return "agenda"
    if doc.info.subtitle == "秘书处的说明" or "秘书处的说明" in doc.info.front_matter:
        return "note"
    return "report"


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _source_paths(source: Path) -> list[Path]:
    if not source.is_dir():
        raise BuildError("source folder not found", str(source))
    paths = sorted(p for p in source.iterdir() if p.is_file() and p.suffix == ".txt")
    if not paths:
        raise BuildError("no .txt report texts in the source folder", str(source))
    return paths


@dataclass
class Reading:
    """What one document gives on its own: its model with anchors and
    footnotes, its entries of the anchor manifest, the citations and the
    dates it states."""

    doc: Document
    anchors: list[dict]
    mentions: Mentions
    statements: list


def analyse(doc: Document) -> Reading:
    """Anchors, footnotes, citations and dates of one parsed document."""
    assign_anchors(doc)
    link_footnotes(doc)
    describe_dates(doc)
    return Reading(doc, document_anchors(doc), document_mentions(doc), document_statements(doc))


def _read_and_analyse(job: tuple[Path, Settings, Path]) -> Reading:
    path, settings, root = job
    return analyse(load_document(path, settings, root))


def read_corpus(source: Path, settings: Settings, store: Store, root: Path | None = None) -> list[Reading]:
    """Every document of ``source`` read and analysed, in file name order.

    A document whose bytes, catalogue entry and path are as in an earlier
    build (with the same code) is taken from ``store``; the others are read
    on every core.
    """
    root = root or Path.cwd()
    paths = _source_paths(source)
    keys = [Store.key("reading", p.read_bytes(), _shown_path(p, root),
                     json.dumps(settings.catalogue.get(p.name, {}), sort_keys=True, default=str)) for p in paths]
    readings = store.results(keys, _read_and_analyse, [(p, settings, root) for p in paths])
    _check_unique([r.doc for r in readings])
    return readings


def _check_unique(docs: list[Document]) -> None:
    seen_symbol: dict[str, str] = {}
    seen_slug: dict[str, str] = {}
    for doc in docs:
        info = doc.info
        if info.symbol and info.symbol in seen_symbol:
            raise BuildError(f"document symbol {info.symbol} is claimed by both "
                             f"{seen_symbol[info.symbol]} and {info.source_path}", info.source_path)
        if info.slug in seen_slug:
            raise BuildError(f"page name documents/{info.slug}.html is claimed by both "
                             f"{seen_slug[info.slug]} and {info.source_path}", info.source_path)
        if info.symbol:
            seen_symbol[info.symbol] = info.source_path
        seen_slug[info.slug] = info.source_path


@dataclass
class Linked:
    """What the documents say of each other: the cross-reference index, the
    timeline's events and the recommendations paired with their texts."""

    index: XrefIndex
    events: list[Event]
    pairings: list[Pairing]
    book: CitationBook  # every element's citation, which links to it are labelled with
    event_aliases: EventLock | None = None  # the old ids of timeline entries, once checked


def link_corpus(readings: list[Reading]) -> Linked:
    """References, timeline and recommendations across the documents."""
    docs = [r.doc for r in readings]
    name_agenda_items(docs)
    book = CitationBook(docs)
    index = build_xref(docs, {r.doc.info.slug: r.mentions for r in readings}, label=book.label)
    events = merge_statements([stmt for r in readings for stmt in r.statements])
    pairings = match_recommendations(docs)
    add_recommendation_links(docs, pairings)
    return Linked(index, events, pairings, book)


def _render_one(job: tuple[Document, str]) -> tuple[str, str, tuple[str, str]]:
    """The Markdown page, the anchor page, and the JSON model and Akoma
    Ntoso XML of one linked document."""
    doc, extra = job
    env = environment()
    return (render_document(doc, env, extra), render_anchors_page(doc, env),
            (_json_text(document_json(doc)), document_akn(doc)))


def render_documents(docs: list[Document], events: list, book: CitationBook, store: Store,
                     models_folder: Path, write_page: Callable[[str, str], None],
                     places: dict[int, Place] | None = None) -> None:
    """Each document's page and anchor page given to ``write_page`` (its
    Markdown path, its text); its JSON model and Akoma Ntoso XML are written
    under ``models_folder`` at their site paths (stage_model), each as the
    document's rendering comes back, none held.

    A document whose linked model and events are those of an earlier build
    is taken from ``store``; the others are rendered on every core.
    """
    stated: dict[str, list] = {}  # each document's events, found once
    for event in events:
        for slug in {doc for doc, _ in event.sources}:
            stated.setdefault(slug, []).append(event)
    places = places if places is not None else event_places(events)  # where each event's entry is in the timeline
    jobs = [(doc, document_events_markdown(stated.get(doc.info.slug, []), doc.info.slug, book, places)) for doc in docs]
    outputs = store.each_result([Store.key("page", identity(job)) for job in jobs], _render_one, jobs)
    for doc, (page, anchors_page, model) in zip(docs, outputs, strict=True):
        slug = doc.info.slug
        write_page(page_source(slug), page)
        write_page(anchors_page_source(slug), anchors_page)
        stage_model(models_folder, slug, model)


def stage_model(folder: Path, slug: str, model: tuple[str, str]) -> None:
    """A document's JSON model and Akoma Ntoso XML written under ``folder``
    at their site paths (write_outputs moves them into the site). Held
    until MkDocs' build, the models of every document were the size of
    the corpus twice over in memory, at the build's peak."""
    json_text, akn = model
    _write_json(folder / "data" / "documents" / f"{slug}.json", json_text)
    write_if_changed(folder / akn_path(slug), akn)


def render_pages(docs: list[Document], settings: Settings, linked: Linked, store: Store,
                 models_folder: Path, write_page: Callable[[str, str], None]) -> None:
    """Every page of the site given to ``write_page`` (its Markdown path,
    its text) as it is rendered; each document's JSON model and Akoma
    Ntoso XML are written under ``models_folder``."""
    env = environment()
    index, events, pairings, book = linked.index, linked.events, linked.pairings, linked.book
    titles: dict[str, str] = {}  # every page written: its title (where a retired page sends readers)
    page_writer = write_page

    def write_page(path: str, page: str) -> None:
        titles[path] = _front_title(page)
        page_writer(path, page)

    # The timeline first: where each event's entry is (its year's page, or
    # its month's in a year split by month) is where the documents link.
    timeline = timeline_site(events, docs, book, linked.event_aliases)
    for path, page in timeline.pages.items():
        write_page(path, page)
    render_documents(docs, events, book, store, models_folder, write_page, timeline.places)
    del timeline
    # What the corpus-wide pages show of each document (not, say, its hash).
    labels = [(doc.info.slug, doc.info.symbol, doc.info.title) for doc in docs]
    rows = document_rows(docs, document_year)
    listed, older = home_listing(rows)
    write_page("index.md", env.get_template("home.md.j2").render(
        rows=listed, settings=settings,
        older=[{"href": year_page_path(y.year), "name": year_heading(y.year), "count": y.count} for y in older]))
    corpus_pages = {**year_pages(rows, env), **decade_pages(rows, env)}
    corpus_pages["anchors.md"] = env.get_template("anchors.md.j2").render(
        docs=docs, anchor_counts={doc.info.slug: anchor_count(doc) for doc in docs})
    # The cross-reference pages change only when what they list changes:
    # kept by the identity of their inputs, like the document pages. The
    # timeline's are not (its merge gives new events whenever a document
    # changes, so a kept page saved no time: README "Performance").
    corpus_pages.update(store.value("xref-pages", (index.instruments, index.symbols, labels), lambda: xref_pages(index)))
    corpus_pages["recommendations.md"] = recommendations_page(pairings)
    for path, page in corpus_pages.items():
        write_page(path, page)
    for path, page in retired_pages(settings.retired, titles).items():
        write_page(path, page)


def _front_title(page: str) -> str:
    """The title a page's front matter gives it ("" when none)."""
    m = re.match(r"---\ntitle: (.*)\n", page)
    if m is None:
        return ""
    title = m.group(1).strip()
    return json.loads(title) if title.startswith('"') else title


def converted_on_every_core(slugs: list[str], pages: Iterable[str]) -> list[str]:
    """The pages converted before MkDocs runs, on every core, and kept by
    content (``site.convert_pages``; their links are HTML relative to them):
    each document's page and anchor page, the parts of the corpus-wide
    indexes and the timeline's year pages."""
    own = [src for slug in slugs for src in (page_source(slug), anchors_page_source(slug))]
    pages = list(pages)
    years = sorted(src for src in pages if src.startswith("timeline/") and src != INDEX_SOURCE)
    return own + index_parts(pages) + years


def place_search_index(search_root: Path, new_site: Path) -> None:
    """Put the index the background process wrote (it was waited for
    before the pages were rendered) in place of whatever Material's search
    plugin left in the site's search folder."""
    shutil.rmtree(new_site / "search", ignore_errors=True)
    os.replace(search_root / "search", new_site / "search")


# Material's search plugin would parse every page's HTML and segment it
# with jieba again; the generator writes the search index from the document
# model instead (search/index.py). The plugin stays enabled, because the theme
# shows the search box only then, and each page says, in Material's own
# per-page setting, that the plugin need not index it.
_NO_PLUGIN_SEARCH = "search:\n  exclude: true\n"


def exclude_from_material_search(page: str) -> str:
    if page.startswith("---\n"):
        return "---\n" + _NO_PLUGIN_SEARCH + page[4:]
    return "---\n" + _NO_PLUGIN_SEARCH + "---\n\n" + page


def document_year(info: DocumentInfo) -> str:
    """The year a document belongs to: its date of issue, else its session's."""
    for text in (info.date, info.session_dates, info.title):
        m = re.search(r"(?<!\d)(19|2\d)\d\d(?!\d)", text)
        if m:
            return m.group()
    return "其他"


def navigation(docs: list[Document]) -> list:
    """The site navigation, for readers; documents grouped by decade and year.

    Grouping keeps the rendered navigation of each page small: with
    navigation.prune, a page carries the decades, its own decade's years
    and its own year's documents, so the navigation grows with the decades,
    not with the documents or the years. With prune, Material links a
    section it does not open to the first page in it: each section's first
    page is its own list (navigation.indexes: a page named index.md), the
    home page for "文件", the decade's page for a decade and the year's page
    for a year, so opening a section never opens one document. The anchor
    index is a tool for developers: linked from the home page, not listed
    here.
    """
    years: dict[str, list] = {}
    for d in docs:
        years.setdefault(document_year(d.info), []).append(
            {(d.info.symbol or d.info.title): page_source(d.info.slug)})
    sections: list = ["index.md"]
    for year in sorted(years, key=lambda y: (y.isdigit(), y), reverse=True):
        item = {year: [markdown_source(year_page_path(year))] + years[year]}
        if not year.isdigit():
            sections.append(item)
            continue
        name = decade_heading(decade(int(year)))
        if not isinstance(sections[-1], dict) or name not in sections[-1]:
            sections.append({name: [markdown_source(decade_page_path(decade(int(year))))]})
        sections[-1][name].append(item)
    return [
        {"文件": sections},
        {"决议和决定索引": "resolutions.md"},
        {"文号索引": "symbols.md"},
        {"时间线": "timeline.md"},
        {"建议与核可案文对照": "recommendations.md"},
    ]


def _json_text(data: dict) -> str:
    """Compact JSON: with an indent, json falls back from its C encoder to a
    Python one many times slower, and these files are read by tools."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_json(path: Path, data: dict | str) -> None:
    """Write the JSON unless the file (in a rebuild, the last site's copy) holds it already."""
    write_if_changed(path, (data if isinstance(data, str) else _json_text(data)).encode("utf-8"))


def _stamp(options: BuildOptions, bundle: Path | None) -> tuple[Path, str, list[Path]]:
    """Where the build's stamp lives, the digest of its inputs, its outputs."""
    site = options.site_dir.resolve()
    stamp_file = options.cache_dir / "stamps" / (hashlib.sha1(str(site).encode()).hexdigest() + ".json")
    digest = input_digest(
        [options.source, options.config, TEMPLATES, Path(__file__).resolve().parents[1], options.mkdocs_config,
         OVERRIDES, options.shim],
        {"epoch": os.environ.get("SOURCE_DATE_EPOCH", ""), "site": str(site),
         "bundle": str(bundle.resolve()) if bundle else ""})
    outputs = [site / "anchors.json", site / "index.html"] + [p for p in (bundle,) if p]
    return stamp_file, digest, outputs


def _shell_digest(options: BuildOptions, nav: list, site_url: str) -> str:
    """What every page's HTML shares: navigation, MkDocs settings, assets,
    the canonical address."""
    return input_digest([options.mkdocs_config, OVERRIDES, ASSETS, options.shim],
                        {"nav": json.dumps(nav, ensure_ascii=False), "site_url": site_url})


@dataclass
class Build:
    """One build's context, as MkDocs passes its configuration: the options
    and settings, the store of kept results, and what each phase hands to
    the next (filled in as the phases run, in the order of ``build``)."""

    options: BuildOptions
    settings: Settings
    store: Store
    stamp_file: Path
    readings: list[Reading] = field(default_factory=list)
    linked: Linked | None = None
    lock: Lock | None = None
    locked: Lock | None = None
    manifest_json: str = ""  # anchors.json, as written (the manifest's dicts are not kept)
    events_published: bool = False  # the timeline's entries in the lock changed (new ones, claims)
    anchor_files: dict[str, str] = field(default_factory=dict)  # anchors/<slug>.json by slug, as written
    search: Background | None = None
    search_root: Path | None = None
    result: BuildResult | None = None

    @property
    def docs(self) -> list[Document]:
        return [r.doc for r in self.readings]


def build(options: BuildOptions) -> BuildResult:
    """The phases: read, link, lock, render, publish (MkDocs, outputs,
    bundle), put in place. Nothing replaces the last good site until every
    phase succeeded."""
    settings = load_settings(options.config)
    stamp_file, digest, outputs = _stamp(options, options.bundle_target(settings.bundle_name))
    if up_to_date(stamp_file, digest, outputs):
        _say(options, "nothing changed since the last build")
        return BuildResult([], bundle_path=options.bundle_target(settings.bundle_name), up_to_date=True)
    run = Build(options, settings, Store(options.cache_dir / "store" / stamp_file.stem), stamp_file)
    with paused_cycle_collection():
        run.readings = read_corpus(options.source, settings, run.store)
    # The models live until the end of the build: the cyclic collector need
    # not walk them over and over while later stages make their objects.
    with long_lived_objects_set_aside():
        return _after_reading(run)


def _after_reading(run: Build) -> BuildResult:
    """Everything after reading, with the search index written meanwhile."""
    options = run.options
    # (No loop variable here: it would keep the last model alive to the end.)
    if run.docs:
        _say(options, "\n".join(f"parsed {d.info.source_path} → documents/{d.info.slug}.html" for d in run.docs))
    # The anchors first: a build whose anchors break the lock stops here;
    # the manifest's dicts, made and let go meanwhile, are handed back
    # before the next stages make their objects.
    check_anchors(run)
    give_back_freed_memory()
    # The search index needs only the documents' text (not the links made
    # next): a process of its own writes it from their blocks while the
    # corpus is linked on one core, before the pages are rendered on every
    # core.
    options.site_dir.parent.mkdir(parents=True, exist_ok=True)
    run.search_root = Path(tempfile.mkdtemp(prefix=".search-", dir=options.site_dir.parent)).resolve()
    try:
        kept_input = run.search_root / "blocks.pickle"
        keep_index_input(run.docs, kept_input)
        run.search = Background(finish_search_index, run.search_root, kept_input, options.site_dir / "search")
        run.linked = link_corpus(run.readings)
        check_event_ids(run)
        # The pages are rendered on every core once the index is written:
        # side by side with it, the render workers made the build's peak in
        # memory (1.17 GB at N = 500, the limit is 1 GB), and three
        # processes shared two cores.
        run.search.wait()
        removing_old_site = publish(run)
        removing_old_site.join()  # the old site, being removed meanwhile
        return run.result
    except BaseException:
        if run.search is not None:
            run.search.cancel()  # another stage failed: stop the index
        raise
    finally:
        shutil.rmtree(run.search_root, ignore_errors=True)


def check_anchors(run: Build) -> None:
    """The anchor manifest, checked against the lock (or accepted into it)."""
    manifest = build_manifest(run.docs)
    anchors = {r.doc.info.slug: r.anchors for r in run.readings}
    for reading in run.readings:  # in ``anchors`` now; memory for the pages to come
        reading.anchors = []
    entries = lock_entries(anchors)
    lock_path = run.options.config / LOCK_NAME
    run.locked = read_lock(lock_path)
    if run.locked is not None and not run.options.accept_anchor_changes:
        check_lock(run.locked.pages, entries, _shown_path(lock_path, Path.cwd()))
        run.lock = run.locked
    else:
        run.lock = accept_changes(run.locked, anchors, acceptance_date())
    manifest["aliases"] = manifest_aliases(run.lock)
    # Kept as their text: the dicts of every anchor and its text would stay
    # in memory through MkDocs' build, the build's peak.
    run.manifest_json = _json_text(manifest)
    run.anchor_files = {slug: _json_text(anchor_file(slug, listed)) for slug, listed in anchors.items()}


def check_event_ids(run: Build) -> None:
    """The timeline's entries keep their published ids (or the change is
    accepted); the ids of new entries join the lock."""
    accept = run.options.accept_anchor_changes
    published = assign_event_ids(run.linked.events, run.locked.events if run.locked else None, accept,
                                 acceptance_date())
    if published.problems and not accept:
        problems = published.problems
        shown = ", ".join(problems[:20]) + (f" and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BuildError(f"{len(problems)} published timeline entr{'y' if len(problems) == 1 else 'ies'} would be "
                         f"dropped (no text states the event any more): {shown}; rebuild with "
                         "--accept-anchor-changes to accept this and rewrite the lock",
                         _shown_path(run.options.config / LOCK_NAME, Path.cwd()))
    run.lock.events = run.linked.event_aliases = published.lock
    run.events_published = published.changed


def publish(run: Build) -> threading.Thread:
    """Render, build with MkDocs, take the search index, write the outputs
    and the bundle, and put them in place; returns the thread removing the
    old site (see replace_dir)."""
    options, docs = run.options, run.docs
    run.result = result = BuildResult([doc.info for doc in docs])
    result.warnings.extend(f"{d.info.source_path}: {w}" for d in docs for w in d.warnings)
    if not run.settings.site_url:
        result.warnings.append(no_site_url_warning(options.config))
    nav = navigation(docs)
    slugs = [d.info.slug for d in docs]
    del docs  # the models go once rendered (let_go_of_models): no name here may hold one
    shell = _shell_digest(options, nav, run.settings.site_url)
    # The Markdown is kept between builds, so that MkDocs can tell which
    # pages changed; the site is built from a copy of the last one when
    # everything around the pages (navigation, theme settings, assets) is
    # the same, and from scratch otherwise.
    incremental = options.site_dir.is_dir() and read_stamp(run.stamp_file).get("shell") == shell
    with tempfile.TemporaryDirectory(prefix=".build-", dir=options.site_dir.parent) as tmp:
        # Absolute: MkDocs reads relative docs_dir/site_dir against mkdocs.yml's folder, not the cwd.
        work = Path(tmp).resolve()
        new_site = work / "site"
        staged_data = work / "staged"
        folder = MarkdownFolder(options.cache_dir / "docs" / run.stamp_file.stem, options.shim)
        document_pages = {page_source(slug): slug for slug in slugs}

        def write_page(src: str, text: str) -> None:
            text = exclude_from_material_search(text)
            if src in document_pages:  # each page carries its own aliases, for readers of old links
                text += page_aliases(run.lock, document_pages[src])
            folder.write(src, text)

        render_pages(run.docs, run.settings, run.linked, run.store, staged_data, write_page)
        folder.finish()
        stage_corpus_data(run, staged_data)
        let_go_of_models(run)
        run_mkdocs_phase(run, folder, slugs, nav, new_site, incremental)
        give_back_freed_memory()
        write_outputs(new_site, staged_data)
        place_search_index(run.search_root, new_site)
        staged = stage_bundles(run, new_site, work)
        # Everything succeeded: now replace the old outputs, by renames only.
        removing_old_site = replace_dir(new_site, options.site_dir)
        for staged_file, target in staged:
            os.replace(staged_file, target)
        if staged:
            result.bundle_path = staged[0][1]
    if run.locked is None or options.accept_anchor_changes or run.events_published:
        write_lock(options.config / LOCK_NAME, run.lock)
        result.lock_written = True
    # Stamped after the lock is written: the lock is one of the inputs.
    stamp_file, digest, outputs = _stamp(options, result.bundle_path)
    write_stamp(stamp_file, digest, outputs, shell=shell,
                bundle=bundle_marker(options, f"{run.settings.bundle_name}-offline", result.bundle_path)
                if result.bundle_path else "")
    run.store.keep_only_used()
    result.reused, result.computed = dict(run.store.hits), dict(run.store.misses)
    result.incremental = incremental
    return removing_old_site


def no_site_url_warning(config: Path) -> str:
    """The one line a build without ``site_url`` says (CONTRACT.md, "Addresses")."""
    return (f"{_shown_path(config / 'site.toml', Path.cwd())}: site_url is not set, so no address is published: "
            "no canonical links, no sitemap.xml; a copied citation links the page's own address over http, "
            "and the official text at undocs.org from the offline bundle and the ZIM")


def let_go_of_models(run: Build) -> None:
    """Once every page is rendered and the corpus' data staged, nothing
    later needs the models or the links between them: let them go, and hand
    their memory back, before the pages are converted and MkDocs builds the
    site around them (the models held through both made the build's memory
    grow by their size, about 0.5 MB a document)."""
    run.readings, run.linked = [], None
    # They were set aside from the cyclic collector (long_lived_objects_set_aside):
    # returned to it, the cycles among them are collected too.
    gc.unfreeze()
    give_back_freed_memory()


def run_mkdocs_phase(run: Build, folder: MarkdownFolder, slugs: list[str], nav: list, new_site: Path,
                     incremental: bool) -> None:
    """The document pages and their anchor pages converted on every core
    and kept by content; then MkDocs takes their conversions and renders
    the pages around them (from ``folder``, the Markdown written)."""
    options = run.options
    if incremental:
        copy_last_site(options.site_dir, new_site, leave_out=("search",))
        drop_pages_no_longer_built(new_site, folder.written)
    _say(options, "converting the document pages")
    run.result.converted = convert_pages(options.mkdocs_config, folder.root, new_site, run.store,
                                         folder.texts(converted_on_every_core(slugs, folder.written)))
    _say(options, "running MkDocs" + (" (changed pages only)" if incremental else ""))
    run.result.warnings.extend(f"mkdocs: {w}" for w in run_mkdocs(options.mkdocs_config, folder.root, new_site, nav,
                                                                   dirty=incremental, conversions=run.store.folder,
                                                                   site_url=run.settings.site_url))


def drop_pages_no_longer_built(new_site: Path, written: list[str]) -> None:
    """In a copy of the last site, the pages whose Markdown this build did
    not write (a year no longer split by month, a citing page no longer
    needed) removed: MkDocs' incremental build leaves what it does not
    build, and the site would not be the one a build from scratch makes."""
    wanted = set(written)
    for page in sorted(new_site.rglob("*.html")):
        rel = page.relative_to(new_site).as_posix()
        if rel != "404.html" and not rel.startswith(("assets/", "search/")) and markdown_source(rel) not in wanted:
            page.unlink()


def stage_corpus_data(run: Build, staged: Path) -> None:
    """The corpus' machine-readable outputs (manifest, cross-references,
    timeline, the Atom feed, each document's citation as RIS) written under
    ``staged`` at their site paths, beside the documents' models
    (stage_model)."""
    linked, settings = run.linked, run.settings
    _write_json(staged / "anchors.json", run.manifest_json)
    for slug, text in run.anchor_files.items():
        _write_json(staged / anchors_json_path(slug), text)
    run.anchor_files = {}
    _write_json(staged / "data" / "xref.json", xref_json(linked.index))
    write_timeline_data(staged, timeline_json(linked.events))
    infos = [reading.doc.info for reading in run.readings]
    write_if_changed(staged / FEED_PATH, documents_feed(infos, settings.site_name, settings.bundle_name,
                                                       settings.site_url, date.fromisoformat(acceptance_date())))
    for info in infos:
        write_if_changed(staged / ris_path(info.slug), document_ris(info, settings.site_url).encode("utf-8"))


# The version of data/timeline.json: 2 lists the years, each year's events
# in a file of its own (version 1 held every event, 35 MB at 2,000
# documents, over the 25 MiB a file the common static hosts take).
TIMELINE_DATA_VERSION = 2


def write_timeline_data(staged: Path, timeline: dict) -> None:
    """``data/timeline.json`` (the years, each with how many events it has
    and the file of its events) and ``data/timeline/<year>.json``, from
    the timeline's data (``timeline_json``: every event, in order)."""
    years: dict[str, list[dict]] = {}
    for event in timeline["events"]:
        years.setdefault(event["start"][:4], []).append(event)
    _write_json(staged / "data" / "timeline.json", {
        "version": TIMELINE_DATA_VERSION,
        "years": [{"year": int(year), "events": len(events), "url": timeline_data_path(year)}
                  for year, events in years.items()]})
    for year, events in years.items():
        _write_json(staged / timeline_data_path(year),
                    {"version": TIMELINE_DATA_VERSION, "year": int(year), "events": events})


# The folders of the machine-readable outputs that a build writes whole:
# in a copy of the last site, a file there that this build did not stage
# goes (a year of the timeline that no longer has events).
STAGED_FOLDERS = ("data/timeline/",)


def write_outputs(new_site: Path, staged: Path) -> None:
    """The machine-readable outputs staged under ``staged`` (stage_model,
    stage_corpus_data) moved into the site; a file the last site's copy
    holds already is left as it is."""
    made_now = {p.relative_to(staged).as_posix() for p in staged.rglob("*") if p.is_file()}
    for folder in STAGED_FOLDERS:
        for old in sorted((new_site / folder).glob("*")):
            if old.is_file() and old.relative_to(new_site).as_posix() not in made_now:
                old.unlink()
    for made in sorted(p for p in staged.rglob("*") if p.is_file()):
        target = new_site / made.relative_to(staged)
        if not (target.is_file() and filecmp.cmp(made, target, shallow=False)):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(made, target)


def bundle_marker(options: BuildOptions, folder: str, target: Path) -> str:
    """How the bundle at ``target`` is made (recorded in the build's stamp)."""
    return f"{target.resolve()} | {bundle_format(folder)}"


def last_bundle(run: Build, folder: str) -> tuple[Path, Path] | None:
    """The last good build's site and zip, when that zip is still as it
    left it and was made the same way: write_bundle copies from it the
    entries of files that did not change."""
    target = run.options.bundle_target(run.settings.bundle_name)
    stamp = read_stamp(run.stamp_file)
    outputs = stamp.get("outputs") or []
    if (target is None or stamp.get("bundle") != bundle_marker(run.options, folder, target)
            or not outputs or fingerprint(target) != outputs[-1]):
        return None
    return run.options.site_dir, target


def stage_bundles(run: Build, new_site: Path, work: Path) -> list[tuple[Path, Path]]:
    """The zip, copied beside its target (staged file, target): a bundle
    folder that cannot be made fails with the old outputs intact. Empty
    when the build makes no bundle. (The ZIM is a release step of its own:
    ``python -m generator zim``.)"""
    options, settings = run.options, run.settings
    if options.bundle is None:
        return []
    _say(options, "packing the offline bundle")
    new_zip = work / "bundle.zip"
    folder = f"{settings.bundle_name}-offline"
    # The 404 page is for a web server to show at any address: its links
    # start at the server's root ("/index.html"), which from disk is the
    # root of the reader's file system. A bundle opened from disk never shows it.
    write_bundle(new_site, new_zip, folder, exclude=("404.html",), last=last_bundle(run, folder))
    give_back_freed_memory()  # the zip's batches
    staged = []
    for made, target in ((new_zip, options.bundle_target(settings.bundle_name)),):
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = target.with_name(target.name + ".tmp")
        shutil.copyfile(made, copy)
        staged.append((copy, target))
    return staged


def plain_data(value):
    """Dataclasses as dicts, without the deep copies of dataclasses.asdict.

    The model's dataclasses keep their fields in ``__dict__``, in field order.
    """
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is list:
        return [plain_data(v) for v in value]
    if is_dataclass(value):
        return {name: plain_data(v) for name, v in vars(value).items()}
    return value


def document_json(doc: Document) -> dict:
    """The structured model of a document, for other tools."""
    return {"version": 1, **plain_data(doc)}
