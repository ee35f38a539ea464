"""What the build holds in memory: the models go once every page is
rendered, before the pages are converted and MkDocs builds the site."""

from __future__ import annotations

import weakref
from contextlib import contextmanager

import pytest

from generator.publishing import build as build_module
from generator.publishing.build import BuildOptions, build
from generator.publishing.phases import watching
from tests.helpers import CONFIG, SOURCE

# Every test here builds a site.
pytestmark = pytest.mark.site


def test_the_models_are_let_go_before_the_pages_are_converted(tmp_path, monkeypatch) -> None:
    models: list[weakref.ref] = []
    alive_at_conversion: list[int] = []
    read_source = build_module.read_source

    def reading(source):  # each document as it is read (in this process: five are read here)
        read = read_source(source)
        models.extend(weakref.ref(node) for node in [read.doc, *read.doc.walk()])
        return read

    @contextmanager
    def watch(name: str):
        if name == "convert":
            alive_at_conversion.append(sum(ref() is not None for ref in models))
        yield

    monkeypatch.setattr(build_module, "read_source", reading)
    with watching(watch):
        result = build(BuildOptions(source=SOURCE, config=CONFIG, site_dir=tmp_path / "site",
                                    cache_dir=tmp_path / "cache"))
    assert len(result.documents) == 5
    assert len(models) > 100  # the documents and their blocks were seen alive while read
    assert alive_at_conversion == [0]
    assert (tmp_path / "site" / "documents" / "cop11-report.html").is_file()
