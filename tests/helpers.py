"""Small helpers shared by several test modules."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

# The browser tests drive Chromium as the search benchmark does: one home
# for Debian's Chromium, its settings and the local server.
from bench.search import CHROMIUM, CHROMIUM_ARGS
from bench.search import serve as served

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "CONFIG", "PROJECT", "SOURCE", "guarded_page", "manifest_anchors", "page_html",
           "served", "timeline_events", "tree_bytes"]

# The real reports and the project's own configuration.
PROJECT = Path(__file__).resolve().parents[1]
SOURCE = PROJECT / "source"
CONFIG = PROJECT / "site_config"


def page_html(page: str) -> str:
    """A generated page's HTML as MkDocs converts it: its Markdown without
    the front matter, through the extensions mkdocs.yml names."""
    import markdown
    import yaml

    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    settings = {next(iter(e)): next(iter(e.values())) for e in config["markdown_extensions"] if isinstance(e, dict)}
    return markdown.markdown(page.split("---\n", 2)[-1] if page.startswith("---\n") else page,
                             extensions=extensions, extension_configs=settings)


def manifest_anchors(site_dir: Path) -> list[dict]:
    """Every anchor of the manifest (version 2: ``anchors.json`` names each
    document's file of anchors), document by document, as a reader's tool
    collects them."""
    import json

    manifest = json.loads((site_dir / "anchors.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 2
    listed = []
    for doc in manifest["documents"]:
        own = json.loads((site_dir / doc["anchors"]).read_text(encoding="utf-8"))
        assert own["version"] == 2 and own["doc"] == doc["slug"]
        listed += own["anchors"]
    return listed


def timeline_events(site_dir: Path) -> list[dict]:
    """Every event of the machine-readable timeline, in order:
    ``data/timeline.json`` names each year's file of events."""
    import json

    index = json.loads((site_dir / "data" / "timeline.json").read_text(encoding="utf-8"))
    assert index["version"] == 2
    events = []
    for year in index["years"]:
        own = json.loads((site_dir / year["url"]).read_text(encoding="utf-8"))
        assert own["year"] == year["year"] and len(own["events"]) == year["events"]
        events += own["events"]
    return events


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def guarded_page(browser, local: Callable[[str], bool], leaked: list[str], **options) -> Iterator:
    """A fresh page in its own context: a request ``local`` refuses is
    aborted and recorded in ``leaked`` (data: and blob: URLs never leave
    the machine; Material builds some icons that way); the page's
    JavaScript errors fail the test. ``options`` are the context's
    (a phone: viewport, has_touch, is_mobile); a desktop by default."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, **options})

    def guard(route) -> None:
        url = route.request.url
        if local(url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            leaked.append(url)
            route.abort()

    context.route("**/*", guard)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"
