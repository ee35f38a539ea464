"""Shared fixtures: the real corpus, built once per test session."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.publishing.build import BuildOptions, build
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, CONFIG, SOURCE, guarded_page, served

# The fixtures that build the real corpus's site, and those that drive a
# browser: a test asking for one is marked for it. A test that builds a
# site some other way (its own build, MkDocs, the command line) carries the
# mark itself. `make test-fast` runs every test marked neither.
_SITE_FIXTURES = {"built", "site_dir", "bundle_zip", "index", "manifest"}
_BROWSER_FIXTURES = {"browser", "page"}
# Whether the test being set up may build a site (pytest_runtest_setup).
_MAY_BUILD = {"site": False}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if _SITE_FIXTURES & used:
            item.add_marker(pytest.mark.site)
        if _BROWSER_FIXTURES & used:
            item.add_marker(pytest.mark.browser)


def pytest_sessionstart(session: pytest.Session) -> None:
    """A site built by a test not marked ``site`` fails it, so that the
    split of `make test-fast` stays true: every build of a site runs
    MkDocs' build, in this process (a build the test starts as a command
    of its own is marked by hand)."""
    import mkdocs.commands.build as mkdocs_build

    build_site = mkdocs_build.build

    def guarded(*args, **kwargs):
        if not _MAY_BUILD["site"]:
            raise AssertionError("this test builds a site: mark it @pytest.mark.site")
        return build_site(*args, **kwargs)

    mkdocs_build.build = guarded


def pytest_runtest_setup(item: pytest.Item) -> None:
    _MAY_BUILD["site"] = item.get_closest_marker("site") is not None


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Build the real corpus into a temporary folder: (site_dir, bundle_zip).

    The configuration is copied so that the build never rewrites the
    project's own anchor lock.
    """
    import shutil

    root = tmp_path_factory.mktemp("build")
    config = root / "site_config"
    shutil.copytree(CONFIG, config)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    result = build(BuildOptions(source=SOURCE, config=config, site_dir=root / "site", bundle=root / "dist",
                                cache_dir=root / "cache"))
    assert result.bundle_path is not None
    return root / "site", result.bundle_path


@pytest.fixture(scope="session")
def site_dir(built) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def bundle_zip(built) -> Path:
    return built[1]


@pytest.fixture(scope="session")
def index(site_dir: Path) -> dict:
    """The single index, as file:// readers load it."""
    inline = (site_dir / "search" / "search_index.js").read_text(encoding="utf-8")
    prefix = "var __index = "
    assert inline.startswith(prefix)
    return json.loads(inline[len(prefix):])


@pytest.fixture(scope="session")
def manifest(site_dir: Path) -> dict:
    """The manifest of the sharded index, as the hosted site's worker gets it."""
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the browser tests (Debian's, see `make browser`)."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (`make browser`).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# For the browser tests that run on both the unzipped bundle and the served site.
@pytest.fixture(scope="module", params=["file", "http"])
def base(request, site_dir: Path, bundle_zip: Path, tmp_path_factory) -> Iterator[str]:
    """The site root's URL: the unzipped offline bundle, or the site served on 127.0.0.1."""
    if request.param == "file":
        target = tmp_path_factory.mktemp("bundle")
        with zipfile.ZipFile(bundle_zip) as archive:
            archive.extractall(target)
        (folder,) = [p for p in target.iterdir() if p.is_dir()]
        yield folder.as_uri() + "/"
        return
    with served(site_dir) as url:
        yield url


@pytest.fixture
def page(browser, base: str) -> Iterator:
    """A fresh page; a request leaving the site is aborted and fails the test."""
    leaked: list[str] = []
    with guarded_page(browser, lambda url: url.startswith("file://" if base.startswith("file:") else base),
                      leaked) as tab:
        yield tab
    assert leaked == [], leaked
