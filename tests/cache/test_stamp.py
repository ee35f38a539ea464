"""A build whose inputs did not change is skipped; any change rebuilds."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.cache.stamp import input_digest, up_to_date, write_stamp
from generator.catalogue import load_settings
from generator.publishing.build import BuildOptions, _stamp, build
from tests.helpers import CONFIG, SOURCE


def test_digest_covers_file_names_bytes_and_settings(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("一", encoding="utf-8")
    first = input_digest([folder], {"epoch": "1"})
    assert input_digest([folder], {"epoch": "1"}) == first
    assert input_digest([folder], {"epoch": "2"}) != first
    (folder / "a.txt").write_text("二", encoding="utf-8")
    assert input_digest([folder], {"epoch": "1"}) != first
    (folder / "a.txt").rename(folder / "b.txt")
    changed = input_digest([folder], {"epoch": "1"})
    (folder / "b.txt").rename(folder / "a.txt")
    assert changed != input_digest([folder], {"epoch": "1"})


def test_stamp_requires_the_same_outputs(tmp_path):
    output = tmp_path / "site.json"
    output.write_text("{}", encoding="utf-8")
    stamp = tmp_path / "stamp.json"
    write_stamp(stamp, "abc", [output])
    assert up_to_date(stamp, "abc", [output])
    assert not up_to_date(stamp, "abd", [output])
    output.write_text('{"changed": 1}', encoding="utf-8")
    assert not up_to_date(stamp, "abc", [output])
    output.unlink()
    assert not up_to_date(stamp, "abc", [output])


@pytest.mark.site
def test_second_build_with_no_change_is_skipped_and_a_change_is_seen(tmp_path):
    config = tmp_path / "site_config"
    shutil.copytree(CONFIG, config)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    options = BuildOptions(source=SOURCE, config=config, site_dir=tmp_path / "site", bundle=tmp_path / "dist",
                           cache_dir=tmp_path / "cache")
    first = build(options)
    assert not first.up_to_date and first.documents
    index_time = (tmp_path / "site" / "index.html").stat().st_mtime_ns

    again = build(options)
    assert again.up_to_date and again.bundle_path == first.bundle_path
    assert (tmp_path / "site" / "index.html").stat().st_mtime_ns == index_time, "a skipped build writes nothing"

    # A change to any input (here the catalogue) makes the stamp stale.
    with open(config / "catalogue.toml", "a", encoding="utf-8") as catalogue:
        catalogue.write("\n# a new comment\n")
    stamp_file, digest, outputs = _stamp(options, options.bundle_target(load_settings(config).bundle_name))
    assert not up_to_date(stamp_file, digest, outputs)
