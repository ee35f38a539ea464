"""The catalogue under ``site_config/``: what texts do not say about themselves."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

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
    site_url: str = ""


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
                    _site_url(site.get("site_url", ""), config_dir / "site.toml"))


def _site_url(value: object, path: Path) -> str:
    """The hosted site's address, ending in ``/``; empty when not set."""
    if value == "":
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
        raise BuildError("site_url must be an http(s) address with no query or fragment", str(path))
    return value if value.endswith("/") else value + "/"
