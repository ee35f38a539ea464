"""Build the site with MkDocs and Material, and pack the offline bundle.

The generator writes every page as Markdown into a fresh ``docs`` folder;
MkDocs turns it into HTML. One build serves both readers: Material's
offline plugin adds an inlined search index for file://, and the
iframe-worker shim it needs there is vendored (never loaded from a CDN).
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import zipfile
from pathlib import Path

from .errors import BuildError

ASSETS = Path(__file__).resolve().parent / "assets"
SHIM_NAME = "assets/vendor/iframe-worker/shim.js"


def _write_if_changed(target: Path, data: bytes) -> None:
    """Write only what differs, so an unchanged page keeps its time stamp.

    MkDocs' incremental build re-renders a page when its Markdown is newer
    than its HTML; an unchanged page must look unchanged.
    """
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_docs(docs_dir: Path, pages: dict[str, str], shim: Path) -> None:
    """Bring ``docs_dir`` to exactly these pages and the static assets."""
    if not shim.is_file():
        raise BuildError("vendored iframe-worker shim missing; run `make vendor` (fetches it from the npm registry)",
                         str(shim))
    root = docs_dir.resolve()
    wanted: dict[Path, bytes] = {}
    for rel, content in pages.items():
        target = (root / rel).resolve()
        if root not in target.parents:
            raise BuildError(f"page path {rel!r} would be written outside the site")
        wanted[target] = content.encode("utf-8")
    for asset in ASSETS.rglob("*"):
        if asset.is_file():
            wanted[root / "assets" / asset.relative_to(ASSETS)] = asset.read_bytes()
    wanted[root / SHIM_NAME] = shim.read_bytes()
    if root.exists():
        for old in root.rglob("*"):
            if old.is_file() and old not in wanted:
                old.unlink()
    for target, data in sorted(wanted.items()):
        _write_if_changed(target, data)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)  # warnings and errors
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# MkDocs warns on every incremental build; here it is planned, see build.py.
_DIRTY_NOTICE = "A 'dirty' build is being performed"


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, nav: list, *, dirty: bool = False) -> list[str]:
    """Build ``docs_dir`` into ``site_dir``; return MkDocs' warnings.

    ``dirty`` renders only pages whose Markdown is newer than their HTML in
    ``site_dir``; the caller allows it only when every other page is the
    same as the last build's.
    """
    # jieba announces its dictionary on every start; only problems matter.
    import jieba
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    jieba.setLogLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir),
                             nav=nav, extra={"polyfills": [SHIM_NAME]})
        build(config, dirty=dirty)
    except MkDocsException as exc:
        reasons = "; ".join(handler.messages)
        raise BuildError(f"MkDocs failed: {exc}" + (f" ({reasons})" if reasons else ""), str(config_file)) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    return [m for m in handler.messages if not m.startswith(_DIRTY_NOTICE)]


def zip_time() -> tuple[int, int, int, int, int, int]:
    """Entry timestamps of the bundle: SOURCE_DATE_EPOCH, for reproducible zips."""
    import time

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    epoch = max(epoch, 315532800)  # zip cannot store dates before 1980
    t = time.gmtime(epoch)
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def write_bundle(site_dir: Path, zip_path: Path, folder: str, exclude: tuple[str, ...] = ()) -> None:
    """Pack ``site_dir`` into a zip with sorted entries and fixed times.

    ``exclude``: paths (files, or folders ending in "/") relative to
    ``site_dir`` left out of the zip.
    """
    stamp = zip_time()
    files = sorted(p for p in site_dir.rglob("*")
                   if p.is_file() and not p.relative_to(site_dir).as_posix().startswith(exclude))
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` with renames, never half-written."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)
