"""The offline bundle: the zip zipfile itself would write, compressing only new content."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from generator import site
from generator.site import write_bundle, zip_time


def make_site(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def zipfile_reference(site_dir: Path, out: Path, folder: str) -> bytes:
    """The same zip written the plain way: zipfile compressing each entry."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=zip_time())
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return out.read_bytes()


FILES = {
    "index.html": "<p>联合国打击跨国有组织犯罪公约</p>".encode() * 50,
    "documents/a.html": b"<p>a</p>" * 1000,
    "documents/b.html": b"",
    "search/search_index.json": b'{"docs":[]}',
    "assets/x.js": bytes(range(256)) * 10,
}


def test_bundle_is_the_zip_zipfile_writes(tmp_path) -> None:
    site_dir = make_site(tmp_path / "site", FILES)
    write_bundle(site_dir, tmp_path / "ours.zip", "bundle")
    assert (tmp_path / "ours.zip").read_bytes() == zipfile_reference(site_dir, tmp_path / "ref.zip", "bundle")
    with zipfile.ZipFile(tmp_path / "ours.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("bundle/documents/a.html") == FILES["documents/a.html"]


def test_rebuild_compresses_only_new_content(tmp_path, monkeypatch) -> None:
    site_dir = make_site(tmp_path / "site", FILES)
    cache = tmp_path / "cache" / "deflated.pickle"
    write_bundle(site_dir, tmp_path / "first.zip", "bundle", cache)

    compressed: list[bytes] = []
    deflate = site._deflate
    monkeypatch.setattr(site, "_deflate", lambda data: compressed.append(data) or deflate(data))
    (site_dir / "documents" / "a.html").write_bytes(b"<p>changed</p>")
    write_bundle(site_dir, tmp_path / "second.zip", "bundle", cache)
    assert compressed == [b"<p>changed</p>"]
    assert (tmp_path / "second.zip").read_bytes() == zipfile_reference(site_dir, tmp_path / "ref.zip", "bundle")


def test_damaged_cache_is_ignored(tmp_path) -> None:
    site_dir = make_site(tmp_path / "site", FILES)
    cache = tmp_path / "deflated.pickle"
    cache.write_bytes(b"not a pickle")
    write_bundle(site_dir, tmp_path / "ours.zip", "bundle", cache)
    assert (tmp_path / "ours.zip").read_bytes() == zipfile_reference(site_dir, tmp_path / "ref.zip", "bundle")
