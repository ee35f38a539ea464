"""The catalogue under ``site_config/``: what texts do not say about themselves."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .errors import BuildError
from .ids import SAFE_SLUG

_FIELDS = {"symbol", "slug", "doc_type", "title", "date", "basis"}


@dataclass
class Settings:
    site_name: str
    bundle_name: str
    catalogue: dict[str, dict[str, str]] = field(default_factory=dict)
    # Where the site is hosted: the canonical address of every page, and the
    # address every copied citation carries (from the offline bundle too).
    # Empty when not set: then no page or file carries an address of the site
    # (CONTRACT.md, "Addresses").
    site_url: str = ""
    # Pages once published that the site no longer builds (retired.toml):
    # each stays at its address as a page saying where its content is now.
    retired: list[RetiredPage] = field(default_factory=list)


@dataclass(frozen=True)
class RetiredPage:
    """A page once published and no longer built: its site path, the page
    that holds what it listed now, why, and since when."""

    path: str
    now: str
    why: str
    since: str
    file: str = ""  # the file that records it, and the line of its entry
    line: int = 0


# A site path of a page: lower-case ASCII names, "/" between folders, ".html".
_SITE_PAGE = re.compile(r"(?:[a-z0-9][a-z0-9._-]*/)*[a-z0-9][a-z0-9._-]*\.html")
_RETIRED_FIELDS = {"path", "now", "why", "since"}


def load_retired(path: Path) -> list[RetiredPage]:
    """The retired pages recorded in ``path`` (``[[page]]`` tables); none
    when the file does not exist. A malformed entry stops the build."""
    if not path.exists():
        return []
    data = _load_toml(path)
    lines = [i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if text.strip() == "[[page]]"]
    unknown = set(data) - {"page"}
    if unknown:
        raise BuildError(f"unknown table(s) {sorted(unknown)}: retired pages are [[page]] entries", str(path))
    pages: list[RetiredPage] = []
    for n, entry in enumerate(data.get("page", [])):
        line = lines[n] if n < len(lines) else 0
        if set(entry) != _RETIRED_FIELDS:
            raise BuildError(f"a retired page needs exactly the fields {sorted(_RETIRED_FIELDS)}, "
                             f"not {sorted(entry)}", str(path), line)
        for key in ("path", "now"):
            if not isinstance(entry[key], str) or not _SITE_PAGE.fullmatch(entry[key]):
                raise BuildError(f"{key} {entry[key]!r} is not a site path of a page (such as resolutions/cop-7.html)",
                                 str(path), line)
        if not isinstance(entry["why"], str) or not entry["why"].strip():
            raise BuildError("why must say, in the site's language, why the page's content moved", str(path), line)
        if not isinstance(entry["since"], str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["since"]):
            raise BuildError(f"since {entry['since']!r} is not a date (YYYY-MM-DD)", str(path), line)
        if entry["path"] in {p.path for p in pages}:
            raise BuildError(f"{entry['path']} is retired twice", str(path), line)
        pages.append(RetiredPage(entry["path"], entry["now"], entry["why"].strip(), entry["since"], str(path), line))
    return pages


def _load_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError("missing configuration file", str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        raise BuildError(f"invalid TOML: {exc}", str(path), line) from None


def load_settings(config_dir: Path) -> Settings:
    site = _load_toml(config_dir / "site.toml")
    catalogue_path = config_dir / "catalogue.toml"
    catalogue = _load_toml(catalogue_path) if catalogue_path.exists() else {}
    for name, entry in catalogue.items():
        unknown = set(entry) - _FIELDS
        if unknown:
            raise BuildError(f"catalogue entry {name!r}: unknown field(s) {sorted(unknown)}", str(catalogue_path))
        if "slug" in entry and not SAFE_SLUG.match(entry["slug"]):
            raise BuildError(f"catalogue entry {name!r}: slug must be lower-case ASCII letters, digits and hyphens",
                             str(catalogue_path))
    bundle = site.get("bundle_name", "site")
    if not SAFE_SLUG.match(bundle):
        raise BuildError("bundle_name must be lower-case ASCII letters, digits and hyphens", str(config_dir / "site.toml"))
    return Settings(site.get("site_name", "Documents"), bundle, catalogue,
                    _site_url(site.get("site_url", ""), config_dir / "site.toml"),
                    load_retired(config_dir / "retired.toml"))


def _site_url(value: object, path: Path) -> str:
    """The hosted site's address, ending in ``/``; empty when not set.

    Anything else than an absolute http(s) address of a host (no query, no
    fragment, no white space) stops the build: a wrong address would be
    copied into every citation."""
    if value == "":
        return ""
    line = _key_line(path, "site_url")
    if not isinstance(value, str):
        raise BuildError("site_url must be a string: the site's absolute http(s) address", str(path), line)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or "?" in value or "#" in value or re.search(r"\s", value):
        raise BuildError(f"site_url {value!r} is not an absolute http(s) address with no query or fragment "
                         "(the site root's public address, such as https://<host>/<path>/)", str(path), line)
    if _placeholder(parts.hostname):
        raise BuildError(f"site_url {value!r} is a reserved placeholder name (RFC 2606), not an address readers "
                         "can open: set the site's public address, or leave site_url out", str(path), line)
    return value if value.endswith("/") else value + "/"


# Names reserved so that they never reach a real host (RFC 2606, RFC 6761):
# an address under them in a citation is a placeholder, not the site's.
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
_RESERVED_TLDS = ("example", "invalid", "test", "localhost")


def _placeholder(host: str) -> bool:
    host = host.rstrip(".").lower()
    return host.rsplit(".", 1)[-1] in _RESERVED_TLDS or any(
        host == domain or host.endswith("." + domain) for domain in _RESERVED_DOMAINS)


def _key_line(path: Path, key: str) -> int:
    """The line of ``path`` that sets ``key`` (0 when not found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    return next((i for i, text in enumerate(lines, 1) if pattern.match(text)), 0)
