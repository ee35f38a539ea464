"""The offline bundle: the zip zipfile itself would write, compressed on every core."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

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
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=site.ZIP_LEVEL) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site_dir).as_posix()}", date_time=zip_time())
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = site.ZIP_LEVEL  # a ZipInfo given to writestr keeps its own level
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


def test_another_level_gives_what_zipfile_gives_at_that_level(tmp_path, monkeypatch) -> None:
    """Nothing compressed by an earlier build is reused: after the level
    changes, the zip is the one zipfile writes at the new level."""
    site_dir = make_site(tmp_path / "site", FILES)
    monkeypatch.setattr(site, "ZIP_LEVEL", 6)
    write_bundle(site_dir, tmp_path / "level6.zip", "bundle")
    monkeypatch.setattr(site, "ZIP_LEVEL", 1)
    write_bundle(site_dir, tmp_path / "level1.zip", "bundle")
    assert (tmp_path / "level1.zip").read_bytes() != (tmp_path / "level6.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "level1.zip") as archive:
        assert archive.testzip() is None
        assert all(archive.read(f"bundle/{name}") == data for name, data in FILES.items())
    reference = tmp_path / "ref1.zip"
    with zipfile.ZipFile(reference, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name in sorted(FILES):
            info = zipfile.ZipInfo(f"bundle/{name}", date_time=zip_time())
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = 1
            archive.writestr(info, FILES[name])
    assert (tmp_path / "level1.zip").read_bytes() == reference.read_bytes()


def test_large_entry_compressed_in_pieces_reads_back_whole(tmp_path, monkeypatch) -> None:
    """An entry above DEFLATE_PIECE is deflated in pieces on several cores:
    still one valid deflate stream, the same bytes every time."""
    monkeypatch.setattr(site, "DEFLATE_PIECE", 1000)
    monkeypatch.setattr(site, "WINDOW", 300)
    large = "".join(f"第 {i} 段：联合国打击跨国有组织犯罪公约 {i * i % 97}\n" for i in range(800)).encode()
    assert len(large) > 10 * 1000
    site_dir = make_site(tmp_path / "site", {**FILES, "search/search_index.js": large})
    write_bundle(site_dir, tmp_path / "one.zip", "bundle")
    write_bundle(site_dir, tmp_path / "two.zip", "bundle")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("bundle/search/search_index.js") == large
        info = archive.getinfo("bundle/search/search_index.js")
        assert info.compress_size < len(large) / 3  # and it is still compressed


def test_bundle_packed_a_few_bytes_at_a_time_is_still_the_zip_zipfile_writes(tmp_path, monkeypatch) -> None:
    """The site is read and compressed in batches of about BUNDLE_BATCH
    bytes (memory): with batches smaller than most files, and one file
    larger than a batch, every entry is in the zip, in order, the same
    bytes as zipfile's own."""
    monkeypatch.setattr(site, "BUNDLE_BATCH", 700)
    many = {f"documents/p{k:03d}.html": f"<p>第 {k} 段</p>".encode() * (k % 40) for k in range(120)}
    site_dir = make_site(tmp_path / "site", {**FILES, **many})
    write_bundle(site_dir, tmp_path / "ours.zip", "bundle")
    assert (tmp_path / "ours.zip").read_bytes() == zipfile_reference(site_dir, tmp_path / "ref.zip", "bundle")


def test_entries_of_unchanged_files_are_copied_from_the_last_zip_and_the_zip_is_the_same(tmp_path, monkeypatch) -> None:
    """A rebuild's zip copies, compressed as they are, the entries of the
    files that are the same bytes in the last site; it compresses the
    others; it is the zip zipfile writes all the same."""
    old_site = make_site(tmp_path / "old", FILES)
    write_bundle(old_site, tmp_path / "old.zip", "bundle")
    changed = {**FILES, "documents/a.html": b"<p>b</p>" * 999, "documents/new.html": b"<p>new</p>"}
    new_site = make_site(tmp_path / "new", changed)
    compressed: list[bytes] = []
    real = site._deflate_piece
    monkeypatch.setattr(site, "_deflate_piece", lambda job: compressed.append(job[1]) or real(job))
    write_bundle(new_site, tmp_path / "new.zip", "bundle", last=(old_site, tmp_path / "old.zip"))
    assert (tmp_path / "new.zip").read_bytes() == zipfile_reference(new_site, tmp_path / "ref.zip", "bundle")
    assert sorted(compressed) == sorted([changed["documents/a.html"], changed["documents/new.html"]])


@pytest.mark.site
def test_a_rebuild_after_one_change_packs_the_zip_a_build_from_scratch_packs(tmp_path) -> None:
    import os
    import shutil

    from generator.publishing.build import BuildOptions, build
    from tests.helpers import CONFIG, SOURCE

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    shutil.copytree(SOURCE, tmp_path / "source")
    shutil.copytree(CONFIG, tmp_path / "config")

    def build_into(name: str):
        return build(BuildOptions(source=tmp_path / "source", config=tmp_path / "config",
                                  site_dir=tmp_path / name / "site", bundle=tmp_path / name / "dist",
                                  cache_dir=tmp_path / name / "cache", accept_anchor_changes=True))

    build_into("again")
    page = tmp_path / "source" / "ctoc-cop-2022-5.txt"
    page.write_bytes(page.read_bytes() + b"\n")  # other bytes: its page and the manifest change
    copied: list[bool] = []
    real = site._LastBundle.raw

    def counted(self, rel: str, data: bytes) -> bytes | None:
        raw = real(self, rel, data)
        copied.append(raw is not None)
        return raw

    site._LastBundle.raw = counted
    try:
        rebuilt = build_into("again")
    finally:
        site._LastBundle.raw = real
    fresh = build_into("fresh")
    assert rebuilt.bundle_path.read_bytes() == fresh.bundle_path.read_bytes()
    assert sum(copied) > len(copied) / 2  # most entries were copied from the last zip
