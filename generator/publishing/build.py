"""The pipeline: the build as named phases, each a function of what the
phases before it returned (``phases.PHASES``):

read (``read_corpus``: each source text read into a numbered document and
analysed, on every core) → anchors (``check_anchors``: the manifest against
the lock) → link (``link_corpus``: references, timeline, recommendations;
the search index is written meanwhile in a process of its own) → render
(``render_pages``) → publish (``publish``: MkDocs, the machine-readable
outputs, the bundle, then the new site put in place, and only when every
phase succeeded). Each stage's work is in its own folder; this module
passes their results along, applies the store of kept results around the
work of each document, and lets the models go once the pages are rendered.
The ZIM for Kiwix is made from the built site by a command of its own
(publishing/zim.py).
"""

from __future__ import annotations

import filecmp
import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
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
from ..corpus.timeline import Event, describe_dates, document_statements, merge_statements, timeline_files
from ..corpus.timeline.published import EventLock, assign_event_ids
from ..corpus.xref import Mentions, XrefIndex, build_xref, document_mentions, xref_json
from ..errors import BuildError
from ..files import write_if_changed
from ..ids import (
    FEED_PATH,
    MANIFEST_PATH,
    XREF_DATA,
    akn_path,
    anchors_json_path,
    anchors_page_source,
    model_path,
    page_path,
    page_source,
    ris_path,
    year_page_path,
)
from ..model import Document, DocumentInfo
from ..parallel import give_back_freed_memory, long_lived_objects_set_aside, paused_cycle_collection
from ..reading.load import read_document, shown_path
from ..rendering.akn import document_akn
from ..rendering.aliases import page_aliases
from ..rendering.citations import CitationBook
from ..rendering.document import anchor_count, render_anchors_page, render_document
from ..rendering.feed import documents_feed
from ..rendering.indexes import (
    decade_pages,
    document_rows,
    home_listing,
    navigation,
    xref_pages,
    year_heading,
    year_pages,
)
from ..rendering.model_json import document_json
from ..rendering.recommendations import recommendations_page
from ..rendering.retired import front_title, retired_pages
from ..rendering.ris import document_ris
from ..rendering.templating import TEMPLATES, environment
from ..rendering.timeline import documents_events, timeline_site
from ..search.index import finish_search_index, keep_index_input
from .background import Background
from .phases import phase
from .site import (
    ASSETS,
    MarkdownFolder,
    bundle_format,
    convert_pages,
    converted_on_every_core,
    copy_last_site,
    drop_pages_no_longer_built,
    exclude_from_material_search,
    place_search_index,
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
    # Build stamps, kept Markdown and the store of kept results, by site folder.
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


@dataclass(frozen=True)
class Build:
    """What every phase of one build may ask: the options, the settings,
    the store of kept results and the build's stamp."""

    options: BuildOptions
    settings: Settings
    store: Store
    stamp_file: Path

    def say(self, message: str) -> None:
        if self.options.progress:
            print(message, file=sys.stderr, flush=True)


def build(options: BuildOptions) -> BuildResult:
    """Build the site and the bundle; nothing replaces the last good ones
    until every phase succeeded."""
    settings = load_settings(options.config)
    stamp_file, digest, outputs = _stamp(options, options.bundle_target(settings.bundle_name))
    if up_to_date(stamp_file, digest, outputs):
        if options.progress:
            print("nothing changed since the last build", file=sys.stderr, flush=True)
        return BuildResult([], bundle_path=options.bundle_target(settings.bundle_name), up_to_date=True)
    run = Build(options, settings, Store(options.cache_dir / "store" / stamp_file.stem), stamp_file)
    # The models are made with the cyclic collector paused (millions of
    # objects, no garbage), then set aside from it until they are let go
    # (Corpus.let_go): it need not walk them over and over meanwhile.
    with paused_cycle_collection():
        readings = read_corpus(options.source, settings, run.store)
    with long_lived_objects_set_aside():
        return _from_readings(run, readings)


def _from_readings(run: Build, readings: list[Reading]) -> BuildResult:
    """The phases after reading, the search index written meanwhile."""
    run.say("\n".join(f"parsed {r.doc.info.source_path} → {page_path(r.doc.info.slug)}" for r in readings))
    # The anchors first: a build whose anchors break the lock stops here.
    checked = check_anchors(readings, run.options)
    give_back_freed_memory()  # the manifest's dicts, made and let go
    run.options.site_dir.parent.mkdir(parents=True, exist_ok=True)
    search_root = Path(tempfile.mkdtemp(prefix=".search-", dir=run.options.site_dir.parent)).resolve()
    search: Background | None = None
    try:
        search = start_search_index(readings, run.options, search_root)
        corpus = Corpus(readings, link_corpus(readings))
        events_published = check_event_ids(corpus.linked, checked, run.options)
        # The pages are rendered on every core once the index is written:
        # side by side with it, the render workers made the build's peak in
        # memory (1.17 GB at N = 500, the limit is 1 GB), and three
        # processes shared two cores.
        with phase("search wait"):
            search.wait()
        result, shell, removing_old_site = publish(run, corpus, checked, search_root)
        removing_old_site.join()  # the old site, being removed meanwhile
    except BaseException:
        if search is not None:
            search.cancel()  # another phase failed: stop the index
        raise
    finally:
        shutil.rmtree(search_root, ignore_errors=True)
    if checked.locked is None or run.options.accept_anchor_changes or events_published:
        write_lock(run.options.config / LOCK_NAME, checked.lock)
        result.lock_written = True
    _stamp_build(run, result, shell)
    return result


# -- read -------------------------------------------------------------------------


@dataclass
class Reading:
    """What one document gives on its own: its numbered model, its entries
    of the anchor manifest, the citations and the dates it states."""

    doc: Document
    anchors: list[dict]
    mentions: Mentions
    statements: list


def analyse(doc: Document) -> Reading:
    """The citations and dates of one numbered document, and its anchors."""
    describe_dates(doc)
    return Reading(doc, document_anchors(doc), document_mentions(doc), document_statements(doc))


@dataclass(frozen=True)
class SourceText:
    """One source file, read once: its name, its path as messages name it,
    its bytes and its catalogue entry."""

    name: str
    shown: str
    data: bytes
    entry: dict[str, str]

    @property
    def key(self) -> str:
        """What its reading is kept by: its bytes, path and entry (and the code)."""
        return Store.key("reading", self.data, self.shown, json.dumps(self.entry, sort_keys=True, default=str))


def read_source(source: SourceText) -> Reading:
    return analyse(read_document(source.data, source.shown, source.name, source.entry))


@phase("read")
def read_corpus(source: Path, settings: Settings, store: Store, root: Path | None = None) -> list[Reading]:
    """Every document of ``source`` read and analysed, in file name order.

    A document whose bytes, catalogue entry and path are as in an earlier
    build (with the same code) is taken from ``store``; the others are read
    on every core.
    """
    texts = [SourceText(path.name, shown_path(path, root or Path.cwd()), path.read_bytes(),
                        settings.catalogue.get(path.name, {})) for path in _source_paths(source)]
    readings = store.results([text.key for text in texts], read_source, texts)
    _check_unique([r.doc for r in readings])
    return readings


def _source_paths(source: Path) -> list[Path]:
    if not source.is_dir():
        raise BuildError("source folder not found", str(source))
    paths = sorted(p for p in source.iterdir() if p.is_file() and p.suffix == ".txt")
    if not paths:
        raise BuildError("no .txt report texts in the source folder", str(source))
    return paths


def _check_unique(docs: list[Document]) -> None:
    seen_symbol: dict[str, str] = {}
    seen_slug: dict[str, str] = {}
    for doc in docs:
        info = doc.info
        if info.symbol and info.symbol in seen_symbol:
            raise BuildError(f"document symbol {info.symbol} is claimed by both "
                             f"{seen_symbol[info.symbol]} and {info.source_path}", info.source_path)
        if info.slug in seen_slug:
            raise BuildError(f"page name {page_path(info.slug)} is claimed by both "
                             f"{seen_slug[info.slug]} and {info.source_path}", info.source_path)
        if info.symbol:
            seen_symbol[info.symbol] = info.source_path
        seen_slug[info.slug] = info.source_path


# -- anchors ----------------------------------------------------------------------


@dataclass
class CheckedAnchors:
    """The anchors of a build checked against the lock: the lock as read
    (``locked``) and as it is after this build (``lock``), and the manifest
    and each document's anchors as they are written (their dicts are not
    kept: they would stay in memory through MkDocs' build, its peak)."""

    lock: Lock
    locked: Lock | None
    manifest: str
    files: dict[str, str]


@phase("anchors")
def check_anchors(readings: list[Reading], options: BuildOptions) -> CheckedAnchors:
    """The anchor manifest, checked against the lock (or accepted into it)."""
    manifest = build_manifest([r.doc for r in readings])
    anchors = {r.doc.info.slug: r.anchors for r in readings}
    for reading in readings:  # in ``anchors`` now; memory for the pages to come
        reading.anchors = []
    entries = lock_entries(anchors)
    lock_path = options.config / LOCK_NAME
    locked = read_lock(lock_path)
    if locked is not None and not options.accept_anchor_changes:
        check_lock(locked.pages, entries, shown_path(lock_path, Path.cwd()))
        lock = locked
    else:
        lock = accept_changes(locked, anchors, acceptance_date())
    manifest["aliases"] = manifest_aliases(lock)
    return CheckedAnchors(lock, locked, _json_text(manifest),
                          {slug: _json_text(anchor_file(slug, listed)) for slug, listed in anchors.items()})


# -- the search index, written meanwhile ------------------------------------------


def start_search_index(readings: list[Reading], options: BuildOptions, root: Path) -> Background:
    """The search index, written into ``root``/search by a process of its
    own while the corpus is linked: it needs only the documents' text, not
    the links made next, and starts from their blocks."""
    kept_input = root / "blocks.pickle"
    with phase("search input"):
        keep_index_input((r.doc for r in readings), kept_input)
    return Background(finish_search_index, root, kept_input, options.site_dir / "search")


# -- link -------------------------------------------------------------------------


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
    with phase("references"):
        name_agenda_items(docs)
        book = CitationBook(docs)
        index = build_xref(docs, {r.doc.info.slug: r.mentions for r in readings}, label=book.label)
    with phase("timeline"):
        events = merge_statements([stmt for r in readings for stmt in r.statements])
    with phase("recommendations"):
        pairings = match_recommendations(docs)
        add_recommendation_links(docs, pairings)
    return Linked(index, events, pairings, book)


@phase("timeline")
def check_event_ids(linked: Linked, checked: CheckedAnchors, options: BuildOptions) -> bool:
    """The timeline's entries keep their published ids (or the change is
    accepted); the ids of new entries join the lock. Whether the lock's
    entries changed (new ones, their claims)."""
    accept = options.accept_anchor_changes
    published = assign_event_ids(linked.events, checked.locked.events if checked.locked else None, accept,
                                 acceptance_date())
    if published.problems and not accept:
        problems = published.problems
        shown = ", ".join(problems[:20]) + (f" and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BuildError(f"{len(problems)} published timeline entr{'y' if len(problems) == 1 else 'ies'} would be "
                         f"dropped (no text states the event any more): {shown}; rebuild with "
                         "--accept-anchor-changes to accept this and rewrite the lock",
                         shown_path(options.config / LOCK_NAME, Path.cwd()))
    checked.lock.events = linked.event_aliases = published.lock
    return published.changed


@dataclass
class Corpus:
    """The documents read and what they say of each other: what the pages
    are rendered from, let go at once when they are (``let_go``)."""

    readings: list[Reading]
    linked: Linked | None

    @property
    def docs(self) -> list[Document]:
        return [r.doc for r in self.readings]

    def let_go(self) -> None:
        """Once every page is rendered and the corpus' data staged, nothing
        later needs the models or the links between them: let them go, and
        hand their memory back, before the pages are converted and MkDocs
        builds the site around them (the models held through both made the
        build's memory grow by their size, about 0.5 MB a document). They
        were set aside from the cyclic collector; returned to it, the
        cycles among them are collected too."""
        self.readings.clear()
        self.linked = None
        gc.unfreeze()
        give_back_freed_memory()


# -- render -----------------------------------------------------------------------


def _render_one(job: tuple[Document, str]) -> tuple[str, str, str, bytes]:
    """The Markdown page, the anchor page, and the JSON model and Akoma
    Ntoso XML of one linked document (``job``: it and its events' block)."""
    doc, events = job
    env = environment()
    return render_document(doc, env, events), render_anchors_page(doc, env), _json_text(document_json(doc)), \
        document_akn(doc)


def render_documents(docs: list[Document], events: list[str], store: Store, staged: Path,
                     write_page: Callable[[str, str], None]) -> None:
    """Each document's page and anchor page given to ``write_page`` (its
    Markdown path, its text); its JSON model and Akoma Ntoso XML written
    under ``staged`` at their site paths, each as the document's rendering
    comes back, none held (held until MkDocs' build, the models of every
    document were the size of the corpus twice over in memory, at the
    build's peak). ``events``: each document's block of its events.

    A document whose linked model and events are those of an earlier build
    is taken from ``store``; the others are rendered on every core.
    """
    jobs = list(zip(docs, events, strict=True))
    outputs = store.each_result([Store.key("page", identity(job)) for job in jobs], _render_one, jobs)
    for doc, (page, anchors_page, model, akn) in zip(docs, outputs, strict=True):
        slug = doc.info.slug
        write_page(page_source(slug), page)
        write_page(anchors_page_source(slug), anchors_page)
        _write_json(staged / model_path(slug), model)
        write_if_changed(staged / akn_path(slug), akn)


@phase("render")
def render_pages(docs: list[Document], settings: Settings, linked: Linked, store: Store, staged: Path,
                 write_page: Callable[[str, str], None]) -> None:
    """Every page of the site given to ``write_page`` (its Markdown path,
    its text) as it is rendered; each document's JSON model and Akoma
    Ntoso XML written under ``staged``."""
    env = environment()
    index, events, pairings, book = linked.index, linked.events, linked.pairings, linked.book
    titles: dict[str, str] = {}  # every page written: its title (where a retired page sends readers)
    page_writer = write_page

    def write_page(path: str, page: str) -> None:
        titles[path] = front_title(page)
        page_writer(path, page)

    # The timeline first: where each event's entry is (its year's page, or
    # its month's in a year split by month) is where the documents link.
    timeline = timeline_site(events, docs, book, linked.event_aliases)
    for path, page in timeline.pages.items():
        write_page(path, page)
    render_documents(docs, documents_events(events, [d.info.slug for d in docs], book, timeline.places), store,
                     staged, write_page)
    del timeline
    # What the corpus-wide pages show of each document (not, say, its hash).
    labels = [(doc.info.slug, doc.info.symbol, doc.info.title) for doc in docs]
    rows = document_rows(docs)
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


@phase("outputs")
def stage_corpus_data(corpus: Corpus, checked: CheckedAnchors, settings: Settings, staged: Path) -> None:
    """The corpus' machine-readable outputs (manifest, cross-references,
    timeline, the Atom feed, each document's citation as RIS) written under
    ``staged`` at their site paths, beside the documents' models."""
    _write_json(staged / MANIFEST_PATH, checked.manifest)
    for slug, text in checked.files.items():
        _write_json(staged / anchors_json_path(slug), text)
    checked.files = {}
    _write_json(staged / XREF_DATA, xref_json(corpus.linked.index))
    for path, data in timeline_files(corpus.linked.events).items():
        _write_json(staged / path, data)
    infos = [reading.doc.info for reading in corpus.readings]
    write_if_changed(staged / FEED_PATH, documents_feed(infos, settings.site_name, settings.bundle_name,
                                                       settings.site_url, date.fromisoformat(acceptance_date())))
    for info in infos:
        write_if_changed(staged / ris_path(info.slug), document_ris(info, settings.site_url).encode("utf-8"))


# -- publish ----------------------------------------------------------------------


def publish(run: Build, corpus: Corpus, checked: CheckedAnchors,
            search_root: Path) -> tuple[BuildResult, str, threading.Thread]:
    """Render, build with MkDocs, take the search index, write the outputs
    and the bundle, and put them in place: the build's result, the digest
    of what its pages share (``_shell_digest``) and the thread removing the
    old site (see replace_dir)."""
    options, settings = run.options, run.settings
    result, nav, slugs = _what_the_site_shows(corpus, settings, options.config)
    shell = _shell_digest(options, nav, settings.site_url)
    # The Markdown is kept between builds, so that MkDocs can tell which
    # pages changed; the site is built from a copy of the last one when
    # everything around the pages (navigation, theme settings, assets) is
    # the same, and from scratch otherwise.
    result.incremental = options.site_dir.is_dir() and read_stamp(run.stamp_file).get("shell") == shell
    with tempfile.TemporaryDirectory(prefix=".build-", dir=options.site_dir.parent) as tmp:
        # Absolute: MkDocs reads relative docs_dir/site_dir against mkdocs.yml's folder, not the cwd.
        work = Path(tmp).resolve()
        new_site, staged_data = work / "site", work / "staged"
        folder = MarkdownFolder(options.cache_dir / "docs" / run.stamp_file.stem, options.shim)
        document_pages = {page_source(slug): slug for slug in slugs}

        def write_page(src: str, text: str) -> None:
            text = exclude_from_material_search(text)
            if src in document_pages:  # each page carries its own aliases, for readers of old links
                text += page_aliases(checked.lock, document_pages[src])
            folder.write(src, text)

        render_pages(corpus.docs, settings, corpus.linked, run.store, staged_data, write_page)
        folder.finish()
        stage_corpus_data(corpus, checked, settings, staged_data)
        corpus.let_go()
        build_site(run, result, folder, slugs, nav, new_site)
        give_back_freed_memory()
        with phase("outputs"):
            write_outputs(new_site, staged_data)
            place_search_index(search_root, new_site)
        staged = stage_bundles(run, new_site, work)
        # Everything succeeded: now replace the old outputs, by renames only.
        with phase("outputs"):
            removing_old_site = replace_dir(new_site, options.site_dir)
            for staged_file, target in staged:
                os.replace(staged_file, target)
        if staged:
            result.bundle_path = staged[0][1]
    return result, shell, removing_old_site


def _what_the_site_shows(corpus: Corpus, settings: Settings, config: Path) -> tuple[BuildResult, list, list[str]]:
    """The build's result (the documents and their warnings), the
    navigation and the pages' names: all the pages need of the models once
    they are let go."""
    docs = corpus.docs
    result = BuildResult([doc.info for doc in docs])
    result.warnings.extend(f"{d.info.source_path}: {w}" for d in docs for w in d.warnings)
    if not settings.site_url:
        result.warnings.append(no_site_url_warning(config))
    return result, navigation(docs), [d.info.slug for d in docs]


def no_site_url_warning(config: Path) -> str:
    """The one line a build without ``site_url`` says (CONTRACT.md, "Addresses")."""
    return (f"{shown_path(config / 'site.toml', Path.cwd())}: site_url is not set, so no address is published: "
            "no canonical links, no sitemap.xml; a copied citation links the page's own address over http, "
            "and the official text at undocs.org from the offline bundle and the ZIM")


@phase("mkdocs")
def build_site(run: Build, result: BuildResult, folder: MarkdownFolder, slugs: list[str], nav: list,
               new_site: Path) -> None:
    """The document pages and their anchor pages converted on every core
    and kept by content; then MkDocs takes their conversions and renders
    the pages around them (from ``folder``, the Markdown written)."""
    options = run.options
    if result.incremental:
        copy_last_site(options.site_dir, new_site, leave_out=("search",))
        drop_pages_no_longer_built(new_site, folder.written)
    run.say("converting the document pages")
    with phase("convert"):
        result.converted = convert_pages(options.mkdocs_config, folder.root, new_site, run.store,
                                         folder.texts(converted_on_every_core(slugs, folder.written)))
    run.say("running MkDocs" + (" (changed pages only)" if result.incremental else ""))
    result.warnings.extend(f"mkdocs: {w}" for w in run_mkdocs(options.mkdocs_config, folder.root, new_site, nav,
                                                               dirty=result.incremental,
                                                               conversions=run.store.folder,
                                                               site_url=run.settings.site_url))


# The folders of the machine-readable outputs that a build writes whole:
# in a copy of the last site, a file there that this build did not stage
# goes (a year of the timeline that no longer has events).
STAGED_FOLDERS = ("data/timeline/",)


def write_outputs(new_site: Path, staged: Path) -> None:
    """The machine-readable outputs staged under ``staged`` (render_documents,
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


@phase("bundle")
def stage_bundles(run: Build, new_site: Path, work: Path) -> list[tuple[Path, Path]]:
    """The zip, copied beside its target (staged file, target): a bundle
    folder that cannot be made fails with the old outputs intact. Empty
    when the build makes no bundle. (The ZIM is a release step of its own:
    ``python -m generator zim``.)"""
    options, settings = run.options, run.settings
    if options.bundle is None:
        return []
    run.say("packing the offline bundle")
    new_zip = work / "bundle.zip"
    folder = f"{settings.bundle_name}-offline"
    # The 404 page is for a web server to show at any address: its links
    # start at the server's root ("/index.html"), which from disk is the
    # root of the reader's file system. A bundle opened from disk never shows it.
    write_bundle(new_site, new_zip, folder, exclude=("404.html",), last=last_bundle(run, folder))
    give_back_freed_memory()  # the zip's batches
    target = options.bundle_target(settings.bundle_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = target.with_name(target.name + ".tmp")
    shutil.copyfile(new_zip, copy)
    return [(copy, target)]


# -- the build's stamp ------------------------------------------------------------


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


def _stamp_build(run: Build, result: BuildResult, shell: str) -> None:
    """The stamp of a good build, written after the lock (one of its
    inputs); the store keeps what this build used."""
    options = run.options
    stamp_file, digest, outputs = _stamp(options, result.bundle_path)
    write_stamp(stamp_file, digest, outputs, shell=shell,
                bundle=bundle_marker(options, f"{run.settings.bundle_name}-offline", result.bundle_path)
                if result.bundle_path else "")
    run.store.keep_only_used()
    result.reused, result.computed = dict(run.store.hits), dict(run.store.misses)


def _stamp(options: BuildOptions, bundle: Path | None) -> tuple[Path, str, list[Path]]:
    """Where the build's stamp lives, the digest of its inputs, its outputs."""
    site = options.site_dir.resolve()
    stamp_file = options.cache_dir / "stamps" / (hashlib.sha1(str(site).encode()).hexdigest() + ".json")
    digest = input_digest(
        [options.source, options.config, TEMPLATES, Path(__file__).resolve().parents[1], options.mkdocs_config,
         OVERRIDES, options.shim],
        {"epoch": os.environ.get("SOURCE_DATE_EPOCH", ""), "site": str(site),
         "bundle": str(bundle.resolve()) if bundle else ""})
    outputs = [site / MANIFEST_PATH, site / "index.html"] + [p for p in (bundle,) if p]
    return stamp_file, digest, outputs


def _shell_digest(options: BuildOptions, nav: list, site_url: str) -> str:
    """What every page's HTML shares: navigation, MkDocs settings, assets,
    the canonical address."""
    return input_digest([options.mkdocs_config, OVERRIDES, ASSETS, options.shim],
                        {"nav": json.dumps(nav, ensure_ascii=False), "site_url": site_url})


def _json_text(data: dict) -> str:
    """Compact JSON: with an indent, json falls back from its C encoder to a
    Python one many times slower, and these files are read by tools."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_json(path: Path, data: dict | str) -> None:
    """Write the JSON unless the file (in a rebuild, the last site's copy) holds it already."""
    write_if_changed(path, (data if isinstance(data, str) else _json_text(data)).encode("utf-8"))
