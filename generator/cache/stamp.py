"""Skip a build whose inputs have not changed since the last good one.

The stamp is a digest of everything a build reads: the source texts, the
configuration (anchor lock included), the templates, the generator's own
code and assets, mkdocs.yml, the vendored shim, the versions of the site
dependencies and the options that shape the output. It is written after a
successful build together with fingerprints of the outputs, so that a site
or bundle changed or removed by hand is rebuilt too.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


def _files(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def input_digest(inputs: list[Path], settings: dict[str, str]) -> str:
    """SHA-256 over the named files and folders (names and bytes) and settings."""
    digest = hashlib.sha256()
    for item in inputs:
        for path in _files(item) if item.is_dir() else [item]:
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes() if path.exists() else b"<missing>")
            digest.update(b"\0")
    versions = {name: package_version(name) for name in PACKAGES}
    digest.update(json.dumps([settings, versions], sort_keys=True).encode())
    return digest.hexdigest()


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def fingerprint(path: Path) -> list[float | int] | None:
    """Size and modification time of an output, or None when it is missing."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def read_stamp(stamp_file: Path) -> dict:
    try:
        return json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def up_to_date(stamp_file: Path, digest: str, outputs: list[Path]) -> bool:
    stamp = read_stamp(stamp_file)
    current = [fingerprint(p) for p in outputs]
    return stamp.get("digest") == digest and stamp.get("outputs") == current and None not in current


def write_stamp(stamp_file: Path, digest: str, outputs: list[Path], shell: str = "", bundle: str = "") -> None:
    """Record a good build: its inputs, its outputs, the digest of what
    all its pages share (``shell``), which decides if the next build may
    render only the pages that changed, and how its bundle was compressed
    (``bundle``), which decides if the next may take entries from it."""
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    stamp_file.write_text(json.dumps({"digest": digest, "outputs": [fingerprint(p) for p in outputs],
                                      "shell": shell, "bundle": bundle}), encoding="utf-8")
