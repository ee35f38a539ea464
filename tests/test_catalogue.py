"""The site's settings (generator/catalogue.py): site_url is the site's
public address or nothing (CONTRACT.md, "Addresses").

Oracles: the URL grammar of RFC 3986 as urllib reads it, and the names
RFC 2606 / RFC 6761 reserve so that they never reach a real host; cases
made by rule, at random with a fixed seed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.catalogue import load_settings
from generator.errors import BuildError

SITE = '# Site settings\nsite_name = "测试"\nbundle_name = "test-site"\n'
HOSTS = ["documents.un.org", "untoc.unodc.org", "127.0.0.1", "cop-docs.int", "a.b.c.d.e"]
PATHS = ["", "/", "/untoc/", "/a/b", "/zh/cop/"]


def settings_with(tmp_path: Path, line: str | None) -> object:
    (tmp_path / "site.toml").write_text(SITE + (line + "\n" if line is not None else ""), encoding="utf-8")
    return load_settings(tmp_path)


def test_without_site_url_there_is_no_address(tmp_path: Path) -> None:
    assert settings_with(tmp_path, None).site_url == ""


def test_the_projects_own_settings_name_no_address() -> None:
    """No address has been chosen: nothing may stand in for one."""
    project = Path(__file__).resolve().parents[1] / "site_config"
    assert load_settings(project).site_url == ""


@pytest.mark.parametrize("seed", range(12))
def test_an_absolute_http_address_is_the_sites_root(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    url = f"{rng.choice(['http', 'https'])}://{rng.choice(HOSTS)}{rng.choice([':8080', ''])}{rng.choice(PATHS)}"
    got = settings_with(tmp_path, f'site_url = "{url}"').site_url
    assert got == (url if url.endswith("/") else url + "/")


BAD = [
    "untoc.unodc.org/docs/",  # no scheme
    "/docs/",  # a path only
    "documents/",  # relative
    "ftp://untoc.unodc.org/",  # not http(s)
    "file:///srv/site/",  # not http(s)
    "https://",  # no host
    "https:///docs/",  # no host
    "https://untoc.unodc.org/?lang=zh",  # a query
    "https://untoc.unodc.org/#top",  # a fragment
    "https://untoc unodc.org/",  # white space
    "https://untoc.unodc.org:port/",  # not a port
    # Reserved names: a placeholder, never a real address.
    "https://untoc-cop.example.org/",
    "https://example.com/",
    "http://docs.example.net/x/",
    "https://site.example/",
    "https://site.test/",
    "https://site.invalid/",
    "http://localhost:8000/",
]


@pytest.mark.parametrize("url", BAD)
def test_anything_else_stops_the_build_naming_the_file_and_line(tmp_path: Path, url: str) -> None:
    with pytest.raises(BuildError) as caught:
        settings_with(tmp_path, f'site_url = "{url}"')
    error = caught.value
    assert error.path == str(tmp_path / "site.toml")
    assert error.line == SITE.count("\n") + 1  # the line that sets it
    line = error.one_line()
    assert "\n" not in line and line.startswith(f"{tmp_path / 'site.toml'}:{error.line}: site_url")


def test_a_site_url_that_is_not_a_string_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as caught:
        settings_with(tmp_path, "site_url = 42")
    assert "site.toml" in caught.value.one_line()
