"""Build the site with MkDocs and Material, and pack the offline bundle.

The generator writes every page as Markdown into a fresh ``docs`` folder;
MkDocs turns it into HTML. One build serves both readers: Material's
offline plugin adds an inlined search index for file://, and the
iframe-worker shim it needs there is vendored (never loaded from a CDN).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import stat
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..cache.stamp import PACKAGES, package_version
from ..cache.store import Store
from ..errors import BuildError
from ..files import sync_files, write_if_changed
from ..ids import anchors_page_source, markdown_source, page_source
from ..parallel import parallel_map
from ..rendering.indexes import index_parts
from ..rendering.timeline import INDEX_SOURCE
from .mdcache import conversion_key

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SHIM_NAME = "assets/vendor/iframe-worker/shim.js"
CONVERSION_CACHE = "generator.publishing.mdcache"  # the Python-Markdown extension, by module


class MarkdownFolder:
    """The folder of Markdown that MkDocs reads, written a page at a time as
    the pages are rendered (the whole site's Markdown held at once was the
    biggest thing in the build's memory while its pages were rendered),
    then brought to exactly these pages and the static assets (``finish``).
    A page already as it should be keeps its time stamp (write_if_changed)."""

    def __init__(self, docs_dir: Path, shim: Path) -> None:
        if not shim.is_file():
            raise BuildError("vendored iframe-worker shim missing; run `make vendor` (fetches it from the npm registry)",
                             str(shim))
        self.root = docs_dir.resolve()
        self._shim = shim
        self._pages: dict[Path, str] = {}  # where each page is -> its path in the folder

    def write(self, rel: str, text: str) -> None:
        target = (self.root / rel).resolve()
        if self.root not in target.parents:
            raise BuildError(f"page path {rel!r} would be written outside the site")
        write_if_changed(target, text.encode("utf-8"))
        self._pages[target] = rel

    @property
    def written(self) -> list[str]:
        """The pages written, by their paths in the folder, in order."""
        return list(self._pages.values())

    def texts(self, rels: Iterable[str]) -> Mapping[str, str]:
        """The Markdown of these pages, each read back when asked for."""
        return _ReadBack(self.root, list(rels))

    def finish(self) -> None:
        """The static assets added, and every other file removed."""
        assets = {self.root / "assets" / a.relative_to(ASSETS): a.read_bytes() for a in ASSETS.rglob("*") if a.is_file()}
        assets[self.root / SHIM_NAME] = self._shim.read_bytes()
        sync_files(assets, [self.root], keep=self._pages)


class _ReadBack(Mapping[str, str]):
    def __init__(self, root: Path, rels: list[str]) -> None:
        self._root, self._rels = root, dict.fromkeys(rels)

    def __getitem__(self, rel: str) -> str:
        if rel not in self._rels:
            raise KeyError(rel)
        return (self._root / rel).read_text(encoding="utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._rels)

    def __len__(self) -> int:
        return len(self._rels)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)  # warnings and errors
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# The sitemap MkDocs writes, plain and compressed: only under a site_url.
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")

# MkDocs warns on every incremental build; here it is planned, see publishing/build.py.
_DIRTY_NOTICE = "A 'dirty' build is being performed"


def conversion_salt(config: Any) -> str:
    """What a page's conversion depends on besides its Markdown: the
    Markdown extensions with their settings, and the package versions."""
    def named(value: object) -> str:  # a function in the settings: by name, not address
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"

    extensions = [e for e in config.markdown_extensions if e != CONVERSION_CACHE]
    settings = {k: v for k, v in config.mdx_configs.items() if k != CONVERSION_CACHE}
    versions = {name: package_version(name) for name in PACKAGES}
    return json.dumps([extensions, settings, versions], sort_keys=True, default=named)


def _mkdocs_config(config_file: Path, docs_dir: Path, site_dir: Path, nav: list | None,
                   conversions: Path | None, mode: str, site_url: str = "") -> Any:
    """MkDocs' configuration of this build, with the conversion store;
    ``site_url`` (site.toml) gives every page its canonical address and the
    sitemap its entries."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir),
                         nav=nav, site_url=site_url or None)
    # Added to mkdocs.yml's own `extra` (the logo's target, no generator
    # notice): passed to load_config, it would replace that whole table.
    config.extra["polyfills"] = [SHIM_NAME]
    if conversions is not None:
        salt = conversion_salt(config)
        config.markdown_extensions.append(CONVERSION_CACHE)
        config.mdx_configs[CONVERSION_CACHE] = {"store": str(conversions), "salt": salt, "mode": mode}
    return config


@functools.cache
def _worker_context(config_file: Path, docs_dir: Path, site_dir: Path, store: Path) -> tuple[Any, Any]:
    """A worker's MkDocs configuration and files, made once per process."""
    from mkdocs.structure.files import get_files

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # warnings travel with the stored conversion
    config = _mkdocs_config(config_file, docs_dir, site_dir, None, store, "fill")
    return config, get_files(config)


def _convert_page(job: tuple[Path, Path, Path, Path, str]) -> None:
    """Convert one page as MkDocs does (``Page.render``), storing the result."""
    from mkdocs.structure.pages import Page

    *context, src = job
    config, files = _worker_context(*context)
    file = files.get_file_from_path(src)
    if file is None:
        raise BuildError(f"page {src} is missing from the Markdown folder", str(context[1]))
    page = Page(None, file, config)
    try:
        page.read_source(config)
        page.render(config, files)
    finally:
        # A Page hangs itself on its File (``file.page``), and the files are
        # kept for the worker's next pages: without this, a worker held the
        # Markdown and HTML of every page it had converted (190 MB each at
        # N = 500).
        file.page = None


def convert_pages(config_file: Path, docs_dir: Path, site_dir: Path, store: Store, pages: Mapping[str, str]) -> int:
    """Keep in ``store`` the conversion of each of these pages (path in
    ``docs_dir`` -> the Markdown written there) that it does not hold yet,
    converted on every core. Returns how many pages were converted.

    Only pages whose conversion depends on their Markdown alone belong
    here (see ``mdcache``): the generator passes the document pages, their
    anchor pages and the timeline's year pages, whose links it writes as HTML.
    """
    from mkdocs.utils.meta import get_data

    salt = conversion_salt(_mkdocs_config(config_file, docs_dir, site_dir, None, None, "serve"))
    keys: dict[str, str] = {}
    for src, text in pages.items():
        # As MkDocs reads the file: BOM dropped, newlines as text mode gives them.
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        markdown_text, _meta = get_data(text)
        keys[src] = conversion_key(salt, markdown_text)
    missing = [src for src in pages if not store.holds(keys[src])]
    parallel_map(_convert_page, [(config_file, docs_dir, site_dir, store.folder, src) for src in missing])
    store.used.update(keys[src] for src in missing)
    return len(missing)


def converted_on_every_core(slugs: list[str], pages: Iterable[str]) -> list[str]:
    """The pages converted before MkDocs runs, on every core, and kept by
    content (``site.convert_pages``; their links are HTML relative to them):
    each document's page and anchor page, the parts of the corpus-wide
    indexes and the timeline's year pages."""
    own = [src for slug in slugs for src in (page_source(slug), anchors_page_source(slug))]
    pages = list(pages)
    years = sorted(src for src in pages if src.startswith("timeline/") and src != INDEX_SOURCE)
    return own + index_parts(pages) + years


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


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, nav: list, *, dirty: bool = False,
               conversions: Path | None = None, site_url: str = "") -> list[str]:
    """Build ``docs_dir`` into ``site_dir``; return MkDocs' warnings.

    ``dirty`` renders only pages whose Markdown is newer than their HTML in
    ``site_dir``; the caller allows it only when every other page is the
    same as the last build's. ``conversions``: the folder of conversions
    stored by ``convert_pages``.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = _mkdocs_config(config_file, docs_dir, site_dir, nav, conversions, "serve", site_url)
        build(config, dirty=dirty)
    except MkDocsException as exc:
        reasons = "; ".join(handler.messages)
        raise BuildError(f"MkDocs failed: {exc}" + (f" ({reasons})" if reasons else ""), str(config_file)) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    if not site_url:
        # Without an address MkDocs lists each page by its path alone, which
        # a sitemap cannot hold: no sitemap, rather than one of invented or
        # half addresses (CONTRACT.md, "Addresses").
        for name in SITEMAPS:
            (site_dir / name).unlink(missing_ok=True)
    return [m for m in handler.messages if not m.startswith(_DIRTY_NOTICE)]


def zip_time() -> tuple[int, int, int, int, int, int]:
    """Entry timestamps of the bundle: SOURCE_DATE_EPOCH, for reproducible zips."""
    import time

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    epoch = max(epoch, 315532800)  # zip cannot store dates before 1980
    t = time.gmtime(epoch)
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


# Deflate level of the bundle's entries: 3 takes half the time of zlib's
# default (6) for a zip about a tenth larger (measured on the bench site).
ZIP_LEVEL = 3


# An entry larger than this is compressed in pieces of this size, side by
# side on every core (the anchor manifest and the search index for file://
# are tens of megabytes at thousands of documents).
DEFLATE_PIECE = 4 << 20
WINDOW = 32 << 10  # deflate's window: how far back a piece may refer


def _deflate_piece(job: tuple[bytes, bytes, bool]) -> bytes:
    """One piece of a large entry, as pigz makes them: primed with the end
    of the piece before (so it may refer back into it), ended with a sync
    flush (byte-aligned, not final) unless it is the last."""
    window, piece, last = job
    compressor = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15, zdict=window) if window else \
        zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(piece) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _piece_jobs(data: bytes) -> list[tuple[bytes, bytes, bool]]:
    """An entry as its pieces: one if it is at most DEFLATE_PIECE (then
    exactly as zipfile compresses it), else one per DEFLATE_PIECE bytes."""
    starts = range(0, max(len(data), 1), DEFLATE_PIECE)
    return [(data[max(0, a - WINDOW):a], data[a:a + DEFLATE_PIECE], a + DEFLATE_PIECE >= len(data)) for a in starts]


# The bundle is packed this many bytes of the site at a time: holding the
# whole site and its compressed copy took twice the site's size in memory,
# just before the ZIM is written.
BUNDLE_BATCH = 64 << 20


def bundle_format(folder: str) -> str:
    """What the compressed bytes of an entry depend on besides its data:
    a zip made the same way holds the same bytes for the same file."""
    return (f"{folder}: deflate level {ZIP_LEVEL}, pieces of {DEFLATE_PIECE} primed with {WINDOW}, "
            f"zlib {zlib.ZLIB_RUNTIME_VERSION}")


class _LastBundle:
    """The last build's zip and the site it was made from: an entry whose
    file is the same bytes in both sites is copied from it, compressed
    already (the zip was made the same way: ``bundle_format``)."""

    def __init__(self, site_dir: Path, zip_path: Path, folder: str) -> None:
        self.site_dir, self.folder = site_dir, folder
        self.file = zip_path.open("rb")
        with zipfile.ZipFile(self.file) as archive:
            self.entries = {info.filename: info for info in archive.infolist()}

    def raw(self, rel: str, data: bytes) -> bytes | None:
        info = self.entries.get(f"{self.folder}/{rel}")
        old = self.site_dir / rel
        if info is None or info.file_size != len(data) or info.CRC != zlib.crc32(data) or not old.is_file() \
                or old.read_bytes() != data:
            return None
        self.file.seek(info.header_offset)
        header = self.file.read(30)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        self.file.seek(info.header_offset + 30 + name_length + extra_length)
        return self.file.read(info.compress_size)

    def close(self) -> None:
        self.file.close()


def write_bundle(site_dir: Path, zip_path: Path, folder: str, exclude: tuple[str, ...] = (),
                 last: tuple[Path, Path] | None = None) -> None:
    """Pack ``site_dir`` into a zip with sorted entries and fixed times.

    ``exclude``: paths (files, or folders ending in "/") relative to
    ``site_dir`` left out of the zip. ``last``: the last build's site and
    its zip, made the same way (``bundle_format``): a file that is the same
    bytes in both sites is copied from that zip as it is compressed there
    (a one-change rebuild compresses the pages that changed, not the site).

    Compressing is most of the work: every piece of every entry is
    compressed on every core (zlib lets go of the interpreter lock while it
    compresses); the pieces of an entry make one deflate stream. The files
    are taken in batches of about BUNDLE_BATCH bytes, in order, so the zip
    is the same whatever the batches, and whatever was copied.
    """
    stamp = zip_time()
    files = sorted(p for p in site_dir.rglob("*")
                   if p.is_file() and not p.relative_to(site_dir).as_posix().startswith(exclude))
    previous = _LastBundle(*last, folder) if last and last[0].is_dir() and last[1].is_file() else None
    try:
        _pack(site_dir, zip_path, folder, files, stamp, previous)
    finally:
        if previous is not None:
            previous.close()


def _pack(site_dir: Path, zip_path: Path, folder: str, files: list[Path], stamp: tuple,
          previous: _LastBundle | None) -> None:
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool, \
            zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        for batch in _batches(files, BUNDLE_BATCH):
            contents = [path.read_bytes() for path in batch]
            kept = [previous.raw(path.relative_to(site_dir).as_posix(), data) if previous else None
                    for path, data in zip(batch, contents, strict=True)]
            plan = [[] if raw is not None else _piece_jobs(data) for data, raw in zip(contents, kept, strict=True)]
            pieces = iter(pool.map(_deflate_piece, [job for jobs in plan for job in jobs]))
            raws = [raw if raw is not None else b"".join(next(pieces) for _ in jobs)
                    for raw, jobs in zip(kept, plan, strict=True)]
            for path, data, raw in zip(batch, contents, raws, strict=True):
                info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                _write_deflated(archive, info, data, raw)


def _batches(files: list[Path], size: int) -> Iterator[list[Path]]:
    """``files`` in order, cut into runs of about ``size`` bytes (a larger
    file is a run of its own)."""
    batch: list[Path] = []
    total = 0
    for path in files:
        length = path.stat().st_size
        if batch and total + length > size:
            yield batch
            batch, total = [], 0
        batch.append(path)
        total += length
    if batch:
        yield batch


def _write_deflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, raw: bytes) -> None:
    """Add an entry whose data is already deflated.

    zipfile has no public call for this; it is what ``ZipFile.writestr``
    does after compressing (local header, data, central directory record
    at close), in the versions of Python the project runs on (3.11 and
    newer: pyproject.toml); the zip's tests read back what it wrote.
    """
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = ZIP_LEVEL
    info.file_size = len(data)
    info.compress_size = len(raw)
    info.CRC = zlib.crc32(data)
    info.flag_bits = 0
    fp = archive.fp
    assert fp is not None
    info.header_offset = fp.tell()
    fp.write(info.FileHeader(zip64=False))
    fp.write(raw)
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info
    archive.start_dir = fp.tell()
    archive._didModify = True


def copy_last_site(site_dir: Path, new_site: Path, leave_out: tuple[str, ...] = ()) -> None:
    """Start a rebuild from a copy of the last site (the old one stays whole
    until the new one has succeeded), without the top-level ``leave_out``
    folders, which the build writes anew."""
    root = site_dir.resolve()
    shutil.copytree(site_dir, new_site, copy_function=shutil.copy2,
                    ignore=lambda folder, names: [n for n in names if n in leave_out]
                    if Path(folder).resolve() == root else [])


def replace_dir(new: Path, target: Path) -> threading.Thread:
    """Put ``new`` in place of ``target`` with renames, never half-written.

    The old folder is removed by the thread returned, already started: a
    site of thousands of files takes seconds to delete, which the build
    spends on its last steps meanwhile. Join it before the build ends (a
    ``.old`` folder left by a build that did not is removed by the next).
    """
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    remover = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True},
                               name=f"remove {old.name}")
    remover.start()
    return remover
