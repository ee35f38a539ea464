"""The offline bundle: the zip zipfile itself would write, compressing only new content."""

from __future__ import annotations

import itertools
import stat
import zipfile
from pathlib import Path

from generator.cache.store import Store
from generator.publishing import site
from generator.publishing.site import write_bundle, zip_time


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
    cache = Store(tmp_path / "cache")
    write_bundle(site_dir, tmp_path / "first.zip", "bundle", cache)

    compressed: list[bytes] = []
    deflate = site._deflate
    monkeypatch.setattr(site, "_deflate", lambda data: compressed.append(data) or deflate(data))
    (site_dir / "documents" / "a.html").write_bytes(b"<p>changed</p>")
    write_bundle(site_dir, tmp_path / "second.zip", "bundle", cache)
    assert compressed == [b"<p>changed</p>"]
    assert (tmp_path / "second.zip").read_bytes() == zipfile_reference(site_dir, tmp_path / "ref.zip", "bundle")


def test_kept_bytes_of_another_level_or_zlib_are_not_reused(tmp_path, monkeypatch) -> None:
    """A rebuild equals a build from scratch after the compression changes."""
    site_dir = make_site(tmp_path / "site", FILES)
    cache = Store(tmp_path / "cache")
    write_bundle(site_dir, tmp_path / "level6.zip", "bundle", cache)
    monkeypatch.setattr(site, "ZIP_LEVEL", 1)
    write_bundle(site_dir, tmp_path / "kept.zip", "bundle", cache)
    write_bundle(site_dir, tmp_path / "fresh.zip", "bundle")
    assert (tmp_path / "kept.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()
    assert (tmp_path / "kept.zip").read_bytes() != (tmp_path / "level6.zip").read_bytes()
    monkeypatch.setattr(site.zlib, "ZLIB_RUNTIME_VERSION", "0.0-other")
    compressed: list[bytes] = []
    deflate = site._deflate
    monkeypatch.setattr(site, "_deflate", lambda data: compressed.append(data) or deflate(data))
    write_bundle(site_dir, tmp_path / "other.zip", "bundle", cache)
    assert len(compressed) == len(FILES)  # nothing kept from the other zlib is taken


def test_damaged_cache_is_ignored(tmp_path) -> None:
    site_dir = make_site(tmp_path / "site", FILES)
    write_bundle(site_dir, tmp_path / "first.zip", "bundle", Store(tmp_path / "cache"))
    kept = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert len(kept) == len(FILES)
    for path in kept:
        path.write_bytes(path.read_bytes()[:7])  # cut short, as by a full disk
    write_bundle(site_dir, tmp_path / "ours.zip", "bundle", Store(tmp_path / "cache"))
    assert (tmp_path / "ours.zip").read_bytes() == zipfile_reference(site_dir, tmp_path / "ref.zip", "bundle")


def test_large_entry_compressed_in_pieces_reads_back_whole(tmp_path, monkeypatch) -> None:
    """An entry above DEFLATE_PIECE is deflated in pieces on several cores:
    still one valid deflate stream, the same bytes every time."""
    monkeypatch.setattr(site, "DEFLATE_PIECE", 1000)
    monkeypatch.setattr(site, "WINDOW", 300)
    large = "".join(f"第 {i} 段：联合国打击跨国有组织犯罪公约 {i * i % 97}\n" for i in range(800)).encode()
    assert len(large) > 10 * 1000
    site_dir = make_site(tmp_path / "site", {**FILES, "search/search_index.js": large})
    write_bundle(site_dir, tmp_path / "one.zip", "bundle")
    write_bundle(site_dir, tmp_path / "two.zip", "bundle", Store(tmp_path / "store"))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("bundle/search/search_index.js") == large
        info = archive.getinfo("bundle/search/search_index.js")
        assert info.compress_size < len(large) / 3  # and it is still compressed


def test_edit_in_a_large_entry_compresses_only_the_pieces_around_it(tmp_path, monkeypatch) -> None:
    """Pieces end where the content says, not at fixed offsets: an edit that
    changes the length of a large entry leaves the later pieces as they
    were, and the rebuild compresses again only the piece it falls in (and
    the next, whose window may reach back into it)."""
    monkeypatch.setattr(site, "DEFLATE_PIECE", 2000)
    monkeypatch.setattr(site, "WINDOW", 300)
    monkeypatch.setattr(site, "PIECE_ODDS", 8)
    lines = [f"第 {i} 段：联合国打击跨国有组织犯罪公约 {i * i % 97}\n" for i in range(1500)]
    large = "".join(lines).encode()
    site_dir = make_site(tmp_path / "site", {**FILES, "search/search_index.js": large})
    cache = Store(tmp_path / "cache")
    write_bundle(site_dir, tmp_path / "one.zip", "bundle", cache)
    before = site.piece_starts(large)
    assert len(before) > 20
    assert len({b - a for a, b in itertools.pairwise(before)}) > 1  # not fixed offsets

    lines[700] = "第 700 段：经修订，多了几个字。\n"
    edited = "".join(lines).encode()
    (site_dir / "search" / "search_index.js").write_bytes(edited)
    compressed: list[bytes] = []
    piece = site._deflate_piece
    monkeypatch.setattr(site, "_deflate_piece", lambda job: compressed.append(job[1]) or piece(job))
    write_bundle(site_dir, tmp_path / "two.zip", "bundle", cache)
    assert 1 <= len(compressed) <= 2
    after = site.piece_starts(edited)
    shift = len(edited) - len(large)
    assert [b + shift for b in before if b > edited.index("经修订".encode()) + 2000] == \
        [a for a in after if a > edited.index("经修订".encode()) + 2000]
    with zipfile.ZipFile(tmp_path / "two.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("bundle/search/search_index.js") == edited
    write_bundle(site_dir, tmp_path / "three.zip", "bundle")  # nothing kept: the same bytes
    assert (tmp_path / "three.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
